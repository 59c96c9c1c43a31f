// Value representations the kernel's specs use that the core's spec model has no built-in for: integers in
// byte orders and widths it lacks, bitfield32, signed variable-width integers, fixed-size byte strings, and
// nest-type-value nests.
import { AttributeWriter, EncodeError, parseAttributes, spec } from '../../core';

const INVALID: typeof spec.INVALID = spec.INVALID;

/** An integer of `size` bytes in either byte order, as a number (up to 32 bits) or a bigint (64). */
export function integerCodec(size: 1 | 2 | 4 | 8, signed: boolean, bigEndian: boolean): spec.Codec<number | bigint> {
  const name = `${signed ? 's' : 'u'}${size * 8}${bigEndian ? 'be' : ''}`;
  return {
    kind: 'codec',
    name,
    size,
    decode(buf, start, end) {
      if (end - start !== size) return INVALID;
      if (size === 8) {
        if (signed) return bigEndian ? buf.readBigInt64BE(start) : buf.readBigInt64LE(start);
        return bigEndian ? buf.readBigUInt64BE(start) : buf.readBigUInt64LE(start);
      }
      if (signed) return bigEndian ? buf.readIntBE(start, size) : buf.readIntLE(start, size);
      return bigEndian ? buf.readUIntBE(start, size) : buf.readUIntLE(start, size);
    },
    encode(value) {
      const out = Buffer.alloc(size);
      try {
        if (size === 8) {
          const v = BigInt(value as bigint | number);
          if (signed) bigEndian ? out.writeBigInt64BE(v) : out.writeBigInt64LE(v);
          else bigEndian ? out.writeBigUInt64BE(v) : out.writeBigUInt64LE(v);
        } else {
          if (typeof value !== 'number') throw new RangeError('expected a number');
          if (signed) bigEndian ? out.writeIntBE(value, 0, size) : out.writeIntLE(value, 0, size);
          else bigEndian ? out.writeUIntBE(value, 0, size) : out.writeUIntLE(value, 0, size);
        }
      } catch (err) {
        throw new EncodeError(`${name}: ${String(value)} does not fit (${(err as Error).message})`);
      }
      return out;
    },
  };
}

/** A signed integer of 4 or 8 bytes (the kernel's `sint`: as short as the value allows). */
export const signedInteger: spec.Codec<number | bigint> = {
  kind: 'codec',
  name: 'signed integer',
  decode(buf, start, end) {
    if (end - start === 4) return buf.readInt32LE(start);
    if (end - start === 8) return buf.readBigInt64LE(start);
    return INVALID;
  },
  encode(value) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) {
      const out = Buffer.alloc(4);
      out.writeInt32LE(value);
      return out;
    }
    return integerCodec(8, true, false).encode(value);
  },
};

/** struct nla_bitfield32: the bits to set (`value`) and which bits the request changes (`selector`). */
export interface Bitfield32 {
  /** The bits' new values (only those in `selector` count). */
  value: number;
  /** Which bits the message sets: the others keep their value in the kernel. */
  selector: number;
}

/** The kernel's bitfield32 attribute type. */
export const bitfield32: spec.Codec<Bitfield32> = {
  kind: 'codec',
  name: 'bitfield32',
  size: 8,
  decode(buf, start, end) {
    if (end - start !== 8) return INVALID;
    return { value: buf.readUInt32LE(start), selector: buf.readUInt32LE(start + 4) };
  },
  encode(v) {
    if (typeof v !== 'object' || v === null || !Number.isInteger(v.value) || !Number.isInteger(v.selector)) {
      throw new EncodeError('bitfield32: expected { value, selector } (32-bit integers)');
    }
    const out = Buffer.alloc(8);
    out.writeUInt32LE(v.value >>> 0);
    out.writeUInt32LE(v.selector >>> 0, 4);
    return out;
  },
};

/** A struct member of `size` raw bytes. */
export function fixedBytes(size: number): spec.Codec<Buffer> {
  return {
    kind: 'codec',
    name: `${size} bytes`,
    size,
    decode(buf, start, end) {
      return end - start === size ? Buffer.from(buf.subarray(start, end)) : INVALID;
    },
    encode(value) {
      if (!(value instanceof Uint8Array) || value.length !== size) throw new EncodeError(`expected ${size} bytes`);
      return value;
    },
  };
}

/**
 * A struct member holding a string in `size` bytes (TASKSTATS' ac_comm): decoded up to its first NUL, encoded
 * NUL-padded; a string that does not fit with its NUL is refused, never cut.
 */
export function fixedString(size: number): spec.Codec<string> {
  return {
    kind: 'codec',
    name: `string of ${size} bytes`,
    size,
    decode(buf, start, end) {
      if (end - start !== size) return INVALID;
      const nul = buf.indexOf(0, start);
      return buf.toString('utf8', start, nul === -1 || nul > end ? end : nul);
    },
    encode(value) {
      if (typeof value !== 'string') throw new EncodeError(`expected a string of at most ${size - 1} bytes`);
      const out = Buffer.alloc(size);
      if (Buffer.byteLength(value) >= size) throw new EncodeError(`'${value}' does not fit in ${size} bytes with its NUL`);
      out.write(value);
      return out;
    },
  };
}

/** A codec with a fixed size (for codecs used as struct members). */
export function sized<T>(codec: spec.Codec<T>, size: number): spec.Codec<T> {
  return { ...codec, size };
}

/**
 * nest-type-value: nests whose attribute types are values (a policy id, then an attribute id, ...), the last
 * level holding `inner`'s attributes. Decoded as objects keyed by those numbers.
 */
export function typeValueNest(levels: number, inner: () => spec.AttributeSet<spec.FieldDefs>): spec.Codec<Record<number, unknown>> {
  const decodeLevel = (buf: Buffer, start: number, end: number, level: number): Record<number, unknown> => {
    const out: Record<number, unknown> = {};
    for (const a of parseAttributes(buf, start, end).attributes) {
      out[a.type] =
        level + 1 < levels ? decodeLevel(a.value, 0, a.value.length, level + 1) : spec.decodeAttributes(inner(), a.value);
    }
    return out;
  };
  const encodeLevel = (w: AttributeWriter, value: Record<number, unknown>, level: number): void => {
    for (const key of Object.keys(value)) {
      const v = value[Number(key)] as Record<number, unknown>;
      if (level + 1 < levels) w.nested(Number(key), (n) => encodeLevel(n, v, level + 1));
      else w.nested(Number(key), (n) => n.bytes(spec.encodeAttributes(inner(), v)));
    }
  };
  return {
    kind: 'codec',
    name: 'nest-type-value',
    decode(buf, start, end) {
      return decodeLevel(buf, start, end, 0);
    },
    encode(value) {
      if (typeof value !== 'object' || value === null) throw new EncodeError('nest-type-value: expected an object');
      const w = new AttributeWriter();
      encodeLevel(w, value, 0);
      return w.toBuffer();
    },
  };
}

/** A 64-bit flag set (netdev's xdp-features): the names of the set bits, unnamed bits as bigint masks. */
export function flags64(name: string, names: Record<string, number>): spec.Codec<Array<string | bigint>> {
  const bits: Array<[bigint, string]> = Object.entries(names).map(([n, v]) => [BigInt(v), n]);
  const byName = new Map(bits.map(([v, n]) => [n, v]));
  return {
    kind: 'codec',
    name,
    size: 8,
    decode(buf, start, end) {
      if (end - start !== 8) return INVALID;
      let v = buf.readBigUInt64LE(start);
      const out: Array<string | bigint> = [];
      for (let bit = 0n; v !== 0n && bit < 64n; bit++) {
        const mask = 1n << bit;
        if ((v & mask) === 0n) continue;
        v &= ~mask;
        out.push(bits.find(([b]) => b === mask)?.[1] ?? mask);
      }
      return out;
    },
    encode(value) {
      if (!Array.isArray(value)) throw new EncodeError(`${name}: expected an array of flag names`);
      let v = 0n;
      for (const f of value) {
        const bit = typeof f === 'bigint' ? f : typeof f === 'number' ? BigInt(f) : byName.get(f);
        if (bit === undefined) throw new EncodeError(`${name}: unknown flag '${String(f)}' (known: ${[...byName.keys()].join(', ')})`);
        v |= bit;
      }
      const out = Buffer.alloc(8);
      out.writeBigUInt64LE(v);
      return out;
    },
  };
}

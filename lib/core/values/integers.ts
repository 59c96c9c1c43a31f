// Integer codecs: the read and range-checked write of one integer type, packed arrays of them, and NLA_UINT.
import { EncodeError } from '../errors';
import { Kind, SCALAR_KIND, SCALAR_SIZE } from '../spec/compile';
import { scalarBytes } from '../spec/encoder';
import { Codec, IntegerType, INVALID } from '../spec/types';

/** The integer of `type` at buf[at] (the caller has checked the bytes are there). */
export function readInteger(type: IntegerType, buf: Buffer, at: number): number {
  switch (type) {
    case 'u8':
      return buf[at];
    case 'u16':
      return buf.readUInt16LE(at);
    case 'u32':
      return buf.readUInt32LE(at);
    case 's8':
      return buf.readInt8(at);
    case 's16':
      return buf.readInt16LE(at);
    case 's32':
      return buf.readInt32LE(at);
    case 'u16be':
      return buf.readUInt16BE(at);
    case 'u32be':
      return buf.readUInt32BE(at);
  }
}

/** The bytes of an integer of `type`, range-checked (EncodeError naming `what`). */
export function integerBytes(type: IntegerType, value: number, what: string): Buffer {
  return scalarBytes(SCALAR_KIND[type], value, what);
}

/** A codec of an array of integers of `type`, packed back to back (an attribute holding a u32 array, say). */
export function integerArray(type: IntegerType): Codec<number[]> {
  const size = SCALAR_SIZE[type]!;
  return {
    kind: 'codec',
    name: `${type} array`,
    decode(buf, start, end) {
      if ((end - start) % size !== 0) return INVALID;
      const out = new Array<number>((end - start) / size);
      for (let i = 0; i < out.length; i++) out[i] = readInteger(type, buf, start + i * size);
      return out;
    },
    encode(value) {
      if (!Array.isArray(value)) throw new EncodeError(`${type} array: expected an array`);
      return Buffer.concat(value.map((v, i) => integerBytes(type, v, `${type} array[${i}]`)));
    },
  };
}

/** A packed array of u64 counters (IFLA_INET6_STATS, IFLA_INET6_ICMP6STATS): decoded as bigint[]. */
export const u64Array: Codec<bigint[]> = {
  kind: 'codec',
  name: 'u64 array',
  decode(buf, start, end) {
    if ((end - start) % 8 !== 0) return INVALID;
    const out = new Array<bigint>((end - start) / 8);
    for (let i = 0; i < out.length; i++) out[i] = buf.readBigUInt64LE(start + i * 8);
    return out;
  },
  encode(value) {
    if (!Array.isArray(value)) throw new EncodeError('u64 array: expected an array');
    return Buffer.concat(value.map((v, i) => scalarBytes(Kind.U64, v, `u64 array[${i}]`)));
  },
};

/** NLA_UINT: a u32 when the value fits, else a u64 (bigint), as the kernel's nla_put_uint chooses. */
export const unsignedInteger: Codec<number | bigint> = {
  kind: 'codec',
  name: 'unsigned integer',
  decode(buf, start, end) {
    if (end - start === 4) return buf.readUInt32LE(start);
    if (end - start === 8) return buf.readBigUInt64LE(start);
    return INVALID;
  },
  encode(value) {
    return typeof value === 'bigint' ? scalarBytes(Kind.U64, value, 'unsigned integer') : scalarBytes(Kind.U32, value, 'unsigned integer');
  },
};

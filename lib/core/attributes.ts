// struct nlattr: a writer that cannot overflow or leave a nest open, and a reader that never throws on wire data.
import { AttributeFlags, NLA_HDRLEN, NLA_MAX_LENGTH, NLA_TYPE_MASK } from './constants';
import { DecodeError, EncodeError } from './errors';
import { align4 } from './header';

/** The largest u64: 2^64 - 1. */
export const U64_MAX = (1n << 64n) - 1n;
/** The smallest s64: -2^63. */
export const S64_MIN = -(1n << 63n);
/** The largest s64: 2^63 - 1. */
export const S64_MAX = (1n << 63n) - 1n;

function checkType(type: number): void {
  if (!Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) {
    throw new EncodeError(`attribute type ${type} is not an integer in 0..${NLA_TYPE_MASK}`);
  }
}

function checkInteger(type: number, value: number, min: number, max: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EncodeError(`attribute ${type}: ${String(value)} is not a ${what} (${min}..${max})`);
  }
}

/**
 * A 64-bit value as a bigint within [min, max] (a number must be a safe integer): the one check of every u64/s64
 * the package writes. `what` names the value in the EncodeError, `type` its type.
 */
export function toBigInt(value: unknown, min: bigint, max: bigint, what: string, type: string): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value);
  else throw new EncodeError(`${what}: ${String(value)} is not a ${type} (use a bigint above 2^53)`);
  if (v < min || v > max) throw new EncodeError(`${what}: ${v} is out of range for a ${type}`);
  return v;
}

/**
 * Builds a run of bytes: fixed structs first (`bytes`, `zeros`), then attributes. Grows as needed; padding is
 * always zeroed. Nesting is scoped by a callback, so a nest can never be left open; a nest whose contents exceed
 * the 65,535-byte attribute bound is refused with an EncodeError instead of wrapping the length.
 */
export class AttributeWriter {
  private buf: Buffer;
  private len = 0;

  // Every byte handed out by reserve() is written before toBuffer() can see it (values, headers, zeroed padding
  // and `zeros`), so the storage need not be zero-filled first.
  /** A writer whose buffer starts at `initialCapacity` bytes (it grows as needed). */
  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** Bytes written so far (padding included). */
  get length(): number {
    return this.len;
  }

  private reserve(n: number): number {
    const at = this.len;
    const need = at + n;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.len = need;
    return at;
  }

  /** Raw bytes, e.g. a family's fixed header struct. Padded to 4 bytes. */
  bytes(data: Uint8Array): this {
    const at = this.reserve(align4(data.length));
    this.buf.set(data, at);
    this.buf.fill(0, at + data.length, at + align4(data.length));
    return this;
  }

  /** n zero bytes (padded to 4), returning their offset so the caller can fill a struct in place. */
  zeros(n: number): number {
    const at = this.reserve(align4(n));
    this.buf.fill(0, at, at + align4(n));
    return at;
  }

  /** The underlying storage, for filling a struct reserved with `zeros`; valid until the next write. */
  get storage(): Buffer {
    return this.buf;
  }

  private header(type: number, flags: number, valueLength: number): number {
    checkType(type);
    const total = NLA_HDRLEN + valueLength;
    if (total > NLA_MAX_LENGTH) {
      throw new EncodeError(`attribute ${type}: ${valueLength} bytes do not fit in an attribute (at most ${NLA_MAX_LENGTH - NLA_HDRLEN})`);
    }
    const at = this.reserve(align4(total));
    this.buf.writeUInt16LE(total, at);
    this.buf.writeUInt16LE(type | flags, at + 2);
    this.buf.fill(0, at + total, at + align4(total));
    return at + NLA_HDRLEN;
  }

  /** An unsigned 8-bit attribute (throws EncodeError outside 0..255). */
  u8(type: number, value: number): this {
    checkInteger(type, value, 0, 0xff, 'u8');
    const at = this.header(type, 0, 1);
    this.buf.writeUInt8(value, at);
    return this;
  }
  /** An unsigned 16-bit attribute, host byte order. */
  u16(type: number, value: number): this {
    checkInteger(type, value, 0, 0xffff, 'u16');
    const at = this.header(type, 0, 2);
    this.buf.writeUInt16LE(value, at);
    return this;
  }
  /** An unsigned 32-bit attribute, host byte order. */
  u32(type: number, value: number): this {
    checkInteger(type, value, 0, 0xffffffff, 'u32');
    const at = this.header(type, 0, 4);
    this.buf.writeUInt32LE(value, at);
    return this;
  }
  /** An unsigned 64-bit attribute, host byte order (a bigint above 2^53). */
  u64(type: number, value: bigint | number): this {
    const v = toBigInt(value, 0n, U64_MAX, `attribute ${type}`, 'u64');
    const at = this.header(type, 0, 8);
    this.buf.writeBigUInt64LE(v, at);
    return this;
  }
  /** A signed 8-bit attribute. */
  s8(type: number, value: number): this {
    checkInteger(type, value, -0x80, 0x7f, 's8');
    const at = this.header(type, 0, 1);
    this.buf.writeInt8(value, at);
    return this;
  }
  /** A signed 16-bit attribute, host byte order. */
  s16(type: number, value: number): this {
    checkInteger(type, value, -0x8000, 0x7fff, 's16');
    const at = this.header(type, 0, 2);
    this.buf.writeInt16LE(value, at);
    return this;
  }
  /** A signed 32-bit attribute, host byte order. */
  s32(type: number, value: number): this {
    checkInteger(type, value, -0x80000000, 0x7fffffff, 's32');
    const at = this.header(type, 0, 4);
    this.buf.writeInt32LE(value, at);
    return this;
  }
  /** A signed 64-bit attribute, host byte order (a bigint beyond ±2^53). */
  s64(type: number, value: bigint | number): this {
    const v = toBigInt(value, S64_MIN, S64_MAX, `attribute ${type}`, 's64');
    const at = this.header(type, 0, 8);
    this.buf.writeBigInt64LE(v, at);
    return this;
  }
  /** A big-endian u16 (ports, VLAN protocols). NLA_F_NET_BYTEORDER is set only when asked: rtnetlink never sets it. */
  u16be(type: number, value: number, markNetByteOrder = false): this {
    checkInteger(type, value, 0, 0xffff, 'u16');
    const at = this.header(type, markNetByteOrder ? AttributeFlags.NetByteOrder : 0, 2);
    this.buf.writeUInt16BE(value, at);
    return this;
  }
  /** A big-endian u32 (IPv4 addresses as numbers, ...). NLA_F_NET_BYTEORDER is set only when asked. */
  u32be(type: number, value: number, markNetByteOrder = false): this {
    checkInteger(type, value, 0, 0xffffffff, 'u32');
    const at = this.header(type, markNetByteOrder ? AttributeFlags.NetByteOrder : 0, 4);
    this.buf.writeUInt32BE(value, at);
    return this;
  }
  /** A NUL-terminated string (NLA_NUL_STRING / most NLA_STRING attributes). */
  string(type: number, value: string): this {
    if (typeof value !== 'string') throw new EncodeError(`attribute ${type}: expected a string, got ${typeof value}`);
    const n = Buffer.byteLength(value);
    const at = this.header(type, 0, n + 1);
    this.buf.write(value, at);
    this.buf[at + n] = 0;
    return this;
  }
  /** A string without its terminating NUL. */
  stringNoNul(type: number, value: string): this {
    if (typeof value !== 'string') throw new EncodeError(`attribute ${type}: expected a string, got ${typeof value}`);
    const at = this.header(type, 0, Buffer.byteLength(value));
    this.buf.write(value, at);
    return this;
  }
  /** The bytes of `value` as they are (NLA_BINARY, structs, addresses). */
  binary(type: number, value: Uint8Array): this {
    if (!(value instanceof Uint8Array)) throw new EncodeError(`attribute ${type}: expected a Buffer or Uint8Array`);
    const at = this.header(type, 0, value.length);
    this.buf.set(value, at);
    return this;
  }
  /** A zero-length attribute whose presence is the value (NLA_FLAG). */
  flag(type: number): this {
    this.header(type, 0, 0);
    return this;
  }
  /** A raw attribute exactly as received (type bits included), so unknown attributes round-trip. */
  raw(typeWithFlags: number, value: Uint8Array): this {
    const at = this.header(typeWithFlags & NLA_TYPE_MASK, typeWithFlags & ~NLA_TYPE_MASK & 0xffff, value.length);
    this.buf.set(value, at);
    return this;
  }

  /** A nested attribute; `fill` writes its members. NLA_F_NESTED is set unless `markNested` is false. */
  nested(type: number, fill: (w: this) => void, markNested = true): this {
    checkType(type);
    const at = this.reserve(NLA_HDRLEN);
    try {
      fill(this);
    } catch (err) {
      this.len = at; // cancel the nest: nothing half-written stays behind
      throw err;
    }
    const total = this.len - at;
    if (total > NLA_MAX_LENGTH) {
      this.len = at; // cancel the nest: nothing half-written stays behind
      throw new EncodeError(`nested attribute ${type}: ${total} bytes exceed the ${NLA_MAX_LENGTH}-byte attribute bound`);
    }
    this.buf.writeUInt16LE(total, at);
    this.buf.writeUInt16LE(type | (markNested ? AttributeFlags.Nested : 0), at + 2);
    return this;
  }

  /** A copy of the bytes written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

/** One attribute as found on the wire. `value` is a view (no copy) of its payload. */
export interface Attribute {
  /** nla_type without the NESTED / NET_BYTEORDER bits. */
  type: number;
  /** NLA_F_NESTED was set: the value holds attributes. */
  nested: boolean;
  /** NLA_F_NET_BYTEORDER was set: the value is big-endian. */
  netByteOrder: boolean;
  /** Offset of the attribute's header in the buffer it was parsed from. */
  offset: number;
  /** The payload (a view of the parsed buffer, without padding). */
  value: Buffer;
}

/** What parseAttributes found: the attributes, and an error where bytes stopped forming attributes, if they did. */
export interface ParseResult {
  /** The attributes, in wire order. */
  attributes: Attribute[];
  /** Set when bytes that do not form an attribute were met; the attributes before them are kept. */
  error?: DecodeError;
}

/** Parses the attributes in [start, end). Never throws. The last attribute may lack its alignment padding. */
export function parseAttributes(buf: Buffer, start: number, end: number = buf.length): ParseResult {
  const attributes: Attribute[] = [];
  let offset = start;
  end = Math.min(end, buf.length);
  while (offset < end) {
    const remaining = end - offset;
    if (remaining < NLA_HDRLEN) {
      return { attributes, error: new DecodeError(`truncated attribute header: ${remaining} of ${NLA_HDRLEN} bytes`, offset) };
    }
    const len = buf.readUInt16LE(offset);
    const rawType = buf.readUInt16LE(offset + 2);
    if (len < NLA_HDRLEN) {
      return { attributes, error: new DecodeError(`attribute length ${len} is shorter than its header`, offset) };
    }
    if (len > remaining) {
      return { attributes, error: new DecodeError(`attribute type ${rawType & NLA_TYPE_MASK} length ${len} runs past the end (${remaining} bytes left)`, offset) };
    }
    attributes.push({
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & AttributeFlags.Nested) !== 0,
      netByteOrder: (rawType & AttributeFlags.NetByteOrder) !== 0,
      offset,
      value: buf.subarray(offset + NLA_HDRLEN, offset + len),
    });
    offset += align4(len);
  }
  return { attributes };
}

/** The raw nla_type (with flag bits) of a parsed attribute, for re-emitting it unchanged. */
export function rawAttributeType(a: Attribute): number {
  return a.type | (a.nested ? AttributeFlags.Nested : 0) | (a.netByteOrder ? AttributeFlags.NetByteOrder : 0);
}

// Value readers: `undefined` when the value has the wrong size, so callers can report a DecodeError with the
// attribute's offset instead of throwing a RangeError.
/** An attribute value read as an unsigned byte; undefined when it is not exactly that long. */
export function readU8(v: Buffer): number | undefined {
  return v.length >= 1 ? v[0] : undefined;
}
/** An attribute value read as a host-order u16; undefined when it is not exactly that long. */
export function readU16(v: Buffer): number | undefined {
  return v.length >= 2 ? v.readUInt16LE(0) : undefined;
}
/** An attribute value read as a host-order u32; undefined when it is not exactly that long. */
export function readU32(v: Buffer): number | undefined {
  return v.length >= 4 ? v.readUInt32LE(0) : undefined;
}
/** An attribute value read as a host-order u64; undefined when it is not exactly that long. */
export function readU64(v: Buffer): bigint | undefined {
  return v.length >= 8 ? v.readBigUInt64LE(0) : undefined;
}
/** An attribute value read as a host-order s32; undefined when it is not exactly that long. */
export function readS32(v: Buffer): number | undefined {
  return v.length >= 4 ? v.readInt32LE(0) : undefined;
}
/** An attribute value read as a host-order s64; undefined when it is not exactly that long. */
export function readS64(v: Buffer): bigint | undefined {
  return v.length >= 8 ? v.readBigInt64LE(0) : undefined;
}
/** An attribute value read as a network-order u16; undefined when it is not exactly that long. */
export function readU16BE(v: Buffer): number | undefined {
  return v.length >= 2 ? v.readUInt16BE(0) : undefined;
}
/** An attribute value read as a network-order u32; undefined when it is not exactly that long. */
export function readU32BE(v: Buffer): number | undefined {
  return v.length >= 4 ? v.readUInt32BE(0) : undefined;
}
/** A string up to its first NUL (or the end when the sender omitted it). */
export function readString(v: Buffer): string {
  const nul = v.indexOf(0);
  return v.toString('utf8', 0, nul === -1 ? v.length : nul);
}

// Enumerations and flag sets: integers decoded to names (the bare number when unnamed, so nothing is lost), and
// names or numbers encoded back.
import { EncodeError } from '../errors';
import { SCALAR_SIZE } from '../spec/compile';
import { Codec, IntegerType, INVALID } from '../spec/types';
import { integerBytes, readInteger } from './integers';

/**
 * An enumeration: known values decode to their names, others to the bare number (so nothing is lost and the
 * value still encodes). Encoding accepts a name or a number.
 */
export function enumOf<const N extends Record<number, string>>(name: string, type: IntegerType, names: N): Codec<N[keyof N] | number> {
  const size = SCALAR_SIZE[type]!;
  const byNumber: Array<string | undefined> = [];
  const byName = new Map<string, number>();
  for (const key of Object.keys(names)) {
    const n = Number(key);
    if (n >= 0 && n < 4096) byNumber[n] = names[n];
    byName.set(names[n], n);
  }
  const fromNumber = (n: number): any => (n >= 0 && n < byNumber.length ? byNumber[n] ?? n : (names as any)[n] ?? n);
  const table = Array.from({ length: byNumber.length }, (_, n) => byNumber[n] ?? n) as Array<N[keyof N] | number>;
  const toNumber = (value: unknown): number => {
    const n = typeof value === 'number' ? value : byName.get(value as string);
    if (n === undefined) throw new EncodeError(`${name}: unknown value '${String(value)}' (known: ${[...byName.keys()].join(', ')})`);
    return n;
  };
  return {
    kind: 'codec',
    name,
    size,
    integer: type,
    fromNumber,
    table,
    decode(buf, start, end) {
      if (end - start !== size) return INVALID;
      return fromNumber(readInteger(type, buf, start));
    },
    toNumber,
    encode(value) {
      return integerBytes(type, toNumber(value), name);
    },
  };
}

/** Reverse lookup for an enumeration built with enumOf's table: name or number → number. */
export function enumValue(names: Record<number, string>, value: string | number, what: string): number {
  if (typeof value === 'number') return value;
  for (const key of Object.keys(names)) if (names[Number(key)] === value) return Number(key);
  throw new EncodeError(`${what}: unknown value '${value}'`);
}

/**
 * A bit set: decodes to the names of the set bits, in bit order; set bits without a name appear as their
 * numeric value (1 << n). Encoding accepts the same array (names and numbers).
 */
export function flagsOf<const N extends Record<number, string>>(name: string, type: IntegerType, names: N): Codec<Array<N[keyof N] | number>> {
  const size = SCALAR_SIZE[type]!;
  const bits: Array<string | undefined> = [];
  const byName = new Map<string, number>();
  for (const key of Object.keys(names)) {
    const n = Number(key);
    const bit = 31 - Math.clz32(n);
    if (n !== 1 << bit && !(bit === 31 && n === 0x80000000)) throw new TypeError(`${name}: ${n} is not a single bit`);
    bits[bit] = names[n];
    byName.set(names[n], n);
  }
  // Decoded flag arrays are frozen and shared between objects with the same value (a million routes with
  // flags 0 share one empty array).
  const small: Array<ReadonlyArray<string | number> | undefined> = new Array(1024).fill(undefined);
  const cache = new Map<number, ReadonlyArray<string | number>>();
  const fromNumber = (v: number): any => {
    let a = v >= 0 && v < 1024 ? small[v] : cache.get(v);
    if (a === undefined) {
      a = Object.freeze(flagNames(v >>> 0, bits));
      if (v >= 0 && v < 1024) small[v] = a;
      else if (cache.size < 1024) cache.set(v, a);
    }
    return a;
  };
  return {
    kind: 'codec',
    name,
    size,
    integer: type,
    fromNumber,
    decode(buf, start, end) {
      if (end - start !== size) return INVALID;
      return fromNumber(readInteger(type, buf, start));
    },
    toNumber(value) {
      return flagBits(value as Array<string | number>, byName, name);
    },
    encode(value) {
      return integerBytes(type, flagBits(value as Array<string | number>, byName, name), name);
    },
  };
}

function flagNames(v: number, bits: Array<string | undefined>): Array<string | number> {
  const out: Array<string | number> = [];
  for (let bit = 0; v !== 0 && bit < 32; bit++) {
    const mask = bit === 31 ? 0x80000000 : 1 << bit;
    if ((v & mask) === 0) continue;
    v = (v & ~mask) >>> 0;
    out.push(bits[bit] ?? mask);
  }
  return out;
}

/** Flag names (or numbers) → bit mask; for encoders and codecs built on flagsOf tables. */
export function flagBits(value: ReadonlyArray<string | number>, byName: Map<string, number> | Record<number, string>, what: string): number {
  if (!Array.isArray(value)) throw new EncodeError(`${what}: expected an array of flag names`);
  const map = byName instanceof Map ? byName : new Map(Object.keys(byName).map((k) => [byName[Number(k)], Number(k)] as const));
  let v = 0;
  for (const f of value) {
    const n = typeof f === 'number' ? f : map.get(f);
    if (n === undefined) throw new EncodeError(`${what}: unknown flag '${String(f)}' (known: ${[...map.keys()].join(', ')})`);
    v |= n;
  }
  return v >>> 0;
}

/** Decodes a numeric flag value with a flagsOf-style table (for code outside the attribute engine). */
export function decodeFlags<const N extends Record<number, string>>(value: number, names: N): Array<N[keyof N] | number> {
  const bits: Array<string | undefined> = [];
  for (const key of Object.keys(names)) bits[31 - Math.clz32(Number(key))] = names[Number(key)];
  return flagNames(value >>> 0, bits) as any;
}

// IP addresses: 4 bytes → dotted quad, 16 bytes → RFC 5952 text (as inet_ntop prints it).


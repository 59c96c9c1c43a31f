// The wire memory: what a decoded object remembers beyond its plain fields so that encoding it again reproduces
// the received bytes exactly — the attribute order and flag bits (interned: a million routes with the same order
// share one frozen array), attributes the spec does not know or could not parse and where they stood, string
// bytes a string alone would not give back, trailing bytes, a struct's extra or missing tail. Every byte-exact
// round-trip rule is here; the decoders record through these helpers and the encoder replays through them.
import type { RawAttribute } from './types';

// ---------------------------------------------------------------------------------------------------------------
// Symbols under which decoded objects remember what plain fields cannot express

/** The raw nla_type (flag bits included) of each attribute, in wire order. Shared and frozen; never mutate. */
export const WIRE_ORDER: unique symbol = Symbol('netlink.wireOrder');
/** Attributes whose bytes the value alone does not reproduce (e.g. a string without its NUL). */
export const WIRE_OVERRIDES: unique symbol = Symbol('netlink.wireOverrides');
/** Bytes after the last whole attribute that did not parse. */
export const WIRE_TRAILER: unique symbol = Symbol('netlink.wireTrailer');
/** Bytes of a struct beyond the size this code knows (a newer kernel grew it). */
export const STRUCT_EXTRA: unique symbol = Symbol('netlink.structExtra');
/** The length a struct had on the wire when shorter than its full size (an older kernel). */
export const STRUCT_LENGTH: unique symbol = Symbol('netlink.structLength');
/** Member ids (with flag bits) of a decoded indexed array. */
export const INDEX_IDS: unique symbol = Symbol('netlink.indexIds');

export interface Override {
  index: number;
  value: unknown;
  raw: Buffer;
}



// Wire orders are interned, so a million routes with the same attribute order share one frozen array. The order
// is identified by a hash computed while decoding and confirmed by re-reading the attribute types.
export const EMPTY_ORDER: readonly number[] = Object.freeze([]);
export const INTERN_SLOTS = 1024;
export const internCache: Array<readonly number[] | undefined> = new Array(INTERN_SLOTS).fill(undefined);
export const internHashes = new Int32Array(INTERN_SLOTS);
/** A second, independent hash per cached order: when both hashes and the count match, the order is taken without
 * re-reading the attribute types. */
export const internHashes2 = new Int32Array(INTERN_SLOTS);
const internTable = new Map<number, Array<readonly number[]>>();
let internCount = 0;
const INTERN_LIMIT = 4096;

function sameOrder(order: readonly number[], buf: Buffer, start: number, n: number): boolean {
  if (order.length !== n) return false;
  let off = start;
  for (let i = 0; i < n; i++) {
    if (order[i] !== (buf[off + 2] | (buf[off + 3] << 8))) return false;
    off += ((buf[off] | (buf[off + 1] << 8)) + 3) & ~3;
  }
  return true;
}

export function internOrder(buf: Buffer, start: number, hash: number, hash2: number, n: number): readonly number[] {
  if (n === 0) return EMPTY_ORDER;
  const key = (Math.imul(hash, 31) + n) | 0;
  const slot = key & (INTERN_SLOTS - 1);
  const cached = internCache[slot];
  if (cached !== undefined && internHashes[slot] === key && sameOrder(cached, buf, start, n)) {
    internHashes2[slot] = hash2;
    return cached;
  }
  const bucket = internTable.get(key);
  if (bucket !== undefined) {
    for (let b = 0; b < bucket.length; b++) {
      if (sameOrder(bucket[b], buf, start, n)) {
        internCache[slot] = bucket[b];
        internHashes[slot] = key;
        internHashes2[slot] = hash2;
        return bucket[b];
      }
    }
  }
  const types = new Array<number>(n);
  let off = start;
  for (let i = 0; i < n; i++) {
    types[i] = buf[off + 2] | (buf[off + 3] << 8);
    off += ((buf[off] | (buf[off + 1] << 8)) + 3) & ~3;
  }
  const order = Object.freeze(types);
  // Garbage input could make unboundedly many distinct orders: stop remembering them past a bound.
  if (internCount < INTERN_LIMIT) {
    internCount++;
    if (bucket === undefined) internTable.set(key, [order]);
    else bucket.push(order);
    internCache[slot] = order;
    internHashes[slot] = key;
    internHashes2[slot] = hash2;
  }
  return order;
}

/** Where in the wire order each kept attribute stood, so re-encoding puts it back in its place. */
const unknownPositions = new WeakMap<RawAttribute, number>();

export function addUnknown(out: any, type: number, value: Buffer, orderIndex: number): void {
  const raw = { type, value };
  unknownPositions.set(raw, orderIndex);
  const list: RawAttribute[] | undefined = out.unknownAttributes;
  if (list === undefined) out.unknownAttributes = [raw];
  else list.push(raw);
}

function addOverride(out: any, index: number, value: unknown, raw: Buffer): void {
  const list: Override[] | undefined = out[WIRE_OVERRIDES];
  if (list === undefined) out[WIRE_OVERRIDES] = [{ index, value, raw }];
  else list.push({ index, value, raw });
}

/** Decodes a string attribute; remembers the exact bytes when the string alone would not reproduce them. */
export function decodeStringAttribute(out: any, buf: Buffer, start: number, end: number, orderIndex: number): string {
  let nul = start;
  while (nul < end && buf[nul] !== 0) nul++;
  const s = buf.toString('utf8', start, nul);
  // Invalid UTF-8 decodes to U+FFFD, which would not encode back to the same bytes.
  const lossy = s.indexOf('\ufffd') !== -1 && !Buffer.from(s, 'utf8').equals(buf.subarray(start, nul));
  if (nul !== end - 1 || lossy) addOverride(out, orderIndex, s, buf.subarray(start, end));
  return s;
}


// ---- replay, for the encoder

/** For each kept attribute that remembers its place in `order`: that place → its index in `unknown`. */
export function keptPlaces(unknown: readonly RawAttribute[], order: readonly number[] | undefined, typeMask: number): Map<number, number> {
  const places = new Map<number, number>();
  unknown.forEach((u, i) => {
    const at = unknownPositions.get(u);
    if (at !== undefined && order !== undefined && at < order.length && (order[at] & typeMask) === u.type) places.set(at, i);
  });
  return places;
}

/** Whether a kept attribute remembers its place (it then goes back only there). */
export function hasPlace(raw: RawAttribute): boolean {
  return unknownPositions.has(raw);
}

/** The bytes the attribute at wire position `index` arrived with, while `v` is still the value decoded from them. */
export function originalBytes(value: any, index: number, v: unknown): Buffer | undefined {
  const overrides: Override[] | undefined = value[WIRE_OVERRIDES];
  const o = overrides?.find((x) => x.index === index);
  return o !== undefined && o.value === v ? o.raw : undefined;
}

/** Whether `value` remembers anything of the wire beyond its fields (it was decoded, or carries kept bytes). */
export function remembersWire(value: any): boolean {
  return value[WIRE_ORDER] !== undefined || value.unknownAttributes !== undefined || value[WIRE_TRAILER] !== undefined;
}

/** An encoding of `value` without the alignment padding the writer added after an unaligned trailer it kept. */
export function withoutTrailerPadding(out: Buffer, value: any): Buffer {
  const trailer: Buffer | undefined = value[WIRE_TRAILER];
  return trailer !== undefined && trailer.length % 4 !== 0 ? out.subarray(0, out.length - (4 - (trailer.length % 4))) : out;
}

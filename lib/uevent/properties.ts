// The part both wire formats share: a run of NUL-terminated KEY=VALUE entries. Two passes: `scanProperties`
// validates every entry and locates the four fields every uevent has, creating no strings; `decodePropertyBlock`
// (run later, on demand) turns the entries into a properties object. Strings come from small caches (see
// StringCache) and the property bags are fast-mode objects with an empty prototype chain.
import { UeventDecodeError } from './errors';

const NUL = 0;
const EQUALS = 0x3d;

/**
 * A properties object: `new PropertyBag()` gives an ordinary (fast) object whose prototype has no properties
 * at all, so KEY lookups never find inherited members ('constructor', '__proto__' is a plain key).
 */
const PropertyBag = function PropertyBag() {} as unknown as new () => Record<string, string>;
PropertyBag.prototype = Object.setPrototypeOf({}, null);

export function newProperties(): Record<string, string> {
  return new PropertyBag();
}

type Slicer = (this: Buffer, start: number, end: number) => string;
const bufferMethods = Buffer.prototype as unknown as { latin1Slice?: Slicer; utf8Slice?: Slicer };
// Node's own per-encoding slicers skip toString's encoding dispatch; toString is the fallback.
const latin1Slice: Slicer = bufferMethods.latin1Slice ?? function (this: Buffer, s, e) { return this.toString('latin1', s, e); }; // prettier-ignore
const utf8Slice: Slicer = bufferMethods.utf8Slice ?? function (this: Buffer, s, e) { return this.toString('utf8', s, e); }; // prettier-ignore

/**
 * Recently seen ASCII strings by their bytes: keys, and values such as actions, subsystems, devpaths and names
 * recur from one uevent to the next, and a hit costs a comparison instead of a native call and an allocation.
 * Direct-mapped: a miss simply replaces the slot. Anything that is not plain ASCII is decoded as UTF-8 and not
 * cached, nor is anything longer than `maxLength`.
 */
class StringCache {
  private readonly strings: Array<string | undefined>;

  constructor(
    private readonly slots: number, // a power of two
    private readonly maxLength: number,
    private readonly intern: boolean,
  ) {
    this.strings = new Array(slots).fill(undefined);
  }

  get(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > this.maxLength) return decodeText(buf, start, end);
    // The slot is chosen by the length and the last eight bytes (where devpaths and names differ); a hit is
    // confirmed by comparing every character with its byte.
    let hash = length;
    for (let i = end - 1, stop = Math.max(start, end - 8); i >= stop; i--) hash = (Math.imul(hash, 31) + buf[i]) | 0;
    const slot = (hash ^ (hash >>> 15)) & (this.slots - 1);
    const cached = this.strings[slot];
    if (cached !== undefined && cached.length === length) {
      let i = 0;
      while (i < length && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === length) return cached;
    }
    for (let i = start; i < end; i++) if (buf[i] > 0x7f) return utf8Slice.call(buf, start, end);
    let text = latin1Slice.call(buf, start, end);
    // A key interned once here costs no string-table lookup each time it is used as a property name.
    if (this.intern) text = Object.keys({ [text]: 0 })[0];
    this.strings[slot] = text;
    return text;
  }
}

/** Plain ASCII (the usual case) as latin1, which is exact and cheapest; anything else as UTF-8. */
function decodeText(buf: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf[i] > 0x7f) return utf8Slice.call(buf, start, end);
  return latin1Slice.call(buf, start, end);
}

const keys = new StringCache(1024, 64, true);
const SEQNUM_KEY = 'SEQNUM';
const values = new StringCache(4096, 256, false);

/**
 * A value's text (ACTION, DEVPATH, SUBSYSTEM, ...) through the value cache: plain ASCII read as latin1, which is
 * exact for ASCII and cheapest, anything else as UTF-8. Keys follow the same rule through their own cache.
 */
export function decodeString(buf: Buffer, start: number, end: number): string {
  return values.get(buf, start, end);
}

/** Where scanProperties found the value of each required field: [start, end) pairs, -1 when absent. */
export const enum Found {
  ActionStart = 0,
  ActionEnd,
  DevpathStart,
  DevpathEnd,
  SubsystemStart,
  SubsystemEnd,
  SeqnumStart,
  SeqnumEnd,
}
/** Reused by every scan (decoding is synchronous): no allocation per datagram. */
export const found = new Int32Array(8);

const REQUIRED: Array<[string, Found]> = [
  ['ACTION', Found.ActionStart],
  ['DEVPATH', Found.DevpathStart],
  ['SUBSYSTEM', Found.SubsystemStart],
  ['SEQNUM', Found.SeqnumStart],
];
const ACTION = Buffer.from('ACTION');
const DEVPATH = Buffer.from('DEVPATH');
const SUBSYSTEM = Buffer.from('SUBSYSTEM');
const SEQNUM = Buffer.from('SEQNUM');

/**
 * Validates buf[start, end) as KEY=VALUE\0 entries (empty entries — stray NULs, trailing padding — carry
 * nothing and are allowed) and fills `found` with the first ACTION, DEVPATH, SUBSYSTEM and SEQNUM values.
 * `origin` is where the datagram starts, for error offsets.
 */
export function scanProperties(buf: Buffer, start: number, end: number, origin: number): UeventDecodeError | undefined {
  found.fill(-1);
  let i = start;
  while (i < end) {
    const entryStart = i;
    let c = 0;
    for (; i < end; i++) {
      c = buf[i];
      if (c === EQUALS || c === NUL) break;
    }
    if (i === end) return unterminated(entryStart, origin);
    if (c === NUL) {
      if (i++ === entryStart) continue; // an empty entry
      return new UeventDecodeError('bad-property', entryStart - origin, `entry at offset ${entryStart - origin} is not KEY=VALUE`);
    }
    const equals = i;
    if (equals === entryStart) {
      return new UeventDecodeError('bad-property', entryStart - origin, `entry at offset ${entryStart - origin} has an empty key`);
    }
    for (i++; i < end && buf[i] !== NUL; i++);
    if (i === end) return unterminated(entryStart, origin);
    const entryEnd = i++;
    let slot = -1;
    switch (equals - entryStart) {
      case 6:
        if (buf[entryStart] === 0x41 /* A */) {
          if (isKey(buf, entryStart, ACTION)) slot = Found.ActionStart;
        } else if (isKey(buf, entryStart, SEQNUM)) {
          slot = Found.SeqnumStart;
        }
        break;
      case 7:
        if (isKey(buf, entryStart, DEVPATH)) slot = Found.DevpathStart;
        break;
      case 9:
        if (isKey(buf, entryStart, SUBSYSTEM)) slot = Found.SubsystemStart;
        break;
    }
    if (slot >= 0 && found[slot] < 0) {
      found[slot] = equals + 1;
      found[slot + 1] = entryEnd;
    }
  }
  if (found[Found.ActionStart] < 0 || found[Found.DevpathStart] < 0 || found[Found.SubsystemStart] < 0 || found[Found.SeqnumStart] < 0) {
    const missing = REQUIRED.filter(([, slot]) => found[slot] < 0).map(([key]) => key);
    return new UeventDecodeError('missing-field', origin, `uevent without ${missing.join(', ')}`);
  }
  return undefined;
}

function isKey(buf: Buffer, at: number, key: Uint8Array): boolean {
  for (let k = 0; k < key.length; k++) if (buf[at + k] !== key[k]) return false;
  return true;
}

function unterminated(entryStart: number, origin: number): UeventDecodeError {
  return new UeventDecodeError(
    'unterminated-property',
    entryStart - origin,
    `property at offset ${entryStart - origin} is not NUL-terminated`,
  );
}

/**
 * The SEQNUM value at buf[start, end): a number when it has at most 15 digits (exact as a double), an exact
 * bigint when longer, undefined when it is not 1..20 decimal digits.
 */
export function decodeSeqnum(buf: Buffer, start: number, end: number): number | bigint | undefined {
  const length = end - start;
  if (length === 0 || length > 20) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return length <= 15 ? n : BigInt(latin1Slice.call(buf, start, end));
}

/** Turns validated entries into a properties object (and the later occurrences of repeated keys). */
export function decodePropertyBlock(
  buf: Buffer,
  start: number,
  end: number,
): { properties: Record<string, string>; duplicates: Array<[string, string]> | undefined } {
  // Keys almost never repeat, so store without looking first and count; only when the count and the object
  // disagree is the block decoded again the careful way.
  const properties = newProperties();
  let entries = 0;
  forEachEntry(buf, start, end, (key, value) => {
    properties[key] = value;
    entries++;
  });
  if (Object.keys(properties).length === entries) return { properties, duplicates: undefined };
  const first = newProperties();
  const duplicates: Array<[string, string]> = [];
  forEachEntry(buf, start, end, (key, value) => {
    if (first[key] === undefined) first[key] = value;
    else duplicates.push([key, value]);
  });
  return { properties: first, duplicates };
}

function forEachEntry(buf: Buffer, start: number, end: number, visit: (key: string, value: string) => void): void {
  let i = start;
  while (i < end) {
    const entryStart = i;
    let equals = -1;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === EQUALS || c === NUL) break;
    }
    if (i < end && buf[i] === EQUALS) for (equals = i++; i < end && buf[i] !== NUL; i++);
    const entryEnd = i++;
    if (equals <= entryStart) continue; // empty entry (validated input has no other kind)
    const key = keys.get(buf, entryStart, equals);
    // SEQNUM never repeats: caching it would only evict values that do.
    visit(key, key === SEQNUM_KEY ? decodeText(buf, equals + 1, entryEnd) : values.get(buf, equals + 1, entryEnd));
  }
}

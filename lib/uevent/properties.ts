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
 * Recently seen strings by their bytes: keys, and values such as actions, subsystems, devpaths and names recur
 * from one uevent to the next, and a hit costs a byte comparison instead of a native call and an allocation.
 * Direct-mapped: a miss simply replaces the slot.
 */
class StringCache {
  private readonly bytes: Array<Uint8Array | undefined>;
  private readonly strings: string[];

  constructor(
    private readonly slots: number, // a power of two
    private readonly maxLength: number,
    private readonly intern: boolean,
  ) {
    this.bytes = new Array(slots).fill(undefined);
    this.strings = new Array(slots).fill('');
  }

  get(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    let ascii = true;
    let hash = length;
    for (let i = start; i < end; i++) {
      const c = buf[i];
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c > 0x7f) ascii = false;
    }
    const slice = ascii ? latin1Slice : utf8Slice;
    if (length > this.maxLength) return slice.call(buf, start, end);
    const slot = hash & (this.slots - 1);
    const cached = this.bytes[slot];
    if (cached !== undefined && cached.length === length) {
      let i = 0;
      while (i < length && cached[i] === buf[start + i]) i++;
      if (i === length) return this.strings[slot];
    }
    let text = slice.call(buf, start, end);
    // A key interned once here costs no string-table lookup each time it is used as a property name.
    if (this.intern) text = Object.keys({ [text]: 0 })[0];
    this.bytes[slot] = new Uint8Array(buf.subarray(start, end));
    this.strings[slot] = text;
    return text;
  }
}

const keys = new StringCache(1024, 64, true);
const values = new StringCache(4096, 256, false);

/** Keys are decoded byte for byte (latin1), values as UTF-8 unless plain ASCII. */
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
const REQUIRED_BYTES = REQUIRED.map(([key, slot]) => [Buffer.from(key, 'latin1'), slot] as const);

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
    let equals = -1;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === EQUALS) {
        if (equals < 0) equals = i;
      } else if (c === NUL) {
        break;
      }
    }
    if (i === end) {
      return new UeventDecodeError(
        'unterminated-property',
        entryStart - origin,
        `property at offset ${entryStart - origin} is not NUL-terminated`,
      );
    }
    const entryEnd = i++;
    if (entryEnd === entryStart) continue;
    if (equals <= entryStart) {
      return new UeventDecodeError(
        'bad-property',
        entryStart - origin,
        equals < 0
          ? `entry at offset ${entryStart - origin} is not KEY=VALUE`
          : `entry at offset ${entryStart - origin} has an empty key`,
      );
    }
    const keyLength = equals - entryStart;
    if (keyLength >= 6 && keyLength <= 9) {
      for (let r = 0; r < REQUIRED_BYTES.length; r++) {
        const [key, slot] = REQUIRED_BYTES[r];
        if (key.length !== keyLength || found[slot] >= 0) continue;
        let k = 0;
        while (k < keyLength && buf[entryStart + k] === key[k]) k++;
        if (k === keyLength) {
          found[slot] = equals + 1;
          found[slot + 1] = entryEnd;
          break;
        }
      }
    }
  }
  if (found[Found.ActionStart] < 0 || found[Found.DevpathStart] < 0 || found[Found.SubsystemStart] < 0 || found[Found.SeqnumStart] < 0) {
    const missing = REQUIRED.filter(([, slot]) => found[slot] < 0).map(([key]) => key);
    return new UeventDecodeError('missing-field', origin, `uevent without ${missing.join(', ')}`);
  }
  return undefined;
}

/** The SEQNUM value at buf[start, end) as an exact bigint, or undefined when it is not 1..20 decimal digits. */
export function decodeSeqnum(buf: Buffer, start: number, end: number): bigint | undefined {
  const length = end - start;
  if (length === 0 || length > 20) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  // Up to 15 digits the double is exact, and BigInt(number) is much cheaper than parsing text.
  return length <= 15 ? BigInt(n) : BigInt(latin1Slice.call(buf, start, end));
}

/** Turns validated entries into a properties object (and the later occurrences of repeated keys). */
export function decodePropertyBlock(
  buf: Buffer,
  start: number,
  end: number,
): { properties: Record<string, string>; duplicates: Array<[string, string]> | undefined } {
  const properties = newProperties();
  let duplicates: Array<[string, string]> | undefined;
  let i = start;
  while (i < end) {
    const entryStart = i;
    let equals = -1;
    for (; i < end && buf[i] !== NUL; i++) if (equals < 0 && buf[i] === EQUALS) equals = i;
    const entryEnd = i++;
    if (equals <= entryStart) continue; // empty entry (validated input has no other kind)
    const key = keys.get(buf, entryStart, equals);
    const value = values.get(buf, equals + 1, entryEnd);
    if (properties[key] === undefined) properties[key] = value;
    else (duplicates ??= []).push([key, value]);
  }
  return { properties, duplicates };
}

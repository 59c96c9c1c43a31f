// The part both wire formats share: a run of NUL-terminated KEY=VALUE entries, validated and turned into a Uevent
// in one pass (`decodeUevent`). The bytes are decoded to a string once (per datagram, or per receive batch in a
// monitor); entries are found with the string's own indexOf and values are substrings of it. Keys are interned
// strings, predicted from the previous datagram's keys (uevents of one kind carry the same keys in the same order),
// and the property bags are fast-mode objects with an empty prototype chain.
import { matchesWords, sameBytes, storeWords, wordView } from './bytes';
import { UeventDecodeError } from './errors';
import { Uevent, UeventSource } from './event';

const EQUALS = 0x3d;

/**
 * A properties object: `new PropertyBag()` gives an ordinary (fast) object whose prototype has no properties
 * at all, so KEY lookups never find inherited members ('constructor', '__proto__' is a plain key).
 */
const PropertyBag = function PropertyBag() {} as unknown as new () => Record<string, string>;
PropertyBag.prototype = Object.setPrototypeOf({}, null);

type Slicer = (this: Buffer, start: number, end: number) => string;
const bufferMethods = Buffer.prototype as unknown as { latin1Slice?: Slicer; utf8Slice?: Slicer };
// Node's own per-encoding slicers skip toString's encoding dispatch; toString is the fallback.
const latin1Slice: Slicer = bufferMethods.latin1Slice ?? function (this: Buffer, s, e) { return this.toString('latin1', s, e); }; // prettier-ignore
const utf8Slice: Slicer = bufferMethods.utf8Slice ?? function (this: Buffer, s, e) { return this.toString('utf8', s, e); }; // prettier-ignore

/** Whether the string readText returned last is the exact text (every byte plain ASCII). */
let textIsAscii = false;

/** Whether the string readText returned last is the exact text; read it before anything else calls readText. */
export function lastTextIsAscii(): boolean {
  return textIsAscii;
}

/** buf[start, end) as a string when every byte is plain ASCII, else undefined. */
export function asciiText(buf: Buffer, start: number, end: number): string | undefined {
  // Decoding plain ASCII as UTF-8 costs what latin1 does and tells ASCII apart for less than any scan: another
  // byte either joins a multi-byte character (the string comes out shorter) or becomes U+FFFD.
  const text = utf8Slice.call(buf, start, end);
  return text.length === end - start && text.indexOf('\ufffd') < 0 ? text : undefined;
}

/**
 * buf[start, end) as a string with one character per byte, so that string positions are byte positions. When every
 * byte is plain ASCII it is the exact text too (every substring is the decoded value); otherwise it is the latin1
 * reading, and values are decoded from the bytes.
 */
export function readText(buf: Buffer, start: number, end: number): string {
  const text = asciiText(buf, start, end);
  textIsAscii = text !== undefined;
  return text ?? latin1Slice.call(buf, start, end);
}

/**
 * Recently seen keys by their bytes, interned. Direct-mapped: a miss simply replaces the slot. A key that is not
 * plain ASCII is decoded as UTF-8 and not cached, nor is anything longer than `maxLength`.
 */
class KeyCache {
  private readonly strings: Array<string | undefined>;

  constructor(
    private readonly slots: number, // a power of two
    private readonly maxLength: number,
  ) {
    this.strings = new Array(slots).fill(undefined);
  }

  get(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > this.maxLength) return decodeText(buf, start, end);
    // The slot is chosen by the length and the last eight bytes; a hit is confirmed by comparing every
    // character with its byte.
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
    // Interned once here, a key costs no string-table lookup each time it is used as a property name.
    const text = Object.keys({ [latin1Slice.call(buf, start, end)]: 0 })[0];
    this.strings[slot] = text;
    return text;
  }
}

/** Plain ASCII (the usual case) as latin1, which is exact and cheapest; anything else as UTF-8. */
function decodeText(buf: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf[i] > 0x7f) return utf8Slice.call(buf, start, end);
  return latin1Slice.call(buf, start, end);
}

const keys = new KeyCache(1024, 64);

/**
 * The keys of the last block decoded, by position: the prediction for the next one, with each key's bytes (a
 * byte comparison is the cheapest exact check). Only the first `predictedCount` are that block's;
 * `predictedUnique` says they were all different, so a block whose keys match them one by one needs no duplicate
 * check. Positions beyond MAX_PREDICTED and keys longer than PREDICTED_KEY_BYTES are never predicted.
 */
const MAX_PREDICTED = 128;
const PREDICTED_KEY_BYTES = 64;
const PREDICTED_KEY_WORDS = PREDICTED_KEY_BYTES / 4 + 1; // see storeWords
const predicted: string[] = new Array(MAX_PREDICTED).fill('');
const predictedLengths = new Int32Array(MAX_PREDICTED).fill(-1);
const predictedWords = new Int32Array(MAX_PREDICTED * PREDICTED_KEY_WORDS);
let predictedCount = 0;
let predictedUnique = false;

function predict(position: number, key: string, buf: Buffer, start: number, end: number, integerLike: boolean): void {
  if (position >= MAX_PREDICTED) return;
  const length = end - start;
  // An integer-like key is never predicted: it must take the path that records the wire order (see decodeUevent).
  if (length > PREDICTED_KEY_BYTES || integerLike) {
    predictedLengths[position] = -1;
    return;
  }
  predicted[position] = key;
  predictedLengths[position] = length;
  storeWords(wordView(buf), start, length, predictedWords, position * PREDICTED_KEY_WORDS);
}

/**
 * The last DEVPATH decoded, with its bytes. DEVPATH is what consumers compare and key maps by, and it is long: a
 * plain substring of it would be a slice of the datagram's text, which every comparison has to resolve through
 * the runtime. So DEVPATH is a string of its own, and the same string again while a device keeps sending.
 */
const DEVPATH_BYTES = 256;
const devpathWords = new Int32Array(DEVPATH_BYTES / 4 + 1);
let lastDevpath = '';
let lastDevpathLength = -1;

function devpathText(buf: Buffer, view: DataView<ArrayBufferLike>, start: number, end: number): string {
  const length = end - start;
  if (length === lastDevpathLength && matchesWords(view, start, length, devpathWords, 0)) return lastDevpath;
  const devpath = latin1Slice.call(buf, start, end); // plain ASCII: latin1 is exact
  if (length <= DEVPATH_BYTES) {
    storeWords(view, start, length, devpathWords, 0);
    lastDevpath = devpath;
    lastDevpathLength = length;
  }
  return devpath;
}

/**
 * Decodes the KEY=VALUE\0 entries at text[from, to) (text from readText(buf, base, ...)) into a Uevent: every
 * property exactly as sent, the first of a repeated KEY in `properties` and the later ones in `duplicates`; empty
 * entries (stray NULs, trailing padding) carry nothing and are allowed. ACTION, DEVPATH, SUBSYSTEM and a decimal
 * SEQNUM are required. `ascii`: the text is exact (see readText). `origin` is the text position where the datagram
 * starts (error offsets count from there); `headerAt` is the '@' of a kernel-format header line ACTION@DEVPATH at
 * text[origin, from - 1), which must repeat ACTION and DEVPATH (-1: no header).
 */
export function decodeUevent(
  source: UeventSource,
  buf: Buffer,
  base: number,
  text: string,
  from: number,
  to: number,
  ascii: boolean,
  origin: number,
  headerAt: number,
): Uevent | UeventDecodeError {
  const view = wordView(buf);
  const properties = new PropertyBag();
  let duplicates: Array<[string, string]> | undefined;
  // The keys of `properties` in wire order, kept only once an integer-like key ('2', '10') has come: an object
  // lists those before all others, so its own order is no longer the datagram's.
  let order: string[] | undefined;
  let error: UeventDecodeError | undefined;
  let actionStart = -1, actionEnd = -1, devpathStart = -1, devpathEnd = -1, seqnumStart = -1, seqnumEnd = -1; // prettier-ignore
  let action: string | undefined, devpath: string | undefined, subsystem: string | undefined; // prettier-ignore
  // While every key so far is the predicted one, no key can repeat (when the prediction had none repeated).
  let asPredicted = predictedUnique;
  let count = 0;
  let i = from;
  while (i < to) {
    const nul = text.indexOf('\0', i);
    if (nul < 0 || nul >= to) {
      // An empty key is reported as such even in an unterminated entry.
      error = text.charCodeAt(i) === EQUALS ? emptyKey(i, origin) : unterminated(i, origin);
      break;
    }
    if (nul === i) {
      i++; // an empty entry
      continue;
    }
    let key: string | undefined;
    let equals = -1;
    if (count < predictedCount) {
      const length = predictedLengths[count];
      if (
        length >= 0 &&
        i + length < nul &&
        buf[base + i + length] === EQUALS &&
        matchesWords(view, base + i, length, predictedWords, count * PREDICTED_KEY_WORDS)
      ) {
        key = predicted[count];
        equals = i + length;
      }
    }
    if (key === undefined) {
      equals = text.indexOf('=', i);
      if (equals < 0 || equals > nul) {
        error = new UeventDecodeError('bad-property', i - origin, `entry at offset ${i - origin} is not KEY=VALUE`);
        break;
      }
      if (equals === i) {
        error = emptyKey(i, origin);
        break;
      }
      key = keys.get(buf, base + i, base + equals);
      asPredicted = false;
      const integerLike = isIntegerLike(key);
      if (integerLike && order === undefined) order = Object.keys(properties);
      predict(count, key, buf, base + i, base + equals, integerLike);
    }
    const value = !ascii
      ? decodeText(buf, base + equals + 1, base + nul)
      : key === 'DEVPATH'
        ? devpathText(buf, view, base + equals + 1, base + nul)
        : text.substring(equals + 1, nul);
    if (asPredicted || properties[key] === undefined) {
      storeAt(count, properties, key, value);
      if (order !== undefined) order.push(key);
      // Interned strings: these comparisons are pointer comparisons.
      if (key === 'ACTION') {
        action = value;
        actionStart = equals + 1;
        actionEnd = nul;
      } else if (key === 'DEVPATH') {
        devpath = value;
        devpathStart = equals + 1;
        devpathEnd = nul;
      } else if (key === 'SUBSYSTEM') {
        subsystem = value;
      } else if (key === 'SEQNUM') {
        seqnumStart = equals + 1;
        seqnumEnd = nul;
      }
    } else {
      (duplicates ??= []).push([key, value]);
    }
    count++;
    i = nul + 1;
  }
  // The prediction is now this block's keys [0, count), whether or not the block was well formed: positions that
  // missed were re-predicted above, so a count or uniqueness left from an earlier block would no longer describe
  // them (and a key repeated in a later block could then overwrite its first value). Decoding never depends on
  // the blocks before.
  if (count !== predictedCount || !asPredicted) {
    predictedCount = Math.min(count, MAX_PREDICTED);
    predictedUnique = duplicates === undefined;
  }
  if (error !== undefined) return error;
  if (actionStart < 0 || devpathStart < 0 || subsystem === undefined || seqnumStart < 0) {
    const missing: string[] = [];
    if (actionStart < 0) missing.push('ACTION');
    if (devpathStart < 0) missing.push('DEVPATH');
    if (subsystem === undefined) missing.push('SUBSYSTEM');
    if (seqnumStart < 0) missing.push('SEQNUM');
    return new UeventDecodeError('missing-field', 0, `uevent without ${missing.join(', ')}`);
  }
  if (headerAt >= 0) {
    // The header repeats ACTION and DEVPATH; a datagram where they disagree was not written by the kernel.
    const actionLength = headerAt - origin;
    const devpathLength = from - 1 - (headerAt + 1);
    if (
      actionEnd - actionStart !== actionLength ||
      devpathEnd - devpathStart !== devpathLength ||
      !sameBytes(view, base + origin, base + actionStart, actionLength) ||
      !sameBytes(view, base + headerAt + 1, base + devpathStart, devpathLength)
    ) {
      return new UeventDecodeError('header-mismatch', 0, 'header line disagrees with ACTION= or DEVPATH=');
    }
  }
  const seqnum = decodeSeqnum(buf, base + seqnumStart, base + seqnumEnd);
  if (seqnum === undefined) {
    return new UeventDecodeError('bad-seqnum', seqnumStart - origin, 'SEQNUM is not a decimal number');
  }
  return new Uevent(source, action!, devpath!, subsystem, properties, duplicates, seqnum, order);
}

/** Whether an object would list `key` before its other keys: a canonical array index, '0' to '4294967294'. */
function isIntegerLike(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39 || key.length > 10 || (c === 0x30 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const d = key.charCodeAt(i);
    if (d < 0x30 || d > 0x39) return false;
  }
  return Number(key) < 0xffffffff;
}

/**
 * properties[key] = value, from a store site of its own for each of the first entries of a block: a block shaped
 * like the one before (same keys in the same order) then meets at each site the key and object shape it met last
 * time, which the engine turns into a direct store instead of a lookup among all the shapes a shared site has seen.
 */
function storeAt(position: number, properties: Record<string, string>, key: string, value: string): void {
  switch (position) {
    case 0:
      properties[key] = value;
      return;
    case 1:
      properties[key] = value;
      return;
    case 2:
      properties[key] = value;
      return;
    case 3:
      properties[key] = value;
      return;
    case 4:
      properties[key] = value;
      return;
    case 5:
      properties[key] = value;
      return;
    case 6:
      properties[key] = value;
      return;
    case 7:
      properties[key] = value;
      return;
    case 8:
      properties[key] = value;
      return;
    case 9:
      properties[key] = value;
      return;
    case 10:
      properties[key] = value;
      return;
    case 11:
      properties[key] = value;
      return;
    case 12:
      properties[key] = value;
      return;
    case 13:
      properties[key] = value;
      return;
    case 14:
      properties[key] = value;
      return;
    case 15:
      properties[key] = value;
      return;
    case 16:
      properties[key] = value;
      return;
    case 17:
      properties[key] = value;
      return;
    case 18:
      properties[key] = value;
      return;
    case 19:
      properties[key] = value;
      return;
    case 20:
      properties[key] = value;
      return;
    case 21:
      properties[key] = value;
      return;
    case 22:
      properties[key] = value;
      return;
    case 23:
      properties[key] = value;
      return;
    default:
      properties[key] = value;
  }
}

function emptyKey(entryStart: number, origin: number): UeventDecodeError {
  return new UeventDecodeError('bad-property', entryStart - origin, `entry at offset ${entryStart - origin} has an empty key`);
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

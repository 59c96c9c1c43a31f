// Byte-range comparisons four bytes at a time: indexing a Buffer costs a load and a bounds check per byte, a
// DataView read takes four bytes at once (unaligned reads are allowed), which makes comparing keys and header
// fields several times cheaper.

let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let viewOf: Buffer | undefined;

/**
 * A view of buf's bytes (view.getUint8(i) is buf[i]). Cached by Buffer (the last one stays referenced until
 * another comes): the datagrams of one receive batch share one Buffer, and reaching a Buffer's ArrayBuffer is a
 * call into the engine.
 */
export function wordView(buf: Buffer): DataView<ArrayBufferLike> {
  if (buf !== viewOf) {
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewOf = buf;
  }
  return view;
}

/** Whether v[a, a + length) and v[b, b + length) hold the same bytes. */
export function sameBytes(v: DataView<ArrayBufferLike>, a: number, b: number, length: number): boolean {
  if (length < 4) {
    for (let i = 0; i < length; i++) if (v.getUint8(a + i) !== v.getUint8(b + i)) return false;
    return true;
  }
  // Whole words, then the last four bytes (overlapping the previous word when the length is not a multiple of 4).
  for (let i = 0; i + 4 <= length; i += 4) if (v.getInt32(a + i) !== v.getInt32(b + i)) return false;
  return v.getInt32(a + length - 4) === v.getInt32(b + length - 4);
}

/**
 * A short byte string kept as words for `matchesWords`: words[at + k] holds bytes 4k..4k+3, and the last word the
 * final four bytes (for strings of 4 bytes or more; shorter ones are kept byte by byte).
 */
export function storeWords(v: DataView<ArrayBufferLike>, from: number, length: number, words: Int32Array, at: number): void {
  if (length < 4) {
    for (let i = 0; i < length; i++) words[at + i] = v.getUint8(from + i);
    return;
  }
  let k = 0;
  for (let i = 0; i + 4 <= length; i += 4) words[at + k++] = v.getInt32(from + i);
  words[at + k] = v.getInt32(from + length - 4);
}

/** Whether v[from, from + length) is the byte string storeWords kept at words[at]. */
export function matchesWords(v: DataView<ArrayBufferLike>, from: number, length: number, words: Int32Array, at: number): boolean {
  if (length < 4) {
    for (let i = 0; i < length; i++) if (v.getUint8(from + i) !== words[at + i]) return false;
    return true;
  }
  let k = 0;
  for (let i = 0; i + 4 <= length; i += 4) if (v.getInt32(from + i) !== words[at + k++]) return false;
  return v.getInt32(from + length - 4) === words[at + k];
}

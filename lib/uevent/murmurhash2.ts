// MurmurHash2 (seed 0) as libudev uses it for the subsystem/devtype hashes and the tag bloom filter of its
// monitor messages. libudev reads 4-byte blocks in the host's byte order, so the hash depends on it.
import { endianness } from 'os';

const M = 0x5bd1e995;
const hostLittleEndian = endianness() === 'LE';

/**
 * MurmurHash2 with seed 0 of `data`, as libudev computes it (4-byte blocks read in the byte order given, the host's by
 * default): an unsigned 32-bit number.
 */
export function murmurHash2(data: Uint8Array, littleEndian = hostLittleEndian): number {
  let len = data.length;
  let h = (0 ^ len) >>> 0;
  let i = 0;
  while (len >= 4) {
    let k = littleEndian
      ? data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)
      : (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
    i += 4;
    len -= 4;
  }
  if (len >= 3) h ^= data[i + 2] << 16;
  if (len >= 2) h ^= data[i + 1] << 8;
  if (len >= 1) {
    h ^= data[i];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h >>> 0;
}

/** libudev's string_hash32: the hash of the string's bytes (UTF-8, no terminating NUL). */
export function stringHash32(text: string, littleEndian = hostLittleEndian): number {
  return murmurHash2(Buffer.from(text, 'utf8'), littleEndian);
}

/** libudev's string_bloom64: four bits chosen by the string's hash. */
export function stringBloom64(text: string, littleEndian = hostLittleEndian): bigint {
  const hash = stringHash32(text, littleEndian);
  let bits = 0n;
  for (const shift of [0, 6, 12, 18]) bits |= 1n << BigInt((hash >>> shift) & 63);
  return bits;
}

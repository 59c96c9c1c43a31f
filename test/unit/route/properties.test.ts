// Property tests: arbitrary, truncated and randomly framed input to every message decoder.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  decodeAddress,
  decodeLink,
  decodeNeighbour,
  decodeRoute,
  decodeRule,
  encodeAddress,
  encodeLink,
  encodeNeighbour,
  encodeRoute,
  encodeRule,
} from '../../../lib/route/messages';
import { DecodeError } from '../../../lib/core/errors';
import { readCaptured } from './fixtures';
import { SLOWDOWN } from '../../helpers/netns';

type Decoder = (payload: Buffer, type?: number) => any;
type Encoder = (value: any) => Buffer;

const kinds: Array<{
  name: 'link' | 'address' | 'route' | 'neighbour' | 'rule';
  decode: Decoder;
  encode: Encoder;
  headerSize: number;
  /** Header bytes that are padding (must be zero to round-trip). */
  padding: number[];
  /** Attribute ids left out of random framing: nests (random contents need not be canonical) and the attributes
   * that widen a header field (their value must agree with the header to round-trip). */
  excluded: number[];
}> = [
  { name: 'link', decode: decodeLink, encode: encodeLink, headerSize: 16, padding: [1], excluded: [7, 12, 14, 18, 23, 26, 43, 52, 55] },
  { name: 'address', decode: decodeAddress, encode: encodeAddress, headerSize: 8, padding: [], excluded: [8] },
  { name: 'route', decode: decodeRoute, encode: encodeRoute, headerSize: 12, padding: [], excluded: [8, 9, 15] },
  { name: 'neighbour', decode: decodeNeighbour, encode: encodeNeighbour, headerSize: 12, padding: [1, 2, 3], excluded: [] },
  { name: 'rule', decode: decodeRule, encode: encodeRule, headerSize: 12, padding: [5, 6], excluded: [15] },
];

/**
 * Every cut on the host. The emulated BMC is slower by SLOWDOWN: there, every cut next to a header or attribute
 * boundary (where mistakes live) and every SLOWDOWN-th cut in between.
 */
function cutsToCheck(length: number, headerSize: number, ends: Set<number>): number[] {
  const cuts: number[] = [];
  for (let cut = 0; cut < length; cut++) {
    const nearBoundary = cut <= headerSize || ends.has(cut) || ends.has(cut + 1) || ends.has(cut - 1) || ends.has(cut - 4);
    if (SLOWDOWN === 1 || nearBoundary || cut % SLOWDOWN === 0) cuts.push(cut);
  }
  return cuts;
}

function checkErrors(decoded: any, length: number): void {
  expect(decoded).to.be.an('object');
  if (decoded.decodeErrors === undefined) return;
  expect(decoded.decodeErrors).to.be.an('array').that.is.not.empty;
  for (const e of decoded.decodeErrors) {
    expect(e).to.be.instanceOf(DecodeError);
    expect(e.code).to.equal('ERR_NETLINK_DECODE');
    expect(e.offset).to.be.within(0, length);
  }
}

/** Offsets where the header or a top-level attribute ends, its alignment padding included or not: cutting there
 * leaves a well-formed message. */
function boundaries(payload: Buffer, headerSize: number): Set<number> {
  const out = new Set<number>();
  for (let at = headerSize; at <= ((headerSize + 3) & ~3); at++) out.add(at);
  let off = (headerSize + 3) & ~3;
  while (off + 4 <= payload.length) {
    const len = payload.readUInt16LE(off);
    const next = off + ((len + 3) & ~3);
    for (let at = off + len; at <= next; at++) out.add(at);
    off = next;
  }
  return out;
}

describe('route message decoders on hostile input', () => {
  for (const k of kinds) {
    describe(k.name, () => {
      it('never throws on arbitrary bytes; problems are typed DecodeErrors with offsets inside the input', () => {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 0, max: 200 }), (bytes, type) => {
            const buf = Buffer.from(bytes);
            checkErrors(k.decode(buf), buf.length);
            checkErrors(k.decode(buf, type), buf.length);
          }),
          { numRuns: 3000 },
        );
      });

      it('never throws on captured messages with random bytes changed (deep inside nests too)', () => {
        const captured = readCaptured(k.name);
        fc.assert(
          fc.property(
            fc.integer({ min: 0, max: captured.length - 1 }),
            fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
            (which, changes) => {
              const buf = Buffer.from(captured[which].payload);
              for (const c of changes) buf[c.at % buf.length] = c.value;
              const decoded = k.decode(buf);
              checkErrors(decoded, buf.length);
              // Whatever was decoded can be encoded again, or is refused with an EncodeError (never another error).
              try {
                k.encode(decoded);
              } catch (e) {
                expect((e as { code?: string }).code).to.equal('ERR_NETLINK_ENCODE');
              }
            },
          ),
          { numRuns: 1500 },
        );
      });

      it('reports every truncation of a captured message that cuts through a header or attribute', () => {
        for (const m of readCaptured(k.name)) {
          const ends = boundaries(m.payload, k.headerSize);
          for (const cut of cutsToCheck(m.payload.length, k.headerSize, ends)) {
            const decoded = k.decode(m.payload.subarray(0, cut));
            checkErrors(decoded, cut);
            const wellFormed = cut >= k.headerSize && ends.has(cut);
            if (!wellFormed) expect(decoded.decodeErrors, `cut at ${cut} of\n${m.text}`).to.be.an('array').that.is.not.empty;
          }
        }
      });

      it('re-encodes randomly framed messages byte for byte, whatever the attribute values', () => {
        const attribute = fc
          .record({ id: fc.integer({ min: 0, max: 72 }), value: fc.uint8Array({ maxLength: 40 }) })
          .filter((a) => !k.excluded.includes(a.id));
        fc.assert(
          fc.property(fc.uint8Array({ minLength: k.headerSize, maxLength: k.headerSize }), fc.array(attribute, { maxLength: 12 }), (header, attrs) => {
            const head = Buffer.alloc((k.headerSize + 3) & ~3);
            head.set(header);
            for (const p of k.padding) head[p] = 0;
            const parts = [head];
            for (const a of attrs) {
              const at = Buffer.alloc((4 + a.value.length + 3) & ~3);
              at.writeUInt16LE(4 + a.value.length, 0);
              at.writeUInt16LE(a.id, 2);
              at.set(a.value, 4);
              parts.push(at);
            }
            const payload = Buffer.concat(parts);
            const decoded = k.decode(payload);
            checkErrors(decoded, payload.length);
            expect(k.encode(decoded).toString('hex')).to.equal(payload.toString('hex'));
          }),
          { numRuns: 2000 },
        );
      });
    });
  }
});

// The declarative attribute-set engine: decoding, encoding, wire-order fidelity and error handling, on a toy
// family whose bytes are written out by hand.
import { expect } from 'chai';
import {
  Codec,
  INVALID,
  STRUCT_EXTRA,
  WIRE_ORDER,
  attributeSet,
  decodeAttributes,
  decodeMessage,
  decodeStruct,
  encodeAttributes,
  encodeMessage,
  enumOf,
  flagsOf,
  formatIPv4,
  formatIPv6,
  indexed,
  ipAddress,
  linkLayerAddress,
  messageSpec,
  nested,
  select,
  struct,
  structSpec,
} from '../../../lib/core/spec';
import { DecodeError } from '../../../lib/core/errors';

const hex = (...words: string[]): Buffer => Buffer.from(words.join('').replace(/\s+/g, ''), 'hex');
/** Drops symbol-keyed bookkeeping for deep comparisons. */
const plain = (v: any): any =>
  Array.isArray(v) ? v.map(plain) : v instanceof Uint8Array || v === null || typeof v !== 'object' ? v : Object.fromEntries(Object.keys(v).map((k) => [k, plain(v[k])]));

const inner = attributeSet('inner', { a: { id: 1, type: 'u8' }, b: { id: 2, type: 'string' } });
const pair = structSpec('pair', 8, { first: [0, 'u32'], second: [4, 'u32'] }, 4);
const colour = enumOf('colour', 'u8', { 1: 'red', 2: 'green' } as const);
const bits = flagsOf('bits', 'u16', { 1: 'one', 2: 'two', 0x8000: 'top' } as const);
const toy = attributeSet('toy', {
  u8: { id: 1, type: 'u8' },
  u16: { id: 2, type: 'u16' },
  u32: { id: 3, type: 'u32' },
  u64: { id: 4, type: 'u64' },
  s8: { id: 5, type: 's8' },
  s16: { id: 6, type: 's16' },
  s32: { id: 7, type: 's32' },
  s64: { id: 8, type: 's64' },
  port: { id: 9, type: 'u16be' },
  be32: { id: 10, type: 'u32be' },
  name: { id: 11, type: 'string' },
  blob: { id: 12, type: 'binary' },
  on: { id: 13, type: 'flag' },
  tag: { id: 14, type: 'string', multi: true },
  inner: { id: 15, type: nested(inner) },
  list: { id: 16, type: indexed('u32') },
  kind: { id: 17, type: 'string' },
  data: { id: 18, type: select('kind', { inner: nested(inner) }) },
  pair: { id: 19, type: struct(pair) },
  colour: { id: 20, type: colour },
  bits: { id: 21, type: bits },
  ip: { id: 22, type: ipAddress },
  mac: { id: 23, type: linkLayerAddress },
});
const header = structSpec('hdr', 4, { version: [0, 'u8'], colour: [1, colour], count: [2, 'u16'] });
const toyMessage = messageSpec('toy', header, toy);

describe('attribute-set engine (lib/core/spec)', () => {
  it('decodes and re-encodes every scalar type', () => {
    const bytes = hex(
      '0500 0100 ff000000', //           u8 255
      '0600 0200 3412 0000', //          u16 0x1234
      '0800 0300 78563412', //           u32 0x12345678
      '0c00 0400 0100000000000080', //   u64 2^63 + 1
      '0500 0500 80000000', //           s8 -128
      '0600 0600 fffe 0000', //          s16 -257
      '0800 0700 ffffffff', //           s32 -1
      '0c00 0800 feffffffffffffff', //   s64 -2
      '0600 0900 12b5 0000', //          u16be 4789
      '0800 0a00 0a000001', //           u32be 0x0a000001
      '0900 0b00 68656c6c 6f000000', //   string "hello"
      '0700 0c00 010203 00', //           binary 01 02 03
      '0400 0d00', //                     flag
    );
    const v = decodeAttributes(toy, bytes);
    expect(plain(v)).to.deep.equal({
      u8: 255, u16: 0x1234, u32: 0x12345678, u64: 2n ** 63n + 1n, s8: -128, s16: -257, s32: -1, s64: -2n,
      port: 4789, be32: 0x0a000001, name: 'hello', blob: Buffer.from([1, 2, 3]), on: true,
    });
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(bytes.toString('hex'));
  });

  it('encodes a plain object in declaration order, with NLA_F_NESTED on nests', () => {
    const bytes = encodeAttributes(toy, { inner: { b: 'x', a: 7 }, u8: 1, tag: ['p', 'q'], on: false, bits: ['one', 'top'] });
    expect(bytes.toString('hex')).to.equal(
      hex('0500 0100 01000000', '0600 0e00 7000 0000', '0600 0e00 7100 0000', '1400 0f80', '  0500 0100 07000000', '  0600 0200 7800 0000', '0600 1500 0180 0000').toString('hex'),
    );
  });

  it('keeps the wire order, flag bits and repeats of a decoded set, and shares the order between equal messages', () => {
    const bytes = hex(
      '0600 0e00 7000 0000', //   tag "p"
      '0500 0100 01000000', //    u8 1
      '0c00 0f00', //             inner, without NLA_F_NESTED (as many kernel nests are)
      '  0500 0100 07000000',
      '0600 0e00 7100 0000', //   tag "q" again after other attributes
    );
    const a = decodeAttributes(toy, bytes);
    const b = decodeAttributes(toy, Buffer.from(bytes));
    expect(plain(a)).to.deep.equal({ tag: ['p', 'q'], u8: 1, inner: { a: 7 } });
    expect(encodeAttributes(toy, a).toString('hex')).to.equal(bytes.toString('hex'));
    expect((a as any)[WIRE_ORDER]).to.equal((b as any)[WIRE_ORDER]);
    expect(Object.isFrozen((a as any)[WIRE_ORDER])).to.equal(true);
    // A changed value is encoded in its old place; a removed one is left out; a new one is appended.
    a.u8 = 2;
    delete a.inner;
    a.u32 = 5;
    expect(encodeAttributes(toy, a).toString('hex')).to.equal(
      hex('0600 0e00 7000 0000', '0500 0100 02000000', '0600 0e00 7100 0000', '0800 0300 05000000').toString('hex'),
    );
  });

  it('re-encodes a nest whose content does not parse byte for byte, its unpadded nla_len included', () => {
    for (const garbage of ['ab', 'abcdef', 'ab00cd', 'abcdef01']) {
      const length = 4 + 8 + garbage.length / 2;
      const bytes = Buffer.concat([
        hex('0500 0100 01000000'), //                                  u8 1
        hex(length.toString(16).padStart(2, '0') + '00', '0f80'), //  inner, nla_len not a multiple of 4
        hex('  0500 0100 07000000', garbage), //                      a member, then bytes that are no attribute
        Buffer.alloc((4 - (length % 4)) % 4), //                      the nest's padding
        hex('0500 0100 02000000'), //                                 u8 again, after the nest
      ]);
      const v = decodeAttributes(toy, bytes);
      expect(v.decodeErrors, garbage).to.have.length.greaterThan(0);
      expect(encodeAttributes(toy, v).toString('hex'), garbage).to.equal(bytes.toString('hex'));
    }
  });

  it('keeps unknown attributes with their bytes and puts them back in place', () => {
    const bytes = hex('0500 0100 01000000', '0800 6300 deadbeef', '0500 0100 02000000', '0800 6480 00000000');
    const v = decodeAttributes(toy, bytes);
    expect(v.u8).to.equal(1);
    expect(plain(v.unknownAttributes)).to.deep.equal([
      { type: 0x63, value: hex('deadbeef') },
      { type: 1, value: hex('02') }, // a repeat of a single-valued attribute: the first one wins
      { type: 0x64, value: hex('00000000') },
    ]);
    expect(v.decodeErrors).to.equal(undefined);
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(bytes.toString('hex'));
  });

  it('reports malformed values as DecodeErrors with their offset and keeps their bytes', () => {
    const bytes = hex('0600 0300 0102 0000', '0500 1400 09000000', '0700 1600 0a0000 00', '0400 0d00');
    const v = decodeAttributes(toy, bytes);
    expect(v.u32).to.equal(undefined);
    expect(v.colour).to.equal(9); // an enum value without a name stays a number
    expect(v.ip).to.equal(undefined);
    expect(v.on).to.equal(true);
    expect(v.decodeErrors!.map((e) => [e.code, e.offset])).to.deep.equal([
      ['ERR_NETLINK_DECODE', 0],
      ['ERR_NETLINK_DECODE', 16],
    ]);
    expect(v.decodeErrors![0]).to.be.instanceOf(DecodeError);
    expect(v.decodeErrors![0].message).to.match(/toy\.u32: 2 bytes/);
    expect(plain(v.unknownAttributes)).to.deep.equal([{ type: 3, value: hex('0102') }, { type: 22, value: hex('0a0000') }]);
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(bytes.toString('hex'));
  });

  it('reports bytes that do not form an attribute and keeps them', () => {
    for (const tail of ['0300', '0900 0100 01', '0200 0100']) {
      const bytes = Buffer.concat([hex('0500 0100 01000000'), hex(tail)]);
      const v = decodeAttributes(toy, bytes);
      expect(v.u8).to.equal(1);
      expect(v.decodeErrors, tail).to.have.length(1);
      expect(v.decodeErrors![0].offset).to.equal(8);
      expect(encodeAttributes(toy, v).toString('hex')).to.equal(bytes.toString('hex'));
    }
  });

  it('keeps strings that their text alone would not reproduce', () => {
    for (const raw of ['616263', '61626300 7a7a', '00', 'f09080 00', '']) {
      const value = hex(raw);
      const bytes = Buffer.concat([Buffer.from([4 + value.length, 0, 11, 0]), value, Buffer.alloc(((value.length + 3) & ~3) - value.length)]);
      const v = decodeAttributes(toy, bytes);
      expect(encodeAttributes(toy, v).toString('hex'), raw).to.equal(bytes.toString('hex'));
    }
    const v = decodeAttributes(toy, hex('0700 0b00 616263 00'.replace(' 00', '')));
    expect(v.name).to.equal('abc');
    v.name = 'xy';
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(hex('0700 0b00 787900 00').toString('hex'));
  });

  it('decodes indexed arrays, remembering ids that are not 1..n', () => {
    const sequential = hex('1400 1000', '  0800 0100 0a000000', '  0800 0200 0b000000');
    const decoded = decodeAttributes(toy, sequential);
    expect(decoded.list).to.deep.equal([10, 11]);
    expect(encodeAttributes(toy, decoded).toString('hex')).to.equal(sequential.toString('hex'));
    expect(encodeAttributes(toy, { list: [10, 11] }).toString('hex')).to.equal(hex('1400 1080', '  0800 0100 0a000000', '  0800 0200 0b000000').toString('hex'));
    const sparse = hex('1400 1000', '  0800 0500 0a000000', '  0800 0900 0b000000');
    const v = decodeAttributes(toy, sparse);
    expect(v.list).to.deep.equal([10, 11]);
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(sparse.toString('hex'));
  });

  it('decodes a selected layout for a known discriminator and keeps bytes for others', () => {
    const known = hex('0a00 1100 696e6e65 7200 0000', '0c00 1200', '  0500 0100 05000000');
    expect(plain(decodeAttributes(toy, known))).to.deep.equal({ kind: 'inner', data: { a: 5 } });
    const other = hex('0800 1100 6f746800', '0800 1200 01020304');
    const v = decodeAttributes(toy, other);
    expect(plain(v)).to.deep.equal({ kind: 'oth', data: hex('01020304') });
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(other.toString('hex'));
    expect(() => encodeAttributes(toy, { kind: 'oth', data: { a: 1 } as any })).to.throw().with.property('code', 'ERR_NETLINK_ENCODE');
  });

  it('accepts structs longer than known (keeping the extra bytes) and shorter down to their minimum', () => {
    const longer = hex('1000 1300 01000000 02000000 03000000');
    const v = decodeAttributes(toy, longer);
    expect(plain(v.pair)).to.deep.equal({ first: 1, second: 2 });
    expect((v.pair as any)[STRUCT_EXTRA]).to.deep.equal(hex('03000000'));
    expect(encodeAttributes(toy, v).toString('hex')).to.equal(longer.toString('hex'));
    const shorter = hex('0800 1300 01000000');
    const s = decodeAttributes(toy, shorter);
    expect(plain(s.pair)).to.deep.equal({ first: 1 });
    expect(s.decodeErrors).to.equal(undefined);
    expect(encodeAttributes(toy, s).toString('hex')).to.equal(shorter.toString('hex'));
    const tooShort = decodeAttributes(toy, hex('0600 1300 0100 0000'));
    expect(tooShort.pair).to.equal(undefined);
    expect(tooShort.decodeErrors).to.have.length(1);
  });

  it('names enum values and flag bits, keeping numbers for unknown ones', () => {
    const v = decodeAttributes(toy, hex('0500 1400 02000000', '0600 1500 0740 0000'));
    expect(v.colour).to.equal('green');
    expect(v.bits).to.deep.equal(['one', 'two', 4, 0x4000]);
    expect(encodeAttributes(toy, { colour: 'red', bits: ['two', 4] }).toString('hex')).to.equal(hex('0500 1400 01000000', '0600 1500 0600 0000').toString('hex'));
    expect(() => encodeAttributes(toy, { colour: 'blue' as any })).to.throw(/colour: unknown value 'blue'/);
    expect(() => encodeAttributes(toy, { bits: ['three' as any] })).to.throw(/unknown flag 'three'/);
  });

  it('decodes messages: header struct then attributes; a short header is an error, not a throw', () => {
    const bytes = hex('02 01 0500', '0500 0100 09000000');
    const m = decodeMessage(toyMessage, bytes);
    expect(plain(m)).to.deep.equal({ version: 2, colour: 'red', count: 5, u8: 9 });
    expect(encodeMessage(toyMessage, m).toString('hex')).to.equal(bytes.toString('hex'));
    const short = decodeMessage(toyMessage, hex('02 01'));
    expect(short.decodeErrors).to.have.length(1);
    expect(short.decodeErrors![0].offset).to.equal(0);
    expect(plain(short)).to.include({ version: 2, colour: 'red' });
    // Offsets count from the start of the region decoded, wherever it sits in the buffer.
    const embedded = decodeMessage(toyMessage, Buffer.concat([hex('ffffffff'), hex('02010500', '0600 0300 0000 0000')]), 4);
    expect(embedded.decodeErrors![0].offset).to.equal(4);
  });

  it('decodes the same bytes alike wherever they sit in memory: any alignment, or at the very end of it', () => {
    // Where the region sits must not change values, errors or offsets (decoders index from `start`).
    const bytes = hex(
      '02 01 0500',
      '0500 0100 09000000', '0600 0200 3412 0000', '0800 0300 785634f2', '0c00 0400 0100000002000000',
      '0500 0500 ff000000', '0600 0600 feff 0000', '0800 0700 feffffff', '0600 0900 1f90 0000',
      '0c00 1300 01000000 02000000', '0500 1400 02000000', '0600 1500 0380 0000', '0800 1600 0a000001',
      '0600 0300 0100 0000', // a u32 of two bytes: an error with its offset
      '0500 0100 07', // the last attribute unpadded: the region ends inside a word
    );
    const reference = decodeMessage(toyMessage, bytes);
    expect(plain(reference)).to.deep.include({ version: 2, colour: 'green', count: 5, u8: 9, u16: 0x1234, u32: 0xf2345678, s8: -1, s16: -2, s32: -2, port: 0x1f90, bits: ['one', 'two', 'top'], ip: '10.0.0.1' });
    expect(plain(reference.pair)).to.deep.equal({ first: 1, second: 2 });
    expect(reference.decodeErrors!.map((e) => e.offset)).to.deep.equal([108]);
    const same = (v: any) => {
      expect(plain(v)).to.deep.equal(plain(reference));
      expect(v.decodeErrors!.map((e: DecodeError) => [e.offset, e.message])).to.deep.equal(reference.decodeErrors!.map((e) => [e.offset, e.message]));
      expect(encodeMessage(toyMessage, v).toString('hex')).to.equal(encodeMessage(toyMessage, reference).toString('hex'));
    };
    for (let shift = 0; shift < 8; shift++) {
      // At every offset of a larger buffer, with other bytes around it.
      const big = Buffer.alloc(bytes.length + 16, 0xee);
      bytes.copy(big, shift);
      same(decodeMessage(toyMessage, big, shift, shift + bytes.length));
      // At the very end of its memory, of every length modulo four.
      const memory = new ArrayBuffer(shift + bytes.length);
      const tail = Buffer.from(memory, shift, bytes.length);
      bytes.copy(tail);
      same(decodeMessage(toyMessage, tail));
    }
    // One buffer holding copies at every offset, decoded one after the other (aligned and not, alternately).
    const stride = bytes.length + 9;
    const shared = Buffer.alloc(stride * 8, 0xee);
    for (let k = 0; k < 8; k++) bytes.copy(shared, k * stride);
    for (let k = 0; k < 8; k++) same(decodeMessage(toyMessage, shared, k * stride, k * stride + bytes.length));
    // The attributes alone and a struct alone, from that same buffer: their own start decides how they are read.
    const attributes = decodeAttributes(toy, bytes, 4);
    const pairBytes = hex('785634f2 feffffff');
    const pairAlone = decodeStruct(pair, pairBytes);
    expect(plain(pairAlone)).to.deep.equal({ first: 0xf2345678, second: 0xfffffffe });
    const pairs = Buffer.alloc(8 * 16, 0xee);
    for (let k = 0; k < 8; k++) {
      bytes.copy(shared, k * stride);
      expect(plain(decodeAttributes(toy, shared, k * stride + 4, k * stride + bytes.length))).to.deep.equal(plain(attributes));
      pairBytes.copy(pairs, k * 16 + k);
      expect(plain(decodeStruct(pair, pairs, k * 16 + k, k * 16 + k + 8))).to.deep.equal(plain(pairAlone));
    }
  });

  it('refuses values it cannot encode with EncodeError', () => {
    for (const bad of [{ u8: 256 }, { u16: -1 }, { s8: 200 }, { name: 5 }, { blob: 'x' }, { ip: '1.2.3' }, { mac: 'xx' }, { inner: 3 }, { list: 4 }, { pair: null, u64: 1.5 }]) {
      expect(() => encodeAttributes(toy, bad as any), JSON.stringify(bad)).to.throw().with.property('code', 'ERR_NETLINK_ENCODE');
    }
  });

  it('formats and parses addresses as inet_ntop does', () => {
    const cases: Array<[string, string]> = [
      ['00000000000000000000000000000000', '::'],
      ['00000000000000000000000000000001', '::1'],
      ['20010db8000000000000000000000001', '2001:db8::1'],
      ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
      ['20010000000000010000000000000001', '2001:0:0:1::1'],
      ['00000000000000000000ffff01020304', '::ffff:1.2.3.4'],
      ['00000000000000000000000001020304', '::1.2.3.4'],
      ['fe800000000000000000000000010002', 'fe80::1:2'],
      ['20010db8000000000000000100000000', '2001:db8::1:0:0'],
      ['00010000000000000000000000000000', '1::'],
    ];
    for (const [bytes, text] of cases) {
      expect(formatIPv6(Buffer.from(bytes, 'hex'), 0)).to.equal(text);
      expect(Buffer.from(ipAddress.encode(text)).toString('hex')).to.equal(bytes);
    }
    expect(ipAddress.decode(Buffer.from([10, 0, 0, 1]), 0, 4)).to.equal('10.0.0.1');
    expect(ipAddress.decode(Buffer.from([10, 0, 0]), 0, 3)).to.equal(INVALID);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '::g', '256.0.0.1', '1.2.3.4.5', '']) {
      expect(() => ipAddress.encode(bad), bad).to.throw().with.property('code', 'ERR_NETLINK_ENCODE');
    }
    expect(linkLayerAddress.decode(Buffer.from([2, 0, 0, 0xab, 0, 1]), 0, 6)).to.equal('02:00:00:ab:00:01');
    expect(Buffer.from(linkLayerAddress.encode('02:00:00:AB:00:01')).toString('hex')).to.equal('020000ab0001');
  });

  it('formats every IPv4 address as a dotted quad, whatever prefixes went before (its prefix cache)', () => {
    const bytes = Buffer.alloc(4);
    const check = (a: number, b: number, c: number, d: number): void => {
      bytes[0] = a;
      bytes[1] = b;
      bytes[2] = c;
      bytes[3] = d;
      expect(formatIPv4(bytes, 0)).to.equal([a, b, c, d].join('.'));
    };
    // Same prefix again, then prefixes that land in the same cache slot in turn, then a walk of random addresses.
    check(10, 0, 0, 1);
    check(10, 0, 0, 255);
    check(0, 0, 0, 0);
    check(255, 255, 255, 255);
    for (let i = 0; i < 1024; i++) check(i & 255, (i >> 8) & 255, 0, i & 7);
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      check(seed >>> 24, (seed >>> 16) & 255, i % 3 === 0 ? 1 : (seed >>> 8) & 255, seed & 255);
    }
    const offset = Buffer.from([9, 9, 192, 168, 1, 5, 9]);
    expect(formatIPv4(offset, 2)).to.equal('192.168.1.5');
  });

  it('decodeStruct lists a member its codec rejects, and does not charge a decode in progress with it', () => {
    const even: Codec<number> = {
      kind: 'codec',
      name: 'even byte',
      size: 1,
      decode: (buf, start) => (buf[start] % 2 === 0 ? buf[start] : INVALID),
      encode: (v) => Uint8Array.of(v),
    };
    const evenPair = structSpec('evenPair', 2, { x: [0, even], y: [1, even] });
    const bad = decodeStruct(evenPair, Buffer.from([2, 3]));
    expect([bad.x, bad.y, bad.decodeErrors?.length]).to.deep.equal([2, undefined, 1]);
    expect(bad.decodeErrors![0]).to.be.instanceOf(DecodeError).and.include({ offset: 1 });
    // A codec that decodes a struct of its own while a message is being decoded.
    const wrapping: Codec<unknown> = {
      kind: 'codec',
      name: 'wrapping',
      decode: (buf, start, end) => decodeStruct(evenPair, buf, start, end),
      encode: () => new Uint8Array(0),
    };
    const host = messageSpec('host', structSpec('hdr', 4, { id: [0, 'u32'] }), attributeSet('hostAttrs', { w: { id: 1, type: wrapping } }));
    const decoded = decodeMessage(host, hex('07000000', '0600 0100 0203 0000'));
    expect(decoded.decodeErrors).to.equal(undefined);
    expect((decoded as any).w.decodeErrors).to.have.length(1);
    expect(plain(decodeStruct(evenPair, Buffer.from([2, 4])))).to.deep.equal({ x: 2, y: 4 });
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import { AttributeFlags } from '../../../lib/core/constants';
import { DecodeError, EncodeError } from '../../../lib/core/errors';
import {
  AttributeWriter,
  parseAttributes,
  rawAttributeType,
  readS32,
  readS64,
  readString,
  readU16,
  readU16BE,
  readU32,
  readU64,
  readU8,
} from '../../../lib/core/attributes';

describe('core/attributes: writer', () => {
  it('writes every scalar type with its header and zeroed padding', () => {
    const w = new AttributeWriter(8); // small on purpose: it must grow
    w.u8(1, 0xab).u16(2, 0x1234).u32(3, 0xdeadbeef).u64(4, 0x0102030405060708n);
    w.s8(5, -1).s16(6, -2).s32(7, -3).s64(8, -4n);
    w.u16be(9, 4789).u32be(10, 0x0a000001);
    expect(w.toBuffer().toString('hex')).to.equal(
      [
        '0500', '0100', 'ab000000', //             len 5, type 1 (u8), value, 3 bytes of padding
        '0600', '0200', '34120000', //             len 6, type 2 (u16 little-endian), padding
        '0800', '0300', 'efbeadde', //             len 8, type 3 (u32)
        '0c00', '0400', '0807060504030201', //     len 12, type 4 (u64)
        '0500', '0500', 'ff000000', //             s8 -1
        '0600', '0600', 'feff0000', //             s16 -2
        '0800', '0700', 'fdffffff', //             s32 -3
        '0c00', '0800', 'fcffffffffffffff', //     s64 -4
        '0600', '0900', '12b50000', //             u16 big-endian 4789 (VXLAN port), no NET_BYTEORDER flag
        '0800', '0a00', '0a000001', //             u32 big-endian 10.0.0.1
      ].join(''),
    );
  });

  it('writes strings with and without NUL, binary, flags and the NET_BYTEORDER mark', () => {
    const w = new AttributeWriter();
    w.string(3, 'eth0').stringNoNul(20, 'ab').binary(1, Buffer.from('020000000001', 'hex')).flag(7).u16be(2, 80, true);
    expect(w.toBuffer().toString('hex')).to.equal(
      [
        '0900', '0300', '6574683000000000', //   len 9: "eth0\0", padded to 12
        '0600', '1400', '61620000', //           len 6: "ab" without NUL
        '0a00', '0100', '0200000000010000', //   len 10: 6 bytes of binary
        '0400', '0700', //                       len 4: a flag has no value
        '0600', '0240', '00500000', //           type 2 | NLA_F_NET_BYTEORDER (0x4000), 80 big-endian
      ].join(''),
    );
  });

  it('nests with NLA_F_NESTED and a length covering the members', () => {
    const w = new AttributeWriter();
    w.nested(18, (n) => {
      n.string(1, 'veth');
      n.nested(2, (d) => d.nested(1, (p) => p.u32(3, 1500)));
    });
    expect(w.toBuffer().toString('hex')).to.equal(
      [
        '2000', '1280', //         len 32, IFLA_LINKINFO (18) | NLA_F_NESTED
        '0900', '0100', '7665746800000000', // IFLA_INFO_KIND "veth\0" + padding
        '1000', '0280', //         len 16, IFLA_INFO_DATA | NESTED
        '0c00', '0180', //         len 12, VETH_INFO_PEER | NESTED
        '0800', '0300', 'dc050000', //        u32 1500
      ].join(''),
    );
  });

  it('writes fixed struct bytes before attributes, padded to 4', () => {
    const w = new AttributeWriter();
    w.bytes(Buffer.from([1, 2, 3, 4, 5]));
    w.u8(1, 9);
    expect(w.toBuffer().toString('hex')).to.equal('0102030405000000' + '05000100' + '09000000');
  });

  describe('refuses what cannot be encoded, with an EncodeError', () => {
    const cases: Array<[string, (w: AttributeWriter) => void]> = [
      ['u8 256', (w) => w.u8(1, 256)],
      ['u16 -1', (w) => w.u16(1, -1)],
      ['u32 1.5', (w) => w.u32(1, 1.5)],
      ['u32 2^32', (w) => w.u32(1, 2 ** 32)],
      ['u64 negative', (w) => w.u64(1, -1n)],
      ['u64 2^64', (w) => w.u64(1, 1n << 64n)],
      ['u64 unsafe number', (w) => w.u64(1, 2 ** 60)],
      ['s8 128', (w) => w.s8(1, 128)],
      ['s64 2^63', (w) => w.s64(1, 1n << 63n)],
      ['type above 0x3fff', (w) => w.u8(0x4000, 1)],
      ['a value over 65531 bytes', (w) => w.binary(1, Buffer.alloc(65532))],
      ['a string that is not a string', (w) => w.string(1, 42 as unknown as string)],
      ['a nest over 65535 bytes', (w) => w.nested(1, (n) => { n.binary(2, Buffer.alloc(40000)); n.binary(3, Buffer.alloc(40000)); })],
    ];
    for (const [what, fn] of cases) {
      it(what, () => {
        expect(() => fn(new AttributeWriter())).to.throw(EncodeError);
      });
    }
    it('a refused nest leaves nothing half-written behind', () => {
      const w = new AttributeWriter();
      w.u8(1, 1);
      expect(() => w.nested(2, (n) => n.binary(3, Buffer.alloc(70000)))).to.throw(EncodeError);
      expect(() => w.nested(2, (n) => { n.binary(3, Buffer.alloc(40000)); n.binary(3, Buffer.alloc(40000)); })).to.throw(EncodeError);
      expect(w.toBuffer().toString('hex')).to.equal('05000100' + '01000000');
    });
    it('the largest attribute that fits is accepted', () => {
      const w = new AttributeWriter();
      w.binary(1, Buffer.alloc(65531));
      expect(w.toBuffer().readUInt16LE(0)).to.equal(65535);
    });
  });
});

describe('core/attributes: parser', () => {
  it('parses types, flags, offsets and values', () => {
    const buf = Buffer.from('0800' + '0300' + 'dc050000' + '0c00' + '1280' + '0500' + '0100' + '07000000' + '0600' + '0240' + '00500000', 'hex');
    const { attributes, error } = parseAttributes(buf, 0, buf.length);
    expect(error).to.equal(undefined);
    expect(attributes.map((a) => [a.type, a.nested, a.netByteOrder, a.offset, a.value.toString('hex')])).to.deep.equal([
      [3, false, false, 0, 'dc050000'],
      [18, true, false, 8, '0500010007000000'],
      [2, false, true, 20, '0050'],
    ]);
    expect(rawAttributeType(attributes[1])).to.equal(18 | AttributeFlags.Nested);
    const inner = parseAttributes(buf, attributes[1].offset + 4, attributes[1].offset + 12);
    expect(inner.attributes[0].value.toString('hex')).to.equal('07');
  });

  it('reads values of every width, and refuses short ones with undefined instead of throwing', () => {
    const v = Buffer.from('0102030405060708', 'hex');
    expect([readU8(v), readU16(v), readU32(v), readU64(v), readU16BE(v)]).to.deep.equal([1, 0x0201, 0x04030201, 0x0807060504030201n, 0x0102]);
    expect(readS32(Buffer.from('feffffff', 'hex'))).to.equal(-2);
    expect(readS64(Buffer.from('feffffffffffffff', 'hex'))).to.equal(-2n);
    const short = Buffer.from('01', 'hex');
    expect([readU16(short), readU32(short), readU64(short), readS32(short)]).to.deep.equal([undefined, undefined, undefined, undefined]);
    expect(readString(Buffer.from('6574683000ffff', 'hex'))).to.equal('eth0');
    expect(readString(Buffer.from('657468', 'hex'))).to.equal('eth');
  });

  describe('malformed input gives a typed error naming the offset, keeping what came before', () => {
    const ok = '0500010007000000';
    const cases: Array<[string, string, number, RegExp]> = [
      ['attribute length < 4', ok + '0300' + '0100', 8, /shorter than its header/],
      ['a length past the end', ok + '1000' + '0100' + '0000', 8, /runs past the end/],
      ['a truncated header', ok + '0800', 8, /truncated attribute header/],
    ];
    for (const [what, hex, offset, re] of cases) {
      it(what, () => {
        const { attributes, error } = parseAttributes(Buffer.from(hex, 'hex'), 0);
        expect(attributes).to.have.length(1);
        expect(error).to.be.instanceOf(DecodeError);
        expect(error!.offset).to.equal(offset);
        expect(error!.message).to.match(re);
      });
    }
  });

  it('property: arbitrary bytes never throw, and parsed attributes lie inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const { attributes } = parseAttributes(buf, 0, buf.length);
        for (const a of attributes) expect(a.offset + 4 + a.value.length).to.be.at.most(buf.length);
      }),
    );
  });

  it('property: write → parse → re-emit (raw) is byte-identical, nested included', () => {
    type Node = { type: number; flags: number; value?: Uint8Array; children?: Node[] };
    const leaf = fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), flags: fc.constantFrom(0, AttributeFlags.NetByteOrder), value: fc.uint8Array({ maxLength: 40 }) });
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), flags: fc.constant(AttributeFlags.Nested), children: fc.array(tie('node'), { maxLength: 4 }) })),
    })).node as fc.Arbitrary<Node>;
    const emit = (w: AttributeWriter, n: Node): void => {
      if (n.children) w.nested(n.type, (inner) => n.children!.forEach((c) => emit(inner, c)));
      else w.raw(n.type | n.flags, n.value!);
    };
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 6 }), (nodes) => {
        const w = new AttributeWriter();
        nodes.forEach((n) => emit(w, n));
        const wire = w.toBuffer();
        const { attributes, error } = parseAttributes(wire, 0, wire.length);
        expect(error).to.equal(undefined);
        const again = new AttributeWriter();
        for (const a of attributes) again.raw(rawAttributeType(a), a.value);
        expect(again.toBuffer().equals(wire)).to.equal(true);
      }),
    );
  });
});

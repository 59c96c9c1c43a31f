import { expect } from 'chai';
import fc from 'fast-check';
import { MessageFlags } from '../../../lib/core/constants';
import { DecodeError } from '../../../lib/core/errors';
import { align4, frameMessage as encodeMessage, readHeader, splitMessages } from '../../../lib/core/header';

// RTM_GETLINK dump request with an empty ifinfomsg, as `ip link show` sends it.
const getlinkDump = Buffer.from(
  [
    '20000000', // nlmsg_len   = 32
    '1200', //     nlmsg_type  = 18 (RTM_GETLINK)
    '0103', //     nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP (0x301)
    '2a000000', // nlmsg_seq   = 42
    '00000000', // nlmsg_pid   = 0
    '00000000000000000000000000000000', // struct ifinfomsg, all zero (16 bytes)
  ].join(''),
  'hex',
);

describe('core/header: nlmsghdr', () => {
  it('encodes a message byte for byte', () => {
    const out = encodeMessage(18, MessageFlags.Request | 0x300, 42, 0, Buffer.alloc(16));
    expect(out.toString('hex')).to.equal(getlinkDump.toString('hex'));
  });

  it('pads the payload to 4 bytes with zeros and sets nlmsg_len without the padding', () => {
    const out = encodeMessage(0x10, 0, 1, 7, Buffer.from([0xaa, 0xbb, 0xcc]));
    expect(out.length).to.equal(20);
    expect(out.readUInt32LE(0)).to.equal(19);
    expect(out.subarray(16).toString('hex')).to.equal('aabbcc00');
  });

  it('reads a header back', () => {
    expect(readHeader(getlinkDump)).to.deep.equal({ length: 32, type: 18, flags: 0x301, seq: 42, portId: 0 });
  });

  it('splits a datagram holding several messages', () => {
    const a = encodeMessage(0x10, MessageFlags.Multi, 1, 9, Buffer.from('01020304', 'hex'));
    const b = encodeMessage(0x11, MessageFlags.Multi, 1, 9, Buffer.from('05', 'hex'));
    const { messages, error } = splitMessages(Buffer.concat([a, b]));
    expect(error).to.equal(undefined);
    expect(messages.map((m) => [m.type, m.flags, m.seq, m.portId, m.payload.toString('hex')])).to.deep.equal([
      [0x10, 2, 1, 9, '01020304'],
      [0x11, 2, 1, 9, '05'],
    ]);
  });

  it('accepts a final message without its alignment padding', () => {
    const unpadded = encodeMessage(0x10, 0, 1, 0, Buffer.from('aabbcc', 'hex')).subarray(0, 19);
    const { messages, error } = splitMessages(unpadded);
    expect(error).to.equal(undefined);
    expect(messages[0].payload.toString('hex')).to.equal('aabbcc');
  });

  describe('malformed input gives a typed error naming the offset, never a throw', () => {
    const good = encodeMessage(0x10, 0, 1, 0, Buffer.alloc(4));
    const cases: Array<[string, Buffer, number, RegExp]> = [
      ['a truncated header', Buffer.alloc(10), 0, /truncated netlink header/],
      ['a length past the end', Buffer.concat([good, Buffer.from('ff000000100000000100000000000000', 'hex')]), 20, /runs past the end/],
      ['a zero-length message', Buffer.concat([good, Buffer.alloc(16)]), 20, /shorter than its header/],
      ['a length below the header size', Buffer.from('0f000000100000000100000000000000', 'hex'), 0, /shorter than its header/],
    ];
    for (const [what, buf, offset, re] of cases) {
      it(what, () => {
        const { error } = splitMessages(buf);
        expect(error).to.be.instanceOf(DecodeError);
        expect(error!.code).to.equal('ERR_NETLINK_DECODE');
        expect(error!.offset).to.equal(offset);
        expect(error!.message).to.match(re);
      });
    }
    it('readHeader on 15 bytes', () => {
      expect(readHeader(Buffer.alloc(15))).to.be.instanceOf(DecodeError);
    });
  });

  it('property: encode → split → encode is byte-identical', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.integer({ min: 0, max: 0xffff }),
            flags: fc.integer({ min: 0, max: 0xffff }),
            seq: fc.integer({ min: 0, max: 0xffffffff }),
            portId: fc.integer({ min: 0, max: 0xffffffff }),
            payload: fc.uint8Array({ maxLength: 64 }),
          }),
          { maxLength: 5 },
        ),
        (msgs) => {
          const wire = Buffer.concat(msgs.map((m) => encodeMessage(m.type, m.flags, m.seq, m.portId, Buffer.from(m.payload))));
          const { messages, error } = splitMessages(wire);
          expect(error).to.equal(undefined);
          const again = Buffer.concat(messages.map((m) => encodeMessage(m.type, m.flags, m.seq, m.portId, m.payload)));
          expect(again.equals(wire)).to.equal(true);
        },
      ),
    );
  });

  it('property: arbitrary bytes never make splitMessages throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const { messages, error } = splitMessages(Buffer.from(bytes));
        let consumed = 0;
        for (const m of messages) consumed += align4(m.payload.length + 16);
        if (error) expect(error.offset).to.be.at.least(Math.min(consumed, bytes.length));
      }),
    );
  });
});

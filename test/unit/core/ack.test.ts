import { expect } from 'chai';
import fc from 'fast-check';
import { decodeAck } from '../../../lib/core/ack';
import { AckFlags } from '../../../lib/core/constants';
import { DecodeError, NetlinkError } from '../../../lib/core/errors';

// The echoed request in these vectors: RTM_NEWLINK (16), flags REQUEST|ACK|EXCL|CREATE, seq 7, port 1234.
const echoedHeader = '20000000' + '1000' + '0506' + '07000000' + 'd2040000';
const echoedBody = '00000000000000000000000000000000'; // the request's ifinfomsg (16 bytes)
const extAckTlvs = [
  '1800', '0100', '556e6b6e6f776e20646576696365207479706500', // NLMSGERR_ATTR_MSG "Unknown device type\0", len 24
  '0800', '0200', '24000000', //   NLMSGERR_ATTR_OFFS = 36: the offending attribute's offset in the request
  '0800', '0500', '03000000', //   NLMSGERR_ATTR_MISS_TYPE = 3
  '0800', '0600', '20000000', //   NLMSGERR_ATTR_MISS_NEST = 32
].join('');

describe('core/ack: NLMSG_ERROR and NLMSG_DONE payloads', () => {
  it('an ACK: error 0', () => {
    const payload = Buffer.from('00000000' + echoedHeader, 'hex'); // error = 0, the request's header (capped)
    expect(decodeAck(payload, AckFlags.Capped)).to.deep.equal({ errno: 0, capped: true });
  });

  it('an error without extended ACK, whole request echoed', () => {
    const payload = Buffer.from('efffffff' + echoedHeader + echoedBody, 'hex'); // error = -17 (EEXIST)
    expect(decodeAck(payload, 0)).to.deep.equal({ errno: 17, capped: false });
  });

  it('an error with extended ACK, capped (only the header echoed)', () => {
    const payload = Buffer.from('a1ffffff' + echoedHeader + extAckTlvs, 'hex'); // error = -95 (EOPNOTSUPP)
    expect(decodeAck(payload, AckFlags.Capped | AckFlags.AckTlvs)).to.deep.equal({
      errno: 95,
      capped: true,
      extAck: 'Unknown device type',
      badAttributeOffset: 36,
      missingAttribute: 3,
      missingNest: 32,
    });
  });

  it('an error with extended ACK after the whole echoed request (not capped)', () => {
    const payload = Buffer.from('eaffffff' + echoedHeader + echoedBody + extAckTlvs, 'hex'); // error = -22 (EINVAL)
    const info = decodeAck(payload, AckFlags.AckTlvs);
    expect(info).to.deep.include({ errno: 22, capped: false, extAck: 'Unknown device type', badAttributeOffset: 36 });
  });

  it('a failed dump: NLMSG_DONE with an error and extended ACK right after it', () => {
    const payload = Buffer.from('eaffffff' + extAckTlvs, 'hex');
    expect(decodeAck(payload, AckFlags.AckTlvs, true)).to.deep.include({ errno: 22, extAck: 'Unknown device type' });
  });

  it('a plain NLMSG_DONE (error 0 or no payload at all)', () => {
    expect(decodeAck(Buffer.from('00000000', 'hex'), 0, true)).to.deep.equal({ errno: 0, capped: false });
    expect(decodeAck(Buffer.alloc(0), 0, true)).to.deep.equal({ errno: 0, capped: false });
  });

  it('an NLMSG_ERROR too short for its error code is a DecodeError', () => {
    expect(decodeAck(Buffer.from('0000', 'hex'), 0)).to.be.instanceOf(DecodeError);
  });

  it('an echoed request header claiming a huge nlmsg_len gives the error code, never a throw', () => {
    for (const claimed of [0x80000000, 0xfffffff0, 0xffffffff, 0x7ffffffd, 1000]) {
      const payload = Buffer.from('eaffffff' + echoedHeader + extAckTlvs, 'hex');
      payload.writeUInt32LE(claimed, 4);
      expect(decodeAck(payload, AckFlags.AckTlvs), `nlmsg_len ${claimed}`).to.deep.equal({ errno: 22, capped: false });
    }
  });

  it('property: an echoed header of any length never throws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 64 }), (claimed, tail) => {
        const payload = Buffer.concat([Buffer.from('eaffffff' + echoedHeader, 'hex'), Buffer.from(tail)]);
        payload.writeUInt32LE(claimed, 4);
        const info = decodeAck(payload, AckFlags.AckTlvs);
        expect(info).to.have.property('errno', 22);
      }),
    );
  });

  it('property: garbage never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: 0xffff }), fc.boolean(), (bytes, flags, done) => {
        decodeAck(Buffer.from(bytes), flags, done);
      }),
    );
  });

  it('NetlinkError looks like a Node system error and carries the details', () => {
    const err = new NetlinkError({ errno: 17, seq: 5, requestType: 24, operation: 'RTM_NEWROUTE', extAck: 'Route exists' });
    expect(err).to.be.instanceOf(Error);
    expect(err.name).to.equal('NetlinkError');
    expect(err.code).to.equal('EEXIST');
    expect(err.errno).to.equal(17);
    expect(err.syscall).to.equal('netlink');
    expect(err.seq).to.equal(5);
    expect(err.message).to.match(/^RTM_NEWROUTE failed: EEXIST \(.+\): Route exists$/);
  });
});

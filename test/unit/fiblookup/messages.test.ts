// struct fib_result_nl against bytes laid out by hand from include/net/ip_fib.h, and an answer the kernel gave.
import { expect } from 'chai';
import { EncodeError } from '../../../lib/core';
import { decodeFibResult, encodeFibResult, FIB_LOOKUP } from '../../../lib/fiblookup';
import { FibLookupClient } from '../../../lib/fiblookup';

const hex = (...parts: string[]) => Buffer.from(parts.join('').replace(/ /g, ''), 'hex');

describe('fiblookup: struct fib_result_nl', () => {
  it('encodes a question: the address in network order, the mark in host order, the table last', () => {
    const bytes = encodeFibResult({ flAddr: '10.1.2.3', flMark: 7, flTos: 0x10, flScope: 253, tbIdIn: 100 });
    expect(bytes.toString('hex')).to.equal(hex('0a010203', '07000000', '10 fd 64', '00 00 00 00 00', '00000000').toString('hex'));
  });

  it("decodes the kernel's answer for 127.0.0.1 in the local table (captured on this host)", () => {
    const answer = decodeFibResult(hex('7f000001 00000000 0000ff ff 20 00 02 fe 00000000'), FIB_LOOKUP);
    expect(JSON.parse(JSON.stringify(answer))).to.deep.equal({
      flAddr: '127.0.0.1', flMark: 0, flTos: 0, flScope: 0, tbIdIn: 255, tbId: 255, prefixlen: 32, nhSel: 0, type: 2, scope: 254, err: 0,
    });
    expect(answer.decodeErrors).to.equal(undefined);
  });

  it('decodes a negative errno, and flags a short answer and a foreign message type', () => {
    expect(decodeFibResult(hex('0a000001 00000000 000000 00 00 00 00 00 8fffffff')).err).to.equal(-113);
    expect(decodeFibResult(hex('0a000001')).decodeErrors).to.have.length.above(0);
    expect(decodeFibResult(encodeFibResult({}), 24).decodeErrors![0].message).to.match(/is not a FIB lookup message/);
  });

  it('refuses what cannot be encoded: no IPv4 address, a table above 255', () => {
    expect(() => encodeFibResult({ flAddr: '2001:db8::1' })).to.throw(EncodeError);
    expect(() => encodeFibResult({ flAddr: '10.0.0.1', tbIdIn: 300 })).to.throw(EncodeError);
  });

  it('a lookup with bad input rejects with EncodeError before anything is sent', async () => {
    const sent: Buffer[] = [];
    // No socket is needed to refuse input: a stand-in that records what would have been sent.
    const client = new FibLookupClient({ requestOne: (_t: number, p: Buffer) => (sent.push(p), Promise.resolve()) } as never);
    for (const [address, options] of [[undefined, {}], ['10.0.0.256', {}], ['10.0.0.1', { table: -1 }]] as const) {
      const caught = await client.lookup(address as unknown as string, options).then(() => undefined, (err: unknown) => err);
      expect(caught, String(address)).to.be.instanceOf(EncodeError);
    }
    expect(sent).to.deep.equal([]);
  });
});

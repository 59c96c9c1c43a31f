// What callers pass in, checked before anything is registered or sent: bad options, types and flags fail the way
// Node's own APIs do (ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE), the connection stays
// usable and closable; streams and requests on a closed or aborted connection settle instead of waiting forever.
import { expect } from 'chai';
import { Connection, Protocol } from '../../../lib/core';
import { withNetns } from '../../helpers/netns';
import { rejection } from '../../helpers/rejection';

const RTM_GETLINK = 18;
const ifinfomsg = () => Buffer.alloc(16);

function sequenceOf(c: Connection): number {
  return (c as unknown as { nextSeq: number }).nextSeq;
}

describe('Connection: arguments and settling (kernel)', () => {
  const holder = withNetns('lnl-args');
  let c: Connection;
  beforeEach(() => {
    c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
  });
  afterEach(() => c?.close());

  const badRequests: Array<[string, unknown, unknown, unknown, string]> = [
    ['signal: a string', RTM_GETLINK, ifinfomsg(), { signal: 'x' }, 'ERR_INVALID_ARG_TYPE'],
    ['signal: null', RTM_GETLINK, ifinfomsg(), { signal: null }, 'ERR_INVALID_ARG_TYPE'],
    ['timeout: -5', RTM_GETLINK, ifinfomsg(), { timeout: -5 }, 'ERR_OUT_OF_RANGE'],
    ['timeout: NaN', RTM_GETLINK, ifinfomsg(), { timeout: NaN }, 'ERR_OUT_OF_RANGE'],
    ["timeout: 'x'", RTM_GETLINK, ifinfomsg(), { timeout: 'x' }, 'ERR_INVALID_ARG_TYPE'],
    ['flags above 16 bits', RTM_GETLINK, ifinfomsg(), { flags: 0x10000 }, 'ERR_OUT_OF_RANGE'],
    ['type above 16 bits', 0x10012, ifinfomsg(), {}, 'ERR_OUT_OF_RANGE'],
    ['type not a number', 'x', ifinfomsg(), {}, 'ERR_INVALID_ARG_TYPE'],
    ['payload not bytes', RTM_GETLINK, 'x', {}, 'ERR_INVALID_ARG_TYPE'],
    ['options null', RTM_GETLINK, ifinfomsg(), null, 'ERR_INVALID_ARG_TYPE'],
  ];

  for (const [what, type, payload, options, code] of badRequests) {
    it(`request, requestOne, dump, dumpStream refuse ${what} before sending, and the connection stays usable`, async () => {
      const seq = sequenceOf(c);
      const any = c as unknown as Record<string, (...args: unknown[]) => unknown>;
      expect(await rejection(any.request.call(c, type, payload, options) as Promise<unknown>)).to.have.property('code', code);
      expect(await rejection(any.requestOne.call(c, type, payload, options, () => 1) as Promise<unknown>)).to.have.property('code', code);
      expect(await rejection(any.dump.call(c, type, payload, options) as Promise<unknown>)).to.have.property('code', code);
      expect(() => any.dumpStream.call(c, type, payload, options)).to.throw().with.property('code', code);
      expect(sequenceOf(c), 'no sequence number was used').to.equal(seq);
      const links = await c.dump(RTM_GETLINK, ifinfomsg());
      expect(links.messages.length).to.be.greaterThan(0);
      expect(() => c.close()).to.not.throw();
    });
  }

  it('refuses bad connection options before opening a socket', () => {
    const any = Connection as unknown as { open(o: unknown): Connection };
    expect(() => any.open(null)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => any.open({ protocol: Protocol.Route, receiveBufferSize: -1 })).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => any.open({ protocol: Protocol.Route, strict: 'yes' })).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => c.subscribe([0])).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => c.subscribe('1' as unknown as number[])).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
  });

  it('a dump stream with an already-aborted signal rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const stream of [c.dumpStream(RTM_GETLINK, ifinfomsg(), { signal: controller.signal }), c.dumpChunks(RTM_GETLINK, ifinfomsg(), { signal: controller.signal })]) {
      const err = await rejection((async () => {
        for await (const batch of stream) void batch;
      })());
      expect(err).to.have.property('code', 'ABORT_ERR');
      expect(err).to.have.property('name', 'AbortError');
    }
  });

  it('a dump stream on a closed connection rejects with ERR_NETLINK_CLOSED', async () => {
    c.close();
    for (const stream of [c.dumpStream(RTM_GETLINK, ifinfomsg()), c.dumpChunks(RTM_GETLINK, ifinfomsg())]) {
      const err = await rejection((async () => {
        for await (const batch of stream) void batch;
      })());
      expect(err).to.have.property('code', 'ERR_NETLINK_CLOSED');
    }
    expect(await rejection(c.dump(RTM_GETLINK, ifinfomsg()))).to.have.property('code', 'ERR_NETLINK_CLOSED');
    expect(() => c.subscribe([1])).to.throw().with.property('code', 'ERR_NETLINK_CLOSED');
  });
});

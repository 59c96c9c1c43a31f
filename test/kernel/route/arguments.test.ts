// RouteClient with what a caller should not pass: Node-style errors before anything is sent or opened; streams
// and monitors on a closed client settle with ERR_NETLINK_CLOSED instead of waiting forever.
import { readdirSync } from 'fs';
import { expect } from 'chai';
import { RouteClient } from '../../../lib/route';
import { withNetns } from '../../helpers/netns';
import { rejection } from '../../helpers/rejection';

async function drain(it: AsyncIterable<unknown>): Promise<void> {
  for await (const x of it) void x;
}

const openFds = () => readdirSync('/proc/self/fd').length;

describe('RouteClient: arguments and a closed client (kernel)', () => {
  const env = withNetns('r2-args');
  let client: RouteClient;
  before(() => {
    client = RouteClient.open({ netns: env.ns.name });
  });
  after(() => client?.close());

  it('refuses bad client options before opening a socket', () => {
    const before = openFds();
    const open = RouteClient.open as (o: unknown) => RouteClient;
    expect(() => open({ netns: env.ns.name, timeout: -5 })).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => open({ netns: env.ns.name, timeout: 'x' })).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => open({ netns: env.ns.name, retryOnInterrupt: -1 })).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(() => open(null)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(openFds()).to.equal(before);
  });

  it("getLink('lo\\0x') is refused, not answered with lo", async () => {
    expect(await rejection(client.getLink('lo\0x'))).to.have.property('code', 'ERR_INVALID_ARG_VALUE');
    expect((await client.getLink('lo')).ifname).to.equal('lo');
  });

  it('null where an object is expected is ERR_INVALID_ARG_TYPE, for lists, streams, lookups and changes', async () => {
    const any = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['links', 'addresses', 'routes', 'neighbours', 'rules']) {
      expect(await rejection(any[method].call(client, null) as Promise<unknown>), method).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    }
    for (const method of ['linksStream', 'addressesStream', 'routesStream', 'neighboursStream', 'rulesStream']) {
      // Thrown at the call or rejected at the first next(): either way before anything is sent.
      const err = await rejection((async () => drain(any[method].call(client, null) as AsyncIterable<unknown>))());
      expect(err, method).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    }
    expect(await rejection(client.getRoute('127.0.0.1', null as never))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(await rejection(client.createLink(null as never))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(await rejection(client.setLink('lo', null as never))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(await rejection(client.addRoute({ dst: '10.9.0.0/16', dev: 'lo' } as never, null as never))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => client.monitor(undefined, null as never)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => client.monitor(['constructor' as never])).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => client.monitor(['link'], { maxQueuedEvents: -1 })).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(await client.routes({ table: 'main' })).to.be.an('array'); // still usable
  });

  it('every stream on a closed client rejects with ERR_NETLINK_CLOSED, and monitor() opens nothing', async () => {
    const closed = RouteClient.open({ netns: env.ns.name });
    closed.close();
    for (const stream of [closed.linksStream(), closed.addressesStream(), closed.routesStream(), closed.neighboursStream(), closed.rulesStream(), closed.routeBatches()]) {
      expect(await rejection(drain(stream))).to.have.property('code', 'ERR_NETLINK_CLOSED');
    }
    const before = openFds();
    expect(() => closed.monitor()).to.throw().with.property('code', 'ERR_NETLINK_CLOSED');
    expect(openFds()).to.equal(before);
  });
});

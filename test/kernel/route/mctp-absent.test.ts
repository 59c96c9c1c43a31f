// MCTP calls on a kernel without CONFIG_MCTP (this host's: AF_MCTP sockets fail with EAFNOSUPPORT). rtnetlink
// answers a dump of family AF_MCTP with every family's objects, and routes writes of an unknown family to the
// generic handlers: the lists must come back empty, not full of IP objects read as MCTP ones, and the writes
// must fail with the kernel's errors. The guest tests (test/qemu/mctp.test.ts) cover a kernel with MCTP.
import { expect } from 'chai';
import { NetlinkError } from '../../../lib/core';
import { RouteClient } from '../../../lib/route';
import { skipWithReason, withNetns } from '../../helpers/netns';
import { rejection } from '../../helpers/rejection';

describe('RouteClient: MCTP on a kernel without it (kernel)', () => {
  const env = withNetns('r2-nomctp');
  let client: RouteClient;
  before(async function () {
    client = RouteClient.open({ netns: env.ns.name });
    env.ns.ip(['addr', 'add', '10.9.0.1/24', 'dev', 'lo']);
    const lo = await client.getLink('lo');
    if (lo.afSpec !== undefined && !Buffer.isBuffer(lo.afSpec) && lo.afSpec.mctp !== undefined) skipWithReason(this, 'this kernel has MCTP');
  });
  after(() => client?.close());

  it('lists no MCTP links, EIDs, routes or neighbours although the kernel answers the dumps with IP objects', async () => {
    expect(await client.mctpLinks()).to.deep.equal([]);
    expect(await client.mctpAddresses()).to.deep.equal([]);
    expect(await client.mctpRoutes()).to.deep.equal([]);
    expect(await client.mctpNeighbours()).to.deep.equal([]);
    // The kernel did answer the AF_MCTP address dump, with the IPv4 address added above (what the filter drops).
    const raw = await client.connection.dump(22, Buffer.from('2d00000000000000', 'hex'));
    expect(raw.messages.some((m) => m.payload[0] === 2)).to.equal(true);
  });

  it('fails MCTP writes with the kernel errors', async () => {
    const codes = [];
    for (const write of [
      () => client.addMctpAddress({ eid: 8, link: 'lo' }),
      () => client.addMctpRoute({ eid: 8, link: 'lo' }),
      () => client.setMctpNet('lo', 2),
    ]) {
      const err = await rejection(write());
      expect(err).to.be.instanceOf(NetlinkError);
      codes.push((err as NetlinkError).code);
    }
    expect(codes).to.deep.equal(['ENOTSUP', 'ENOTSUP', 'EAFNOSUPPORT']);
  });
});

// Link kinds hosts usually lack (dummy, nlmon), created by the library inside a private namespace of the guest
// kernel and read back both by the library and by iproute2.
import { expect } from 'chai';
import { constants } from 'os';
import { RouteClient } from '../../lib/route';
import { NetlinkError } from '../../lib/core';
import { withNetns } from '../helpers/netns';
import { skipBecause, skipUnlessGuest, stockConfig } from './guest';

describe('guest kernel: link kinds the host lacks', function () {
  before(function () {
    skipUnlessGuest(this);
  });
  const env = withNetns('q-kinds');
  let client: RouteClient;

  before(() => {
    client = RouteClient.open({ netns: env.ns.name });
  });
  after(() => client?.close());

  async function createOrSkip(ctx: Mocha.Context, name: string, kind: string, config: string): Promise<void> {
    try {
      await client.createLink({ name, kind, up: true });
    } catch (err) {
      // A kernel without the driver answers "Unknown device type" (EOPNOTSUPP, which Node names ENOTSUP): the
      // stock defconfig, and real OpenBMC kernels, have no dummy or nlmon. Our own kernel config has them.
      if (stockConfig && err instanceof NetlinkError && err.errno === constants.errno.EOPNOTSUPP) skipBecause(ctx, `this kernel lacks ${config}`);
      throw err;
    }
  }

  for (const [kind, config] of [['dummy', 'CONFIG_DUMMY'], ['nlmon', 'CONFIG_NLMON']] as const) {
    it(`creates a ${kind} link and reads it back like ip -d link does`, async function () {
      const name = `q${kind}0`;
      await createOrSkip(this, name, kind, config);
      const fromIp = env.ns.ipJson(['-d', 'link', 'show', 'dev', name])[0];
      const link = await client.getLink(name);
      expect(fromIp.linkinfo.info_kind).to.equal(kind);
      expect(link.linkinfo?.kind).to.equal(kind);
      expect(link.ifindex).to.equal(fromIp.ifindex);
      expect(link.mtu).to.equal(fromIp.mtu);
      await client.deleteLink(name);
      expect(env.ns.ipJson(['link', 'show']).map((l: { ifname: string }) => l.ifname)).to.not.include(name);
    });
  }

  it('an nlmon link captures the netlink traffic of the namespace (its rx counters move)', async function () {
    await createOrSkip(this, 'qmon1', 'nlmon', 'CONFIG_NLMON');
    const before = BigInt(env.ns.exec('cat', ['/sys/class/net/qmon1/statistics/rx_packets']).trim());
    await client.links(); // a dump: request and replies pass through nlmon
    const after = BigInt(env.ns.exec('cat', ['/sys/class/net/qmon1/statistics/rx_packets']).trim());
    expect(after > before, `rx_packets ${before} -> ${after}`).to.equal(true);
    await client.deleteLink('qmon1');
  });
});

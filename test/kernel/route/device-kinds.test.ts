// The virtual device kinds (bond and its ports, ipvlan/ipvtap, macvtap, vrf and its ports, team and its ports,
// dummy, ifb, nlmon, wireguard, tun/tap, netkit) created with LinkSpec in a private namespace and read back by the
// library, cross-checked field by field against `ip -j -d link show`; then the CLI's `-d link show`, JSON and
// text, against ip's for every link made. A kind this kernel lacks ("Unknown device type") skips with that
// reason: this host has only ifb, macvtap and tap of them; the QEMU guest's kernel has them all but netkit.
import { constants } from 'os';
import { expect } from 'chai';
import { NetlinkError } from '../../../lib/core';
import { RouteClient, type LinkSpec } from '../../../lib/route';
import { SLOWDOWN, skipUnlessRoot, skipWithReason, withNetns } from '../../helpers/netns';
import { differences } from '../cli/compare';
import { runCli } from '../cli/fixture';

describe('route: device link kinds created with LinkSpec (kernel)', function () {
  this.timeout(20000 * SLOWDOWN);
  before(function () {
    skipUnlessRoot(this);
  });
  const env = withNetns('lnlkinds');
  let client: RouteClient;
  before(function () {
    client = RouteClient.open({ netns: env.ns.name });
  });
  after(() => client?.close());

  const ipLink = (name: string): any => env.ns.ipJson(['-d', 'link', 'show', 'dev', name])[0];

  /** Creates the link, or skips the test when this kernel has no such kind. */
  async function createOrSkip(ctx: Mocha.Context, spec: LinkSpec): Promise<void> {
    try {
      await client.createLink(spec);
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === constants.errno.EOPNOTSUPP) {
        skipWithReason(ctx, `this kernel cannot create a link of kind ${spec.kind}: ${err.message}`);
      }
      throw err;
    }
  }

  it('bond: typed options reach the kernel; its info_data and its port\'s bond_slave data read as ip reads them', async function () {
    await createOrSkip(this, {
      name: 'kb0',
      kind: 'bond',
      bond: { mode: 'active-backup', miimon: 100, updelay: 200, downdelay: 300, minLinks: 1, numPeerNotif: 2, failOverMac: 'active', primaryReselect: 'better' },
    });
    await createOrSkip(this, { name: 'kbp0', kind: 'dummy', master: 'kb0' });
    const link = await client.getLink('kb0');
    const fromIp = ipLink('kb0');
    const data = link.linkinfo?.data as Record<string, unknown>;
    expect(fromIp.linkinfo.info_data).to.include({ mode: 'active-backup', miimon: 100, updelay: 200, downdelay: 300, min_links: 1, num_peer_notif: 2, fail_over_mac: 'active', primary_reselect: 'better' });
    expect(data).to.include({ mode: fromIp.linkinfo.info_data.mode, miimon: 100, updelay: 200, downdelay: 300, minLinks: 1, numPeerNotif: 2, failOverMac: 'active', primaryReselect: 'better' });
    expect(data.xmitHashPolicy).to.equal(fromIp.linkinfo.info_data.xmit_hash_policy);
    const port = await client.getLink('kbp0');
    const portIp = ipLink('kbp0');
    expect(port.linkinfo?.slaveKind).to.equal('bond').and.to.equal(portIp.linkinfo.info_slave_kind);
    const slave = port.linkinfo?.slaveData as Record<string, unknown>;
    expect(String(slave.state).toUpperCase()).to.equal(portIp.linkinfo.info_slave_data.state);
    expect(slave.permHwaddr).to.equal(portIp.linkinfo.info_slave_data.perm_hwaddr);
    expect(slave.linkFailureCount).to.equal(portIp.linkinfo.info_slave_data.link_failure_count);
  });

  it('bond: bad options are typed errors, and nothing is created', async () => {
    const bad: Array<LinkSpec> = [
      { name: 'kbx', kind: 'bond', bond: { mode: 'fastest' as never } },
      { name: 'kbx', kind: 'bond', bond: { miimon: -1 } },
      { name: 'kbx', kind: 'bond', bond: { arpIpTarget: ['10.0.0.1', 'nope'] } },
      { name: 'kbx', kind: 'bond', bond: { adActorSystem: '02:00' } },
      { name: 'kbx', kind: 'dummy', bond: { mode: 'broadcast' } },
      { name: 'kbx', kind: 'vrf', vrf: {} as never },
      { name: 'kbx', kind: 'ipvlan', ipvlan: { mode: 'l4' as never } },
    ];
    for (const spec of bad) {
      const err = await client.createLink(spec).then(() => undefined, (e: unknown) => e as { code?: string; message: string });
      expect(err?.code, JSON.stringify(spec)).to.equal('ERR_ROUTE_INPUT');
    }
    expect(env.ns.ipJson(['link', 'show']).map((l: { ifname: string }) => l.ifname)).to.not.include('kbx');
  });

  // ipvlan and ipvtap are separate drivers (IPVLAN, IPVTAP): a kernel may have the first only.
  // Each on a lower device of its own: the mode and flags belong to the lower device's ipvlan port, which a
  // second ipvlan/ipvtap on it shares (a port made private stays private).
  for (const [kind, name, lower, options] of [
    ['ipvlan', 'kiv0', 'kipp0', { mode: 'l3', flag: 'private' }],
    ['ipvtap', 'kivt0', 'kipp1', { mode: 'l2' }],
  ] as const) {
    it(`${kind}: mode and flag as ip shows them`, async function () {
      if ((await client.links()).every((l) => l.ifname !== lower)) await createOrSkip(this, { name: lower, kind: 'dummy' });
      await createOrSkip(this, { name, kind, link: lower, ipvlan: options });
      const data = (await client.getLink(name)).linkinfo?.data as Record<string, unknown>;
      const fromIp = ipLink(name).linkinfo.info_data;
      expect(data.mode).to.equal(options.mode).and.to.equal(fromIp.mode);
      expect((data.flags as string[]).includes('private'), name).to.equal(fromIp.private === true);
      expect(fromIp.private === true).to.equal('flag' in options && options.flag === 'private');
    });
  }

  it('macvtap: mode as ip shows it', async function () {
    await createOrSkip(this, { name: 'kmvp0', kind: 'veth', peer: { name: 'kmvp1' } });
    await createOrSkip(this, { name: 'kmvt0', kind: 'macvtap', link: 'kmvp0', macvlan: { mode: 'vepa' } });
    const data = (await client.getLink('kmvt0')).linkinfo?.data as Record<string, unknown>;
    expect(data.mode).to.equal('vepa').and.to.equal(ipLink('kmvt0').linkinfo.info_data.mode);
  });

  it('vrf: its table, and its port\'s vrf_slave table', async function () {
    await createOrSkip(this, { name: 'kvrf0', kind: 'vrf', vrf: { table: 1010 } });
    await createOrSkip(this, { name: 'kvp0', kind: 'dummy', master: 'kvrf0' });
    expect((await client.getLink('kvrf0')).linkinfo?.data).to.deep.include({ table: 1010 });
    expect(ipLink('kvrf0').linkinfo.info_data).to.deep.equal({ table: 1010 });
    const port = (await client.getLink('kvp0')).linkinfo;
    expect(port?.slaveKind).to.equal('vrf');
    expect(port?.slaveData).to.deep.include({ table: 1010 });
    expect(ipLink('kvp0').linkinfo.info_slave_data).to.deep.equal({ table: 1010 });
  });

  it('team: a kind and a port kind with no data (ip prints none either)', async function () {
    await createOrSkip(this, { name: 'kteam0', kind: 'team' });
    await createOrSkip(this, { name: 'ktp0', kind: 'dummy', master: 'kteam0' });
    expect((await client.getLink('kteam0')).linkinfo).to.deep.include({ kind: 'team' });
    expect(ipLink('kteam0').linkinfo).to.deep.equal({ info_kind: 'team' });
    expect((await client.getLink('ktp0')).linkinfo?.slaveKind).to.equal('team');
    expect(ipLink('ktp0').linkinfo.info_slave_kind).to.equal('team');
  });

  for (const kind of ['dummy', 'ifb', 'nlmon', 'wireguard']) {
    it(`${kind}: created by kind alone, read back as ip reads it`, async function () {
      const name = `k${kind.slice(0, 4)}0`;
      await createOrSkip(this, { name, kind });
      const link = await client.getLink(name);
      const fromIp = ipLink(name);
      expect(link.linkinfo?.kind).to.equal(kind).and.to.equal(fromIp.linkinfo.info_kind);
      expect(link.linkinfo?.data, 'no IFLA_INFO_DATA').to.equal(undefined);
      expect(link.ifindex).to.equal(fromIp.ifindex);
    });
  }

  it('tun/tap (made through /dev/net/tun by ip tuntap): IFLA_TUN_* as ip reads them', function () {
    try {
      env.ns.ip(['tuntap', 'add', 'ktap0', 'mode', 'tap', 'user', '0', 'group', '0', 'multi_queue']);
      env.ns.ip(['tuntap', 'add', 'ktun0', 'mode', 'tun', 'vnet_hdr']);
    } catch (err) {
      skipWithReason(this, `ip tuntap failed (no /dev/net/tun?): ${(err as Error).message.split('\n')[0]}`);
    }
    return (async () => {
      const tap = (await client.getLink('ktap0')).linkinfo?.data as Record<string, unknown>;
      const tapIp = ipLink('ktap0').linkinfo.info_data;
      expect(tap).to.include({ type: 'tap', owner: 0, group: 0, multiQueue: 1, persist: 1 });
      expect(tapIp).to.include({ type: 'tap', multi_queue: true, persist: true });
      const tun = (await client.getLink('ktun0')).linkinfo?.data as Record<string, unknown>;
      expect(tun).to.include({ type: 'tun', vnetHdr: 1, pi: 0 });
      expect(ipLink('ktun0').linkinfo.info_data).to.include({ type: 'tun', vnet_hdr: true, pi: false });
    })();
  });

  it('netkit: created with a peer, or skipped where the kernel has none', async function () {
    try {
      await client.createLink({ name: 'knk0', kind: 'netkit' });
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === constants.errno.EOPNOTSUPP) {
        skipWithReason(this, `this kernel cannot create a netkit link (${err.message}); the codec is checked with bytes built from if_link.h in test/unit/route/device-kinds`);
      }
      throw err;
    }
    const data = (await client.getLink('knk0')).linkinfo?.data as Record<string, unknown>;
    expect(data).to.include({ primary: 1 });
    expect(['l2', 'l3']).to.include(data.mode);
  });

  it('the CLI prints -d link show of all these links as ip does, JSON and text', async () => {
    const made = env.ns.ipJson(['link', 'show']).length;
    expect(made, 'links to compare').to.be.above(1);
    const json = await runCli(['-n', env.ns.name, '-j', '-d', 'link', 'show']);
    expect(json.stderr).to.equal('');
    expect(differences(JSON.parse(json.stdout), env.ns.ipJson(['-d', 'link', 'show']))).to.deep.equal([]);
    const text = await runCli(['-n', env.ns.name, '-d', 'link', 'show']);
    expect(text.stdout.split('\n').map((l) => l.trimEnd())).to.deep.equal(env.ns.ip(['-d', 'link', 'show']).split('\n').map((l) => l.trimEnd()));
  });
});

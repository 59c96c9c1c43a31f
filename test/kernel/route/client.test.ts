// RouteClient against the real kernel, in a private namespace: what the client creates, iproute2 sees exactly as
// asked; what the client lists, iproute2 lists too; failures carry the kernel's errno and extended-ACK text.
import { spawn } from 'child_process';
import { closeSync, openSync, statSync } from 'fs';
import { expect } from 'chai';
import { RouteClient } from '../../../lib/route';
import { NetlinkError } from '../../../lib/core';
import { TestNetns, withNetns } from '../../helpers/netns';
import { rejection } from '../../helpers/rejection';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function linkJson(ns: TestNetns, name: string): any {
  return ns.ipJson(['-d', 'link', 'show', 'dev', name])[0];
}

describe('RouteClient: links (kernel)', function () {
  const env = withNetns('r2-link');
  let client: RouteClient;

  before(() => {
    client = RouteClient.open({ netns: env.ns.name });
  });
  after(() => client?.close());

  it('opens with strict checking in the namespace it was asked for', async () => {
    expect(client.strict).to.equal(true);
    const names = (await client.links()).map((l) => l.ifname);
    expect(names).to.deep.equal(['lo']); // a fresh namespace: nothing of the host's is visible
  });

  it('refuses a namespace that does not exist with a Node-style errno error', () => {
    let err: any;
    try {
      RouteClient.open({ netns: `${env.ns.name}-missing` });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(Error);
    expect(err.code).to.equal('ENOENT');
  });

  it('rejects bad input with typed errors before anything is sent', async () => {
    expect((await rejection(client.getLink(0))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.addRoute({ dst: '10.0.0.0/40' }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.addRoute({ dst: '10.0.0.0/8', table: 'nosuchtable' }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.addRoute({ dst: '10.0.0.0/8', protocol: 'nosuchprotocol' }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.createLink({ name: 'x0', kind: 'bridge', vxlan: { id: 1 } }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.addAddress({ address: '10.0.0.1/24', link: 'lo', flags: ['nosuchflag'] }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.createLink({ name: 'x0', kind: 'bridge', mtu: -5 }))).code).to.equal('ERR_NETLINK_ENCODE');
  });

  it('creates a veth pair with the peer name asked for', async () => {
    await client.createLink({ name: 'va0', kind: 'veth', peer: { name: 'vb0' }, mtu: 1400 });
    const a = linkJson(env.ns, 'va0');
    const b = linkJson(env.ns, 'vb0');
    expect(a.linkinfo.info_kind).to.equal('veth');
    expect(b.linkinfo.info_kind).to.equal('veth');
    expect(a.link).to.equal('vb0');
    expect(b.link).to.equal('va0');
    expect(a.mtu).to.equal(1400);
  });

  it('creates a bridge with its options', async () => {
    await client.createLink({ name: 'br0', kind: 'bridge', bridge: { stpState: 1, forwardDelay: 500, ageingTime: 3000, priority: 4096 } });
    const data = linkJson(env.ns, 'br0').linkinfo.info_data;
    expect(data.stp_state).to.equal(1);
    expect(data.forward_delay).to.equal(500);
    expect(data.ageing_time).to.equal(3000);
    expect(data.priority).to.equal(4096);
  });

  it('creates a macvlan on a parent, in the mode asked for', async () => {
    await client.createLink({ name: 'mv0', kind: 'macvlan', link: 'va0', macvlan: { mode: 'bridge' } });
    const j = linkJson(env.ns, 'mv0');
    expect(j.linkinfo.info_kind).to.equal('macvlan');
    expect(j.linkinfo.info_data.mode).to.equal('bridge');
    expect(j.link).to.equal('va0');
  });

  it('creates a vxlan with id, local address, port and device', async () => {
    await client.createLink({ name: 'vx0', kind: 'vxlan', vxlan: { id: 42, local: '10.0.0.1', port: 4789, dev: 'va0', ttl: 16 } });
    const data = linkJson(env.ns, 'vx0').linkinfo.info_data;
    expect(data.id).to.equal(42);
    expect(data.local).to.equal('10.0.0.1');
    expect(data.port).to.equal(4789);
    expect(data.link).to.equal('va0');
    expect(data.ttl).to.equal(16);
  });

  it('creates a vlan where the kernel has 802.1Q', async function () {
    try {
      await client.createLink({ name: 'va0.5', kind: 'vlan', link: 'va0', vlan: { id: 5 } });
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === 95 /* EOPNOTSUPP: "Unknown device type" */) {
        this.test!.title += ` (skipped: this kernel has no vlan support: ${err.extAck ?? err.message})`;
        this.skip();
      }
      throw err;
    }
    const j = linkJson(env.ns, 'va0.5');
    expect(j.linkinfo.info_kind).to.equal('vlan');
    expect(j.linkinfo.info_data.id).to.equal(5);
    expect(j.linkinfo.info_data.protocol).to.equal('802.1Q');
  });

  it('creates a vlan-filtering bridge where the kernel has bridge vlan filtering', async function () {
    try {
      await client.createLink({ name: 'brv', kind: 'bridge', bridge: { vlanFiltering: true, vlanDefaultPvid: 7 } });
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === 95 /* EOPNOTSUPP */) {
        this.test!.title += ` (skipped: this kernel has no bridge vlan filtering: ${err.extAck ?? err.message})`;
        this.skip();
      }
      throw err;
    }
    const data = linkJson(env.ns, 'brv').linkinfo.info_data;
    expect(data.vlan_filtering).to.equal(1);
    expect(data.vlan_default_pvid).to.equal(7);
    await client.deleteLink('brv');
  });

  it('refuses a vxlan without its data with the kernel\'s own message', async () => {
    const err = await rejection(client.createLink({ name: 'vx9', kind: 'vxlan' }));
    expect(err).to.be.instanceOf(NetlinkError);
    expect(err.code).to.equal('EINVAL');
    expect(err.extAck).to.be.a('string').and.match(/Required attributes not provided/);
  });

  it('refuses a link that exists with EEXIST', async () => {
    const err = await rejection(client.createLink({ name: 'br0', kind: 'bridge' }));
    expect(err).to.be.instanceOf(NetlinkError);
    expect(err.code).to.equal('EEXIST');
  });

  it('sets up/down, mtu, name, address and master, and takes names or indexes', async () => {
    const index = (await client.getLink('vb0')).ifindex;
    // Renamed while down: kernels before 6.2 refuse to rename a link that is up (EBUSY).
    await client.setLink(index, { name: 'vb1' });
    await client.setLink('vb1', { up: true, mtu: 1300, address: '02:11:22:33:44:55' });
    await client.setLink('vb1', { master: 'br0' });
    let j = linkJson(env.ns, 'vb1');
    expect(j.ifindex).to.equal(index);
    expect(j.flags).to.include('UP');
    expect(j.mtu).to.equal(1300);
    expect(j.address).to.equal('02:11:22:33:44:55');
    expect(j.master).to.equal('br0');
    await client.setLink('vb1', { master: null, up: false });
    j = linkJson(env.ns, 'vb1');
    expect(j.master).to.equal(undefined);
    expect(j.flags).to.not.include('UP');
  });

  it('gets one link by name, alternative name or index, and rejects an unknown one with ENODEV', async () => {
    env.ns.ip(['link', 'property', 'add', 'dev', 'br0', 'altname', 'a-rather-long-bridge-name']);
    const byName = await client.getLink('br0');
    const byAlt = await client.getLink('a-rather-long-bridge-name');
    const byIndex = await client.getLink(byName.ifindex);
    expect(byAlt.ifindex).to.equal(byName.ifindex);
    expect(byIndex.ifname).to.equal('br0');
    const err = await rejection(client.getLink('nosuchlink'));
    expect(err).to.be.instanceOf(NetlinkError);
    expect(err.code).to.equal('ENODEV');
  });

  it('lists links like ip, with kernel-side kind and master filters, also as a stream', async () => {
    const ipLinks = env.ns.ipJson(['link', 'show']).map((l: any) => [l.ifindex, l.ifname]);
    const links = (await client.links()).map((l) => [l.ifindex, l.ifname]);
    expect(links).to.deep.equal(ipLinks);
    const streamed = (await collect(client.linksStream())).map((l) => [l.ifindex, l.ifname]);
    expect(streamed).to.deep.equal(ipLinks);
    const veths = env.ns.ipJson(['link', 'show', 'type', 'veth']).map((l: any) => l.ifname);
    expect((await client.links({ kind: 'veth' })).map((l) => l.ifname)).to.deep.equal(veths);
    await client.setLink('vx0', { master: 'br0' });
    expect((await client.links({ master: 'br0' })).map((l) => l.ifname)).to.deep.equal(['vx0']);
    expect((await client.links({ link: 'vx0' })).map((l) => l.ifname)).to.deep.equal(['vx0']);
    expect(await client.links({ link: 'nosuchlink' })).to.deep.equal([]);
  });

  it('moves a link to another namespace by name, by fd and by pid', async () => {
    const other = new TestNetns('r2-other');
    const sleeper = spawn('ip', ['netns', 'exec', other.name, 'sleep', '30'], { stdio: 'ignore' });
    let fd: number | undefined;
    try {
      const names = () => other.ipJson(['link', 'show']).map((l: any) => l.ifname);
      await client.setLink('mv0', { netns: other.name });
      expect(env.ns.ipJson(['link', 'show']).map((l: any) => l.ifname)).to.not.include('mv0');
      expect(names()).to.include('mv0');
      await client.createLink({ name: 'vm1', kind: 'veth', peer: { name: 'vm2' } });
      fd = openSync(other.path, 'r');
      await client.setLink('vm1', { netns: { fd } });
      expect(names()).to.include('vm1');
      // `ip netns exec` enters the namespace, then becomes `sleep` under the same pid. Only once the pid is
      // inside may the link move: before, the pid's namespace is the host's.
      const target = statSync(other.path).ino;
      const inside = () => {
        try {
          return statSync(`/proc/${sleeper.pid}/ns/net`).ino === target;
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 500 && !inside(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(inside(), 'the helper process entered the namespace').to.equal(true);
      await client.setLink('vm2', { netns: { pid: sleeper.pid! } });
      expect(names()).to.include('vm2');
    } finally {
      if (fd !== undefined) closeSync(fd);
      sleeper.kill();
      other.delete();
    }
  });

  it('deletes links', async () => {
    await client.deleteLink('vx0');
    await client.deleteLink('br0');
    const names = env.ns.ipJson(['link', 'show']).map((l: any) => l.ifname);
    expect(names).to.not.include('vx0');
    expect(names).to.not.include('br0');
    const err = await rejection(client.deleteLink('vx0'));
    expect(err.code).to.equal('ENODEV');
  });
});

describe('RouteClient: addresses, routes, neighbours, rules (kernel)', function () {
  const env = withNetns('r2-obj');
  let client: RouteClient;

  before(async () => {
    client = RouteClient.open({ netns: env.ns.name });
    env.ns.ip(['link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v2']);
    env.ns.ip(['link', 'set', 'v1', 'up']);
    env.ns.ip(['link', 'set', 'v2', 'up']);
  });
  after(() => client?.close());

  it('adds addresses with lifetimes, label, broadcast and peer', async () => {
    await client.addAddress({ address: '10.1.0.1/24', link: 'v1' });
    await client.addAddress({ address: '10.3.0.1/24', link: 'v1', broadcast: '10.3.0.255', label: 'v1:x', validLifetime: 3000, preferredLifetime: 2000 });
    await client.addAddress({ address: '10.2.0.1/32', peer: '10.2.0.2', link: 'v2' });
    await client.addAddress({ address: '2001:db8::1/64', link: 'v1', flags: ['nodad'] });
    const v1 = env.ns.ipJson(['addr', 'show', 'dev', 'v1'])[0].addr_info;
    const x = v1.find((a: any) => a.local === '10.3.0.1');
    expect(x).to.include({ prefixlen: 24, broadcast: '10.3.0.255', label: 'v1:x', valid_life_time: 3000, preferred_life_time: 2000 });
    expect(v1.find((a: any) => a.local === '10.1.0.1')).to.include({ prefixlen: 24, valid_life_time: 4294967295 });
    const six = v1.find((a: any) => a.local === '2001:db8::1');
    expect(six).to.include({ prefixlen: 64, nodad: true });
    const v2 = env.ns.ipJson(['addr', 'show', 'dev', 'v2'])[0].addr_info;
    expect(v2.find((a: any) => a.local === '10.2.0.1')).to.include({ address: '10.2.0.2', prefixlen: 32 });
  });

  it('lists addresses like ip, filtered by family and link in the kernel', async () => {
    const ipAll = env.ns.ipJson(['addr', 'show']).flatMap((l: any) => l.addr_info.map((a: any) => `${l.ifindex} ${a.local}/${a.prefixlen}`));
    const all = (await client.addresses()).map((a) => `${a.ifindex} ${a.local ?? a.address}/${a.prefixlen}`);
    expect(all.sort()).to.deep.equal(ipAll.sort());
    const ip4v1 = env.ns.ipJson(['-4', 'addr', 'show', 'dev', 'v1']).flatMap((l: any) => l.addr_info.map((a: any) => a.local));
    const mine = (await client.addresses({ family: 'inet', link: 'v1' })).map((a) => a.local);
    expect(mine.sort()).to.deep.equal(ip4v1.sort());
    const streamed = (await collect(client.addressesStream({ family: 'inet', link: 'v1' }))).map((a) => a.local);
    expect(streamed.sort()).to.deep.equal(ip4v1.sort());
  });

  it('deletes an address', async () => {
    await client.deleteAddress({ address: '10.3.0.1/24', link: 'v1' });
    const v1 = env.ns.ipJson(['addr', 'show', 'dev', 'v1'])[0].addr_info.map((a: any) => a.local);
    expect(v1).to.not.include('10.3.0.1');
  });

  it('adds routes: gateway, table > 255, protocol, metric, metrics, multipath with weights', async () => {
    await client.addRoute({ dst: '10.9.0.0/16', gateway: '10.1.0.2' });
    await client.addRoute({
      dst: '10.20.0.0/24',
      table: 1000,
      protocol: 'static',
      metric: 5,
      metrics: { mtu: 1400, advmss: 1300 },
      multipath: [
        { gateway: '10.1.0.2', dev: 'v1', weight: 3 },
        { gateway: '10.1.0.3', dev: 'v1', weight: 1 },
      ],
    });
    await client.addRoute({ dst: '2001:db8:1::/48', gateway: '2001:db8::2', dev: 'v1', table: 'main', metric: 10 });
    const main = env.ns.ipJson(['route', 'show', '10.9.0.0/16']);
    expect(main).to.have.length(1);
    expect(main[0]).to.include({ dst: '10.9.0.0/16', gateway: '10.1.0.2', dev: 'v1' });
    const t = env.ns.ipJson(['-d', 'route', 'show', 'table', '1000']);
    expect(t).to.have.length(1);
    expect(t[0]).to.include({ dst: '10.20.0.0/24', protocol: 'static', metric: 5 });
    expect(t[0].metrics).to.deep.equal([{ mtu: 1400, advmss: 1300 }]);
    expect(t[0].nexthops).to.deep.equal([
      { gateway: '10.1.0.2', dev: 'v1', weight: 3, flags: [] },
      { gateway: '10.1.0.3', dev: 'v1', weight: 1, flags: [] },
    ]);
    const six = env.ns.ipJson(['-6', 'route', 'show', '2001:db8:1::/48']);
    expect(six[0]).to.include({ gateway: '2001:db8::2', dev: 'v1', metric: 10 });
  });

  it('adds routes with an IPv6 gateway for IPv4 (via), a type, locked metrics and congestion control, IPv6 pref', async () => {
    await client.addRoute({ dst: '10.88.0.0/16', gateway: 'fe80::1', dev: 'v1', table: 4000 });
    await client.addRoute({ dst: '10.89.0.0/16', type: 'blackhole', table: 4000 });
    await client.addRoute({ dst: '10.90.0.0/16', dev: 'v1', table: 4000, metrics: { mtu: 1400, initcwnd: 10, congctl: 'reno', lock: ['mtu'] } });
    await client.addRoute({ dst: '2001:db8:88::/48', dev: 'v1', table: 4000, metric: 7, pref: 'high' });
    const v4 = env.ns.ipJson(['-4', 'route', 'show', 'table', '4000']);
    expect(v4).to.deep.equal([
      { dst: '10.88.0.0/16', via: { family: 'inet6', host: 'fe80::1' }, dev: 'v1', flags: [] },
      { type: 'blackhole', dst: '10.89.0.0/16', flags: [] },
      { dst: '10.90.0.0/16', dev: 'v1', scope: 'link', flags: [], metrics: [{ mtu: 1400, initcwnd: 10, congestion: 'reno' }] },
    ]);
    expect(env.ns.ip(['-4', 'route', 'show', 'table', '4000', '10.90.0.0/16'])).to.match(/mtu lock 1400/);
    expect(env.ns.ipJson(['-6', 'route', 'show', 'table', '4000'])).to.deep.equal([{ dst: '2001:db8:88::/48', dev: 'v1', metric: 7, flags: [], pref: 'high' }]);
  });

  it('add refuses an existing route with EEXIST; replace and append choose their NLM_F flags', async () => {
    const err = await rejection(client.addRoute({ dst: '10.9.0.0/16', gateway: '10.1.0.2' }));
    expect(err).to.be.instanceOf(NetlinkError);
    expect(err.code).to.equal('EEXIST');
    await client.addRoute({ dst: '10.9.0.0/16', gateway: '10.1.0.3' }, { mode: 'replace' });
    let r = env.ns.ipJson(['route', 'show', '10.9.0.0/16']);
    expect(r.map((x: any) => x.gateway)).to.deep.equal(['10.1.0.3']);
    await client.addRoute({ dst: '10.9.0.0/16', gateway: '10.1.0.4' }, { mode: 'append' });
    r = env.ns.ipJson(['route', 'show', '10.9.0.0/16']);
    expect(r.map((x: any) => x.gateway)).to.deep.equal(['10.1.0.3', '10.1.0.4']);
    await client.addRoute({ dst: '10.10.0.0/16', gateway: '10.1.0.2' }, { mode: 'replace' }); // replace also creates
    expect(env.ns.ipJson(['route', 'show', '10.10.0.0/16'])).to.have.length(1);
  });

  it('rejects a route through an unknown gateway with the kernel\'s message', async () => {
    const err = await rejection(client.addRoute({ dst: '10.30.0.0/16', gateway: '192.0.2.1' }));
    expect(err).to.be.instanceOf(NetlinkError);
    expect(err.code).to.equal('ENETUNREACH');
    expect(err.extAck).to.match(/Nexthop has invalid gateway/);
  });

  it('lists routes like ip, per table (kernel-side filter), also as a stream', async () => {
    const ipT = env.ns.ipJson(['route', 'show', 'table', '1000']).map((r: any) => r.dst);
    const routes = await client.routes({ family: 'inet', table: 1000 });
    expect(routes.map((r) => `${r.dst}/${r.dstLen}`)).to.deep.equal(ipT);
    const ipMain = env.ns.ipJson(['route', 'show', 'table', 'main']).map((r: any) => r.dst);
    const main = (await collect(client.routesStream({ family: 'inet', table: 'main' }))).map((r) => (r.dstLen === 0 ? 'default' : r.dstLen === 32 ? r.dst : `${r.dst}/${r.dstLen}`));
    expect(main).to.deep.equal(ipMain);
    const ipAll6 = env.ns.ipJson(['-6', 'route', 'show', 'table', 'all']).length;
    expect((await client.routes({ family: 'inet6' })).length).to.equal(ipAll6);
    const viaV2 = env.ns.ipJson(['-4', 'route', 'show', 'table', 'all', 'dev', 'v2']).length;
    expect(viaV2).to.be.greaterThan(0);
    expect((await client.routes({ family: 'inet', dev: 'v2' })).length).to.equal(viaV2);
  });

  it('filters right without strict checking too (the kernel then ignores filters; the client applies them)', async () => {
    const loose = RouteClient.open({ netns: env.ns.name, strict: false });
    try {
      expect(loose.strict).to.equal(false);
      const t = await loose.routes({ family: 'inet', table: 1000 });
      expect(t.map((r) => r.dst)).to.deep.equal(['10.20.0.0']);
      const v1 = await loose.addresses({ family: 'inet', link: 'v1' });
      const ip4v1 = env.ns.ipJson(['-4', 'addr', 'show', 'dev', 'v1']).flatMap((l: any) => l.addr_info.map((a: any) => a.local));
      expect(v1.map((a) => a.local).sort()).to.deep.equal(ip4v1.sort());
    } finally {
      loose.close();
    }
  });

  it('deletes routes, by prefix and table', async () => {
    await client.deleteRoute({ dst: '10.20.0.0/24', table: 1000 });
    expect(env.ns.ipJson(['route', 'show', 'table', '1000'])).to.deep.equal([]);
    const err = await rejection(client.deleteRoute({ dst: '10.20.0.0/24', table: 1000 }));
    expect(err.code).to.equal('ESRCH');
  });

  it('adds and deletes permanent neighbours', async () => {
    await client.addNeighbour({ address: '10.1.0.9', lladdr: '02:00:00:00:00:09', link: 'v1' });
    await client.addNeighbour({ address: '2001:db8::9', lladdr: '02:00:00:00:00:0a', link: 'v1', state: 'noarp' });
    const n = env.ns.ipJson(['neigh', 'show', 'nud', 'all', 'dev', 'v1']); // ip hides NOARP entries by default
    expect(n).to.deep.include({ dst: '10.1.0.9', lladdr: '02:00:00:00:00:09', state: ['PERMANENT'] });
    expect(n).to.deep.include({ dst: '2001:db8::9', lladdr: '02:00:00:00:00:0a', state: ['NOARP'] });
    const mine = (await client.neighbours({ link: 'v1' })).map((x) => x.dst).sort();
    expect(mine).to.deep.equal(n.map((x: any) => x.dst).sort());
    await client.deleteNeighbour({ address: '10.1.0.9', link: 'v1' });
    expect(env.ns.ipJson(['neigh', 'show', 'dev', 'v1']).map((x: any) => x.dst)).to.not.include('10.1.0.9');
  });

  it('adds rules with fwmark/mask, uid range and a table > 255, lists and deletes them', async () => {
    await client.addRule({ priority: 100, fwmark: 0x10, fwmask: 0xff, uidRange: { start: 1000, end: 2000 }, table: 1000 });
    await client.addRule({ family: 'inet6', priority: 200, from: '2001:db8::/32', table: 'main' });
    const rules = env.ns.ipJson(['rule', 'show']);
    expect(rules.find((r: any) => r.priority === 100)).to.deep.equal({ priority: 100, src: 'all', fwmark: '0x10', fwmask: '0xff', uid_start: 1000, uid_end: 2000, table: '1000' });
    const six = env.ns.ipJson(['-6', 'rule', 'show']).find((r: any) => r.priority === 200);
    expect(six).to.deep.equal({ priority: 200, src: '2001:db8::', srclen: 32, table: 'main' });
    // The kernel leaves FRA_PRIORITY out for priority 0.
    const mine = (await client.rules({ family: 'inet' })).map((r) => r.priority ?? 0);
    expect(mine).to.deep.equal(rules.map((r: any) => r.priority));
    const in1000 = (await client.rules({ table: 1000 })).map((r) => r.priority);
    expect(in1000).to.deep.equal([100]);
    await client.deleteRule({ priority: 100, fwmark: 0x10, fwmask: 0xff, uidRange: { start: 1000, end: 2000 }, table: 1000 });
    expect(env.ns.ipJson(['rule', 'show']).map((r: any) => r.priority)).to.not.include(100);
  });
});

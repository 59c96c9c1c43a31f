// Nexthop objects against the real kernel, in a private namespace: what RouteClient creates, iproute2's
// `ip -j -d nexthop show` sees exactly as asked (an independent decoder), and what the client lists and decodes
// matches what ip prints; routes using them, the monitor's events, and the kernel's refusals.
import { expect } from 'chai';
import { RouteClient, type ChangeEvent, type NexthopObject } from '../../../lib/route';
import { NetlinkError } from '../../../lib/core';
import { SLOWDOWN, skipWithReason, withNetns } from '../../helpers/netns';
import { rejection } from '../../helpers/rejection';

// ip's names for the scopes and protocols the topology uses (rt_scopes, rt_protos).
const SCOPES: Record<string, string> = { global: 'universe', link: 'link', host: 'host' };

/** What ip -j -d prints for one nexthop, in the library's terms, built from ip's JSON alone. */
function fromIp(entry: any, ifindexOf: (name: string) => number): Partial<NexthopObject> {
  const out: Partial<NexthopObject> = { id: entry.id, scope: SCOPES[entry.scope] as NexthopObject['scope'], protocol: entry.protocol, flags: entry.flags };
  if (entry.gateway !== undefined) out.gateway = entry.gateway;
  if (entry.dev !== undefined) out.oif = ifindexOf(entry.dev);
  if (entry.group !== undefined) out.group = entry.group.map((m: any) => ({ id: m.id, weight: m.weight ?? 1 }));
  if (entry.type !== undefined) out.groupType = entry.type;
  if (entry.resilient_args !== undefined) {
    out.resGroup = {
      buckets: entry.resilient_args.buckets,
      idleTimer: Math.round(entry.resilient_args.idle_timer * 100),
      unbalancedTimer: Math.round(entry.resilient_args.unbalanced_timer * 100),
    };
  }
  if ('blackhole' in entry) out.blackhole = true;
  if ('fdb' in entry) out.fdb = true;
  return out;
}

/** The same fields of our decoded nexthop (the rest, such as the family, ip -j does not print). */
function comparable(nh: NexthopObject, like: Partial<NexthopObject>): Partial<NexthopObject> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(like) as Array<keyof NexthopObject>) {
    const value = nh[key];
    out[key] = key === 'resGroup' && value ? { buckets: nh.resGroup!.buckets, idleTimer: nh.resGroup!.idleTimer, unbalancedTimer: nh.resGroup!.unbalancedTimer } : value;
  }
  for (const key of ['gateway', 'oif', 'group', 'groupType', 'resGroup', 'blackhole', 'fdb'] as const) {
    if (!(key in like) && nh[key] !== undefined && !(key === 'groupType' && nh.groupType === 'mpath')) out[key] = nh[key];
  }
  return JSON.parse(JSON.stringify(out));
}

describe('RouteClient: nexthop objects (kernel)', function () {
  const env = withNetns('r2-nh');
  let client: RouteClient;
  let ifindexOf: (name: string) => number;

  before(async function () {
    this.timeout(20000 * SLOWDOWN);
    const ns = env.ns;
    ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    ns.ip(['link', 'set', 'v0', 'up']);
    ns.ip(['link', 'set', 'v1', 'up']);
    ns.ip(['addr', 'add', '10.1.0.1/24', 'dev', 'v0']);
    ns.ip(['addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad']);
    client = RouteClient.open({ netns: ns.name });
    const links = ns.ipJson(['link', 'show']) as Array<{ ifname: string; ifindex: number }>;
    ifindexOf = (name) => links.find((l) => l.ifname === name)!.ifindex;

    await client.addNexthop({ id: 1, via: '10.1.0.2', dev: 'v0' });
    await client.addNexthop({ id: 2, via: '10.1.0.3', dev: 'v0', onlink: true, protocol: 'static' });
    await client.addNexthop({ id: 3, blackhole: true });
    await client.addNexthop({ id: 4, via: '2001:db8::2', dev: 'v0' });
    await client.addNexthop({ id: 5, via: '10.1.0.9', fdb: true });
    await client.addNexthop({ id: 6, dev: 'v0' });
    await client.addNexthop({ id: 7, blackhole: true, family: 'inet6' });
    await client.addNexthop({ id: 10, group: [1, { id: 2, weight: 3 }] });
    await client.addNexthop({ id: 11, group: [1, 2], type: 'resilient', resilient: { buckets: 8, idleTimer: 60, unbalancedTimer: 10 } });
    await client.addNexthop({ id: 12, group: [5], fdb: true });
    await client.addRoute({ dst: '10.9.0.0/16', nhid: 10 });
    await client.addRoute({ dst: '10.8.0.0/16', nhid: 3 });
    await client.addRoute({ dst: '10.7.0.0/16', nhid: 11, table: 100 });
    await client.addRoute({ dst: '2001:db8:9::/48', nhid: 4 });
  });
  after(() => client?.close());

  it('creates what was asked: ip -j -d nexthop show agrees with the client, nexthop by nexthop', async () => {
    const theirs = env.ns.ipJson(['-d', 'nexthop', 'show']) as any[];
    const ours = await client.nexthops();
    expect(ours.map((n) => n.id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 10, 11, 12]);
    expect(theirs.map((n) => n.id)).to.deep.equal(ours.map((n) => n.id));
    for (const entry of theirs) {
      const expected = fromIp(entry, ifindexOf);
      const nh = ours.find((n) => n.id === entry.id)!;
      expect(nh.decodeErrors, `id ${entry.id}`).to.equal(undefined);
      expect(comparable(nh, expected), `id ${entry.id}`).to.deep.equal(JSON.parse(JSON.stringify(expected)));
    }
    // Fields ip -j does not print: the family of each kind, and what a group's entry carries.
    expect(ours.find((n) => n.id === 4)!.family).to.equal('inet6');
    expect(ours.find((n) => n.id === 7)!.family).to.equal('inet6');
    expect(ours.find((n) => n.id === 3)!.family).to.equal('inet');
    expect(ours.find((n) => n.id === 10)!.family).to.equal('unspec');
    expect(ours.find((n) => n.id === 11)!.resGroup!.unbalancedTime).to.be.a('bigint');
  });

  it('gets one nexthop by id, the same as the dump has it', async () => {
    const all = await client.nexthops();
    for (const id of [1, 4, 11, 12]) {
      expect(JSON.stringify(await client.getNexthop(id), (_k, v) => (typeof v === 'bigint' ? String(v) : v))).to.equal(
        JSON.stringify(all.find((n) => n.id === id), (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      );
    }
  });

  const filters: Array<[string, Parameters<RouteClient['nexthops']>[0], string[]]> = [
    ['dev', { dev: 'v0' }, ['dev', 'v0']],
    ['groups', { groups: true }, ['groups']],
    ['fdb', { fdb: true }, ['fdb']],
    ['protocol', { protocol: 'static' }, ['protocol', '4']],
  ];
  for (const [what, filter, args] of filters) {
    it(`filters by ${what} as ip nexthop show ${args.join(' ')} does`, async () => {
      const ours = (await client.nexthops(filter)).map((n) => n.id);
      const theirs = (env.ns.ipJson(['nexthop', 'show', ...args]) as any[]).map((n) => n.id);
      expect(ours).to.not.be.empty;
      expect(ours).to.deep.equal(theirs);
    });
  }

  it('filters by family as ip -6 nexthop show does (groups have none)', async () => {
    const ours = (await client.nexthops({ family: 'inet6' })).map((n) => n.id);
    expect(ours).to.deep.equal((env.ns.ipJson(['-6', 'nexthop', 'show']) as any[]).map((n) => n.id));
    expect(ours).to.deep.equal([4, 7]);
  });

  it("routes that use a nexthop decode its id, as ip -j -d route show prints it", async () => {
    const ours = await client.routes();
    const theirs = env.ns.ipJson(['-d', 'route', 'show', 'table', 'all']) as any[]; // both families
    const withNhid = theirs.filter((r) => r.nhid !== undefined);
    expect(withNhid.map((r) => r.nhid).sort()).to.deep.equal([10, 11, 3, 4]);
    for (const r of withNhid) {
      const [dst, len] = (r.dst as string).split('/');
      const route = ours.find((o) => o.dst === dst && o.dstLen === Number(len));
      expect(route, r.dst).to.not.equal(undefined);
      expect(route!.nhId, r.dst).to.equal(r.nhid);
      expect(route!.scope, r.dst).to.equal(SCOPES[r.scope]); // the scope ip would have chosen for `nhid N`
      expect(r.nh_info.id).to.equal(r.nhid);
    }
  });

  it('lists the buckets of a resilient group as ip nexthop bucket show does', async () => {
    const ours = await client.nexthopBuckets({ id: 11 });
    const theirs = env.ns.ipJson(['nexthop', 'bucket', 'show', 'id', '11']) as any[];
    expect(ours).to.have.length(8);
    expect(ours.map((b) => [b.id, b.resBucket!.index, b.resBucket!.nhId])).to.deep.equal(theirs.map((b) => [b.id, b.bucket.index, b.bucket.nhid]));
    const toMember2 = await client.nexthopBuckets({ nhid: 2 });
    expect(toMember2.every((b) => b.resBucket!.nhId === 2)).to.equal(true);
  });

  it("reports a group's per-member packet counters where the kernel has them (NHA_OP_FLAGS, 6.9+)", async function () {
    let group: NexthopObject;
    try {
      group = await client.getNexthop(10, { stats: true });
    } catch (err) {
      if ((err as NetlinkError).code === 'EINVAL') skipWithReason(this, 'the kernel has no NHA_OP_FLAGS (6.9+) and refuses the request');
      throw err;
    }
    if (group.groupStats === undefined) skipWithReason(this, 'the kernel ignores NHA_OP_FLAG_DUMP_STATS');
    expect(group.groupStats.entry!.map((e) => e.id)).to.deep.equal([1, 2]);
    for (const e of group.groupStats.entry!) expect(Number(e.packets)).to.be.a('number').and.at.least(0);
    const listed = await client.nexthops({ groups: true, stats: true });
    expect(listed.find((n) => n.id === 10)!.groupStats!.entry).to.have.length(2);
  });

  it('replaces a nexthop in place, and refuses a duplicate with EEXIST', async () => {
    const dup = await rejection(client.addNexthop({ id: 6, dev: 'v0' }));
    expect(dup).to.be.instanceOf(NetlinkError);
    expect(dup.code).to.equal('EEXIST');
    await client.addNexthop({ id: 6, via: '10.1.0.6', dev: 'v0' }, { mode: 'replace' });
    expect((env.ns.ipJson(['nexthop', 'show', 'id', '6']) as any[])[0].gateway).to.equal('10.1.0.6');
  });

  it("fails with the kernel's errno and extended-ACK text: missing ids, bad groups, bad combinations", async () => {
    const missing = await rejection(client.getNexthop(99));
    expect(missing).to.be.instanceOf(NetlinkError);
    expect(missing.code).to.equal('ENOENT');
    const gone = await rejection(client.deleteNexthop(99));
    expect(gone.code).to.equal('ENOENT');
    const badGroup = await rejection(client.addNexthop({ id: 20, group: [99] }));
    expect(badGroup.code).to.equal('EINVAL');
    expect(badGroup.extAck).to.match(/nexthop id/i);
    const blackholeDev = await rejection(client.addNexthop({ id: 20, blackhole: true, dev: 'v0' }));
    expect(blackholeDev.code).to.equal('EINVAL');
    expect(blackholeDev.extAck).to.match(/blackhole/i);
    const groupOfGroup = await rejection(client.addNexthop({ id: 20, group: [10] }));
    expect(groupOfGroup.code).to.equal('EINVAL');
    expect(groupOfGroup.extAck).to.be.a('string').that.is.not.empty;
    // Bad input never reaches the kernel.
    expect((await rejection(client.addNexthop({ id: 0, blackhole: true }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.addNexthop({ id: 20, blackhole: true }, { mode: 'append' as never }))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.getNexthop(-1))).code).to.equal('ERR_ROUTE_INPUT');
    expect((await rejection(client.nexthops({ dev: 'nonexistent0' }))).code).to.equal('ENODEV');
    expect(env.ns.ipJson(['nexthop', 'show', 'id', '6'])).to.have.length(1); // nothing changed
  });

  it('the monitor reports nexthops that appear, change and vanish, also with their link', async function () {
    this.timeout(10000 * SLOWDOWN);
    env.ns.ip(['link', 'add', 'w0', 'type', 'veth', 'peer', 'name', 'w1']);
    env.ns.ip(['link', 'set', 'w0', 'up']);
    env.ns.ip(['link', 'set', 'w1', 'up']); // a nexthop needs its device's carrier
    const monitor = client.monitor(['link', 'nexthop']);
    const events: Array<Extract<ChangeEvent, { object: 'nexthop' }>> = [];
    monitor.on('change', (e) => {
      if (e.object === 'nexthop') events.push(e);
    });
    try {
      await monitor.resync({ emit: false });
      await client.addNexthop({ id: 30, dev: 'w0' });
      await client.addNexthop({ id: 30, dev: 'w0', protocol: 'static' }, { mode: 'replace' });
      await client.addNexthop({ id: 31, dev: 'w0' });
      await client.deleteNexthop(31);
      env.ns.ip(['link', 'del', 'w0']); // the kernel removes nexthop 30 with it
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !events.some((e) => e.action === 'del' && e.value.id === 30)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      monitor.close();
    }
    const summary = events.map((e) => [e.action, e.value.id, e.changed]);
    expect(summary.slice(0, 4)).to.deep.equal([
      ['new', 30, false],
      ['new', 30, true],
      ['new', 31, false],
      ['del', 31, false],
    ]);
    const replaced = events[1];
    expect(replaced.value.protocol).to.equal('static');
    expect(replaced.previous?.protocol).to.equal('unspec');
    expect(events.some((e) => e.action === 'del' && e.value.id === 30)).to.equal(true);
    expect(monitor.snapshot('nexthop').map((n) => n.id)).to.not.include(30);
  });

  it('flushes every nexthop, groups first, as ip nexthop flush does; routes using them go too', async () => {
    const before = (await client.nexthops()).length;
    expect(before).to.be.above(5);
    expect(await client.flushNexthops()).to.equal(before);
    expect(env.ns.ipJson(['nexthop', 'show'])).to.deep.equal([]);
    expect((await client.routes()).filter((r) => r.nhId !== undefined)).to.deep.equal([]);
    expect(await client.flushNexthops()).to.equal(0);
  });
});

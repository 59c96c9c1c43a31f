// RouteMonitor against changes made with iproute2: every change seen, in order, with the right type; an overrun
// reported; resync() bringing the view back to what a fresh dump says.
import { expect } from 'chai';
import { RouteClient, RouteMonitor, objectKey } from '../../../lib/route';
import type { ChangeEvent, MonitorEvent } from '../../../lib/route';
import { withNetns } from '../../helpers/netns';
import { waitUntilSettled } from '../../helpers/settle';

function waitFor(predicate: () => boolean, what: string, ms = 10000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

interface Expected {
  what: string;
  action: 'new' | 'del';
  changed?: boolean;
  replaced?: boolean;
  match: (e: ChangeEvent) => boolean;
}

describe('RouteMonitor (kernel)', function () {
  const env = withNetns('r2-mon');
  let client: RouteClient;

  before(() => {
    client = RouteClient.open({ netns: env.ns.name });
  });
  after(() => client?.close());

  it('sees every change made with ip, in order, as new / changed / del', async () => {
    const monitor = client.monitor(['link', 'addr', 'route', 'neigh', 'rule']);
    const seen: ChangeEvent[] = [];
    const iterated: MonitorEvent[] = [];
    monitor.on('change', (e: ChangeEvent) => seen.push(e));
    const iterating = (async () => {
      for await (const e of monitor) iterated.push(e);
    })();
    try {
      await monitor.resync({ emit: false });
      const ns = env.ns;
      const steps: Array<[string[], Expected]> = [
        [['link', 'add', 'd1', 'type', 'veth', 'peer', 'name', 'd2'], { what: 'link d1 added', action: 'new', changed: false, match: (e) => e.object === 'link' && e.value.ifname === 'd1' }],
        [['link', 'set', 'd1', 'mtu', '1400', 'up'], { what: 'link d1 mtu and up', action: 'new', changed: true, match: (e) => e.object === 'link' && e.value.ifname === 'd1' && e.value.mtu === 1400 }],
        [['addr', 'add', '10.5.0.1/24', 'dev', 'd1'], { what: 'address added', action: 'new', match: (e) => e.object === 'address' && e.value.local === '10.5.0.1' }],
        [['route', 'add', '10.6.0.0/16', 'dev', 'd1', 'table', '1000'], { what: 'route added', action: 'new', changed: false, match: (e) => e.object === 'route' && e.value.dst === '10.6.0.0' && e.value.gateway === undefined }],
        [['route', 'replace', '10.6.0.0/16', 'via', '10.5.0.2', 'dev', 'd1', 'table', '1000'], { what: 'route replaced', action: 'new', changed: true, replaced: true, match: (e) => e.object === 'route' && e.value.dst === '10.6.0.0' && e.value.gateway === '10.5.0.2' }],
        [['neigh', 'add', '10.5.0.9', 'lladdr', '02:00:00:00:05:09', 'dev', 'd1', 'nud', 'permanent'], { what: 'neighbour added', action: 'new', match: (e) => e.object === 'neighbour' && e.value.dst === '10.5.0.9' && (e.value.state as string[]).includes('permanent') }],
        [['rule', 'add', 'fwmark', '9', 'table', '1000', 'priority', '1000'], { what: 'rule added', action: 'new', match: (e) => e.object === 'rule' && e.value.priority === 1000 }],
        [['rule', 'del', 'priority', '1000'], { what: 'rule deleted', action: 'del', match: (e) => e.object === 'rule' && e.value.priority === 1000 }],
        [['neigh', 'del', '10.5.0.9', 'dev', 'd1'], { what: 'neighbour deleted', action: 'del', match: (e) => e.object === 'neighbour' && e.value.dst === '10.5.0.9' }],
        [['route', 'del', '10.6.0.0/16', 'table', '1000'], { what: 'route deleted', action: 'del', match: (e) => e.object === 'route' && e.value.dst === '10.6.0.0' && e.value.gateway === '10.5.0.2' }],
        [['addr', 'del', '10.5.0.1/24', 'dev', 'd1'], { what: 'address deleted', action: 'del', match: (e) => e.object === 'address' && e.value.local === '10.5.0.1' }],
        [['link', 'del', 'd1'], { what: 'link d1 deleted', action: 'del', match: (e) => e.object === 'link' && e.value.ifname === 'd1' && e.action === 'del' }],
      ];
      for (const [args] of steps) ns.ip(args);
      const expected = steps.map(([, x]) => x);
      await waitFor(() => seen.some((e) => expected[expected.length - 1].match(e)), 'the last change');

      // Each expected change appears, in the order made, each after the previous one.
      let at = -1;
      for (const x of expected) {
        const i = seen.findIndex((e, k) => k > at && e.action === x.action && x.match(e));
        expect(i, `${x.what} (after event ${at})`).to.be.greaterThan(at);
        const e = seen[i];
        if (x.changed !== undefined) expect(e.changed, `${x.what}: changed`).to.equal(x.changed);
        if (x.replaced !== undefined) expect(e.replaced, `${x.what}: replaced`).to.equal(x.replaced);
        if (x.action === 'del') expect(e.previous, `${x.what}: the view knew it`).to.not.equal(undefined);
        at = i;
      }
      const replaced = seen.find((e) => e.replaced)!;
      expect((replaced.previous as any).gateway).to.equal(undefined);
      expect((replaced.value as any).gateway).to.equal('10.5.0.2');
      // The route, neighbour and rule changes are each reported exactly once, with the right type. (Deleting a
      // neighbour, the kernel first announces it as FAILED, as `ip monitor` shows too: a NEW that matches none.)
      for (const x of expected.filter((y) => !y.what.startsWith('link'))) {
        expect(seen.filter((e) => x.match(e) && e.action === x.action), x.what).to.have.length(1);
      }
      await waitFor(() => iterated.length >= seen.length, 'the iterator');
      expect(iterated).to.deep.equal(seen);
    } finally {
      monitor.close();
      await iterating;
    }
  });

  it('reports an overrun, and resync() restores a view equal to a fresh dump', async () => {
    const ns = env.ns;
    ns.ip(['link', 'add', 'f1', 'type', 'veth', 'peer', 'name', 'f2']);
    ns.ip(['link', 'set', 'f1', 'up']);
    ns.ip(['link', 'set', 'f2', 'up']);
    // IPv6 DAD on the new links adds local routes a second or so later: let that happen before the view is built,
    // or the final count against ip can catch them in between.
    await waitUntilSettled(ns);
    const monitor: RouteMonitor = client.monitor(['ipv4-route', 'ipv6-route'], { receiveBufferSize: 4096 });
    let overruns = 0;
    monitor.on('overrun', () => overruns++);
    const iterated: MonitorEvent[] = [];
    const iterating = (async () => {
      for await (const e of monitor) iterated.push(e);
    })();
    try {
      await monitor.resync({ emit: false });
      // ip runs while this process is blocked in execFileSync: nothing reads the socket, its tiny buffer overflows.
      const adds = Array.from({ length: 3000 }, (_, i) => `route add 10.${100 + (i >> 8)}.${i & 255}.0/24 dev f1 table 2000`).join('\n');
      ns.ip(['-batch', '-'], { input: adds + '\n' });
      await waitFor(() => overruns > 0, 'an overrun');
      await waitFor(() => iterated.some((e) => e.action === 'overrun'), 'the overrun in the async iterator');
      expect(monitor.snapshot('route').filter((r) => r.table === 2000).length).to.be.lessThan(3000); // the view lost some

      const added = await monitor.resync();
      expect(added.filter((e) => e.action === 'new' && e.resync).length).to.be.greaterThan(0);
      await expectViewEqualsDump(monitor);
      expect(monitor.snapshot('route').filter((r) => r.table === 2000)).to.have.length(3000);

      // The same for deletions: the view drops what vanished while notifications were lost.
      const overrunsBefore = overruns;
      const dels = Array.from({ length: 3000 }, (_, i) => `route del 10.${100 + (i >> 8)}.${i & 255}.0/24 dev f1 table 2000`).join('\n');
      ns.ip(['-batch', '-'], { input: dels + '\n' });
      await waitFor(() => overruns > overrunsBefore, 'a second overrun');
      const removed = await monitor.resync();
      expect(removed.filter((e) => e.action === 'del' && e.resync).length).to.be.greaterThan(0);
      await expectViewEqualsDump(monitor);
      expect(monitor.snapshot('route').filter((r) => r.table === 2000)).to.have.length(0);
      const ipCount = ns.ipJson(['-4', 'route', 'show', 'table', 'all']).length + ns.ipJson(['-6', 'route', 'show', 'table', 'all']).length;
      expect(monitor.snapshot('route').length).to.equal(ipCount);
    } finally {
      monitor.close();
      await iterating;
    }
  });

  it('with sync and autoResync, loads the state first and recovers from an overrun by itself', async () => {
    const ns = env.ns;
    ns.ip(['link', 'add', 'h1', 'type', 'veth', 'peer', 'name', 'h2']);
    ns.ip(['link', 'set', 'h1', 'up']);
    const monitor = client.monitor(['ipv4-route'], { receiveBufferSize: 4096, sync: true, autoResync: true });
    let overruns = 0;
    monitor.on('overrun', () => overruns++);
    try {
      await waitFor(() => monitor.snapshot('route').length > 0, 'the initial sync');
      const adds = Array.from({ length: 2000 }, (_, i) => `route add 10.${120 + (i >> 8)}.${i & 255}.0/24 dev h1 table 2100`).join('\n');
      ns.ip(['-batch', '-'], { input: adds + '\n' });
      await waitFor(() => overruns > 0, 'an overrun');
      await waitFor(() => monitor.snapshot('route').filter((r) => r.table === 2100).length === 2000, 'the automatic resync');
      await expectViewEqualsDump(monitor, 'inet');
    } finally {
      monitor.close();
    }
  });

  it('drops the routes the kernel flushes without notifications when their link goes down or away', async () => {
    const ns = env.ns;
    ns.ip(['link', 'add', 'g1', 'type', 'veth', 'peer', 'name', 'g2']);
    ns.ip(['link', 'set', 'g1', 'up']);
    ns.ip(['addr', 'add', '10.44.0.1/24', 'dev', 'g1']);
    const monitor = client.monitor(['link', 'ipv4-route', 'ipv6-route']);
    const seen: ChangeEvent[] = [];
    monitor.on('change', (e: ChangeEvent) => seen.push(e));
    try {
      await monitor.resync({ emit: false });
      ns.ip(['route', 'add', '10.45.0.0/16', 'via', '10.44.0.2', 'table', '3000']);
      ns.ip(['route', 'add', '10.46.0.0/16', 'dev', 'g1', 'table', '3000']);
      await waitFor(() => monitor.snapshot('route').filter((r) => r.table === 3000).length === 2, 'both routes in the view');
      ns.ip(['link', 'set', 'g1', 'down']); // IPv4 flushes both routes without a word
      expect(ns.ipJson(['-4', 'route', 'show', 'table', '3000'])).to.deep.equal([]);
      await waitFor(() => monitor.snapshot('route').filter((r) => r.table === 3000).length === 0, 'the flushed routes to leave the view');
      const gone = seen.filter((e) => e.object === 'route' && e.action === 'del' && (e.value as any).table === 3000);
      expect(gone.map((e) => (e.value as any).dst).sort()).to.deep.equal(['10.45.0.0', '10.46.0.0']);
      expect(gone.every((e) => e.resync === true)).to.equal(true);
      await expectViewEqualsDump(monitor);
    } finally {
      monitor.close();
    }
  });

  async function expectViewEqualsDump(monitor: RouteMonitor, family?: 'inet'): Promise<void> {
    const fresh = (await client.routes({ family })).filter((r) => !(r.flags as string[]).includes('cloned'));
    const viewKeys = monitor.snapshot('route').map((r) => objectKey('route', r)).sort();
    const dumpKeys = fresh.map((r) => objectKey('route', r)).sort();
    expect(viewKeys).to.deep.equal(dumpKeys);
  }
});

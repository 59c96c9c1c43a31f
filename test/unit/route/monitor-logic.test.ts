// RouteMonitor's bookkeeping on a stand-in connection (no kernel, no root): which notifications count as changes,
// what a replace replaces, what resync() reports, notifications held during a resync, a slow iterator, where the
// errors of background work go, and that the route modules import each other without a circle.
import { EventEmitter } from 'events';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { expect } from 'chai';
import { skipWithReason } from '../../helpers/netns';
import type { Connection, DumpResult, Message } from '../../../lib/core';
import { RouteMonitor, encodeLink, encodeRoute } from '../../../lib/route';
import type { ChangeEvent, MonitorEvent, RouteInput, LinkInput } from '../../../lib/route';

const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_NEWROUTE = 24;
const RTM_DELROUTE = 25;
const RTM_GETROUTE = 26;
const NLM_F_REPLACE = 0x100;

class FakeSubscription extends EventEmitter {
  constructor(readonly groups: number[]) {
    super();
  }
  close(): void {
    this.emit('close');
  }
}

/** Just enough of a Connection: subscriptions, and dumps answered from a table the test controls. */
class FakeConnection extends EventEmitter {
  subscription: FakeSubscription | undefined;
  dumps = new Map<number, Message[]>();
  /** When set, dumps wait for this promise (to let notifications arrive mid-resync). */
  gate: Promise<void> | undefined;
  /** When set, dumps fail with this error. */
  dumpError: Error | undefined;

  subscribe(groups: number[]): FakeSubscription {
    this.subscription = new FakeSubscription(groups);
    return this.subscription;
  }

  async dump(type: number): Promise<DumpResult> {
    if (this.gate) await this.gate;
    if (this.dumpError) throw this.dumpError;
    return { messages: this.dumps.get(type) ?? [], interrupted: false, filtered: false };
  }

  close(): void {}

  notify(type: number, payload: Buffer, flags = 0): void {
    this.subscription!.emit('message', { type, flags, seq: 0, portId: 0, payload, group: 0 });
  }

  overrun(): void {
    this.subscription!.emit('overrun');
  }
}

function route(fields: RouteInput): Buffer {
  return encodeRoute({ family: 'inet', dstLen: 24, table: 254, protocol: 'boot', scope: 'universe', type: 'unicast', ...fields });
}

function link(fields: LinkInput): Buffer {
  return encodeLink({ family: 'unspec', ...fields });
}

function message(type: number, payload: Buffer): Message {
  return { type, flags: 0, seq: 1, portId: 0, payload };
}

function open(fake: FakeConnection, groups: ConstructorParameters<typeof RouteMonitor>[1], options = {}): { monitor: RouteMonitor; events: ChangeEvent[] } {
  const monitor = new RouteMonitor(fake as unknown as Connection, groups, options);
  const events: ChangeEvent[] = [];
  monitor.on('change', (e: ChangeEvent) => events.push(e));
  return { monitor, events };
}

describe('RouteMonitor bookkeeping (stand-in connection)', () => {
  it('tells new from changed by the object\'s key, and remembers what a deletion removed', () => {
    const fake = new FakeConnection();
    const { monitor, events } = open(fake, ['ipv4-route']);
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', oif: 2 }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', oif: 2, prefsrc: '10.0.0.1' }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.2.0.0', oif: 2 }));
    fake.notify(RTM_DELROUTE, route({ dst: '10.1.0.0', oif: 2 }));
    expect(events.map((e) => [e.action, (e.value as any).dst, e.changed])).to.deep.equal([
      ['new', '10.1.0.0', false],
      ['new', '10.1.0.0', true],
      ['new', '10.2.0.0', false],
      ['del', '10.1.0.0', false],
    ]);
    expect((events[1].previous as any).prefsrc).to.equal(undefined);
    expect((events[3].previous as any).prefsrc).to.equal('10.0.0.1');
    expect(monitor.snapshot('route').map((r) => r.dst)).to.deep.equal(['10.2.0.0']);
    monitor.close();
  });

  it('a REPLACE with other nexthops replaces the route of the same destination and metric', () => {
    const fake = new FakeConnection();
    const { monitor, events } = open(fake, ['ipv4-route']);
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', gateway: '10.0.0.1', oif: 2 }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', gateway: '10.0.0.1', oif: 2, priority: 5 }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', gateway: '10.0.0.9', oif: 2 }), NLM_F_REPLACE);
    const last = events[events.length - 1];
    expect(last).to.include({ action: 'new', changed: true, replaced: true });
    expect((last.previous as any).gateway).to.equal('10.0.0.1');
    expect((last.previous as any).priority).to.equal(undefined); // not the metric-5 route
    const view = monitor.snapshot('route').map((r) => [r.gateway, r.priority ?? 0]);
    expect(view).to.have.deep.members([
      ['10.0.0.9', 0],
      ['10.0.0.1', 5],
    ]);
    monitor.close();
  });

  it('resync() reports the differences with a fresh dump, then applies what arrived meanwhile, in order', async () => {
    const fake = new FakeConnection();
    const { monitor, events } = open(fake, ['ipv4-route']);
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', oif: 2 }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.2.0.0', oif: 2 }));
    events.length = 0;
    fake.dumps.set(RTM_GETROUTE, [message(RTM_NEWROUTE, route({ dst: '10.2.0.0', oif: 3 })), message(RTM_NEWROUTE, route({ dst: '10.3.0.0', oif: 2 }))]);
    let open_!: () => void;
    fake.gate = new Promise((r) => (open_ = r));
    const done = monitor.resync();
    await new Promise((r) => setImmediate(r));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.4.0.0', oif: 2 })); // arrives while the dump runs
    expect(events).to.have.length(0);
    open_();
    const diff = await done;
    expect(diff.map((e) => [e.action, (e.value as any).dst, (e.value as any).oif])).to.deep.equal([
      ['del', '10.1.0.0', 2],
      ['del', '10.2.0.0', 2], // another oif: another route
      ['new', '10.2.0.0', 3],
      ['new', '10.3.0.0', 2],
    ]);
    expect(diff.every((e) => e.resync)).to.equal(true);
    expect(events.map((e) => (e.value as any).dst)).to.deep.equal(['10.1.0.0', '10.2.0.0', '10.2.0.0', '10.3.0.0', '10.4.0.0']);
    expect(events[4].resync).to.equal(undefined);
    expect(monitor.snapshot('route').map((r) => r.dst).sort()).to.deep.equal(['10.2.0.0', '10.3.0.0', '10.4.0.0']);
    monitor.close();
  });

  it('an unchanged object is not reported by resync(); counters do not count as changes', async () => {
    const fake = new FakeConnection();
    const { monitor } = open(fake, ['link']);
    const counters = (n: bigint) => ({ rxPackets: n, txPackets: n }) as LinkInput['stats64'];
    fake.notify(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', mtu: 1500, flags: ['up'], stats64: counters(1n) }));
    fake.dumps.set(18, [message(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', mtu: 1500, flags: ['up'], stats64: counters(99n) }))]);
    expect(await monitor.resync()).to.deep.equal([]);
    fake.dumps.set(18, [message(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', mtu: 9000, flags: ['up'] }))]);
    const diff = await monitor.resync();
    expect(diff).to.have.length(1);
    expect(diff[0]).to.include({ action: 'new', changed: true });
    monitor.close();
  });

  it('after a link goes down, re-dumps routes and reports only those the view knew that vanished', async () => {
    const fake = new FakeConnection();
    const { monitor, events } = open(fake, ['link', 'ipv4-route']);
    fake.notify(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', flags: ['up'] }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.1.0.0', oif: 2 }));
    fake.notify(RTM_NEWROUTE, route({ dst: '10.2.0.0', oif: 3 }));
    // The kernel flushed 10.1/24; the dump also shows a route the view never heard of.
    fake.dumps.set(RTM_GETROUTE, [message(RTM_NEWROUTE, route({ dst: '10.2.0.0', oif: 3 })), message(RTM_NEWROUTE, route({ dst: '10.9.0.0', oif: 3 }))]);
    events.length = 0;
    fake.notify(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', flags: [] }));
    await new Promise((r) => setTimeout(r, 150));
    expect(events.map((e) => [e.object, e.action, (e.value as any).dst ?? (e.value as any).ifname, e.resync ?? false])).to.deep.equal([
      ['link', 'new', 'a', false],
      ['route', 'del', '10.1.0.0', true],
    ]);
    expect(monitor.snapshot('route').map((r) => r.dst).sort()).to.deep.equal(['10.2.0.0', '10.9.0.0']);
    fake.notify(RTM_DELLINK, link({ ifindex: 2, ifname: 'a' }));
    expect(monitor.snapshot('link')).to.deep.equal([]);
    monitor.close();
  });

  it('an iterator that falls behind gets an overrun event instead of unbounded memory', async () => {
    const fake = new FakeConnection();
    const { monitor } = open(fake, ['ipv4-route'], { maxQueuedEvents: 3 });
    const it = monitor[Symbol.asyncIterator]();
    const name = (e: MonitorEvent) => (e.action === 'overrun' ? 'overrun' : (e.value as any).dst);
    for (let i = 0; i < 5; i++) fake.notify(RTM_NEWROUTE, route({ dst: `10.${i}.0.0`, oif: 2 }));
    const got: MonitorEvent[] = [];
    for (let i = 0; i < 3; i++) got.push((await it.next()).value);
    expect(got.map(name)).to.deep.equal(['overrun', '10.3.0.0', '10.4.0.0']);
    // A kernel overrun reaches the iterator as an event too.
    fake.overrun();
    fake.notify(RTM_NEWROUTE, route({ dst: '10.5.0.0', oif: 2 }));
    expect([name((await it.next()).value), name((await it.next()).value)]).to.deep.equal(['overrun', '10.5.0.0']);
    monitor.close();
    expect((await it.next()).done).to.equal(true);
  });

  describe('errors of background work are never lost', () => {
    /** Warnings the process emits while `body` runs, and one turn after (emitWarning delivers on nextTick). */
    async function warningsDuring(body: () => Promise<void>): Promise<Error[]> {
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        await body();
        await new Promise((r) => setImmediate(r));
      } finally {
        process.off('warning', onWarning);
      }
      return warnings;
    }

    it('a failed sync reaches the \'error\' listeners', async () => {
      const fake = new FakeConnection();
      fake.dumpError = new Error('dump failed');
      const monitor = new RouteMonitor(fake as unknown as Connection, ['ipv4-route'], { sync: true });
      const err = await new Promise<Error>((resolve) => monitor.once('error', resolve));
      expect(err).to.equal(fake.dumpError);
      monitor.close();
    });

    it('with only an iterator, a failed resync after an overrun rejects next() after the events before it, then ends', async () => {
      const fake = new FakeConnection();
      const monitor = new RouteMonitor(fake as unknown as Connection, ['ipv4-route'], { autoResync: true });
      const it = monitor[Symbol.asyncIterator]();
      fake.dumpError = new Error('dump failed');
      const warnings = await warningsDuring(async () => {
        fake.overrun();
        expect((await it.next()).value).to.deep.equal({ action: 'overrun' });
        let caught: unknown;
        await it.next().then(
          () => undefined,
          (err) => (caught = err),
        );
        expect(caught).to.equal(fake.dumpError);
        expect((await it.next()).done).to.equal(true);
      });
      expect(warnings).to.deep.equal([]);
      monitor.close();
    });

    it('with nobody listening, a failed flush check becomes a process warning instead of vanishing', async () => {
      const fake = new FakeConnection();
      const monitor = new RouteMonitor(fake as unknown as Connection, ['link', 'ipv4-route']);
      const warnings = await warningsDuring(async () => {
        fake.notify(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', flags: ['up'] }));
        fake.dumpError = new Error('flush check failed');
        fake.notify(RTM_NEWLINK, link({ ifindex: 2, ifname: 'a', flags: [] }));
        await new Promise((r) => setTimeout(r, 150));
      });
      expect(warnings).to.deep.equal([fake.dumpError]);
      monitor.close();
    });

    it('forwards the connection\'s errors, and stops listening to the connection when closed', async () => {
      const fake = new FakeConnection();
      const monitor = new RouteMonitor(fake as unknown as Connection, ['ipv4-route']);
      const seen: Error[] = [];
      monitor.on('error', (err: Error) => seen.push(err));
      const malformed = new Error('malformed netlink notification');
      fake.emit('error', malformed);
      expect(seen).to.deep.equal([malformed]);
      monitor.close();
      expect(fake.listenerCount('error')).to.equal(0);
    });
  });

  it('the route modules import each other without a circle (type imports included)', function () {
    const root = resolve(__dirname, '../../../../lib/route');
    if (!existsSync(join(root, 'monitor.ts'))) skipWithReason(this, 'reads the TypeScript sources of lib/route, which are not at hand here');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(join(dir, entry.name));
      }
    };
    walk(root);
    const imports = new Map<string, string[]>();
    for (const file of files) {
      const targets: string[] = [];
      for (const m of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']*)'/g)) {
        const base = resolve(dirname(file), m[1]);
        const target = [`${base}.ts`, join(base, 'index.ts')].find((t) => files.includes(t));
        if (target) targets.push(target);
      }
      imports.set(file, targets);
    }
    // Depth-first search; a module met again while still on the path closes a circle.
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => f.slice(root.length + 1)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of imports.get(file)!) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).to.deep.equal([]);
  });
});

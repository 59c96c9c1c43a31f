// `linux-netlink monitor` sees every change made with ip, in order, with the right action, and exits cleanly
// on SIGINT.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'child_process';
import { SLOWDOWN, withNetns, type TestNetns } from '../../helpers/netns';
import { differences } from './compare';
import { BIN, populate } from './fixture';

interface Monitor {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startMonitor(args: string[], command: string[] = [process.execPath, BIN]): Monitor {
  const child = spawn(command[0], [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, stderr: () => stderr, exited };
}

/** Resolves when a line satisfies `test`; gives up after `ms` (the monitor is then broken: the test fails). */
async function waitForLine(monitor: Monitor, test: (line: string) => boolean, ms = 10000 * SLOWDOWN): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const line = monitor.lines.find(test);
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`no matching line within ${ms} ms; got:\n${monitor.lines.join('\n')}\n${monitor.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The subscription is live once the monitor reports a change we make: touch lo's MTU until a line about it
 * arrives, then forget everything seen so far.
 */
async function handshake(monitor: Monitor, ns: TestNetns, isProbe: (line: string) => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    ns.ip(['link', 'set', 'lo', 'mtu', String(attempt % 2 ? 65536 : 65535)]);
    try {
      await waitForLine(monitor, isProbe, 100);
      break;
    } catch {
      // not subscribed yet
    }
  }
  await waitForLine(monitor, isProbe, 1000);
  monitor.lines.length = 0;
}

/** Both monitors are listening once both report a change of lo's MTU. */
async function bothLive(ours: Monitor, theirs: Monitor, ns: TestNetns): Promise<boolean> {
  // 5 s on the host; starting node takes 10-40 s in the QEMU guest
  for (let attempt = 0; attempt < 100 * SLOWDOWN; attempt++) {
    ns.ip(['link', 'set', 'lo', 'mtu', String(attempt % 2 ? 65536 : 65535)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (ours.lines.some((l) => l.includes(': lo:')) && theirs.lines.some((l) => l.includes(': lo:'))) return true;
  }
  return false;
}

/** A line about lo with this MTU: the sentinel changes that bracket a sequence. */
const sentinel = (mtu: number) => (line: string) => line.includes(': lo:') && line.includes(`mtu ${mtu} `);

/** The lines from the first sentinel up to the second (both monitors read the same events in the same order). */
function linesBetween(lines: string[], from: number, to: number): string[] {
  return lines.slice(lines.findIndex(sentinel(from)), lines.findIndex(sentinel(to)));
}

describe('cli: monitor (kernel)', function () {
  this.timeout(30000 * SLOWDOWN);
  const netns = withNetns('lnlcli');
  before(async () => populate(netns.ns));

  it('-j monitor all prints one JSON object per change, in order, and exits 0 on SIGINT', async () => {
    const ns = netns.ns;
    const monitor = startMonitor(['-n', ns.name, '-j', 'monitor', 'all']);
    try {
      await handshake(monitor, ns, (line) => line.includes('"ifname":"lo"'));
      ns.ip(['addr', 'add', '10.77.0.1/24', 'dev', 'v0']);
      ns.ip(['route', 'add', '10.78.0.0/16', 'via', '10.77.0.2', 'table', '200']);
      const routeAsIpSeesIt = ns.ipJson(['route', 'show', 'table', 'all']).find((r: any) => r.dst === '10.78.0.0/16');
      ns.ip(['route', 'del', '10.78.0.0/16', 'via', '10.77.0.2', 'table', '200']);
      ns.ip(['neigh', 'add', '10.77.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0', 'nud', 'permanent']);
      ns.ip(['neigh', 'del', '10.77.0.9', 'dev', 'v0']);
      ns.ip(['rule', 'add', 'pref', '500', 'table', '200']);
      ns.ip(['rule', 'del', 'pref', '500']);
      ns.ip(['link', 'set', 'mv0', 'mtu', '1400']);
      ns.ip(['addr', 'del', '10.77.0.1/24', 'dev', 'v0']);
      await waitForLine(monitor, (line) => line.includes('"action":"del"') && line.includes('"local":"10.77.0.1"'));

      const events = monitor.lines.map((line) => JSON.parse(line));
      const summary = events.map((e) => `${e.action} ${e.object} ${e.local ?? e.dst ?? e.priority ?? e.ifname}`);
      const expected = [
        'new address 10.77.0.1',
        'new route 10.78.0.0/16',
        'del route 10.78.0.0/16',
        'new neigh 10.77.0.9',
        'del neigh 10.77.0.9',
        'new rule 500',
        'del rule 500',
        'new link mv0',
        'del address 10.77.0.1',
      ];
      // The kernel adds its own events (prefix routes, neighbour state changes); ours must appear in order.
      let at = 0;
      for (const line of summary) if (line === expected[at]) at++;
      expect(at, `events seen:\n${summary.join('\n')}`).to.equal(expected.length);

      const routeEvent = events.find((e) => e.object === 'route' && e.action === 'new' && e.dst === '10.78.0.0/16');
      const { object, action, ...routeFields } = routeEvent;
      expect(differences(routeFields, routeAsIpSeesIt)).to.deep.equal([]);
      expect(events.find((e) => e.object === 'link' && e.ifname === 'mv0')).to.include({ mtu: 1400 });
      expect(events.find((e) => e.object === 'route' && e.action === 'del')).to.include({ deleted: true });
    } finally {
      monitor.child.kill('SIGINT');
    }
    const exit = await monitor.exited;
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(monitor.stderr()).to.equal('');
  });

  it('monitor route prints ip-style lines for route changes only', async () => {
    const ns = netns.ns;
    const monitor = startMonitor(['-n', ns.name, 'monitor', 'route']);
    try {
      // Route changes are the only thing printed: probe with a route of our own.
      let probe = 0;
      for (; probe < 100; probe++) {
        ns.ip(['route', 'replace', '10.79.0.0/16', 'dev', 'v0', 'metric', String(probe + 1)]);
        try {
          await waitForLine(monitor, (line) => line.startsWith('10.79.0.0/16'), 100);
          break;
        } catch {
          // not subscribed yet
        }
      }
      monitor.lines.length = 0;
      ns.ip(['link', 'set', 'mv0', 'mtu', '1300']);
      ns.ip(['route', 'add', '10.80.0.0/16', 'via', '10.0.0.2', 'table', '201']);
      ns.ip(['route', 'del', '10.80.0.0/16', 'via', '10.0.0.2', 'table', '201']);
      await waitForLine(monitor, (line) => line.startsWith('Deleted 10.80.0.0/16'));
      expect(monitor.lines.filter((l) => l.includes('10.80.0.0/16'))).to.deep.equal([
        '10.80.0.0/16 via 10.0.0.2 dev v0 table 201 ',
        'Deleted 10.80.0.0/16 via 10.0.0.2 dev v0 table 201 ',
      ]);
      expect(monitor.lines.some((l) => l.includes('mv0'))).to.equal(false);
    } finally {
      monitor.child.kill('SIGINT');
    }
    expect(await monitor.exited).to.deep.equal({ code: 0, signal: null });
  });

  it('monitor all prints the same lines as ip monitor all for the same changes', async () => {
    const ns = netns.ns;
    const ours = startMonitor(['-n', ns.name, 'monitor', 'all']);
    const theirs = startMonitor(['-n', ns.name, 'monitor', 'all'], ['ip']);
    try {
      expect(await bothLive(ours, theirs, ns), 'both monitors see a probe change').to.equal(true);
      // Two sentinel changes bracket the sequence. Both monitors read the same kernel events in the same order,
      // so what lies between the sentinels must match line for line, however slowly either of them runs.
      ns.ip(['link', 'set', 'lo', 'mtu', '65000']);
      ns.ip(['addr', 'add', '10.81.0.1/24', 'dev', 'v0']);
      ns.ip(['route', 'add', '10.82.0.0/16', 'via', '10.81.0.2', 'table', '202']);
      ns.ip(['route', 'del', '10.82.0.0/16', 'via', '10.81.0.2', 'table', '202']);
      ns.ip(['link', 'set', 'mv0', 'mtu', '1280']);
      ns.ip(['neigh', 'add', '10.81.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0', 'nud', 'permanent']);
      ns.ip(['rule', 'add', 'pref', '501', 'table', '202']);
      ns.ip(['rule', 'del', 'pref', '501']);
      ns.ip(['addr', 'del', '10.81.0.1/24', 'dev', 'v0']);
      ns.ip(['link', 'set', 'lo', 'mtu', '65001']);
      await waitForLine(ours, sentinel(65001));
      await waitForLine(theirs, sentinel(65001));
      const between = (lines: string[]) => linesBetween(lines, 65000, 65001);
      const mine = between(ours.lines);
      expect(mine.some((l) => l.startsWith('[ADDR]Deleted') && l.includes('10.81.0.1/24')), mine.join('\n')).to.equal(true);
      expect(mine.length, theirs.lines.join('\n')).to.be.greaterThan(8);
      expect(mine).to.deep.equal(between(theirs.lines));
    } finally {
      ours.child.kill('SIGINT');
      theirs.child.kill('SIGINT');
    }
    expect(await ours.exited).to.deep.equal({ code: 0, signal: null });
    await theirs.exited;
  });

  it("monitor link prints ip's @NONE and M-DOWN as ip monitor link does, for a veth pair set up and deleted", async () => {
    const ns = netns.ns;
    const ours = startMonitor(['-n', ns.name, 'monitor', 'link']);
    const theirs = startMonitor(['-n', ns.name, 'monitor', 'link'], ['ip']);
    try {
      expect(await bothLive(ours, theirs, ns), 'both monitors see a probe change').to.equal(true);
      ns.ip(['link', 'set', 'lo', 'mtu', '65010']);
      ns.ip(['link', 'add', 'md0', 'type', 'veth', 'peer', 'name', 'md1']);
      ns.ip(['link', 'set', 'md0', 'up']); // its peer stays down: M-DOWN
      ns.ip(['link', 'del', 'md0']); // the pair goes: the last messages name no peer (@NONE)
      ns.ip(['link', 'set', 'lo', 'mtu', '65011']);
      await waitForLine(ours, sentinel(65011));
      await waitForLine(theirs, sentinel(65011));
      const between = (lines: string[]) => linesBetween(lines, 65010, 65011);
      const mine = between(ours.lines);
      expect(mine.some((l) => l.includes('M-DOWN')), mine.join('\n')).to.equal(true);
      expect(mine.some((l) => l.includes('@NONE')), mine.join('\n')).to.equal(true);
      expect(mine).to.deep.equal(between(theirs.lines));
    } finally {
      ours.child.kill('SIGINT');
      theirs.child.kill('SIGINT');
      if (ns.ipJson(['link', 'show']).some((l: { ifname: string }) => l.ifname === 'md0')) ns.ip(['link', 'del', 'md0']);
    }
    expect(await ours.exited).to.deep.equal({ code: 0, signal: null });
    await theirs.exited;
  });
});

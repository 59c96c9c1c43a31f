// close, errors after close, garbage collection, ref/unref, worker threads.
import { expect } from 'chai';
import { SLOWDOWN } from '../../helpers/netns';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { withNetns } from '../../helpers/netns';
import { spawnSync } from 'child_process';
import { WORKER_ROUNDS, fixturePath, runFixture, spawnFixture } from './child';
import { linksFromIp, NETLINK_ROUTE, nextTurn, closeTracked, openSocket } from './support';

/** Low enough that a descriptor leaked per cycle runs out within a few hundred cycles. */
const FD_LIMIT = 256;

describe('socket: lifetime (kernel)', function () {
  const env = withNetns('lnl-sock-life');
  afterEach(closeTracked);

  it('close() is idempotent, emits close once, and releases the fd', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE });
    const port = socket.bind().portId;
    let closes = 0;
    socket.on('close', () => closes++);
    socket.close();
    socket.close();
    expect(socket.closed).to.equal(true);
    await nextTurn();
    socket.close();
    await nextTurn();
    expect(closes).to.equal(1);
    // The port id is free again: the socket is really gone.
    const again = openSocket({ protocol: NETLINK_ROUTE });
    try {
      expect(again.bind({ portId: port }).portId).to.equal(port);
    } finally {
      again.close();
    }
  });

  it('every operation after close throws ERR_SOCKET_CLOSED; ref/unref are harmless', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE });
    socket.close();
    const closed = (e: NodeJS.ErrnoException) => e.code === 'ERR_SOCKET_CLOSED' && e.errno === 9 && /closed/.test(e.message);
    expect(() => socket.send(Buffer.alloc(16))).to.throw().that.satisfies(closed);
    expect(() => socket.bind()).to.throw().that.satisfies(closed);
    expect(() => socket.address()).to.throw().that.satisfies(closed);
    expect(() => socket.receiveNow()).to.throw().that.satisfies(closed);
    expect(() => socket.addMembership(1)).to.throw().that.satisfies(closed);
    expect(() => socket.memberships()).to.throw().that.satisfies(closed);
    expect(socket.ref()).to.equal(socket);
    expect(socket.unref()).to.equal(socket);
    socket.onBatch = () => undefined; // no effect, no throw
  });

  it('sockets dropped without close() are released by the garbage collector (fd count back to baseline)', function () {
    const r = runFixture<{ baseline: number; whileOpen: number; after: number }>('gc-release', [], ['--expose-gc']);
    expect(r.whileOpen - r.baseline).to.equal(50);
    expect(r.after).to.equal(r.baseline);
  });

  it('a reading socket keeps the process alive; unref() lets it exit; ref() undoes unref()', function () {
    const kept = spawnFixture('ref-unref', ['ref']);
    expect(kept.status, kept.stderr).to.equal(0);
    expect(kept.stdout).to.include('loop kept alive');
    const released = spawnFixture('ref-unref', ['unref']);
    expect(released.timedOut).to.equal(false);
    expect(released.status, released.stderr).to.equal(0);
    expect(released.stdout).not.to.include('loop kept alive');
    const reRefed = spawnFixture('ref-unref', ['unref-ref']);
    expect(reRefed.stdout).to.include('loop kept alive');
  });

  it('works inside a worker thread: open in a namespace, dump, close', async function () {
    const worker = new Worker(path.join(__dirname, 'fixtures', 'worker-dump.js'), { workerData: { netns: env.ns.path } });
    // Listened for at once: a worker's last message may be delivered together with its 'exit'.
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const result = await new Promise<any>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await exited;
    expect(result.error).to.equal(undefined);
    expect(result.port).to.be.greaterThan(0);
    expect(new Map(result.links)).to.deep.equal(linksFromIp(env.ns.ipJson(['link', 'show'])));
    expect(result.closed).to.equal(true);
  });

  it('a worker that exits with sockets open releases them (no leaked handle, no abort)', function () {
    const r = runFixture<{ exitCode: number; before: number; whileOpen: number; after: number }>('worker-leaves-open');
    expect(r.exitCode).to.equal(0);
    expect(r.whileOpen).to.be.greaterThan(r.before);
    expect(r.after).to.equal(r.before);
  });

  it('a worker that alone loads the addon ends with a socket of any kind open: no crash once the addon is unloaded', function () {
    // Every kind of socket and every way a worker ends (see the fixture); on the emulated BMC, where a worker takes
    // seconds to start, one case per kind of socket.
    this.timeout(60000 * SLOWDOWN);
    const cases = SLOWDOWN > 1
      ? ['socket:terminate', 'socket-closed:exit', 'socket-thread:finish', 'route-client:exit', 'route-monitor:terminate', 'uevent-monitor-thread:exit']
      : [];
    const r = spawnFixture('worker-only-addon', cases.length > 0 ? [cases.join(',')] : [], 60000);
    expect(r.signal, `${r.stdout}\n${r.stderr}`).to.equal(null);
    expect(r.status, `${r.stdout}\n${r.stderr}`).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1])).to.deep.equal({ cases: cases.length || 19, addonMappedInMain: false });
  });

  describe('close() gives back every descriptor at once (thousands of cycles under ulimit -n ' + FD_LIMIT + ')', function () {
    this.timeout(120000 * SLOWDOWN);
    before(function () {
      // Enough routes that a dump reaches the receive thread (a dump switches to it after a few datagrams).
      const lines = Array.from({ length: 2000 }, (_, i) => `route add blackhole 10.${(i >> 8) & 0xff}.${i & 0xff}.0/24 table 100`);
      env.ns.ip(['-batch', '-'], { input: lines.join('\n') + '\n' });
    });

    const cyclesOf = (kind: string, cycles: number) => {
      const script = 'ulimit -n "$1" && shift && exec "$@"';
      const r = spawnSync('sh', ['-c', script, 'sh', String(FD_LIMIT), process.execPath, fixturePath('fd-cycles'), kind, String(cycles), env.ns.path], {
        encoding: 'utf8',
        timeout: 110000 * SLOWDOWN,
      });
      expect(r.status, r.stderr).to.equal(0);
      const lines = r.stdout.trim().split('\n');
      return JSON.parse(lines[lines.length - 1]);
    };

    for (const [kind, cycles] of [['socket-thread', 3000], ['uevent-monitor', 3000], ['route-dump', 600]] as const) {
      it(`${kind}: ${cycles} cycles`, function () {
        const n = Math.ceil(cycles / SLOWDOWN);
        const r = cyclesOf(kind, n);
        expect(r.failedAt, `cycle ${r.failedAt} failed: ${r.error}`).to.equal(undefined);
        expect(r.cycles).to.equal(n);
        expect(r.after, 'descriptors open after the cycles').to.equal(r.baseline);
      });
    }
  });

  it('workers terminated in the middle of a receive flood never take the process down', function () {
    const rounds = WORKER_ROUNDS;
    const r = spawnFixture('worker-terminate', [String(rounds)]);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.deep.equal({ rounds });
  });

  it('an exception thrown by onBatch from the loop is an uncaught exception, not a crash of the addon', function () {
    const script = `
      const { NetlinkSocket } = require(${JSON.stringify(path.join(__dirname, '../../../lib/socket/netlink-socket.js'))});
      const a = NetlinkSocket.open({ protocol: 2 }), b = NetlinkSocket.open({ protocol: 2 });
      const port = a.bind().portId; b.bind();
      process.on('uncaughtException', (e) => { console.log('caught ' + e.message); a.close(); b.close(); });
      a.onBatch = () => { throw new Error('handler failed'); };
      b.send(Buffer.from('x'), { portId: port });`;
    const { spawnSync } = require('child_process') as typeof import('child_process');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000 * SLOWDOWN });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include('caught handler failed');
  });
});

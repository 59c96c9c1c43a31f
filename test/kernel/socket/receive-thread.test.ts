// Receiving on a native thread (NetlinkSocket.setReceiveThread): same bytes, same events, same lifetime rules as
// receiving from the event loop.
import { expect } from 'chai';
import { SLOWDOWN } from '../../helpers/netns';
import { execFileSync } from 'child_process';
import { Connection } from '../../../lib/core/connection';
import { RequestError } from '../../../lib/core/errors';
import { TestNetns, withNetns } from '../../helpers/netns';
import { WORKER_ROUNDS, runFixture, spawnFixture } from './child';
import { Collector, NETLINK_ROUTE, RTM_NEWADDR, RTNLGRP_IPV4_IFADDR, closeTracked, messagesOf, NLMSG_DONE, NLMSG_ERROR, openSocket } from './support';
import { NetlinkSocket } from '../../../lib/socket/netlink-socket';

const RTM_NEWROUTE = 24;
const RTM_GETROUTE = 26;
const AF_INET = 2;
const ROUTES = 50_000;
const TABLE = 100;

/** RTM_GETROUTE dump of every IPv4 route (nlmsghdr + a zeroed rtmsg). */
function routeDumpRequest(seq: number): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt32LE(28, 0);
  b.writeUInt16LE(RTM_GETROUTE, 4);
  b.writeUInt16LE(0x1 | 0x300, 6);
  b.writeUInt32LE(seq, 8);
  b[16] = AF_INET;
  return b;
}

/** Dumps the routes through onBatch and returns the messages' bytes, concatenated, up to and excluding DONE. */
async function dumpRouteBytes(socket: NetlinkSocket, seq: number, onFirstBatch?: () => void): Promise<{ bytes: Buffer; routes: number; inTable: number }> {
  const collector = new Collector(socket);
  let first = true;
  const handler = socket.onBatch!;
  socket.onBatch = (buffer, meta, count) => {
    handler(buffer, meta, count);
    if (first) {
      first = false;
      onFirstBatch?.();
    }
  };
  socket.send(routeDumpRequest(seq));
  await collector.until(() => collector.messages().some((m) => m.seq === seq && (m.type === NLMSG_DONE || m.type === NLMSG_ERROR)));
  socket.onBatch = null;
  const parts: Buffer[] = [];
  let routes = 0;
  let inTable = 0;
  for (const d of collector.datagrams) {
    for (const m of messagesOf(d.data)) {
      if (m.seq !== seq || m.type !== RTM_NEWROUTE) continue;
      routes++;
      if (m.body[4] === TABLE) inTable++; // rtmsg.rtm_table
      parts.push(m.body);
    }
  }
  return { bytes: Buffer.concat(parts), routes, inTable };
}

/** The socket's row of the namespace's /proc/net/netlink: whether a dump is in progress and the bytes queued. */
function kernelView(env: { ns: { exec(cmd: string, args: string[]): string } }, portId: number): { dumping: boolean; queued: number } {
  const rows = env.ns.exec('cat', ['/proc/net/netlink']).trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  const row = rows.find((r) => r[1] === String(NETLINK_ROUTE) && r[2] === String(portId));
  if (!row) throw new Error(`port ${portId} not in /proc/net/netlink`);
  return { queued: Number(row[4]), dumping: row[6] === '1' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('socket: receive thread (kernel)', function () {
  this.timeout(30000 * SLOWDOWN);
  const env = withNetns('lnl-sock-thr');
  afterEach(closeTracked);

  before(function () {
    const lines = Array.from({ length: ROUTES }, (_, i) => `route add blackhole 10.${(i >> 8) & 0xff}.${i & 0xff}.0/24 table ${TABLE}`);
    env.ns.ip(['-batch', '-'], { input: lines.join('\n') + '\n' });
  });

  it('a big dump received on the thread is byte for byte the dump received from the loop', async function () {
    const listing = execFileSync('ip', ['-n', env.ns.name, 'route', 'show', 'table', String(TABLE)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const expected = listing.trim().split('\n').length;
    expect(expected).to.equal(ROUTES);
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const fromLoop = await dumpRouteBytes(socket, 7);
    expect(socket.setReceiveThread(true)).to.equal(socket);
    expect(socket.receiveThread).to.equal(true);
    const fromThread = await dumpRouteBytes(socket, 7);
    expect(fromLoop.routes).to.be.at.least(ROUTES); // plus the local table's routes
    expect(fromThread.inTable).to.equal(expected);
    expect(fromThread.routes).to.equal(fromLoop.routes);
    expect(fromThread.bytes.equals(fromLoop.bytes)).to.equal(true);
  });

  it('switching the thread off in the middle of a dump keeps every datagram, in order', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const reference = await dumpRouteBytes(socket, 9);
    socket.setReceiveThread(true);
    const switched = await dumpRouteBytes(socket, 9, () => socket.setReceiveThread(false));
    expect(socket.receiveThread).to.equal(false);
    expect(switched.routes).to.equal(reference.routes);
    expect(switched.bytes.equals(reference.bytes)).to.equal(true);
  });

  it('switching the thread on in the middle of a dump keeps every datagram, in order', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const reference = await dumpRouteBytes(socket, 10);
    const switched = await dumpRouteBytes(socket, 10, () => socket.setReceiveThread(true));
    expect(socket.receiveThread).to.equal(true);
    expect(switched.routes).to.equal(reference.routes);
    expect(switched.bytes.equals(reference.bytes)).to.equal(true);
  });

  it('pause() stops the thread reading: the kernel holds the rest of the dump until resume()', async function () {
    // A dump of a few dozen datagrams: fewer than the thread's queue holds, so a reader that ignored pause()
    // would finish it in the kernel (which builds each next datagram only when the socket is read).
    const small = new TestNetns('lnl-sock-thr-pause');
    try {
      const lines = Array.from({ length: 3000 }, (_, i) => `route add blackhole 10.${(i >> 8) & 0xff}.${i & 0xff}.0/24 table ${TABLE}`);
      small.ip(['-batch', '-'], { input: lines.join('\n') + '\n' });
      const socket = openSocket({ protocol: NETLINK_ROUTE, netns: small.path });
      const port = socket.bind().portId;
      socket.setReceiveThread(true);
      let batches = 0;
      // Paused before the request goes out. (Pausing after the first batch raced with a reader much faster
      // than JavaScript, as on the emulated BMC: it had read the whole dump by then.)
      socket.pause();
      const done = dumpRouteBytes(socket, 11);
      const counting = socket.onBatch!;
      socket.onBatch = (b, m, c) => {
        batches++;
        counting(b, m, c);
      };
      await sleep(200 * SLOWDOWN);
      expect(batches, 'batches delivered while paused').to.equal(0);
      const view = kernelView({ ns: small }, port);
      expect(view.dumping, 'the kernel is still in the dump').to.equal(true);
      expect(view.queued, 'bytes waiting in the socket').to.be.greaterThan(0);
      socket.resume();
      const result = await done;
      expect(result.inTable).to.equal(3000);
      expect(kernelView({ ns: small }, port).dumping).to.equal(false);
    } finally {
      small.delete();
    }
  });

  it('an overflow while the reader is paused is reported as an overrun, and reading goes on', async function () {
    env.ns.ip(['link', 'add', 'thr0', 'type', 'veth', 'peer', 'name', 'thr1']);
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.setReceiveBufferSize(4096);
    socket.addMembership(RTNLGRP_IPV4_IFADDR);
    socket.setReceiveThread(true);
    const collector = new Collector(socket);
    let overruns = 0;
    socket.on('overrun', () => overruns++);
    socket.pause(); // the thread would otherwise keep up with the flood
    const flood = Array.from({ length: 2000 }, (_, i) => `addr add 10.200.${(i >> 8) & 0xff}.${i & 0xff}/32 dev thr0`).join('\n');
    env.ns.ip(['-batch', '-'], { input: flood + '\n' });
    const overrun = new Promise<void>((resolve) => socket.once('overrun', () => resolve()));
    socket.resume();
    await overrun;
    expect(overruns).to.be.greaterThan(0);
    const backlog = () => collector.messages().filter((m) => m.type === RTM_NEWADDR).length;
    await collector.until(() => backlog() > 0);
    expect(backlog()).to.be.below(2000);
    // The kernel drops until the queue has been read empty once; the thread does that on its own.
    await sleep(50);
    env.ns.ip(['addr', 'add', '192.0.2.78/32', 'dev', 'thr0']);
    await collector.until(() => collector.messages().some((m) => m.type === RTM_NEWADDR && m.body.includes(Buffer.from([192, 0, 2, 78]))));
    expect(socket.closed).to.equal(false);
  });

  it('closing a connection in the middle of a threaded dump rejects it with ERR_NETLINK_CLOSED', async function () {
    const conn = Connection.open({ protocol: NETLINK_ROUTE, netns: env.ns.path, receiveThread: true });
    let closedWhileThreaded = false;
    const outcome = (async () => {
      for await (const chunk of conn.dumpChunks(RTM_GETROUTE, routeDumpRequest(0).subarray(16))) {
        void chunk;
        if (conn.socket.receiveThread) {
          closedWhileThreaded = true;
          conn.close();
        }
      }
    })().catch((e: unknown) => e);
    const err = await outcome;
    expect(closedWhileThreaded).to.equal(true);
    expect(err).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_CLOSED');
    expect(conn.socket.closed).to.equal(true);
  });

  it('a connection uses the thread only while a big dump runs; small dumps and requests stay on the loop', async function () {
    const conn = Connection.open({ protocol: NETLINK_ROUTE, netns: env.ns.path, receiveThread: true });
    try {
      expect(conn.socket.receiveThread).to.equal(false);
      const RTM_GETLINK = 18;
      const links = conn.dumpChunks(RTM_GETLINK, Buffer.alloc(16));
      for await (const chunk of links) {
        void chunk;
        expect(conn.socket.receiveThread).to.equal(false);
      }
      let threadedDuringDump = false;
      for await (const chunk of conn.dumpChunks(RTM_GETROUTE, routeDumpRequest(0).subarray(16))) {
        void chunk;
        threadedDuringDump ||= conn.socket.receiveThread;
      }
      expect(threadedDuringDump).to.equal(true);
      expect(conn.socket.receiveThread).to.equal(false);
      const result = await conn.dump(RTM_GETROUTE, routeDumpRequest(0).subarray(16));
      expect(result.messages.filter((m) => m.type === RTM_NEWROUTE).length).to.be.at.least(ROUTES);
      expect(conn.socket.receiveThread).to.equal(false);
    } finally {
      conn.close();
    }
  });

  it('rejects a non-boolean and throws after close', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE });
    expect(() => socket.setReceiveThread(1 as unknown as boolean)).to.throw(TypeError);
    socket.close();
    expect(() => socket.setReceiveThread(true)).to.throw().with.property('code', 'ERR_SOCKET_CLOSED');
  });

  it('threaded sockets dropped without close() are released by the garbage collector (fds and threads)', function () {
    const r = runFixture<{ baseline: number; whileOpen: number; after: number; threadsBefore: number; threadsOpen: number; threadsAfter: number }>('thread-gc-release', [], ['--expose-gc']);
    expect(r.whileOpen - r.baseline).to.equal(20);
    expect(r.threadsOpen - r.threadsBefore).to.equal(20);
    expect(r.after).to.equal(r.baseline);
    expect(r.threadsAfter).to.equal(r.threadsBefore);
  });

  it('a reading threaded socket keeps the process alive; unref() lets it exit', function () {
    const kept = spawnFixture('thread-ref-unref', ['ref']);
    expect(kept.status, kept.stderr).to.equal(0);
    expect(kept.stdout).to.include('loop kept alive');
    const released = spawnFixture('thread-ref-unref', ['unref']);
    expect(released.timedOut).to.equal(false);
    expect(released.status, released.stderr).to.equal(0);
    expect(released.stdout).not.to.include('loop kept alive');
  });

  it('a worker that exits in the middle of a threaded dump releases its socket (no abort, no leak)', function () {
    const r = runFixture<{ exitCode: number; before: number; whileOpen: number; after: number; batches: number }>('thread-worker-exit', [env.ns.path]);
    expect(r.exitCode).to.equal(0);
    expect(r.batches).to.be.greaterThan(0);
    expect(r.whileOpen).to.be.greaterThan(r.before);
    expect(r.after).to.equal(r.before);
  });

  it('workers terminated while their receive thread is in the middle of a dump never take the process down', function () {
    const rounds = WORKER_ROUNDS;
    const r = spawnFixture('thread-worker-terminate', [env.ns.path, String(rounds)]);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.deep.equal({ rounds });
  });
});

// What a caller controls in a listing: an AbortSignal that ends a stream mid-dump (DiagClient's streams and the
// family kit's lazyBatches), leaving the connection usable and no descriptor behind; and the source of each kind
// of socket, forced per kind or found missing by the kernel (ENOENT), with only that kind read from /proc.
import { strict as assert } from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { readdirSync } from 'fs';
import { Connection, NetlinkError, Protocol } from '../../../lib/core';
import { lazyBatches } from '../../../lib/core/family';
import { AddressFamily, DiagClient, DiagMessageType, decodeInetSocket, encodeInetRequest, InetProtocol, PROTOCOL_NUMBERS } from '../../../lib/diag';
import { SLOWDOWN, TestNetns, skipUnlessRoot, skipWithReason } from '../../helpers/netns';
import { stopChild } from './sockets';

const LISTENERS = 120;
// Enough detail per socket that the listeners take several datagrams.
const EXTENSIONS = ['info', 'meminfo', 'skmeminfo', 'congestion'] as const;

const CHILD = `
const net = require('net'), dgram = require('dgram');
(async () => {
  const keep = [];
  for (let i = 0; i < ${LISTENERS}; i++) {
    const s = net.createServer();
    await new Promise((r) => s.listen(21000 + i, '127.0.0.1', r));
    keep.push(s);
  }
  const u = dgram.createSocket('udp4');
  await new Promise((r) => u.bind(5353, '127.0.0.1', r));
  keep.push(u);
  process.stdout.write('ready\\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
})();
`;

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

async function expectAbort(next: Promise<unknown>): Promise<void> {
  await assert.rejects(next, (err: { name: string; code: string }) => {
    assert.equal(err.name, 'AbortError');
    assert.equal(err.code, 'ABORT_ERR');
    return true;
  });
}

describe('diag: aborting a listing, and a source per kind (kernel)', function () {
  this.timeout(30000 * SLOWDOWN);
  let ns: TestNetns | undefined;
  let child: ChildProcess | undefined;

  before(async function () {
    skipUnlessRoot(this, 'needs root to create a network namespace');
    ns = new TestNetns('lnl-dsc');
    const proc = spawn('ip', ['netns', 'exec', ns.name, process.execPath, '-e', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.once('data', () => resolve());
      proc.once('exit', (code) => reject(new Error(`the socket child exited (${code})`)));
    });
  });
  after(async () => {
    await stopChild(child);
    ns?.delete();
  });

  it('an aborted stream rejects with an AbortError mid-dump; the client lists again; no descriptor is left open', async () => {
    const before = openFds();
    const client = DiagClient.open({ netns: ns!.name });
    try {
      const ac = new AbortController();
      const batches = client.inetSocketBatches({ protocol: 'tcp', family: 'inet', extensions: [...EXTENSIONS], signal: ac.signal })[Symbol.asyncIterator]();
      const first = await batches.next();
      assert.equal(first.done, false);
      const seen = (first.value as unknown[]).length;
      assert.ok(seen > 0 && seen < LISTENERS, `the first batch held ${seen} of ${LISTENERS} sockets: not mid-dump`);
      ac.abort();
      await expectAbort(batches.next());
      // The rest of the aborted dump is dropped as it arrives: the next listing is whole and alone.
      const all = await client.inetSockets({ protocol: 'tcp', family: 'inet', extensions: [...EXTENSIONS] });
      assert.equal(all.length, LISTENERS);
      assert.equal((await client.inetSockets({ protocol: 'udp', family: 'inet' })).length, 1);
      // An already aborted signal rejects before anything is sent, for every kind.
      await expectAbort(client.inetSockets({ protocol: 'tcp', signal: ac.signal }));
      await expectAbort(client.unixSockets({ signal: ac.signal }));
    } finally {
      client.close();
    }
    assert.equal(openFds(), before);
  });

  it("the family kit's lazyBatches takes a signal: aborted mid-dump, the connection dumps again", async () => {
    const before = openFds();
    const conn = Connection.open({ protocol: Protocol.SockDiag, netns: ns!.name });
    try {
      const protocol = PROTOCOL_NUMBERS.tcp;
      const payload = encodeInetRequest({ family: AddressFamily.Inet, protocol, states: 0xffffffff, extensions: 0xff });
      const query = async () => ({
        what: 'tcp socket',
        type: DiagMessageType.ByFamily,
        payload,
        replyType: DiagMessageType.ByFamily,
        decodeAt: (buf: Buffer, start: number, end: number) => decodeInetSocket(protocol, buf, start, end),
        decode: (p: Buffer) => decodeInetSocket(protocol, p, 0, p.length),
        accept: () => true,
      });
      const ac = new AbortController();
      const it = lazyBatches(conn, query, { signal: ac.signal })[Symbol.asyncIterator]();
      const first = await it.next();
      assert.ok(!first.done && first.value.length < LISTENERS, 'the first batch should not hold every socket');
      ac.abort();
      await expectAbort(it.next());
      let total = 0;
      for await (const batch of lazyBatches(conn, query, {})) total += batch.length;
      assert.equal(total, LISTENERS);
    } finally {
      conn.close();
    }
    assert.equal(openFds(), before);
  });

  it('a kind forced to /proc is read there alone, says so, and lists the same sockets', async () => {
    const mixed = DiagClient.open({ netns: ns!.name, sources: { udp: 'proc' } });
    const plain = DiagClient.open({ netns: ns!.name, source: 'netlink' });
    try {
      const key = (s: { localAddress: string; localPort: number; state: unknown }) => `${s.localAddress}:${s.localPort} ${String(s.state)}`;
      const udp = await mixed.inetSockets({ protocol: 'udp' });
      const tcp = await mixed.inetSockets({ protocol: 'tcp' });
      assert.deepEqual(mixed.sources, { udp: 'proc', tcp: 'netlink' });
      assert.deepEqual(udp.map((s) => s.source), ['proc']);
      assert.deepEqual(udp.map(key), (await plain.inetSockets({ protocol: 'udp' })).map(key));
      assert.equal(tcp.length, LISTENERS);
      assert.deepEqual(plain.sources, { udp: 'netlink' });
    } finally {
      mixed.close();
      plain.close();
    }
    assert.throws(() => DiagClient.open({ sources: { bogus: 'proc' } as never }), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => DiagClient.open({ sources: { tcp: 'disk' } as never }), { code: 'ERR_INVALID_ARG_VALUE' });
  });

  it("a kind whose diag handler this kernel lacks falls back to /proc alone, and the others don't", async function () {
    // Which handlers are missing, asked of the kernel directly (ENOENT), for the kinds /proc/net has a file for.
    const kinds: InetProtocol[] = ['tcp', 'udp', 'udplite', 'raw'];
    const conn = Connection.open({ protocol: Protocol.SockDiag, netns: ns!.name });
    const missing = new Set<InetProtocol>();
    try {
      for (const kind of kinds) {
        const payload = encodeInetRequest({ family: AddressFamily.Inet, protocol: PROTOCOL_NUMBERS[kind], states: 0xffffffff, extensions: 0 });
        try {
          await conn.dump(DiagMessageType.ByFamily, payload);
        } catch (err) {
          if (err instanceof NetlinkError && err.code === 'ENOENT') missing.add(kind);
          else throw err;
        }
      }
    } finally {
      conn.close();
    }
    if (missing.size === 0) skipWithReason(this, `this kernel has a diag handler for each of ${kinds.join(', ')}: the forced test covers the fallback`);
    const client = DiagClient.open({ netns: ns!.name });
    try {
      for (const kind of kinds) await client.inetSockets({ protocol: kind });
      for (const kind of kinds) assert.equal(client.sources[kind], missing.has(kind) ? 'proc' : 'netlink', kind);
      // What the fallback lists, against ss (which falls back to /proc the same way) for the missing kinds ss knows.
      for (const kind of missing) {
        const flag = ({ tcp: '-t', udp: '-u', raw: '-w' } as Partial<Record<InetProtocol, string>>)[kind];
        if (!flag) continue;
        const ss = execFileSync('ip', ['netns', 'exec', ns!.name, 'ss', '-nH', '-a', flag], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
        assert.equal((await client.inetSockets({ protocol: kind })).length, ss.length, `${kind}: ${ss.join('\n')}`);
      }
    } finally {
      client.close();
    }
  });
});

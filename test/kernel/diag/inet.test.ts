// inet_diag against the real kernel: the sockets of child.ts in a private namespace, compared with iproute2's ss
// and with /proc/net/tcp, extensions decoded, the kernel filter, SOCK_DESTROY and the /proc fallback.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { readFileSync } from 'fs';
import { DiagClient, InetSocket, matchesFilter, parseInetProc, SocketFilter } from '../../../lib/diag';
import { ssState } from '../../../lib/cli/format/ss-socket';
import { ssOutput, withSocketsAndClient } from './sockets';

// How ss -n writes an endpoint (iproute2 inet_addr_print), written here from its source, not from the CLI's code.
function endpoint(s: InetSocket, address: string, port: number): string {
  let a = address;
  if (s.family === 'inet6') a = address === '::' && !s.v6only ? '*' : `[${address}]`;
  return `${a}:${port === 0 ? '*' : port}`;
}

function ssKey(s: InetSocket): string {
  return [ssState(s.state), s.receiveQueue, s.sendQueue, endpoint(s, s.localAddress, s.localPort), endpoint(s, s.remoteAddress, s.remotePort)].join(' ');
}

function ssLines(ns: string, args: string[]): string[] {
  return ssOutput(ns, args)
    .map((l) => l.trim().split(/\s+/).join(' '))
    .sort();
}

/** cgroup v2 is mounted: the kernel keeps socket cgroup data (CONFIG_SOCK_CGROUP_DATA), as this host's does. */
const hasCgroup2 = existsSync('/sys/fs/cgroup/cgroup.controllers');

describe('diag: inet sockets (kernel)', function () {
  const suite = withSocketsAndClient();
  const fixture = { get value() { return suite.fixture; } };
  let client: DiagClient;
  before(() => (client = suite.client));

  it('lists TCP over IPv4 and IPv6 as ss does, line for line', async () => {
    const tcp = await client.inetSockets();
    assert.deepEqual(tcp.map(ssKey).sort(), ssLines(fixture.value.ns.name, ['-ta']));
    assert.ok(tcp.every((s) => s.source === 'netlink' && s.protocol === 'tcp'));
    // IPv4 first, as ss lists them.
    const firstV6 = tcp.findIndex((s) => s.family === 'inet6');
    assert.ok(firstV6 > 0 && tcp.slice(firstV6).every((s) => s.family === 'inet6'));
  });

  it('shows unread data queued and a listener backlog', async () => {
    const tcp = await client.inetSockets();
    const listener = tcp.find((s) => s.state === 'listen' && s.localPort === 5001)!;
    assert.equal(listener.sendQueue, 7); // the backlog asked for
    const server = tcp.find((s) => s.state === 'established' && s.localPort === 5001)!;
    assert.equal(server.receiveQueue, 1000);
    assert.equal(server.remotePort, fixture.value.child.client4Port);
  });

  it('lists UDP as ss does', async () => {
    const udp = await client.inetSockets({ protocol: 'udp' });
    assert.deepEqual(udp.map(ssKey).sort(), ssLines(fixture.value.ns.name, ['-ua']));
    assert.ok(udp.some((s) => s.state === 'established' && s.localPort === 5007 && s.remotePort === 5005));
  });

  it('agrees with /proc/net/tcp and tcp6 on every socket', async () => {
    const tcp = await client.inetSockets();
    const pid = fixture.value.child.pid;
    const proc = [
      ...parseInetProc(readFileSync(`/proc/${pid}/net/tcp`, 'latin1'), 'tcp', 'inet').sockets,
      ...parseInetProc(readFileSync(`/proc/${pid}/net/tcp6`, 'latin1'), 'tcp', 'inet6').sockets,
    ];
    const key = (s: InetSocket) => [s.family, s.state, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.inode, s.uid].join(' ');
    assert.deepEqual(tcp.map(key).sort(), proc.map(key).sort());
    for (const s of tcp.filter((x) => x.state !== 'listen')) {
      const p = proc.find((x) => x.inode === s.inode && x.localPort === s.localPort)!;
      assert.equal(p.receiveQueue, s.receiveQueue);
      assert.equal(p.sendQueue, s.sendQueue);
    }
  });

  it('filters by state in the kernel', async () => {
    const listening = await client.inetSockets({ states: ['listen'] });
    assert.deepEqual(listening.map(ssKey).sort(), ssLines(fixture.value.ns.name, ['-tl']));
    assert.deepEqual((await client.inetSockets({ family: 'inet6', states: ['established'] })).map(ssKey).sort(), ssLines(fixture.value.ns.name, ['-t6']));
  });

  it('decodes the extensions: tcp_info field by field, memory, congestion, tos, cgroup, mark, sockopt', async () => {
    const tcp = await client.inetSockets({ extensions: ['info', 'meminfo', 'skmeminfo', 'congestion', 'tos', 'tclass', 'shutdown'] });
    const server = tcp.find((s) => s.state === 'established' && s.localPort === 5001)!;
    const info = server.tcpInfo!;
    assert.equal(info.state, 1);
    assert.equal(info.bytesReceived, 1000n);
    assert.ok(info.rcvMss! > 0 && info.rtt! > 0 && info.sndCwnd! > 0);
    assert.equal(typeof info.sndWscale, 'number');
    assert.equal(server.skmeminfo!.rmemAlloc! > 0, true); // the unread 1000 bytes are charged to the socket
    assert.ok(server.meminfo!.rmem >= 1000);
    assert.equal(typeof server.congestion, 'string');
    assert.ok(server.congestion!.length > 0);
    assert.equal(server.tos, 0);
    assert.equal(server.mark, 0);
    // Socket cgroup ids exist where the kernel keeps socket cgroup data (cgroup v2 here; the QEMU guest's kernel has none).
    if (hasCgroup2) assert.equal(typeof server.cgroupId, 'bigint');
    assert.ok(server.sockopt!.includes('is_icsk'));
    const v6 = tcp.find((s) => s.family === 'inet6' && s.state === 'listen' && s.localPort === 5004)!;
    assert.equal(v6.v6only, true);
    assert.equal(v6.tclass, 0);
    // Cross-check with ss -i -m -e: the same cwnd, mss, congestion and skmem for the server side.
    const ss = execFileSync('ip', ['netns', 'exec', fixture.value.ns.name, 'ss', '-tnieHm', 'state', 'established', 'sport', '=', ':5001'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'], // ss -e complains on stderr when no cgroup2 is mounted
    });
    assert.match(ss, new RegExp(` ${server.congestion} `));
    assert.match(ss, new RegExp(`cwnd:${info.sndCwnd}`));
    assert.match(ss, new RegExp(`rcvmss:${info.rcvMss}`));
    assert.match(ss, new RegExp(`bytes_received:1000`));
    assert.match(ss, new RegExp(`ino:${server.inode} sk:${server.cookie.toString(16)}`));
    assert.match(ss, new RegExp(`skmem:\\(r${server.skmeminfo!.rmemAlloc},rb${server.skmeminfo!.rcvbuf},`));
  });

  it('runs a filter in the kernel: ports, ranges, addresses with prefixes, not/any/all', async () => {
    const all = await client.inetSockets();
    const filters: SocketFilter[] = [
      { localPort: 5001 },
      { remotePort: 5001 },
      { localPort: { ge: 5002, le: 5003 } },
      { localPort: { gt: 5003 } },
      { localAddress: '127.0.0.0/8' },
      { localAddress: '::1' },
      { remoteAddress: '127.0.0.1/32', remotePort: { ne: 5001 } },
      { any: [{ localPort: 5001 }, { localPort: 5004 }] },
      { not: { localPort: 5001 } },
      { all: [{ localAddress: '0.0.0.0/0' }, { not: { any: [{ localPort: 5003 }, { remotePort: 5003 }] } }] },
      ...(hasCgroup2 ? [{ cgroup: all[0].cgroupId ?? 0n }] : []), // without socket cgroup data the kernel refuses the condition (EINVAL)
      { mark: 0 },
      { mark: 1, mask: 1 },
    ];
    for (const filter of filters) {
      const kernel = await client.inetSockets({ filter });
      const expected = all.filter((s) => matchesFilter(filter, s));
      assert.deepEqual(kernel.map(ssKey).sort(), expected.map(ssKey).sort(), JSON.stringify(filter, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
    }
    // And against ss's own filter on the same sockets.
    assert.deepEqual((await client.inetSockets({ filter: { localPort: 5001 } })).map(ssKey).sort(), ssLines(fixture.value.ns.name, ['-ta', 'sport', '=', ':5001']));
  });

  it('rejects a malformed filter with a typed error before anything is sent', async () => {
    await assert.rejects(client.inetSockets({ filter: { localPort: 70000 } }), { name: 'FilterError', code: 'ERR_INVALID_ARG_VALUE' });
    await assert.rejects(client.inetSockets({ filter: { localAddress: '10.0.0.0/33' } }), { code: 'ERR_INVALID_ARG_VALUE' });
    await assert.rejects(client.inetSockets({ filter: { any: [] } }), { code: 'ERR_INVALID_ARG_VALUE' });
    await assert.rejects(client.inetSockets({ states: ['listening' as never] }), { code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('streams: the same sockets one by one', async () => {
    const list = await client.inetSockets();
    const streamed: InetSocket[] = [];
    for await (const s of client.inetSocketsStream()) streamed.push(s);
    assert.deepEqual(streamed.map(ssKey), list.map(ssKey));
  });

  it('gives the same objects from /proc when forced, marked with their source', async () => {
    const proc = DiagClient.open({ netns: `/proc/${fixture.value.child.pid}/ns/net`, source: 'proc' });
    try {
      const a = await client.inetSockets();
      const b = await proc.inetSockets();
      assert.ok(b.every((s) => s.source === 'proc'));
      assert.equal(proc.sources.tcp, 'proc');
      const core = (s: InetSocket) => [s.family, s.protocol, s.state, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.uid, s.inode].join(' ');
      assert.deepEqual(b.map(core), a.map(core));
      const u = await proc.inetSockets({ protocol: 'udp', filter: { localPort: 5005 } });
      assert.deepEqual(u.map(core), (await client.inetSockets({ protocol: 'udp', filter: { localPort: 5005 } })).map(core));
      await assert.rejects(proc.destroySocket(a[0]), { code: 'ERR_DIAG_NO_NETLINK' });
    } finally {
      proc.close();
    }
    // By name: /proc of a process found inside the namespace.
    const byName = DiagClient.open({ netns: fixture.value.ns.name, source: 'proc' });
    try {
      assert.equal((await byName.inetSockets()).length, (await client.inetSockets()).length);
    } finally {
      byName.close();
    }
  });

  it('falls back by itself for a protocol the kernel has no handler for', async () => {
    // SCTP has no diag handler on this kernel (nor a /proc/net file): the client says which, typed.
    await assert.rejects(client.inetSockets({ protocol: 'sctp' }), { code: 'ERR_DIAG_UNSUPPORTED' });
    assert.equal(client.sources.sctp, 'proc');
    assert.equal(client.sources.tcp, 'netlink');
  });

  it('destroys a TCP connection it owns (SOCK_DESTROY), and says why when it cannot', async () => {
    const victim = (await client.inetSockets({ filter: { localPort: fixture.value.child.victimPort } }))[0];
    assert.equal(victim.state, 'established');
    await client.destroySocket(victim);
    const after = await client.inetSockets({ filter: { localPort: fixture.value.child.victimPort } });
    assert.ok(after.every((s) => s.state !== 'established'), JSON.stringify(after.map(ssKey)));
    await assert.rejects(client.destroySocket(victim), { name: 'DestroyError', code: 'ENOENT' });
  });
});

// unix, netlink and packet diag against the real kernel, compared with iproute2's ss and /proc/net.
import { strict as assert } from 'assert';
import { execFileSync, spawn } from 'child_process';
import { readFileSync } from 'fs';
import { Connection, Protocol } from '../../../lib/core';
import { DiagClient, parseNetlinkProc, parseUnixProc } from '../../../lib/diag';
import { ssOutput, withSocketsAndClient } from './sockets';
import { skipWithReason } from '../../helpers/netns';

function ss(ns: string, args: string[]): string[][] {
  return ssOutput(ns, args).map((l) => l.trim().split(/\s+/));
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', '0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('diag: unix, netlink and packet sockets (kernel)', function () {
  const suite = withSocketsAndClient();
  const fixture = { get value() { return suite.fixture; } };
  let client: DiagClient;
  before(() => (client = suite.client));

  it('lists unix sockets with names, peers, pending connections and queues, as ss does', async () => {
    const unix = await client.unixSockets();
    const dir = fixture.value.dir;
    const path = unix.find((s) => s.name === `${dir}/stream.sock`)!;
    assert.ok(path, JSON.stringify(unix.map((s) => s.name)));
    assert.equal(path.state, 'listen');
    assert.equal(path.type, 'stream');
    assert.ok(path.vfs && path.vfs.inode > 0);
    // Node 20 binds abstract names with the whole sockaddr_un (the name's trailing NULs are part of it); Node 18's
    // libuv copies the path as a C string, so there the name is empty: all NULs. Find the listener by its inode.
    const listener = unix.find((s) => s.inode === fixture.value.child.abstractInode)!;
    assert.ok(listener, `no socket with the abstract listener's inode ${fixture.value.child.abstractInode}`);
    assert.equal(listener.state, 'listen');
    assert.ok(listener.name?.startsWith('@'), `an abstract name: ${JSON.stringify(listener.name)}`);
    const trimmed = listener.name!.replace(/\0+$/, '');
    if (trimmed !== '@') assert.equal(trimmed, fixture.value.child.abstract);
    const isAbstract = (name?: string) => name === listener.name;
    const client4 = unix.find((s) => s.state === 'established' && s.name === undefined && s.peer !== undefined && unix.some((p) => p.inode === s.peer && isAbstract(p.name)))!;
    assert.ok(client4, 'the connected client, whose peer is the accepted end of the abstract listener');
    // ss -xa: netid state recv-q send-q local inode peer peer-inode
    const lines = ss(fixture.value.ns.name, ['-xa']);
    const ours = unix.map((s) => [s.type === 'stream' ? 'u_str' : String(s.type), s.state === 'listen' ? 'LISTEN' : s.state === 'established' ? 'ESTAB' : 'UNCONN', String(s.receiveQueue), String(s.sendQueue), s.name?.replace(/\0/g, '@') ?? '*', String(s.inode)].join(' '));
    assert.deepEqual(ours.sort(), lines.map((f) => f.slice(0, 6).join(' ')).sort());
    const proc = parseUnixProc(readFileSync(`/proc/${fixture.value.child.pid}/net/unix`, 'latin1'));
    const key = (s: { type: unknown; state: unknown; inode: number; name?: string }) => `${String(s.type)} ${String(s.state)} ${s.inode} ${s.name?.replace(/\0/g, '@') ?? ''}`; // /proc prints an abstract name's NULs as '@'
    assert.deepEqual(proc.map(key).sort(), unix.map(key).sort());
  });

  it('lists netlink sockets with every group, those above 32 included, and agrees with /proc/net/netlink', async () => {
    const conn = Connection.open({ protocol: Protocol.Route, netns: fixture.value.ns.name });
    try {
      const sub = conn.subscribe([1, 33, 36]); // RTNLGRP_LINK, and two groups /proc/net/netlink cannot show
      const { portId } = conn.socket.address();
      const list = await client.netlinkSockets({ protocol: Protocol.Route });
      const mine = list.find((s) => s.portId === portId)!;
      assert.deepEqual(mine.groups, [1, 33, 36]);
      assert.equal(mine.protocolName, 'rtnl');
      assert.ok(mine.flags!.includes('pktinfo'));
      const proc = parseNetlinkProc(readFileSync(`/proc/${fixture.value.child.pid}/net/netlink`, 'latin1')).filter((s) => s.protocol === Protocol.Route);
      // This kernel lists a socket that is bound and subscribed twice (ss shows it twice too): compare as sets.
      const set = (l: typeof list) => [...new Set(l.map((s) => `${s.portId} ${s.inode}`))].sort();
      assert.deepEqual(set(proc), set(list));
      assert.deepEqual(proc.find((s) => s.portId === portId)!.groups, [1]); // /proc's column holds the first 32
      // ss -A netlink prints "rtnl:<process>/<portid>" for a user socket.
      const lines = ss(fixture.value.ns.name, ['-a', '-A', 'netlink']);
      assert.ok(lines.some((f) => f.join(' ').includes(`0:${portId}`)), lines.map((f) => f.join(' ')).join('\n'));
      sub.close();
    } finally {
      conn.close();
    }
  });

  it('lists packet sockets as ss does', async function () {
    if (!hasPython) skipWithReason(this, 'opens its packet sockets with python3, which is not installed here');
    const py = spawn('ip', ['netns', 'exec', fixture.value.ns.name, 'python3', '-c',
      'import socket,sys\ns=socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88cc))\nd=socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(3))\nprint(s.fileno(), flush=True)\nsys.stdin.read()'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => py.stdout!.once('data', resolve));
      const packet = await client.packetSockets();
      const raw = packet.find((s) => s.type === 'raw' && s.protocol === 0x88cc)!;
      assert.ok(raw.info && raw.info.flags.includes('running'));
      assert.ok(packet.some((s) => s.type === 'dgram' && s.protocol === 3));
      const lines = ss(fixture.value.ns.name, ['-0a']);
      // p_raw UNCONN 0 0 LLDP:* ... ; ss prints the protocol by name; match on type and inode via -e.
      const inodes = ss(fixture.value.ns.name, ['-0ae']).map((f) => f.find((x) => x.startsWith('ino:'))?.slice(4));
      assert.deepEqual(packet.map((s) => String(s.inode)).sort(), inodes.sort());
      assert.equal(lines.length, packet.length);
    } finally {
      py.stdin!.end();
      await new Promise((r) => py.once('exit', r));
    }
  });
});

// The /proc/net fallback: the same socket objects as sock_diag gives, read from the text of /proc/net/{tcp,
// tcp6, udp, udp6, udplite, udplite6, raw, raw6, unix, netlink, packet}, for kernels built without a diag module.
// What /proc does not carry is absent (or 0: the cookie); listeners' sendQueue is /proc's (0), not their backlog.
import { promises as fs } from 'fs';
import { spec } from '../core';
import { InetProtocol, InetSocket, SocketState, stateName, TimerName } from './inet';
import { NetlinkSocketInfo, netlinkProtocolName } from './netlink';
import { PacketSocket } from './packet';
import { socketTypeName, UnixSocket } from './unix';

const TIMER_NAMES: readonly TimerName[] = ['off', 'on', 'keepalive', 'timewait', 'persist'];
// /proc prints timers in clock ticks (USER_HZ, 100 a second on every architecture Linux supports).
const MS_PER_TICK = 10;

/** The /proc/net file of each inet protocol and family. */
export function inetProcFile(protocol: InetProtocol, family: 'inet' | 'inet6'): string | undefined {
  const base = ({ tcp: 'tcp', udp: 'udp', udplite: 'udplite', raw: 'raw' } as Partial<Record<InetProtocol, string>>)[protocol];
  return base && (family === 'inet6' ? base + '6' : base);
}

function hexAddress(text: string, family: 'inet' | 'inet6'): string {
  const words = family === 'inet' ? 1 : 4;
  const b = Buffer.alloc(words * 4);
  // Each 32-bit word is printed as the host (little-endian) reading of the network-order bytes.
  for (let i = 0; i < words; i++) b.writeUInt32LE(parseInt(text.slice(i * 8, i * 8 + 8), 16) >>> 0, i * 4);
  if (family === 'inet') return spec.formatIPv4(b, 0);
  return b.every((x) => x === 0) ? '::' : spec.formatIPv6(b, 0);
}

/** The inet sockets of a /proc/net table. */
export interface ProcInetListing {
  /** The sockets, in the table's order. */
  sockets: InetSocket[];
  /** Lines that could not be read as a socket. */
  skipped: number;
}

/** Parses the text of /proc/net/{tcp,udp,raw,...}[6]. Lines that do not parse are skipped (and counted). */
export function parseInetProc(text: string, protocol: InetProtocol, family: 'inet' | 'inet6'): ProcInetListing {
  const sockets: InetSocket[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10) {
      if (f[0] !== '') skipped++;
      continue;
    }
    const [local, remote, st, queues, timer, retrans, uid, , inode] = f.slice(1);
    const [lhex, lport] = local.split(':');
    const [rhex, rport] = remote.split(':');
    const [tx, rx] = queues.split(':');
    const [tr, when] = timer.split(':');
    const t = parseInt(tr, 16);
    if (!lport || !rport || !rx || !when || Number.isNaN(t)) {
      skipped++;
      continue;
    }
    sockets.push({
      source: 'proc',
      family,
      protocol,
      state: stateName(parseInt(st, 16)),
      localAddress: hexAddress(lhex, family),
      localPort: parseInt(lport, 16),
      remoteAddress: hexAddress(rhex, family),
      remotePort: parseInt(rport, 16),
      interface: 0,
      cookie: 0n,
      timer: TIMER_NAMES[t] ?? t,
      expires: t === 0 ? 0 : parseInt(when, 16) * MS_PER_TICK,
      retransmits: parseInt(retrans, 16),
      receiveQueue: parseInt(rx, 16),
      sendQueue: parseInt(tx, 16),
      uid: Number(uid),
      inode: Number(inode),
    });
  }
  return { sockets, skipped };
}

const SO_ACCEPTCON = 1 << 16;
const UNIX_STATES: Record<number, SocketState> = { 1: 'close', 2: 'syn-sent', 3: 'established', 4: 'closing' };

/** Parses the text of /proc/net/unix (where the NULs of an abstract name are printed, and read back, as '@'). */
export function parseUnixProc(text: string): UnixSocket[] {
  const out: UnixSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = /^\s*[0-9a-f]+:\s+[0-9A-F]+\s+[0-9A-F]+\s+([0-9A-F]+)\s+([0-9A-F]+)\s+([0-9A-F]+)\s+(\d+)(?: (.*))?$/.exec(lines[i]);
    if (!m) continue;
    const flags = parseInt(m[1], 16);
    const st = parseInt(m[3], 16);
    const s: UnixSocket = {
      source: 'proc',
      type: socketTypeName(parseInt(m[2], 16)),
      // SS_UNCONNECTED 1, SS_CONNECTING 2, SS_CONNECTED 3, SS_DISCONNECTING 4; a listener carries __SO_ACCEPTCON.
      state: flags & SO_ACCEPTCON ? 'listen' : UNIX_STATES[st] ?? 'close',
      inode: Number(m[4]),
      cookie: 0n,
    };
    if (m[5] !== undefined) s.name = m[5];
    out.push(s);
  }
  return out;
}

/** Parses the text of /proc/net/netlink (its groups column holds the first 32 groups only). */
export function parseNetlinkProc(text: string): NetlinkSocketInfo[] {
  const out: NetlinkSocketInfo[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10) continue;
    const protocol = Number(f[1]);
    const bits = parseInt(f[3], 16) >>> 0;
    const groups: number[] = [];
    for (let b = 0; b < 32; b++) if (bits & (1 << b)) groups.push(b + 1);
    out.push({
      source: 'proc',
      protocol,
      protocolName: netlinkProtocolName(protocol),
      portId: Number(f[2]) | 0,
      destinationPortId: 0,
      destinationGroup: 0,
      state: 'close',
      inode: Number(f[9]),
      cookie: 0n,
      groups,
      meminfo: { rmemAlloc: Number(f[4]), wmemAlloc: Number(f[5]), drops: Number(f[8]) },
    });
  }
  return out;
}

/** Parses the text of /proc/net/packet. */
export function parsePacketProc(text: string): PacketSocket[] {
  const out: PacketSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 9) continue;
    out.push({
      source: 'proc',
      type: socketTypeName(Number(f[2])),
      protocol: parseInt(f[3], 16),
      inode: Number(f[8]),
      cookie: 0n,
      uid: Number(f[7]),
      info: { index: Number(f[4]), version: 0, reserve: 0, copyThresh: 0, tstamp: 0, flags: f[5] === '1' ? ['running'] : [] },
      meminfo: { rmemAlloc: Number(f[6]) },
    });
  }
  return out;
}

/** Reads one /proc/net file under `root` (/proc/self/net, /proc/PID/net); undefined when the kernel lacks it. */
export async function readProcNet(root: string, file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(`${root}/${file}`, 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The /proc/net directory that shows the sockets of `netns`: the process's own for none, /proc/PID/net for a
 * /proc/PID/ns/net path, else that of any process found inside the namespace (a name under /run/netns, a path or
 * an fd, matched by the namespace's inode). A namespace without a process in it has no /proc view.
 */
export async function procNetRoot(netns: string | number | undefined): Promise<string> {
  if (netns === undefined) return '/proc/self/net';
  const m = typeof netns === 'string' ? /^\/proc\/(\d+|self)\/ns\/net$/.exec(netns) : null;
  if (m) return `/proc/${m[1]}/net`;
  const path = typeof netns === 'number' ? `/proc/self/fd/${netns}` : netns.includes('/') ? netns : `/run/netns/${netns}`;
  let inode: number;
  try {
    inode = (await fs.stat(path)).ino;
  } catch (err) {
    throw Object.assign(new Error(`network namespace ${JSON.stringify(netns)}: ${(err as Error).message}`), { code: (err as NodeJS.ErrnoException).code });
  }
  const wanted = `net:[${inode}]`;
  for (const pid of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if ((await fs.readlink(`/proc/${pid}/ns/net`)) === wanted) return `/proc/${pid}/net`;
    } catch {
      // gone, or not ours to see
    }
  }
  throw Object.assign(new Error(`the /proc fallback cannot read network namespace ${JSON.stringify(netns)}: no process is inside it`), {
    code: 'ERR_DIAG_PROC_NETNS',
  });
}

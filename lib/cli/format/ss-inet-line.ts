// The common listing (`ss -tan`, `ss -tln`: nothing asked for beyond the endpoints) made straight from each
// inet_diag_msg's bytes into its line's cells: no socket object in between, and the texts a listing repeats
// (states, queues, addresses, ports) made once.
import { spec } from '../../core';
import { AddressFamily, decodeInetSocket, InetDiagAttribute, InetSocket, protocolName, stateName } from '../../diag';
import { inetAddress, inetNetid, inetPort, queue, ssState, SsView } from './ss-socket';
import { Cells } from './ss-table';

// struct inet_diag_msg: family, state, timer, retrans; id (sport, dport, src[16], dst[16], if, cookie[2]);
// expires, rqueue, wqueue, uid, inode.
const MSG_SIZE = 72;
const LOCAL = 8;
const REMOTE = 24;
const INTERFACE = 40;
const RECEIVE_QUEUE = 56;
const SEND_QUEUE = 60;

// "a.b.c.d:" by the address's 32 bits; a listing holds few addresses, but the cache stays bounded.
const ipv4Cells = new Map<number, string>();
const IPV4_CACHE_MAX = 65536;

/**
 * The cells of an inet socket's line (the common listing: no details), from its message buf[start, end). A
 * socket whose line needs more than its bytes (one bound to a device, whose name must be looked up first) or
 * whose message is malformed comes back decoded as an InetSocket instead, for the general path.
 */
export function inetLineCells(protocol: number, buf: Buffer, start: number, end: number, view: SsView): Cells | InetSocket {
  if (end - start < MSG_SIZE || u32(buf, start + INTERFACE) !== 0) return decodeInetSocket(protocol, buf, start, end);
  let kernelProtocol = protocol;
  let v6only = false;
  for (let at = start + MSG_SIZE; at + 4 <= end; ) {
    const len = buf[at] | (buf[at + 1] << 8);
    if (len < 4 || at + len > end) return decodeInetSocket(protocol, buf, start, end);
    const type = (buf[at + 2] | (buf[at + 3] << 8)) & 0x3fff;
    if (len > 4 && type === InetDiagAttribute.Protocol) kernelProtocol = buf[at + 4];
    else if (len > 4 && type === InetDiagAttribute.Skv6only) v6only = buf[at + 4] !== 0;
    at += (len + 3) & ~3;
  }
  const s = { family: buf[start] === AddressFamily.Inet6 ? ('inet6' as const) : ('inet' as const), protocol: protocolName(kernelProtocol), v6only };
  return [
    inetNetid(s),
    ssState(stateName(buf[start + 1])),
    queue(u32(buf, start + RECEIVE_QUEUE)),
    queue(u32(buf, start + SEND_QUEUE)),
    addressCell(s, buf, start + LOCAL),
    inetPort(s, (buf[start + 4] << 8) | buf[start + 5], view),
    addressCell(s, buf, start + REMOTE),
    inetPort(s, (buf[start + 6] << 8) | buf[start + 7], view),
  ];
}

function addressCell(s: { family: 'inet' | 'inet6'; v6only: boolean }, buf: Buffer, at: number): string {
  if (s.family === 'inet6') return inetAddress(s, formatIPv6(buf, at)) + ':';
  const key = u32(buf, at);
  let cell = ipv4Cells.get(key);
  if (cell === undefined) {
    if (ipv4Cells.size >= IPV4_CACHE_MAX) ipv4Cells.clear();
    cell = spec.formatIPv4(buf, at) + ':';
    ipv4Cells.set(key, cell);
  }
  return cell;
}

function formatIPv6(buf: Buffer, at: number): string {
  // Every listener and unconnected socket has the any-address.
  return (u32(buf, at) | u32(buf, at + 4) | u32(buf, at + 8) | u32(buf, at + 12)) === 0 ? '::' : spec.formatIPv6(buf, at);
}

function u32(buf: Buffer, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
}

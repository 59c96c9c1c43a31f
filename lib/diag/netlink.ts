// netlink_diag: the request (struct netlink_diag_req) and the decoding of struct netlink_diag_msg.
import { DecodeError, Protocol, spec } from '../core';
import { AddressFamily, NDIAG_PROTO_ALL, NetlinkDiagAttribute, NetlinkShow } from './constants';
import { RawAttribute, SkMeminfo, SocketSource, SocketState, stateName } from './inet';
import { skMeminfoStruct } from './structs';
import { forEachAttribute, take } from './unix';

/** The flags netlink_diag reports (NDIAG_FLAG_*), by name. */
export type NetlinkSocketFlag = 'cb-running' | 'pktinfo' | 'broadcast-error' | 'no-enobufs' | 'listen-all-nsid' | 'cap-ack';
const FLAG_NAMES: readonly NetlinkSocketFlag[] = ['cb-running', 'pktinfo', 'broadcast-error', 'no-enobufs', 'listen-all-nsid', 'cap-ack'];

/** One AF_NETLINK socket: what /proc/net/netlink shows, and more. */
export interface NetlinkSocketInfo {
  /** Where this description came from: sock_diag ('netlink') or /proc/net/netlink ('proc', with fewer fields). */
  source: SocketSource;
  /** The netlink protocol number (0 NETLINK_ROUTE, 4 NETLINK_SOCK_DIAG, ...). */
  protocol: number;
  /** Its short name, as ss prints it ('rtnl', 'sock_diag', 'uevent', 'genl', ...), or the number as text. */
  protocolName: string;
  /** The socket's port id (0 for the kernel's own sockets' peers; negative ids are autobound ones). */
  portId: number;
  /** The default destination: port id and group (connect()). */
  destinationPortId: number;
  /** The default destination group (0: none). */
  destinationGroup: number;
  /** 'close' (unconnected) or 'established' (connect()ed), or the state's number. */
  state: SocketState | number;
  /** The socket's inode (as in /proc/PID/fd: socket:[inode]). */
  inode: number;
  /** The kernel's socket cookie. */
  cookie: bigint;
  /** The multicast groups joined, numbered from 1, including those above 32. */
  groups?: number[];
  /** The SK_MEMINFO_* counters. */
  meminfo?: SkMeminfo;
  /** The NDIAG_FLAG_* bits set, by name ('cb-running', 'pktinfo', ...), or the bits not named. */
  flags?: Array<NetlinkSocketFlag | number>;
  /** Attributes this version does not decode, with their bytes. */
  unknownAttributes?: RawAttribute[];
  /** What could not be decoded (the socket is kept with the fields that could). */
  decodeErrors?: DecodeError[];
}

// ss's names (iproute2 lib/rt_names.c nl_proto_n2a), so text output matches.
const PROTOCOL_NAMES: Record<number, string> = {
  [Protocol.Route]: 'rtnl',
  1: 'unused',
  [Protocol.Usersock]: 'usersock',
  [Protocol.Firewall]: 'fw',
  [Protocol.SockDiag]: 'tcpdiag',
  [Protocol.Nflog]: 'nflog',
  [Protocol.Xfrm]: 'xfrm',
  [Protocol.Selinux]: 'selinux',
  [Protocol.Iscsi]: 'iscsi',
  [Protocol.Audit]: 'audit',
  [Protocol.FibLookup]: 'fiblookup',
  [Protocol.Connector]: 'connector',
  [Protocol.Netfilter]: 'nft',
  [Protocol.Ip6Fw]: 'ip6fw',
  [Protocol.Dnrtmsg]: 'dec-rt',
  [Protocol.KobjectUevent]: 'uevent',
  [Protocol.Generic]: 'genl',
  [Protocol.ScsiTransport]: 'scsi-trans',
  [Protocol.Ecryptfs]: 'ecryptfs',
  [Protocol.Rdma]: 'rdma',
  [Protocol.Crypto]: 'crypto',
};

/** ss's short name of a netlink protocol. */
export function netlinkProtocolName(n: number): string {
  return PROTOCOL_NAMES[n] ?? String(n);
}

/** A netlink protocol's number by its ss name ('route', 'uevent', ...), as ss reads `netlink:NAME`. */
export function netlinkProtocolNumber(name: string): number | undefined {
  for (const [n, known] of Object.entries(PROTOCOL_NAMES)) if (known === name) return Number(n);
  return undefined;
}

/** Everything netlink_diag can show. */
export const NETLINK_SHOW_ALL = NetlinkShow.Meminfo | NetlinkShow.Groups | NetlinkShow.Flags;

/** Encodes struct netlink_diag_req: a dump of one protocol's sockets, or every protocol's (NDIAG_PROTO_ALL). */
export function encodeNetlinkRequest(protocol: number, show: number): Buffer {
  const b = Buffer.alloc(20);
  b[0] = AddressFamily.Netlink;
  b[1] = protocol;
  b.writeUInt32LE(show, 8);
  b.writeUInt32LE(0xffffffff, 12);
  b.writeUInt32LE(0xffffffff, 16);
  return b;
}

export { NDIAG_PROTO_ALL };

/** Decodes one netlink_diag_msg payload. Never throws: problems go to `decodeErrors`. */
export function decodeNetlinkSocket(buf: Buffer, start: number, end: number): NetlinkSocketInfo {
  if (end - start < 28) {
    return {
      source: 'netlink',
      protocol: -1,
      protocolName: '',
      portId: 0,
      destinationPortId: 0,
      destinationGroup: 0,
      state: 0,
      inode: 0,
      cookie: 0n,
      decodeErrors: [new DecodeError(`netlink_diag_msg: ${end - start} bytes, expected 28`, start)],
    };
  }
  const protocol = buf[start + 2];
  const s: NetlinkSocketInfo = {
    source: 'netlink',
    protocol,
    protocolName: netlinkProtocolName(protocol),
    portId: buf.readInt32LE(start + 4),
    destinationPortId: buf.readUInt32LE(start + 8),
    destinationGroup: buf.readUInt32LE(start + 12),
    state: stateName(buf[start + 3]),
    inode: buf.readUInt32LE(start + 16),
    cookie: (BigInt(buf.readUInt32LE(start + 24)) << 32n) | BigInt(buf.readUInt32LE(start + 20)),
  };
  forEachAttribute(s, 'netlink_diag', buf, start + 28, end, (type, v, n) => {
    switch (type) {
      case NetlinkDiagAttribute.Groups:
        s.groups = groupsOf(buf, v, n);
        return true;
      case NetlinkDiagAttribute.Meminfo:
        s.meminfo = take(s, spec.decodeStruct(skMeminfoStruct, buf, v, v + n));
        return true;
      case NetlinkDiagAttribute.Flags: {
        if (n < 4) return false;
        const bits = buf.readUInt32LE(v);
        s.flags = [];
        for (let i = 0; i < 32; i++) if (bits & (1 << i)) s.flags.push(FLAG_NAMES[i] ?? (1 << i) >>> 0);
        return true;
      }
      default:
        (s.unknownAttributes ??= []).push({ type, value: buf.subarray(v, v + n) });
        return true;
    }
  });
  return s;
}

/** The bitmap of NETLINK_DIAG_GROUPS (bit i: group i + 1), whatever its word size. */
function groupsOf(buf: Buffer, at: number, n: number): number[] {
  const groups: number[] = [];
  for (let byte = 0; byte < n; byte++) {
    const bits = buf[at + byte];
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (bits & (1 << bit)) groups.push(byte * 8 + bit + 1);
  }
  return groups;
}

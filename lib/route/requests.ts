// The payloads of the client's GET requests: dump requests carrying the kernel-side filters that strict checking
// allows, single-object GETs, and the route lookup, whose bytes are built directly because it is a hot path.
import { checkCString } from '../core/validate';
import { AttributeWriter } from '../core/attributes';
import { onFirstUse } from '../core/family';
import type * as LinkKind from './messages/link';
import type * as NeighbourKind from './messages/neighbour';
import { RouteAttribute } from './messages/route';
import { addressBytes, addressFamily, AF_INET, AF_INET6, parseIPv4Into, RouteInputError } from './inputs';

// Header sizes of the rtnetlink structs (linux/rtnetlink.h, linux/if_link.h, linux/neighbour.h, linux/fib_rules.h).
export const IFINFOMSG_LENGTH = 16;
export const IFADDRMSG_LENGTH = 8;
export const RTMSG_LENGTH = 12;
export const NDMSG_LENGTH = 12;
export const FIB_RULE_HDR_LENGTH = 12;

// The link and neighbour ids come with their message kinds, which load on first use (a program that only looks up
// or lists routes does not pay for their tables): the requests that need them load them, as decoding the answer
// would.
const linkKind = onFirstUse(() => require('./messages/link') as typeof LinkKind);
const neighbourKind = onFirstUse(() => require('./messages/neighbour') as typeof NeighbourKind);
const RTA_DST = RouteAttribute.Dst;
const RTA_SRC = RouteAttribute.Src;
const RTA_IIF = RouteAttribute.Iif;
const RTA_OIF = RouteAttribute.Oif;
const RTA_TABLE = RouteAttribute.Table;
const RTA_MARK = RouteAttribute.Mark;
const RTA_UID = RouteAttribute.Uid;
const RTA_IP_PROTO = RouteAttribute.IpProto;
const RTA_SPORT = RouteAttribute.Sport;
const RTA_DPORT = RouteAttribute.Dport;

// rtm_flags of a lookup (RTM_F_*).
export const RTM_F_FIB_MATCH = 0x2000;
export const RTM_F_LOOKUP_TABLE = 0x1000;
/** The kernel's longest interface name (IFNAMSIZ - 1); longer names can only be alternative names. */
export const IFNAMSIZ_MAX = 15;

function u8(n: number | undefined, what: string): number {
  if (n === undefined) return 0;
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RouteInputError(`${what} ${n} is out of range (0..255)`);
  return n;
}

function u32(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RouteInputError(`${what} ${n} is out of range (0..4294967295)`);
  return n;
}

export interface LinkDumpFilter {
  /** Only links enslaved to this master (IFLA_MASTER). */
  master?: number;
  /** Only links of this kind ('veth', 'bridge', ...; IFLA_LINKINFO/IFLA_INFO_KIND). */
  kind?: string;
}

/**
 * RTM_GETLINK dump. Strict checking rejects an ifindex in the header of a link dump (the kernel wants a plain GET
 * for that), so the index filter is handled by the caller; master and kind are honoured by the kernel.
 */
export function linkDumpRequest(filter: LinkDumpFilter = {}): Buffer {
  const w = new AttributeWriter(64);
  w.zeros(IFINFOMSG_LENGTH);
  const { LinkAttribute, LinkInfoAttribute } = linkKind();
  if (filter.master !== undefined) w.u32(LinkAttribute.Master, u32(filter.master, 'master ifindex'));
  if (filter.kind !== undefined) w.nested(LinkAttribute.Linkinfo, (n) => n.string(LinkInfoAttribute.Kind, filter.kind!));
  return w.toBuffer();
}

/** RTM_GETLINK for one link, by index or by (alternative) name. */
export function linkGetRequest(nameOrIndex: string | number): Buffer {
  const w = new AttributeWriter(64);
  const at = w.zeros(IFINFOMSG_LENGTH);
  if (typeof nameOrIndex === 'number') {
    if (!Number.isInteger(nameOrIndex) || nameOrIndex <= 0 || nameOrIndex > 0x7fffffff) {
      throw new RouteInputError(`interface index ${nameOrIndex} is not a positive integer`);
    }
    w.storage.writeInt32LE(nameOrIndex, at + 4);
  } else if (typeof nameOrIndex === 'string' && nameOrIndex.length > 0) {
    // The kernel reads the name up to its first NUL: 'lo\0x' would find lo.
    checkCString(nameOrIndex, 'interface name');
    // Names longer than IFNAMSIZ can only be alternative names; the kernel refuses them in IFLA_IFNAME.
    const { LinkAttribute } = linkKind();
    if (Buffer.byteLength(nameOrIndex) <= IFNAMSIZ_MAX) w.string(LinkAttribute.Ifname, nameOrIndex);
    else w.string(LinkAttribute.AltIfname, nameOrIndex);
  } else {
    throw new RouteInputError(`an interface is a name or an index, got ${JSON.stringify(nameOrIndex)}`);
  }
  return w.toBuffer();
}

/** RTM_GETADDR dump; strict checking makes the kernel honour the family and the ifindex. */
export function addressDumpRequest(family: number, ifindex?: number): Buffer {
  const b = Buffer.alloc(IFADDRMSG_LENGTH);
  b[0] = u8(family, 'family');
  if (ifindex !== undefined) b.writeUInt32LE(u32(ifindex, 'ifindex'), 4);
  return b;
}

export interface RouteDumpFilter {
  family: number;
  table?: number;
  protocol?: number;
  type?: number;
  oif?: number;
}

/**
 * RTM_GETROUTE dump. With strict checking the kernel filters on rtm_protocol, rtm_type, RTA_TABLE and RTA_OIF;
 * tables above 255 only fit in RTA_TABLE, so the table always goes there (rtm_table says RT_TABLE_UNSPEC).
 */
export function routeDumpRequest(filter: RouteDumpFilter): Buffer {
  const w = new AttributeWriter(32);
  const at = w.zeros(RTMSG_LENGTH);
  const s = w.storage;
  s[at] = u8(filter.family, 'family');
  s[at + 5] = u8(filter.protocol, 'protocol');
  s[at + 7] = u8(filter.type, 'route type');
  if (filter.table !== undefined) w.u32(RTA_TABLE, u32(filter.table, 'table'));
  if (filter.oif !== undefined) w.u32(RTA_OIF, u32(filter.oif, 'oif'));
  return w.toBuffer();
}

/** RTM_GETNEIGH dump; strict checking honours the family, NDA_IFINDEX and NDA_MASTER. */
export function neighbourDumpRequest(family: number, ifindex?: number, master?: number): Buffer {
  const w = new AttributeWriter(32);
  const at = w.zeros(NDMSG_LENGTH);
  w.storage[at] = u8(family, 'family');
  const { NeighbourAttribute } = neighbourKind();
  if (ifindex !== undefined) w.u32(NeighbourAttribute.Ifindex, u32(ifindex, 'ifindex'));
  if (master !== undefined) w.u32(NeighbourAttribute.Master, u32(master, 'master ifindex'));
  return w.toBuffer();
}

/** RTM_GETRULE dump: the kernel filters on the family only (strict checking refuses anything else). */
export function ruleDumpRequest(family: number): Buffer {
  const b = Buffer.alloc(FIB_RULE_HDR_LENGTH);
  b[0] = u8(family, 'family');
  return b;
}

/** What a route lookup (RTM_GETROUTE for one destination) may say about the packet, as `ip route get` takes it. */
export interface LookupOptions {
  /** Source address (RTA_SRC): the route a packet from this address would take. */
  from?: string;
  /** Input interface index (RTA_IIF): look up as if the packet arrived there (forwarding). */
  iif?: number;
  /** Output interface index (RTA_OIF). */
  oif?: number;
  /** Firewall mark (RTA_MARK), for policy rules with fwmark. */
  mark?: number;
  /** User id (RTA_UID), for policy rules with uidrange. */
  uid?: number;
  /** IP protocol number and ports (RTA_IP_PROTO / RTA_SPORT / RTA_DPORT), for rules that select on them. */
  ipProto?: number;
  /** RTA_SPORT: the source port (with `ipProto` TCP, UDP or SCTP). */
  sport?: number;
  /** RTA_DPORT: the destination port (with `ipProto` TCP, UDP or SCTP). */
  dport?: number;
  /** Return the FIB entry that matched instead of the resolved route (RTM_F_FIB_MATCH, `ip route get fibmatch`). */
  fibMatch?: boolean;
}

// Four u32-sized attributes, the destination and the source at most: 12 + 8 * 4 + 20 * 2 + 8 * 3.
const LOOKUP_MAX = 12 + 4 * 8 + 2 * 20 + 3 * 8;

function putAddressAttribute(buf: Buffer, at: number, type: number, bytes: Buffer): number {
  buf.writeUInt16LE(4 + bytes.length, at);
  buf.writeUInt16LE(type, at + 2);
  bytes.copy(buf, at + 4);
  return at + 4 + bytes.length;
}

function putU32Attribute(buf: Buffer, at: number, type: number, value: number, what: string): number {
  buf.writeUInt16LE(8, at);
  buf.writeUInt16LE(type, at + 2);
  buf.writeUInt32LE(u32(value, what), at + 4);
  return at + 8;
}

function putU16Attribute(buf: Buffer, at: number, type: number, value: number, bigEndian: boolean, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RouteInputError(`${what} ${value} is out of range (0..65535)`);
  buf.writeUInt32LE(0, at + 4); // the padding
  buf.writeUInt16LE(6, at);
  buf.writeUInt16LE(type, at + 2);
  if (bigEndian) buf.writeUInt16BE(value, at + 4);
  else buf.writeUInt16LE(value, at + 4);
  return at + 8;
}

/** Where the destination's 4 bytes go in ipv4LookupTemplate(). */
export const IPV4_LOOKUP_ADDRESS_AT = RTMSG_LENGTH + 4;

/**
 * routeLookupRequest() of an IPv4 destination without options, with the address left for the caller to write at
 * IPV4_LOOKUP_ADDRESS_AT: a client keeps one and writes each query's address into it.
 */
export function ipv4LookupTemplate(): Buffer {
  const b = Buffer.alloc(RTMSG_LENGTH + 8);
  b[0] = AF_INET;
  b[1] = 32; // rtm_dst_len
  b.writeUInt32LE(RTM_F_LOOKUP_TABLE, 8);
  b.writeUInt16LE(8, RTMSG_LENGTH); // rta_len
  b.writeUInt16LE(RTA_DST, RTMSG_LENGTH + 2);
  return b;
}

/**
 * The RTM_GETROUTE payload of `ip route get DEST ...`: a full-length RTA_DST (and RTA_SRC), with
 * RTM_F_LOOKUP_TABLE for IPv4 so the reply names the table the route was found in (IPv6 replies always do, and
 * its strict checking refuses the flag). Built straight into one buffer:
 * 10,000 lookups in a row should cost nothing here beyond the bytes themselves.
 */
export function routeLookupRequest(destination: string, options?: LookupOptions): Buffer {
  if (options === undefined) {
    const v4 = ipv4LookupTemplate();
    if (parseIPv4Into(destination, v4, IPV4_LOOKUP_ADDRESS_AT)) return v4;
  }
  const dst = addressBytes(destination);
  const family = dst.length === 4 ? AF_INET : AF_INET6;
  if (options === undefined) {
    const b = Buffer.allocUnsafe(RTMSG_LENGTH + 4 + dst.length);
    b.writeUInt32LE(family | ((dst.length * 8) << 8), 0); // family, dst_len, src_len 0, tos 0
    b.writeUInt32LE(0, 4); // table, protocol, scope, type
    b.writeUInt32LE(family === AF_INET ? RTM_F_LOOKUP_TABLE : 0, 8);
    putAddressAttribute(b, RTMSG_LENGTH, RTA_DST, dst);
    return b;
  }
  const b = Buffer.alloc(LOOKUP_MAX);
  b[0] = family;
  b[1] = dst.length * 8;
  b.writeUInt32LE((family === AF_INET ? RTM_F_LOOKUP_TABLE : 0) | (options.fibMatch ? RTM_F_FIB_MATCH : 0), 8);
  let at = putAddressAttribute(b, RTMSG_LENGTH, RTA_DST, dst);
  if (options.from !== undefined) {
    if (addressFamily(options.from) !== family) {
      throw new RouteInputError(`from ${options.from} is not of the same family as ${destination}`);
    }
    const src = addressBytes(options.from);
    b[2] = src.length * 8;
    at = putAddressAttribute(b, at, RTA_SRC, src);
  }
  if (options.iif !== undefined) at = putU32Attribute(b, at, RTA_IIF, options.iif, 'iif');
  if (options.oif !== undefined) at = putU32Attribute(b, at, RTA_OIF, options.oif, 'oif');
  if (options.mark !== undefined) at = putU32Attribute(b, at, RTA_MARK, options.mark, 'mark');
  if (options.uid !== undefined) at = putU32Attribute(b, at, RTA_UID, options.uid, 'uid');
  if (options.ipProto !== undefined) {
    b.writeUInt32LE(0, at + 4);
    b.writeUInt16LE(5, at);
    b.writeUInt16LE(RTA_IP_PROTO, at + 2);
    b[at + 4] = u8(options.ipProto, 'ip protocol');
    at += 8;
  }
  if (options.sport !== undefined) at = putU16Attribute(b, at, RTA_SPORT, options.sport, true, 'sport');
  if (options.dport !== undefined) at = putU16Attribute(b, at, RTA_DPORT, options.dport, true, 'dport');
  return b.subarray(0, at);
}


// Routes: struct rtmsg + RTA_* attributes (RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE).
import { DecodeError, EncodeError } from '../../core/errors';
import { AttributeId, attributeIds, messageKind } from '../../core/family';
import { AttributeWriter } from '../../core/attributes';
import {
  Codec,
  INVALID,
  attributeSet,
  decodeNestedAttributes,
  encodeSetInto,
  enumOf,
  enumValue,
  flagsOf,
  ipAddress,
  ipAddressBytes,
  linkLayerAddress,
  messageSpec,
  nested,
  reportDecodeError,
  struct,
  structSpec,
  MessageValue,
  SetValue,
  StructValue,
  RawAttribute,
  decodeFlags,
  flagBits,
  formatIPv4,
  formatIPv6,
} from '../../core/spec';
import {
  ADDRESS_FAMILIES,
  ENCAP_TYPES,
  IP_PROTOCOLS,
  NEXTHOP_FLAGS,
  ROUTE_FLAGS,
  ROUTE_PREFERENCES,
  ROUTE_PROTOCOLS,
  ROUTE_SCOPES,
  ROUTE_TYPES,
  RouteMessageType,
  RouteTable,
} from '../constants';
import type { AddressFamilyName, EncapType, IpProtocol, RouteFlag, RouteProtocol, RoutePreference, RouteScope, RouteType } from '../constants';

/** An address family byte (rtm_family, ...), decoded to its name. */
export const addressFamily = enumOf('address family', 'u8', ADDRESS_FAMILIES);

/**
 * rtm_table / fib_rule_hdr.table: the table id when it fits in a byte; larger ids travel in RTA_TABLE / FRA_TABLE
 * and the header says RT_TABLE_COMPAT, as the kernel does.
 */
export const headerTable: Codec<number> = {
  kind: 'codec',
  name: 'table',
  size: 1,
  integer: 'u8',
  fromNumber: (n) => n,
  toNumber: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new EncodeError(`table: ${String(value)} is not a table id (0..4294967295)`);
    }
    return value > 255 ? RouteTable.Compat : value;
  },
  decode(buf, start) {
    return buf[start];
  },
  encode(value) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new EncodeError(`table: ${String(value)} is not a table id (0..4294967295)`);
    }
    return Buffer.of(value > 255 ? RouteTable.Compat : value);
  },
};

/** struct rtmsg */
export const rtmsg = structSpec('rtmsg', 12, {
  /** rtm_family: the address family (`'inet'`, `'inet6'`, `'mctp'`, ...). */
  family: [0, addressFamily],
  /** rtm_dst_len: the destination prefix length in bits (for AF_MCTP: how many EIDs after `dst` the range covers). */
  dstLen: [1, 'u8'],
  /** rtm_src_len: the source prefix length in bits (0 for routes that do not match on the source). */
  srcLen: [2, 'u8'],
  /** rtm_tos: the TOS (DSCP) value the route matches on (0: any). */
  tos: [3, 'u8'],
  /** rtm_table: the routing table id, when it fits in 8 bits (RT_TABLE_COMPAT otherwise; RTA_TABLE has it whole). */
  table: [4, headerTable],
  /** rtm_protocol: who installed the route (`'kernel'`, `'boot'`, `'static'`, `'dhcp'`, ...; RTPROT_*). */
  protocol: [5, enumOf('route protocol', 'u8', ROUTE_PROTOCOLS)],
  /** rtm_scope: how far the destination is (`'universe'`, `'link'`, `'host'`, ...; RT_SCOPE_*). */
  scope: [6, enumOf('route scope', 'u8', ROUTE_SCOPES)],
  /** rtm_type: the route type (`'unicast'`, `'local'`, `'blackhole'`, `'unreachable'`, ...; RTN_*). */
  type: [7, enumOf('route type', 'u8', ROUTE_TYPES)],
  /** rtm_flags: RTM_F_* and RTNH_F_* flags (`'notify'`, `'cloned'`, `'offload'`, ...). */
  flags: [8, flagsOf('route flags', 'u32', ROUTE_FLAGS)],
});

/** struct rta_cacheinfo */
export const rtaCacheinfo = structSpec('rta_cacheinfo', 32, {
  clntref: [0, 'u32'],
  lastuse: [4, 'u32'],
  expires: [8, 's32'],
  error: [12, 'u32'],
  used: [16, 'u32'],
  id: [20, 'u32'],
  ts: [24, 'u32'],
  tsage: [28, 'u32'],
});

/** struct rta_mfc_stats */
export const rtaMfcStats = structSpec('rta_mfc_stats', 24, {
  packets: [0, 'u64'],
  bytes: [8, 'u64'],
  wrongIf: [16, 'u64'],
});

/** RTAX_* inside RTA_METRICS */
export const routeMetrics = attributeSet('route metrics', {
  lock: { id: 1, type: 'u32' },
  mtu: { id: 2, type: 'u32' },
  window: { id: 3, type: 'u32' },
  rtt: { id: 4, type: 'u32' },
  rttvar: { id: 5, type: 'u32' },
  ssthresh: { id: 6, type: 'u32' },
  cwnd: { id: 7, type: 'u32' },
  advmss: { id: 8, type: 'u32' },
  reordering: { id: 9, type: 'u32' },
  hoplimit: { id: 10, type: 'u32' },
  initcwnd: { id: 11, type: 'u32' },
  features: { id: 12, type: 'u32' },
  rtoMin: { id: 13, type: 'u32' },
  initrwnd: { id: 14, type: 'u32' },
  quickack: { id: 15, type: 'u32' },
  ccAlgo: { id: 16, type: 'string' },
  fastopenNoCookie: { id: 17, type: 'u32' },
});

/** RTAX_* (inside RTA_METRICS) ids, derived from routeMetrics. */
export const RouteMetric = attributeIds(routeMetrics);
export type RouteMetric = AttributeId<typeof RouteMetric>;

/** RTA_VIA: a next hop's address in a family other than the route's. */
export interface Via {
  /** The gateway's address family (`'inet'`, `'inet6'`, `'mpls'`, ... or the AF_* number of one without a name). */
  family: (typeof ADDRESS_FAMILIES)[keyof typeof ADDRESS_FAMILIES] | number;
  /** An IP address for inet/inet6, colon-separated hex for other families. */
  address: string;
}

/** struct rtvia: a next hop in another address family (IPv4 routes via an IPv6 gateway, MPLS). */
export const rtvia: Codec<Via> = {
  kind: 'codec',
  name: 'rtvia',
  decode(buf, start, end) {
    if (end - start < 2) return INVALID;
    const n = buf.readUInt16LE(start);
    const family = (ADDRESS_FAMILIES as Record<number, string>)[n] ?? n;
    const len = end - start - 2;
    let address: string;
    if (n === 2 || n === 10) {
      // An IP family with an address of another length could not be encoded back: kept as raw bytes instead.
      if (len !== (n === 2 ? 4 : 16)) return INVALID;
      address = n === 2 ? formatIPv4(buf, start + 2) : formatIPv6(buf, start + 2);
    } else address = linkLayerAddress.decode(buf, start + 2, end) as string;
    return { family: family as Via['family'], address };
  },
  encode(value) {
    if (typeof value !== 'object' || value === null) throw new EncodeError('via: expected { family, address }');
    const n = enumValue(ADDRESS_FAMILIES, value.family, 'via.family');
    const addr = n === 2 || n === 10 ? ipAddressBytes(value.address, 'via.address') : Buffer.from(linkLayerAddress.encode(value.address));
    const out = Buffer.alloc(2 + addr.length);
    out.writeUInt16LE(n, 0);
    addr.copy(out, 2);
    return out;
  },
};

/** RTA_EXPIRES: a u32 in requests, a u64 (clock ticks) in multicast route dumps. */
const expires: Codec<number | bigint> = {
  kind: 'codec',
  name: 'expires',
  decode(buf, start, end) {
    if (end - start === 4) return buf.readUInt32LE(start);
    if (end - start === 8) return buf.readBigUInt64LE(start);
    return INVALID;
  },
  encode(value) {
    const w = new AttributeWriter(16);
    if (typeof value === 'bigint') w.u64(0, value);
    else w.u32(0, value);
    return w.toBuffer().subarray(4);
  },
};

/** One next hop of a multipath route (struct rtnexthop and the attributes that follow it). */
export interface Nexthop {
  /** rtnh_hops + 1, as `ip route ... nexthop ... weight N` counts. */
  weight: number;
  /**
   * rtnh_flags: RTNH_F_* (`'onlink'`, `'dead'`, `'linkdown'`, `'offload'`, ...; the number of a bit without a name).
   */
  flags: Array<(typeof NEXTHOP_FLAGS)[keyof typeof NEXTHOP_FLAGS] | number>;
  /** rtnh_ifindex */
  oif: number;
  /** RTA_GATEWAY: the next hop's address, in the route's family; undefined for a directly connected hop. */
  gateway?: string;
  /** RTA_VIA: the next hop's address in another family (an IPv4 route via an IPv6 gateway); undefined when absent. */
  via?: Via;
  /** RTA_NEWDST: the MPLS labels this hop's packets leave with (MPLS routes), as sent; undefined when absent. */
  newdst?: Buffer;
  /**
   * RTA_ENCAP_TYPE: the lightweight tunnel type of `encap` (`'mpls'`, `'ip'`, `'seg6'`, ...); undefined when the hop
   * has none.
   */
  encapType?: (typeof ENCAP_TYPES)[keyof typeof ENCAP_TYPES] | number;
  /** RTA_ENCAP: the lightweight tunnel attributes (of `encapType`), as sent; undefined when the hop has none. */
  encap?: Buffer;
  /** RTA_FLOW: the realm(s) of the hop (IPv4 route realms, `realms`); undefined when absent. */
  flow?: number;
  /** RTA_* attributes after the rtnexthop that this library does not decode, kept so nothing is lost. */
  unknownAttributes?: Array<{
    /** The attribute's type (nla_type). */
    type: number;
    /** Its payload, as sent. */
    value: Buffer;
  }>;
}

/** The RTA_* attributes that may follow an rtnexthop. */
export const nexthopAttributes = attributeSet('nexthop', {
  gateway: { id: 5, type: ipAddress },
  flow: { id: 11, type: 'u32' },
  via: { id: 18, type: rtvia },
  newdst: { id: 19, type: 'binary' },
  encapType: { id: 21, type: enumOf('encap type', 'u16', ENCAP_TYPES) },
  encap: { id: 22, type: 'binary' },
});

/** RTA_MULTIPATH: an array of struct rtnexthop, each followed by its own RTA_* attributes. */
const multipath: Codec<Nexthop[]> = {
  kind: 'codec',
  name: 'multipath',
  decode(buf, start, end) {
    const hops: Nexthop[] = [];
    let off = start;
    while (off < end) {
      if (end - off < 8) {
        reportDecodeError(`multipath: ${end - off} bytes left, an rtnexthop needs 8`, off);
        return INVALID;
      }
      const len = buf.readUInt16LE(off);
      if (len < 8 || off + len > end) {
        reportDecodeError(`multipath: rtnexthop length ${len} does not fit`, off);
        return INVALID;
      }
      const hop: Nexthop = {
        weight: buf[off + 3] + 1,
        flags: decodeFlags(buf[off + 2], NEXTHOP_FLAGS),
        oif: buf.readInt32LE(off + 4),
      };
      decodeNestedAttributes(nexthopAttributes, buf, off + 8, off + len, hop);
      hops.push(hop);
      off += (len + 3) & ~3;
    }
    return hops;
  },
  encode(hops) {
    if (!Array.isArray(hops)) throw new EncodeError('multipath: expected an array of next hops');
    const w = new AttributeWriter(64 * hops.length + 16);
    hops.forEach((hop, i) => {
      const what = `multipath[${i}]`;
      if (typeof hop !== 'object' || hop === null) throw new EncodeError(`${what}: expected an object`);
      const weight = hop.weight ?? 1;
      if (!Number.isInteger(weight) || weight < 1 || weight > 256) throw new EncodeError(`${what}.weight: ${weight} is not in 1..256`);
      const at = w.zeros(8);
      encodeSetInto(nexthopAttributes, hop, w, what);
      const s = w.storage;
      s.writeUInt16LE(w.length - at, at);
      s[at + 2] = flagBits(hop.flags ?? [], NEXTHOP_FLAGS, `${what}.flags`);
      s[at + 3] = weight - 1;
      s.writeInt32LE(hop.oif ?? 0, at + 4);
    });
    return w.toBuffer();
  },
};

/** RTA_* */
export const routeAttributes = attributeSet('route', {
  dst: { id: 1, type: ipAddress },
  src: { id: 2, type: ipAddress },
  iif: { id: 3, type: 'u32' },
  oif: { id: 4, type: 'u32' },
  gateway: { id: 5, type: ipAddress },
  priority: { id: 6, type: 'u32' },
  prefsrc: { id: 7, type: ipAddress },
  metrics: { id: 8, type: nested(routeMetrics) },
  multipath: { id: 9, type: multipath },
  flow: { id: 11, type: 'u32' },
  cacheinfo: { id: 12, type: struct(rtaCacheinfo) },
  table: { id: 15, type: 'u32' },
  mark: { id: 16, type: 'u32' },
  mfcStats: { id: 17, type: struct(rtaMfcStats) },
  via: { id: 18, type: rtvia },
  newdst: { id: 19, type: 'binary' },
  pref: { id: 20, type: enumOf('route preference', 'u8', ROUTE_PREFERENCES) },
  encapType: { id: 21, type: enumOf('encap type', 'u16', ENCAP_TYPES) },
  encap: { id: 22, type: 'binary' },
  expires: { id: 23, type: expires },
  uid: { id: 25, type: 'u32' },
  ttlPropagate: { id: 26, type: 'u8' },
  ipProto: { id: 27, type: enumOf('IP protocol', 'u8', IP_PROTOCOLS) },
  sport: { id: 28, type: 'u16be' },
  dport: { id: 29, type: 'u16be' },
  nhId: { id: 30, type: 'u32' },
  flowlabel: { id: 31, type: 'u32be' },
});

/** RTA_* ids, derived from routeAttributes (and the ids it leaves out: RTA_PROTOINFO, RTA_SESSION and RTA_MP_ALGO, no longer used, and RTA_PAD). */
export const RouteAttribute = attributeIds(routeAttributes, { Protoinfo: 10, Session: 13, MpAlgo: 14, Pad: 24 });
export type RouteAttribute = AttributeId<typeof RouteAttribute>;

/** RTM_NEWROUTE/DELROUTE/GETROUTE: struct rtmsg and the RTA_* attributes. */
export const routeMessage = messageSpec('route', rtmsg, routeAttributes);

/**
 * A decoded route: struct rtmsg and the RTA_* attributes (`ip route`). Attributes the kernel did not send are
 * absent. `table` is RTA_TABLE when present (tables above 255), else rtm_table.
 */
export interface Route {
  /** rtm_family: `'inet'` (IPv4), `'inet6'` (IPv6), `'mpls'`, ... */
  family: AddressFamilyName | number;
  /** rtm_dst_len: the prefix length of `dst` (0 with no `dst`: the default route). */
  dstLen: number;
  /** rtm_src_len: the prefix length of `src` (source routing, IPv6). */
  srcLen: number;
  /** rtm_tos: the type of service the route matches (0: any). */
  tos: number;
  /** The routing table: 254 is `main`, 255 `local`, 253 `default` (RTA_TABLE, or rtm_table). */
  table: number;
  /** rtm_protocol: who installed the route (`'kernel'`, `'boot'`, `'static'`, `'dhcp'`, `'bgp'`, ...). */
  protocol: RouteProtocol | number;
  /** rtm_scope: how far the destination is (`'universe'`, `'link'`, `'host'`, ...). */
  scope: RouteScope | number;
  /** rtm_type: `'unicast'`, `'local'`, `'broadcast'`, `'blackhole'`, `'unreachable'`, `'prohibit'`, ... */
  type: RouteType | number;
  /** rtm_flags (RTNH_F_* and RTM_F_*): `'onlink'`, `'linkdown'`, `'cloned'`, ... */
  flags: Array<RouteFlag | number>;
  /** RTA_DST: the destination prefix's address (with `dstLen`). */
  dst?: string;
  /** RTA_SRC: the source prefix's address (with `srcLen`). */
  src?: string;
  /** RTA_IIF: the input interface's index (route lookups with `iif`, multicast routes). */
  iif?: number;
  /** RTA_OIF: the output interface's index. */
  oif?: number;
  /** RTA_GATEWAY: the next hop's address (`via`). */
  gateway?: string;
  /** RTA_PRIORITY: the route's metric (`ip route ... metric N`). */
  priority?: number;
  /** RTA_PREFSRC: the source address preferred for packets sent along the route (`src` in `ip route`). */
  prefsrc?: string;
  /** RTA_METRICS: per-route TCP and path settings (`mtu`, `advmss`, ...). */
  metrics?: RouteMetrics;
  /** RTA_MULTIPATH: the next hops of a multipath route. */
  multipath?: Nexthop[];
  /** RTA_FLOW: the realm (`realms`), source realm in the high 16 bits. */
  flow?: number;
  /** RTA_CACHEINFO: usage and expiry of the route (struct rta_cacheinfo). */
  cacheinfo?: RouteCacheInfo;
  /** RTA_MARK: the firewall mark a lookup was made with (route lookups). */
  mark?: number;
  /** RTA_MFC_STATS: multicast forwarding counters (struct rta_mfc_stats). */
  mfcStats?: RouteMfcStats;
  /** RTA_VIA: a next hop in another address family (IPv4 via an IPv6 gateway, MPLS). */
  via?: Via;
  /** RTA_NEWDST: the MPLS labels the route pushes, as sent (4 bytes per label). */
  newdst?: Buffer;
  /** RTA_PREF: the IPv6 router preference (`'low'`, `'medium'`, `'high'`). */
  pref?: RoutePreference | number;
  /** RTA_ENCAP_TYPE: the lightweight tunnel encapsulation of `encap` (`'mpls'`, `'ip'`, `'seg6'`, ...). */
  encapType?: EncapType | number;
  /** RTA_ENCAP: the encapsulation's attributes, as sent. */
  encap?: Buffer;
  /** RTA_EXPIRES: seconds until the route expires (u32), or clock ticks (u64) in multicast route dumps. */
  expires?: number | bigint;
  /** RTA_UID: the user id a lookup was made for (route lookups with `uid`). */
  uid?: number;
  /** RTA_TTL_PROPAGATE: whether MPLS routes copy the TTL (1) or not (0). */
  ttlPropagate?: number;
  /** RTA_IP_PROTO: the IP protocol a lookup was made for (`'tcp'`, `'udp'`, ...). */
  ipProto?: IpProtocol | number;
  /** RTA_SPORT: the source port a lookup was made for. */
  sport?: number;
  /** RTA_DPORT: the destination port a lookup was made for. */
  dport?: number;
  /** RTA_NH_ID: the id of the nexthop object the route uses (`ip route ... nhid N`). */
  nhId?: number;
  /** RTA_FLOWLABEL: the IPv6 flow label a lookup was made for. */
  flowlabel?: number;
  /** Attributes this library has no description for, kept as sent (they re-encode byte for byte). */
  unknownAttributes?: RawAttribute[];
  /** What could not be decoded, if anything: the decoder never throws. */
  decodeErrors?: DecodeError[];
}

/** RTA_METRICS (RTAX_*): per-route settings, as `ip route ... mtu 1400 advmss 1360` sets them. */
export interface RouteMetrics {
  /** RTAX_LOCK: a bit per metric (1 << RTAX_*) that path MTU discovery and the like must not change. */
  lock?: number;
  /** RTAX_MTU: the path MTU. */
  mtu?: number;
  /** RTAX_WINDOW: the largest TCP window advertised to the destination. */
  window?: number;
  /** RTAX_RTT: the initial TCP round-trip time estimate. */
  rtt?: number;
  /** RTAX_RTTVAR: the initial TCP round-trip time variance. */
  rttvar?: number;
  /** RTAX_SSTHRESH: the initial TCP slow-start threshold. */
  ssthresh?: number;
  /** RTAX_CWND: the TCP congestion window clamp. */
  cwnd?: number;
  /** RTAX_ADVMSS: the TCP maximum segment size advertised. */
  advmss?: number;
  /** RTAX_REORDERING: the initial TCP reordering estimate. */
  reordering?: number;
  /** RTAX_HOPLIMIT: the hop limit (TTL) of packets sent along the route. */
  hoplimit?: number;
  /** RTAX_INITCWND: the initial TCP congestion window, in segments. */
  initcwnd?: number;
  /** RTAX_FEATURES: RTAX_FEATURE_* bits (ECN, ...). */
  features?: number;
  /** RTAX_RTO_MIN: the smallest TCP retransmission timeout. */
  rtoMin?: number;
  /** RTAX_INITRWND: the initial TCP receive window, in segments. */
  initrwnd?: number;
  /** RTAX_QUICKACK: TCP quick acknowledgements on (1) or off (0). */
  quickack?: number;
  /** RTAX_CC_ALGO: the TCP congestion control algorithm (`'cubic'`, `'bbr'`, ...). */
  ccAlgo?: string;
  /** RTAX_FASTOPEN_NO_COOKIE: TCP Fast Open without a cookie (1). */
  fastopenNoCookie?: number;
  /** Metrics this library has no description for, kept as sent. */
  unknownAttributes?: RawAttribute[];
}

/** struct rta_cacheinfo: how a route has been used, and when it expires. */
export interface RouteCacheInfo {
  /** rta_clntref: references held on the route. */
  clntref: number;
  /** rta_lastuse: clock ticks since the route was last used. */
  lastuse: number;
  /** rta_expires: clock ticks until the route expires (0: never). */
  expires: number;
  /** rta_error: the error the route returns (unreachable, prohibit routes). */
  error: number;
  /** rta_used: how many times the route was used. */
  used: number;
  /** rta_id: unused by the kernel (0). */
  id: number;
  /** rta_ts: unused by the kernel (0). */
  ts: number;
  /** rta_tsage: unused by the kernel (0). */
  tsage: number;
}

/** struct rta_mfc_stats: a multicast forwarding cache entry's counters. */
export interface RouteMfcStats {
  /** mfcs_packets: packets forwarded. */
  packets: bigint;
  /** mfcs_bytes: bytes forwarded. */
  bytes: bigint;
  /** mfcs_wrong_if: packets that arrived on an interface other than the expected one. */
  wrongIf: bigint;
}

/** Whether A and B have the same fields, each as optional and of the same type (each assignable to the other). */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
// The interfaces above say in words what the descriptions say in code: a field added to one and not the other,
// or typed differently, is a compile error here.
true satisfies Same<Route, MessageValue<typeof routeMessage>>;
true satisfies Same<RouteMetrics, SetValue<typeof routeMetrics>>;
true satisfies Same<RouteCacheInfo, StructValue<typeof rtaCacheinfo>>;
true satisfies Same<RouteMfcStats, StructValue<typeof rtaMfcStats>>;
/** What encodeRoute accepts: any subset of a Route's fields. */
export type RouteInput = Partial<Route>;

const routeKind = messageKind(routeMessage, [RouteMessageType.NewRoute, RouteMessageType.DelRoute, RouteMessageType.GetRoute]);

/** Decodes an rtmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeRoute: (payload: Buffer, messageType?: number) => Route = routeKind.decode;

/** Decodes the route in buf[start, end) without making a view of it first (for dump loops). */
export const decodeRouteAt: (buf: Buffer, start: number, end: number) => Route = routeKind.decodeAt;

/** Encodes a route as an rtmsg payload. Fields left out are zero in the header and absent as attributes. */
export const encodeRoute: (route: RouteInput) => Buffer = routeKind.encode;

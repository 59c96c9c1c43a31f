// rtnetlink numbers from the kernel's uapi headers (linux/rtnetlink.h, if_link.h, if_addr.h, neighbour.h,
// fib_rules.h, if_arp.h), and the names this library gives them. Enum and flag names are the uapi names without
// their prefix, in camelCase (RTPROT_KEEPALIVED → 'keepalived', IFA_F_NOPREFIXROUTE → 'noprefixroute',
// IF_OPER_LOWERLAYERDOWN → 'lowerlayerdown', IFF_LOWER_UP → 'lowerUp').

/** Message types (RTM_*). */
export enum RouteMessageType {
  /** RTM_NEWLINK: a link appeared or changed (and a request to create or change one). */
  NewLink = 16,
  /** RTM_DELLINK: a link went away (and a request to delete one). */
  DelLink = 17,
  /** RTM_GETLINK: a request for one link or a dump of them. */
  GetLink = 18,
  /** RTM_SETLINK: a request to change an existing link (never creates one). */
  SetLink = 19,
  /** RTM_NEWADDR: an address appeared or changed (and a request to add one). */
  NewAddr = 20,
  /** RTM_DELADDR: an address went away (and a request to delete one). */
  DelAddr = 21,
  /** RTM_GETADDR: a request for a dump of addresses. */
  GetAddr = 22,
  /** RTM_NEWROUTE: a route appeared or changed (and a request to add one). */
  NewRoute = 24,
  /** RTM_DELROUTE: a route went away (and a request to delete one). */
  DelRoute = 25,
  /** RTM_GETROUTE: a route lookup (`ip route get`) or a dump of routes. */
  GetRoute = 26,
  /** RTM_NEWNEIGH: a neighbour entry appeared or changed (and a request to add one). */
  NewNeigh = 28,
  /** RTM_DELNEIGH: a neighbour entry went away (and a request to delete one). */
  DelNeigh = 29,
  /** RTM_GETNEIGH: a request for one neighbour entry or a dump of them (the kernel also sends it to ask user space to resolve one). */
  GetNeigh = 30,
  /** RTM_NEWRULE: a policy routing rule appeared (and a request to add one). */
  NewRule = 32,
  /** RTM_DELRULE: a policy routing rule went away (and a request to delete one). */
  DelRule = 33,
  /** RTM_GETRULE: a request for a dump of policy routing rules. */
  GetRule = 34,
  /** RTM_NEWNSID: a namespace id was assigned (and a request to assign one). */
  NewNsid = 88,
  /** RTM_DELNSID: a namespace id was released. */
  DelNsid = 89,
  /** RTM_GETNSID: a request for the id of a namespace, or a dump of them. */
  GetNsid = 90,
  /** RTM_NEWLINKPROP: a request to add a link property (an alternative name). */
  NewLinkProp = 108,
  /** RTM_DELLINKPROP: a request to delete a link property (an alternative name). */
  DelLinkProp = 109,
  /** RTM_NEWNEXTHOP: a nexthop object appeared or changed (and a request to create one). */
  NewNexthop = 104,
  /** RTM_DELNEXTHOP: a nexthop object went away (and a request to delete one). */
  DelNexthop = 105,
  /** RTM_GETNEXTHOP: a request for one nexthop object or a dump of them. */
  GetNexthop = 106,
  /** RTM_NEWNEXTHOPBUCKET: one bucket of a resilient nexthop group. */
  NewNexthopBucket = 116,
  /** RTM_DELNEXTHOPBUCKET: not sent by the kernel (reserved). */
  DelNexthopBucket = 117,
  /** RTM_GETNEXTHOPBUCKET: a request for one bucket or a dump of them. */
  GetNexthopBucket = 118,
}

/** The uapi name of a message type, for error messages ('RTM_NEWROUTE'). */
export function routeMessageTypeName(type: number): string {
  const name = RouteMessageType[type];
  return name === undefined ? `RTM_${type}` : 'RTM_' + name.toUpperCase();
}

/** Multicast groups (RTNLGRP_*), to subscribe with NETLINK_ADD_MEMBERSHIP. */
export enum RouteGroup {
  /** RTNLGRP_LINK: link changes (RTM_NEWLINK, RTM_DELLINK). */
  Link = 1,
  /** RTNLGRP_NOTIFY: a generic notification group (current kernels send nothing to it). */
  Notify = 2,
  /** RTNLGRP_NEIGH: neighbour (ARP/NDP) entry changes. */
  Neigh = 3,
  /** RTNLGRP_TC: traffic control changes (qdiscs, classes, filters). */
  Tc = 4,
  /** RTNLGRP_IPV4_IFADDR: IPv4 address changes. */
  IPv4Ifaddr = 5,
  /** RTNLGRP_IPV4_MROUTE: IPv4 multicast route changes. */
  IPv4Mroute = 6,
  /** RTNLGRP_IPV4_ROUTE: IPv4 route changes. */
  IPv4Route = 7,
  /** RTNLGRP_IPV4_RULE: IPv4 policy routing rule changes. */
  IPv4Rule = 8,
  /** RTNLGRP_IPV6_IFADDR: IPv6 address changes. */
  IPv6Ifaddr = 9,
  /** RTNLGRP_IPV6_MROUTE: IPv6 multicast route changes. */
  IPv6Mroute = 10,
  /** RTNLGRP_IPV6_ROUTE: IPv6 route changes. */
  IPv6Route = 11,
  /** RTNLGRP_IPV6_IFINFO: IPv6 per-link state changes (RA flags, token, address generation mode). */
  IPv6Ifinfo = 12,
  /** RTNLGRP_IPV6_PREFIX: prefixes learned from router advertisements (RTM_NEWPREFIX). */
  IPv6Prefix = 18,
  /** RTNLGRP_IPV6_RULE: IPv6 policy routing rule changes. */
  IPv6Rule = 19,
  /** RTNLGRP_ND_USEROPT: neighbour discovery options handed to user space (RDNSS, DNSSL). */
  NdUseropt = 20,
  /** RTNLGRP_IPV4_NETCONF: IPv4 per-link configuration changes (forwarding, rp_filter, ...). */
  IPv4Netconf = 24,
  /** RTNLGRP_IPV6_NETCONF: IPv6 per-link configuration changes. */
  IPv6Netconf = 25,
  /** RTNLGRP_MDB: bridge multicast database changes. */
  Mdb = 26,
  /** RTNLGRP_MPLS_ROUTE: MPLS route changes. */
  MplsRoute = 27,
  /** RTNLGRP_NSID: namespace id changes. */
  Nsid = 28,
  /** RTNLGRP_NEXTHOP: nexthop object changes. */
  Nexthop = 32,
  /** RTNLGRP_BRVLAN: bridge VLAN changes. */
  Brvlan = 33,
  /** RTNLGRP_TUNNEL: VXLAN VNI filter changes. */
  Tunnel = 35,
  /** RTNLGRP_STATS: link statistics notifications (RTM_NEWSTATS). */
  Stats = 36,
}

/** Address families (AF_*) used by rtnetlink. */
export const ADDRESS_FAMILIES = {
  0: 'unspec',
  1: 'unix',
  2: 'inet',
  7: 'bridge',
  10: 'inet6',
  17: 'packet',
  28: 'mpls',
  45: 'mctp',
  128: 'ipmr',
  129: 'ip6mr',
} as const;
/** An address family by name (AF_*): `'inet'`, `'inet6'`, `'bridge'`, ... */
export type AddressFamilyName = (typeof ADDRESS_FAMILIES)[keyof typeof ADDRESS_FAMILIES];
/** Address families (AF_*), by number. */
export enum AddressFamily {
  /** AF_UNSPEC (0): no family (link messages; in a dump, every family). */
  Unspec = 0,
  /** AF_INET (2): IPv4. */
  Inet = 2,
  /** AF_BRIDGE (7): bridge ports, forwarding database and VLANs. */
  Bridge = 7,
  /** AF_INET6 (10): IPv6. */
  Inet6 = 10,
  /** AF_MPLS (28): MPLS labels. */
  Mpls = 28,
  /** AF_MCTP: MCTP endpoint ids, routes and neighbours (net/mctp). */
  Mctp = 45,
}

/** Routing table ids with a meaning of their own (RT_TABLE_*). */
export enum RouteTable {
  /** RT_TABLE_UNSPEC (0): no table given (in a dump: every table). */
  Unspec = 0,
  /** RT_TABLE_COMPAT (252): where routes of tables above 255 are reported to programs that read only rtm_table. */
  Compat = 252,
  /** RT_TABLE_DEFAULT (253): the `default` table, empty unless filled (looked up last by the default rules). */
  Default = 253,
  /** RT_TABLE_MAIN (254): the `main` table, where `ip route` adds routes unless told otherwise. */
  Main = 254,
  /** RT_TABLE_LOCAL (255): the `local` table, with the kernel's local and broadcast routes (looked up first). */
  Local = 255,
}

// --- links ------------------------------------------------------------------------------------------------------

/** RTEXT_FILTER_* for IFLA_EXT_MASK in link dump requests. */
export enum LinkExtFilter {
  /** RTEXT_FILTER_VF: include the SR-IOV virtual functions (IFLA_VFINFO_LIST, IFLA_NUM_VF). */
  Vf = 1 << 0,
  /** RTEXT_FILTER_BRVLAN: include a bridge port's VLANs, one entry each (AF_BRIDGE dumps). */
  Brvlan = 1 << 1,
  /** RTEXT_FILTER_BRVLAN_COMPRESSED: include a bridge port's VLANs, consecutive ones as ranges. */
  BrvlanCompressed = 1 << 2,
  /** RTEXT_FILTER_SKIP_STATS: leave the counters (IFLA_STATS, IFLA_STATS64) out, for a smaller, faster dump. */
  SkipStats = 1 << 3,
  /** RTEXT_FILTER_MRP: include the bridge's Media Redundancy Protocol state. */
  Mrp = 1 << 4,
  /** RTEXT_FILTER_CFM_CONFIG: include the bridge's Connectivity Fault Management configuration. */
  CfmConfig = 1 << 5,
  /** RTEXT_FILTER_CFM_STATUS: include the bridge's Connectivity Fault Management status. */
  CfmStatus = 1 << 6,
  /** RTEXT_FILTER_MST: include the bridge port's multiple spanning tree states. */
  Mst = 1 << 7,
}

/** ifi_flags (IFF_*) */
export const LINK_FLAGS = {
  0x1: 'up',
  0x2: 'broadcast',
  0x4: 'debug',
  0x8: 'loopback',
  0x10: 'pointopoint',
  0x20: 'notrailers',
  0x40: 'running',
  0x80: 'noarp',
  0x100: 'promisc',
  0x200: 'allmulti',
  0x400: 'master',
  0x800: 'slave',
  0x1000: 'multicast',
  0x2000: 'portsel',
  0x4000: 'automedia',
  0x8000: 'dynamic',
  0x10000: 'lowerUp',
  0x20000: 'dormant',
  0x40000: 'echo',
} as const;
/** A link flag by name (IFF_*): `'up'`, `'broadcast'`, `'lowerUp'`, ... */
export type LinkFlag = (typeof LINK_FLAGS)[keyof typeof LINK_FLAGS];

/** IF_OPER_* (RFC 2863 operational states) */
export const OPER_STATES = {
  0: 'unknown',
  1: 'notpresent',
  2: 'down',
  3: 'lowerlayerdown',
  4: 'testing',
  5: 'dormant',
  6: 'up',
} as const;

/** IF_LINK_MODE_* */
export const LINK_MODES = { 0: 'default', 1: 'dormant', 2: 'testing' } as const;

/** ifi_type (ARPHRD_*), the hardware types iproute2 names. */
export const LINK_TYPES = {
  0: 'netrom',
  1: 'ether',
  2: 'eether',
  3: 'ax25',
  4: 'pronet',
  5: 'chaos',
  6: 'ieee802',
  7: 'arcnet',
  8: 'appletlk',
  15: 'dlci',
  19: 'atm',
  23: 'metricom',
  24: 'ieee1394',
  27: 'eui64',
  32: 'infiniband',
  256: 'slip',
  257: 'cslip',
  258: 'slip6',
  259: 'cslip6',
  260: 'rsrvd',
  264: 'adapt',
  270: 'rose',
  271: 'x25',
  272: 'hwx25',
  280: 'can',
  512: 'ppp',
  513: 'cisco',
  516: 'lapb',
  517: 'ddcmp',
  518: 'rawhdlc',
  519: 'rawip',
  768: 'ipip',
  769: 'tunnel6',
  770: 'frad',
  771: 'skip',
  772: 'loopback',
  773: 'localtlk',
  774: 'fddi',
  775: 'bif',
  776: 'sit',
  777: 'ipddp',
  778: 'gre',
  779: 'pimreg',
  780: 'hippi',
  781: 'ash',
  782: 'econet',
  783: 'irda',
  784: 'fcpp',
  785: 'fcal',
  786: 'fcpl',
  787: 'fcfabric',
  800: 'ieee802_tr',
  801: 'ieee80211',
  802: 'ieee80211_prism',
  803: 'ieee80211_radiotap',
  804: 'ieee802154',
  805: 'ieee802154_monitor',
  820: 'phonet',
  821: 'phonet_pipe',
  822: 'caif',
  823: 'ip6gre',
  824: 'netlink',
  825: '6lowpan',
  826: 'vsockmon',
  0xfffe: 'none',
  0xffff: 'void',
} as const;

/** IN6_ADDR_GEN_MODE_* */
export const ADDR_GEN_MODES = { 0: 'eui64', 1: 'none', 2: 'stablePrivacy', 3: 'random' } as const;

/** MACVLAN_MODE_* */
export const MACVLAN_MODES = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' } as const;

/** MACVLAN_MACADDR_* */
export const MACVLAN_MACADDR_MODES = { 0: 'add', 1: 'del', 2: 'flush', 3: 'set' } as const;

/** VLAN_FLAG_* */
export const VLAN_FLAGS = { 0x1: 'reorderHdr', 0x2: 'gvrp', 0x4: 'looseBinding', 0x8: 'mvrp', 0x10: 'bridgeBinding' } as const;

/** VXLAN_DF_* */
export const VXLAN_DF = { 0: 'unset', 1: 'set', 2: 'inherit' } as const;

/** BR_STATE_* (bridge port STP states) */
export const BRIDGE_PORT_STATES = { 0: 'disabled', 1: 'listening', 2: 'learning', 3: 'forwarding', 4: 'blocking' } as const;

/** Ethernet protocol numbers that appear as VLAN protocols. */
export const VLAN_PROTOCOLS = { 0x8100: '802.1Q', 0x88a8: '802.1ad' } as const;

// --- addresses --------------------------------------------------------------------------------------------------

/** IFA_F_* (IFA_F_SECONDARY is also IFA_F_TEMPORARY for IPv6) */
export const ADDRESS_FLAGS = {
  0x1: 'secondary',
  0x2: 'nodad',
  0x4: 'optimistic',
  0x8: 'dadfailed',
  0x10: 'homeaddress',
  0x20: 'deprecated',
  0x40: 'tentative',
  0x80: 'permanent',
  0x100: 'managetempaddr',
  0x200: 'noprefixroute',
  0x400: 'mcautojoin',
  0x800: 'stablePrivacy',
} as const;
/** An address flag by name (IFA_F_*): `'permanent'`, `'secondary'`, `'noprefixroute'`, ... */
export type AddressFlag = (typeof ADDRESS_FLAGS)[keyof typeof ADDRESS_FLAGS];

/** IFAPROT_* */
export const ADDRESS_PROTOCOLS = { 0: 'unspec', 1: 'kernelLo', 2: 'kernelRa', 3: 'kernelLl' } as const;

/** The lifetime value that means "forever" in ifa_cacheinfo. */
export const INFINITY_LIFE_TIME = 0xffffffff;

// --- routes -----------------------------------------------------------------------------------------------------

/** rtm_type (RTN_*) */
export const ROUTE_TYPES = {
  0: 'unspec',
  1: 'unicast',
  2: 'local',
  3: 'broadcast',
  4: 'anycast',
  5: 'multicast',
  6: 'blackhole',
  7: 'unreachable',
  8: 'prohibit',
  9: 'throw',
  10: 'nat',
  11: 'xresolve',
} as const;
/** A route type by name (RTN_*): `'unicast'`, `'local'`, `'blackhole'`, ... */
export type RouteType = (typeof ROUTE_TYPES)[keyof typeof ROUTE_TYPES];

/** rtm_protocol (RTPROT_*) */
export const ROUTE_PROTOCOLS = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  17: 'mrouted',
  18: 'keepalived',
  42: 'babel',
  84: 'ovn',
  99: 'openr',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
} as const;
/** A route protocol by name (RTPROT_*, as /etc/iproute2/rt_protos names them): `'kernel'`, `'boot'`, `'static'`, ... */
export type RouteProtocol = (typeof ROUTE_PROTOCOLS)[keyof typeof ROUTE_PROTOCOLS];

/** rtm_scope / ifa_scope (RT_SCOPE_*) */
export const ROUTE_SCOPES = { 0: 'universe', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' } as const;
/** A route scope by name (RT_SCOPE_*): `'universe'`, `'link'`, `'host'`, ... */
export type RouteScope = (typeof ROUTE_SCOPES)[keyof typeof ROUTE_SCOPES];

/** rtm_flags (RTM_F_*); the low byte holds next-hop flags (RTNH_F_*) for single-path routes. */
export const ROUTE_FLAGS = {
  0x1: 'dead',
  0x2: 'pervasive',
  0x4: 'onlink',
  0x8: 'offload',
  0x10: 'linkdown',
  0x20: 'unresolved',
  0x40: 'trap',
  0x100: 'notify',
  0x200: 'cloned',
  0x400: 'equalize',
  0x800: 'prefix',
  0x1000: 'lookupTable',
  0x2000: 'fibMatch',
  0x4000: 'rtmOffload',
  0x8000: 'rtmTrap',
  0x20000000: 'offloadFailed',
} as const;
/** A route flag by name (RTNH_F_* and RTM_F_*): `'onlink'`, `'linkdown'`, `'cloned'`, ... */
export type RouteFlag = (typeof ROUTE_FLAGS)[keyof typeof ROUTE_FLAGS];

/** rtnh_flags (RTNH_F_*) */
export const NEXTHOP_FLAGS = {
  0x1: 'dead',
  0x2: 'pervasive',
  0x4: 'onlink',
  0x8: 'offload',
  0x10: 'linkdown',
  0x20: 'unresolved',
  0x40: 'trap',
} as const;
/** A next hop flag by name (RTNH_F_*): `'dead'`, `'onlink'`, `'linkdown'`, ... */
export type NexthopFlag = (typeof NEXTHOP_FLAGS)[keyof typeof NEXTHOP_FLAGS];

/** NEXTHOP_GRP_TYPE_* (NHA_GROUP_TYPE, linux/nexthop.h): hash-threshold (`ip nexthop ... type mpath`) or resilient. */
export const NEXTHOP_GROUP_TYPES = { 0: 'mpath', 1: 'resilient' } as const;
/** A nexthop group type by name (NHA_GROUP_TYPE): `'mpath'` or `'resilient'`. */
export type NexthopGroupType = (typeof NEXTHOP_GROUP_TYPES)[keyof typeof NEXTHOP_GROUP_TYPES];

/** NHA_OP_FLAG_* (NHA_OP_FLAGS, kernel 6.9+): what a nexthop GET or dump should add to its answers. */
export const NEXTHOP_OP_FLAGS = { 0x1: 'dumpStats', 0x2: 'dumpHwStats', 0x80000000: 'respGrpResvd0' } as const;
/** A nexthop operation flag by name (NHA_OP_FLAGS): `'dumpStats'`, `'dumpHwStats'`, ... */
export type NexthopOpFlag = (typeof NEXTHOP_OP_FLAGS)[keyof typeof NEXTHOP_OP_FLAGS];

/** ICMPV6_ROUTER_PREF_* (RTA_PREF) */
export const ROUTE_PREFERENCES = { 0: 'medium', 1: 'high', 3: 'low', 2: 'invalid' } as const;
/** An IPv6 router preference by name (RTA_PREF). */
export type RoutePreference = (typeof ROUTE_PREFERENCES)[keyof typeof ROUTE_PREFERENCES];

/** LWTUNNEL_ENCAP_* (RTA_ENCAP_TYPE) */
export const ENCAP_TYPES = {
  0: 'none',
  1: 'mpls',
  2: 'ip',
  3: 'ila',
  4: 'ip6',
  5: 'seg6',
  6: 'bpf',
  7: 'seg6local',
  8: 'rpl',
  9: 'ioam6',
  10: 'xfrm',
} as const;
/** A lightweight tunnel encapsulation by name (RTA_ENCAP_TYPE). */
export type EncapType = (typeof ENCAP_TYPES)[keyof typeof ENCAP_TYPES];

/** RTAX_FEATURE_* */
export const METRIC_FEATURES = { 0x1: 'ecn', 0x2: 'sack', 0x4: 'timestamp', 0x8: 'allfrag', 0x10: 'tcpUsecTs' } as const;

/** IP protocol numbers iproute2 names (RTA_IP_PROTO, FRA_IP_PROTO). */
export const IP_PROTOCOLS = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp', 132: 'sctp' } as const;
/** An IP protocol by the name iproute2 gives it (RTA_IP_PROTO, FRA_IP_PROTO). */
export type IpProtocol = (typeof IP_PROTOCOLS)[keyof typeof IP_PROTOCOLS];

// --- neighbours -------------------------------------------------------------------------------------------------

/** ndm_state (NUD_*) */
export const NEIGHBOUR_STATES = {
  0x1: 'incomplete',
  0x2: 'reachable',
  0x4: 'stale',
  0x8: 'delay',
  0x10: 'probe',
  0x20: 'failed',
  0x40: 'noarp',
  0x80: 'permanent',
} as const;
/** A neighbour state by name (NUD_*): `'reachable'`, `'stale'`, `'permanent'`, ... */
export type NeighbourState = (typeof NEIGHBOUR_STATES)[keyof typeof NEIGHBOUR_STATES];

/** ndm_flags (NTF_*) */
export const NEIGHBOUR_FLAGS = {
  0x1: 'use',
  0x2: 'self',
  0x4: 'master',
  0x8: 'proxy',
  0x10: 'extLearned',
  0x20: 'offloaded',
  0x40: 'sticky',
  0x80: 'router',
} as const;
/** A neighbour flag by name (NTF_*): `'router'`, `'self'`, `'master'`, ... */
export type NeighbourFlag = (typeof NEIGHBOUR_FLAGS)[keyof typeof NEIGHBOUR_FLAGS];

/** NDA_FLAGS_EXT (NTF_EXT_*) */
export const NEIGHBOUR_EXT_FLAGS = { 0x1: 'managed', 0x2: 'locked', 0x4: 'extValidated' } as const;

// --- rules ------------------------------------------------------------------------------------------------------

/** fib_rule_hdr.action (FR_ACT_*) */
export const RULE_ACTIONS = {
  0: 'unspec',
  1: 'toTbl',
  2: 'goto',
  3: 'nop',
  4: 'res3',
  5: 'res4',
  6: 'blackhole',
  7: 'unreachable',
  8: 'prohibit',
} as const;
/** A rule action by name (FR_ACT_*): `'toTbl'`, `'goto'`, `'blackhole'`, ... */
export type RuleAction = (typeof RULE_ACTIONS)[keyof typeof RULE_ACTIONS];

/** fib_rule_hdr.flags (FIB_RULE_*) */
export const RULE_FLAGS = {
  0x1: 'permanent',
  0x2: 'invert',
  0x4: 'unresolved',
  0x8: 'iifDetached',
  0x10: 'oifDetached',
  0x10000: 'findSaddr',
} as const;
/** A rule flag by name (FIB_RULE_*): `'invert'`, ... */
export type RuleFlag = (typeof RULE_FLAGS)[keyof typeof RULE_FLAGS];

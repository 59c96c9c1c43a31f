// IFLA_INFO_DATA of the IP tunnel kinds: gre, gretap and erspan (IFLA_GRE_* over IPv4) and their IPv6 twins
// ip6gre, ip6gretap and ip6erspan; ipip and sit (IFLA_IPTUN_* over IPv4) and ip6tnl; vti and vti6 (IFLA_VTI_*);
// geneve, bareudp and xfrm. The wire types are the kernel's (net/ipv4/ip_gre.c, net/ipv6/ip6_tunnel.c, ...
// *_fill_info), which rt_link.yaml describes for the IPv4 sets (test/unit/route/tunnel-kinds.test.ts checks both).
import { Codec, SetValue, attributeSet, enumOf, flagsOf, ipv4Address, ipv6Address, nested } from '../../core/spec';

/** GRE_* header flags of IFLA_GRE_IFLAGS / IFLA_GRE_OFLAGS (big-endian on the wire, as in the GRE header). */
export const GRE_FLAGS = { 0x8000: 'csum', 0x4000: 'routing', 0x2000: 'key', 0x1000: 'seq', 0x0800: 'strict', 0x0080: 'ack' } as const;

/** IP6_TNL_F_* (IFLA_GRE_FLAGS of ip6gre, IFLA_IPTUN_FLAGS of ip6tnl). */
export const IP6_TUNNEL_FLAGS = {
  0x1: 'ignEncapLimit',
  0x2: 'useOrigTclass',
  0x4: 'useOrigFlowlabel',
  0x8: 'mip6Dev',
  0x10: 'rcvDscpCopy',
  0x20: 'useOrigFwmark',
  0x40: 'allowLocalRemote',
} as const;

/** enum tunnel_encap_types (the FOU/GUE encapsulation of a gre, ipip, sit or ip6tnl tunnel). */
export const TUNNEL_ENCAP_TYPES = { 0: 'none', 1: 'fou', 2: 'gue', 3: 'mpls' } as const;

/** TUNNEL_ENCAP_FLAG_* */
export const TUNNEL_ENCAP_FLAGS = { 0x1: 'csum', 0x2: 'csum6', 0x4: 'remcsum' } as const;

/** IPPROTO_* an ipip, sit or ip6tnl tunnel carries (IFLA_IPTUN_PROTO; 0 is any of them). */
export const IP_TUNNEL_PROTOCOLS = { 0: 'any', 4: 'ipip', 41: 'ipv6', 137: 'mpls' } as const;

/** The direction an erspan session mirrors (IFLA_GRE_ERSPAN_DIR). */
export const ERSPAN_DIRECTIONS = { 0: 'ingress', 1: 'egress' } as const;

/** GENEVE_DF_* */
export const GENEVE_DF = { 0: 'unset', 1: 'set', 2: 'inherit' } as const;

/** SIT_ISATAP: the only flag of a sit tunnel's IFLA_IPTUN_FLAGS. */
export const SIT_ISATAP = 0x1;

const greFlags = flagsOf('gre flags', 'u16be', GRE_FLAGS);
const ip6TunnelFlags = flagsOf('ip6 tunnel flags', 'u32', IP6_TUNNEL_FLAGS);
const encapType = enumOf('tunnel encap type', 'u16', TUNNEL_ENCAP_TYPES);
const encapFlags = flagsOf('tunnel encap flags', 'u16', TUNNEL_ENCAP_FLAGS);

/** The four encapsulation attributes (type, flags, ports), numbered from `first` in both IFLA_GRE_* and IFLA_IPTUN_*. */
function encapFields<N extends number>(first: N) {
  return {
    /** The FOU/GUE encapsulation (`'none'`, `'fou'`, `'gue'`). */
    encapType: { id: first, type: encapType },
    /** The encapsulation's checksum options (TUNNEL_ENCAP_FLAG_*). */
    encapFlags: { id: first + 1, type: encapFlags },
    /** The encapsulation's UDP source port (0: chosen per flow). */
    encapSport: { id: first + 2, type: 'u16be' },
    /** The encapsulation's UDP destination port. */
    encapDport: { id: first + 3, type: 'u16be' },
  } as const;
}

/** IFLA_GRE_* with the endpoints of the given family (IPv4 for gre/gretap/erspan, IPv6 for the ip6 kinds). */
function greAttributes(name: string, address: Codec<string>) {
  return attributeSet(name, {
    /** The index of the device the tunnel's packets leave through (0: any). */
    link: { id: 1, type: 'u32' },
    /** The GRE header flags expected on received packets (GRE_*: `'key'`, `'seq'`, `'csum'`). */
    iflags: { id: 2, type: greFlags },
    /** The GRE header flags put on sent packets. */
    oflags: { id: 3, type: greFlags },
    /** The input key, as the GRE header carries it. */
    ikey: { id: 4, type: 'u32be' },
    /** The output key, as the GRE header carries it. */
    okey: { id: 5, type: 'u32be' },
    /** The local endpoint (any when all zeros). */
    local: { id: 6, type: address },
    /** The remote endpoint (any when all zeros). */
    remote: { id: 7, type: address },
    /** The TTL (hop limit of the ip6 kinds); 0 inherits the inner packet's. */
    ttl: { id: 8, type: 'u8' },
    /** The TOS of the outer header; 1 inherits the inner packet's. */
    tos: { id: 9, type: 'u8' },
    /** 1 when path MTU discovery is on (the outer packets carry DF). */
    pmtudisc: { id: 10, type: 'u8' },
    /** ip6 kinds: the tunnel encapsulation limit option's value. */
    encapLimit: { id: 11, type: 'u8' },
    /** ip6 kinds: traffic class and flow label, as the IPv6 header's first word carries them (big-endian). */
    flowinfo: { id: 12, type: 'u32be' },
    /** ip6 kinds: IP6_TNL_F_*. */
    flags: { id: 13, type: ip6TunnelFlags },
    ...encapFields(14),
    /** Collect metadata (`external`): endpoints come per packet from lwtunnel routes or BPF. */
    collectMetadata: { id: 18, type: 'flag' },
    /** 1 when the inner packet's DF bit is ignored (`ignore-df`). */
    ignoreDf: { id: 19, type: 'u8' },
    /** The firewall mark of the outer packets. */
    fwmark: { id: 20, type: 'u32' },
    /** ERSPAN version 1: the session index. */
    erspanIndex: { id: 21, type: 'u32' },
    /** The ERSPAN version (1: type II, 2: type III). */
    erspanVer: { id: 22, type: 'u8' },
    /** ERSPAN version 2: the mirrored direction. */
    erspanDir: { id: 23, type: enumOf('erspan direction', 'u8', ERSPAN_DIRECTIONS) },
    /** ERSPAN version 2: the hardware id. */
    erspanHwid: { id: 24, type: 'u16' },
  });
}

/** IFLA_GRE_* of gre, gretap and erspan. */
export const greData = greAttributes('gre', ipv4Address);
/** IFLA_GRE_* of ip6gre, ip6gretap and ip6erspan (the endpoints are IPv6 addresses). */
export const ip6greData = greAttributes('ip6gre', ipv6Address);

/** What IFLA_IPTUN_* of ipip and sit (IPv4 endpoints) shares with that of ip6tnl. */
function iptunFields<A extends Codec<string>>(address: A) {
  return {
    /** The index of the device the tunnel's packets leave through (0: any). */
    link: { id: 1, type: 'u32' },
    /** The local endpoint (any when all zeros). */
    local: { id: 2, type: address },
    /** The remote endpoint (any when all zeros). */
    remote: { id: 3, type: address },
    /** The TTL (hop limit of ip6tnl); 0 inherits the inner packet's. */
    ttl: { id: 4, type: 'u8' },
    /** The protocol the tunnel carries (IPPROTO_*: `'ipip'`, `'ipv6'`, `'mpls'`, `'any'`). */
    proto: { id: 9, type: enumOf('ip tunnel protocol', 'u8', IP_TUNNEL_PROTOCOLS) },
    ...encapFields(15),
    /** Collect metadata (`external`): endpoints come per packet from lwtunnel routes or BPF. */
    collectMetadata: { id: 19, type: 'flag' },
    /** The firewall mark of the outer packets. */
    fwmark: { id: 20, type: 'u32' },
  } as const;
}

/** IFLA_IPTUN_* of ipip and sit. */
export const iptunData = attributeSet('iptun', {
  ...iptunFields(ipv4Address),
  /** The TOS of the outer header; 1 inherits the inner packet's. */
  tos: { id: 5, type: 'u8' },
  /** sit: SIT_ISATAP (as the user set it: ip writes it in host order). */
  flags: { id: 8, type: 'u16' },
  /** 1 when path MTU discovery is on (the outer packets carry DF). */
  pmtudisc: { id: 10, type: 'u8' },
  /** sit: the 6rd prefix. */
  '6rdPrefix': { id: 11, type: ipv6Address },
  /** sit: the 6rd relay prefix. */
  '6rdRelayPrefix': { id: 12, type: ipv4Address },
  /** sit: the 6rd prefix's length. */
  '6rdPrefixlen': { id: 13, type: 'u16' },
  /** sit: the 6rd relay prefix's length. */
  '6rdRelayPrefixlen': { id: 14, type: 'u16' },
});

/** IFLA_IPTUN_* of ip6tnl: IPv6 endpoints, IP6_TNL_F_* flags (32 bits here), the IPv6 encapsulation fields. */
export const ip6tnlData = attributeSet('ip6tnl', {
  ...iptunFields(ipv6Address),
  /** The tunnel encapsulation limit option's value. */
  encapLimit: { id: 6, type: 'u8' },
  /** Traffic class and flow label, as the IPv6 header's first word carries them (big-endian). */
  flowinfo: { id: 7, type: 'u32be' },
  /** The tunnel's flags. */
  flags: { id: 8, type: ip6TunnelFlags },
});

/** IFLA_VTI_* with the endpoints of the given family (vti: IPv4, vti6: IPv6). */
function vtiAttributes(name: string, address: Codec<string>) {
  return attributeSet(name, {
    /** The index of the device the tunnel's packets leave through (0: any). */
    link: { id: 1, type: 'u32' },
    /** The input key (the mark matched against the xfrm policies), big-endian as the kernel keeps it. */
    ikey: { id: 2, type: 'u32be' },
    /** The output key, big-endian as the kernel keeps it. */
    okey: { id: 3, type: 'u32be' },
    /** The local endpoint (any when all zeros). */
    local: { id: 4, type: address },
    /** The remote endpoint (any when all zeros). */
    remote: { id: 5, type: address },
    /** The firewall mark of the outer packets. */
    fwmark: { id: 6, type: 'u32' },
  });
}

/** IFLA_VTI_* of vti. */
export const vtiData = vtiAttributes('vti', ipv4Address);
/** IFLA_VTI_* of vti6. */
export const vti6Data = vtiAttributes('vti6', ipv6Address);

/** IFLA_GENEVE_* */
export const geneveData = attributeSet('geneve', {
  /** The VNI. */
  id: { id: 1, type: 'u32' },
  /** The remote endpoint (any when all zeros). */
  remote: { id: 2, type: ipv4Address },
  /** The TTL of the outer header (0: the route's, unless ttlInherit). */
  ttl: { id: 3, type: 'u8' },
  /** The TOS of the outer header; 1 inherits the inner packet's. */
  tos: { id: 4, type: 'u8' },
  /** The UDP destination port. */
  port: { id: 5, type: 'u16be' },
  /** Collect metadata (`external`): endpoints come per packet from lwtunnel routes or BPF. */
  collectMetadata: { id: 6, type: 'flag' },
  /** The remote endpoint over IPv6. */
  remote6: { id: 7, type: ipv6Address },
  /** 1 when outer UDP over IPv4 is checksummed. */
  udpCsum: { id: 8, type: 'u8' },
  /** 1 when outer UDP over IPv6 is sent without checksum. */
  udpZeroCsum6Tx: { id: 9, type: 'u8' },
  /** 1 when outer UDP over IPv6 without checksum is accepted. */
  udpZeroCsum6Rx: { id: 10, type: 'u8' },
  /** The IPv6 flow label (big-endian on the wire). */
  label: { id: 11, type: 'u32be' },
  /** 1 when the TTL is the inner packet's. */
  ttlInherit: { id: 12, type: 'u8' },
  /** The DF bit of the outer IPv4 header (`'unset'`, `'set'`, `'inherit'`). */
  df: { id: 13, type: enumOf('geneve df', 'u8', GENEVE_DF) },
  /** Carries the inner packet's protocol instead of Ethernet (`innerprotoinherit`). */
  innerProtoInherit: { id: 14, type: 'flag' },
});

/** IFLA_BAREUDP_* */
export const bareudpData = attributeSet('bareudp', {
  /** The UDP destination port. */
  port: { id: 1, type: 'u16be' },
  /** The Ethernet protocol carried (ETH_P_IP, ETH_P_IPV6, ETH_P_MPLS_UC, ETH_P_MPLS_MC). */
  ethertype: { id: 2, type: 'u16be' },
  /** The lowest UDP source port. */
  srcportMin: { id: 3, type: 'u16' },
  /** Carries IPv6 too on an IPv4 tunnel, multicast MPLS on a unicast MPLS one (`multiproto`). */
  multiprotoMode: { id: 4, type: 'flag' },
});

/** IFLA_XFRM_* */
export const xfrmData = attributeSet('xfrm', {
  /** The index of the device the tunnel's packets leave through (0: any). */
  link: { id: 1, type: 'u32' },
  /** The interface id the xfrm states and policies name (if_id). */
  ifId: { id: 2, type: 'u32' },
  /** Collect metadata (`external`): endpoints come per packet from lwtunnel routes or BPF. */
  collectMetadata: { id: 3, type: 'flag' },
});

/** The tunnel kinds' entries of IFLA_INFO_DATA's kind table (linkInfo in ./link). */
export const tunnelKindData = {
  gre: nested(greData),
  gretap: nested(greData),
  erspan: nested(greData),
  ip6gre: nested(ip6greData),
  ip6gretap: nested(ip6greData),
  ip6erspan: nested(ip6greData),
  ipip: nested(iptunData),
  sit: nested(iptunData),
  ip6tnl: nested(ip6tnlData),
  vti: nested(vtiData),
  vti6: nested(vti6Data),
  geneve: nested(geneveData),
  bareudp: nested(bareudpData),
  xfrm: nested(xfrmData),
} as const;

/** IFLA_INFO_DATA of a gre, gretap or erspan (IFLA_GRE_*). */
export interface GreData extends SetValue<typeof greData> {}
/** IFLA_INFO_DATA of an ip6gre, ip6gretap or ip6erspan (IFLA_GRE_*). */
export interface Ip6greData extends SetValue<typeof ip6greData> {}
/** IFLA_INFO_DATA of an ipip or sit (IFLA_IPTUN_*). */
export interface IptunData extends SetValue<typeof iptunData> {}
/** IFLA_INFO_DATA of an ip6tnl (IFLA_IPTUN_*). */
export interface Ip6tnlData extends SetValue<typeof ip6tnlData> {}
/** IFLA_INFO_DATA of a vti or vti6 (IFLA_VTI_*). */
export interface VtiData extends SetValue<typeof vtiData> {}
/** IFLA_INFO_DATA of a geneve (IFLA_GENEVE_*). */
export interface GeneveData extends SetValue<typeof geneveData> {}
/** IFLA_INFO_DATA of a bareudp (IFLA_BAREUDP_*). */
export interface BareudpData extends SetValue<typeof bareudpData> {}
/** IFLA_INFO_DATA of an xfrm interface (IFLA_XFRM_*). */
export interface XfrmData extends SetValue<typeof xfrmData> {}

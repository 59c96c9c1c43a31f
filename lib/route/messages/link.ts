// Links: struct ifinfomsg + IFLA_* attributes (RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK / RTM_SETLINK), with the
// kind-specific data of veth, bridge (and bridge ports), vlan, vxlan and macvlan links.
import { EncodeError } from '../../core/errors';
import { AttributeId, attributeIds, messageKind } from '../../core/family';
import {
  AttributeSet,
  Codec,
  INVALID,
  MessageSpec,
  MessageValue,
  SetValue,
  attributeSet,
  enumOf,
  flagsOf,
  integerArray,
  ipv4Address,
  ipv6Address,
  linkLayerAddress,
  message,
  messageSpec,
  nested,
  select,
  struct,
  structSpec,
  u64Array,
  unsignedInteger,
} from '../../core/spec';
import {
  ADDR_GEN_MODES,
  BRIDGE_PORT_STATES,
  LINK_FLAGS,
  LINK_MODES,
  LINK_TYPES,
  MACVLAN_MACADDR_MODES,
  MACVLAN_MODES,
  OPER_STATES,
  RouteMessageType,
  VLAN_FLAGS,
  VLAN_PROTOCOLS,
  VXLAN_DF,
} from '../constants';
import { DEVICE_KIND_DATA, DEVICE_KIND_PORT_DATA } from './device-kinds';
import { addressFamily } from './route';
import { tunnelKindData } from './tunnel-kinds';

const linkFlags = flagsOf('link flags', 'u32', LINK_FLAGS);

/** struct ifinfomsg */
export const ifinfomsg = structSpec('ifinfomsg', 16, {
  /** ifi_family: the address family (`'unspec'` for ordinary link messages, `'bridge'` for bridge port ones). */
  family: [0, addressFamily],
  /** ifi_type: the device type (ARPHRD_*: `'ether'`, `'loopback'`, `'none'`, ...). */
  type: [2, enumOf('link type', 'u16', LINK_TYPES)],
  /** ifi_index: the interface index. */
  ifindex: [4, 's32'],
  /** ifi_flags: the IFF_* flags (`'up'`, `'broadcast'`, `'running'`, `'lowerUp'`, ...). */
  flags: [8, linkFlags],
  /** ifi_change: in a request, which of `flags` to change (none listed: all of them); in a notification, those that changed. */
  change: [12, linkFlags],
});

const statsMembers = [
  'rxPackets',
  'txPackets',
  'rxBytes',
  'txBytes',
  'rxErrors',
  'txErrors',
  'rxDropped',
  'txDropped',
  'multicast',
  'collisions',
  'rxLengthErrors',
  'rxOverErrors',
  'rxCrcErrors',
  'rxFrameErrors',
  'rxFifoErrors',
  'rxMissedErrors',
  'txAbortedErrors',
  'txCarrierErrors',
  'txFifoErrors',
  'txHeartbeatErrors',
  'txWindowErrors',
  'rxCompressed',
  'txCompressed',
  'rxNohandler',
  'rxOtherhostDropped',
] as const;
type StatsMember = (typeof statsMembers)[number];

function statsStruct<T extends 'u32' | 'u64'>(name: string, type: T) {
  const size = type === 'u64' ? 8 : 4;
  const members = Object.fromEntries(statsMembers.map((m, i) => [m, [i * size, type] as const])) as {
    [K in StatsMember]: readonly [number, T];
  };
  // Older kernels send the struct without its last two counters (rx_nohandler: 4.6, rx_otherhost_dropped: 5.19).
  return structSpec(name, statsMembers.length * size, members, (statsMembers.length - 2) * size);
}

/** struct rtnl_link_stats64 (IFLA_STATS64) */
export const rtnlLinkStats64 = statsStruct('rtnl_link_stats64', 'u64');
/** struct rtnl_link_stats (IFLA_STATS) */
export const rtnlLinkStats = statsStruct('rtnl_link_stats', 'u32');

/** struct rtnl_link_ifmap (IFLA_MAP) */
export const rtnlLinkIfmap = structSpec('rtnl_link_ifmap', 32, {
  memStart: [0, 'u64'],
  memEnd: [8, 'u64'],
  baseAddr: [16, 'u64'],
  irq: [24, 'u16'],
  dma: [26, 'u8'],
  port: [27, 'u8'],
}, 28);

/** struct ifla_bridge_id, printed as iproute2 does: priority in hex, a dot, the MAC address ('8000.02:00:00:00:00:01'). */
export const bridgeId: Codec<string> = {
  kind: 'codec',
  name: 'bridge id',
  size: 8,
  decode(buf, start, end) {
    if (end - start !== 8) return INVALID;
    const prio = buf.toString('hex', start, start + 2);
    return `${prio}.${linkLayerAddress.decode(buf, start + 2, end) as string}`;
  },
  encode(value) {
    const m = typeof value === 'string' ? /^([0-9a-fA-F]{4})\.(.*)$/.exec(value) : null;
    const mac = m ? Buffer.from(linkLayerAddress.encode(m[2])) : undefined;
    if (!m || mac === undefined || mac.length !== 6) throw new EncodeError(`bridge id: '${String(value)}' is not like 8000.02:00:00:00:00:01`);
    return Buffer.concat([Buffer.from(m[1], 'hex'), mac]);
  },
};

/**
 * IFLA_VXLAN_TTL_INHERIT: requests carry it as a flag (no value), dumps as a u8. Decodes to `true` or the number;
 * encodes `true` as the flag and a number as the u8, so both forms round-trip.
 */
const flagOrU8: Codec<true | number> = {
  kind: 'codec',
  name: 'flag or u8',
  decode(buf, start, end) {
    if (end === start) return true;
    return end - start === 1 ? buf[start] : INVALID;
  },
  encode(value) {
    if (value === true) return Buffer.alloc(0);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) throw new EncodeError(`${String(value)} is neither true nor a u8`);
    return Buffer.of(value);
  },
};

const vlanProtocol = enumOf('vlan protocol', 'u16be', VLAN_PROTOCOLS);

/** IFLA_BR_* (IFLA_INFO_DATA of a bridge). Times are in the kernel's clock ticks (hundredths of a second). */
export const bridgeData = attributeSet('bridge', {
  forwardDelay: { id: 1, type: 'u32' },
  helloTime: { id: 2, type: 'u32' },
  maxAge: { id: 3, type: 'u32' },
  ageingTime: { id: 4, type: 'u32' },
  stpState: { id: 5, type: 'u32' },
  priority: { id: 6, type: 'u16' },
  vlanFiltering: { id: 7, type: 'u8' },
  vlanProtocol: { id: 8, type: vlanProtocol },
  groupFwdMask: { id: 9, type: 'u16' },
  rootId: { id: 10, type: bridgeId },
  bridgeId: { id: 11, type: bridgeId },
  rootPort: { id: 12, type: 'u16' },
  rootPathCost: { id: 13, type: 'u32' },
  topologyChange: { id: 14, type: 'u8' },
  topologyChangeDetected: { id: 15, type: 'u8' },
  helloTimer: { id: 16, type: 'u64' },
  tcnTimer: { id: 17, type: 'u64' },
  topologyChangeTimer: { id: 18, type: 'u64' },
  gcTimer: { id: 19, type: 'u64' },
  groupAddr: { id: 20, type: linkLayerAddress },
  fdbFlush: { id: 21, type: 'flag' },
  mcastRouter: { id: 22, type: 'u8' },
  mcastSnooping: { id: 23, type: 'u8' },
  mcastQueryUseIfaddr: { id: 24, type: 'u8' },
  mcastQuerier: { id: 25, type: 'u8' },
  mcastHashElasticity: { id: 26, type: 'u32' },
  mcastHashMax: { id: 27, type: 'u32' },
  mcastLastMemberCnt: { id: 28, type: 'u32' },
  mcastStartupQueryCnt: { id: 29, type: 'u32' },
  mcastLastMemberIntvl: { id: 30, type: 'u64' },
  mcastMembershipIntvl: { id: 31, type: 'u64' },
  mcastQuerierIntvl: { id: 32, type: 'u64' },
  mcastQueryIntvl: { id: 33, type: 'u64' },
  mcastQueryResponseIntvl: { id: 34, type: 'u64' },
  mcastStartupQueryIntvl: { id: 35, type: 'u64' },
  nfCallIptables: { id: 36, type: 'u8' },
  nfCallIp6tables: { id: 37, type: 'u8' },
  nfCallArptables: { id: 38, type: 'u8' },
  vlanDefaultPvid: { id: 39, type: 'u16' },
  vlanStatsEnabled: { id: 41, type: 'u8' },
  mcastStatsEnabled: { id: 42, type: 'u8' },
  mcastIgmpVersion: { id: 43, type: 'u8' },
  mcastMldVersion: { id: 44, type: 'u8' },
  vlanStatsPerPort: { id: 45, type: 'u8' },
  multiBoolopt: { id: 46, type: struct(structSpec('br_boolopt_multi', 8, { optval: [0, 'u32'], optmask: [4, 'u32'] })) },
  mcastQuerierState: { id: 47, type: 'binary' },
  fdbNLearned: { id: 48, type: 'u32' },
  fdbMaxLearned: { id: 49, type: 'u32' },
});

/** IFLA_BRPORT_* (IFLA_INFO_SLAVE_DATA of a bridge port) */
export const bridgePortData = attributeSet('bridge port', {
  state: { id: 1, type: enumOf('bridge port state', 'u8', BRIDGE_PORT_STATES) },
  priority: { id: 2, type: 'u16' },
  cost: { id: 3, type: 'u32' },
  mode: { id: 4, type: 'u8' },
  guard: { id: 5, type: 'u8' },
  protect: { id: 6, type: 'u8' },
  fastLeave: { id: 7, type: 'u8' },
  learning: { id: 8, type: 'u8' },
  unicastFlood: { id: 9, type: 'u8' },
  proxyarp: { id: 10, type: 'u8' },
  learningSync: { id: 11, type: 'u8' },
  proxyarpWifi: { id: 12, type: 'u8' },
  rootId: { id: 13, type: bridgeId },
  bridgeId: { id: 14, type: bridgeId },
  designatedPort: { id: 15, type: 'u16' },
  designatedCost: { id: 16, type: 'u16' },
  id: { id: 17, type: 'u16' },
  no: { id: 18, type: 'u16' },
  topologyChangeAck: { id: 19, type: 'u8' },
  configPending: { id: 20, type: 'u8' },
  messageAgeTimer: { id: 21, type: 'u64' },
  forwardDelayTimer: { id: 22, type: 'u64' },
  holdTimer: { id: 23, type: 'u64' },
  flush: { id: 24, type: 'flag' },
  multicastRouter: { id: 25, type: 'u8' },
  mcastFlood: { id: 27, type: 'u8' },
  mcastToUcast: { id: 28, type: 'u8' },
  vlanTunnel: { id: 29, type: 'u8' },
  bcastFlood: { id: 30, type: 'u8' },
  groupFwdMask: { id: 31, type: 'u16' },
  neighSuppress: { id: 32, type: 'u8' },
  isolated: { id: 33, type: 'u8' },
  backupPort: { id: 34, type: 'u32' },
  mrpRingOpen: { id: 35, type: 'u8' },
  mrpInOpen: { id: 36, type: 'u8' },
  mcastEhtHostsLimit: { id: 37, type: 'u32' },
  mcastEhtHostsCnt: { id: 38, type: 'u32' },
  locked: { id: 39, type: 'u8' },
  mab: { id: 40, type: 'u8' },
  mcastNGroups: { id: 41, type: 'u32' },
  mcastMaxGroups: { id: 42, type: 'u32' },
  neighVlanSuppress: { id: 43, type: 'u8' },
  backupNhid: { id: 44, type: 'u32' },
});

const vlanQosMapping = structSpec('ifla_vlan_qos_mapping', 8, { from: [0, 'u32'], to: [4, 'u32'] });
const vlanQos = attributeSet('vlan qos', {
  mapping: { id: 1, type: struct(vlanQosMapping), multi: true },
});

/** IFLA_VLAN_* */
export const vlanData = attributeSet('vlan', {
  id: { id: 1, type: 'u16' },
  flags: { id: 2, type: struct(structSpec('ifla_vlan_flags', 8, { flags: [0, flagsOf('vlan flags', 'u32', VLAN_FLAGS)], mask: [4, flagsOf('vlan flags', 'u32', VLAN_FLAGS)] })) },
  egressQos: { id: 3, type: nested(vlanQos) },
  ingressQos: { id: 4, type: nested(vlanQos) },
  protocol: { id: 5, type: vlanProtocol },
});

/** IFLA_VXLAN_* */
export const vxlanData = attributeSet('vxlan', {
  id: { id: 1, type: 'u32' },
  /** The remote (unicast) or multicast group IPv4 address. */
  group: { id: 2, type: ipv4Address },
  link: { id: 3, type: 'u32' },
  local: { id: 4, type: ipv4Address },
  ttl: { id: 5, type: 'u8' },
  tos: { id: 6, type: 'u8' },
  learning: { id: 7, type: 'u8' },
  ageing: { id: 8, type: 'u32' },
  limit: { id: 9, type: 'u32' },
  portRange: { id: 10, type: struct(structSpec('ifla_vxlan_port_range', 4, { low: [0, 'u16be'], high: [2, 'u16be'] })) },
  proxy: { id: 11, type: 'u8' },
  rsc: { id: 12, type: 'u8' },
  l2miss: { id: 13, type: 'u8' },
  l3miss: { id: 14, type: 'u8' },
  port: { id: 15, type: 'u16be' },
  group6: { id: 16, type: ipv6Address },
  local6: { id: 17, type: ipv6Address },
  udpCsum: { id: 18, type: 'u8' },
  udpZeroCsum6Tx: { id: 19, type: 'u8' },
  udpZeroCsum6Rx: { id: 20, type: 'u8' },
  remcsumTx: { id: 21, type: 'u8' },
  remcsumRx: { id: 22, type: 'u8' },
  gbp: { id: 23, type: 'flag' },
  remcsumNopartial: { id: 24, type: 'flag' },
  collectMetadata: { id: 25, type: 'u8' },
  label: { id: 26, type: 'u32be' },
  gpe: { id: 27, type: 'flag' },
  ttlInherit: { id: 28, type: flagOrU8 },
  df: { id: 29, type: enumOf('vxlan df', 'u8', VXLAN_DF) },
  vnifilter: { id: 30, type: 'u8' },
  localbypass: { id: 31, type: 'u8' },
  labelPolicy: { id: 32, type: 'u32' },
  reservedBits: { id: 33, type: 'binary' },
  mcRoute: { id: 34, type: 'u8' },
});

/** IFLA_MACVLAN_* (also macvtap) */
export const macvlanData = attributeSet('macvlan', {
  mode: { id: 1, type: enumOf('macvlan mode', 'u32', MACVLAN_MODES) },
  flags: { id: 2, type: 'u16' },
  macaddrMode: { id: 3, type: enumOf('macvlan macaddr mode', 'u32', MACVLAN_MACADDR_MODES) },
  macaddr: { id: 4, type: linkLayerAddress },
  macaddrData: { id: 5, type: nested(attributeSet('macvlan macaddr data', { macaddr: { id: 4, type: linkLayerAddress, multi: true } })) },
  macaddrCount: { id: 6, type: 'u32' },
  bcQueueLen: { id: 7, type: 'u32' },
  bcQueueLenUsed: { id: 8, type: 'u32' },
  bcCutoff: { id: 9, type: 's32' },
});

/** VETH_INFO_*: the peer is a whole ifinfomsg with its own IFLA_* attributes. */
// The declared type names the peer's type through an interface, which breaks the type cycle link → linkinfo →
// veth → link that TypeScript cannot follow through inferred types.
/** The peer of a veth pair as VETH_INFO_PEER carries it: a link message of its own. */
export interface VethPeer extends LinkInput {}
/** VETH_INFO_*: a veth's IFLA_INFO_DATA (its peer). */
export const vethData: AttributeSet<{ peer: { id: 1; type: Codec<VethPeer> } }> = attributeSet('veth', {
  peer: { id: 1, type: message((): MessageSpec<any, any> => linkMessage) as unknown as Codec<VethPeer> },
});

/** IFLA_INFO_* */
export const linkInfo = attributeSet('linkinfo', {
  kind: { id: 1, type: 'string' },
  /** Decoded for the kinds below; other kinds keep their bytes (a Buffer). */
  data: {
    id: 2,
    type: select('kind', {
      veth: nested(vethData),
      bridge: nested(bridgeData),
      vlan: nested(vlanData),
      vxlan: nested(vxlanData),
      macvlan: nested(macvlanData),
      macvtap: nested(macvlanData),
      ...DEVICE_KIND_DATA,
      ...tunnelKindData,
    }),
  },
  xstats: { id: 3, type: 'binary' },
  slaveKind: { id: 4, type: 'string' },
  slaveData: { id: 5, type: select('slaveKind', { bridge: nested(bridgePortData), ...DEVICE_KIND_PORT_DATA }) },
});

/** IFLA_INFO_* (inside IFLA_LINKINFO) ids, derived from linkInfo. */
export const LinkInfoAttribute = attributeIds(linkInfo);
export type LinkInfoAttribute = AttributeId<typeof LinkInfoAttribute>;

/** IFLA_INET6_* (IFLA_AF_SPEC → AF_INET6) */
export const inet6Data = attributeSet('inet6', {
  flags: { id: 1, type: 'u32' },
  conf: { id: 2, type: integerArray('s32') },
  stats: { id: 3, type: u64Array },
  mcast: { id: 4, type: 'binary' },
  cacheinfo: {
    id: 5,
    type: struct(structSpec('ifla_cacheinfo', 16, { maxReasmLen: [0, 'u32'], tstamp: [4, 'u32'], reachableTime: [8, 'u32'], retransTime: [12, 'u32'] })),
  },
  icmp6stats: { id: 6, type: u64Array },
  token: { id: 7, type: ipv6Address },
  addrGenMode: { id: 8, type: enumOf('addr gen mode', 'u8', ADDR_GEN_MODES) },
  raMtu: { id: 9, type: 'u32' },
});

/** IFLA_MCTP_* (IFLA_AF_SPEC → AF_MCTP): a link's MCTP settings (the rest of MCTP is in ./mctp). */
export const mctpLinkData = attributeSet('mctp link', {
  /** IFLA_MCTP_NET: the MCTP network the link belongs to (1 unless changed). */
  net: { id: 1, type: 'u32' },
  /** IFLA_MCTP_PHYS_BINDING: the DSP0239 physical transport binding of the link (newer kernels). */
  physBinding: { id: 2, type: 'u8' },
});

/** IFLA_AF_SPEC of ordinary link messages: one nest per address family. */
export const afSpec = attributeSet('af spec', {
  inet: { id: 2, type: nested(attributeSet('inet', { conf: { id: 1, type: integerArray('u32') } })) },
  inet6: { id: 10, type: nested(inet6Data) },
  /** AF_MCTP: the link's MCTP network id (and physical binding). */
  mctp: { id: 45, type: nested(mctpLinkData) },
});

/** IFLA_XDP_* */
export const xdpData = attributeSet('xdp', {
  fd: { id: 1, type: 's32' },
  attached: { id: 2, type: 'u8' },
  flags: { id: 3, type: 'u32' },
  progId: { id: 4, type: 'u32' },
  drvProgId: { id: 5, type: 'u32' },
  skbProgId: { id: 6, type: 'u32' },
  hwProgId: { id: 7, type: 'u32' },
  expectedFd: { id: 8, type: 's32' },
});

const linkFieldDefs = {
  /** IFLA_ADDRESS: the link-layer (MAC) address. */
  address: { id: 1, type: linkLayerAddress },
  /** IFLA_BROADCAST: the link-layer broadcast address. */
  broadcast: { id: 2, type: linkLayerAddress },
  /** IFLA_IFNAME: the interface's name. */
  ifname: { id: 3, type: 'string' },
  /** IFLA_MTU: the maximum transmission unit, in bytes. */
  mtu: { id: 4, type: 'u32' },
  /** IFLA_LINK: the index of the link this one sits on (a vlan's parent, a veth's peer). */
  link: { id: 5, type: 'u32' },
  /** IFLA_QDISC: the root queueing discipline (`'noqueue'`, `'fq_codel'`, ...). */
  qdisc: { id: 6, type: 'string' },
  /** IFLA_STATS: the counters, 32 bits wide (struct rtnl_link_stats); `stats64` has them whole. */
  stats: { id: 7, type: struct(rtnlLinkStats) },
  /** IFLA_COST: unused by the kernel; kept as sent. */
  cost: { id: 8, type: 'binary' },
  /** IFLA_PRIORITY: unused by the kernel; kept as sent. */
  priority: { id: 9, type: 'u32' },
  /** IFLA_MASTER: the index of the link's master (the bridge or bond it is a port of). */
  master: { id: 10, type: 'u32' },
  /** IFLA_WIRELESS: wireless extension events, as sent. */
  wireless: { id: 11, type: 'binary' },
  /** IFLA_PROTINFO: protocol-specific information (bridge port, IPv6), as sent. */
  protinfo: { id: 12, type: 'binary' },
  /** IFLA_TXQLEN: the transmit queue length, in packets. */
  txqlen: { id: 13, type: 'u32' },
  /** IFLA_MAP: the device's hardware resources (struct rtnl_link_ifmap). */
  map: { id: 14, type: struct(rtnlLinkIfmap) },
  /** IFLA_WEIGHT: unused by the kernel; kept as sent. */
  weight: { id: 15, type: 'u32' },
  /** IFLA_OPERSTATE: the RFC 2863 operational state (`'up'`, `'down'`, `'lowerlayerdown'`, `'unknown'`, ...). */
  operstate: { id: 16, type: enumOf('operstate', 'u8', OPER_STATES) },
  /** IFLA_LINKMODE: `'default'`, `'dormant'` (user space sets the operational state) or `'testing'`. */
  linkmode: { id: 17, type: enumOf('link mode', 'u8', LINK_MODES) },
  /** IFLA_LINKINFO: the link's kind and its kind-specific data (`ip -d link`). */
  linkinfo: { id: 18, type: nested(linkInfo) },
  /** IFLA_NET_NS_PID: move the link into the namespace of this process (requests only). */
  netNsPid: { id: 19, type: 'u32' },
  /** IFLA_IFALIAS: the link's alias (`ip link set DEV alias TEXT`). */
  ifalias: { id: 20, type: 'string' },
  /** IFLA_NUM_VF: the number of SR-IOV virtual functions. */
  numVf: { id: 21, type: 'u32' },
  /** IFLA_VFINFO_LIST: the SR-IOV virtual functions' settings, as sent. */
  vfinfoList: { id: 22, type: 'binary' },
  /** IFLA_STATS64: the counters, 64 bits wide (struct rtnl_link_stats64). */
  stats64: { id: 23, type: struct(rtnlLinkStats64) },
  /** IFLA_VF_PORTS: port profiles of the virtual functions, as sent. */
  vfPorts: { id: 24, type: 'binary' },
  /** IFLA_PORT_SELF: the port profile of the device itself, as sent. */
  portSelf: { id: 25, type: 'binary' },
  /** Per address family settings; decoded for ordinary (family unspec) link messages. */
  afSpec: { id: 26, type: select('family', { unspec: nested(afSpec) }) },
  /** IFLA_GROUP: the link's group (`ip link set DEV group N`). */
  group: { id: 27, type: 'u32' },
  /** IFLA_NET_NS_FD: move the link into the namespace of this open fd (requests only). */
  netNsFd: { id: 28, type: 's32' },
  /** IFLA_EXT_MASK: RTEXT_FILTER_* bits asking for more in a dump (requests only). */
  extMask: { id: 29, type: 'u32' },
  /** IFLA_PROMISCUITY: how many users asked for promiscuous mode. */
  promiscuity: { id: 30, type: 'u32' },
  /** IFLA_NUM_TX_QUEUES: the number of transmit queues. */
  numTxQueues: { id: 31, type: 'u32' },
  /** IFLA_NUM_RX_QUEUES: the number of receive queues. */
  numRxQueues: { id: 32, type: 'u32' },
  /** IFLA_CARRIER: 1 when the link has a carrier (the cable is in, the peer is up). */
  carrier: { id: 33, type: 'u8' },
  /** IFLA_PHYS_PORT_ID: the physical port's id, as sent. */
  physPortId: { id: 34, type: 'binary' },
  /** IFLA_CARRIER_CHANGES: how many times the carrier went up or down. */
  carrierChanges: { id: 35, type: 'u32' },
  /** IFLA_PHYS_SWITCH_ID: the id of the switch the port belongs to, as sent. */
  physSwitchId: { id: 36, type: 'binary' },
  /** IFLA_LINK_NETNSID: the namespace id (as this namespace knows it) of the namespace `link` is in. */
  linkNetnsid: { id: 37, type: 's32' },
  /** IFLA_PHYS_PORT_NAME: the physical port's name. */
  physPortName: { id: 38, type: 'string' },
  /** IFLA_PROTO_DOWN: 1 when a protocol (not the administrator) holds the link down. */
  protoDown: { id: 39, type: 'u8' },
  /** IFLA_GSO_MAX_SEGS: the most segments a GSO packet may have. */
  gsoMaxSegs: { id: 40, type: 'u32' },
  /** IFLA_GSO_MAX_SIZE: the largest GSO packet, in bytes. */
  gsoMaxSize: { id: 41, type: 'u32' },
  /** IFLA_XDP: the attached XDP programs. */
  xdp: { id: 43, type: nested(xdpData) },
  /** IFLA_EVENT: why a notification was sent (IFLA_EVENT_*: reboot, features, ...). */
  event: { id: 44, type: 'u32' },
  /** IFLA_NEW_NETNSID: the id of the namespace the link moved to (notifications). */
  newNetnsid: { id: 45, type: 's32' },
  /** IFLA_TARGET_NETNSID: act on the namespace with this id (requests only). */
  targetNetnsid: { id: 46, type: 's32' },
  /** IFLA_CARRIER_UP_COUNT: how many times the carrier went up. */
  carrierUpCount: { id: 47, type: 'u32' },
  /** IFLA_CARRIER_DOWN_COUNT: how many times the carrier went down. */
  carrierDownCount: { id: 48, type: 'u32' },
  /** IFLA_NEW_IFINDEX: the index the link has in the namespace it moved to (notifications). */
  newIfindex: { id: 49, type: 's32' },
  /** IFLA_MIN_MTU: the smallest MTU the device accepts. */
  minMtu: { id: 50, type: 'u32' },
  /** IFLA_MAX_MTU: the largest MTU the device accepts. */
  maxMtu: { id: 51, type: 'u32' },
  /** IFLA_PROP_LIST: the link's properties: its alternative names (`altIfname`). */
  propList: { id: 52, type: nested(attributeSet('prop list', { altIfname: { id: 53, type: 'string', multi: true } })) },
  /** An alternative name to add or delete (RTM_NEWLINKPROP / RTM_DELLINKPROP); dumps list them in propList. */
  altIfname: { id: 53, type: 'string', multi: true },
  /** IFLA_PERM_ADDRESS: the permanent (factory) hardware address. */
  permAddress: { id: 54, type: linkLayerAddress },
  /** IFLA_PROTO_DOWN_REASON: the reasons bits (`value`) of `protoDown`, and which may be changed (`mask`). */
  protoDownReason: { id: 55, type: nested(attributeSet('proto down reason', { mask: { id: 1, type: 'u32' }, value: { id: 2, type: 'u32' } })) },
  /** IFLA_PARENT_DEV_NAME: the name of the parent device (a PCI address, ...). */
  parentDevName: { id: 56, type: 'string' },
  /** IFLA_PARENT_DEV_BUS_NAME: the bus of the parent device (`'pci'`, ...). */
  parentDevBusName: { id: 57, type: 'string' },
  /** IFLA_GRO_MAX_SIZE: the largest packet GRO builds, in bytes. */
  groMaxSize: { id: 58, type: 'u32' },
  /** IFLA_TSO_MAX_SIZE: the largest TSO packet the device takes, in bytes. */
  tsoMaxSize: { id: 59, type: 'u32' },
  /** IFLA_TSO_MAX_SEGS: the most segments a TSO packet may have for the device. */
  tsoMaxSegs: { id: 60, type: 'u32' },
  /** IFLA_ALLMULTI: how many users asked to receive all multicast. */
  allmulti: { id: 61, type: 'u32' },
  /** IFLA_DEVLINK_PORT: the devlink port of the device, as sent. */
  devlinkPort: { id: 62, type: 'binary' },
  /** IFLA_GSO_IPV4_MAX_SIZE: the largest IPv4 GSO packet, in bytes. */
  gsoIpv4MaxSize: { id: 63, type: 'u32' },
  /** IFLA_GRO_IPV4_MAX_SIZE: the largest IPv4 packet GRO builds, in bytes. */
  groIpv4MaxSize: { id: 64, type: 'u32' },
  /** IFLA_DPLL_PIN: the DPLL pin of the device, as sent. */
  dpllPin: { id: 65, type: 'binary' },
  /** IFLA_MAX_PACING_OFFLOAD_HORIZON: how far ahead the device can pace packets, in nanoseconds. */
  maxPacingOffloadHorizon: { id: 66, type: unsignedInteger },
  /** IFLA_NETNS_IMMUTABLE: 1 when the link cannot change namespace. */
  netnsImmutable: { id: 67, type: 'u8' },
  /** IFLA_HEADROOM: the headroom the device needs before packet data, in bytes. */
  headroom: { id: 68, type: 'u16' },
  /** IFLA_TAILROOM: the tailroom the device needs after packet data, in bytes. */
  tailroom: { id: 69, type: 'u16' },
} as const;
type LinkFields = typeof linkFieldDefs;

/** IFLA_* */
export const linkAttributes = attributeSet('link', linkFieldDefs);

/** IFLA_* ids, derived from linkAttributes (and IFLA_PAD, which it leaves out). */
export const LinkAttribute = attributeIds(linkAttributes, { Pad: 42 });
export type LinkAttribute = AttributeId<typeof LinkAttribute>;

/** RTM_NEWLINK/DELLINK/GETLINK: struct ifinfomsg and the IFLA_* attributes. */
export const linkMessage: MessageSpec<typeof ifinfomsg.members, LinkFields> = messageSpec('link', ifinfomsg, linkAttributes);

/** A decoded link. `ifindex` is ifi_index; `flags` the IFF_* flags as names. */
export interface Link extends MessageValue<typeof linkMessage> {}
/** IFLA_LINKINFO: the link's kind and its kind-specific data (`ip -d link`). */
export interface LinkInfo extends SetValue<typeof linkInfo> {}
/** IFLA_INFO_DATA of a bridge (IFLA_BR_*). */
export interface BridgeData extends SetValue<typeof bridgeData> {}
/** IFLA_INFO_SLAVE_DATA of a bridge port (IFLA_BRPORT_*). */
export interface BridgePortData extends SetValue<typeof bridgePortData> {}
/** IFLA_INFO_DATA of a vlan (IFLA_VLAN_*). */
export interface VlanData extends SetValue<typeof vlanData> {}
/** IFLA_INFO_DATA of a vxlan (IFLA_VXLAN_*). */
export interface VxlanData extends SetValue<typeof vxlanData> {}
/** IFLA_INFO_DATA of a macvlan or macvtap (IFLA_MACVLAN_*). */
export interface MacvlanData extends SetValue<typeof macvlanData> {}
/** IFLA_INFO_DATA of a veth (VETH_INFO_*). */
export interface VethData extends SetValue<typeof vethData> {}
/** What encodeLink accepts: any subset of a Link's fields (linkinfo.data as an object for the kinds above). */
export type LinkInput = Partial<Link>;

const linkKind = messageKind(linkMessage, [
  RouteMessageType.NewLink,
  RouteMessageType.DelLink,
  RouteMessageType.GetLink,
  RouteMessageType.SetLink,
  RouteMessageType.NewLinkProp,
  RouteMessageType.DelLinkProp,
]);

/** Decodes an ifinfomsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeLink: (payload: Buffer, messageType?: number) => Link = linkKind.decode;

/** Decodes the link in buf[start, end) without making a view of it first (for dump loops). */
export const decodeLinkAt: (buf: Buffer, start: number, end: number) => Link = linkKind.decodeAt;

/** Encodes a link as an ifinfomsg payload. */
export const encodeLink: (link: LinkInput) => Buffer = linkKind.encode;

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
  /** IFLA_BR_FORWARD_DELAY: how long a port stays in the listening and learning states before it forwards, in clock ticks (hundredths of a second). */
  forwardDelay: { id: 1, type: 'u32' },
  /** IFLA_BR_HELLO_TIME: the interval between STP hello messages, in clock ticks (hundredths of a second). */
  helloTime: { id: 2, type: 'u32' },
  /** IFLA_BR_MAX_AGE: how long received STP information stays valid, in clock ticks (hundredths of a second). */
  maxAge: { id: 3, type: 'u32' },
  /** IFLA_BR_AGEING_TIME: how long a learned MAC address stays in the forwarding database, in clock ticks (hundredths of a second). */
  ageingTime: { id: 4, type: 'u32' },
  /** IFLA_BR_STP_STATE: 0 when spanning tree is off, 1 when the kernel runs it, 2 when a user-space daemon does. */
  stpState: { id: 5, type: 'u32' },
  /** IFLA_BR_PRIORITY: the bridge's STP priority (the first part of its bridge id; lower wins the root election). */
  priority: { id: 6, type: 'u16' },
  /** IFLA_BR_VLAN_FILTERING: 1 when the bridge filters frames by VLAN (`ip link set DEV type bridge vlan_filtering 1`). */
  vlanFiltering: { id: 7, type: 'u8' },
  /** IFLA_BR_VLAN_PROTOCOL: the VLAN protocol filtering uses (`'802.1Q'` or `'802.1ad'`). */
  vlanProtocol: { id: 8, type: vlanProtocol },
  /** IFLA_BR_GROUP_FWD_MASK: a bit per link-local group address 01:80:C2:00:00:0X that the bridge forwards instead of consuming. */
  groupFwdMask: { id: 9, type: 'u16' },
  /** IFLA_BR_ROOT_ID: the bridge id of the STP root bridge, as iproute2 prints it. */
  rootId: { id: 10, type: bridgeId },
  /** IFLA_BR_BRIDGE_ID: this bridge's own STP bridge id (priority and MAC address). */
  bridgeId: { id: 11, type: bridgeId },
  /** IFLA_BR_ROOT_PORT: the port number of the port towards the root bridge (0 when this bridge is the root). */
  rootPort: { id: 12, type: 'u16' },
  /** IFLA_BR_ROOT_PATH_COST: the STP path cost from this bridge to the root. */
  rootPathCost: { id: 13, type: 'u32' },
  /** IFLA_BR_TOPOLOGY_CHANGE: 1 while the bridge signals an STP topology change. */
  topologyChange: { id: 14, type: 'u8' },
  /** IFLA_BR_TOPOLOGY_CHANGE_DETECTED: 1 when the bridge detected a topology change. */
  topologyChangeDetected: { id: 15, type: 'u8' },
  /** IFLA_BR_HELLO_TIMER: the time left on the hello timer, in clock ticks (hundredths of a second; read only). */
  helloTimer: { id: 16, type: 'u64' },
  /** IFLA_BR_TCN_TIMER: the time left on the topology change notification timer, in clock ticks (read only). */
  tcnTimer: { id: 17, type: 'u64' },
  /** IFLA_BR_TOPOLOGY_CHANGE_TIMER: the time left on the topology change timer, in clock ticks (read only). */
  topologyChangeTimer: { id: 18, type: 'u64' },
  /** IFLA_BR_GC_TIMER: the time left until the next forwarding database garbage collection, in clock ticks (read only). */
  gcTimer: { id: 19, type: 'u64' },
  /** IFLA_BR_GROUP_ADDR: the multicast MAC address STP frames are sent to (01:80:c2:00:00:00 by default). */
  groupAddr: { id: 20, type: linkLayerAddress },
  /** IFLA_BR_FDB_FLUSH: in a request, flush the bridge's dynamic forwarding database entries (never in a reply). */
  fdbFlush: { id: 21, type: 'flag' },
  /** IFLA_BR_MCAST_ROUTER: whether the bridge itself is a multicast router port (0 never, 1 learned from queries, 2 always). */
  mcastRouter: { id: 22, type: 'u8' },
  /** IFLA_BR_MCAST_SNOOPING: 1 when IGMP/MLD snooping is on. */
  mcastSnooping: { id: 23, type: 'u8' },
  /** IFLA_BR_MCAST_QUERY_USE_IFADDR: 1 when the bridge's queries use the bridge's own IP address as source (0: zero address). */
  mcastQueryUseIfaddr: { id: 24, type: 'u8' },
  /** IFLA_BR_MCAST_QUERIER: 1 when the bridge sends IGMP/MLD queries itself. */
  mcastQuerier: { id: 25, type: 'u8' },
  /** IFLA_BR_MCAST_HASH_ELASTICITY: the multicast database's hash chain limit (ignored by kernels since 5.0; always 16 in replies). */
  mcastHashElasticity: { id: 26, type: 'u32' },
  /** IFLA_BR_MCAST_HASH_MAX: the most multicast groups the bridge's database holds. */
  mcastHashMax: { id: 27, type: 'u32' },
  /** IFLA_BR_MCAST_LAST_MEMBER_CNT: how many group-specific queries are sent after a leave message. */
  mcastLastMemberCnt: { id: 28, type: 'u32' },
  /** IFLA_BR_MCAST_STARTUP_QUERY_CNT: how many queries are sent at startup. */
  mcastStartupQueryCnt: { id: 29, type: 'u32' },
  /** IFLA_BR_MCAST_LAST_MEMBER_INTVL: the interval between group-specific queries after a leave, in clock ticks (hundredths of a second). */
  mcastLastMemberIntvl: { id: 30, type: 'u64' },
  /** IFLA_BR_MCAST_MEMBERSHIP_INTVL: how long a group lives without a report, in clock ticks (hundredths of a second). */
  mcastMembershipIntvl: { id: 31, type: 'u64' },
  /** IFLA_BR_MCAST_QUERIER_INTVL: how long another querier is considered present after its last query, in clock ticks. */
  mcastQuerierIntvl: { id: 32, type: 'u64' },
  /** IFLA_BR_MCAST_QUERY_INTVL: the interval between general queries, in clock ticks (hundredths of a second). */
  mcastQueryIntvl: { id: 33, type: 'u64' },
  /** IFLA_BR_MCAST_QUERY_RESPONSE_INTVL: the maximum response time put in general queries, in clock ticks. */
  mcastQueryResponseIntvl: { id: 34, type: 'u64' },
  /** IFLA_BR_MCAST_STARTUP_QUERY_INTVL: the interval between the startup queries, in clock ticks. */
  mcastStartupQueryIntvl: { id: 35, type: 'u64' },
  /** IFLA_BR_NF_CALL_IPTABLES: 1 when bridged IPv4 traffic passes through iptables (needs br_netfilter). */
  nfCallIptables: { id: 36, type: 'u8' },
  /** IFLA_BR_NF_CALL_IP6TABLES: 1 when bridged IPv6 traffic passes through ip6tables (needs br_netfilter). */
  nfCallIp6tables: { id: 37, type: 'u8' },
  /** IFLA_BR_NF_CALL_ARPTABLES: 1 when bridged ARP traffic passes through arptables (needs br_netfilter). */
  nfCallArptables: { id: 38, type: 'u8' },
  /** IFLA_BR_VLAN_DEFAULT_PVID: the VLAN new ports get as untagged PVID (1 by default, 0 for none). */
  vlanDefaultPvid: { id: 39, type: 'u16' },
  /** IFLA_BR_VLAN_STATS_ENABLED: 1 when the bridge counts traffic per VLAN. */
  vlanStatsEnabled: { id: 41, type: 'u8' },
  /** IFLA_BR_MCAST_STATS_ENABLED: 1 when the bridge counts IGMP/MLD messages. */
  mcastStatsEnabled: { id: 42, type: 'u8' },
  /** IFLA_BR_MCAST_IGMP_VERSION: the IGMP version the bridge's querier speaks (2 or 3). */
  mcastIgmpVersion: { id: 43, type: 'u8' },
  /** IFLA_BR_MCAST_MLD_VERSION: the MLD version the bridge's querier speaks (1 or 2). */
  mcastMldVersion: { id: 44, type: 'u8' },
  /** IFLA_BR_VLAN_STATS_PER_PORT: 1 when the per-VLAN counters are kept per port. */
  vlanStatsPerPort: { id: 45, type: 'u8' },
  /** IFLA_BR_MULTI_BOOLOPT: boolean options (BR_BOOLOPT_*) as a value and a mask of the bits it sets (struct br_boolopt_multi). */
  multiBoolopt: { id: 46, type: struct(structSpec('br_boolopt_multi', 8, { optval: [0, 'u32'], optmask: [4, 'u32'] })) },
  /** IFLA_BR_MCAST_QUERIER_STATE: the nest describing the current IGMP/MLD querier (BRIDGE_QUERIER_*), kept as sent. */
  mcastQuerierState: { id: 47, type: 'binary' },
  /** IFLA_BR_FDB_N_LEARNED: how many forwarding database entries the bridge has learned (read only; newer kernels). */
  fdbNLearned: { id: 48, type: 'u32' },
  /** IFLA_BR_FDB_MAX_LEARNED: the most entries the bridge learns (0: no limit; newer kernels). */
  fdbMaxLearned: { id: 49, type: 'u32' },
});

/** IFLA_BRPORT_* (IFLA_INFO_SLAVE_DATA of a bridge port) */
export const bridgePortData = attributeSet('bridge port', {
  /** IFLA_BRPORT_STATE: the port's STP state (`'disabled'`, `'listening'`, `'learning'`, `'forwarding'`, `'blocking'`). */
  state: { id: 1, type: enumOf('bridge port state', 'u8', BRIDGE_PORT_STATES) },
  /** IFLA_BRPORT_PRIORITY: the port's STP priority (the first part of its port id). */
  priority: { id: 2, type: 'u16' },
  /** IFLA_BRPORT_COST: the port's STP path cost. */
  cost: { id: 3, type: 'u32' },
  /** IFLA_BRPORT_MODE: 1 in hairpin mode (frames may leave by the port they came in on). */
  mode: { id: 4, type: 'u8' },
  /** IFLA_BRPORT_GUARD: 1 when the port drops STP BPDUs it receives (BPDU guard). */
  guard: { id: 5, type: 'u8' },
  /** IFLA_BRPORT_PROTECT: 1 when the port may not become the root port (root guard). */
  protect: { id: 6, type: 'u8' },
  /** IFLA_BRPORT_FAST_LEAVE: 1 when a group leaves the port at once on an IGMP/MLD leave, without a query. */
  fastLeave: { id: 7, type: 'u8' },
  /** IFLA_BRPORT_LEARNING: 1 when the bridge learns source MAC addresses on this port. */
  learning: { id: 8, type: 'u8' },
  /** IFLA_BRPORT_UNICAST_FLOOD: 1 when unknown unicast frames are flooded to this port. */
  unicastFlood: { id: 9, type: 'u8' },
  /** IFLA_BRPORT_PROXYARP: 1 when the bridge answers ARP requests on this port from its neighbour table. */
  proxyarp: { id: 10, type: 'u8' },
  /** IFLA_BRPORT_LEARNING_SYNC: 1 when addresses learned by the hardware switch are synced into the bridge. */
  learningSync: { id: 11, type: 'u8' },
  /** IFLA_BRPORT_PROXYARP_WIFI: 1 for proxy ARP as IEEE 802.11 access points need it. */
  proxyarpWifi: { id: 12, type: 'u8' },
  /** IFLA_BRPORT_ROOT_ID: the STP root bridge's id as this port sees it. */
  rootId: { id: 13, type: bridgeId },
  /** IFLA_BRPORT_BRIDGE_ID: the id of the designated bridge on this port's segment. */
  bridgeId: { id: 14, type: bridgeId },
  /** IFLA_BRPORT_DESIGNATED_PORT: the designated port's id on this port's segment. */
  designatedPort: { id: 15, type: 'u16' },
  /** IFLA_BRPORT_DESIGNATED_COST: the designated path cost on this port's segment. */
  designatedCost: { id: 16, type: 'u16' },
  /** IFLA_BRPORT_ID: the port's STP port id (priority and number). */
  id: { id: 17, type: 'u16' },
  /** IFLA_BRPORT_NO: the port's number within the bridge. */
  no: { id: 18, type: 'u16' },
  /** IFLA_BRPORT_TOPOLOGY_CHANGE_ACK: 1 when a topology change acknowledgement is pending on this port. */
  topologyChangeAck: { id: 19, type: 'u8' },
  /** IFLA_BRPORT_CONFIG_PENDING: 1 when a configuration BPDU is waiting to be sent on this port. */
  configPending: { id: 20, type: 'u8' },
  /** IFLA_BRPORT_MESSAGE_AGE_TIMER: the time left on the message age timer, in clock ticks (hundredths of a second; read only). */
  messageAgeTimer: { id: 21, type: 'u64' },
  /** IFLA_BRPORT_FORWARD_DELAY_TIMER: the time left on the forward delay timer, in clock ticks (read only). */
  forwardDelayTimer: { id: 22, type: 'u64' },
  /** IFLA_BRPORT_HOLD_TIMER: the time left on the hold timer, in clock ticks (read only). */
  holdTimer: { id: 23, type: 'u64' },
  /** IFLA_BRPORT_FLUSH: in a request, flush the port's dynamic forwarding database entries (never in a reply). */
  flush: { id: 24, type: 'flag' },
  /** IFLA_BRPORT_MULTICAST_ROUTER: whether a multicast router sits behind the port (0 never, 1 learned from queries, 2 always, 3 temporarily). */
  multicastRouter: { id: 25, type: 'u8' },
  /** IFLA_BRPORT_MCAST_FLOOD: 1 when unknown multicast is flooded to this port. */
  mcastFlood: { id: 27, type: 'u8' },
  /** IFLA_BRPORT_MCAST_TO_UCAST: 1 when multicast is sent to this port's members as unicast copies. */
  mcastToUcast: { id: 28, type: 'u8' },
  /** IFLA_BRPORT_VLAN_TUNNEL: 1 when VLANs map to tunnel ids on this port (a vxlan port in metadata mode). */
  vlanTunnel: { id: 29, type: 'u8' },
  /** IFLA_BRPORT_BCAST_FLOOD: 1 when broadcast frames are flooded to this port. */
  bcastFlood: { id: 30, type: 'u8' },
  /** IFLA_BRPORT_GROUP_FWD_MASK: a bit per link-local group address 01:80:C2:00:00:0X forwarded out of this port. */
  groupFwdMask: { id: 31, type: 'u16' },
  /** IFLA_BRPORT_NEIGH_SUPPRESS: 1 when ARP and neighbour discovery are answered for the port's neighbours instead of flooded. */
  neighSuppress: { id: 32, type: 'u8' },
  /** IFLA_BRPORT_ISOLATED: 1 when the port may talk only to non-isolated ports. */
  isolated: { id: 33, type: 'u8' },
  /** IFLA_BRPORT_BACKUP_PORT: the index of the link that takes this port's traffic when its carrier goes down. */
  backupPort: { id: 34, type: 'u32' },
  /** IFLA_BRPORT_MRP_RING_OPEN: 1 when the MRP ring this port belongs to is open (read only). */
  mrpRingOpen: { id: 35, type: 'u8' },
  /** IFLA_BRPORT_MRP_IN_OPEN: 1 when the MRP interconnection this port belongs to is open (read only). */
  mrpInOpen: { id: 36, type: 'u8' },
  /** IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT: the most hosts IGMPv3/MLDv2 explicit host tracking follows on this port. */
  mcastEhtHostsLimit: { id: 37, type: 'u32' },
  /** IFLA_BRPORT_MCAST_EHT_HOSTS_CNT: how many hosts explicit host tracking follows now on this port (read only). */
  mcastEhtHostsCnt: { id: 38, type: 'u32' },
  /** IFLA_BRPORT_LOCKED: 1 when only hosts with a forwarding database entry may send through this port (802.1X). */
  locked: { id: 39, type: 'u8' },
  /** IFLA_BRPORT_MAB: 1 for MAC authentication bypass on a locked port (unknown senders get locked entries). */
  mab: { id: 40, type: 'u8' },
  /** IFLA_BRPORT_MCAST_N_GROUPS: how many multicast groups the port is a member of (read only). */
  mcastNGroups: { id: 41, type: 'u32' },
  /** IFLA_BRPORT_MCAST_MAX_GROUPS: the most multicast groups the port joins (0: no limit). */
  mcastMaxGroups: { id: 42, type: 'u32' },
  /** IFLA_BRPORT_NEIGH_VLAN_SUPPRESS: 1 when neighbour suppression is set per VLAN instead of per port. */
  neighVlanSuppress: { id: 43, type: 'u8' },
  /** IFLA_BRPORT_BACKUP_NHID: the id of the nexthop group that takes the port's traffic when its carrier goes down (0: none). */
  backupNhid: { id: 44, type: 'u32' },
});

const vlanQosMapping = structSpec('ifla_vlan_qos_mapping', 8, { from: [0, 'u32'], to: [4, 'u32'] });
const vlanQos = attributeSet('vlan qos', {
  mapping: { id: 1, type: struct(vlanQosMapping), multi: true },
});

/** IFLA_VLAN_* */
export const vlanData = attributeSet('vlan', {
  /** IFLA_VLAN_ID: the VLAN id (0-4095). */
  id: { id: 1, type: 'u16' },
  /** IFLA_VLAN_FLAGS: VLAN_FLAG_* options (`'reorderHdr'`, `'gvrp'`, `'looseBinding'`, `'mvrp'`, `'bridgeBinding'`) and, in a request, the mask of those to change. */
  flags: { id: 2, type: struct(structSpec('ifla_vlan_flags', 8, { flags: [0, flagsOf('vlan flags', 'u32', VLAN_FLAGS)], mask: [4, flagsOf('vlan flags', 'u32', VLAN_FLAGS)] })) },
  /** IFLA_VLAN_EGRESS_QOS: the mappings from skb priority to the 802.1p priority of sent frames. */
  egressQos: { id: 3, type: nested(vlanQos) },
  /** IFLA_VLAN_INGRESS_QOS: the mappings from the 802.1p priority of received frames to skb priority. */
  ingressQos: { id: 4, type: nested(vlanQos) },
  /** IFLA_VLAN_PROTOCOL: the tag protocol (`'802.1Q'` or `'802.1ad'`). */
  protocol: { id: 5, type: vlanProtocol },
});

/** IFLA_VXLAN_* */
export const vxlanData = attributeSet('vxlan', {
  /** IFLA_VXLAN_ID: the VXLAN network identifier (VNI, 24 bits). */
  id: { id: 1, type: 'u32' },
  /** The remote (unicast) or multicast group IPv4 address. */
  group: { id: 2, type: ipv4Address },
  /** IFLA_VXLAN_LINK: the index of the link the tunnel sends through (0: whatever the route says). */
  link: { id: 3, type: 'u32' },
  /** IFLA_VXLAN_LOCAL: the source IPv4 address of the tunnel's packets. */
  local: { id: 4, type: ipv4Address },
  /** IFLA_VXLAN_TTL: the TTL of the outer packets (0: the route's default). */
  ttl: { id: 5, type: 'u8' },
  /** IFLA_VXLAN_TOS: the TOS of the outer packets (1: inherit from the inner packet). */
  tos: { id: 6, type: 'u8' },
  /** IFLA_VXLAN_LEARNING: 1 when remote addresses are learned into the forwarding database. */
  learning: { id: 7, type: 'u8' },
  /** IFLA_VXLAN_AGEING: how long a learned entry lives, in seconds. */
  ageing: { id: 8, type: 'u32' },
  /** IFLA_VXLAN_LIMIT: the most forwarding database entries (0: no limit). */
  limit: { id: 9, type: 'u32' },
  /** IFLA_VXLAN_PORT_RANGE: the UDP source ports the tunnel picks from (`low`, `high`). */
  portRange: { id: 10, type: struct(structSpec('ifla_vxlan_port_range', 4, { low: [0, 'u16be'], high: [2, 'u16be'] })) },
  /** IFLA_VXLAN_PROXY: 1 when the device answers ARP/ND requests from its forwarding database (ARP proxy). */
  proxy: { id: 11, type: 'u8' },
  /** IFLA_VXLAN_RSC: 1 for route short circuit (the L3 destination resolved to a known L2 neighbour is reached directly). */
  rsc: { id: 12, type: 'u8' },
  /** IFLA_VXLAN_L2MISS: 1 when a forwarding database miss is reported to user space (RTM_GETNEIGH). */
  l2miss: { id: 13, type: 'u8' },
  /** IFLA_VXLAN_L3MISS: 1 when an IP neighbour miss is reported to user space. */
  l3miss: { id: 14, type: 'u8' },
  /** IFLA_VXLAN_PORT: the UDP destination port (IANA's is 4789; Linux's default, for compatibility, 8472). */
  port: { id: 15, type: 'u16be' },
  /** IFLA_VXLAN_GROUP6: the remote (unicast) or multicast group IPv6 address. */
  group6: { id: 16, type: ipv6Address },
  /** IFLA_VXLAN_LOCAL6: the source IPv6 address of the tunnel's packets. */
  local6: { id: 17, type: ipv6Address },
  /** IFLA_VXLAN_UDP_CSUM: 1 when outer UDP/IPv4 packets carry a checksum. */
  udpCsum: { id: 18, type: 'u8' },
  /** IFLA_VXLAN_UDP_ZERO_CSUM6_TX: 1 when outer UDP/IPv6 packets are sent with a zero checksum. */
  udpZeroCsum6Tx: { id: 19, type: 'u8' },
  /** IFLA_VXLAN_UDP_ZERO_CSUM6_RX: 1 when outer UDP/IPv6 packets with a zero checksum are accepted. */
  udpZeroCsum6Rx: { id: 20, type: 'u8' },
  /** IFLA_VXLAN_REMCSUM_TX: 1 when remote checksum offload is used on transmit. */
  remcsumTx: { id: 21, type: 'u8' },
  /** IFLA_VXLAN_REMCSUM_RX: 1 when remote checksum offload is accepted on receive. */
  remcsumRx: { id: 22, type: 'u8' },
  /** IFLA_VXLAN_GBP: present when the Group Based Policy extension is on. */
  gbp: { id: 23, type: 'flag' },
  /** IFLA_VXLAN_REMCSUM_NOPARTIAL: present when remote checksum offload does not use partial checksums. */
  remcsumNopartial: { id: 24, type: 'flag' },
  /** IFLA_VXLAN_COLLECT_METADATA: 1 in external (metadata) mode, where routes or BPF set the tunnel per packet. */
  collectMetadata: { id: 25, type: 'u8' },
  /** IFLA_VXLAN_LABEL: the IPv6 flow label of the outer packets. */
  label: { id: 26, type: 'u32be' },
  /** IFLA_VXLAN_GPE: present when the Generic Protocol Extension is on. */
  gpe: { id: 27, type: 'flag' },
  /** IFLA_VXLAN_TTL_INHERIT: set when the outer TTL is copied from the inner packet. */
  ttlInherit: { id: 28, type: flagOrU8 },
  /** IFLA_VXLAN_DF: the outer packets' Don't Fragment bit (`'unset'`, `'set'`, or `'inherit'` from the inner packet). */
  df: { id: 29, type: enumOf('vxlan df', 'u8', VXLAN_DF) },
  /** IFLA_VXLAN_VNIFILTER: 1 when one device carries many VNIs, chosen by a VNI filter (needs `collectMetadata`). */
  vnifilter: { id: 30, type: 'u8' },
  /** IFLA_VXLAN_LOCALBYPASS: 1 when packets to a local VNI are delivered directly instead of through the stack (newer kernels). */
  localbypass: { id: 31, type: 'u8' },
  /** IFLA_VXLAN_LABEL_POLICY: how the outer IPv6 flow label is chosen (0 fixed, 1 inherited; newer kernels). */
  labelPolicy: { id: 32, type: 'u32' },
  /** IFLA_VXLAN_RESERVED_BITS: which reserved VXLAN header bits are accepted on receive, as sent (newer kernels). */
  reservedBits: { id: 33, type: 'binary' },
  /** IFLA_VXLAN_MC_ROUTE: 1 when multicast is routed instead of sent through `link` (newer kernels). */
  mcRoute: { id: 34, type: 'u8' },
});

/** IFLA_MACVLAN_* (also macvtap) */
export const macvlanData = attributeSet('macvlan', {
  /** IFLA_MACVLAN_MODE: how traffic flows between macvlans of one parent (`'private'`, `'vepa'`, `'bridge'`, `'passthru'`, `'source'`). */
  mode: { id: 1, type: enumOf('macvlan mode', 'u32', MACVLAN_MODES) },
  /** IFLA_MACVLAN_FLAGS: MACVLAN_FLAG_* bits (1: nopromisc, 2: nodst). */
  flags: { id: 2, type: 'u16' },
  /** IFLA_MACVLAN_MACADDR_MODE: in a request of `'source'` mode, what to do with `macaddr`/`macaddrData` (`'add'`, `'del'`, `'flush'`, `'set'`). */
  macaddrMode: { id: 3, type: enumOf('macvlan macaddr mode', 'u32', MACVLAN_MACADDR_MODES) },
  /** IFLA_MACVLAN_MACADDR: in a request, the source MAC address to add or delete (source mode). */
  macaddr: { id: 4, type: linkLayerAddress },
  /** IFLA_MACVLAN_MACADDR_DATA: the source MAC addresses this macvlan accepts (source mode). */
  macaddrData: { id: 5, type: nested(attributeSet('macvlan macaddr data', { macaddr: { id: 4, type: linkLayerAddress, multi: true } })) },
  /** IFLA_MACVLAN_MACADDR_COUNT: how many source MAC addresses `macaddrData` lists. */
  macaddrCount: { id: 6, type: 'u32' },
  /** IFLA_MACVLAN_BC_QUEUE_LEN: the length of the broadcast/multicast queue asked for, in packets. */
  bcQueueLen: { id: 7, type: 'u32' },
  /** IFLA_MACVLAN_BC_QUEUE_LEN_USED: the length in use (the largest asked for by the parent's macvlans; read only). */
  bcQueueLenUsed: { id: 8, type: 'u32' },
  /** IFLA_MACVLAN_BC_CUTOFF: multicast wanted by fewer macvlans than this is delivered at once instead of through the broadcast queue (default 1; negative: never queued; newer kernels). */
  bcCutoff: { id: 9, type: 's32' },
});

/** VETH_INFO_*: the peer is a whole ifinfomsg with its own IFLA_* attributes. */
// The declared type names the peer's type through an interface, which breaks the type cycle link → linkinfo →
// veth → link that TypeScript cannot follow through inferred types.
/** The peer of a veth pair as VETH_INFO_PEER carries it: a link message of its own. */
export interface VethPeer extends LinkInput {}
/** VETH_INFO_*: a veth's IFLA_INFO_DATA (its peer). */
export const vethData: AttributeSet<{
  /** VETH_INFO_PEER: the other end of the pair, a link message of its own (its name, namespace, address, ...). */
  peer: { id: 1; type: Codec<VethPeer> };
}> = attributeSet('veth', {
  peer: { id: 1, type: message((): MessageSpec<any, any> => linkMessage) as unknown as Codec<VethPeer> },
});

/** IFLA_INFO_* */
export const linkInfo = attributeSet('linkinfo', {
  /** IFLA_INFO_KIND: the link's type (`'veth'`, `'bridge'`, `'vlan'`, `'vxlan'`, ...; `ip link add ... type KIND`). */
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
  /** IFLA_INFO_XSTATS: kind-specific statistics, as sent (undecoded). */
  xstats: { id: 3, type: 'binary' },
  /**
   * IFLA_INFO_SLAVE_KIND: the kind of the link's master when it is a port (`'bridge'`, `'bond'`, ...); undefined
   * otherwise.
   */
  slaveKind: { id: 4, type: 'string' },
  /** IFLA_INFO_SLAVE_DATA: the port's settings in its master (bridge port, bond slave, ...), decoded by `slaveKind`. */
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

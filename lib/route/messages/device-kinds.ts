// IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA of the virtual device kinds: bond (and its ports), ipvlan/ipvtap, vrf
// (and its ports), tun/tap and netkit. Checked against the kernel's rt_link.yaml by test/unit/route/device-kinds.
// Kinds that carry no data (dummy, ifb, nlmon, team, wireguard) need no entry: their linkinfo has a kind only.
import { RawAttribute, SetValue, attributeSet, enumOf, flagsOf, indexed, ipv4Address, ipv6Address, linkLayerAddress, nested } from '../../core/spec';

/** BOND_MODE_*, by ip's names. */
export const BOND_MODES = { 0: 'balance-rr', 1: 'active-backup', 2: 'balance-xor', 3: 'broadcast', 4: '802.3ad', 5: 'balance-tlb', 6: 'balance-alb' } as const;
/** BOND_ARP_VALIDATE_* */
export const BOND_ARP_VALIDATE = { 0: 'none', 1: 'active', 2: 'backup', 3: 'all', 4: 'filter', 5: 'filter_active', 6: 'filter_backup' } as const;
/** BOND_ARP_TARGETS_* (IFLA_BOND_ARP_ALL_TARGETS) */
export const BOND_ARP_ALL_TARGETS = { 0: 'any', 1: 'all' } as const;
/** BOND_PRI_RESELECT_* */
export const BOND_PRIMARY_RESELECT = { 0: 'always', 1: 'better', 2: 'failure' } as const;
/** BOND_FOM_* (fail_over_mac) */
export const BOND_FAIL_OVER_MAC = { 0: 'none', 1: 'active', 2: 'follow' } as const;
/** BOND_XMIT_POLICY_* */
export const BOND_XMIT_HASH_POLICIES = { 0: 'layer2', 1: 'layer3+4', 2: 'layer2+3', 3: 'encap2+3', 4: 'encap3+4', 5: 'vlan+srcmac' } as const;
/** AD_LACP_SLOW / AD_LACP_FAST */
export const BOND_LACP_RATES = { 0: 'slow', 1: 'fast' } as const;
/** BOND_AD_STABLE / BANDWIDTH / COUNT */
export const BOND_AD_SELECT = { 0: 'stable', 1: 'bandwidth', 2: 'count' } as const;
/** BOND_STATE_* of a port */
export const BOND_PORT_STATES = { 0: 'active', 1: 'backup' } as const;
/** BOND_LINK_* (a port's MII status) */
export const BOND_PORT_MII_STATUS = { 0: 'up', 1: 'fail', 2: 'down', 3: 'back' } as const;
/** IPVLAN_MODE_* */
export const IPVLAN_MODES = { 0: 'l2', 1: 'l3', 2: 'l3s' } as const;
/** IPVLAN_F_* (neither: bridge) */
export const IPVLAN_FLAGS = { 1: 'private', 2: 'vepa' } as const;
/** IFF_TUN / IFF_TAP (IFLA_TUN_TYPE) */
export const TUN_TYPES = { 1: 'tun', 2: 'tap' } as const;
/** enum netkit_action as IFLA_NETKIT_POLICY takes it */
export const NETKIT_POLICIES = { 0: 'forward', 2: 'blackhole' } as const;
/** enum netkit_mode */
export const NETKIT_MODES = { 0: 'l2', 1: 'l3' } as const;
/** enum netkit_scrub */
export const NETKIT_SCRUB = { 0: 'none', 1: 'default' } as const;

/** IFLA_BOND_AD_INFO_*: the 802.3ad aggregator a bond uses. */
export const bondAdInfo = attributeSet('bond ad info', {
  aggregator: { id: 1, type: 'u16' },
  numPorts: { id: 2, type: 'u16' },
  actorKey: { id: 3, type: 'u16' },
  partnerKey: { id: 4, type: 'u16' },
  partnerMac: { id: 5, type: linkLayerAddress },
});

/** IFLA_BOND_* (IFLA_INFO_DATA of a bond). Times are in milliseconds; `activeSlave` and `primary` are ifindexes. */
export const bondData = attributeSet('bond', {
  /** The bonding mode. */
  mode: { id: 1, type: enumOf('bond mode', 'u8', BOND_MODES) },
  /** The ifindex of the active port (active-backup, balance-tlb/alb; 0: none). */
  activeSlave: { id: 2, type: 'u32' },
  /** MII link monitoring interval, ms (0: off). */
  miimon: { id: 3, type: 'u32' },
  /** How long a port must be up before it is used, ms. */
  updelay: { id: 4, type: 'u32' },
  /** How long a port must be down before it is dropped, ms. */
  downdelay: { id: 5, type: 'u32' },
  /** 1: miimon reads the carrier; 0: MII ioctls. */
  useCarrier: { id: 6, type: 'u8' },
  /** ARP monitoring interval, ms (0: off). */
  arpInterval: { id: 7, type: 'u32' },
  /** Up to 16 IPv4 addresses, in a nest whose attribute types are their indexes from 0. */
  arpIpTarget: { id: 8, type: indexed(ipv4Address, 0) },
  /** Which ARP replies validate a port. */
  arpValidate: { id: 9, type: enumOf('bond arp validate', 'u32', BOND_ARP_VALIDATE) },
  /** Whether any or all ARP targets must answer. */
  arpAllTargets: { id: 10, type: enumOf('bond arp all targets', 'u32', BOND_ARP_ALL_TARGETS) },
  /** The ifindex of the preferred port (0: none). */
  primary: { id: 11, type: 'u32' },
  /** When the primary port becomes active again. */
  primaryReselect: { id: 12, type: enumOf('bond primary reselect', 'u8', BOND_PRIMARY_RESELECT) },
  /** How the MAC address follows failovers. */
  failOverMac: { id: 13, type: enumOf('bond fail over mac', 'u8', BOND_FAIL_OVER_MAC) },
  /** How packets are hashed to ports. */
  xmitHashPolicy: { id: 14, type: enumOf('bond xmit hash policy', 'u8', BOND_XMIT_HASH_POLICIES) },
  /** IGMP reports sent after a failover. */
  resendIgmp: { id: 15, type: 'u32' },
  /** Peer notifications sent after a failover (ip: num_grat_arp). */
  numPeerNotif: { id: 16, type: 'u8' },
  /** 1: frames received on inactive ports are delivered too. */
  allSlavesActive: { id: 17, type: 'u8' },
  /** Ports that must be up for the bond to have a carrier. */
  minLinks: { id: 18, type: 'u32' },
  /** Seconds between learning packets (balance-tlb/alb). */
  lpInterval: { id: 19, type: 'u32' },
  /** Packets sent through a port before the next (balance-rr). */
  packetsPerSlave: { id: 20, type: 'u32' },
  /** How often the partner should send LACPDUs (802.3ad). */
  adLacpRate: { id: 21, type: enumOf('bond lacp rate', 'u8', BOND_LACP_RATES) },
  /** How the active aggregator is chosen (802.3ad). */
  adSelect: { id: 22, type: enumOf('bond ad select', 'u8', BOND_AD_SELECT) },
  /** The active aggregator (802.3ad). */
  adInfo: { id: 23, type: nested(bondAdInfo) },
  /** The system priority in LACPDUs (802.3ad). */
  adActorSysPrio: { id: 24, type: 'u16' },
  /** The upper bits of the port key (802.3ad). */
  adUserPortKey: { id: 25, type: 'u16' },
  /** The system MAC address in LACPDUs (802.3ad). */
  adActorSystem: { id: 26, type: linkLayerAddress },
  /** 1: balance by load (balance-tlb). */
  tlbDynamicLb: { id: 27, type: 'u8' },
  /** Delay between peer notifications, ms. */
  peerNotifDelay: { id: 28, type: 'u32' },
  /** 1: send LACPDUs; 0: only answer them (802.3ad). */
  adLacpActive: { id: 29, type: 'u8' },
  /** ARP probes that may go unanswered before a port is down. */
  missedMax: { id: 30, type: 'u8' },
  /** Up to 16 IPv6 addresses, in a nest whose attribute types are their indexes from 0. */
  nsIp6Target: { id: 31, type: indexed(ipv6Address, 0) },
  /** 1: the mux state machine couples collecting and distributing (802.3ad). */
  coupledControl: { id: 32, type: 'u8' },
});

/** IFLA_BOND_SLAVE_* (IFLA_INFO_SLAVE_DATA of a bond's port). */
export const bondPortData = attributeSet('bond port', {
  /** The port's state: 'active' or 'backup'. */
  state: { id: 1, type: enumOf('bond port state', 'u8', BOND_PORT_STATES) },
  /** The port's link: 'up', 'fail' (going down), 'down' or 'back' (coming back). */
  miiStatus: { id: 2, type: enumOf('bond port mii status', 'u8', BOND_PORT_MII_STATUS) },
  /** How many times the link failed. */
  linkFailureCount: { id: 3, type: 'u32' },
  /** The port's own MAC address (the bond may have changed it). */
  permHwaddr: { id: 4, type: linkLayerAddress },
  /** The transmit queue the port is mapped to. */
  queueId: { id: 5, type: 'u16' },
  /** The 802.3ad aggregator the port is in. */
  adAggregatorId: { id: 6, type: 'u16' },
  /** LACP_STATE_* bits of the actor's port. */
  adActorOperPortState: { id: 7, type: 'u8' },
  /** LACP_STATE_* bits of the partner's port. */
  adPartnerOperPortState: { id: 8, type: 'u16' },
  /** The port's priority for choosing the active port (negative: less preferred). */
  prio: { id: 9, type: 's32' },
  /** The port's 802.3ad actor priority. */
  actorPortPrio: { id: 10, type: 'u16' },
  /** The actor's churn state (802.3ad). */
  adChurnActorState: { id: 11, type: 'u8' },
  /** The partner's churn state (802.3ad). */
  adChurnPartnerState: { id: 12, type: 'u8' },
});

/** IFLA_IPVLAN_* (ipvlan and ipvtap). */
export const ipvlanData = attributeSet('ipvlan', {
  /** 'l2', 'l3' or 'l3s'. */
  mode: { id: 1, type: enumOf('ipvlan mode', 'u16', IPVLAN_MODES) },
  /** 'private' or 'vepa' (neither: bridge). */
  flags: { id: 2, type: flagsOf('ipvlan flags', 'u16', IPVLAN_FLAGS) },
});

/** IFLA_VRF_* */
export const vrfData = attributeSet('vrf', {
  /** The routing table of the VRF. */
  table: { id: 1, type: 'u32' },
});

/** IFLA_VRF_PORT_* (IFLA_INFO_SLAVE_DATA of a vrf's port). */
export const vrfPortData = attributeSet('vrf port', {
  /** The routing table of the port's VRF. */
  table: { id: 1, type: 'u32' },
});

/** IFLA_TUN_* (the kernel reports them; tun/tap devices are created through /dev/net/tun, not rtnetlink). */
export const tunData = attributeSet('tun', {
  /** The uid allowed to attach (absent: any). */
  owner: { id: 1, type: 'u32' },
  /** The gid allowed to attach (absent: any). */
  group: { id: 2, type: 'u32' },
  /** 'tun' (IP packets) or 'tap' (Ethernet frames). */
  type: { id: 3, type: enumOf('tun type', 'u8', TUN_TYPES) },
  /** 1: packets carry the 4-byte packet information header. */
  pi: { id: 4, type: 'u8' },
  /** 1: packets carry a virtio-net header. */
  vnetHdr: { id: 5, type: 'u8' },
  /** 1: the device outlives the process that made it. */
  persist: { id: 6, type: 'u8' },
  /** 1: several file descriptors may attach (one queue each). */
  multiQueue: { id: 7, type: 'u8' },
  /** Attached queues. */
  numQueues: { id: 8, type: 'u32' },
  /** Attached but disabled queues. */
  numDisabledQueues: { id: 9, type: 'u32' },
});

/** IFLA_NETKIT_* (Linux 6.7+). */
export const netkitData = attributeSet('netkit', {
  /** The peer's ifinfomsg and attributes, in requests; kept as bytes. */
  peerInfo: { id: 1, type: 'binary' },
  /** 1: this end is the primary (it holds the settings). */
  primary: { id: 2, type: 'u8' },
  /** What happens to packets no BPF program decided on: 'forward' or 'blackhole'. */
  policy: { id: 3, type: enumOf('netkit policy', 'u32', NETKIT_POLICIES) },
  /** The peer's policy. */
  peerPolicy: { id: 4, type: enumOf('netkit policy', 'u32', NETKIT_POLICIES) },
  /** 'l2' (Ethernet) or 'l3' (IP). */
  mode: { id: 5, type: enumOf('netkit mode', 'u32', NETKIT_MODES) },
  /** 'default': skb mark and priority are cleared crossing namespaces; 'none': kept. */
  scrub: { id: 6, type: enumOf('netkit scrub', 'u32', NETKIT_SCRUB) },
  /** The peer's scrubbing. */
  peerScrub: { id: 7, type: enumOf('netkit scrub', 'u32', NETKIT_SCRUB) },
  /** Extra headroom the device asks for, bytes. */
  headroom: { id: 8, type: 'u16' },
  /** Extra tailroom the device asks for, bytes. */
  tailroom: { id: 9, type: 'u16' },
});

/** IFLA_INFO_DATA by kind, for linkinfo's table. */
export const DEVICE_KIND_DATA = {
  bond: nested(bondData),
  ipvlan: nested(ipvlanData),
  ipvtap: nested(ipvlanData),
  vrf: nested(vrfData),
  tun: nested(tunData),
  netkit: nested(netkitData),
} as const;

/** IFLA_INFO_SLAVE_DATA by the master's kind, for linkinfo's table. */
export const DEVICE_KIND_PORT_DATA = {
  bond: nested(bondPortData),
  vrf: nested(vrfPortData),
} as const;

/** What every decoded set of this file has besides its fields. */
export interface KeepsUnknown {
  /** Attributes newer than this library, kept as sent ({ type, value }). */
  unknownAttributes?: RawAttribute[];
}

/** IFLA_INFO_DATA of a bond (IFLA_BOND_*). */
export interface BondData extends SetValue<typeof bondData>, KeepsUnknown {}
/** IFLA_INFO_SLAVE_DATA of a bond's port (IFLA_BOND_SLAVE_*). */
export interface BondPortData extends SetValue<typeof bondPortData>, KeepsUnknown {}
/** IFLA_INFO_DATA of an ipvlan or ipvtap (IFLA_IPVLAN_*). */
export interface IpvlanData extends SetValue<typeof ipvlanData>, KeepsUnknown {}
/** IFLA_INFO_DATA of a vrf (IFLA_VRF_*). */
export interface VrfData extends SetValue<typeof vrfData>, KeepsUnknown {}
/** IFLA_INFO_SLAVE_DATA of a vrf's port (IFLA_VRF_PORT_*). */
export interface VrfPortData extends SetValue<typeof vrfPortData>, KeepsUnknown {}
/** IFLA_INFO_DATA of a tun or tap (IFLA_TUN_*). */
export interface TunData extends SetValue<typeof tunData>, KeepsUnknown {}
/** IFLA_INFO_DATA of a netkit (IFLA_NETKIT_*). */
export interface NetkitData extends SetValue<typeof netkitData>, KeepsUnknown {}

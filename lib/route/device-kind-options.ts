// The typed options of the virtual device kinds a LinkSpec can create (bond, ipvlan/ipvtap, vrf), in ip's
// vocabulary (`ip link add NAME type bond mode active-backup miimon 100`), and their IFLA_INFO_DATA. dummy, ifb,
// nlmon, team and wireguard take no options; tun/tap are made through /dev/net/tun, netkit is not offered (no
// kernel this project tests on can create one).
import { isIPv4, isIPv6 } from 'net';
import { RouteInputError, tableNumber } from './inputs';
import { boolean, defined, flag, integer, kindOptions, oneOf } from './link-kind-options';
import {
  BOND_AD_SELECT,
  BOND_ARP_ALL_TARGETS,
  BOND_ARP_VALIDATE,
  BOND_FAIL_OVER_MAC,
  BOND_LACP_RATES,
  BOND_MODES,
  BOND_PRIMARY_RESELECT,
  BOND_XMIT_HASH_POLICIES,
} from './messages/device-kinds';

/** The names of an enumeration table (number → name). */
export type EnumNames<T extends Record<number, string>> = T[keyof T];
/** A bond's mode, as `ip link ... type bond mode` names it. */
export type BondMode = EnumNames<typeof BOND_MODES>;
/** How a bond hashes packets to ports (`xmit_hash_policy`). */
export type BondXmitHashPolicy = EnumNames<typeof BOND_XMIT_HASH_POLICIES>;
/** Which ARP replies validate a port (`arp_validate`). */
export type BondArpValidate = EnumNames<typeof BOND_ARP_VALIDATE>;
/** Whether any or all ARP targets must answer (`arp_all_targets`). */
export type BondArpAllTargets = EnumNames<typeof BOND_ARP_ALL_TARGETS>;
/** When the primary port becomes active again (`primary_reselect`). */
export type BondPrimaryReselect = EnumNames<typeof BOND_PRIMARY_RESELECT>;
/** How a bond's MAC address follows failovers (`fail_over_mac`). */
export type BondFailOverMac = EnumNames<typeof BOND_FAIL_OVER_MAC>;
/** How often the 802.3ad partner should send LACPDUs (`lacp_rate`). */
export type BondLacpRate = EnumNames<typeof BOND_LACP_RATES>;
/** How the 802.3ad aggregator is chosen (`ad_select`). */
export type BondAdSelect = EnumNames<typeof BOND_AD_SELECT>;

/** `ip link add ... type bond` options (IFLA_BOND_*). Times are in milliseconds. */
export interface BondOptions {
  /** The bonding mode (the kernel's default is `'balance-rr'`). */
  mode?: BondMode;
  /** How often to check the ports' carrier (MII monitoring), in ms; 0 turns it off. */
  miimon?: number;
  /** How long a port must be up before it is used, in ms (a multiple of miimon). */
  updelay?: number;
  /** How long a port must be down before it is dropped, in ms (a multiple of miimon). */
  downdelay?: number;
  /** How long to wait between peer notifications after a failover, in ms. */
  peerNotifyDelay?: number;
  /** Use the ports' carrier state (true) or MII ioctls (false) for miimon. */
  useCarrier?: boolean;
  /** How often to send ARP probes, in ms; 0 turns ARP monitoring off. */
  arpInterval?: number;
  /** The IPv4 addresses ARP monitoring probes (at most 16). */
  arpIpTarget?: string[];
  /** The IPv6 addresses NS monitoring probes (at most 16). */
  nsIp6Target?: string[];
  /** Which ARP replies validate a port. */
  arpValidate?: BondArpValidate;
  /** Whether any or all ARP targets must answer. */
  arpAllTargets?: BondArpAllTargets;
  /** How many ARP probes may go unanswered before a port is down (`arp_missed_max`). */
  arpMissedMax?: number;
  /** When the primary port becomes active again. */
  primaryReselect?: BondPrimaryReselect;
  /** How the bond's MAC address follows failovers (active-backup). */
  failOverMac?: BondFailOverMac;
  /** How packets are hashed to ports (balance-xor, 802.3ad, balance-tlb). */
  xmitHashPolicy?: BondXmitHashPolicy;
  /** How many IGMP membership reports to send after a failover. */
  resendIgmp?: number;
  /** How many peer notifications to send after a failover (`num_grat_arp`). */
  numPeerNotif?: number;
  /** Deliver frames received on inactive ports too. */
  allSlavesActive?: boolean;
  /** How many ports must be up for the bond to have a carrier. */
  minLinks?: number;
  /** How often to send learning packets, in seconds (balance-tlb, balance-alb). */
  lpInterval?: number;
  /** How many packets to send through a port before the next one (balance-rr). */
  packetsPerSlave?: number;
  /** How often the partner should send LACPDUs (802.3ad). */
  lacpRate?: BondLacpRate;
  /** Send LACPDUs (true) or only answer them (false) (802.3ad). */
  lacpActive?: boolean;
  /** How the active aggregator is chosen (802.3ad). */
  adSelect?: BondAdSelect;
  /** The system priority in LACPDUs (802.3ad). */
  adActorSysPrio?: number;
  /** The upper 10 bits of the port key (802.3ad). */
  adUserPortKey?: number;
  /** The system MAC address in LACPDUs (802.3ad). */
  adActorSystem?: string;
  /** Balance transmissions by load (true) or by hash only (false) (balance-tlb). */
  tlbDynamicLb?: boolean;
}

/** `ip link add ... link PARENT type ipvlan|ipvtap` options (IFLA_IPVLAN_*). */
export interface IpvlanOptions {
  /** `'l2'`, `'l3'` (the kernel's default) or `'l3s'`. */
  mode?: 'l2' | 'l3' | 'l3s';
  /** How siblings reach each other: `'bridge'` (the default), `'private'` or `'vepa'`. */
  flag?: 'bridge' | 'private' | 'vepa';
}

/** `ip link add ... type vrf table N` options (IFLA_VRF_*). */
export interface VrfOptions {
  /** The routing table the VRF uses (a number, or a name in /etc/iproute2/rt_tables). */
  table: number | string;
}

/** The options of the kinds this file knows, as LinkSpec members. */
export interface DeviceKindOptions {
  /** Options of a bond. */
  bond?: BondOptions;
  /** Options of an ipvlan or ipvtap (needs `link`, the parent). */
  ipvlan?: IpvlanOptions;
  /** Options of a vrf (its table: required by the kernel). */
  vrf?: VrfOptions;
}

/** The kinds this file adds to the ones a LinkSpec knows. */
export type DeviceLinkKind = 'bond' | 'ipvlan' | 'ipvtap' | 'vrf' | 'team' | 'wireguard';

const names = <T extends Record<number, string>>(table: T): Array<EnumNames<T>> => Object.values(table) as Array<EnumNames<T>>;
const U32 = 0xffffffff;

function addresses(what: string, value: unknown, check: (a: string) => boolean, family: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 16 || !value.every((a) => typeof a === 'string' && check(a))) {
    throw new RouteInputError(`${what}: expected an array of at most 16 ${family} addresses, got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

function bondData(b: BondOptions): object {
  const mac = b.adActorSystem;
  if (mac !== undefined && (typeof mac !== 'string' || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac))) {
    throw new RouteInputError(`bond adActorSystem: ${JSON.stringify(mac)} is not a MAC address like 02:00:00:00:00:01`);
  }
  return defined({
    mode: oneOf('bond mode', b.mode, names(BOND_MODES)),
    miimon: integer('bond miimon', b.miimon, 0, U32),
    updelay: integer('bond updelay', b.updelay, 0, U32),
    downdelay: integer('bond downdelay', b.downdelay, 0, U32),
    peerNotifDelay: integer('bond peerNotifyDelay', b.peerNotifyDelay, 0, U32),
    useCarrier: flag(boolean('bond useCarrier', b.useCarrier)),
    arpInterval: integer('bond arpInterval', b.arpInterval, 0, U32),
    arpIpTarget: addresses('bond arpIpTarget', b.arpIpTarget, isIPv4, 'IPv4'),
    nsIp6Target: addresses('bond nsIp6Target', b.nsIp6Target, isIPv6, 'IPv6'),
    arpValidate: oneOf('bond arpValidate', b.arpValidate, names(BOND_ARP_VALIDATE)),
    arpAllTargets: oneOf('bond arpAllTargets', b.arpAllTargets, names(BOND_ARP_ALL_TARGETS)),
    missedMax: integer('bond arpMissedMax', b.arpMissedMax, 1, 255),
    primaryReselect: oneOf('bond primaryReselect', b.primaryReselect, names(BOND_PRIMARY_RESELECT)),
    failOverMac: oneOf('bond failOverMac', b.failOverMac, names(BOND_FAIL_OVER_MAC)),
    xmitHashPolicy: oneOf('bond xmitHashPolicy', b.xmitHashPolicy, names(BOND_XMIT_HASH_POLICIES)),
    resendIgmp: integer('bond resendIgmp', b.resendIgmp, 0, U32),
    numPeerNotif: integer('bond numPeerNotif', b.numPeerNotif, 0, 255),
    allSlavesActive: flag(boolean('bond allSlavesActive', b.allSlavesActive)),
    minLinks: integer('bond minLinks', b.minLinks, 0, U32),
    lpInterval: integer('bond lpInterval', b.lpInterval, 1, U32),
    packetsPerSlave: integer('bond packetsPerSlave', b.packetsPerSlave, 0, 65535),
    adLacpRate: oneOf('bond lacpRate', b.lacpRate, names(BOND_LACP_RATES)),
    adLacpActive: flag(boolean('bond lacpActive', b.lacpActive)),
    adSelect: oneOf('bond adSelect', b.adSelect, names(BOND_AD_SELECT)),
    adActorSysPrio: integer('bond adActorSysPrio', b.adActorSysPrio, 1, 65535),
    adUserPortKey: integer('bond adUserPortKey', b.adUserPortKey, 0, 1023),
    adActorSystem: mac,
    tlbDynamicLb: flag(boolean('bond tlbDynamicLb', b.tlbDynamicLb)),
  });
}

/** The registry entries of bond, ipvlan/ipvtap and vrf options. */
export const DEVICE_KIND_OPTIONS = [
  kindOptions<BondOptions>('bond', ['bond'], (b) => bondData(b)),
  kindOptions<IpvlanOptions>('ipvlan', ['ipvlan', 'ipvtap'], (o) => {
    const flagName = oneOf('ipvlan flag', o.flag, ['bridge', 'private', 'vepa'] as const);
    return defined({
      mode: oneOf('ipvlan mode', o.mode, ['l2', 'l3', 'l3s'] as const),
      flags: flagName === undefined ? undefined : flagName === 'bridge' ? [] : [flagName],
    });
  }),
  kindOptions<VrfOptions>('vrf', ['vrf'], (o) => {
    if (o.table === undefined) throw new RouteInputError('vrf: `table` is required (the routing table the VRF uses)');
    const table = tableNumber(o.table);
    if (table === 0) throw new RouteInputError('vrf: table 0 is not a table a VRF can use');
    return { table };
  }),
];

// The names iproute2 prints for numbers (lib/rt_names.c, ll_types.c, ipaddress.c), so our output reads the same:
// scope 0 is "global" (not "universe"), table 254 "main", an unknown protocol its number as a string. Like ip,
// the administrator's own names in /etc/iproute2 (rt_tables, rt_protos, rt_scopes, group) are honoured.
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { formatIPv4, formatIPv6 } from '../../core/values';

const CONFIG_DIR = '/etc/iproute2';

type NameTable = Map<number, string>;

/** Reads "NUMBER NAME" lines (ip's format: decimal or 0x hex, # comments); a missing file adds nothing. */
function readNameFile(table: NameTable, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const line of text.split('\n')) {
    const match = /^\s*(0x[0-9a-f]+|[0-9]+)\s+([^\s#]+)/i.exec(line);
    if (match) table.set(Number(match[1]), match[2]);
  }
}

function loadTable(defaults: Array<[number, string]>, file: string): NameTable {
  const table: NameTable = new Map(defaults);
  readNameFile(table, join(CONFIG_DIR, file));
  let extra: string[] = [];
  try {
    extra = readdirSync(join(CONFIG_DIR, `${file}.d`)).filter((f) => f.endsWith('.conf')).sort();
  } catch {
    // no drop-in directory
  }
  for (const f of extra) readNameFile(table, join(CONFIG_DIR, `${file}.d`, f));
  return table;
}

function lazy(build: () => NameTable): () => NameTable {
  let table: NameTable | undefined;
  return () => (table ??= build());
}

const tables = lazy(() => loadTable([[0, 'unspec'], [253, 'default'], [254, 'main'], [255, 'local']], 'rt_tables'));
const protocols = lazy(() =>
  loadTable(
    [
      [0, 'unspec'], [1, 'redirect'], [2, 'kernel'], [3, 'boot'], [4, 'static'], [8, 'gated'], [9, 'ra'], [10, 'mrt'],
      [11, 'zebra'], [12, 'bird'], [13, 'dnrouted'], [14, 'xorp'], [15, 'ntk'], [16, 'dhcp'], [18, 'keepalived'],
      [42, 'babel'], [99, 'openr'], [186, 'bgp'], [187, 'isis'], [188, 'ospf'], [189, 'rip'], [192, 'eigrp'],
    ],
    'rt_protos',
  ),
);
const scopes = lazy(() => loadTable([[0, 'global'], [200, 'site'], [253, 'link'], [254, 'host'], [255, 'nowhere']], 'rt_scopes'));
const groups = lazy(() => loadTable([[0, 'default']], 'group'));
const dsfields = lazy(() => loadTable([], 'rt_dsfield'));
const realms = lazy(() => loadTable([[0, 'cosmos']], 'rt_realms'));

function lookup(table: NameTable, id: number): string {
  return table.get(id) ?? String(id);
}

export const tableName = (id: number): string => lookup(tables(), id);
export const protocolName = (id: number): string => lookup(protocols(), id);
export const scopeName = (id: number): string => lookup(scopes(), id);
export const groupName = (id: number): string => lookup(groups(), id);
export const realmName = (id: number): string => lookup(realms(), id);
/** A TOS / DS field: its name from rt_dsfield, else two hex digits as ip prints it. */
export const dsfieldName = (id: number): string => dsfields().get(id) ?? `0x${id.toString(16).padStart(2, '0')}`;

const ROUTE_TYPES = ['none', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];
export const routeTypeName = (id: number): string => ROUTE_TYPES[id] ?? String(id);

const FAMILIES: Record<number, string> = { 0: 'unspec', 1: 'unix', 2: 'inet', 7: 'bridge', 10: 'inet6', 17: 'link', 28: 'mpls' };
export const familyName = (id: number): string => FAMILIES[id] ?? `af${id}`;

/** ip's print_0xhex in JSON: "%#llx", so zero is "0" and everything else "0x..". */
export const hex = (n: number | bigint): string => (n === 0 || n === 0n ? '0' : `0x${n.toString(16)}`);

// ---- links ----------------------------------------------------------------------------------------------------

/** IFF_* in the order ip prints them; IFF_RUNNING is shown only through NO-CARRIER. */
const LINK_FLAGS: Array<[number, string]> = [
  [0x8, 'LOOPBACK'], [0x2, 'BROADCAST'], [0x10, 'POINTOPOINT'], [0x1000, 'MULTICAST'], [0x80, 'NOARP'],
  [0x200, 'ALLMULTI'], [0x100, 'PROMISC'], [0x400, 'MASTER'], [0x800, 'SLAVE'], [0x4, 'DEBUG'], [0x8000, 'DYNAMIC'],
  [0x4000, 'AUTOMEDIA'], [0x2000, 'PORTSEL'], [0x20, 'NOTRAILERS'], [0x1, 'UP'], [0x10000, 'LOWER_UP'],
  [0x20000, 'DORMANT'], [0x40000, 'ECHO'],
];
const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;

/** ip's link flag list: NO-CARRIER when up without carrier, then the set flags, then any unknown bits in hex. */
export function linkFlagNames(flags: number): string[] {
  const names: string[] = [];
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) names.push('NO-CARRIER');
  let rest = flags & ~IFF_RUNNING;
  for (const [bit, name] of LINK_FLAGS) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(rest.toString(16));
  return names;
}

const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];
export const operstateName = (id: number): string => OPERSTATES[id] ?? String(id);

const LINK_MODES = ['DEFAULT', 'DORMANT', 'TESTING'];
export const linkModeName = (id: number): string => LINK_MODES[id] ?? 'none';

// ARPHRD_* as ip's ll_type_n2a names them (the common ones; others print as "[N]" like ip does).
const LINK_TYPES: Record<number, string> = {
  0: 'netrom', 1: 'ether', 2: 'eether', 3: 'ax25', 4: 'pronet', 5: 'chaos', 6: 'ieee802', 7: 'arcnet',
  8: 'atalk', 15: 'dlci', 19: 'atm', 23: 'metricom', 24: 'ieee1394', 27: 'eui64', 32: 'infiniband',
  256: 'slip', 257: 'cslip', 258: 'slip6', 259: 'cslip6', 260: 'rsrvd', 264: 'adapt', 270: 'rose', 271: 'x25',
  272: 'hwx25', 280: 'can', 512: 'ppp', 513: 'hdlc', 516: 'lapb', 517: 'ddcmp', 518: 'rawhdlc', 768: 'ipip',
  769: 'tunnel6', 770: 'frad', 771: 'skip', 772: 'loopback', 773: 'localtlk', 774: 'fddi', 775: 'bif',
  776: 'sit', 777: 'ip/ddp', 778: 'gre', 779: 'pimreg', 780: 'hippi', 781: 'ash', 782: 'econet', 783: 'irda',
  784: 'fcpp', 785: 'fcal', 786: 'fcpl', 787: 'fcfb0', 800: 'tr', 801: 'ieee802.11', 802: 'ieee802.11/prism',
  803: 'ieee802.11/radiotap', 804: 'ieee802.15.4', 805: 'ieee802.15.4/monitor', 820: 'phonet', 821: 'phonet_pipe',
  822: 'caif', 823: 'gre6', 824: 'netlink', 825: '6lowpan', 826: 'vsockmon', 65534: 'none', 65535: 'void',
};
export const linkTypeName = (id: number): string => LINK_TYPES[id] ?? `[${id}]`;

/**
 * ip's ll_addr_n2a: the link-layer address of an IP tunnel device is its endpoint, printed as an IP address
 * (ipip, sit, gre: 4 bytes; tunnel6, ip6gre: 16 bytes); every other one as colon-separated hex.
 */
export function linkAddressText(address: string, type: number): string {
  const octets = address.split(':');
  if (octets.length === 4 && (type === 768 || type === 776 || type === 778)) return formatIPv4(Uint8Array.from(octets, (o) => parseInt(o, 16)), 0);
  if (octets.length === 16 && (type === 769 || type === 823)) return formatIPv6(Uint8Array.from(octets, (o) => parseInt(o, 16)), 0);
  return address;
}

// ---- addresses ------------------------------------------------------------------------------------------------

export const IFA_F_SECONDARY = 0x01;
export const IFA_F_DEPRECATED = 0x20;
export const IFA_F_PERMANENT = 0x80;
/** IFA_F_* in ip's order (print_ifa_flags); permanent is printed inverted, as "dynamic". */
export const ADDRESS_FLAGS: Array<[number, string]> = [
  [0x01, 'secondary'], [0x02, 'nodad'], [0x04, 'optimistic'], [0x08, 'dadfailed'], [0x10, 'home'],
  [0x20, 'deprecated'], [0x40, 'tentative'], [0x80, 'permanent'], [0x100, 'mngtmpaddr'], [0x200, 'noprefixroute'],
  [0x400, 'autojoin'], [0x800, 'stable-privacy'],
];

// ---- neighbours -----------------------------------------------------------------------------------------------

/** NUD_* in ip's order. */
export const NEIGHBOUR_STATES: Array<[number, string]> = [
  [0x01, 'INCOMPLETE'], [0x02, 'REACHABLE'], [0x04, 'STALE'], [0x08, 'DELAY'], [0x10, 'PROBE'], [0x20, 'FAILED'],
  [0x40, 'NOARP'], [0x80, 'PERMANENT'],
];

export function neighbourStateNames(state: number): string[] {
  if (state === 0) return ['NONE'];
  const names: string[] = [];
  let rest = state;
  for (const [bit, name] of NEIGHBOUR_STATES) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

// ---- routes ---------------------------------------------------------------------------------------------------

/** RTAX_* names as ip prints metrics (mx_names). */
export const METRIC_NAMES: Record<number, string> = {
  2: 'mtu', 3: 'window', 4: 'rtt', 5: 'rttvar', 6: 'ssthresh', 7: 'cwnd', 8: 'advmss', 9: 'reordering',
  10: 'hoplimit', 11: 'initcwnd', 12: 'features', 13: 'rto_min', 14: 'initrwnd', 15: 'quickack', 16: 'congctl',
  17: 'fastopen_no_cookie',
};

/** rtm_flags / rtnh_flags as ip's print_rt_flags lists them. */
export const ROUTE_FLAGS: Array<[number, string]> = [
  [0x1, 'dead'], [0x4, 'onlink'], [0x2, 'pervasive'], [0x8, 'offload'], [0x40, 'trap'], [0x100, 'notify'],
  [0x10, 'linkdown'], [0x20, 'unresolved'], [0x4000, 'rt_offload'], [0x8000, 'rt_trap'], [0x20000000, 'rt_offload_failed'],
];

/** RTCF_* of a cloned (cached) route, as ip's print_cache_flags names them. */
export const CACHE_FLAGS: Array<[number, string]> = [
  [0x80000000, 'local'], [0x40000000, 'reject'], [0x20000000, 'multicast'], [0x10000000, 'broadcast'],
  [0x08000000, 'dst-nat'], [0x00800000, 'src-nat'], [0x00400000, 'masq'], [0x04000000, 'dst-direct'],
  [0x00040000, 'redirect'], [0x01000000, 'redirect'], [0x00010000, 'notify'],
];

export const ROUTE_PREFERENCES: Record<number, string> = { 0: 'medium', 1: 'high', 3: 'low' };

// iproute2's lib/ll_proto.c table, in its order (the first name of a number wins).
const ETHER_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x0060, 'loop'], [0x0200, 'pup'], [0x0201, 'pupat'], [0x0800, 'ip'], [0x0805, 'x25'], [0x0806, 'arp'], [0x08ff, 'bpq'],
  [0x0a00, 'ieeepup'], [0x0a01, 'ieeepupat'], [0x6000, 'dec'], [0x6001, 'dna_dl'], [0x6002, 'dna_rc'], [0x6003, 'dna_rt'],
  [0x6004, 'lat'], [0x6005, 'diag'], [0x6006, 'cust'], [0x6007, 'sca'], [0x8035, 'rarp'], [0x809b, 'atalk'], [0x80f3, 'aarp'],
  [0x8137, 'ipx'], [0x86dd, 'ipv6'], [0x8863, 'ppp_disc'], [0x8864, 'ppp_ses'], [0x884c, 'atmmpoa'], [0x8884, 'atmfate'],
  [0x0001, '802_3'], [0x0002, 'ax25'], [0x0003, 'all'], [0x0004, '802_2'], [0x0005, 'snap'], [0x0006, 'ddcmp'],
  [0x0007, 'wan_ppp'], [0x0008, 'ppp_mp'], [0x0009, 'localtalk'], [0x000c, 'can'], [0x0010, 'ppptalk'], [0x0011, 'tr_802_2'],
  [0x0015, 'mobitex'], [0x0016, 'control'], [0x0017, 'irda'], [0x0018, 'econet'], [0x88ca, 'tipc'], [0x8892, 'profinet'],
  [0x88a2, 'aoe'], [0x88a4, 'ethercat'], [0x8100, '802.1Q'], [0x88a8, '802.1ad'], [0x8847, 'mpls_uc'], [0x8848, 'mpls_mc'],
  [0x6558, 'teb'], [0x88cc, 'LLDP'],
];

/** ip's ll_proto_n2a: the name of an Ethernet protocol number, or undefined when ip has none (it prints [N]). */
/** ll_proto_a2n: an Ethernet protocol's number by its name (any case), as ss reads `link:NAME`. */
export function etherProtocolNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  for (const [n, known] of ETHER_NAMES) if (known.toLowerCase() === lower) return n;
  return undefined;
}

export function etherProtocolName(protocol: number): string | undefined {
  for (const [n, name] of ETHER_NAMES) if (n === protocol) return name;
  return undefined;
}

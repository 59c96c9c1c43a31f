// The users' specs, not the wire's (those are lib/core/spec): what users hand to the client's create/change/delete
// calls, in `ip`'s vocabulary, and its translation into the message encoders' inputs (./messages): names become
// indexes, prefixes split into address and length, table, protocol, scope, type and state names become numbers.
import type { AddressInput } from './messages/address';
import type { NeighbourInput } from './messages/neighbour';
import type { RuleInput } from './messages/rule';
import type { LinkInput } from './messages/link';
import { RouteMetric } from './messages/route';
import type { Nexthop, Route, RouteInput, RouteMetrics, Via } from './messages/route';
import { ADDRESS_FAMILIES, ADDRESS_FLAGS, NEIGHBOUR_FLAGS, NEIGHBOUR_STATES, ROUTE_PROTOCOLS, ROUTE_SCOPES, ROUTE_TYPES, RULE_ACTIONS } from './constants';
import { DEVICE_KIND_OPTIONS, DeviceKindOptions, DeviceLinkKind } from './device-kind-options';
import { defined, flag, kindOptions, KindContext, KindOptions } from './link-kind-options';
import { TUNNEL_KIND_OPTIONS } from './tunnel-options';
import type { BareudpOptions, GeneveOptions, GreOptions, IpTunnelOptions, VtiOptions, XfrmOptions } from './tunnel-options';
import { AF_INET, AF_INET6, AF_UNSPEC, addressFamily, familyNumber, Family, parsePrefix, resolveName, RouteInputError, tableNumber } from './inputs';

/** An interface by name or by index. */
export type InterfaceRef = string | number;

/** A network namespace: a name under /run/netns (or a path), an open fd, or a process whose namespace to use. */
export type NetnsRef =
  | string
  | {
      /** An open file descriptor of the namespace (of /run/netns/NAME or /proc/PID/ns/net). */
      fd: number;
    }
  | {
      /** The id of a process whose network namespace to use. */
      pid: number;
    };

/** `ip link add ... type bridge` options (IFLA_BR_*). */
export interface BridgeOptions {
  /** Times in the kernel's units: hundredths of a second (as `ip link ... type bridge` takes them). */
  forwardDelay?: number;
  /** The interval between hello packets, in hundredths of a second. */
  helloTime?: number;
  /** The hello packet lifetime, in hundredths of a second. */
  maxAge?: number;
  /** How long FDB entries live, in hundredths of a second. */
  ageingTime?: number;
  /** Spanning tree on (1) or off (0). */
  stpState?: number;
  /** The bridge priority for spanning tree. */
  priority?: number;
  /** Filter by VLAN on the bridge's ports. */
  vlanFiltering?: boolean;
  /** The VLAN protocol: `'802.1Q'` or `'802.1ad'`. */
  vlanProtocol?: '802.1Q' | '802.1ad';
  /** The default port VLAN id of new ports. */
  vlanDefaultPvid?: number;
  /** IGMP/MLD snooping on or off. */
  multicastSnooping?: boolean;
}

/** `ip link add ... type vlan` options (IFLA_VLAN_*). */
export interface VlanOptions {
  /** The VLAN id (0-4094). */
  id: number;
  /** `'802.1Q'` (the default) or `'802.1ad'`. */
  protocol?: '802.1Q' | '802.1ad';
}

/** `ip link add ... type vxlan` options (IFLA_VXLAN_*). */
export interface VxlanOptions {
  /** The VNI. */
  id?: number;
  /** The source address of the tunnel. */
  local?: string;
  /** The unicast destination of the tunnel. */
  remote?: string;
  /** The multicast group of the tunnel. */
  group?: string;
  /** UDP destination port (4789 is IANA's). */
  port?: number;
  /** The underlying device. */
  dev?: InterfaceRef;
  /** The TTL of the outer packets. */
  ttl?: number;
  /** Learn remote addresses from incoming packets. */
  learning?: boolean;
}

/** `ip link add ... type macvlan|macvtap` options (IFLA_MACVLAN_*). */
export interface MacvlanOptions {
  /** `'private'`, `'vepa'`, `'bridge'`, `'passthru'` or `'source'`. */
  mode: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
}

/**
 * The link kinds this library knows: those with options of their own here (veth, bridge, vlan, vxlan, macvlan,
 * macvtap) or in ./device-kind-options (bond, ipvlan, ipvtap, vrf), and kinds that need none (dummy, ifb, nlmon,
 * team, wireguard). Any other kind the kernel has is a string too.
 */
export type KnownLinkKind = 'veth' | 'bridge' | 'vlan' | 'vxlan' | 'macvlan' | 'macvtap' | 'dummy' | 'ifb' | 'nlmon' | DeviceLinkKind | TunnelLinkKind;
/** The IP tunnel kinds with options of their own (./tunnel-options). */
export type TunnelLinkKind = 'gre' | 'gretap' | 'erspan' | 'ip6gre' | 'ip6gretap' | 'ip6erspan' | 'ipip' | 'sit' | 'ip6tnl' | 'vti' | 'vti6' | 'geneve' | 'bareudp' | 'xfrm';

/**
 * A link kind: one of {@link KnownLinkKind} (which editors offer), or any other kind name the kernel knows
 * (`'wireguard'`, `'bond'`, ...; `string & {}` keeps the known names listed).
 */
export type LinkKind = KnownLinkKind | (string & {});

/** `ip link add NAME [link PARENT] type KIND ...` */
export interface LinkSpec extends DeviceKindOptions {
  /** The new link's name (IFNAMSIZ: at most 15 bytes). */
  name: string;
  /** Its kind: `'veth'`, `'bridge'`, ... (`ip link add ... type KIND`). */
  kind: LinkKind;
  /** Bring the link up once created. */
  up?: boolean;
  /** The MTU. */
  mtu?: number;
  /** MAC address 'aa:bb:cc:dd:ee:ff'. */
  address?: string;
  /** The link-layer broadcast address. */
  broadcast?: string;
  /** The transmit queue length. */
  txqlen?: number;
  /** Enslave the link to this master (a bridge or bond). */
  master?: InterfaceRef;
  /** The parent device (vlan, macvlan). */
  link?: InterfaceRef;
  /** Create the link in another namespace. */
  netns?: NetnsRef;
  /** veth: the other end. */
  peer?: {
    /** The peer's name. */
    name: string;
    /** The peer's link-layer (MAC) address. */
    address?: string;
    /** The peer's MTU. */
    mtu?: number;
    /** Create the peer in another namespace. */
    netns?: NetnsRef;
    /** The peer's transmit queue length. */
    txqlen?: number;
  };
  /** Options of a bridge. */
  bridge?: BridgeOptions;
  /** Options of a vlan (its id). */
  vlan?: VlanOptions;
  /** Options of a vxlan. */
  vxlan?: VxlanOptions;
  /** Options of a macvlan or macvtap (its mode). */
  macvlan?: MacvlanOptions;
  /** Options of a gre, gretap, erspan, ip6gre, ip6gretap or ip6erspan tunnel. */
  gre?: GreOptions;
  /** Options of an ipip, sit or ip6tnl tunnel. */
  ipTunnel?: IpTunnelOptions;
  /** Options of a vti or vti6 tunnel. */
  vti?: VtiOptions;
  /** Options of a geneve tunnel. */
  geneve?: GeneveOptions;
  /** Options of a bareudp tunnel. */
  bareudp?: BareudpOptions;
  /** Options of an xfrm interface. */
  xfrm?: XfrmOptions;
}

/** `ip link set DEV ...`; `master: null` is `nomaster`. */
export interface LinkChanges {
  /** Bring the link up (true) or down (false). */
  up?: boolean;
  /** The new MTU. */
  mtu?: number;
  /** The new name. */
  name?: string;
  /** The new link-layer (MAC) address. */
  address?: string;
  /** Enslave to this master, or `null` to release (`nomaster`). */
  master?: InterfaceRef | null;
  /** Move the link into this network namespace. */
  netns?: NetnsRef;
  /** The new transmit queue length. */
  txqlen?: number;
  /** The new alias (`ip link set DEV alias TEXT`). */
  alias?: string;
}

/** An address lifetime in seconds, or `'forever'` (`ip addr ... valid_lft` / `preferred_lft`). */
export type Lifetime = number | 'forever';

/** `ip addr add ADDRESS/LEN dev LINK ...` */
export interface AddressSpec {
  /** 'a.b.c.d/len' or 'a:b::c/len' (a bare address is a host prefix). */
  address: string;
  /** The link the address goes on. */
  link: InterfaceRef;
  /** Point-to-point peer ('peer a.b.c.d[/len]'); then the prefix length applies to the peer. */
  peer?: string;
  /** The IPv4 broadcast address (`brd`). */
  broadcast?: string;
  /** The IPv4 label (`label NAME:ALIAS`). */
  label?: string;
  /** The scope: `'global'`/`'universe'`, `'link'`, `'host'`, or a number. */
  scope?: string | number;
  /** IFA_F_* names: 'nodad', 'noprefixroute', 'homeaddress', 'managetempaddr', 'mcautojoin', ... */
  flags?: string[];
  /** Seconds, or 'forever' (the default). */
  validLifetime?: Lifetime;
  /** Seconds, or 'forever' (the default): after it the address is deprecated. */
  preferredLifetime?: Lifetime;
  /** The metric of the prefix route the kernel adds (IFA_RT_PRIORITY). */
  metric?: number;
}

/** One next hop of a multipath route (`ip route add ... nexthop via ADDR dev DEV weight N`). */
export interface NexthopSpec {
  /** The next hop's address (`via`). */
  gateway?: string;
  /** The link to send through (`dev`). */
  dev?: InterfaceRef;
  /** 1..256, as `ip route ... nexthop ... weight N`. */
  weight?: number;
  /** Pretend the gateway is directly reachable (`onlink`). */
  onlink?: boolean;
}

/**
 * RTAX_* route metrics as `ip route ... mtu 1400 advmss 1360 congctl bbr` sets them: the fields of
 * {@link RouteMetrics}, with `lock` naming the ones to lock and the congestion control algorithm as `congctl`.
 */
export interface RouteMetricsSpec extends Omit<RouteMetrics, 'lock' | 'ccAlgo' | 'unknownAttributes'> {
  /** The TCP congestion control algorithm (`'cubic'`, `'bbr'`, ...). */
  congctl?: string;
  /** The metrics to lock (`lock mtu`): names such as `'mtu'`. */
  lock?: string[];
}

/** `ip route add|del PREFIX ...` */
export interface RouteSpec {
  /** 'a.b.c.d/len', 'a:b::/len', an address (host route) or 'default'. */
  dst: string;
  /** Needed only for 'default' in IPv6 ('inet6'). */
  family?: Family;
  /** Source prefix (IPv6 source routing). */
  src?: string;
  /** The table: a number, or `'main'` (the default), `'local'`, `'default'`. */
  table?: string | number;
  /** Who installs the route: `'boot'` (the default), `'static'`, ..., or a number. */
  protocol?: string | number;
  /** The scope: `'universe'`, `'link'`, `'host'`, ... (by default as `ip` chooses it). */
  scope?: string | number;
  /** The type: `'unicast'` (the default), `'blackhole'`, `'unreachable'`, `'prohibit'`, `'local'`, ... */
  type?: string | number;
  /** The next hop's address (`via`). */
  gateway?: string;
  /** The link to send through (`dev`). */
  dev?: InterfaceRef;
  /** The source address to prefer (`src` in `ip route`). */
  prefsrc?: string;
  /** The route's priority (`metric` in `ip`). */
  metric?: number;
  /** Per-route TCP and path settings (`mtu`, `advmss`, ...). */
  metrics?: RouteMetricsSpec;
  /** The next hops of a multipath route. */
  multipath?: NexthopSpec[];
  /** The id of a nexthop object to route through (`nhid N`), instead of a gateway, device or next hops. */
  nhid?: number;
  /** The type of service the route matches. */
  tos?: number;
  /** The firewall mark a deletion or lookup matches. */
  mark?: number;
  /** IPv6 router preference. */
  pref?: 'low' | 'medium' | 'high';
  /** Pretend the gateway is directly reachable (`onlink`). */
  onlink?: boolean;
}

/** `ip neigh add ADDRESS lladdr MAC dev LINK [nud STATE]` */
export interface NeighbourSpec {
  /** The neighbour's IP address. */
  address: string;
  /** The link the neighbour is on. */
  link: InterfaceRef;
  /** The neighbour's link-layer (MAC) address. */
  lladdr?: string;
  /** NUD state name ('permanent', 'reachable', 'stale', 'noarp', ...) or number; default 'permanent'. */
  state?: string | number;
  /** NTF_* names: 'router', 'proxy', 'extern_learn', ... */
  flags?: string[];
}

/** `ip rule add ...` */
export interface RuleSpec {
  /** `'inet'` (the default) or `'inet6'`. */
  family?: Family;
  /** The rule's priority (`pref`): lower runs first. */
  priority?: number;
  /** The table to look in: a number, or `'main'`, `'local'`, `'default'`. */
  table?: string | number;
  /** 'to_tbl' (the default with a table), 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit'. */
  action?: string | number;
  /** The source prefix the rule matches (`from`); every source when absent. */
  from?: string;
  /** The destination prefix the rule matches (`to`). */
  to?: string;
  /** The firewall mark the rule matches. */
  fwmark?: number;
  /** The mask applied to the mark before comparing. */
  fwmask?: number;
  /** The input interface the rule matches. */
  iif?: string;
  /** The output interface the rule matches. */
  oif?: string;
  /** The user ids the rule matches (`uidrange START-END`). */
  uidRange?: {
    /** The first user id of the range. */
    start: number;
    /** The last user id of the range. */
    end: number;
  };
  /** The type of service the rule matches. */
  tos?: number;
  /** Ignore routes with this prefix length or shorter (`suppress_prefixlength`). */
  suppressPrefixLength?: number;
  /** Who adds the rule (RTPROT_* names or a number). */
  protocol?: string | number;
  /** `not`: invert the selector. */
  invert?: boolean;
  /** The priority of the rule a `'goto'` rule jumps to. */
  goto?: number;
}

/** Lists of routes take these filters; family defaults to both. */
export interface RouteFilter {
  /** `'inet'` or `'inet6'` only (both by default). */
  family?: Family;
  /** Routes of this table only: a number, or `'main'`, `'local'`, ... (every table by default). */
  table?: string | number;
  /** Routes installed by this protocol only. */
  protocol?: string | number;
  /** Routes of this type only. */
  type?: string | number;
  /** Routes through this interface. */
  dev?: InterfaceRef;
}

/** What the client lends the translation: name → index resolution (one GETLINK per name). */
export interface SpecResolver {
  ifindex(ref: InterfaceRef): Promise<number>;
}

export interface ResolvedRouteFilter {
  family: number;
  table?: number;
  protocol?: number;
  type?: number;
  oif?: number;
}

export async function routeFilterValues(filter: RouteFilter, resolver: SpecResolver): Promise<ResolvedRouteFilter> {
  const values: ResolvedRouteFilter = { family: familyNumber(filter.family) };
  if (filter.table !== undefined) values.table = tableNumber(filter.table);
  if (filter.protocol !== undefined) values.protocol = protocolNumber(filter.protocol);
  if (filter.type !== undefined) values.type = routeTypeNumber(filter.type);
  if (filter.dev !== undefined) values.oif = await resolver.ifindex(filter.dev);
  return values;
}

// ---- names → numbers -------------------------------------------------------------------------------------------

function inverse(names: Record<number, string>, extra: Record<string, number> = {}): Map<string, number> {
  const m = new Map<string, number>();
  for (const key of Object.keys(names)) m.set(names[Number(key)], Number(key));
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
}

const PROTOCOL_NUMBERS = inverse(ROUTE_PROTOCOLS);
const ROUTE_TYPE_NUMBERS = inverse(ROUTE_TYPES);
// iproute2 says 'global' for RT_SCOPE_UNIVERSE.
const SCOPE_NUMBERS = inverse(ROUTE_SCOPES, { global: 0 });

export function protocolNumber(p: string | number): number {
  return resolveName('route protocol', PROTOCOL_NUMBERS, p, 255);
}
export function routeTypeNumber(t: string | number): number {
  return resolveName('route type', ROUTE_TYPE_NUMBERS, t, 255);
}
export function scopeNumber(s: string | number): number {
  return resolveName('scope', SCOPE_NUMBERS, s, 255);
}

/** How the decoders spell a number of an enumeration: its name when it has one. */
function decodedForm(names: Record<number, string>, n: number): string | number {
  return names[n] ?? n;
}

function familyName(family: number): 'inet' | 'inet6' {
  return family === AF_INET6 ? 'inet6' : 'inet';
}

// ---- routes ------------------------------------------------------------------------------------------------------

/** Whether a decoded route passes a filter (the kernel's own filter, redone for kernels without strict checking). */
export function routeFilterPredicate(f: ResolvedRouteFilter): (r: Route) => boolean {
  const family = f.family === AF_UNSPEC ? undefined : decodedForm(ADDRESS_FAMILIES, f.family);
  const protocol = f.protocol === undefined ? undefined : decodedForm(ROUTE_PROTOCOLS, f.protocol);
  const type = f.type === undefined ? undefined : decodedForm(ROUTE_TYPES, f.type);
  const { table, oif } = f;
  return (r) =>
    (family === undefined || r.family === family) &&
    (table === undefined || r.table === table) &&
    (protocol === undefined || r.protocol === protocol) &&
    (type === undefined || r.type === type) &&
    (oif === undefined || r.oif === oif || (r.multipath !== undefined && r.multipath.some((h) => h.oif === oif)));
}

const METRIC_IDS: Record<string, number> = {
  mtu: RouteMetric.Mtu,
  window: RouteMetric.Window,
  rtt: RouteMetric.Rtt,
  rttvar: RouteMetric.Rttvar,
  ssthresh: RouteMetric.Ssthresh,
  cwnd: RouteMetric.Cwnd,
  advmss: RouteMetric.Advmss,
  reordering: RouteMetric.Reordering,
  hoplimit: RouteMetric.Hoplimit,
  initcwnd: RouteMetric.Initcwnd,
  features: RouteMetric.Features,
  rtoMin: RouteMetric.RtoMin,
  initrwnd: RouteMetric.Initrwnd,
  quickack: RouteMetric.Quickack,
  congctl: RouteMetric.CcAlgo,
  fastopenNoCookie: RouteMetric.FastopenNoCookie,
};

function metricsInput(m: RouteMetricsSpec): RouteMetrics {
  const out: RouteMetrics = {};
  for (const [name, value] of Object.entries(m)) {
    if (value === undefined || name === 'lock') continue;
    if (!(name in METRIC_IDS)) throw new RouteInputError(`unknown route metric ${JSON.stringify(name)} (known: ${Object.keys(METRIC_IDS).join(', ')})`);
    if (name === 'congctl') out.ccAlgo = value as string;
    else (out as Record<string, number>)[name] = value as number;
  }
  if (m.lock && m.lock.length > 0) {
    let bits = 0;
    for (const name of m.lock) {
      const id = METRIC_IDS[name];
      if (id === undefined) throw new RouteInputError(`cannot lock unknown metric ${JSON.stringify(name)}`);
      bits |= 1 << id;
    }
    out.lock = bits >>> 0;
  }
  return out;
}

/** A gateway of the route's own family goes in RTA_GATEWAY; an IPv6 gateway of an IPv4 route in RTA_VIA. */
function putGateway(target: { gateway?: string; via?: Via }, gateway: string, family: number): void {
  const gwFamily = addressFamily(gateway);
  if (gwFamily === family) target.gateway = gateway;
  else target.via = { family: familyName(gwFamily), address: gateway };
}

// The numbers routeInput's defaults use, looked up once rather than by name on every route (a batch adds 100,000).
const RTN = {
  unicast: routeTypeNumber('unicast'),
  local: routeTypeNumber('local'),
  nat: routeTypeNumber('nat'),
  broadcast: routeTypeNumber('broadcast'),
  multicast: routeTypeNumber('multicast'),
  anycast: routeTypeNumber('anycast'),
};
const RT_SCOPE = { nowhere: scopeNumber('nowhere'), host: scopeNumber('host'), link: scopeNumber('link'), universe: scopeNumber('universe') };
const RTPROT_BOOT = protocolNumber('boot');

/**
 * `ip route add|del` → RouteInput, with iproute2's defaults: table main, protocol boot, type unicast, and scope
 * link for a route without gateway (host for local routes); a delete matches any protocol, type and scope.
 */
export async function routeInput(spec: RouteSpec, resolver: SpecResolver, op: 'new' | 'del'): Promise<RouteInput> {
  if (typeof spec !== 'object' || spec === null) throw new RouteInputError('a route is an object with at least `dst`');
  const requested = spec.family === undefined ? undefined : familyNumber(spec.family);
  const dst = parsePrefix(spec.dst, requested ?? AF_INET);
  if (requested !== undefined && requested !== dst.family) throw new RouteInputError(`${spec.dst} is not of family ${String(spec.family)}`);
  const family = dst.family;
  const r: RouteInput = { family: familyName(family), dstLen: dst.prefixLength, table: tableNumber(spec.table ?? 'main') };
  if (dst.prefixLength > 0) r.dst = dst.address;
  if (spec.src !== undefined) {
    const src = parsePrefix(spec.src, family);
    if (src.family !== family) throw new RouteInputError(`source ${spec.src} is not of the family of ${spec.dst}`);
    r.srcLen = src.prefixLength;
    r.src = src.address;
  }
  const type = spec.type === undefined ? (op === 'new' ? RTN.unicast : 0) : routeTypeNumber(spec.type);
  r.type = decodedForm(ROUTE_TYPES, type) as RouteInput['type'];
  if (op === 'new') r.protocol = decodedForm(ROUTE_PROTOCOLS, spec.protocol === undefined ? RTPROT_BOOT : protocolNumber(spec.protocol)) as RouteInput['protocol'];
  else if (spec.protocol !== undefined) r.protocol = decodedForm(ROUTE_PROTOCOLS, protocolNumber(spec.protocol)) as RouteInput['protocol'];
  let scope: number;
  if (spec.scope !== undefined) scope = scopeNumber(spec.scope);
  else if (op === 'del') scope = RT_SCOPE.nowhere;
  else if (type === RTN.local || type === RTN.nat) scope = RT_SCOPE.host;
  else if (type === RTN.broadcast || type === RTN.multicast || type === RTN.anycast) scope = RT_SCOPE.link;
  else if (type === RTN.unicast && spec.gateway === undefined && !spec.multipath && family === AF_INET) scope = RT_SCOPE.link;
  else scope = RT_SCOPE.universe;
  r.scope = decodedForm(ROUTE_SCOPES, scope) as RouteInput['scope'];
  if (spec.tos !== undefined) r.tos = spec.tos;
  if (spec.gateway !== undefined) putGateway(r, spec.gateway, family);
  if (spec.dev !== undefined) r.oif = await resolver.ifindex(spec.dev);
  if (spec.prefsrc !== undefined) r.prefsrc = spec.prefsrc;
  if (spec.metric !== undefined) r.priority = spec.metric;
  if (spec.mark !== undefined) r.mark = spec.mark;
  if (spec.pref !== undefined) r.pref = spec.pref;
  if (spec.onlink) r.flags = ['onlink'];
  if (spec.metrics !== undefined) r.metrics = metricsInput(spec.metrics);
  if (spec.nhid !== undefined) {
    r.nhId = spec.nhid;
    // As ip: the scope-link guess is for a route without any next hop; one through a nexthop object has one.
    if (op === 'new' && spec.scope === undefined && spec.gateway === undefined && !spec.multipath && type === RTN.unicast) {
      r.scope = decodedForm(ROUTE_SCOPES, RT_SCOPE.universe) as RouteInput['scope'];
    }
  }
  if (spec.multipath !== undefined) {
    if (!Array.isArray(spec.multipath) || spec.multipath.length === 0) throw new RouteInputError('multipath must be a non-empty array of next hops');
    const hops: Nexthop[] = [];
    for (const h of spec.multipath) {
      const hop: Nexthop = { weight: h.weight ?? 1, flags: h.onlink ? ['onlink'] : [], oif: h.dev === undefined ? 0 : await resolver.ifindex(h.dev) };
      if (h.gateway !== undefined) putGateway(hop, h.gateway, family);
      hops.push(hop);
    }
    r.multipath = hops;
  }
  return r;
}

// ---- links ------------------------------------------------------------------------------------------------------

function netnsFields(ref: NetnsRef, fds: Map<string, number>): { netNsFd?: number; netNsPid?: number } {
  if (typeof ref === 'string') {
    const fd = fds.get(ref);
    if (fd === undefined) throw new RouteInputError(`network namespace ${JSON.stringify(ref)} was not opened`);
    return { netNsFd: fd };
  }
  if (ref && typeof ref === 'object' && 'fd' in ref && Number.isInteger(ref.fd)) return { netNsFd: ref.fd };
  if (ref && typeof ref === 'object' && 'pid' in ref && Number.isInteger(ref.pid)) return { netNsPid: ref.pid };
  throw new RouteInputError(`a network namespace is a name, { fd } or { pid }, got ${JSON.stringify(ref)}`);
}

/** `up: true | false`: IFF_UP set or cleared, and only that flag changed (ifi_change). */
function setUp(l: LinkInput, up: boolean | undefined): void {
  if (up === undefined) return;
  l.flags = up ? ['up'] : [];
  l.change = ['up'];
}

/** The options of the kinds this file has always known (the others register in their own files). */
const CORE_KIND_OPTIONS: KindOptions[] = [
  kindOptions<NonNullable<LinkSpec['peer']>>('peer', ['veth'], (p, context) => {
    const peer: Record<string, unknown> = defined({ family: 'unspec' as const, ifname: p.name, address: p.address, mtu: p.mtu, txqlen: p.txqlen });
    if (p.netns !== undefined) Object.assign(peer, context.netns(p.netns));
    return { peer };
  }),
  kindOptions<BridgeOptions>('bridge', ['bridge'], (b) =>
    defined({
      forwardDelay: b.forwardDelay,
      helloTime: b.helloTime,
      maxAge: b.maxAge,
      ageingTime: b.ageingTime,
      stpState: b.stpState,
      priority: b.priority,
      vlanFiltering: flag(b.vlanFiltering),
      vlanProtocol: b.vlanProtocol,
      vlanDefaultPvid: b.vlanDefaultPvid,
      mcastSnooping: flag(b.multicastSnooping),
    }),
  ),
  kindOptions<VlanOptions>('vlan', ['vlan'], (v) => defined({ id: v.id, protocol: v.protocol })),
  kindOptions<VxlanOptions>('vxlan', ['vxlan'], async (v, context) => {
    const link = v.dev === undefined ? undefined : await context.ifindex(v.dev);
    const data: Record<string, unknown> = { id: v.id, port: v.port, ttl: v.ttl, learning: flag(v.learning), link };
    if (v.local !== undefined) data[addressFamily(v.local) === AF_INET6 ? 'local6' : 'local'] = v.local;
    const remote = v.remote ?? v.group;
    if (v.remote !== undefined && v.group !== undefined) throw new RouteInputError('vxlan: give a remote or a group, not both');
    if (remote !== undefined) data[addressFamily(remote) === AF_INET6 ? 'group6' : 'group'] = remote;
    return defined(data);
  }),
  kindOptions<MacvlanOptions>('macvlan', ['macvlan', 'macvtap'], (m) => ({ mode: m.mode })),
];

/** Every kind's options, by the LinkSpec member that holds them. */
const KIND_OPTIONS: ReadonlyMap<string, KindOptions> = new Map([...CORE_KIND_OPTIONS, ...DEVICE_KIND_OPTIONS, ...TUNNEL_KIND_OPTIONS].map((k) => [k.option, k]));

/** IFLA_INFO_DATA from the kind's options; options given for another kind are an error, not ignored. */
async function kindData(spec: LinkSpec, context: KindContext): Promise<object | undefined> {
  let data: object | undefined;
  for (const [option, entry] of KIND_OPTIONS) {
    const options = (spec as unknown as Record<string, unknown>)[option];
    if (options === undefined) continue;
    if (!entry.kinds.includes(spec.kind)) throw new RouteInputError(`'${option}' options do not apply to a link of kind '${spec.kind}'`);
    data = await entry.encode(options, context);
  }
  return data;
}

/** `ip link add` → LinkInput. Namespace names must already be open (the client opens them as fds). */
export async function linkInput(spec: LinkSpec, resolver: SpecResolver, netnsFds: Map<string, number>): Promise<LinkInput> {
  if (typeof spec !== 'object' || spec === null) throw new RouteInputError('a link is an object with `name` and `kind`');
  if (typeof spec.name !== 'string' || spec.name === '') throw new RouteInputError('a new link needs a `name`');
  if (typeof spec.kind !== 'string' || spec.kind === '') throw new RouteInputError(`link ${spec.name} needs a \`kind\` ('veth', 'bridge', ...)`);
  const l: LinkInput = defined({
    family: 'unspec' as const,
    ifname: spec.name,
    mtu: spec.mtu,
    address: spec.address,
    broadcast: spec.broadcast,
    txqlen: spec.txqlen,
  });
  setUp(l, spec.up);
  if (spec.master !== undefined) l.master = await resolver.ifindex(spec.master);
  if (spec.link !== undefined) l.link = await resolver.ifindex(spec.link);
  if (spec.netns !== undefined) Object.assign(l, netnsFields(spec.netns, netnsFds));
  const data = await kindData(spec, { kind: spec.kind, ifindex: (ref) => resolver.ifindex(ref), netns: (ref) => netnsFields(ref as NetnsRef, netnsFds) });
  // A veth peer is itself a link: the input type recurses, so the nest is typed loosely here.
  l.linkinfo = (data === undefined ? { kind: spec.kind } : { kind: spec.kind, data }) as unknown as LinkInput['linkinfo'];
  return l;
}

/** `ip link set` → LinkInput for RTM_NEWLINK on an existing index. */
export async function linkChangesInput(ifindex: number, changes: LinkChanges, resolver: SpecResolver, netnsFds: Map<string, number>): Promise<LinkInput> {
  if (typeof changes !== 'object' || changes === null) throw new RouteInputError('link changes are an object');
  const l: LinkInput = defined({
    family: 'unspec' as const,
    ifindex,
    ifname: changes.name,
    mtu: changes.mtu,
    address: changes.address,
    txqlen: changes.txqlen,
    ifalias: changes.alias,
  });
  setUp(l, changes.up);
  // `nomaster` is IFLA_MASTER 0.
  if (changes.master !== undefined) l.master = changes.master === null ? 0 : await resolver.ifindex(changes.master);
  if (changes.netns !== undefined) Object.assign(l, netnsFields(changes.netns, netnsFds));
  return l;
}

// ---- addresses --------------------------------------------------------------------------------------------------

const ADDRESS_FLAG_NAMES = new Set<string>(Object.values(ADDRESS_FLAGS));
const NEIGHBOUR_STATE_NAMES = new Set<string>(Object.values(NEIGHBOUR_STATES));
const NEIGHBOUR_FLAG_NAMES = new Set<string>(Object.values(NEIGHBOUR_FLAGS));
const FOREVER = 0xffffffff;

function checkNames(kind: string, names: unknown, known: Set<string>): string[] {
  if (!Array.isArray(names)) throw new RouteInputError(`${kind} must be an array of names`);
  for (const n of names) {
    if (typeof n !== 'string' || !known.has(n)) throw new RouteInputError(`unknown ${kind} ${JSON.stringify(n)} (known: ${[...known].join(', ')})`);
  }
  return names as string[];
}

function lifetime(value: Lifetime | undefined, what: string): number {
  if (value === undefined || value === 'forever') return FOREVER;
  if (!Number.isInteger(value) || value < 0 || value > FOREVER) throw new RouteInputError(`${what} must be seconds (0..4294967295) or 'forever'`);
  return value;
}

function isLoopback(address: string, family: number): boolean {
  return family === AF_INET ? address.startsWith('127.') : address === '::1';
}

/** `ip addr add|del` → AddressInput (IFA_LOCAL and IFA_ADDRESS as iproute2 sets them). */
export async function addressInput(spec: AddressSpec, resolver: SpecResolver): Promise<AddressInput> {
  if (typeof spec !== 'object' || spec === null) throw new RouteInputError('an address is an object with `address` and `link`');
  if (spec.link === undefined) throw new RouteInputError(`address ${spec.address} needs the \`link\` it is on`);
  const local = parsePrefix(spec.address);
  const family = local.family;
  const a: AddressInput = { family: familyName(family), prefixlen: local.prefixLength, ifindex: await resolver.ifindex(spec.link), local: local.address, address: local.address };
  if (spec.peer !== undefined) {
    const peer = parsePrefix(spec.peer, family);
    if (peer.family !== family) throw new RouteInputError(`peer ${spec.peer} is not of the family of ${spec.address}`);
    a.address = peer.address;
    // As in `ip addr add A peer P/len`: a length on the peer is the prefix length.
    if (spec.peer.includes('/')) a.prefixlen = peer.prefixLength;
  }
  if (spec.broadcast !== undefined) {
    if (family !== AF_INET) throw new RouteInputError('only IPv4 addresses have a broadcast address');
    a.broadcast = spec.broadcast;
  }
  if (spec.label !== undefined) a.label = spec.label;
  const scope = spec.scope !== undefined ? scopeNumber(spec.scope) : isLoopback(local.address, family) ? scopeNumber('host') : 0;
  a.scope = decodedForm(ROUTE_SCOPES, scope) as AddressInput['scope'];
  if (spec.flags !== undefined) a.flags = checkNames('address flag', spec.flags, ADDRESS_FLAG_NAMES) as AddressInput['flags'];
  if (spec.validLifetime !== undefined || spec.preferredLifetime !== undefined) {
    const valid = lifetime(spec.validLifetime, 'validLifetime');
    const preferred = lifetime(spec.preferredLifetime ?? spec.validLifetime, 'preferredLifetime');
    if (preferred > valid) throw new RouteInputError('preferredLifetime cannot exceed validLifetime');
    a.cacheinfo = { preferred, valid, cstamp: 0, tstamp: 0 };
  }
  if (spec.metric !== undefined) a.rtPriority = spec.metric;
  return a;
}

// ---- neighbours -------------------------------------------------------------------------------------------------

/** `ip neigh add|del` → NeighbourInput; new entries are permanent unless a state is given. */
export async function neighbourInput(spec: NeighbourSpec, resolver: SpecResolver, op: 'new' | 'del'): Promise<NeighbourInput> {
  if (typeof spec !== 'object' || spec === null) throw new RouteInputError('a neighbour is an object with `address` and `link`');
  if (spec.link === undefined) throw new RouteInputError(`neighbour ${spec.address} needs the \`link\` it is on`);
  const family = addressFamily(spec.address);
  const n: NeighbourInput = { family: familyName(family), ifindex: await resolver.ifindex(spec.link), dst: spec.address };
  if (spec.lladdr !== undefined) n.lladdr = spec.lladdr;
  const state = spec.state ?? (op === 'new' ? 'permanent' : undefined);
  if (state !== undefined) {
    if (typeof state === 'number') n.state = [state] as NeighbourInput['state'];
    else n.state = checkNames('neighbour state', [state], NEIGHBOUR_STATE_NAMES) as NeighbourInput['state'];
  }
  if (spec.flags !== undefined) n.flags = checkNames('neighbour flag', spec.flags, NEIGHBOUR_FLAG_NAMES) as NeighbourInput['flags'];
  return n;
}

// ---- rules ------------------------------------------------------------------------------------------------------

// iproute2's words for rule actions, besides the library's own names.
const RULE_ACTION_NUMBERS = inverse(RULE_ACTIONS, { to_tbl: 1, lookup: 1, table: 1 });

/** `ip rule add|del` → RuleInput, with iproute2's defaults for a new rule: action to_tbl, table main. */
export async function ruleInput(spec: RuleSpec, op: 'new' | 'del'): Promise<RuleInput> {
  if (typeof spec !== 'object' || spec === null) throw new RouteInputError('a rule is an object');
  const src = spec.from === undefined || spec.from === 'all' ? undefined : parsePrefix(spec.from);
  const dst = spec.to === undefined || spec.to === 'all' ? undefined : parsePrefix(spec.to);
  let family = spec.family === undefined ? src?.family ?? dst?.family ?? AF_INET : familyNumber(spec.family);
  if (family === AF_UNSPEC) family = AF_INET;
  for (const p of [src, dst]) {
    if (p && p.family !== family) throw new RouteInputError(`rule selector ${p.address} is not of family ${familyName(family)}`);
  }
  const r: RuleInput = { family: familyName(family) };
  if (src) {
    r.src = src.address;
    r.srcLen = src.prefixLength;
  }
  if (dst) {
    r.dst = dst.address;
    r.dstLen = dst.prefixLength;
  }
  let action = spec.action === undefined ? undefined : resolveName('rule action', RULE_ACTION_NUMBERS, spec.action, 255);
  if (spec.goto !== undefined) {
    r.goto = spec.goto;
    action ??= RULE_ACTION_NUMBERS.get('goto');
  }
  if (op === 'new') action ??= RULE_ACTION_NUMBERS.get('toTbl');
  if (action !== undefined) r.action = decodedForm(RULE_ACTIONS, action) as RuleInput['action'];
  if (spec.table !== undefined) r.table = tableNumber(spec.table);
  else if (op === 'new' && action === RULE_ACTION_NUMBERS.get('toTbl')) r.table = tableNumber('main');
  if (spec.priority !== undefined) r.priority = spec.priority;
  if (spec.fwmark !== undefined) r.fwmark = spec.fwmark;
  if (spec.fwmask !== undefined) r.fwmask = spec.fwmask;
  if (spec.iif !== undefined) r.iifname = spec.iif;
  if (spec.oif !== undefined) r.oifname = spec.oif;
  if (spec.uidRange !== undefined) r.uidRange = { start: spec.uidRange.start, end: spec.uidRange.end };
  if (spec.tos !== undefined) r.tos = spec.tos;
  if (spec.suppressPrefixLength !== undefined) r.suppressPrefixlen = spec.suppressPrefixLength;
  if (spec.protocol !== undefined) r.protocol = decodedForm(ROUTE_PROTOCOLS, protocolNumber(spec.protocol)) as RuleInput['protocol'];
  if (spec.invert) r.flags = ['invert'];
  return r;
}

// The typed LinkSpec options of the IP tunnel kinds (gre and its kin, ipip/sit/ip6tnl, vti/vti6, geneve, bareudp,
// xfrm) in `ip link add ... type KIND` vocabulary, and their translation into IFLA_INFO_DATA
// (./messages/tunnel-kinds). They register in the kind registry (./link-kind-options) with one entry each.
import { AF_INET, AF_INET6, RouteInputError, addressFamily } from './inputs';
import { boolean, defined, flag, integer, kindOptions, oneOf, type KindContext, type KindOptions } from './link-kind-options';
import { SIT_ISATAP } from './messages/tunnel-kinds';


/** FOU or GUE encapsulation of a gre, ipip, sit or ip6tnl tunnel (`encap fou encap-dport 5555 ...`). */
export interface TunnelEncapOptions {
  /** `'fou'` or `'gue'` (or `'none'`). */
  type: 'fou' | 'gue' | 'none';
  /** The UDP destination port. */
  dport?: number;
  /** The UDP source port; `'auto'` (the default) lets the kernel choose per flow. */
  sport?: number | 'auto';
  /** Checksum the outer UDP header (IPv4). */
  csum?: boolean;
  /** Checksum the outer UDP header (IPv6). */
  csum6?: boolean;
  /** Remote checksum offload. */
  remcsum?: boolean;
}

/** What every IP tunnel takes: its endpoints, lower device, fwmark, metadata mode and encapsulation. */
interface TunnelEndpoints {
  /** The remote endpoint: IPv4 for gre/gretap/erspan/ipip/sit/vti, IPv6 for the ip6 kinds and vti6. */
  remote?: string;
  /** The local endpoint (same family as `remote`). */
  local?: string;
  /** The device the tunnel's packets leave through (`dev`). */
  dev?: string | number;
}

/** The IPv6 tunnels' header fields (ip6gre and its kin, ip6tnl). */
interface Ip6TunnelFields {
  /** The encapsulation limit option's value, or `'none'` to send none (`encaplimit`). */
  encapLimit?: number | 'none';
  /** The traffic class (0-255), or `'inherit'` from the inner packet (`tclass`). */
  tclass?: number | 'inherit';
  /** The flow label (0-0xfffff), or `'inherit'` from the inner packet (`flowlabel`). */
  flowlabel?: number | 'inherit';
  /** Copy the DSCP of received packets to the inner header (`dscp inherit`). */
  dscpInherit?: boolean;
  /** Allow the local and remote addresses to be local (`allow-localremote`). */
  allowLocalRemote?: boolean;
}

/** `ip link add ... type gre|gretap|erspan|ip6gre|ip6gretap|ip6erspan` options (IFLA_GRE_*). */
export interface GreOptions extends TunnelEndpoints, Ip6TunnelFields {
  /** The TTL (hop limit of the ip6 kinds), or `'inherit'` (0) from the inner packet. */
  ttl?: number | 'inherit';
  /** gre, gretap, erspan: the TOS, or `'inherit'`. */
  tos?: number | 'inherit';
  /** gre, gretap, erspan: path MTU discovery (on by default). */
  pmtudisc?: boolean;
  /** gre, gretap, erspan: ignore the DF bit of the inner packet (`ignore-df`). */
  ignoreDf?: boolean;
  /** The key in both directions (`key`); `ikey`/`okey` set one direction. */
  key?: number;
  /** The input key. */
  ikey?: number;
  /** The output key. */
  okey?: number;
  /** Sequence numbers both ways (`seq`); `iseq`/`oseq` one way. */
  seq?: boolean;
  /** Drop received packets out of sequence. */
  iseq?: boolean;
  /** Sequence sent packets. */
  oseq?: boolean;
  /** Checksums both ways (`csum`); `icsum`/`ocsum` one way. */
  csum?: boolean;
  /** Require checksums on received packets. */
  icsum?: boolean;
  /** Checksum sent packets. */
  ocsum?: boolean;
  /** The firewall mark of the outer packets; ip6 kinds: or `'inherit'` from the inner packet. */
  fwmark?: number | 'inherit';
  /** Collect metadata (`external`): the tunnel takes its endpoints per packet from lwtunnel routes or BPF. */
  external?: boolean;
  /** FOU/GUE encapsulation. */
  encap?: TunnelEncapOptions;
  /** erspan, ip6erspan: the ERSPAN session. */
  erspan?: {
    /** The ERSPAN version: 1 (type II) or 2 (type III). */
    version: 0 | 1 | 2;
    /** Version 1: the session index. */
    index?: number;
    /** Version 2: the mirrored direction. */
    direction?: 'ingress' | 'egress';
    /** Version 2: the hardware id. */
    hwid?: number;
  };
}

/** `ip link add ... type ipip|sit|ip6tnl` options (IFLA_IPTUN_*). */
export interface IpTunnelOptions extends TunnelEndpoints, Ip6TunnelFields {
  /**
   * What the tunnel carries (`mode`): ipip: `'ipip'`, `'mplsip'`, `'any'`; sit: `'ip6ip'`, `'ipip'`, `'mplsip'`,
   * `'any'`; ip6tnl: `'ip6ip6'`, `'ipip6'`, `'any'`.
   */
  mode?: 'ipip' | 'ip6ip' | 'mplsip' | 'ip6ip6' | 'ipip6' | 'any';
  /** The TTL (hop limit of ip6tnl), or `'inherit'` (0) from the inner packet. */
  ttl?: number | 'inherit';
  /** ipip, sit: the TOS, or `'inherit'`. */
  tos?: number | 'inherit';
  /** ipip, sit: path MTU discovery (on by default). */
  pmtudisc?: boolean;
  /** sit: an ISATAP tunnel. */
  isatap?: boolean;
  /** The firewall mark of the outer packets; ip6tnl: or `'inherit'` from the inner packet. */
  fwmark?: number | 'inherit';
  /** Collect metadata (`external`). */
  external?: boolean;
  /** FOU/GUE encapsulation. */
  encap?: TunnelEncapOptions;
}

/** `ip link add ... type vti|vti6` options (IFLA_VTI_*). */
export interface VtiOptions extends TunnelEndpoints {
  /** The key (the mark of the xfrm policies) in both directions; `ikey`/`okey` set one direction. */
  key?: number;
  /** The input key. */
  ikey?: number;
  /** The output key. */
  okey?: number;
  /** The firewall mark of the outer packets. */
  fwmark?: number;
}

/** `ip link add ... type geneve` options (IFLA_GENEVE_*). */
export interface GeneveOptions {
  /** The VNI (0-16777215); required unless `external`. */
  id?: number;
  /** The remote endpoint (IPv4 or IPv6). */
  remote?: string;
  /** The TTL, `'inherit'` from the inner packet, or `'auto'` (0: the route's). */
  ttl?: number | 'inherit' | 'auto';
  /** The TOS, or `'inherit'`. */
  tos?: number | 'inherit';
  /** The DF bit of the outer IPv4 header. */
  df?: 'unset' | 'set' | 'inherit';
  /** The IPv6 flow label (0-0xfffff). */
  flowlabel?: number;
  /** The UDP destination port (6081, IANA's, by default). */
  port?: number;
  /** Checksum outer UDP over IPv4. */
  udpCsum?: boolean;
  /** Send outer UDP over IPv6 without checksum. */
  udp6ZeroCsumTx?: boolean;
  /** Accept outer UDP over IPv6 without checksum. */
  udp6ZeroCsumRx?: boolean;
  /** Collect metadata (`external`). */
  external?: boolean;
  /** Carry the inner packet's protocol instead of Ethernet (`innerprotoinherit`). */
  innerProtoInherit?: boolean;
}

/** `ip link add ... type bareudp` options (IFLA_BAREUDP_*). */
export interface BareudpOptions {
  /** The UDP destination port (required). */
  port: number;
  /** The protocol carried (required): `'ip'`, `'ipv6'`, `'mpls_uc'`, `'mpls_mc'`, or an Ethernet protocol number. */
  ethertype: 'ip' | 'ipv6' | 'mpls_uc' | 'mpls_mc' | number;
  /** The lowest UDP source port. */
  srcportMin?: number;
  /** Carry IPv6 too on an `'ip'` tunnel, multicast MPLS on an `'mpls_uc'` one (`multiproto`). */
  multiproto?: boolean;
}

/** `ip link add ... type xfrm` options (IFLA_XFRM_*). */
export interface XfrmOptions {
  /** The underlying device (`dev`). */
  dev?: string | number;
  /** The interface id the xfrm states and policies name (`if_id`, required unless `external`, never 0). */
  ifId?: number;
  /** Collect metadata (`external`). */
  external?: boolean;
}

const GRE_CSUM = 0x8000;
const GRE_KEY = 0x2000;
const GRE_SEQ = 0x1000;
const IP6_TNL_F = { ignEncapLimit: 0x1, useOrigTclass: 0x2, useOrigFlowlabel: 0x4, rcvDscpCopy: 0x10, useOrigFwmark: 0x20, allowLocalRemote: 0x40 };
const ETHERTYPES: Record<string, number> = { ip: 0x0800, ipv6: 0x86dd, mpls_uc: 0x8847, mpls_mc: 0x8848 };

const u8 = (what: string, value: unknown) => integer(what, value, 0, 0xff);
const u16 = (what: string, value: unknown) => integer(what, value, 0, 0xffff);
const u32 = (what: string, value: unknown) => integer(what, value, 0, 0xffffffff);

/** An address of the family the kind takes, or a RouteInputError naming the kind to use instead. */
function address(kind: string, what: string, value: unknown, family: number): string | undefined {
  if (value === undefined) return undefined;
  let actual: number | undefined;
  try {
    actual = typeof value === 'string' ? addressFamily(value) : undefined;
  } catch {
    actual = undefined;
  }
  if (actual === undefined) throw new RouteInputError(`${kind}: ${what} ${JSON.stringify(value)} is not an IP address`);
  if (actual !== family) throw new RouteInputError(`${kind}: ${what} ${value} is not an ${family === AF_INET ? 'IPv4' : 'IPv6'} address (${kind} tunnels run over ${family === AF_INET ? 'IPv4' : 'IPv6'})`);
  return value as string;
}

/** A number or the one word ip accepts in its place (`ttl inherit`, `encaplimit none`). */
function numberOr<W extends string>(what: string, value: unknown, word: W, max: number): number | W | undefined {
  if (value === word) return word;
  if (typeof value === 'string') throw new RouteInputError(`${what}: ${JSON.stringify(value)} is neither a number nor '${word}'`);
  return integer(what, value, 0, max);
}

/** Rejects the fields a kind does not take (an IPv4-only field on an ip6 tunnel, ...), so nothing is ignored. */
function rejectFields(kind: string, options: object, fields: readonly string[]): void {
  for (const field of fields) {
    if ((options as Record<string, unknown>)[field] !== undefined) throw new RouteInputError(`${kind}: '${field}' does not apply to a ${kind} tunnel`);
  }
}

function endpoints(kind: string, o: TunnelEndpoints, family: number) {
  return { local: address(kind, 'local', o.local, family), remote: address(kind, 'remote', o.remote, family) };
}

async function lowerIndex(o: { dev?: string | number }, context: KindContext): Promise<number | undefined> {
  return o.dev === undefined ? undefined : context.ifindex(o.dev);
}

function encapFields(kind: string, encap: TunnelEncapOptions | undefined): Record<string, unknown> {
  if (encap === undefined) return {};
  if (typeof encap !== 'object' || encap === null) throw new RouteInputError(`${kind}: encap is an object with a type`);
  const type = oneOf(`${kind}: encap type`, encap.type, ['none', 'fou', 'gue'] as const);
  if (type === undefined) throw new RouteInputError(`${kind}: encap needs a type ('fou' or 'gue')`);
  const flags = [encap.csum && 'csum', encap.csum6 && 'csum6', encap.remcsum && 'remcsum'].filter((f): f is string => typeof f === 'string');
  for (const name of ['csum', 'csum6', 'remcsum'] as const) boolean(`${kind}: encap ${name}`, encap[name]);
  return {
    encapType: type,
    encapDport: u16(`${kind}: encap dport`, encap.dport) ?? 0,
    encapSport: encap.sport === 'auto' || encap.sport === undefined ? 0 : u16(`${kind}: encap sport`, encap.sport),
    encapFlags: flags,
  };
}

/** IP6_TNL_F_* and flowinfo from the IPv6 header fields (what ip's tclass/flowlabel/encaplimit/dscp words set). */
function ip6Fields(kind: string, o: Ip6TunnelFields & { fwmark?: number | 'inherit' }): Record<string, unknown> {
  let flags = 0;
  let flowinfo: number | undefined;
  const limit = numberOr(`${kind}: encapLimit`, o.encapLimit, 'none', 0xff);
  if (limit === 'none') flags |= IP6_TNL_F.ignEncapLimit;
  const tclass = numberOr(`${kind}: tclass`, o.tclass, 'inherit', 0xff);
  if (tclass === 'inherit') flags |= IP6_TNL_F.useOrigTclass;
  else if (tclass !== undefined) flowinfo = (tclass << 20) >>> 0;
  const label = numberOr(`${kind}: flowlabel`, o.flowlabel, 'inherit', 0xfffff);
  if (label === 'inherit') flags |= IP6_TNL_F.useOrigFlowlabel;
  else if (label !== undefined) flowinfo = ((flowinfo ?? 0) | label) >>> 0;
  if (boolean(`${kind}: dscpInherit`, o.dscpInherit)) flags |= IP6_TNL_F.rcvDscpCopy;
  if (boolean(`${kind}: allowLocalRemote`, o.allowLocalRemote)) flags |= IP6_TNL_F.allowLocalRemote;
  const fwmark = numberOr(`${kind}: fwmark`, o.fwmark, 'inherit', 0xffffffff);
  if (fwmark === 'inherit') flags |= IP6_TNL_F.useOrigFwmark;
  return defined({
    encapLimit: typeof limit === 'number' ? limit : undefined,
    flowinfo,
    flags: flags === 0 ? undefined : [flags],
    fwmark: typeof fwmark === 'number' ? fwmark : undefined,
  });
}

/** ttl/tos of the IPv4 tunnels: 'inherit' is 0 (ttl) and 1 (tos), as ip writes them. */
function ipv4Header(kind: string, o: { ttl?: number | 'inherit'; tos?: number | 'inherit'; pmtudisc?: boolean }) {
  const ttl = numberOr(`${kind}: ttl`, o.ttl, 'inherit', 0xff);
  const tos = numberOr(`${kind}: tos`, o.tos, 'inherit', 0xff);
  return { ttl: ttl === 'inherit' ? 0 : ttl, tos: tos === 'inherit' ? 1 : tos, pmtudisc: flag(boolean(`${kind}: pmtudisc`, o.pmtudisc)) };
}

const IP6_GRE_KINDS = ['ip6gre', 'ip6gretap', 'ip6erspan'];
const ERSPAN_KINDS = ['erspan', 'ip6erspan'];

function greData(o: GreOptions, context: KindContext): Promise<object> | object {
  const kind = context.kind;
  const ipv6 = IP6_GRE_KINDS.includes(kind);
  rejectFields(kind, o, ipv6 ? ['tos', 'pmtudisc', 'ignoreDf'] : ['encapLimit', 'tclass', 'flowlabel', 'dscpInherit', 'allowLocalRemote']);
  if (!ERSPAN_KINDS.includes(kind)) rejectFields(kind, o, ['erspan']);
  if (!ipv6 && o.fwmark === 'inherit') throw new RouteInputError(`${kind}: fwmark 'inherit' is for ip6 tunnels only`);
  const key = u32(`${kind}: key`, o.key);
  if (key !== undefined && (o.ikey !== undefined || o.okey !== undefined)) throw new RouteInputError(`${kind}: give key, or ikey/okey, not both`);
  const ikey = key ?? u32(`${kind}: ikey`, o.ikey);
  const okey = key ?? u32(`${kind}: okey`, o.okey);
  const seq = boolean(`${kind}: seq`, o.seq);
  const csum = boolean(`${kind}: csum`, o.csum);
  const bits = (k: number | undefined, s: boolean | undefined, c: boolean | undefined) =>
    ((k !== undefined ? GRE_KEY : 0) | (s ? GRE_SEQ : 0) | (c ? GRE_CSUM : 0)) >>> 0;
  const iflags = bits(ikey, seq || boolean(`${kind}: iseq`, o.iseq), csum || boolean(`${kind}: icsum`, o.icsum));
  const oflags = bits(okey, seq || boolean(`${kind}: oseq`, o.oseq), csum || boolean(`${kind}: ocsum`, o.ocsum));
  const data: Record<string, unknown> = {
    ...endpoints(kind, o, ipv6 ? AF_INET6 : AF_INET),
    iflags: iflags ? [iflags] : undefined,
    oflags: oflags ? [oflags] : undefined,
    ikey,
    okey,
    collectMetadata: boolean(`${kind}: external`, o.external) || undefined,
    ...encapFields(kind, o.encap),
  };
  if (ipv6) {
    const ttl = numberOr(`${kind}: ttl`, o.ttl, 'inherit', 0xff);
    Object.assign(data, { ttl: ttl === 'inherit' ? 0 : ttl }, ip6Fields(kind, o));
  } else {
    Object.assign(data, ipv4Header(kind, o), { ignoreDf: flag(boolean(`${kind}: ignoreDf`, o.ignoreDf)), fwmark: u32(`${kind}: fwmark`, o.fwmark) });
  }
  if (o.erspan !== undefined) {
    const e = o.erspan;
    const version = integer(`${kind}: erspan version`, e.version, 0, 2);
    if (version === undefined) throw new RouteInputError(`${kind}: erspan needs a version (1 or 2)`);
    if (version === 1 && (e.direction !== undefined || e.hwid !== undefined)) throw new RouteInputError(`${kind}: erspan direction and hwid are version 2's`);
    if (version === 2 && e.index !== undefined) throw new RouteInputError(`${kind}: erspan index is version 1's`);
    Object.assign(data, {
      erspanVer: version,
      erspanIndex: integer(`${kind}: erspan index`, e.index, 0, 0xfffff),
      erspanDir: oneOf(`${kind}: erspan direction`, e.direction, ['ingress', 'egress'] as const),
      erspanHwid: integer(`${kind}: erspan hwid`, e.hwid, 0, 0x3f),
    });
  }
  return lowerIndex(o, context).then((link) => defined({ ...data, link }));
}

const IPTUN_MODES: Record<string, Record<string, number>> = {
  ipip: { ipip: 4, mplsip: 137, any: 0 },
  sit: { ip6ip: 41, ipip: 4, mplsip: 137, any: 0 },
  ip6tnl: { ip6ip6: 41, ipip6: 4, any: 0 },
};

async function ipTunnelData(o: IpTunnelOptions, context: KindContext): Promise<object> {
  const kind = context.kind;
  const ipv6 = kind === 'ip6tnl';
  rejectFields(kind, o, ipv6 ? ['tos', 'pmtudisc', 'isatap'] : ['encapLimit', 'tclass', 'flowlabel', 'dscpInherit', 'allowLocalRemote']);
  if (kind !== 'sit') rejectFields(kind, o, ['isatap']);
  if (!ipv6 && o.fwmark === 'inherit') throw new RouteInputError(`${kind}: fwmark 'inherit' is for ip6tnl only`);
  const modes = IPTUN_MODES[kind];
  const mode = o.mode === undefined ? undefined : oneOf(`${kind}: mode`, o.mode, Object.keys(modes));
  const data: Record<string, unknown> = {
    ...endpoints(kind, o, ipv6 ? AF_INET6 : AF_INET),
    proto: mode === undefined ? undefined : modes[mode],
    collectMetadata: boolean(`${kind}: external`, o.external) || undefined,
    ...encapFields(kind, o.encap),
    link: await lowerIndex(o, context),
  };
  if (ipv6) {
    const ttl = numberOr(`${kind}: ttl`, o.ttl, 'inherit', 0xff);
    Object.assign(data, { ttl: ttl === 'inherit' ? 0 : ttl }, ip6Fields(kind, o));
  } else {
    Object.assign(data, ipv4Header(kind, o), { fwmark: u32(`${kind}: fwmark`, o.fwmark) });
    if (boolean(`${kind}: isatap`, o.isatap)) data.flags = SIT_ISATAP;
  }
  return defined(data);
}

async function vtiData(o: VtiOptions, context: KindContext): Promise<object> {
  const kind = context.kind;
  const key = u32(`${kind}: key`, o.key);
  if (key !== undefined && (o.ikey !== undefined || o.okey !== undefined)) throw new RouteInputError(`${kind}: give key, or ikey/okey, not both`);
  return defined({
    ...endpoints(kind, o, kind === 'vti6' ? AF_INET6 : AF_INET),
    ikey: key ?? u32(`${kind}: ikey`, o.ikey),
    okey: key ?? u32(`${kind}: okey`, o.okey),
    fwmark: u32(`${kind}: fwmark`, o.fwmark),
    link: await lowerIndex(o, context),
  });
}

function geneveData(o: GeneveOptions): object {
  const external = boolean('geneve: external', o.external);
  const id = integer('geneve: id', o.id, 0, 0xffffff);
  if (id === undefined && !external) throw new RouteInputError("geneve: give an id (the VNI), or external: true");
  let remote: Record<string, string> = {};
  if (o.remote !== undefined) {
    let family: number | undefined;
    try {
      family = typeof o.remote === 'string' ? addressFamily(o.remote) : undefined;
    } catch {
      family = undefined;
    }
    if (family === undefined) throw new RouteInputError(`geneve: remote ${JSON.stringify(o.remote)} is not an IP address`);
    remote = family === AF_INET6 ? { remote6: o.remote } : { remote: o.remote };
  }
  const ttl = o.ttl === 'auto' ? 0 : numberOr('geneve: ttl', o.ttl, 'inherit', 0xff);
  const tos = numberOr('geneve: tos', o.tos, 'inherit', 0xff);
  return defined({
    id,
    ...remote,
    ttl: typeof ttl === 'number' ? ttl : undefined,
    ttlInherit: ttl === 'inherit' ? 1 : undefined,
    tos: tos === 'inherit' ? 1 : tos,
    df: oneOf('geneve: df', o.df, ['unset', 'set', 'inherit'] as const),
    label: integer('geneve: flowlabel', o.flowlabel, 0, 0xfffff),
    port: u16('geneve: port', o.port),
    udpCsum: flag(boolean('geneve: udpCsum', o.udpCsum)),
    udpZeroCsum6Tx: flag(boolean('geneve: udp6ZeroCsumTx', o.udp6ZeroCsumTx)),
    udpZeroCsum6Rx: flag(boolean('geneve: udp6ZeroCsumRx', o.udp6ZeroCsumRx)),
    collectMetadata: external || undefined,
    innerProtoInherit: boolean('geneve: innerProtoInherit', o.innerProtoInherit) || undefined,
  });
}

function bareudpData(o: BareudpOptions): object {
  const port = u16('bareudp: port', o.port);
  if (port === undefined) throw new RouteInputError('bareudp: a port is required');
  let ethertype: number | undefined;
  if (typeof o.ethertype === 'string') ethertype = ETHERTYPES[oneOf('bareudp: ethertype', o.ethertype, Object.keys(ETHERTYPES))!];
  else ethertype = u16('bareudp: ethertype', o.ethertype);
  if (ethertype === undefined) throw new RouteInputError("bareudp: an ethertype is required ('ip', 'ipv6', 'mpls_uc', 'mpls_mc')");
  return defined({
    port,
    ethertype,
    srcportMin: u16('bareudp: srcportMin', o.srcportMin),
    multiprotoMode: boolean('bareudp: multiproto', o.multiproto) || undefined,
  });
}

async function xfrmData(o: XfrmOptions, context: KindContext): Promise<object> {
  const external = boolean('xfrm: external', o.external);
  const ifId = u32('xfrm: ifId', o.ifId);
  if (ifId === 0) throw new RouteInputError('xfrm: ifId 0 is not an interface id');
  if (ifId === undefined && !external) throw new RouteInputError('xfrm: give an ifId, or external: true');
  return defined({ link: await lowerIndex(o, context), ifId, collectMetadata: external || undefined });
}

/** The tunnel kinds' entries of the kind registry: the LinkSpec member, the kinds it serves, its encoder. */
export const TUNNEL_KIND_OPTIONS: readonly KindOptions[] = [
  kindOptions<GreOptions>('gre', ['gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan'], greData),
  kindOptions<IpTunnelOptions>('ipTunnel', ['ipip', 'sit', 'ip6tnl'], ipTunnelData),
  kindOptions<VtiOptions>('vti', ['vti', 'vti6'], vtiData),
  kindOptions<GeneveOptions>('geneve', ['geneve'], geneveData),
  kindOptions<BareudpOptions>('bareudp', ['bareudp'], bareudpData),
  kindOptions<XfrmOptions>('xfrm', ['xfrm'], xfrmData),
];

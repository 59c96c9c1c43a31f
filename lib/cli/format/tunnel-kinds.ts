// linkinfo.info_data of the IP tunnel kinds as iproute2 6.1 prints it: gre_print_opt (ip/link_gre.c, also gretap
// and erspan), its IPv6 twin (ip/link_gre6.c), iptunnel_print_opt (ip/link_iptnl.c: ipip, sit),
// ip6tunnel_print_opt (ip/link_ip6tnl.c), vti(6)_print_opt, geneve_print_opt, bareudp_print_opt, xfrm_print_opt
// and the shared tnl_print_endpoint / tnl_print_encap (ip/tunnel.c).
import { GRE_FLAGS, IP6_TUNNEL_FLAGS, IP_TUNNEL_PROTOCOLS, SIT_ISATAP, TUNNEL_ENCAP_FLAGS, TUNNEL_ENCAP_TYPES } from '../../route/messages/tunnel-kinds';
import { interfaceName, type FormatContext } from './context';
import { etherProtocolName, hex } from './names';
import { Printed } from './printer';
import { bitsOf, codeOf } from './values';

type Data = Record<string, unknown>;
/** How one kind's info_data prints (link-kinds' KindPrinter, which registers these). */
type KindPrinter = (data: Data, context: FormatContext) => Printed;


const GRE_KEY = 0x2000;
const GRE_SEQ = 0x1000;
const GRE_CSUM = 0x8000;
const IP6_TNL = { ignEncapLimit: 0x1, useOrigTclass: 0x2, useOrigFlowlabel: 0x4, mip6Dev: 0x8, rcvDscpCopy: 0x10, useOrigFwmark: 0x20, allowLocalRemote: 0x40 };

function uint(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

const isUnspecified = (address: string): boolean => address === '0.0.0.0' || address === '::';

/** tnl_print_endpoint: the address, or "any" when absent or all zeros. */
function endpoint(out: Printed, key: 'remote' | 'local', address: unknown): void {
  const value = typeof address === 'string' && !isUnspecified(address) ? address : 'any';
  out.add(key, value, `${key} ${value} `);
}

/** The lower device (IFLA_*_LINK) when it is set: ip's ll_index_to_name. */
function lowerDevice(out: Printed, link: unknown, context: FormatContext): void {
  const index = uint(link);
  if (index) {
    const name = interfaceName(context, index);
    out.add('link', name, `dev ${name} `);
  }
}

/** The TTL (IPv4: "ttl", IPv6: "hoplimit"); 0 is "inherit" on screen and 0 in JSON. */
function ttl(out: Printed, value: unknown, word: 'ttl' | 'hoplimit'): void {
  const t = uint(value) ?? 0;
  out.key('ttl', t).say(t ? `${word} ${t} ` : `${word} inherit `);
}

function tos(out: Printed, value: unknown): void {
  const t = uint(value) ?? 0;
  if (t) out.key('tos', hex(t)).say(t === 1 ? 'tos inherit ' : `tos ${hex(t)} `);
}

function fwmark(out: Printed, value: unknown): void {
  const mark = uint(value);
  if (mark) out.add('fwmark', hex(mark), `fwmark ${hex(mark)} `);
}

/** A GRE or VTI key as ip prints it: the four bytes of the big-endian key, dotted like an IPv4 address. */
function dottedKey(key: number): string {
  return [key >>> 24, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff].join('.');
}

/** tnl_print_encap: FOU/GUE encapsulation, when one is set. */
function encap(out: Printed, d: Data): void {
  if (d.encapType === undefined) return;
  const type = codeOf(d.encapType as string | number, TUNNEL_ENCAP_TYPES);
  if (type === 0) return;
  const flags = bitsOf(d.encapFlags as Array<string | number> | undefined, TUNNEL_ENCAP_FLAGS);
  const sport = uint(d.encapSport) ?? 0;
  const dport = uint(d.encapDport) ?? 0;
  const name = type === 1 ? 'fou' : type === 2 ? 'gue' : null;
  out.key('encap', { type: name, sport, dport, csum: (flags & 1) !== 0, csum6: (flags & 2) !== 0, remcsum: (flags & 4) !== 0 });
  const flag = (word: string, on: boolean): string => `${on ? '' : 'no'}encap-${word} `;
  out.say(`encap ${name ?? 'unknown'} `);
  out.say(`encap-sport ${sport ? `${sport} ` : 'auto '}encap-dport ${dport} `);
  out.say(flag('csum', (flags & 1) !== 0) + flag('csum6', (flags & 2) !== 0) + flag('remcsum', (flags & 4) !== 0));
}

/** The GRE keys and header flags (ikey/okey dotted, iseq/oseq/icsum/ocsum). */
function greKeysAndFlags(out: Printed, d: Data): void {
  const iflags = bitsOf(d.iflags as Array<string | number> | undefined, GRE_FLAGS);
  const oflags = bitsOf(d.oflags as Array<string | number> | undefined, GRE_FLAGS);
  const ikey = uint(d.ikey);
  const okey = uint(d.okey);
  if (iflags & GRE_KEY && ikey !== undefined) out.add('ikey', dottedKey(ikey), `ikey ${dottedKey(ikey)} `);
  if (oflags & GRE_KEY && okey !== undefined) out.add('okey', dottedKey(okey), `okey ${dottedKey(okey)} `);
  if (iflags & GRE_SEQ) out.add('iseq', true, 'iseq ');
  if (oflags & GRE_SEQ) out.add('oseq', true, 'oseq ');
  if (iflags & GRE_CSUM) out.add('icsum', true, 'icsum ');
  if (oflags & GRE_CSUM) out.add('ocsum', true, 'ocsum ');
}

function erspan(out: Printed, d: Data): void {
  const index = uint(d.erspanIndex);
  if (index !== undefined) out.add('erspan_index', index, `erspan_index ${index} `);
  const version = uint(d.erspanVer);
  if (version !== undefined) out.add('erspan_ver', version, `erspan_ver ${version} `);
  if (d.erspanDir !== undefined) {
    const dir = d.erspanDir === 0 || d.erspanDir === 'ingress' ? 'ingress' : 'egress';
    out.add('erspan_dir', dir, `erspan_dir ${dir} `);
  }
  const hwid = uint(d.erspanHwid);
  if (hwid !== undefined) out.add('erspan_hwid', hex(hwid), `erspan_hwid ${hex(hwid)} `);
}

/** The IPv6 tunnels' encapsulation limit, traffic class, flow label and DSCP copying (IP6_TNL_F_* and flowinfo). */
function ip6Fields(out: Printed, d: Data, flags: number): void {
  if (flags & IP6_TNL.ignEncapLimit) out.add('ip6_tnl_f_ign_encap_limit', true, 'encaplimit none ');
  else if (d.encapLimit !== undefined) out.add('encap_limit', uint(d.encapLimit), `encaplimit ${uint(d.encapLimit)} `);
  const flowinfo = uint(d.flowinfo);
  if (flags & IP6_TNL.useOrigTclass) out.add('ip6_tnl_f_use_orig_tclass', true, 'tclass inherit ');
  else if (flowinfo !== undefined) {
    const tclass = `0x${((flowinfo & 0x0ff00000) >>> 20).toString(16).padStart(2, '0')}`;
    out.add('tclass', tclass, `tclass ${tclass} `);
  }
  if (flags & IP6_TNL.useOrigFlowlabel) out.add('ip6_tnl_f_use_orig_flowlabel', true, 'flowlabel inherit ');
  else if (flowinfo !== undefined) {
    const label = `0x${(flowinfo & 0xfffff).toString(16).padStart(5, '0')}`;
    out.add('flowlabel', label, `flowlabel ${label} `);
  }
  if (flags & IP6_TNL.rcvDscpCopy) out.add('ip6_tnl_f_rcv_dscp_copy', true, 'dscp inherit ');
}

/** The IPv6 tunnels' allow-localremote and fwmark (inherited or set). */
function ip6Fwmark(out: Printed, d: Data, flags: number): void {
  if (flags & IP6_TNL.allowLocalRemote) out.add('ip6_tnl_f_allow_local_remote', true, 'allow-localremote ');
  if (flags & IP6_TNL.useOrigFwmark) out.add('ip6_tnl_f_use_orig_fwmark', true, 'fwmark inherit ');
  else fwmark(out, d.fwmark);
}

/** gre, gretap, erspan (gre_print_opt of ip/link_gre.c). */
function gre(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  if (d.collectMetadata) out.add('external', true, 'external ');
  endpoint(out, 'remote', d.remote);
  endpoint(out, 'local', d.local);
  lowerDevice(out, d.link, context);
  ttl(out, d.ttl, 'ttl');
  tos(out, d.tos);
  if (d.pmtudisc !== undefined) {
    if (!uint(d.pmtudisc)) out.add('pmtudisc', false, 'nopmtudisc ');
    else out.key('pmtudisc', true);
  }
  if (uint(d.ignoreDf)) out.add('ignore_df', true, 'ignore-df ');
  greKeysAndFlags(out, d);
  fwmark(out, d.fwmark);
  erspan(out, d);
  encap(out, d);
  return out;
}

/** ip6gre, ip6gretap, ip6erspan (gre_print_opt of ip/link_gre6.c). */
function ip6gre(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  if (d.collectMetadata) out.add('external', true, 'external ');
  const flags = bitsOf(d.flags as Array<string | number> | undefined, IP6_TUNNEL_FLAGS);
  endpoint(out, 'remote', d.remote);
  endpoint(out, 'local', d.local);
  lowerDevice(out, d.link, context);
  ttl(out, d.ttl, 'hoplimit');
  ip6Fields(out, d, flags);
  greKeysAndFlags(out, d);
  ip6Fwmark(out, d, flags);
  erspan(out, d);
  encap(out, d);
  return out;
}

/** ipip, sit (iptunnel_print_opt). */
function iptun(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  if (d.collectMetadata) out.add('external', true, 'external ');
  if (d.proto !== undefined) {
    const names: Record<number, string> = { 4: 'ipip', 41: 'ip6ip', 137: 'mplsip', 0: 'any' };
    const proto = names[codeOf(d.proto as string | number, IP_TUNNEL_PROTOCOLS, -1)];
    if (proto !== undefined) out.add('proto', proto, `${proto} `);
  }
  endpoint(out, 'remote', d.remote);
  endpoint(out, 'local', d.local);
  lowerDevice(out, d.link, context);
  ttl(out, d.ttl, 'ttl');
  tos(out, d.tos);
  if (uint(d.pmtudisc)) out.add('pmtudisc', true, 'pmtudisc ');
  else out.add('pmtudisc', false, 'nopmtudisc ');
  if ((uint(d.flags) ?? 0) & SIT_ISATAP) out.add('isatap', true, 'isatap ');
  const prefixlen = uint(d['6rdPrefixlen']);
  if (prefixlen) {
    const prefix = String(d['6rdPrefix'] ?? '::');
    const relay = typeof d['6rdRelayPrefix'] === 'string' ? d['6rdRelayPrefix'] : '0.0.0.0';
    const relayLen = uint(d['6rdRelayPrefixlen']) ?? 0;
    out.key('prefix', prefix).key('prefixlen', prefixlen).say(`6rd-prefix ${prefix}/${prefixlen} `);
    if (relay !== '0.0.0.0') out.key('relay_prefix', relay).key('relay_prefixlen', relayLen).say(`6rd-relay_prefix ${relay}/${relayLen} `);
  }
  fwmark(out, d.fwmark);
  encap(out, d);
  return out;
}

/** ip6tnl (ip6tunnel_print_opt). */
function ip6tnl(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  if (d.collectMetadata) out.add('external', true, 'external ');
  const flags = bitsOf(d.flags as Array<string | number> | undefined, IP6_TUNNEL_FLAGS);
  if (d.proto !== undefined) {
    const names: Record<number, string> = { 4: 'ipip6', 41: 'ip6ip6', 0: 'any' };
    const proto = names[codeOf(d.proto as string | number, IP_TUNNEL_PROTOCOLS, -1)];
    if (proto !== undefined) out.add('proto', proto, `${proto} `);
  }
  endpoint(out, 'remote', d.remote);
  endpoint(out, 'local', d.local);
  lowerDevice(out, d.link, context);
  ttl(out, d.ttl, 'hoplimit');
  ip6Fields(out, d, flags);
  if (flags & IP6_TNL.mip6Dev) out.add('ip6_tnl_f_mip6_dev', true, 'mip6 ');
  ip6Fwmark(out, d, flags);
  encap(out, d);
  return out;
}

/** vti, vti6 (vti_print_opt, vti6_print_opt): keys print only when set. */
function vti(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  endpoint(out, 'remote', d.remote);
  endpoint(out, 'local', d.local);
  lowerDevice(out, d.link, context);
  for (const key of ['ikey', 'okey'] as const) {
    const value = uint(d[key]);
    if (value) out.add(key, dottedKey(value), `${key} ${dottedKey(value)} `);
  }
  fwmark(out, d.fwmark);
  return out;
}

/** geneve (geneve_print_opt). */
function geneve(d: Data): Printed {
  const out = new Printed();
  if (d.collectMetadata) out.add('external', true, 'external ');
  const id = uint(d.id);
  if (id !== undefined) out.add('id', id, `id ${id} `);
  if (d.remote !== undefined) {
    if (typeof d.remote === 'string' && d.remote !== '0.0.0.0') out.add('remote', d.remote, `remote ${d.remote} `);
  } else if (typeof d.remote6 === 'string' && d.remote6 !== '::' && !d.remote6.toLowerCase().startsWith('ff')) {
    out.add('remote6', d.remote6, `remote ${d.remote6} `);
  }
  if (uint(d.ttlInherit)) out.say('ttl inherit ');
  else if (d.ttl !== undefined) {
    const t = uint(d.ttl) ?? 0;
    out.key('ttl', t).say(t ? `ttl ${t} ` : 'ttl auto ');
  }
  tos(out, d.tos);
  if (d.df !== undefined) {
    const df = typeof d.df === 'number' ? ['unset', 'set', 'inherit'][d.df] : String(d.df);
    if (df === 'unset') out.key('df', df);
    else if (df !== undefined) out.add('df', df, `df ${df} `);
  }
  const label = uint(d.label);
  if (label) out.add('label', hex(label), `flowlabel ${hex(label)} `);
  const port = uint(d.port);
  if (port !== undefined) out.add('port', port, `dstport ${port} `);
  const switches: Array<[field: string, key: string, text: string]> = [
    ['udpCsum', 'udp_csum', 'udpcsum'],
    ['udpZeroCsum6Tx', 'udp_zero_csum6_tx', 'udp6zerocsumtx'],
    ['udpZeroCsum6Rx', 'udp_zero_csum6_rx', 'udp6zerocsumrx'],
  ];
  for (const [field, key, text] of switches) {
    const value = uint(d[field]);
    if (value !== undefined) out.key(key, value !== 0).say(`${value ? '' : 'no'}${text} `);
  }
  if (d.innerProtoInherit) out.add('inner_proto_inherit', true, 'innerprotoinherit ');
  return out;
}

/** bareudp (bareudp_print_opt). */
function bareudp(d: Data): Printed {
  const out = new Printed();
  const port = uint(d.port);
  if (port !== undefined) out.add('dstport', port, `dstport ${port} `);
  const ethertype = uint(d.ethertype);
  if (ethertype !== undefined) {
    const name = etherProtocolName(ethertype) ?? `[${ethertype}]`;
    out.add('ethertype', name, `ethertype ${name} `);
  }
  const min = uint(d.srcportMin);
  if (min !== undefined) out.add('srcportmin', min, `srcportmin ${min} `);
  if (d.multiprotoMode) out.add('multiproto', true, 'multiproto ');
  else out.add('multiproto', false, 'nomultiproto ');
  return out;
}

/** xfrm (xfrm_print_opt): an external interface prints nothing else. */
function xfrm(d: Data): Printed {
  const out = new Printed();
  if (d.collectMetadata) return out.add('external', true, 'external ');
  const id = uint(d.ifId);
  if (id !== undefined) out.add('if_id', hex(id), `if_id ${hex(id)} `);
  return out;
}

/** The printers of the tunnel kinds, by kind name. */
export const TUNNEL_PRINTERS: Readonly<Record<string, KindPrinter>> = {
  gre,
  gretap: gre,
  erspan: gre,
  ip6gre,
  ip6gretap: ip6gre,
  ip6erspan: ip6gre,
  ipip: iptun,
  sit: iptun,
  ip6tnl,
  vti,
  vti6: vti,
  geneve,
  bareudp,
  xfrm,
};

// The words of `link add NAME type TUNNEL` for the IP tunnels (ip's link_gre.c, link_gre6.c, link_iptnl.c,
// link_ip6tnl.c, link_vti.c, link_vti6.c, iplink_geneve.c, iplink_bareudp.c, iplink_xfrm.c syntax), registered as
// kind parsers that fill the LinkSpec tunnel options the library encodes. ip's parse errors are reproduced here;
// what only the kernel can judge is left to the kernel.
import { isIP, isIPv4, isIPv6 } from 'net';
import type { BareudpOptions, GeneveOptions, GreOptions, IpTunnelOptions, TunnelEncapOptions, VtiOptions, XfrmOptions } from '../route/tunnel-options';
import { ArgReader, UsageError, invalidArgument, matches } from './args';
import { kindNumber, registerLinkKind, unknownKindWord } from './link-kinds';

const U32 = 0xffffffff;

/** An endpoint of the family the kind runs over (`any` leaves it unset, as ip's `remote any`). */
function endpoint(text: string, ipv6: boolean): string | undefined {
  if (text === 'any') return undefined;
  if (!(ipv6 ? isIPv6(text) : isIPv4(text))) throw new UsageError(`Error: ${ipv6 ? 'inet6' : 'inet'} address is expected rather than "${text}".`, 1);
  return text;
}

/** A GRE or VTI key: a number or a dotted quad (ip's tnl_parse_key), as the 32-bit value it puts on the wire. */
function tunnelKey(word: string, text: string): number {
  if (text.includes('.')) {
    if (!isIPv4(text)) throw new UsageError(`invalid value for "${word}": "${text}"; it should be an unsigned integer`, 255);
    return text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
  }
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(value <= U32)) throw new UsageError(`invalid value for "${word}": "${text}"; it should be an unsigned integer`, 255);
  return value;
}

/** `ttl`/`hoplimit`: a number to 255 or `inherit`. */
function ttlWord(text: string, why: string): number | 'inherit' {
  return text === 'inherit' ? 'inherit' : kindNumber(text, 255, why);
}

/** `tos`/`dsfield`: a number to 255 or `inherit` (ip's "bad TOS value"). */
function tosWord(text: string): number | 'inherit' {
  return text === 'inherit' ? 'inherit' : kindNumber(text, 255, 'bad TOS value');
}

/** Reads one of ip's FOU/GUE words into `encap`; false when the word is not one. */
function encapWord(word: string, args: ArgReader, holder: { encap?: TunnelEncapOptions }): boolean {
  const encap = (): TunnelEncapOptions => (holder.encap ??= { type: 'none' });
  switch (word) {
    case 'noencap':
      encap().type = 'none';
      return true;
    case 'encap': {
      const type = args.need();
      if (type !== 'fou' && type !== 'gue' && type !== 'none') throw invalidArgument(type, 'Invalid encap type.');
      encap().type = type;
      return true;
    }
    case 'encap-sport': {
      const port = args.need();
      encap().sport = port === 'auto' ? 'auto' : kindNumber(port, 0xffff, 'Invalid source port.');
      return true;
    }
    case 'encap-dport':
      encap().dport = kindNumber(args.need(), 0xffff, 'Invalid destination port.');
      return true;
    case 'encap-csum':
    case 'noencap-csum':
      encap().csum = word === 'encap-csum';
      return true;
    case 'encap-remcsum':
    case 'noencap-remcsum':
      encap().remcsum = word === 'encap-remcsum';
      return true;
    default:
      return false;
  }
}

/** The IPv6 tunnels' words (encaplimit, tclass, flowlabel, dscp, allow-localremote); false when not one. */
function ip6Word(word: string, args: ArgReader, o: GreOptions | IpTunnelOptions): boolean {
  if (word === 'encaplimit') {
    const text = args.need();
    o.encapLimit = text === 'none' ? 'none' : kindNumber(text, 255, 'invalid ELIM');
  } else if (word === 'tclass' || word === 'tc' || word === 'dsfield' || word === 'tos') {
    const text = args.need();
    o.tclass = text === 'inherit' ? 'inherit' : kindNumber(text, 255, 'invalid TClass');
  } else if (word === 'flowlabel' || word === 'fl') {
    const text = args.need();
    o.flowlabel = text === 'inherit' ? 'inherit' : kindNumber(text, 0xfffff, 'invalid Flowlabel');
  } else if (word === 'dscp') {
    const text = args.need();
    if (text !== 'inherit') throw invalidArgument(text, 'not inherit');
    o.dscpInherit = true;
  } else if (word === 'allow-localremote' || word === 'noallow-localremote') {
    o.allowLocalRemote = word === 'allow-localremote';
  } else {
    return false;
  }
  return true;
}

/** `fwmark MARK`, with `inherit` on the IPv6 kinds. */
function fwmarkWord(text: string, ipv6: boolean): number | 'inherit' {
  return ipv6 && text === 'inherit' ? 'inherit' : kindNumber(text, U32, 'invalid fwmark\n');
}

function greParser(kind: string, ipv6: boolean) {
  // ip 6.1 reads the ERSPAN words on an IPv4 tunnel only when it is an erspan, on an IPv6 one always (the library
  // then refuses them on a kind other than ip6erspan).
  const erspan = ipv6 || kind === 'erspan';
  registerLinkKind(kind, (args) => {
    const gre: GreOptions = {};
    while (!args.done) {
      const word = args.next()!;
      switch (word) {
        case 'remote': gre.remote = endpoint(args.need(), ipv6); break;
        case 'local': gre.local = endpoint(args.need(), ipv6); break;
        case 'dev': gre.dev = args.need(); break;
        case 'key': case 'ikey': case 'okey': gre[word] = tunnelKey(word, args.need()); break;
        case 'nokey': case 'noikey': case 'nookey': delete gre[word.slice(2) as 'key']; break;
        case 'seq': case 'iseq': case 'oseq': case 'csum': case 'icsum': case 'ocsum': gre[word] = true; break;
        case 'noseq': case 'noiseq': case 'nooseq': case 'nocsum': case 'noicsum': case 'noocsum':
          gre[word.slice(2) as 'seq'] = false;
          break;
        case 'ttl': case 'hoplimit': case 'hlim': gre.ttl = ttlWord(args.need(), ipv6 ? 'invalid HLIM\n' : 'invalid TTL\n'); break;
        case 'fwmark': gre.fwmark = fwmarkWord(args.need(), ipv6); break;
        case 'external': gre.external = true; break;
        case 'erspan_ver': case 'erspan': case 'erspan_dir': case 'erspan_hwid':
          if (!erspan) throw unknownKindWord(kind, word);
          erspanWord(word, args.need(), gre);
          break;
        default:
          if (encapWord(word, args, gre)) break;
          if (ipv6 && ip6Word(word, args, gre)) break;
          if (!ipv6 && (word === 'tos' || word === 'tclass' || word === 'dsfield')) gre.tos = tosWord(args.need());
          else if (!ipv6 && (word === 'pmtudisc' || word === 'nopmtudisc')) gre.pmtudisc = word === 'pmtudisc';
          else if (!ipv6 && (word === 'ignore-df' || word === 'noignore-df')) gre.ignoreDf = word === 'ignore-df';
          else throw unknownKindWord(kind, word);
      }
    }
    return Object.keys(gre).length === 0 ? {} : { gre };
  });
}

function erspanWord(word: string, text: string, gre: GreOptions): void {
  const e = (gre.erspan ??= { version: 1 });
  if (word === 'erspan_ver') {
    if (text !== '0' && text !== '1' && text !== '2') throw invalidArgument(text, 'erspan version must be 0/1/2\n');
    e.version = Number(text) as 0 | 1 | 2;
  } else if (word === 'erspan') {
    e.index = kindNumber(text, 0xfffff, 'invalid erspan index\n');
  } else if (word === 'erspan_dir') {
    if (text !== 'ingress' && text !== 'egress') throw invalidArgument(text, 'Invalid erspan direction.');
    e.direction = text;
  } else {
    e.hwid = kindNumber(text, 0x3f, 'invalid erspan hwid\n');
  }
}

greParser('gre', false);
greParser('gretap', false);
greParser('erspan', false);
greParser('ip6gre', true);
greParser('ip6gretap', true);
greParser('ip6erspan', true);

/** ip's tunnel mode words (link_iptnl.c, link_ip6tnl.c) → the LinkSpec mode. */
const TUNNEL_MODES: Record<string, Record<string, NonNullable<IpTunnelOptions['mode']>>> = {
  ipip: { ipip: 'ipip', 'ip/ip': 'ipip', 'ipv4/ipv4': 'ipip', ip4ip4: 'ipip', mplsip: 'mplsip', 'mpls/ipv4': 'mplsip', any: 'any', 'any/ipv4': 'any' },
  sit: { ip6ip: 'ip6ip', 'ipv6/ipv4': 'ip6ip', ipip: 'ipip', 'ip/ip': 'ipip', 'ipv4/ipv4': 'ipip', ip4ip4: 'ipip', mplsip: 'mplsip', 'mpls/ipv4': 'mplsip', any: 'any', 'any/ipv4': 'any' },
  ip6tnl: { ip6ip6: 'ip6ip6', 'ipv6/ipv6': 'ip6ip6', ipip6: 'ipip6', 'ip/ipv6': 'ipip6', 'ipv4/ipv6': 'ipip6', ip4ip6: 'ipip6', any: 'any', 'any/ipv6': 'any' },
};

function ipTunnelParser(kind: 'ipip' | 'sit' | 'ip6tnl') {
  const ipv6 = kind === 'ip6tnl';
  registerLinkKind(kind, (args) => {
    const tunnel: IpTunnelOptions = {};
    while (!args.done) {
      const word = args.next()!;
      if (word === 'remote') tunnel.remote = endpoint(args.need(), ipv6);
      else if (word === 'local') tunnel.local = endpoint(args.need(), ipv6);
      else if (word === 'dev') tunnel.dev = args.need();
      else if (word === 'mode') {
        const text = args.need();
        const mode = TUNNEL_MODES[kind][text.toLowerCase()];
        if (mode === undefined) throw invalidArgument(text, 'Cannot guess tunnel mode.');
        tunnel.mode = mode;
      } else if (word === 'ttl' || word === 'hoplimit' || word === 'hlim') tunnel.ttl = ttlWord(args.need(), ipv6 ? 'invalid HLIM\n' : 'invalid TTL\n');
      else if (word === 'fwmark') tunnel.fwmark = fwmarkWord(args.need(), ipv6);
      else if (word === 'external') tunnel.external = true;
      else if (encapWord(word, args, tunnel)) continue;
      else if (ipv6 && ip6Word(word, args, tunnel)) continue;
      else if (!ipv6 && (word === 'tos' || word === 'tclass' || word === 'dsfield')) tunnel.tos = tosWord(args.need());
      else if (!ipv6 && (word === 'pmtudisc' || word === 'nopmtudisc')) tunnel.pmtudisc = word === 'pmtudisc';
      else if (kind === 'sit' && word === 'isatap') tunnel.isatap = true;
      else throw unknownKindWord(kind, word);
    }
    return Object.keys(tunnel).length === 0 ? {} : { ipTunnel: tunnel };
  });
}

ipTunnelParser('ipip');
ipTunnelParser('sit');
ipTunnelParser('ip6tnl');

function vtiParser(kind: 'vti' | 'vti6') {
  registerLinkKind(kind, (args) => {
    const vti: VtiOptions = {};
    while (!args.done) {
      const word = args.next()!;
      if (word === 'remote') vti.remote = endpoint(args.need(), kind === 'vti6');
      else if (word === 'local') vti.local = endpoint(args.need(), kind === 'vti6');
      else if (word === 'dev') vti.dev = args.need();
      else if (word === 'key' || word === 'ikey' || word === 'okey') vti[word] = tunnelKey(word, args.need());
      else if (word === 'fwmark') vti.fwmark = kindNumber(args.need(), U32, 'invalid fwmark\n');
      else throw unknownKindWord(kind, word);
    }
    return Object.keys(vti).length === 0 ? {} : { vti };
  });
}

vtiParser('vti');
vtiParser('vti6');

registerLinkKind('geneve', (args) => {
  const geneve: GeneveOptions = {};
  while (!args.done) {
    const word = args.next()!;
    if (matches(word, 'id') || matches(word, 'vni')) geneve.id = kindNumber(args.need(), 0xffffff, 'invalid id');
    else if (matches(word, 'remote')) {
      const text = args.need();
      if (isIP(text) === 0) throw new UsageError(`Error: any valid address is expected rather than "${text}".`, 1);
      geneve.remote = text;
    } else if (matches(word, 'ttl') || matches(word, 'hoplimit')) {
      const text = args.need();
      geneve.ttl = text === 'inherit' || text === 'auto' ? text : kindNumber(text, 255, 'invalid TTL');
    } else if (matches(word, 'tos') || matches(word, 'dsfield')) geneve.tos = tosWord(args.need());
    else if (matches(word, 'df')) {
      const text = args.need();
      if (text !== 'unset' && text !== 'set' && text !== 'inherit') throw invalidArgument(text, "DF must be 'unset', 'set' or 'inherit'");
      geneve.df = text;
    } else if (matches(word, 'label') || matches(word, 'flowlabel')) geneve.flowlabel = kindNumber(args.need(), 0xfffff, 'invalid flowlabel');
    else if (matches(word, 'dstport')) geneve.port = kindNumber(args.need(), 0xffff, 'dstport');
    else if (word === 'external' || word === 'noexternal') geneve.external = word === 'external';
    else if (word === 'udpcsum' || word === 'noudpcsum') geneve.udpCsum = word === 'udpcsum';
    else if (word === 'udp6zerocsumtx' || word === 'noudp6zerocsumtx') geneve.udp6ZeroCsumTx = word === 'udp6zerocsumtx';
    else if (word === 'udp6zerocsumrx' || word === 'noudp6zerocsumrx') geneve.udp6ZeroCsumRx = word === 'udp6zerocsumrx';
    else if (word === 'innerprotoinherit') geneve.innerProtoInherit = true;
    else throw unknownKindWord('geneve', word);
  }
  if (args.position === 0) return {};
  if (geneve.external !== true) {
    if (geneve.id === undefined) throw new UsageError('geneve: missing virtual network identifier', 1);
    if (geneve.remote === undefined) throw new UsageError('geneve: remote link partner not specified', 1);
  }
  return { geneve };
});

const ETHERTYPE_WORDS = ['ip', 'ipv6', 'mpls_uc', 'mpls_mc'] as const;

registerLinkKind('bareudp', (args) => {
  let port: number | undefined;
  let ethertype: BareudpOptions['ethertype'] | undefined;
  const rest: Partial<BareudpOptions> = {};
  while (!args.done) {
    const word = args.next()!;
    if (matches(word, 'dstport')) port = kindNumber(args.need(), 0xffff, 'dstport');
    else if (matches(word, 'ethertype')) {
      const text = args.need();
      ethertype = ETHERTYPE_WORDS.find((name) => name === text) ?? kindNumber(text, 0xffff, 'ethertype');
    } else if (matches(word, 'srcportmin')) rest.srcportMin = kindNumber(args.need(), 0xffff, 'srcportmin');
    else if (word === 'multiproto' || word === 'nomultiproto') rest.multiproto = word === 'multiproto';
    else throw unknownKindWord('bareudp', word);
  }
  if (args.position === 0) return {};
  if (port === undefined) throw new UsageError('Error: argument "dstport" is required', 255);
  if (ethertype === undefined) throw new UsageError('Error: argument "ethertype" is required', 255);
  return { bareudp: { port, ethertype, ...rest } };
});

registerLinkKind('xfrm', (args) => {
  const xfrm: XfrmOptions = {};
  while (!args.done) {
    const word = args.next()!;
    if (matches(word, 'dev')) xfrm.dev = args.need();
    else if (matches(word, 'if_id')) {
      const text = args.need();
      const ifId = kindNumber(text, U32, 'if_id value is invalid');
      if (ifId === 0) throw invalidArgument(text, 'if_id value is invalid');
      xfrm.ifId = ifId;
    } else if (word === 'external') xfrm.external = true;
    else throw unknownKindWord('xfrm', word);
  }
  if (args.position === 0) return {};
  if (xfrm.ifId === undefined && xfrm.external !== true) throw new UsageError('Error: argument "IF_ID" is required', 255);
  return { xfrm };
});

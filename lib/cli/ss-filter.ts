// ss's filter expressions (iproute2 misc/ssfilter.y and ss.c's parse_hostcond/run_ssfilter): `state`/`exclude`
// words, then conditions on ports and addresses joined by and/or/not and parentheses, left to right as ss's
// grammar does. The tree compiles to the library's typed filter for inet sockets (which runs in the kernel as
// inet_diag bytecode) and is evaluated here, as ss evaluates it, for unix, netlink and packet sockets.
import { statSync } from 'fs';
import type { SocketFilter, SocketState } from '../diag';
import { parseAddressPrefix } from '../diag';
import { UsageError } from './args';

/** ss's state bits: TCP state numbers, as ss names them in `state NAME`. */
const STATE_WORDS: Record<string, SocketState[]> = {
  established: ['established'],
  'syn-sent': ['syn-sent'],
  'syn-recv': ['syn-recv'],
  'syn-rcv': ['syn-recv'],
  'fin-wait-1': ['fin-wait-1'],
  'fin-wait-2': ['fin-wait-2'],
  'time-wait': ['time-wait'],
  close: ['close'],
  closed: ['close'],
  'close-wait': ['close-wait'],
  'last-ack': ['last-ack'],
  listening: ['listen'],
  closing: ['closing'],
};
const ALL: SocketState[] = ['established', 'syn-sent', 'syn-recv', 'fin-wait-1', 'fin-wait-2', 'time-wait', 'close', 'close-wait', 'last-ack', 'listen', 'closing'];

/** The states a `state` word names (ss's scan_state). */
export function scanState(word: string): SocketState[] {
  const w = word.toLowerCase();
  if (STATE_WORDS[w]) return STATE_WORDS[w];
  if (w === 'all') return ALL;
  if (w === 'connected') return ALL.filter((s) => s !== 'close' && s !== 'listen');
  if (w === 'synchronized') return ALL.filter((s) => s !== 'close' && s !== 'listen' && s !== 'syn-sent');
  if (w === 'bucket') return ['syn-recv', 'time-wait'];
  if (w === 'big') return ALL.filter((s) => s !== 'syn-recv' && s !== 'time-wait');
  throw new UsageError(`ss: wrong state name: ${word}`);
}

/** The address family a host condition is read in: ss's preferred family, or the one its prefix names. */
export type HostFamily = 'unspec' | 'inet' | 'inet6' | 'unix' | 'packet' | 'netlink';

/** Resolves names the expression may use: service names, interface names, protocol names. */
export interface FilterNames {
  /** A service's port for each of ss's tables the command lists (tcp, udp) that knows the name. */
  service(name: string): { tcp?: number; udp?: number };
  interfaceIndex(name: string): number | undefined;
  /** An Ethernet protocol's number by its name ('ip', 'arp', ...). */
  etherProtocol(name: string): number | undefined;
  /** A netlink protocol's number by its ss name ('route', 'uevent', ...). */
  netlinkProtocol(name: string): number | undefined;
}

/**
 * One of ss's host conditions (struct aafilter): a port (-1: any), and an address prefix as ss keeps it
 * (inet_prefix bytes and bit length; a packet or netlink protocol is a 32-bit word), or a unix path pattern.
 */
export interface HostCond {
  family: HostFamily;
  port: number;
  /** Address bytes (16, zero-padded) and how many leading bits must match; bitlen 0: any address. */
  bytes: Buffer;
  bitlen: number;
  /** The inet prefix text, for the library's filter. */
  text?: string;
  /** A unix socket's path pattern (fnmatch, case-insensitive). */
  pattern?: string;
}

/** ss's filter tree (struct ssfilter). */
export type SsNode =
  | { type: 'src' | 'dst'; host: HostCond }
  | { type: 'sport>=' | 'sport<=' | 'dport>=' | 'dport<='; host: HostCond }
  | { type: 'dev'; index: number }
  | { type: 'fwmark'; mark: number; mask: number }
  | { type: 'cgroup'; id: bigint }
  | { type: 'autobound' }
  | { type: 'and' | 'or'; left: SsNode; right: SsNode }
  | { type: 'not'; inner: SsNode };

/** A parsed expression, and the family its last address chose (ss then lists that family only). */
export interface SsExpression {
  root?: SsNode;
  family?: Exclude<HostFamily, 'unspec'>;
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

function tokenize(args: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (const arg of args) {
    // Operators may be glued to their operands (`sport>=:1024`); addresses contain ':' '.' '/' '[' ']' '*' '%'.
    const re = /\s*(\(|\)|!=|>=|<=|==|=|>|<|&&|\|\||!|&|\||[^\s()!=<>&|]+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(arg)) !== null) {
      const t = m[1];
      if (/^(\(|\)|!=|>=|<=|==|=|>|<|!|&&|\|\||&|\|)$/.test(t)) tokens.push({ kind: 'op', text: t === '&&' ? '&' : t === '||' ? '|' : t });
      else tokens.push({ kind: 'word', text: t });
    }
  }
  return tokens;
}

const WORD_OPS: Record<string, string> = { eq: '=', neq: '!=', ne: '!=', ge: '>=', geq: '>=', le: '<=', leq: '<=', gt: '>', lt: '<', and: '&', or: '|', not: '!' };

/**
 * Parses a filter expression (after the state words). `preferred` is ss's preferred family (-4, -6, -x, -0,
 * -f): host conditions are read in it unless prefixed (`unix:`, `link:`, `netlink:`, `inet:`, `inet6:`), and a
 * condition read in a family makes that family the one for the next.
 */
export function parseExpression(args: readonly string[], names: FilterNames, preferred: HostFamily = 'unspec'): SsExpression {
  const tokens = tokenize(args).map((t) => (t.kind === 'word' && WORD_OPS[t.text] ? { kind: 'op' as const, text: WORD_OPS[t.text] } : t));
  let at = 0;
  let family = preferred;
  let chosen: SsExpression['family'];
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const isOp = (text: string) => peek()?.kind === 'op' && peek()!.text === text;

  function list(): SsNode {
    let left = expr();
    for (;;) {
      if (at >= tokens.length || isOp(')')) return left;
      if (isOp('|')) {
        next();
        left = { type: 'or', left, right: expr() };
      } else {
        if (isOp('&')) next();
        left = { type: 'and', left, right: expr() };
      }
    }
  }

  const host = (text: string, isPort: boolean): HostCond => {
    const h = hostCond(text, isPort, family, names);
    if (h.family !== 'unspec') {
      family = h.family;
      chosen = h.family;
    }
    return h;
  };

  function expr(): SsNode {
    const t = next();
    if (!t) throw new UsageError('ss: filter expression ends too early');
    if (t.kind === 'op' && t.text === '(') {
      const inner = list();
      if (!isOp(')')) throw new UsageError('ss: missing ")" in the filter');
      next();
      return inner;
    }
    if (t.kind === 'op' && t.text === '!') return { type: 'not', inner: expr() };
    if (t.kind !== 'word') throw new UsageError(`ss: unexpected "${t.text}" in the filter`);
    const key = t.text;
    const op = (): string => {
      const o = peek();
      if (o?.kind === 'op' && ['=', '==', '!=', '>=', '<=', '>', '<'].includes(o.text)) {
        next();
        return o.text === '==' ? '=' : o.text;
      }
      return '=';
    };
    const operand = (): string => {
      const v = next();
      if (!v || v.kind !== 'word') throw new UsageError(`ss: "${key}" needs an operand`);
      return v.text;
    };
    switch (key) {
      case 'sport':
      case 'dport': {
        const o = op();
        const h = host(operand(), true);
        const side = key === 'sport' ? 'src' : 'dst';
        // As ss's grammar: > is not <=, < is not >=.
        if (o === '=') return { type: side, host: h };
        if (o === '!=') return { type: 'not', inner: { type: side, host: h } };
        if (o === '>=') return { type: `${key}>=`, host: h };
        if (o === '<=') return { type: `${key}<=`, host: h };
        if (o === '>') return { type: 'not', inner: { type: `${key}<=`, host: h } };
        if (o === '<') return { type: 'not', inner: { type: `${key}>=`, host: h } };
        throw new UsageError(`ss: unexpected "${o}" after ${key}`);
      }
      case 'src':
      case 'dst': {
        const o = op();
        if (o !== '=') throw new UsageError(`ss: unexpected "${o}" after ${key}`);
        return { type: key, host: host(operand(), false) };
      }
      case 'dev': {
        const o = op();
        const name = operand();
        const index = names.interfaceIndex(name) ?? integer(name);
        if (index === undefined || index < 0 || index > 0xffffffff) throw new UsageError(`ss: cannot find device "${name}"`);
        const node: SsNode = { type: 'dev', index };
        return o === '!=' ? { type: 'not', inner: node } : node;
      }
      case 'fwmark': {
        const o = op();
        const text = operand();
        const [m, k] = text.split('/');
        const mark = integer(m);
        const mask = k === undefined ? 0xffffffff : integer(k);
        if (mark === undefined || mask === undefined) throw new UsageError(`ss: Cannot parse mark ${text}.`);
        const node: SsNode = { type: 'fwmark', mark: mark >>> 0, mask: mask >>> 0 };
        return o === '!=' ? { type: 'not', inner: node } : node;
      }
      case 'cgroup': {
        const o = op();
        const path = operand();
        let id: bigint;
        try {
          id = statSync(path.startsWith('/sys/') ? path : `/sys/fs/cgroup${path.startsWith('/') ? '' : '/'}${path}`, { bigint: true }).ino;
        } catch {
          throw new UsageError(`ss: cannot find cgroup "${path}"`);
        }
        const node: SsNode = { type: 'cgroup', id };
        return o === '!=' ? { type: 'not', inner: node } : node;
      }
      case 'autobound':
        return { type: 'autobound' };
      default:
        throw new UsageError(`ss: unknown filter word "${key}"`);
    }
  }

  if (tokens.length === 0) return {};
  const root = list();
  if (at < tokens.length) throw new UsageError(`ss: unexpected "${tokens[at].text}" in the filter`);
  return { root, family: chosen };
}

/** strtol with base 0, as ss's get_integer reads numbers: 0x.. hex, 0.. octal, else decimal. */
function integer(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  return undefined;
}

const FAMILY_PREFIXES: ReadonlyArray<readonly [string, HostFamily]> = [
  ['unix:', 'unix'],
  ['link:', 'packet'],
  ['netlink:', 'netlink'],
  ['inet:', 'inet'],
  ['inet6:', 'inet6'],
];

function word32(n: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(n >>> 0, 0); // ss stores the protocol as a host-order int in the prefix's first word
  return b;
}

/** ss's parse_hostcond: '*', ':22', '10.0.0.0/8', '10.0.0.1:22', '[::1]:22', ':ssh', 'unix:/run/*', 'netlink:route:0', 'link:ip:eth0'. */
export function hostCond(input: string, isPort: boolean, preferred: HostFamily, names: FilterNames): HostCond {
  let text = input;
  let family = preferred;
  for (const [prefix, f] of FAMILY_PREFIXES) {
    if (text.startsWith(prefix)) {
      family = f;
      text = text.slice(prefix.length);
      break;
    }
  }
  const h: HostCond = { family, port: -1, bytes: Buffer.alloc(16), bitlen: 0 };
  if (family === 'unix') {
    h.pattern = text;
    h.bitlen = 8 * Buffer.byteLength(text);
    return h;
  }
  if (family === 'packet' || family === 'netlink') {
    // find_port: a port-only condition is all port; else what follows the first ':'.
    const colon = text.indexOf(':');
    const port = isPort ? text.replace(/^:/, '') : colon < 0 ? undefined : text.slice(colon + 1);
    const addr = isPort ? '' : colon < 0 ? text : text.slice(0, colon);
    if (port !== undefined && port !== '' && port !== '*') {
      const n = integer(port);
      if (n !== undefined) h.port = n;
      else if (family === 'netlink' && port === 'kernel') h.port = 0;
      else if (family === 'packet' && names.interfaceIndex(port) !== undefined) h.port = names.interfaceIndex(port)!;
      else throw new UsageError('ss: Cannot parse dst/src address.');
    }
    if (addr !== '' && addr !== '*') {
      const n = family === 'packet' ? names.etherProtocol(addr) ?? integer(addr) : names.netlinkProtocol(addr) ?? integer(addr);
      if (n === undefined) throw new UsageError('ss: Cannot parse dst/src address.');
      h.bytes = word32(n);
      h.bitlen = 32;
    }
    return h;
  }
  let addr = text;
  let port: string | undefined;
  const bracket = /^\[([^\]]+)\](\/\d+)?(?::(.*))?$/.exec(text);
  if (isPort) {
    addr = '';
    port = text.replace(/^:/, '');
  } else if (bracket) {
    addr = bracket[1] + (bracket[2] ?? '');
    port = bracket[3];
  } else if (text.startsWith('*')) {
    addr = '';
    port = text.slice(1).replace(/^:/, '');
  } else if (text.split(':').length === 2) {
    [addr, port] = text.split(':');
  }
  if (port !== undefined && port !== '' && port !== '*') {
    const n = integer(port);
    if (n !== undefined) h.port = n;
    else {
      const known = names.service(port);
      if (known.tcp !== undefined && known.udp !== undefined && known.tcp !== known.udp) throw new UsageError(`ss: Error: ambiguous port "${port}".`);
      const p = known.udp ?? known.tcp;
      if (p === undefined) throw new UsageError(`ss: Error: "${port}" does not look like a port.`);
      h.port = p;
    }
    if (h.port > 65535) throw new UsageError(`ss: Error: "${port}" does not look like a port.`);
  }
  if (addr !== '' && addr !== '*') {
    let p: ReturnType<typeof parseAddressPrefix>;
    try {
      p = parseAddressPrefix(addr, 'address');
    } catch {
      throw new UsageError(`ss: Error: an inet prefix is expected rather than "${addr}".`);
    }
    const isV4 = p.bytes.length === 4;
    if ((family === 'inet' && !isV4) || (family === 'inet6' && isV4)) throw new UsageError(`ss: Error: an inet prefix is expected rather than "${addr}".`);
    p.bytes.copy(h.bytes);
    h.bitlen = p.prefixLength;
    h.text = addr;
  }
  return h;
}

/** Compiles the tree for inet sockets: the library's filter (kernel bytecode), or undefined for no filter. */
export function inetFilter(root: SsNode | undefined): SocketFilter | undefined {
  if (root === undefined) return undefined;
  const compile = (n: SsNode): SocketFilter => {
    switch (n.type) {
      case 'and':
        return { all: [compile(n.left), compile(n.right)] };
      case 'or':
        return { any: [compile(n.left), compile(n.right)] };
      case 'not':
        return { not: compile(n.inner) };
      case 'src':
      case 'dst': {
        const h = inetHost(n.host);
        const c: Record<string, unknown> = {};
        if (h.port >= 0) c[n.type === 'src' ? 'localPort' : 'remotePort'] = h.port;
        if (h.bitlen > 0 && h.text !== undefined) c[n.type === 'src' ? 'localAddress' : 'remoteAddress'] = h.text;
        // A condition on nothing ('*') holds for every socket.
        if (Object.keys(c).length === 0) return { localPort: { ge: 0 } };
        return c as SocketFilter;
      }
      case 'sport>=':
        return { localPort: { ge: portOf(n.host) } };
      case 'sport<=':
        return { localPort: { le: portOf(n.host) } };
      case 'dport>=':
        return { remotePort: { ge: portOf(n.host) } };
      case 'dport<=':
        return { remotePort: { le: portOf(n.host) } };
      case 'dev':
        return { interface: n.index };
      case 'fwmark':
        return { mark: n.mark, mask: n.mask };
      case 'cgroup':
        return { cgroup: n.id };
      case 'autobound':
        throw new UsageError('ss: "autobound" is not supported for inet sockets (the library\'s filter has no such condition)');
    }
  };
  return compile(root);
}

function inetHost(h: HostCond): HostCond {
  if (h.family !== 'unspec' && h.family !== 'inet' && h.family !== 'inet6') {
    throw new UsageError(`ss: a ${h.family} address cannot select inet sockets (give each family its own ss command)`);
  }
  return h;
}

function portOf(h: HostCond): number {
  inetHost(h);
  if (h.port < 0) throw new UsageError('ss: a port comparison needs a port');
  return h.port;
}

/**
 * A unix, netlink or packet socket as ss's run_ssfilter sees it: its local and remote addresses (a unix name,
 * or bytes: a netlink or packet socket's protocol as a 32-bit word), its "ports" (unix: inode and peer inode;
 * netlink: port id and -1; packet: interface index and 0), interface, mark and cgroup (0 for these kinds).
 */
export interface SsSocket {
  family: 'unix' | 'netlink' | 'packet';
  /** unix: the bound name as ss prints it ('@' for NULs), undefined when unbound. */
  name?: string;
  /** netlink and packet: the protocol. */
  protocol?: number;
  lport: number;
  rport: number;
  iface: number;
}

/** Evaluates ss's filter on a unix, netlink or packet socket (run_ssfilter). */
export function matchesSsFilter(n: SsNode, s: SsSocket): boolean {
  switch (n.type) {
    case 'and':
      return matchesSsFilter(n.left, s) && matchesSsFilter(n.right, s);
    case 'or':
      return matchesSsFilter(n.left, s) || matchesSsFilter(n.right, s);
    case 'not':
      return !matchesSsFilter(n.inner, s);
    case 'src':
    case 'dst': {
      const local = n.type === 'src';
      if (n.host.family === 'unix') {
        // The remote side of a unix socket has no name in ss's record: it matches as the empty string.
        if (s.family !== 'unix') return false;
        return fnmatchCasefold(n.host.pattern ?? '', local ? s.name ?? '' : '');
      }
      if (n.host.port !== -1 && n.host.port !== (local ? s.lport : s.rport)) return false;
      if (n.host.bitlen === 0) return true;
      return prefixMatches(local ? socketBytes(s) : Buffer.alloc(16), n.host.bytes, n.host.bitlen);
    }
    case 'sport>=':
      return s.lport >= n.host.port;
    case 'sport<=':
      return s.lport <= n.host.port;
    case 'dport>=':
      return s.rport >= n.host.port;
    case 'dport<=':
      return s.rport <= n.host.port;
    case 'dev':
      return s.iface === n.index;
    case 'fwmark':
      return (0 & n.mask) === n.mark;
    case 'cgroup':
      return n.id === 0n;
    case 'autobound':
      if (s.family === 'unix') return s.name === undefined || /^@[0-9a-f]{5}$/.test(s.name);
      if (s.family === 'packet') return s.lport === 0 && (s.protocol ?? 0) === 0;
      return s.lport < 0;
  }
}

/** What ss compares an address prefix with (a named unix socket's record holds a pointer: it never matches). */
function socketBytes(s: SsSocket): Buffer | undefined {
  if (s.family === 'unix') return s.name === undefined ? Buffer.alloc(16) : undefined;
  return word32(s.protocol ?? 0);
}

function prefixMatches(bytes: Buffer | undefined, prefix: Buffer, bitlen: number): boolean {
  if (bytes === undefined) return false;
  let bits = bitlen;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (prefix[i] & mask)) return false;
  }
  return true;
}

/** fnmatch(pattern, text, FNM_CASEFOLD): '*', '?', bracket expressions ('[a-z]', '[!x]'), '\\' escapes. */
export function fnmatchCasefold(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]);
    else if (c === '[') {
      // A ']' first in the brackets (after a '!' or '^') is one of the set.
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      const end = pattern.indexOf(']', j);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (x) => `\\${x}`)}]`;
      i = end;
    } else re += escapeRegExp(c);
  }
  try {
    return new RegExp(re + '$', 'i').test(text);
  } catch {
    return pattern === text;
  }
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, (x) => `\\${x}`);
}

// ss's filter expressions (iproute2 misc/ssfilter.y): `state`/`exclude` words, then conditions on ports and
// addresses joined by and/or/not and parentheses, left to right as ss's grammar does, compiled to the library's
// typed filter (which runs in the kernel as inet_diag bytecode).
import { statSync } from 'fs';
import type { SocketFilter, SocketState } from '../diag';
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

/** Resolves names the expression may use: service names, interface names, cgroup paths. */
export interface FilterNames {
  service(name: string): number | undefined;
  interfaceIndex(name: string): number | undefined;
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

function tokenize(args: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (const arg of args) {
    // Operators may be glued to their operands (`sport>=:1024`); addresses contain ':' '.' '/' '[' ']' '*' '%'.
    const re = /\s*(\(|\)|!=|>=|<=|==|=|>|<|!|&|\||[^\s()!=<>&|]+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(arg)) !== null) {
      const t = m[1];
      if (/^(\(|\)|!=|>=|<=|==|=|>|<|!|&|\|)$/.test(t)) tokens.push({ kind: 'op', text: t });
      else tokens.push({ kind: 'word', text: t });
    }
  }
  return tokens;
}

const WORD_OPS: Record<string, string> = { eq: '=', neq: '!=', ne: '!=', ge: '>=', geq: '>=', le: '<=', leq: '<=', gt: '>', lt: '<', and: '&', or: '|', not: '!' };

/** Parses a filter expression (after the state words) into a SocketFilter, or undefined when empty. */
export function parseExpression(args: readonly string[], names: FilterNames): SocketFilter | undefined {
  const tokens = tokenize(args).map((t) => (t.kind === 'word' && WORD_OPS[t.text] ? { kind: 'op' as const, text: WORD_OPS[t.text] } : t));
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const isOp = (text: string) => peek()?.kind === 'op' && peek()!.text === text;

  function list(): SocketFilter {
    let left = expr();
    for (;;) {
      if (at >= tokens.length || isOp(')')) return left;
      if (isOp('|')) {
        next();
        left = { any: [left, expr()] };
      } else {
        if (isOp('&')) next();
        left = { all: [left, expr()] };
      }
    }
  }

  function expr(): SocketFilter {
    const t = next();
    if (!t) throw new UsageError('ss: filter expression ends too early');
    if (t.kind === 'op' && t.text === '(') {
      const inner = list();
      if (!isOp(')')) throw new UsageError('ss: missing ")" in the filter');
      next();
      return inner;
    }
    if (t.kind === 'op' && t.text === '!') return { not: expr() };
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
        const host = hostCond(operand(), names);
        const portKey = key === 'sport' ? 'localPort' : 'remotePort';
        const addrKey = key === 'sport' ? 'localAddress' : 'remoteAddress';
        if (o === '=' || o === '!=') {
          const c = condOf(host, portKey, addrKey);
          return o === '=' ? c : { not: c };
        }
        if (host.port === undefined) throw new UsageError(`ss: "${key} ${o}" needs a port`);
        // As ss's grammar: > is not <=, < is not >=.
        if (o === '>=') return { [portKey]: { ge: host.port } };
        if (o === '<=') return { [portKey]: { le: host.port } };
        if (o === '>') return { not: { [portKey]: { le: host.port } } };
        return { not: { [portKey]: { ge: host.port } } };
      }
      case 'src':
      case 'dst': {
        const o = op();
        const host = hostCond(operand(), names);
        const c = condOf(host, key === 'src' ? 'localPort' : 'remotePort', key === 'src' ? 'localAddress' : 'remoteAddress');
        return o === '!=' ? { not: c } : c;
      }
      case 'dev': {
        const o = op();
        const name = operand();
        const index = /^\d+$/.test(name) ? Number(name) : names.interfaceIndex(name);
        if (index === undefined) throw new UsageError(`ss: cannot find device "${name}"`);
        return o === '!=' ? { not: { interface: index } } : { interface: index };
      }
      case 'fwmark': {
        const o = op();
        const text = operand();
        const [m, k] = text.split('/');
        const mark = Number(m);
        const mask = k === undefined ? 0xffffffff : Number(k);
        if (!Number.isInteger(mark) || !Number.isInteger(mask)) throw new UsageError(`ss: bad fwmark "${text}"`);
        return o === '!=' ? { not: { mark, mask } } : { mark, mask };
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
        return o === '!=' ? { not: { cgroup: id } } : { cgroup: id };
      }
      default:
        throw new UsageError(`ss: unknown filter word "${key}"`);
    }
  }

  if (tokens.length === 0) return undefined;
  const f = list();
  if (at < tokens.length) throw new UsageError(`ss: unexpected "${tokens[at].text}" in the filter`);
  return f;
}

interface HostCond {
  address?: string;
  port?: number;
}

function condOf(h: HostCond, portKey: 'localPort' | 'remotePort', addrKey: 'localAddress' | 'remoteAddress'): SocketFilter {
  const c: Record<string, unknown> = {};
  if (h.address !== undefined) c[addrKey] = h.address;
  if (h.port !== undefined) c[portKey] = h.port;
  if (Object.keys(c).length === 0) return { [portKey]: { ge: 0 } } as SocketFilter; // '*': any socket
  return c as SocketFilter;
}

/** ss's host conditions: ':22', '*:22', '10.0.0.0/8', '10.0.0.1:22', '[::1]:22', '[2001:db8::]/32', ':ssh'. */
function hostCond(text: string, names: FilterNames): HostCond {
  let addr = text;
  let port: string | undefined;
  const bracket = /^\[([^\]]+)\](\/\d+)?(?::(.+))?$/.exec(text);
  if (bracket) {
    addr = bracket[1] + (bracket[2] ?? '');
    port = bracket[3];
  } else if (text.split(':').length === 2) {
    [addr, port] = text.split(':');
  } else if (!text.includes(':') && /^[a-z0-9-]+$/i.test(text) && !/^\d+\.\d+/.test(text) && !/^\d+$/.test(text)) {
    addr = text; // a bare word: an address is expected (a host name is not resolved)
  }
  const h: HostCond = {};
  if (addr !== '' && addr !== '*') h.address = addr;
  if (port !== undefined && port !== '*') {
    const n = /^\d+$/.test(port) ? Number(port) : names.service(port);
    if (n === undefined || n > 65535) throw new UsageError(`ss: "${port}" does not look like a port.`);
    h.port = n;
  }
  return h;
}

// NETLINK_FIB_LOOKUP: the kernel's old one-table route lookup (net/ipv4/fib_frontend.c nl_fib_input). A request
// carries struct fib_result_nl; the kernel fills in the answer and sends the same message back (no ACK).
import { Connection, EncodeError, errnoCode, NLMSG_MIN_TYPE, Protocol, spec } from '../core';

/** Route types (RTN_*), by name. */
export type FibRouteType =
  | 'unspec'
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'anycast'
  | 'multicast'
  | 'blackhole'
  | 'unreachable'
  | 'prohibit'
  | 'throw'
  | 'nat'
  | 'xresolve';
const TYPES: readonly FibRouteType[] = ['unspec', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];

/** Route scopes (RT_SCOPE_*), by name. */
export type FibScope = 'universe' | 'site' | 'link' | 'host' | 'nowhere';
const SCOPES: Record<number, FibScope> = { 0: 'universe', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };
const SCOPE_NUMBERS: Record<FibScope, number> = { universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };

/** What to look up: an IPv4 destination in one table, as a packet with this mark, TOS and scope would. */
export interface FibLookupQuery {
  /** The IPv4 destination. */
  addr: string;
  /** The packet mark (fwmark), default 0. */
  fwmark?: number;
  /** The TOS byte, default 0. */
  tos?: number;
  /** The widest scope a route may have, default 'universe' (any). */
  scope?: FibScope | number;
  /** The table (0-255; 0 and the default mean main). The old interface has one byte for it. Rules are not applied. */
  table?: number | 'main' | 'local' | 'default';
}

/** The kernel's answer. */
export interface FibLookupResult {
  /** The table the lookup ran in. */
  table: number;
  /**
   * 0 when a route matched; otherwise the kernel's error: 'EAGAIN' no route in that table, 'ENOENT' no such
   * table, 'EINVAL' / 'EHOSTUNREACH' / 'EACCES' a blackhole / unreachable / prohibit route (as `ip route get`
   * reports them; the kernel then says nothing of the route itself).
   */
  errno: number;
  /** errno's name, when there is one: 'EAGAIN', 'ENOENT', ... */
  error?: string;
  /** The matching route's prefix length, type, scope, and which of its next hops was selected (when it matched). */
  prefixLength?: number;
  type?: FibRouteType | number;
  scope?: FibScope | number;
  nexthopSelector?: number;
}

export interface FibLookupOptions {
  /** The network namespace: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  timeout?: number;
}

const TABLES: Record<string, number> = { main: 254, local: 255, default: 253 };
const REQUEST_TYPE = NLMSG_MIN_TYPE; // the kernel does not look at nlmsg_type; it comes back as sent
const SIZE = 20; // struct fib_result_nl

function byte(value: unknown, what: string, max = 255): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new EncodeError(`${what}: expected an integer 0-${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Encodes struct fib_result_nl for a query. Throws EncodeError on bad input. */
export function encodeFibQuery(q: FibLookupQuery): Buffer {
  if (q === null || typeof q !== 'object') throw new EncodeError(`fibLookup: expected a query object, got ${JSON.stringify(q)}`);
  const addr = typeof q.addr === 'string' ? spec.parseIPv4(q.addr) : undefined;
  if (!addr) throw new EncodeError(`fibLookup: addr must be an IPv4 address, got ${JSON.stringify(q.addr)}`);
  const b = Buffer.alloc(SIZE);
  addr.copy(b, 0);
  b.writeUInt32LE(q.fwmark === undefined ? 0 : byte(q.fwmark, 'fwmark', 0xffffffff), 4);
  b[8] = q.tos === undefined ? 0 : byte(q.tos, 'tos');
  b[9] = q.scope === undefined ? 0 : typeof q.scope === 'string' ? (SCOPE_NUMBERS[q.scope] ?? byte(q.scope, 'scope')) : byte(q.scope, 'scope');
  b[10] = q.table === undefined ? 0 : typeof q.table === 'string' ? (TABLES[q.table] ?? byte(q.table, 'table')) : byte(q.table, 'table (the interface has one byte)');
  return b;
}

/** Decodes the answer: struct fib_result_nl as the kernel filled it in. */
export function decodeFibResult(buf: Buffer, start: number, end: number): FibLookupResult {
  if (end - start < SIZE) throw new EncodeError(`fib_result_nl: ${end - start} bytes, expected ${SIZE}`);
  const raw = buf.readInt32LE(start + 16); // 0 or a negative errno
  const errno = raw === 0 ? 0 : -raw;
  const r: FibLookupResult = { table: buf[start + 11], errno };
  if (errno !== 0) {
    r.error = errnoCode(errno);
    return r;
  }
  r.prefixLength = buf[start + 12];
  r.nexthopSelector = buf[start + 13];
  r.type = TYPES[buf[start + 14]] ?? buf[start + 14];
  r.scope = SCOPES[buf[start + 15]] ?? buf[start + 15];
  return r;
}

/** Looks routes up over one NETLINK_FIB_LOOKUP socket. */
export class FibLookup {
  private readonly conn: Connection;
  private readonly timeout: number | undefined;

  /** Opens the socket. Throws like Connection.open (EPROTONOSUPPORT where the kernel lacks the protocol). */
  static open(options: FibLookupOptions = {}): FibLookup {
    return new FibLookup(options);
  }

  private constructor(options: FibLookupOptions) {
    this.conn = Connection.open({ protocol: Protocol.FibLookup, netns: options.netns, typeName: () => 'FIB_LOOKUP' });
    this.timeout = options.timeout;
  }

  /** Looks one destination up. Rejects with EncodeError on bad input; a lookup without a route resolves with its error. */
  lookup(query: FibLookupQuery): Promise<FibLookupResult> {
    let payload: Buffer;
    try {
      payload = encodeFibQuery(query);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.conn.requestOne(REQUEST_TYPE, payload, { ack: false, timeout: this.timeout }, (_type, buf, start, end) => decodeFibResult(buf, start, end));
  }

  close(): void {
    this.conn.close();
  }
}

/** One lookup on a socket of its own (for many, keep a FibLookup open). */
export async function fibLookup(query: FibLookupQuery, options: FibLookupOptions = {}): Promise<FibLookupResult> {
  const f = FibLookup.open(options);
  try {
    return await f.lookup(query);
  } finally {
    f.close();
  }
}

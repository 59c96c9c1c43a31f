// FibLookupClient: longest-prefix matches in one IPv4 FIB table over NETLINK_FIB_LOOKUP, policy rules left out.
import { Connection, EncodeError, NetlinkError, Protocol, RequestOptions } from '../core';
import { NoReplyError } from '../core/family';
import { FIB_LOOKUP, decodeFibResultAt, encodeFibResult } from './messages';

/** Options of {@link FibLookupClient.open}. */
export interface FibLookupClientOptions {
  /** Open the socket in another network namespace: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  /** Milliseconds after which a lookup rejects with ETIMEDOUT (default: none). */
  timeout?: number;
}

/** What a lookup matches on besides the address. */
export interface FibLookupOptions {
  /** The table to look in, 0-255 (default 0: the main table). Rules are not consulted. */
  table?: number;
  /** The flow's TOS byte (default 0). */
  tos?: number;
  /** The flow's firewall mark (default 0). */
  mark?: number;
  /** The widest scope accepted (RT_SCOPE_*, default 0: universe). */
  scope?: number;
}

/** The route the lookup matched. `type` and `scope` are the kernel's numbers (route.ROUTE_TYPES / ROUTE_SCOPES). */
export interface FibLookupResult {
  /** The table looked in (254 for the main table, also when 0 was asked for). */
  table: number;
  /** The prefix length of the route that matched. */
  prefixlen: number;
  /** The index of the nexthop chosen, for a multipath route. */
  nhSel: number;
  /** The route's type (RTN_*: 1 unicast, 2 local, ...). */
  type: number;
  /** The route's scope (RT_SCOPE_*: 0 universe, 253 link, 254 host, ...). */
  scope: number;
}

/**
 * One NETLINK_FIB_LOOKUP socket. A lookup the kernel answers with an error rejects with NetlinkError: 'EAGAIN'
 * when no route of the table matches, 'ENOENT' when the table does not exist, and the error of an unreachable,
 * prohibit or blackhole route ('EHOSTUNREACH', 'EACCES', 'EINVAL') when that is the match.
 */
export class FibLookupClient {
  /** The NETLINK_FIB_LOOKUP connection the client speaks through. */
  readonly connection: Connection;
  private readonly requestOptions: RequestOptions;

  /** Opens a NETLINK_FIB_LOOKUP socket (in `options.netns` when given). Synchronous; throws a Node-style errno error. */
  static open(options: FibLookupClientOptions = {}): FibLookupClient {
    return new FibLookupClient(Connection.open({ protocol: Protocol.FibLookup, netns: options.netns }), options);
  }

  /** Wraps an existing NETLINK_FIB_LOOKUP connection. */
  constructor(connection: Connection, options: FibLookupClientOptions = {}) {
    this.connection = connection;
    // The kernel answers with the request itself and never acknowledges.
    this.requestOptions = { ack: false, timeout: options.timeout };
  }

  /** The route of `table` that `address` (IPv4) matches. Bad input rejects with EncodeError. */
  lookup(address: string, options: FibLookupOptions = {}): Promise<FibLookupResult> {
    let payload: Buffer;
    try {
      // A missing address would encode as 0.0.0.0 (fields left out are zero): refused instead.
      if (typeof address !== 'string') throw new EncodeError(`FIB lookup: the address must be an IPv4 address string, not ${typeof address}`);
      payload = encodeFibResult({ flAddr: address, flMark: options.mark, flTos: options.tos, flScope: options.scope, tbIdIn: options.table });
    } catch (err) {
      return Promise.reject(err);
    }
    return this.connection.requestOne(FIB_LOOKUP, payload, this.requestOptions, (type, buf, start, end) => {
      if (type !== FIB_LOOKUP) throw new NoReplyError('FIB lookup', 0);
      const r = decodeFibResultAt(buf, start, end);
      if (r.err !== 0) {
        throw new NetlinkError({ errno: -r.err, seq: 0, requestType: FIB_LOOKUP, operation: `FIB lookup of ${address} in table ${options.table ?? 0}` });
      }
      return { table: r.tbId, prefixlen: r.prefixlen, nhSel: r.nhSel, type: r.type, scope: r.scope };
    });
  }

  /** Closes the socket; pending lookups reject. */
  close(): void {
    this.connection.close();
  }
}

// RouteClient: links, addresses, routes, neighbours, rules and nexthop objects over one rtnetlink Connection.
import { openSync, closeSync } from 'fs';
import { Connection, ConnectionOptions, NewFlags, Protocol, RequestError, RequestOptions } from '../core';
import { DumpInterruptedError, DumpSettings, NoReplyError, collect, flatten, lazyBatches, onFirstUse, replyOf } from '../core/family';
import { checkBoolean, checkNetns, checkObject, checkOptionalInteger, checkTimeout } from '../core/validate';
import { decodeRoute, decodeRouteAt, encodeRoute } from './messages/route';
import type * as LinkKind from './messages/link';
import type * as AddressKind from './messages/address';
import type * as NeighbourKind from './messages/neighbour';
import type * as RuleKind from './messages/rule';
import type * as NexthopObjectKind from './messages/nexthop';
import type { NexthopObject } from './messages/nexthop';
import type * as MctpRequests from './mctp';
import type { MctpAddressSpec, MctpFilter, MctpNeighbourSpec, MctpRouteSpec } from './mctp';
import type { MctpAddress, MctpNeighbour, MctpRoute } from './messages/mctp';
import type { Address, Link, Neighbour, Route, Rule } from './messages';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, RouteMessageType, routeMessageTypeName } from './constants';
import { AF_UNSPEC, familyNumber, Family, parseIPv4Into, RouteInputError, tableNumber } from './inputs';
import { nexthopId, nexthopObjectInput, type NexthopObjectSpec } from './nexthop-specs';
import {
  addressDumpRequest,
  IPV4_LOOKUP_ADDRESS_AT,
  ipv4LookupTemplate,
  linkDumpRequest,
  linkGetRequest,
  LookupOptions,
  neighbourDumpRequest,
  routeDumpRequest,
  routeLookupRequest,
  ruleDumpRequest,
} from './requests';
import {
  AddressSpec,
  InterfaceRef,
  LinkChanges,
  LinkSpec,
  NeighbourSpec,
  RouteSpec,
  RuleSpec,
  SpecResolver,
  protocolNumber,
  addressInput,
  linkChangesInput,
  linkInput,
  neighbourInput,
  routeInput,
  ruleInput,
  routeFilterValues,
  RouteFilter,
  routeFilterPredicate,
} from './user-specs';
import type { MonitorGroup, MonitorOptions, RouteMonitor } from './monitor';

// The other message kinds and the monitor load on first use: a program that looks up or lists routes does not
// pay for their tables at start-up.
const linkKind = onFirstUse(() => require('./messages/link') as typeof LinkKind);
const addressKind = onFirstUse(() => require('./messages/address') as typeof AddressKind);
const neighbourKind = onFirstUse(() => require('./messages/neighbour') as typeof NeighbourKind);
const ruleKind = onFirstUse(() => require('./messages/rule') as typeof RuleKind);
const nexthopKind = onFirstUse(() => require('./messages/nexthop') as typeof NexthopObjectKind);
const mctp = onFirstUse(() => require('./mctp') as typeof MctpRequests);
const monitorModule = onFirstUse(() => require('./monitor') as typeof import('./monitor'));

/** Options of RouteClient.open(): the namespace, strict checking, receive buffer, timeouts and dump retries. */
export interface RouteClientOptions {
  /** Open the socket in another network namespace: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  /** Ask for strict checking (default true); `client.strict` says whether the kernel granted it. */
  strict?: boolean;
  /** Receive buffer size in bytes. */
  receiveBufferSize?: number;
  /** Milliseconds after which a request rejects with ETIMEDOUT (default: none). */
  timeout?: number;
  /** Re-run a dump the kernel flagged inconsistent (NLM_F_DUMP_INTR) up to this many times (default 3). */
  retryOnInterrupt?: number;
  /**
   * Receive big dumps on a native thread, overlapping the kernel's work with decoding (ConnectionOptions.receiveThread).
   * Worth it for big tables on a machine with a spare core; lookups and small dumps are unaffected. Default true.
   */
  receiveThread?: boolean;
}

/** What {@link RouteClient.links} lists. */
export interface LinkFilter {
  /** One link by index or name (a plain GET; strict checking forbids an index filter in link dumps). */
  link?: InterfaceRef;
  /** Links enslaved to this master (filtered by the kernel). */
  master?: InterfaceRef;
  /** Links of this kind: 'veth', 'bridge', ... (filtered by the kernel). */
  kind?: LinkSpec['kind'];
}

/** What {@link RouteClient.addresses} lists. */
export interface AddressFilter {
  /** Addresses of this family only: `'inet'` or `'inet6'`. */
  family?: Family;
  /** Addresses of this interface (filtered by the kernel under strict checking). */
  link?: InterfaceRef;
}

/** What {@link RouteClient.neighbours} lists. */
export interface NeighbourFilter {
  /** Entries of this family only: `'inet'` (ARP), `'inet6'` (NDP), `'bridge'` (FDB). */
  family?: Family;
  /** Entries of this interface. */
  link?: InterfaceRef;
  /** Neighbours of the ports of this bridge/master. */
  master?: InterfaceRef;
}

/** What {@link RouteClient.rules} lists. */
export interface RuleFilter {
  /** Rules of this family only. */
  family?: Family;
  /** Rules that point at this table (a number, or `'main'`, `'local'`, `'default'`). */
  table?: string | number;
}

/** What {@link RouteClient.nexthops} lists (`ip nexthop show` selectors); the kernel filters all but `protocol`. */
export interface NexthopFilter {
  /** Single nexthops of this family only (groups have none, so they are left out). */
  family?: Family;
  /** Nexthops through this link (`dev`, NHA_OIF). */
  dev?: InterfaceRef;
  /** Nexthops through ports of this master, a VRF say (`master`, NHA_MASTER). */
  master?: InterfaceRef;
  /** Groups only (`groups`, NHA_GROUPS). */
  groups?: boolean;
  /** FDB nexthops only (`fdb`, NHA_FDB). */
  fdb?: boolean;
  /** Nexthops installed by this protocol (`protocol`; filtered here, as ip does). */
  protocol?: string | number;
  /**
   * Ask for groups' per-member packet counters (`groupStats`; NHA_OP_FLAGS, kernel 6.9+). Older kernels reject
   * the request with EINVAL.
   */
  stats?: boolean;
}

/** What {@link RouteClient.nexthopBuckets} lists (`ip nexthop bucket show` selectors). */
export interface NexthopBucketFilter {
  /** The buckets of this resilient group. */
  id?: number;
  /** Buckets that send to this member nexthop. */
  nhid?: number;
  /** Buckets of groups whose members go through this link. */
  dev?: InterfaceRef;
  /** Buckets of groups whose members go through ports of this master. */
  master?: InterfaceRef;
}

/** How a route is written (`ip route add|replace|append`): `add` fails if it exists, `replace` replaces it, `append` adds a route beside it. */
export type WriteMode = 'add' | 'replace' | 'append';

export { DumpInterruptedError, NoReplyError };

/** The code of rtnetlink's NoReplyError. */
const NO_REPLY = 'ERR_ROUTE_NO_REPLY';

// NLM_F flags of a NEW request, as iproute2 chooses them (`ip route add|replace|append`).
const WRITE_FLAGS: Record<WriteMode, number> = {
  add: NewFlags.Create | NewFlags.Excl,
  replace: NewFlags.Create | NewFlags.Replace,
  append: NewFlags.Create | NewFlags.Append,
};

function writeFlags(mode: WriteMode | undefined): number {
  const name = mode ?? 'add';
  // An own-property test: a plain lookup would take 'toString' or 'constructor' for modes.
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(WRITE_FLAGS, name)) {
    throw new RouteInputError(`mode must be 'add', 'replace' or 'append', got ${JSON.stringify(mode)}`);
  }
  return WRITE_FLAGS[name];
}

/**
 * One rtnetlink socket (a lib/core Connection) and the operations of `ip link|addr|route|neigh|rule`.
 * Requests may run concurrently; dumps queue behind each other (the kernel runs one dump per socket at a time).
 * Kernel refusals reject with NetlinkError (code 'EEXIST', 'ENODEV', ..., extAck = the kernel's own text).
 */
export class RouteClient {
  /** The rtnetlink connection the client speaks through (for raw requests beside the typed ones). */
  readonly connection: Connection;
  private readonly timeout: number | undefined;
  private readonly retries: number;
  /** The retries and timeout of every dump. */
  private readonly dumps: DumpSettings;
  private readonly netns: string | number | undefined;
  private readonly resolver: SpecResolver;
  /** Opened by open(), so a monitor can open a sibling socket in the same namespace. */
  private openedHere = false;
  private readonly monitors = new Set<RouteMonitor>();
  private readonly lookupTemplate = ipv4LookupTemplate();
  /** The request options of every lookup (the timeout is fixed at construction). */
  private readonly lookupRequestOptions: RequestOptions;

  /** Opens a NETLINK_ROUTE socket (in `options.netns` when given). Synchronous; throws a Node-style errno error. */
  static open(options: RouteClientOptions = {}): RouteClient {
    checkClientOptions(options);
    const connectionOptions: ConnectionOptions = {
      protocol: Protocol.Route,
      netns: options.netns,
      strict: options.strict !== false,
      receiveBufferSize: options.receiveBufferSize,
      // On by default: it engages only once a dump is a few datagrams long, so lookups and small dumps never pay for
      // it, and a 1M-route dump runs 1.41-1.45x the C floor with it against 2.42x without (bench/route, idle host).
      receiveThread: options.receiveThread ?? true,
      typeName: routeMessageTypeName,
    };
    const client = new RouteClient(Connection.open(connectionOptions), options);
    client.openedHere = true;
    return client;
  }

  /** Wraps an existing NETLINK_ROUTE connection (the client does not close it unless close() is called). */
  constructor(connection: Connection, options: RouteClientOptions = {}) {
    checkObject(connection, 'connection', false);
    checkClientOptions(options);
    this.connection = connection;
    this.timeout = options.timeout;
    this.retries = options.retryOnInterrupt ?? 3;
    this.dumps = { retryOnInterrupt: this.retries, timeout: this.timeout };
    this.netns = options.netns;
    this.resolver = { ifindex: (ref) => this.ifindex(ref) };
    this.lookupRequestOptions = this.timeout === undefined ? LOOKUP_OPTIONS : { ack: false, timeout: this.timeout };
  }

  /** Whether the kernel honours dump filters (NETLINK_GET_STRICT_CHK); without it the client filters itself. */
  get strict(): boolean {
    return this.connection.strict;
  }

  /** Closes the socket, and the monitors made by monitor() with it. */
  close(): void {
    for (const m of [...this.monitors]) m.close();
    this.connection.close();
  }

  // ---- lists ------------------------------------------------------------------------------------------------

  /** Every link (`ip link show`), or those the filter selects; `filter.link` asks for one link (an array of one). */
  async links(filter: LinkFilter = {}): Promise<Link[]> {
    checkObject(filter, 'filter');
    if (filter.link !== undefined) {
      const one = await this.findLink(filter.link);
      return one && this.linkMatches(one, filter, await this.linkFilterIndexes(filter)) ? [one] : [];
    }
    const { master } = await this.linkFilterIndexes(filter);
    const accept = (l: Link) => this.linkMatches(l, filter, { master });
    return collect(this.connection, { what: 'link', type: RouteMessageType.GetLink, payload: linkDumpRequest({ master, kind: filter.kind }), decode: linkKind().decodeLink, accept }, this.dumps);
  }

  /** The links of {@link RouteClient.links}, one at a time as the dump arrives (`for await`). */
  linksStream(filter: LinkFilter = {}): AsyncIterable<Link> {
    return flatten(this.linkBatches(filter));
  }

  /** The links of {@link RouteClient.links} in batches as the kernel sends them (one datagram's worth each). */
  linkBatches(filter: LinkFilter = {}): AsyncIterable<Link[]> {
    checkObject(filter, 'filter');
    return lazyBatches(this.connection, async () => {
      if (filter.link !== undefined) return { single: await this.links(filter) };
      const { master } = await this.linkFilterIndexes(filter);
      return {
        what: 'link',
        type: RouteMessageType.GetLink,
        payload: linkDumpRequest({ master, kind: filter.kind }),
        decode: linkKind().decodeLink,
        decodeAt: linkKind().decodeLinkAt,
        replyType: RouteMessageType.NewLink,
        accept: (l: Link) => this.linkMatches(l, filter, { master }),
      };
    }, this.dumps);
  }

  /** Every address (`ip addr show`), or those of one family or link. */
  async addresses(filter: AddressFilter = {}): Promise<Address[]> {
    const q = await this.addressQuery(filter);
    return collect(this.connection, { what: 'address', type: RouteMessageType.GetAddr, decode: addressKind().decodeAddress, ...q }, this.dumps);
  }

  /** The addresses of {@link RouteClient.addresses}, one at a time as the dump arrives. */
  addressesStream(filter: AddressFilter = {}): AsyncIterable<Address> {
    return flatten(this.addressBatches(filter));
  }

  /** The addresses of {@link RouteClient.addresses} in batches as the kernel sends them. */
  addressBatches(filter: AddressFilter = {}): AsyncIterable<Address[]> {
    return lazyBatches(this.connection, async () => ({ what: 'address', type: RouteMessageType.GetAddr, decode: addressKind().decodeAddress, decodeAt: addressKind().decodeAddressAt, replyType: RouteMessageType.NewAddr, ...(await this.addressQuery(filter)) }), this.dumps);
  }

  /** Routes; by default every table of both families (`ip route show table all` for each family). */
  async routes(filter: RouteFilter = {}): Promise<Route[]> {
    const q = await this.routeQuery(filter);
    return collect(this.connection, { what: 'route', type: RouteMessageType.GetRoute, decode: decodeRoute, ...q }, this.dumps);
  }

  /** The routes of {@link RouteClient.routes}, one at a time as the dump arrives: a big table never sits in memory. */
  routesStream(filter: RouteFilter = {}): AsyncIterable<Route> {
    return flatten(this.routeBatches(filter));
  }

  /** Routes in batches as the kernel sends them (one datagram's worth each): the fastest way through a big table. */
  routeBatches(filter: RouteFilter = {}): AsyncIterable<Route[]> {
    return lazyBatches(this.connection, async () => ({ what: 'route', type: RouteMessageType.GetRoute, decode: decodeRoute, decodeAt: decodeRouteAt, replyType: RouteMessageType.NewRoute, ...(await this.routeQuery(filter)) }), this.dumps);
  }

  /** Every neighbour entry (`ip neigh show nud all`), or those of one family, link or master. */
  async neighbours(filter: NeighbourFilter = {}): Promise<Neighbour[]> {
    const q = await this.neighbourQuery(filter);
    return collect(this.connection, { what: 'neighbour', type: RouteMessageType.GetNeigh, decode: neighbourKind().decodeNeighbour, ...q }, this.dumps);
  }

  /** The neighbours of {@link RouteClient.neighbours}, one at a time as the dump arrives. */
  neighboursStream(filter: NeighbourFilter = {}): AsyncIterable<Neighbour> {
    return flatten(this.neighbourBatches(filter));
  }

  /** The neighbours of {@link RouteClient.neighbours} in batches as the kernel sends them. */
  neighbourBatches(filter: NeighbourFilter = {}): AsyncIterable<Neighbour[]> {
    return lazyBatches(this.connection, async () => ({ what: 'neighbour', type: RouteMessageType.GetNeigh, decode: neighbourKind().decodeNeighbour, decodeAt: neighbourKind().decodeNeighbourAt, replyType: RouteMessageType.NewNeigh, ...(await this.neighbourQuery(filter)) }), this.dumps);
  }

  /** Every policy rule of both families (`ip rule show`), or those of one family or table. */
  async rules(filter: RuleFilter = {}): Promise<Rule[]> {
    const q = this.ruleQuery(filter);
    return collect(this.connection, { what: 'rule', type: RouteMessageType.GetRule, decode: ruleKind().decodeRule, ...q }, this.dumps);
  }

  /** The rules of {@link RouteClient.rules}, one at a time as the dump arrives. */
  rulesStream(filter: RuleFilter = {}): AsyncIterable<Rule> {
    return flatten(this.ruleBatches(filter));
  }

  /** The rules of {@link RouteClient.rules} in batches as the kernel sends them. */
  ruleBatches(filter: RuleFilter = {}): AsyncIterable<Rule[]> {
    return lazyBatches(this.connection, async () => ({ what: 'rule', type: RouteMessageType.GetRule, decode: ruleKind().decodeRule, decodeAt: ruleKind().decodeRuleAt, replyType: RouteMessageType.NewRule, ...this.ruleQuery(filter) }), this.dumps);
  }

  /** Every nexthop object (`ip nexthop show`), or those the filter selects. */
  async nexthops(filter: NexthopFilter = {}): Promise<NexthopObject[]> {
    const q = await this.nexthopQuery(filter);
    return collect(this.connection, { what: 'nexthop', type: RouteMessageType.GetNexthop, decode: nexthopKind().decodeNexthopObject, ...q }, this.dumps);
  }

  /** The nexthops of {@link RouteClient.nexthops}, one at a time as the dump arrives. */
  nexthopsStream(filter: NexthopFilter = {}): AsyncIterable<NexthopObject> {
    return flatten(this.nexthopBatches(filter));
  }

  /** The nexthops of {@link RouteClient.nexthops} in batches as the kernel sends them. */
  nexthopBatches(filter: NexthopFilter = {}): AsyncIterable<NexthopObject[]> {
    return lazyBatches(this.connection, async () => ({ what: 'nexthop', type: RouteMessageType.GetNexthop, decode: nexthopKind().decodeNexthopObject, decodeAt: nexthopKind().decodeNexthopObjectAt, replyType: RouteMessageType.NewNexthop, ...(await this.nexthopQuery(filter)) }), this.dumps);
  }

  /**
   * The buckets of resilient groups (`ip nexthop bucket show`): each a NexthopObject holding the group's `id` and
   * one `resBucket` (index, idle time, member id).
   */
  async nexthopBuckets(filter: NexthopBucketFilter = {}): Promise<NexthopObject[]> {
    checkObject(filter, 'filter');
    const request: NexthopObjectKind.NexthopObjectInput = { family: 'unspec' };
    if (filter.id !== undefined) request.id = nexthopId(filter.id, 'filter.id');
    if (filter.nhid !== undefined) request.resBucket = { nhId: nexthopId(filter.nhid, 'filter.nhid') };
    if (filter.dev !== undefined) request.oif = await this.ifindex(filter.dev);
    if (filter.master !== undefined) request.master = await this.ifindex(filter.master);
    const payload = nexthopKind().encodeNexthopObject(request);
    return collect(this.connection, { what: 'nexthop bucket', type: RouteMessageType.GetNexthopBucket, decode: nexthopKind().decodeNexthopObject, payload, accept: () => true }, this.dumps);
  }

  // ---- single objects ---------------------------------------------------------------------------------------

  /** One link by name (also an alternative name) or index; rejects with NetlinkError ENODEV when there is none. */
  async getLink(nameOrIndex: InterfaceRef): Promise<Link> {
    const replies = await this.connection.request(RouteMessageType.GetLink, linkGetRequest(nameOrIndex), this.requestOptions({ ack: false }));
    return linkKind().decodeLink(replyOf(replies, RouteMessageType.NewLink, 'RTM_GETLINK', NO_REPLY).payload, RouteMessageType.NewLink);
  }

  /**
   * One nexthop object by id (`ip nexthop get id N`); rejects with NetlinkError ENOENT ('Nexthop id does not
   * exist') when there is none. `stats` asks for a group's packet counters as in {@link NexthopFilter.stats}.
   */
  async getNexthop(id: number, options: { stats?: boolean } = {}): Promise<NexthopObject> {
    checkObject(options, 'options');
    checkBoolean(options.stats, 'options.stats');
    const request: NexthopObjectKind.NexthopObjectInput = { family: 'unspec', id: nexthopId(id) };
    if (options.stats) request.opFlags = ['dumpStats'];
    const replies = await this.connection.request(RouteMessageType.GetNexthop, nexthopKind().encodeNexthopObject(request), this.requestOptions({ ack: false }));
    return nexthopKind().decodeNexthopObject(replyOf(replies, RouteMessageType.NewNexthop, 'RTM_GETNEXTHOP', NO_REPLY).payload, RouteMessageType.NewNexthop);
  }

  /** The index of an interface given by name or index (an index is returned as is, without asking the kernel). */
  async ifindex(ref: InterfaceRef): Promise<number> {
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref <= 0) throw new RouteInputError(`interface index ${ref} is not a positive integer`);
      return ref;
    }
    return (await this.getLink(ref)).ifindex;
  }

  /**
   * The route the kernel would use for `destination` (`ip route get`), IPv4 or IPv6. `iif` and `oif` take names
   * or indexes. The reply is decoded like any route; with `fibMatch` it is the FIB entry rather than the
   * resolved (cached) route.
   */
  getRoute(destination: string, options?: RouteLookup): Promise<Route> {
    // Not an async function: the plain case costs no extra promise. Bad input still rejects instead of throwing.
    try {
      if (options === undefined) {
        // The common case: only the address changes from one query to the next (the connection copies the
        // payload before request() returns, so one buffer serves every query).
        const template = this.lookupTemplate;
        if (!parseIPv4Into(destination, template, IPV4_LOOKUP_ADDRESS_AT)) return this.lookup(routeLookupRequest(destination));
        // Called directly rather than through lookup(): this is the path a loop of lookups runs.
        return this.connection.requestOne(GET_ROUTE, template, this.lookupRequestOptions, decodeLookupAnswer);
      }
      checkObject(options, 'options');
      if (typeof options.iif === 'string' || typeof options.oif === 'string') {
        return this.lookupOptions(options).then((resolved) => this.lookup(routeLookupRequest(destination, resolved)));
      }
      return this.lookup(routeLookupRequest(destination, options as LookupOptions));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private lookup(payload: Buffer): Promise<Route> {
    // Lookups answer with exactly one message: no ACK needed, which saves a message per query.
    return this.connection.requestOne(GET_ROUTE, payload, this.lookupRequestOptions, decodeLookupAnswer);
  }

  private async lookupOptions(options: RouteLookup): Promise<LookupOptions> {
    const resolved: LookupOptions = { ...options } as LookupOptions;
    if (options.iif !== undefined) resolved.iif = await this.ifindex(options.iif);
    if (options.oif !== undefined) resolved.oif = await this.ifindex(options.oif);
    return resolved;
  }

  // ---- changes ----------------------------------------------------------------------------------------------

  /** Creates a link (`ip link add`): veth (with its peer), bridge, vlan, vxlan, macvlan, ... Fails if it exists. */
  async createLink(spec: LinkSpec): Promise<void> {
    checkObject(spec, 'spec', false);
    await this.withNetnsFds(spec, async (fds) => {
      const input = await linkInput(spec, this.resolver, fds);
      await this.write(RouteMessageType.NewLink, linkKind().encodeLink(input), NewFlags.Create | NewFlags.Excl);
    });
  }

  /** Changes a link (`ip link set`): up/down, mtu, name, address, master/nomaster, netns, ... */
  async setLink(link: InterfaceRef, changes: LinkChanges): Promise<void> {
    checkObject(changes, 'changes', false);
    const ifindex = await this.ifindex(link);
    await this.withNetnsFds(changes, async (fds) => {
      const input = await linkChangesInput(ifindex, changes, this.resolver, fds);
      await this.write(RouteMessageType.NewLink, linkKind().encodeLink(input), 0);
    });
  }

  /** Deletes a link (`ip link del`); a veth's peer goes with it, and so do the link's addresses and routes. */
  async deleteLink(link: InterfaceRef): Promise<void> {
    const ifindex = await this.ifindex(link);
    await this.write(RouteMessageType.DelLink, linkKind().encodeLink({ family: 'unspec', ifindex }), 0);
  }

  /** Adds an address (`ip addr add`): 'a.b.c.d/len' on a link, with peer, broadcast, label, lifetimes, flags. */
  async addAddress(spec: AddressSpec, options: { mode?: 'add' | 'replace' } = {}): Promise<void> {
    checkObject(options, 'options');
    const input = await addressInput(spec, this.resolver);
    await this.write(RouteMessageType.NewAddr, addressKind().encodeAddress(input), writeFlags(options.mode));
  }

  /** Deletes an address (`ip addr del`); rejects with EADDRNOTAVAIL when the link has no such address. */
  async deleteAddress(spec: AddressSpec): Promise<void> {
    const input = await addressInput(spec, this.resolver);
    await this.write(RouteMessageType.DelAddr, addressKind().encodeAddress(input), 0);
  }

  /**
   * Adds a route (`ip route add|replace|append`): mode 'add' fails with EEXIST when it exists (CREATE|EXCL),
   * 'replace' creates or replaces (CREATE|REPLACE), 'append' adds another route for the same prefix
   * (CREATE|APPEND).
   */
  async addRoute(spec: RouteSpec, options: { mode?: WriteMode } = {}): Promise<void> {
    checkObject(options, 'options');
    const input = await routeInput(spec, this.resolver, 'new');
    await this.write(RouteMessageType.NewRoute, encodeRoute(input), writeFlags(options.mode));
  }

  /** Deletes a route (`ip route del`): the first route that matches the fields given; ESRCH when none does. */
  async deleteRoute(spec: RouteSpec): Promise<void> {
    const input = await routeInput(spec, this.resolver, 'del');
    await this.write(RouteMessageType.DelRoute, encodeRoute(input), 0);
  }

  /** Adds a neighbour entry (`ip neigh add|replace`); permanent unless a state is given. */
  async addNeighbour(spec: NeighbourSpec, options: { mode?: 'add' | 'replace' } = {}): Promise<void> {
    checkObject(options, 'options');
    const input = await neighbourInput(spec, this.resolver, 'new');
    await this.write(RouteMessageType.NewNeigh, neighbourKind().encodeNeighbour(input), writeFlags(options.mode));
  }

  /** Deletes a neighbour entry (`ip neigh del`). */
  async deleteNeighbour(spec: NeighbourSpec): Promise<void> {
    const input = await neighbourInput(spec, this.resolver, 'del');
    await this.write(RouteMessageType.DelNeigh, neighbourKind().encodeNeighbour(input), 0);
  }

  /** Adds a policy rule (`ip rule add`). */
  async addRule(spec: RuleSpec): Promise<void> {
    const input = await ruleInput(spec, 'new');
    await this.write(RouteMessageType.NewRule, ruleKind().encodeRule(input), NewFlags.Create | NewFlags.Excl);
  }

  /** Deletes a policy rule (`ip rule del`): the first rule that matches the fields given. */
  async deleteRule(spec: RuleSpec): Promise<void> {
    const input = await ruleInput(spec, 'del');
    await this.write(RouteMessageType.DelRule, ruleKind().encodeRule(input), 0);
  }

  /**
   * Adds a nexthop object (`ip nexthop add|replace`): mode 'add' fails with EEXIST when the id exists, 'replace'
   * creates or replaces it (routes and groups using it follow). Bad combinations reject with RouteInputError
   * before anything is sent; the kernel's own refusals come with its extended-ACK text.
   */
  async addNexthop(spec: NexthopObjectSpec, options: { mode?: 'add' | 'replace' } = {}): Promise<void> {
    checkObject(options, 'options');
    if (options.mode !== undefined && options.mode !== 'add' && options.mode !== 'replace') {
      throw new RouteInputError(`mode must be 'add' or 'replace', got ${JSON.stringify(options.mode)}`);
    }
    const input = await nexthopObjectInput(spec, this.resolver);
    await this.write(RouteMessageType.NewNexthop, nexthopKind().encodeNexthopObject(input), writeFlags(options.mode));
  }

  /** Deletes a nexthop object by id (`ip nexthop del id N`); routes using it go with it. ENOENT when there is none. */
  async deleteNexthop(id: number): Promise<void> {
    await this.write(RouteMessageType.DelNexthop, nexthopKind().encodeNexthopObject({ family: 'unspec', id: nexthopId(id) }), 0);
  }

  /**
   * Deletes the nexthops the filter selects (`ip nexthop flush`), groups first when there is no filter (as ip
   * does: a group goes when its last member goes); resolves to how many were deleted. Nexthops that vanish
   * meanwhile are not an error.
   */
  async flushNexthops(filter: Omit<NexthopFilter, 'stats'> = {}): Promise<number> {
    checkObject(filter, 'filter');
    const passes: NexthopFilter[] = Object.keys(filter).length === 0 ? [{ groups: true }, {}] : [filter];
    let flushed = 0;
    for (const pass of passes) {
      for (const nh of await this.nexthops(pass)) {
        if (nh.id === undefined) continue;
        try {
          await this.deleteNexthop(nh.id);
          flushed++;
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOENT') throw err;
        }
      }
    }
    return flushed;
  }

  // ---- MCTP (AF_MCTP: net/mctp) ----------------------------------------------------------------------------

  /** The links MCTP runs on (`mctp link`): those whose IFLA_AF_SPEC has an AF_MCTP part (`afSpec.mctp.net`). */
  async mctpLinks(filter: MctpFilter = {}): Promise<Link[]> {
    checkObject(filter, 'filter');
    const links = await this.links(filter.link === undefined ? {} : { link: filter.link });
    return links.filter((l) => l.afSpec !== undefined && !Buffer.isBuffer(l.afSpec) && l.afSpec.mctp !== undefined);
  }

  /** Moves a link to another MCTP network (`mctp link set LINK network NET`); NET is 1..4294967295. */
  async setMctpNet(link: InterfaceRef, net: number): Promise<void> {
    const checked = mctp().checkMctpNet(net);
    const ifindex = await this.ifindex(link);
    await this.write(RouteMessageType.NewLink, linkKind().encodeLink({ family: 'unspec', ifindex, afSpec: { mctp: { net: checked } } }), 0);
  }

  /** The local MCTP endpoint ids (`mctp addr`), of every link or one. */
  async mctpAddresses(filter: MctpFilter = {}): Promise<MctpAddress[]> {
    return collect(this.connection, await mctp().mctpAddressQuery(filter, this.resolver), this.dumps);
  }

  /** Gives a link a local EID (`mctp addr add EID dev LINK`); EEXIST when it has it, EINVAL for EIDs that are not unicast. */
  async addMctpAddress(spec: MctpAddressSpec): Promise<void> {
    await this.write(RouteMessageType.NewAddr, await mctp().mctpAddressRequest(spec, this.resolver), NewFlags.Create | NewFlags.Excl);
  }

  /** Removes a local EID (`mctp addr del EID dev LINK`); ENOENT when the link has no such EID. */
  async deleteMctpAddress(spec: MctpAddressSpec): Promise<void> {
    await this.write(RouteMessageType.DelAddr, await mctp().mctpAddressRequest(spec, this.resolver), 0);
  }

  /** The MCTP routes (`mctp route`), local ones (type 'local', one per local EID) included. */
  async mctpRoutes(filter: MctpFilter = {}): Promise<MctpRoute[]> {
    return collect(this.connection, await mctp().mctpRouteQuery(filter, this.resolver), this.dumps);
  }

  /** Adds a route to an EID range (`mctp route add EID via LINK [mtu MTU]`). */
  async addMctpRoute(spec: MctpRouteSpec): Promise<void> {
    await this.write(RouteMessageType.NewRoute, await mctp().mctpRouteRequest(spec, this.resolver, 'new'), NewFlags.Create | NewFlags.Excl);
  }

  /** Deletes the route to an EID range through a link (`mctp route del EID via LINK`); ENOENT when there is none. */
  async deleteMctpRoute(spec: MctpRouteSpec): Promise<void> {
    await this.write(RouteMessageType.DelRoute, await mctp().mctpRouteRequest(spec, this.resolver, 'del'), 0);
  }

  /** The MCTP neighbours (`mctp neigh`), of every link or one. */
  async mctpNeighbours(filter: MctpFilter = {}): Promise<MctpNeighbour[]> {
    return collect(this.connection, await mctp().mctpNeighbourQuery(filter, this.resolver), this.dumps);
  }

  /** Adds a neighbour (`mctp neigh add EID dev LINK lladdr ADDR`); the address must be as long as the link's. */
  async addMctpNeighbour(spec: MctpNeighbourSpec): Promise<void> {
    await this.write(RouteMessageType.NewNeigh, await mctp().mctpNeighbourRequest(spec, this.resolver, 'new'), NewFlags.Create | NewFlags.Excl);
  }

  /** Deletes a neighbour (`mctp neigh del EID dev LINK`); ENOENT when there is none. */
  async deleteMctpNeighbour(spec: MctpNeighbourSpec): Promise<void> {
    await this.write(RouteMessageType.DelNeigh, await mctp().mctpNeighbourRequest(spec, this.resolver, 'del'), 0);
  }

  // ---- monitoring -------------------------------------------------------------------------------------------

  /**
   * Follows changes. The monitor has its own socket (in the same namespace) when the client opened its own,
   * so a burst of notifications can never push out a request's reply; see RouteMonitor.
   */
  monitor(groups?: MonitorGroup[], options: MonitorOptions = {}): RouteMonitor {
    if (this.connection.closed) throw new RequestError('ERR_NETLINK_CLOSED', 'the route client is closed', 0);
    monitorModule().checkMonitorArguments(groups, options);
    // A client built around someone else's Connection does not know that connection's namespace: share it.
    const shared = options.shareConnection ?? !this.openedHere;
    const connection = shared
      ? this.connection
      : Connection.open({
          protocol: Protocol.Route,
          netns: this.netns,
          strict: this.connection.strict,
          receiveBufferSize: options.receiveBufferSize,
          typeName: routeMessageTypeName,
        });
    const monitor = new (monitorModule().RouteMonitor)(connection, groups, { ...options, ownsConnection: !shared, retryOnInterrupt: this.retries });
    this.monitors.add(monitor);
    monitor.once('close', () => this.monitors.delete(monitor));
    return monitor;
  }

  // ---- plumbing ---------------------------------------------------------------------------------------------

  private requestOptions(extra: { ack?: boolean } = {}): { ack?: boolean; timeout?: number } {
    return this.timeout === undefined ? extra : { ...extra, timeout: this.timeout };
  }

  private async write(type: number, payload: Buffer, flags: number): Promise<void> {
    await this.connection.request(type, payload, { flags, timeout: this.timeout });
  }

  private async findLink(ref: InterfaceRef): Promise<Link | undefined> {
    try {
      return await this.getLink(ref);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENODEV') return undefined;
      throw err;
    }
  }

  private async linkFilterIndexes(filter: LinkFilter): Promise<{ master?: number }> {
    return filter.master === undefined ? {} : { master: await this.ifindex(filter.master) };
  }

  private linkMatches(l: Link, filter: LinkFilter, resolved: { master?: number }): boolean {
    if (resolved.master !== undefined && l.master !== resolved.master) return false;
    if (filter.kind !== undefined && l.linkinfo?.kind !== filter.kind) return false;
    return true;
  }

  private async addressQuery(filter: AddressFilter): Promise<{ payload: Buffer; accept: (a: Address) => boolean }> {
    checkObject(filter, 'filter');
    const family = familyNumber(filter.family);
    const ofFamily = familyMatcher(family);
    const ifindex = filter.link === undefined ? undefined : await this.ifindex(filter.link);
    return {
      payload: addressDumpRequest(family, ifindex),
      accept: (a) => ofFamily(a) && (ifindex === undefined || a.ifindex === ifindex),
    };
  }

  private async routeQuery(filter: RouteFilter): Promise<{ payload: Buffer; accept: (r: Route) => boolean }> {
    checkObject(filter, 'filter');
    const values = await routeFilterValues(filter, this.resolver);
    return { payload: routeDumpRequest(values), accept: routeFilterPredicate(values) };
  }

  private async neighbourQuery(filter: NeighbourFilter): Promise<{ payload: Buffer; accept: (n: Neighbour) => boolean }> {
    checkObject(filter, 'filter');
    const family = familyNumber(filter.family);
    const ofFamily = familyMatcher(family);
    const ifindex = filter.link === undefined ? undefined : await this.ifindex(filter.link);
    const master = filter.master === undefined ? undefined : await this.ifindex(filter.master);
    return {
      payload: neighbourDumpRequest(family, ifindex, master),
      // Only the kernel can filter by master: a neighbour does not carry its link's master.
      accept: (n) => ofFamily(n) && (ifindex === undefined || n.ifindex === ifindex),
    };
  }

  private ruleQuery(filter: RuleFilter): { payload: Buffer; accept: (r: Rule) => boolean } {
    checkObject(filter, 'filter');
    const family = familyNumber(filter.family);
    const ofFamily = familyMatcher(family);
    const table = filter.table === undefined ? undefined : tableNumber(filter.table);
    return {
      payload: ruleDumpRequest(family),
      accept: (r) => ofFamily(r) && (table === undefined || r.table === table),
    };
  }

  private async nexthopQuery(filter: NexthopFilter): Promise<{ payload: Buffer; accept: (n: NexthopObject) => boolean }> {
    checkObject(filter, 'filter');
    checkBoolean(filter.groups, 'filter.groups');
    checkBoolean(filter.fdb, 'filter.fdb');
    checkBoolean(filter.stats, 'filter.stats');
    const family = familyNumber(filter.family);
    const request: NexthopObjectKind.NexthopObjectInput = { family: (ADDRESS_FAMILIES as Record<number, string>)[family] as NexthopObjectKind.NexthopObjectInput['family'] ?? family };
    if (filter.dev !== undefined) request.oif = await this.ifindex(filter.dev);
    if (filter.master !== undefined) request.master = await this.ifindex(filter.master);
    if (filter.groups) request.groups = true;
    if (filter.fdb) request.fdb = true;
    if (filter.stats) request.opFlags = ['dumpStats'];
    const protocol = filter.protocol === undefined ? undefined : protocolNumber(filter.protocol);
    const protocolName: unknown = protocol === undefined ? undefined : (ROUTE_PROTOCOLS as Record<number, string>)[protocol] ?? protocol;
    return {
      payload: nexthopKind().encodeNexthopObject(request),
      // Nexthop dumps are always checked strictly: the kernel applied every filter but the protocol.
      accept: protocol === undefined ? () => true : (n) => n.protocol === protocolName,
    };
  }

  /** Opens the namespace files a link spec names (`netns: 'name'`) for the request, and closes them after. */
  private async withNetnsFds<R>(spec: object, run: (fds: Map<string, number>) => Promise<R>): Promise<R> {
    const fds = new Map<string, number>();
    try {
      for (const name of netnsNames(spec)) {
        if (!fds.has(name)) fds.set(name, openSync(name.includes('/') ? name : `/run/netns/${name}`, 'r'));
      }
      return await run(fds);
    } finally {
      for (const fd of fds.values()) closeSync(fd);
    }
  }
}

function checkClientOptions(options: RouteClientOptions): void {
  checkObject(options, 'options');
  checkNetns(options.netns, 'options.netns');
  checkBoolean(options.strict, 'options.strict');
  checkOptionalInteger(options.receiveBufferSize, 'options.receiveBufferSize', 0, 0x7fffffff);
  checkTimeout(options.timeout, 'options.timeout');
  checkOptionalInteger(options.retryOnInterrupt, 'options.retryOnInterrupt', 0, 0x7fffffff);
  checkBoolean(options.receiveThread, 'options.receiveThread');
}

/**
 * What getRoute() may say about the packet to route (`ip route get`): LookupOptions with interfaces by name or index.
 */
export interface RouteLookup extends Omit<LookupOptions, 'iif' | 'oif'> {
  /** RTA_IIF: look up as if the packet arrived on this interface (forwarding), by name or index. */
  iif?: InterfaceRef;
  /** RTA_OIF: the interface the packet must leave by, by name or index. */
  oif?: InterfaceRef;
}

const LOOKUP_OPTIONS: RequestOptions = { ack: false };
const GET_ROUTE = RouteMessageType.GetRoute;

function decodeLookupAnswer(type: number, buf: Buffer, start: number, end: number): Route {
  if (type !== RouteMessageType.NewRoute) throw new NoReplyError('RTM_GETROUTE', 0, NO_REPLY);
  return decodeRouteAt(buf, start, end);
}

/** A test of a decoded object's family (a name such as 'inet', or the number of a family without one). */
function familyMatcher(family: number): (v: { family?: unknown }) => boolean {
  if (family === AF_UNSPEC) return () => true;
  const expected: unknown = (ADDRESS_FAMILIES as Record<number, string>)[family] ?? family;
  return (v) => v.family === expected;
}

/** The namespace names (not fds or pids) a link spec or change refers to, own and peer's. */
function netnsNames(spec: object): string[] {
  const names: string[] = [];
  const s = spec as { netns?: unknown; peer?: { netns?: unknown } };
  if (typeof s.netns === 'string') names.push(s.netns);
  if (s.peer && typeof s.peer.netns === 'string') names.push(s.peer.netns);
  return names;
}

// RouteMonitor: rtnetlink notifications as typed events, a view of the objects they describe, and resync()
// to bring that view back in line with the kernel after the kernel dropped notifications (an overrun).
//
// How "changed" is decided: the kernel sends RTM_NEWLINK/NEWADDR/... both for an object that appears and for one
// that changes. The monitor keeps every object it has seen, keyed by the kernel's identity for that kind (see
// ./identity), so a NEW whose key is already known is reported with `changed: true` and the `previous` value.
// A route notification flagged NLM_F_REPLACE replaces the route with the same destination, table, tos and metric
// even when its nexthops differ. The view starts empty: call resync() (or pass `sync: true`) to load the
// current state first, otherwise objects that existed before the monitor started are reported as new on their
// first change.
//
// What the kernel does not announce: when a link goes down or is deleted, it flushes the routes through it
// without a notification for each. The monitor re-dumps routes and neighbours shortly after such a link event and
// reports what vanished as 'del' events marked `resync: true`.
import { checkBoolean, checkObject, checkOptionalInteger, invalidType, invalidValue } from '../core/validate';
import { AsyncQueue, Connection, TypedEventEmitter, DumpResult, Message, NewFlags, Notification, Subscription } from '../core';
import { decodeAddress, decodeLink, decodeNeighbour, decodeNexthopObject, decodeRoute, decodeRule } from './messages';
import type { Address, Link, MctpAddress, Neighbour, NexthopObject, Route, Rule } from './messages';
import { AF_MCTP, decodeMctpAddress, encodeMctpAddress } from './messages/mctp';
import { RouteMessageType } from './constants';
import { AF_INET, AF_INET6, AF_UNSPEC } from './inputs';
import { addressDumpRequest, linkDumpRequest, neighbourDumpRequest, routeDumpRequest, ruleDumpRequest } from './requests';
import { isTracked, objectKey, routeBaseKey, sameObject } from './identity';
import type { ObjectKind } from './identity';

/** The rtnetlink multicast groups a monitor can follow (`ip monitor`'s object names), and shorthands for several. */
export type MonitorGroup =
  | 'link'
  | 'ipv4-addr'
  | 'ipv6-addr'
  | 'ipv4-route'
  | 'ipv6-route'
  | 'neigh'
  | 'ipv4-rule'
  | 'ipv6-rule'
  | 'nexthop'
  /** RTNLGRP_MCTP_IFADDR: local MCTP EIDs (objects 'mctpAddress'); not part of 'all'. */
  | 'mctp-addr'
  // shorthands
  | 'addr'
  | 'route'
  | 'rule'
  | 'all';

export type { ObjectKind };

/** The decoded type of each kind of object a monitor tracks. */
export interface ObjectTypes {
  /** A network interface, keyed by its index. */
  link: Link;
  /** An IPv4 or IPv6 address of a link. */
  address: Address;
  /** A route of any table. */
  route: Route;
  /** A neighbour (ARP/NDP) entry. */
  neighbour: Neighbour;
  /** A policy routing rule (`ip rule`). */
  rule: Rule;
  /** A nexthop object (`ip nexthop`), keyed by its id. */
  nexthop: NexthopObject;
  /** A local MCTP endpoint id (`mctp addr`), keyed by link and EID (group 'mctp-addr'). */
  mctpAddress: MctpAddress;
}

/** One change. `action` is the message type (RTM_NEW* → 'new', RTM_DEL* → 'del'). */
export type ChangeEvent = {
  [K in ObjectKind]: {
    /** `'new'` for an object that appeared or changed (RTM_NEW*), `'del'` for one that went away (RTM_DEL*). */
    action: 'new' | 'del';
    /** Which kind of object changed (`'link'`, `'address'`, `'route'`, ...): it decides the type of `value`. */
    object: K;
    /** The object as the notification (or the resync's dump) decoded it; for a 'del', as it was when deleted. */
    value: ObjectTypes[K];
    /** A 'new' for an object the view already held: it changed (or was replaced). */
    changed: boolean;
    /** The view's value before this event, for changes and deletions of known objects. */
    previous?: ObjectTypes[K];
    /** The kernel flagged the notification NLM_F_REPLACE (`ip route replace`). */
    replaced?: boolean;
    /** Produced by resync(): a difference between the view and a fresh dump, not a kernel notification. */
    resync?: boolean;
  };
}[ObjectKind];

/** The kernel dropped notifications: the view may be stale until resync() (or automatically with autoResync). */
export interface OverrunEvent {
  /** Always 'overrun', to tell it from a ChangeEvent in an iterator. */
  action: 'overrun';
}

/** What a RouteMonitor's async iterator yields: a change, or an overrun (so a consumer cannot miss one). */
export type MonitorEvent = ChangeEvent | OverrunEvent;

/** The events a RouteMonitor emits, and what their listeners receive. */
export interface RouteMonitorEvents {
  /** An object appeared, changed or vanished (or resync() found it did). */
  change: [event: ChangeEvent];
  /** The kernel dropped notifications: call resync() (done for you with `autoResync`). */
  overrun: [];
  /** A background resync failed, or the connection reported an error. */
  error: [err: Error];
  /** The monitor closed. */
  close: [];
}

/** Options of {@link RouteClient.monitor}. */
export interface MonitorOptions {
  /** Receive buffer of the monitor's socket in bytes; bigger means fewer overruns during bursts. */
  receiveBufferSize?: number;
  /** Listen on the client's own socket instead of a dedicated one (overruns then also fail pending requests). */
  shareConnection?: boolean;
  /** Load the current state before the first event (a silent resync), so `changed` is right from the start. */
  sync?: boolean;
  /** After an overrun, resync automatically (the 'overrun' event is still emitted first). */
  autoResync?: boolean;
  /** Events an async iterator holds for a consumer that is not reading, before it reports an overrun. */
  maxQueuedEvents?: number;
}

/** Options of a RouteMonitor made on a connection of your own. */
export interface RouteMonitorOptions extends MonitorOptions {
  /** Close the connection with the monitor. */
  ownsConnection?: boolean;
  /** Re-run a resync dump the kernel flagged inconsistent (NLM_F_DUMP_INTR) up to this many times (default 3). */
  retryOnInterrupt?: number;
}

// RTNLGRP_* numbers (linux/rtnetlink.h).
const GROUPS: Record<Exclude<MonitorGroup, 'addr' | 'route' | 'rule' | 'all'>, number> = {
  link: 1,
  neigh: 3,
  'ipv4-addr': 5,
  'ipv4-route': 7,
  'ipv4-rule': 8,
  'ipv6-addr': 9,
  'ipv6-route': 11,
  'ipv6-rule': 19,
  nexthop: 32,
  'mctp-addr': 34,
};
const SHORTHANDS: Record<'addr' | 'route' | 'rule' | 'all', MonitorGroup[]> = {
  addr: ['ipv4-addr', 'ipv6-addr'],
  route: ['ipv4-route', 'ipv6-route'],
  rule: ['ipv4-rule', 'ipv6-rule'],
  all: ['link', 'ipv4-addr', 'ipv6-addr', 'ipv4-route', 'ipv6-route', 'neigh', 'ipv4-rule', 'ipv6-rule', 'nexthop'],
};

/** Expands shorthands and checks names; the result is in a fixed order without duplicates. */
export function expandGroups(groups: MonitorGroup[] | undefined): Array<keyof typeof GROUPS> {
  if (groups !== undefined && !Array.isArray(groups)) throw invalidType('groups', 'an array of monitor groups', groups);
  const wanted = new Set<string>();
  for (const g of groups ?? ['all']) {
    // Own properties only: 'toString' or 'constructor' are no groups.
    if (hasOwn(SHORTHANDS, g)) SHORTHANDS[g as keyof typeof SHORTHANDS].forEach((x) => wanted.add(x));
    else if (hasOwn(GROUPS, g)) wanted.add(g);
    else throw invalidValue('groups', g, `must be a monitor group (${[...Object.keys(GROUPS), ...Object.keys(SHORTHANDS)].join(', ')})`);
  }
  return (Object.keys(GROUPS) as Array<keyof typeof GROUPS>).filter((g) => wanted.has(g));
}

function hasOwn(object: object, key: unknown): boolean {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(object, key);
}

/** Throws a Node-style argument error for groups or options a monitor cannot take, before any socket is opened. */
export function checkMonitorArguments(groups: unknown, options: unknown): void {
  expandGroups(groups as MonitorGroup[] | undefined);
  checkObject(options, 'options');
  const o = (options ?? {}) as RouteMonitorOptions;
  checkOptionalInteger(o.receiveBufferSize, 'options.receiveBufferSize', 0, 0x7fffffff);
  for (const flag of ['shareConnection', 'sync', 'autoResync', 'ownsConnection'] as const) checkBoolean(o[flag], `options.${flag}`);
  checkOptionalInteger(o.maxQueuedEvents, 'options.maxQueuedEvents', 1, 0xffffffff);
  checkOptionalInteger(o.retryOnInterrupt, 'options.retryOnInterrupt', 0, 0x7fffffff);
}

interface MessageKind {
  object: ObjectKind;
  action: 'new' | 'del';
  decode: (payload: Buffer, type?: number) => any;
}

// An address message of family AF_MCTP carries a one-byte EID, not an IP address: its own kind.
const MCTP_ADDRESS_KINDS = new Map<number, MessageKind>([
  [RouteMessageType.NewAddr, { object: 'mctpAddress', action: 'new', decode: decodeMctpAddress }],
  [RouteMessageType.DelAddr, { object: 'mctpAddress', action: 'del', decode: decodeMctpAddress }],
]);

/** The kind of a message: by its type, and for addresses by the family byte that starts the payload. */
function messageKindOf(type: number, payload: Buffer): MessageKind | undefined {
  return (payload[0] === AF_MCTP && MCTP_ADDRESS_KINDS.get(type)) || MESSAGE_KINDS.get(type);
}

const MESSAGE_KINDS = new Map<number, MessageKind>([
  [RouteMessageType.NewLink, { object: 'link', action: 'new', decode: decodeLink }],
  [RouteMessageType.DelLink, { object: 'link', action: 'del', decode: decodeLink }],
  [RouteMessageType.NewAddr, { object: 'address', action: 'new', decode: decodeAddress }],
  [RouteMessageType.DelAddr, { object: 'address', action: 'del', decode: decodeAddress }],
  [RouteMessageType.NewRoute, { object: 'route', action: 'new', decode: decodeRoute }],
  [RouteMessageType.DelRoute, { object: 'route', action: 'del', decode: decodeRoute }],
  [RouteMessageType.NewNeigh, { object: 'neighbour', action: 'new', decode: decodeNeighbour }],
  [RouteMessageType.DelNeigh, { object: 'neighbour', action: 'del', decode: decodeNeighbour }],
  [RouteMessageType.NewRule, { object: 'rule', action: 'new', decode: decodeRule }],
  [RouteMessageType.DelRule, { object: 'rule', action: 'del', decode: decodeRule }],
  [RouteMessageType.NewNexthop, { object: 'nexthop', action: 'new', decode: decodeNexthopObject }],
  [RouteMessageType.DelNexthop, { object: 'nexthop', action: 'del', decode: decodeNexthopObject }],
]);

/** The dumps that rebuild the view of each group. */
function dumpsFor(group: keyof typeof GROUPS): Array<{ object: ObjectKind; type: number; payload: Buffer }> {
  switch (group) {
    case 'link':
      return [{ object: 'link', type: RouteMessageType.GetLink, payload: linkDumpRequest() }];
    case 'ipv4-addr':
      return [{ object: 'address', type: RouteMessageType.GetAddr, payload: addressDumpRequest(AF_INET) }];
    case 'ipv6-addr':
      return [{ object: 'address', type: RouteMessageType.GetAddr, payload: addressDumpRequest(AF_INET6) }];
    case 'ipv4-route':
      return [{ object: 'route', type: RouteMessageType.GetRoute, payload: routeDumpRequest({ family: AF_INET }) }];
    case 'ipv6-route':
      return [{ object: 'route', type: RouteMessageType.GetRoute, payload: routeDumpRequest({ family: AF_INET6 }) }];
    case 'neigh':
      return [{ object: 'neighbour', type: RouteMessageType.GetNeigh, payload: neighbourDumpRequest(AF_UNSPEC) }];
    case 'ipv4-rule':
      return [{ object: 'rule', type: RouteMessageType.GetRule, payload: ruleDumpRequest(AF_INET) }];
    case 'ipv6-rule':
      return [{ object: 'rule', type: RouteMessageType.GetRule, payload: ruleDumpRequest(AF_INET6) }];
    case 'nexthop':
      return [{ object: 'nexthop', type: RouteMessageType.GetNexthop, payload: NEXTHOP_DUMP_REQUEST }];
    case 'mctp-addr':
      return [{ object: 'mctpAddress', type: RouteMessageType.GetAddr, payload: encodeMctpAddress({ family: 'mctp' }) }];
  }
}

type View = { [K in ObjectKind]: Map<string, ObjectTypes[K]> };

/** An empty struct nhmsg: every nexthop (a nexthop dump needs no attribute). */
const NEXTHOP_DUMP_REQUEST = Buffer.alloc(8);

const ALL_KINDS: ReadonlySet<ObjectKind> = new Set(['link', 'address', 'route', 'neighbour', 'rule', 'nexthop', 'mctpAddress']);
// The kernel removes the nexthops through a link that goes down or away without a notification either.
const FLUSHED_KINDS: ReadonlySet<ObjectKind> = new Set(['route', 'neighbour', 'nexthop']);
/** Long enough for the kernel to finish flushing after it announced the link change. */
const FLUSH_CHECK_DELAY_MS = 50;

function emptyView(): View {
  return { link: new Map(), address: new Map(), route: new Map(), neighbour: new Map(), rule: new Map(), nexthop: new Map(), mctpAddress: new Map() };
}

/**
 * Typed rtnetlink notifications. Events: 'change' (ChangeEvent), 'overrun' (the kernel dropped notifications;
 * call resync()), 'error' (a background resync failed, or the connection reported an error), 'close'. Also an
 * async iterator of MonitorEvent, where an overrun is an event too and an error rejects next() and ends it.
 * An error reaches neither an 'error' listener nor an iterator only when there is none: it becomes a warning.
 * Like a server socket, a monitor keeps the process alive until close().
 */
export class RouteMonitor extends TypedEventEmitter<RouteMonitorEvents> implements AsyncIterable<MonitorEvent> {
  /** The multicast groups the monitor listens to, shorthands ('addr', 'route', 'all') expanded. */
  readonly groups: ReadonlyArray<keyof typeof GROUPS>;
  private readonly connection: Connection;
  private readonly subscription: Subscription;
  private readonly options: RouteMonitorOptions;
  private view: View = emptyView();
  /** Notifications that arrive while a resync is dumping, applied after it. */
  private held: Notification[] | null = null;
  private resyncing: Promise<ChangeEvent[]> | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  private overrunDuringResync = false;
  private closed = false;
  private readonly iterators = new Set<EventQueue>();
  private readonly tracked: ReadonlySet<ObjectKind>;
  /** Route keys by base key (destination, table, tos, metric), to find the route a REPLACE replaced. */
  private routesByBase = new Map<string, Set<string>>();
  private readonly onConnectionError = (err: Error): void => this.reportError(err);

  /**
   * A monitor on `connection` (RouteClient.monitor() makes one for you): joins `groups` (default 'all'), and with
   * `sync` loads the current state first.
   */
  constructor(connection: Connection, groups: MonitorGroup[] | undefined, options: RouteMonitorOptions = {}) {
    super();
    checkMonitorArguments(groups, options);
    this.connection = connection;
    this.options = options;
    this.groups = expandGroups(groups);
    this.tracked = new Set(this.groups.flatMap((g) => dumpsFor(g).map((d) => d.object)));
    this.subscription = connection.subscribe(this.groups.map((g) => GROUPS[g]));
    this.subscription.on('message', (n: Notification) => this.onNotification(n));
    this.subscription.on('overrun', () => this.onOverrun());
    this.subscription.on('close', () => this.close());
    connection.on('error', this.onConnectionError);
    if (options.sync) {
      this.resync({ emit: false }).catch((err) => this.reportError(err));
    }
  }

  /** The objects the view holds now, of one kind. */
  snapshot<K extends ObjectKind>(object: K): Array<ObjectTypes[K]> {
    return [...(this.view[object] as Map<string, ObjectTypes[K]>).values()];
  }

  /** The view's value of one object, by the key ./identity gives it. */
  get<K extends ObjectKind>(object: K, key: string): ObjectTypes[K] | undefined {
    return (this.view[object] as Map<string, ObjectTypes[K]>).get(key);
  }

  /**
   * Dumps every subscribed kind afresh and reconciles the view with it: objects that appeared, changed or
   * vanished are emitted as 'change' events with `resync: true` (unless `emit` is false), and returned.
   * Notifications that arrive meanwhile are held and applied after the dump, in order.
   */
  resync(options: { emit?: boolean } = {}): Promise<ChangeEvent[]> {
    return this.refresh(ALL_KINDS, options.emit !== false, false);
  }

  /** Re-dumps some kinds (all of them for resync), one refresh at a time. */
  private refresh(kinds: ReadonlySet<ObjectKind>, emit: boolean, knownOnly: boolean): Promise<ChangeEvent[]> {
    const previous = this.resyncing ?? Promise.resolve([]);
    const run = previous
      .catch(() => [])
      .then(() => this.runRefresh(kinds, emit, knownOnly))
      .finally(() => {
        if (this.resyncing === run) this.resyncing = null;
      });
    this.resyncing = run;
    return run;
  }

  /** `knownOnly`: report only what happened to objects the view held; take in unknown ones without an event. */
  private async runRefresh(kinds: ReadonlySet<ObjectKind>, emit: boolean, knownOnly: boolean): Promise<ChangeEvent[]> {
    if (this.closed) return [];
    this.held = [];
    this.overrunDuringResync = false;
    let fresh: View;
    try {
      fresh = await this.dumpKinds(kinds);
    } catch (err) {
      this.releaseHeld();
      throw err;
    }
    const events: ChangeEvent[] = [];
    for (const object of kinds) {
      if (!this.tracks(object)) continue;
      const before = this.view[object] as Map<string, any>;
      const after = fresh[object] as Map<string, any>;
      for (const [key, previous] of before) {
        if (!after.has(key)) events.push({ action: 'del', object, value: previous, previous, changed: false, resync: true } as ChangeEvent);
      }
      for (const [key, value] of after) {
        const previous = before.get(key);
        if (previous === undefined) {
          if (!knownOnly) events.push({ action: 'new', object, value, changed: false, resync: true } as ChangeEvent);
        }
        else if (!sameObject(object, previous, value)) events.push({ action: 'new', object, value, previous, changed: true, resync: true } as ChangeEvent);
      }
      (this.view as Record<ObjectKind, Map<string, any>>)[object] = after;
      if (object === 'route') this.reindexRoutes();
    }
    if (emit) for (const e of events) this.publish(e);
    this.releaseHeld();
    if (this.overrunDuringResync && this.options.autoResync && !this.closed) {
      // Dropped again while dumping: the held notifications have a gap. Go round once more.
      setImmediate(() => this.resync().catch((err) => this.reportError(err)));
    }
    return events;
  }

  private async dumpKinds(kinds: ReadonlySet<ObjectKind>): Promise<View> {
    const fresh = emptyView();
    for (const group of this.groups) {
      for (const d of dumpsFor(group)) {
        if (!kinds.has(d.object)) continue;
        const result: DumpResult = await this.connection.dump(d.type, d.payload, { retryOnInterrupt: this.options.retryOnInterrupt ?? 3 });
        const map = fresh[d.object] as Map<string, any>;
        for (const m of result.messages) {
          if (m.type !== d.type - 2) continue; // RTM_GETX - 2 = RTM_NEWX
          const kind = messageKindOf(m.type, m.payload);
          if (kind?.object !== d.object) continue; // a kernel without MCTP answers an AF_MCTP dump with every family's
          const value = kind.decode(m.payload, m.type);
          if (!isTracked(d.object, value)) continue;
          map.set(objectKey(d.object, value), value);
        }
        if (result.interrupted) this.overrunDuringResync = true; // inconsistent even after retries
      }
    }
    return fresh;
  }

  /**
   * The kernel flushes the routes through a link that goes down or away without a notification for each
   * (IPv4 always; IPv6 when the link is deleted). Re-dump routes and neighbours shortly after, so those removals
   * reach the view as 'del' events with `resync: true` instead of lingering.
   */
  private scheduleFlushCheck(): void {
    if (this.flushTimer || this.closed || !(this.tracks('route') || this.tracks('neighbour') || this.tracks('nexthop'))) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.refresh(FLUSHED_KINDS, true, true).catch((err) => this.reportError(err));
    }, FLUSH_CHECK_DELAY_MS);
  }

  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const n of held) this.apply(n);
  }

  /**
   * Leaves the groups, ends pending iterators and emits 'close' (closing the connection too when it owns it).
   * Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.subscription.close();
    this.connection.off('error', this.onConnectionError);
    if (this.options.ownsConnection) this.connection.close();
    for (const q of this.iterators) q.end();
    this.emit('close');
  }

  /** Changes and overruns in arrival order until the monitor closes; an error rejects next() and ends the iteration. */
  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    const q = new EventQueue(this.options.maxQueuedEvents ?? 100_000, () => this.iterators.delete(q));
    this.iterators.add(q);
    if (this.closed) q.end();
    return q;
  }

  // ---- notifications ----------------------------------------------------------------------------------------

  private onNotification(n: Notification): void {
    if (this.held) {
      this.held.push(n);
      return;
    }
    this.apply(n);
  }

  private apply(n: Message): void {
    const kind = messageKindOf(n.type, n.payload);
    if (!kind) return; // RTM_NEWNETCONF and friends share some groups; they are not objects we track
    const value = kind.decode(n.payload, n.type);
    const object = kind.object;
    const tracked = this.tracks(object) && isTracked(object, value);
    const map = this.view[object] as Map<string, any>;
    const key = tracked ? objectKey(object, value) : '';
    const event = { action: kind.action, object, value, changed: false } as ChangeEvent & { previous?: unknown };
    if (n.flags & NewFlags.Replace && kind.action === 'new') event.replaced = true;
    if (tracked) {
      let previous = map.get(key);
      if (kind.action === 'new') {
        if (previous === undefined && event.replaced && object === 'route') {
          // A replaced route can come back with other nexthops, hence another key: drop the one it replaced.
          const replacedKey = this.routesByBase.get(routeBaseKey(value))?.values().next().value;
          if (replacedKey !== undefined) {
            previous = map.get(replacedKey);
            map.delete(replacedKey);
            this.indexRoute(replacedKey, previous, false);
          }
        }
        map.set(key, value);
        if (object === 'route') this.indexRoute(key, value, true);
        event.changed = previous !== undefined;
        if (object === 'link' && isUp(previous) && !isUp(value)) this.scheduleFlushCheck();
      } else {
        map.delete(key);
        if (object === 'route' && previous !== undefined) this.indexRoute(key, previous, false);
        if (object === 'link') this.scheduleFlushCheck();
      }
      if (previous !== undefined) event.previous = previous;
    }
    this.publish(event);
  }

  private onOverrun(): void {
    if (this.held) this.overrunDuringResync = true;
    this.emit('overrun');
    for (const q of this.iterators) q.push({ action: 'overrun' });
    if (this.options.autoResync && !this.resyncing && !this.closed) {
      this.resync().catch((err) => this.reportError(err));
    }
  }

  private publish(event: ChangeEvent): void {
    this.emit('change', event);
    for (const q of this.iterators) q.push(event);
  }

  private tracks(object: ObjectKind): boolean {
    return this.tracked.has(object);
  }

  private indexRoute(key: string, route: Route, add: boolean): void {
    const base = routeBaseKey(route);
    let keys = this.routesByBase.get(base);
    if (add) {
      if (!keys) this.routesByBase.set(base, (keys = new Set()));
      keys.add(key);
    } else if (keys) {
      keys.delete(key);
      if (keys.size === 0) this.routesByBase.delete(base);
    }
  }

  private reindexRoutes(): void {
    this.routesByBase = new Map();
    for (const [key, route] of this.view.route) this.indexRoute(key, route, true);
  }

  /**
   * Errors of background work (sync, autoResync, the flush check) and of the connection have no caller to
   * reject: they go to 'error' listeners and to the async iterators. With neither, a process warning says so
   * instead of losing them; emitting 'error' without a listener would crash the process from a callback.
   */
  private reportError(err: Error): void {
    const listened = this.listenerCount('error') > 0;
    const iterators = [...this.iterators];
    if (listened) this.emit('error', err);
    for (const q of iterators) q.fail(err);
    if (!listened && iterators.length === 0) process.emitWarning(err);
  }
}

function isUp(link: { flags?: unknown } | undefined): boolean {
  return link !== undefined && Array.isArray(link.flags) && link.flags.includes('up');
}

/** The queue behind one async iterator; bounded, with an overrun event when the consumer falls too far behind. */
class EventQueue implements AsyncIterator<MonitorEvent> {
  private readonly queue = new AsyncQueue<MonitorEvent>();

  constructor(
    private readonly max: number,
    private readonly onEnd: () => void,
  ) {}

  push(e: MonitorEvent): void {
    if (this.queue.ended) return;
    if (this.queue.length >= this.max) {
      // The consumer is not keeping up: drop the backlog, and say so instead of growing without bound.
      this.queue.clear();
      this.queue.push({ action: 'overrun' });
    }
    if (e.action === 'overrun' && this.queue.last()?.action === 'overrun') return; // said already
    this.queue.push(e);
  }

  end(): void {
    if (this.queue.ended) return;
    this.queue.end();
    this.onEnd();
  }

  /** Ends the iteration with an error, delivered after the events already queued (like events.on()). */
  fail(err: Error): void {
    if (this.queue.ended) return;
    this.queue.fail(err);
    this.onEnd();
  }

  next(): Promise<IteratorResult<MonitorEvent>> {
    return this.queue.next();
  }

  return(): Promise<IteratorResult<MonitorEvent>> {
    this.queue.clear();
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }
}

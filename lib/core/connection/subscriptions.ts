// Multicast: subscriptions to groups, the socket's memberships they share (counted, so a group is left when its
// last subscription ends), and the delivery of each notification to the subscriptions of its group.
import { TypedEventEmitter } from '../../socket/events';
import { DecodeError, RequestError } from '../errors';
import { align4 } from '../header';
import { AsyncQueue } from '../queue';
import { malformedLength, messageAt, wholeLengthAt } from './datagram';
import { Notification } from './options';
import { ConnectionSocket } from './socket';

/** Notifications a subscription holds for a consumer that is not reading, before it reports an overrun. */
const MAX_QUEUED_NOTIFICATIONS = 100_000;

/** The events of a {@link Subscription} and the arguments their listeners receive. */
export interface SubscriptionEvents {
  /** A notification of one of the subscribed groups. */
  message: [notification: Notification];
  /** The kernel dropped notifications (ENOBUFS; `code` 'ERR_NETLINK_OVERRUN'): state may have diverged, resync. */
  overrun: [err: RequestError];
  /** Once, after close(). */
  close: [];
}

/**
 * A subscription to multicast groups: an event emitter ({@link SubscriptionEvents}) and an async iterator
 * of notifications. An overrun is also delivered to the iterator as an `OverrunError` thrown from next(), so a
 * consumer cannot miss it; the iterator can be resumed afterwards with a new `for await`.
 */
export class Subscription extends TypedEventEmitter<SubscriptionEvents> {
  private readonly queue = new AsyncQueue<Notification>();
  private iterating = false;
  /** Notifications dropped by the kernel, counted per overrun (the kernel does not say how many). */
  overruns = 0;

  /** Made by {@link Connection.subscribe}; `onClose` gives its groups back to the connection. */
  constructor(
    /** The multicast groups subscribed to. */
    readonly groups: readonly number[],
    private readonly onClose: (s: Subscription) => void,
    /** Whether this subscription keeps the process alive (false: a cache watching for changes in the background). */
    readonly ref = true,
  ) {
    super();
  }

  /** @internal */
  deliver(n: Notification): void {
    this.emit('message', n);
    if (!this.iterating && this.listenerCount('message') > 0) return;
    if (this.queue.length >= MAX_QUEUED_NOTIFICATIONS) {
      // Nobody is reading: drop the backlog rather than grow without bound, and say so.
      this.queue.clear();
      this.overrun();
    }
    this.queue.push(n);
  }

  /** @internal */
  overrun(): void {
    this.overruns++;
    const err = new RequestError('ERR_NETLINK_OVERRUN', 'the kernel dropped notifications (ENOBUFS): state may have diverged; resync', 0);
    this.emit('overrun', err);
    if (this.iterating || this.listenerCount('message') === 0) this.queue.pushError(err);
  }

  /** Leaves the groups (those no other subscription holds), ends the iterator and emits 'close'. Idempotent. */
  close(): void {
    if (this.queue.ended) return;
    this.queue.clear();
    this.queue.end();
    this.onClose(this);
    this.emit('close');
  }

  /** Whether close() was called (or the connection closed). */
  get closed(): boolean {
    return this.queue.ended;
  }

  /** The notifications, in order; an overrun rejects next() with a RequestError 'ERR_NETLINK_OVERRUN', after which reading may go on. */
  [Symbol.asyncIterator](): AsyncIterator<Notification> {
    this.iterating = true;
    return {
      next: () => this.queue.next(),
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/** A connection's subscriptions, and the group memberships they hold on its socket. */
export class Subscriptions {
  private readonly all = new Set<Subscription>();
  private readonly groupRefs = new Map<number, number>();

  constructor(private readonly socket: ConnectionSocket) {}

  get size(): number {
    return this.all.size;
  }

  /** Joins the groups (all or nothing) and returns a subscription to them. */
  add(groups: number[], onClose: (s: Subscription) => void, ref = true): Subscription {
    const joined: number[] = [];
    try {
      for (const g of groups) {
        const n = this.groupRefs.get(g) ?? 0;
        if (n === 0) this.socket.addMembership(g);
        this.groupRefs.set(g, n + 1);
        joined.push(g);
      }
    } catch (err) {
      this.release(joined); // no membership stays behind without a subscription to end it
      throw err;
    }
    const sub = new Subscription(groups, onClose, ref);
    this.all.add(sub);
    return sub;
  }

  /** Whether a subscription that keeps the process alive is open. */
  anyRef(): boolean {
    for (const s of this.all) if (s.ref) return true;
    return false;
  }

  /** Forgets a closed subscription and leaves the groups no other subscription needs (unless `socketGone`). */
  remove(sub: Subscription, socketGone: boolean): boolean {
    if (!this.all.delete(sub)) return false;
    if (!socketGone) this.release(sub.groups);
    return true;
  }

  /**
   * Hands each notification of the datagram buf[start, end), sent to `group` (0: unknown), to the subscriptions of
   * that group. A malformed message ends the datagram, reported through `onError`.
   */
  deliver(buf: Buffer, start: number, end: number, group: number, nsid: number | undefined, onError: (err: Error) => void): void {
    if (this.all.size === 0) return;
    let offset = start;
    while (offset < end) {
      const length = wholeLengthAt(buf, offset, end);
      if (length === 0) {
        onError(new DecodeError(`malformed netlink notification (${malformedLength(buf, offset, end)})`, offset - start));
        return;
      }
      const n = messageAt(buf, offset, length) as Notification;
      n.group = group;
      if (nsid !== undefined) n.nsid = nsid;
      for (const sub of this.all) {
        if (group === 0 || sub.groups.includes(group)) sub.deliver(n);
      }
      offset += align4(length);
    }
  }

  /** The kernel dropped messages for this socket: every subscription is told. */
  overrun(): void {
    for (const sub of this.all) sub.overrun();
  }

  /** Closes every subscription (the connection is closing). */
  closeAll(): void {
    for (const sub of [...this.all]) sub.close();
  }

  private release(groups: readonly number[]): void {
    for (const g of groups) {
      const n = (this.groupRefs.get(g) ?? 1) - 1;
      if (n === 0) {
        this.groupRefs.delete(g);
        try {
          this.socket.dropMembership(g);
        } catch {
          // the socket is going away
        }
      } else {
        this.groupRefs.set(g, n);
      }
    }
  }
}

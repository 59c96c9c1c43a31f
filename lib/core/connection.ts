// One netlink socket speaking nlmsghdr: sequence numbers, concurrent requests and dumps, ACKs, multicast
// subscriptions and overruns. Families build payloads and decode replies; this file knows no family.
import { EventEmitter } from 'events';
import {
  GetFlags,
  MessageFlags,
  MessageType,
  NLMSG_HDRLEN,
  NLMSG_MIN_TYPE,
} from './constants';
import { AckInfo, decodeAck } from './ack';
import { debugDatagram, debugEnabled } from './debug';
import { DecodeError, NetlinkError, RequestError } from './errors';
import { align4, checkTypeAndFlags, Message } from './header';
import { DatagramFlags, Meta, META_STRIDE, NetlinkSocket, SocketOption } from '../socket/netlink-socket';

export interface ConnectionOptions {
  protocol: number;
  /** Open the socket inside another network namespace: a name under /run/netns, a path, or an fd. */
  netns?: string | number;
  /** Ask for strict checking of requests (NETLINK_GET_STRICT_CHK), so dump filters are honoured. Default true. */
  strict?: boolean;
  /** Ask for extended ACKs (the kernel's error text). Default true. */
  extAck?: boolean;
  /** Receive buffer size in bytes (SO_RCVBUFFORCE, falling back to SO_RCVBUF). */
  receiveBufferSize?: number;
  /** Deliver messages whose sender is not the kernel (port id ≠ 0). Default false: they are dropped. */
  acceptNonKernel?: boolean;
  /** Readable names for message types, used in errors and debug output. */
  typeName?: (type: number) => string | undefined;
  /**
   * Once a dump has proven big (a few datagrams in), read the rest of it on a native thread
   * (NetlinkSocket.setReceiveThread), so the kernel builds the next datagrams while JavaScript decodes the last
   * ones. Small dumps and requests stay on the synchronous path. Default false.
   */
  receiveThread?: boolean;
}

export interface RequestOptions {
  /** Flags added to NLM_F_REQUEST (and NLM_F_ACK unless `ack` is false). */
  flags?: number;
  /**
   * Ask for an ACK. Default true. A GET that returns exactly one message can pass false: it completes on the
   * reply, saving a message (and is how fast lookups are done).
   */
  ack?: boolean;
  /** Milliseconds before the request rejects with ETIMEDOUT. Default: none. */
  timeout?: number;
  signal?: AbortSignal;
}

/**
 * Decodes the one reply of requestOne(): its nlmsg_type and its payload, buf[start, end) (NLMSG_ERROR and nothing
 * when the kernel only acknowledged). The bytes stay valid and are never rewritten, so the result may keep views
 * of them. A throw rejects the request.
 */
export type OneReplyDecoder<T> = (messageType: number, buf: Buffer, start: number, end: number) => T;

export interface DumpOptions {
  /** Flags added to NLM_F_REQUEST|NLM_F_DUMP. */
  flags?: number;
  timeout?: number;
  signal?: AbortSignal;
  /** Re-run an interrupted dump (NLM_F_DUMP_INTR) up to this many times before returning it flagged. Default 0. */
  retryOnInterrupt?: number;
}

export interface DumpResult {
  messages: Message[];
  /** The kernel's data changed during the dump (NLM_F_DUMP_INTR): the result may be inconsistent. */
  interrupted: boolean;
  /** The kernel applied the request's filter (NLM_F_DUMP_FILTERED). */
  filtered: boolean;
}

/**
 * The messages of one datagram of a dump, without an object per message: for message i, its payload is
 * `buffer[index[3i], index[3i + 1])` and its nlmsg_type is `index[3i + 2]`. Decoders that take (buffer, start,
 * end) read them straight from the received bytes, which keeps a large dump cheap for the garbage collector.
 */
export interface MessageChunk {
  buffer: Buffer;
  index: number[];
}

/** A multicast message, with the group it was sent to (when the kernel says; see NETLINK_PKTINFO). */
export interface Notification extends Message {
  group: number;
  nsid?: number;
}

const kDone = Symbol('done');

interface Pending {
  seq: number;
  type: number;
  dump: boolean;
  /** Replies gathered so far. */
  messages: Message[];
  /** Streams receive batches instead of gathering. */
  stream?: DumpStream;
  interrupted: boolean;
  filtered: boolean;
  ack: boolean;
  /** A request's replies go through this before they settle its promise (a throw rejects it). */
  decode: ((replies: Message[]) => unknown) | undefined;
  /** requestOne(): its one reply goes through this instead. */
  decodeOne: OneReplyDecoder<unknown> | undefined;
  /** Settled already (timed out, aborted): a dump stays registered until its end arrives, then is dropped. */
  cancelled: boolean;
  /** Sent before the last overrun: its reply may have been dropped by the kernel. */
  beforeBarrier?: boolean;
  resolve(result: unknown): void;
  reject(err: Error): void;
  cleanup(): void;
  /** requestOne() before it has a promise: what resolve/reject recorded. */
  recorded: Recorded;
  outcome: unknown;
}

const enum Recorded {
  Nothing = 0,
  Value = 1,
  Error = 2,
}

/** resolve/reject of a requestOne() that has no promise yet: they record the outcome on the request itself. */
function recordResolved(this: Pending, value: unknown): void {
  this.recorded = Recorded.Value;
  this.outcome = value;
}

function recordRejected(this: Pending, err: Error): void {
  this.recorded = Recorded.Error;
  this.outcome = err;
}

interface PendingResult {
  messages: Message[];
  interrupted: boolean;
  filtered: boolean;
}

/** A queued dump waiting for the socket's one dump slot (the kernel runs one dump at a time per socket). */
interface QueuedDump {
  pending: Pending;
  payload: Buffer;
  flags: number;
}

const HIGH_WATER_BATCHES = 8;
/** requestOne()'s answer memory: a new slab when less than ANSWER_MIN_ROOM is left (a lookup's answer is ~100 bytes). */
const ANSWER_SLAB_SIZE = 64 * 1024;
const ANSWER_MIN_ROOM = 4096;
/** A dump this many datagrams long (a few thousand routes) is read on the receive thread from then on. */
const THREAD_AFTER_DATAGRAMS = 4;
/** Notifications a subscription holds for a consumer that is not reading, before it reports an overrun. */
const MAX_QUEUED_NOTIFICATIONS = 100_000;

class DumpStream {
  private batches: Array<MessageChunk | typeof kDone | Error> = [];
  private waiter: ((v: MessageChunk | typeof kDone | Error) => void) | null = null;
  interrupted = false;
  filtered = false;

  constructor(private readonly onBackpressure: (paused: boolean) => void) {}

  push(item: MessageChunk | typeof kDone | Error): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(item);
      return;
    }
    this.batches.push(item);
    if (this.batches.length === HIGH_WATER_BATCHES) this.onBackpressure(true);
  }

  next(): Promise<MessageChunk | typeof kDone | Error> {
    const item = this.batches.shift();
    if (item !== undefined) {
      if (this.batches.length === HIGH_WATER_BATCHES - 1) this.onBackpressure(false);
      return Promise.resolve(item);
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

/**
 * A subscription to multicast groups: an EventEmitter ('message', 'overrun', 'close') and an async iterator
 * of notifications. An overrun is also delivered to the iterator as an `OverrunError` thrown from next(), so a
 * consumer cannot miss it; the iterator can be resumed afterwards with a new `for await`.
 */
export class Subscription extends EventEmitter {
  private queue: Array<Notification | RequestError> = [];
  private waiter: { resolve: (v: IteratorResult<Notification>) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  /** Notifications dropped by the kernel, counted per overrun (the kernel does not say how many). */
  overruns = 0;

  constructor(
    readonly groups: readonly number[],
    private readonly onClose: (s: Subscription) => void,
  ) {
    super();
  }

  /** @internal */
  deliver(n: Notification): void {
    this.emit('message', n);
    if (!this.iterating && this.listenerCount('message') > 0) return;
    if (this.queue.length >= MAX_QUEUED_NOTIFICATIONS) {
      // Nobody is reading: drop the backlog rather than grow without bound, and say so.
      this.queue = [];
      this.overrun();
    }
    this.enqueue(n);
  }

  /** @internal */
  overrun(): void {
    this.overruns++;
    const err = new RequestError('ERR_NETLINK_OVERRUN', 'the kernel dropped notifications (ENOBUFS): state may have diverged; resync', 0);
    this.emit('overrun', err);
    if (this.iterating || this.listenerCount('message') === 0) this.enqueue(err);
  }

  private iterating = false;

  private enqueue(item: Notification | RequestError): void {
    if (this.ended) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      if (item instanceof Error) w.reject(item);
      else w.resolve({ value: item, done: false });
      return;
    }
    this.queue.push(item);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    if (this.waiter) {
      this.waiter.resolve({ value: undefined, done: true });
      this.waiter = null;
    }
    this.onClose(this);
    this.emit('close');
  }

  get closed(): boolean {
    return this.ended;
  }

  [Symbol.asyncIterator](): AsyncIterator<Notification> {
    this.iterating = true;
    return {
      next: () => {
        const item = this.queue.shift();
        if (item !== undefined) {
          return item instanceof Error ? Promise.reject(item) : Promise.resolve({ value: item, done: false });
        }
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/**
 * A netlink connection: one socket, many concurrent requests and dumps.
 *
 * Events: 'overrun' (the kernel dropped messages for this socket), 'error' (a malformed datagram, a receive
 * error), 'close'.
 */
export class Connection extends EventEmitter {
  readonly socket: NetlinkSocket;
  readonly protocol: number;
  /** Whether the kernel accepted NETLINK_GET_STRICT_CHK: dump filters in requests are honoured. */
  readonly strict: boolean;
  /** Whether the kernel sends extended ACKs. */
  readonly extAck: boolean;
  readonly portId: number;

  private nextSeq: number;
  private readonly pending = new Map<number, Pending>();
  private activeDump: Pending | null = null;
  private readonly dumpQueue: QueuedDump[] = [];
  private readonly subscriptions = new Set<Subscription>();
  private readonly groupRefs = new Map<number, number>();
  private readonly acceptNonKernel: boolean;
  private readonly dumpThread: boolean;
  /** Datagrams received since the active dump started: decides when it is big enough for the receive thread. */
  private dumpDatagrams = 0;
  private readonly typeName: (type: number) => string | undefined;
  private receiving = false;
  private barrierSeq = 0;
  private barrierTimer: NodeJS.Timeout | undefined;
  private pausedBy = new Set<DumpStream>();
  private pktInfo = false;
  private isClosed = false;
  private refed = true;
  private sendBuf = Buffer.alloc(4096);
  /** sendBuf as words, for the request header (see answerWords). */
  private sendWords: Int32Array = alignedWords(this.sendBuf);
  /** Where requestOne() has the socket put answers: append-only, so decoded values may keep views of them. */
  private answers: Buffer = Buffer.alloc(0);
  /**
   * The same memory as 32-bit words, for the reply's header: one load per field instead of four byte loads and
   * the arithmetic to join them, which is most of what a lookup costs before V8 has optimized it. Answers start
   * 8-byte aligned, and netlink's header fields are host-order words (this package assumes a little-endian host,
   * as its byte-wise decoders do).
   */
  private answerWords: Int32Array = new Int32Array(0);
  private answersUsed = 0;
  private readonly answerMeta = new Int32Array(META_STRIDE);
  /** The last request's view of sendBuf, kept while requests keep the same size (a loop of lookups does). */
  private sendView = this.sendBuf.subarray(0, 0);
  /**
   * The requestOne() whose send is in progress, while it has no Pending (0: none). Its reply almost always comes
   * back in the same call, so it gets a Pending, registered in `pending`, only when something else needs one:
   * see pendingFor() and materializeInline().
   */
  private inlineSeq = 0;
  private inlineType = 0;
  private inlineDecode: OneReplyDecoder<unknown> | undefined = undefined;
  private inlinePending: Pending | undefined = undefined;
  /** What the last indexDumpRun() left: the index's new length, and the run's nlmsg_flags or-ed together. */
  private runUsed = 0;
  private runFlags = 0;

  static open(options: ConnectionOptions): Connection {
    return new Connection(options);
  }

  constructor(options: ConnectionOptions) {
    super();
    this.protocol = options.protocol;
    this.acceptNonKernel = options.acceptNonKernel ?? false;
    this.dumpThread = options.receiveThread === true;
    this.typeName = options.typeName ?? (() => undefined);
    this.socket = NetlinkSocket.open({ protocol: options.protocol, netns: options.netns });
    try {
      this.socket.bind({ portId: 0, groups: 0 });
      this.portId = this.socket.address().portId;
      this.extAck = options.extAck !== false && trySetOption(this.socket, SocketOption.ExtAck);
      // Only the header of a failed request comes back: smaller ACKs, and offsets still count from it.
      trySetOption(this.socket, SocketOption.CapAck);
      this.strict = options.strict !== false && trySetOption(this.socket, SocketOption.StrictCheck);
      if (options.receiveBufferSize) this.socket.setReceiveBufferSize(options.receiveBufferSize);
    } catch (err) {
      this.socket.close();
      throw err;
    }
    this.nextSeq = 1 + Math.floor(Math.random() * 0x7fffffff);
    this.socket.onBatch = (buf, meta, count) => this.onBatch(buf, meta, count);
    this.socket.on('overrun', () => this.onOverrun());
    this.socket.on('error', (err: Error) => this.emitError(err));
    this.socket.on('close', () => this.onSocketClose());
    this.unrefWhenIdle();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Sends one request and resolves with its replies (the ACK itself is consumed). Rejects with NetlinkError
   * when the kernel refuses it. With `decode`, resolves with what it returns for the replies instead (and rejects
   * with what it throws): one promise per request rather than a chain, for hot paths such as route lookups.
   * The payload is copied before this returns, so its buffer may be reused at once.
   */
  request(type: number, payload: Buffer, options?: RequestOptions): Promise<Message[]>;
  request<T>(type: number, payload: Buffer, options: RequestOptions | undefined, decode: (replies: Message[]) => T): Promise<T>;
  request(type: number, payload: Buffer, options: RequestOptions = {}, decode: (replies: Message[]) => unknown = repliesOf): Promise<unknown> {
    const ack = options.ack !== false;
    const flags = MessageFlags.Request | (ack ? MessageFlags.Ack : 0) | (options.flags ?? 0);
    return this.start(type, payload, flags, false, ack, options, undefined, false, decode);
  }

  /**
   * A request answered by exactly one message, sent without ACK (a route lookup): resolves with what `decode`
   * makes of that reply. Most families answer such a request inside sendmsg; the answer is then read into memory
   * the connection keeps, checked and decoded before this returns, with no batch, message object or promise
   * executor in between. Anything else (an error, an answer that is not there yet, another datagram read first, a
   * call from inside a receive callback) settles through the general path, with the same results as request().
   * The request always goes without NLM_F_ACK (`options.ack` is not looked at).
   */
  requestOne<T>(type: number, payload: Buffer, options: RequestOptions | undefined, decode: OneReplyDecoder<T>): Promise<T> {
    // Only the answered-at-once path is written here, everything else in methods of its own: a smaller function
    // is optimized by V8 sooner and at less cost, and a short loop of lookups spends much of its time before that.
    if (this.isClosed || this.receiving || debugEnabled || this.inlineSeq !== 0 || options?.signal?.aborted) {
      return this.requestOneQueued(type, payload, options, decode);
    }
    const seq = this.allocSeq();
    let answers = this.answers;
    if (answers.length - this.answersUsed < ANSWER_MIN_ROOM) answers = this.newAnswerSlab();
    const at = this.answersUsed;
    const meta = this.answerMeta;
    // No Pending yet: whatever looks for this seq during the send (an answer the socket hands to onBatch instead,
    // an overrun, a close from a listener) makes one then.
    this.inlineSeq = seq;
    this.inlineType = type;
    this.inlineDecode = decode;
    let length: number;
    try {
      const request = this.writeRequest(type, MessageFlags.Request | (options?.flags ?? 0), seq, payload);
      length = this.socket.sendReceiveInto(request, answers, at, meta);
    } catch (err) {
      this.endInline();
      return Promise.reject(err);
    }
    if (length >= 0) {
      // Whatever was read is the connection's now: never rewritten, so decoded values may keep views of it.
      this.answersUsed = at + ((length + 7) & ~7);
      const words = this.answerWords;
      const w = at >> 2;
      const messageLength = loneReplyLength(words[w], words[w + 1], meta);
      // Read as signed words: the seq and port id we compare with are made signed too.
      const portId = words[w + 3];
      if (messageLength !== 0 && words[w + 2] === (seq | 0) && (portId === (this.portId | 0) || portId === 0)) {
        this.inlineSeq = 0;
        this.inlineDecode = undefined;
        if (this.inlinePending !== undefined) this.endInline();
        try {
          return Promise.resolve(decode(words[w + 1] & 0xffff, answers, at + NLMSG_HDRLEN, at + messageLength));
        } catch (err) {
          return Promise.reject(err);
        }
      }
      this.onBatch(answers, meta, 1);
    }
    return this.inlineOutcome(options) as Promise<T>;
  }

  /**
   * requestOne() when it cannot be answered inline: the connection is closed, the signal aborted already, or it is
   * called from a receive callback, while another requestOne() is sending, or with debugging on.
   */
  private requestOneQueued<T>(type: number, payload: Buffer, options: RequestOptions | undefined, decode: OneReplyDecoder<T>): Promise<T> {
    if (this.isClosed) return Promise.reject(new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection is closed', 0));
    if (options?.signal?.aborted) return Promise.reject(new RequestError('ABORT_ERR', 'the request was aborted before it was sent', 0));
    return this.start(type, payload, MessageFlags.Request | (options?.flags ?? 0), false, false, options ?? {}, undefined, false, undefined, decode) as Promise<T>;
  }

  private newAnswerSlab(): Buffer {
    this.answersUsed = 0;
    const slab = Buffer.allocUnsafeSlow(ANSWER_SLAB_SIZE);
    this.answerWords = alignedWords(slab);
    return (this.answers = slab);
  }

  /** The requestOne() in progress was not answered inline: from now on it waits like any other request. */
  private inlineOutcome(options: RequestOptions | undefined): Promise<unknown> {
    const pending = this.inlinePending ?? this.materializeInline();
    this.inlineSeq = 0;
    this.inlinePending = undefined;
    this.inlineDecode = undefined;
    // Settled already, through onBatch (an error, an answer delivered as a batch): the outcome was recorded.
    if (pending.recorded === Recorded.Value) return Promise.resolve(pending.outcome);
    if (pending.recorded === Recorded.Error) return Promise.reject(pending.outcome);
    return new Promise<unknown>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
      this.armLimits(pending, options?.timeout, options?.signal);
      this.keepAlive(true);
    });
  }

  /**
   * The Pending of the requestOne() in progress, made and registered now because something needs it before the
   * send returns. Until a promise is needed, settling it only records the outcome.
   */
  private materializeInline(): Pending {
    const pending: Pending = {
      seq: this.inlineSeq,
      type: this.inlineType,
      dump: false,
      messages: [],
      stream: undefined,
      interrupted: false,
      filtered: false,
      ack: false,
      decode: undefined,
      decodeOne: this.inlineDecode,
      cancelled: false,
      resolve: recordResolved,
      reject: recordRejected,
      cleanup: nothingToClean,
      recorded: Recorded.Nothing,
      outcome: undefined,
    };
    this.pending.set(pending.seq, pending);
    this.inlinePending = pending;
    this.inlineSeq = 0;
    return pending;
  }

  /** The requestOne() in progress is over (answered, or its send failed): a Pending made meanwhile goes too. */
  private endInline(): void {
    const pending = this.inlinePending;
    this.inlineSeq = 0;
    this.inlinePending = undefined;
    this.inlineDecode = undefined;
    if (pending !== undefined) this.finish(pending);
  }

  /** The request a reply with this seq answers, if any (the requestOne() in progress included). */
  private pendingFor(seq: number): Pending | undefined {
    const p = this.pending.get(seq);
    return p === undefined && seq === this.inlineSeq && seq !== 0 ? this.materializeInline() : p;
  }

  /**
   * Starts a pending request's timeout and listens to its signal, if it has them; its cleanup undoes both. Most
   * requests have neither: no closure is made for them (lookups are a hot path).
   */
  private armLimits(pending: Pending, timeout: number | undefined, signal: AbortSignal | undefined): void {
    if (!((timeout !== undefined && timeout > 0) || signal)) return;
    const { type, seq } = pending;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    pending.cleanup = () => {
      if (timer) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    };
    if (timeout !== undefined && timeout > 0) {
      timer = setTimeout(() => this.cancel(pending, new RequestError('ETIMEDOUT', `netlink request ${this.describe(type)} timed out after ${timeout} ms`, seq)), timeout);
    }
    if (signal) {
      onAbort = () => this.cancel(pending, new RequestError('ABORT_ERR', `netlink request ${this.describe(type)} was aborted`, seq));
      signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  /** Runs a dump and resolves with every message once NLMSG_DONE arrives. Dumps queue behind each other. */
  async dump(type: number, payload: Buffer, options: DumpOptions = {}): Promise<DumpResult> {
    let retries = options.retryOnInterrupt ?? 0;
    for (;;) {
      const r = (await this.start(type, payload, MessageFlags.Request | GetFlags.Dump | (options.flags ?? 0), true, false, options)) as PendingResult;
      if (!r.interrupted || retries-- <= 0) return r;
    }
  }

  /**
   * Streams a dump as batches of messages (one batch per datagram) while it is in flight, so a large table never
   * sits in memory whole. When the consumer lags, the connection stops reading the socket until it catches up.
   * After the loop, `stream.interrupted` tells whether the kernel flagged the dump inconsistent.
   */
  dumpStream(type: number, payload: Buffer, options: DumpOptions = {}): AsyncIterable<Message[]> & { interrupted: boolean; filtered: boolean } {
    const chunks = this.dumpChunks(type, payload, options);
    const iterable = {
      get interrupted() {
        return chunks.interrupted;
      },
      get filtered() {
        return chunks.filtered;
      },
      async *[Symbol.asyncIterator](): AsyncIterator<Message[]> {
        for await (const { buffer, index } of chunks) {
          const messages: Message[] = [];
          for (let i = 0; i < index.length; i += 3) {
            const start = index[i];
            const header = start - NLMSG_HDRLEN;
            messages.push({
              type: index[i + 2],
              flags: buffer[header + 6] | (buffer[header + 7] << 8),
              seq: u32At(buffer, header + 8),
              portId: u32At(buffer, header + 12),
              payload: buffer.subarray(start, index[i + 1]),
            });
          }
          yield messages;
        }
      },
    };
    return iterable;
  }

  /**
   * The fastest way through a large dump: like dumpStream, but each datagram's messages come as one
   * MessageChunk (offsets into the received bytes) instead of an object per message.
   */
  dumpChunks(type: number, payload: Buffer, options: DumpOptions = {}): AsyncIterable<MessageChunk> & { interrupted: boolean; filtered: boolean } {
    const stream = new DumpStream((paused) => this.setPaused(stream, paused));
    const flags = MessageFlags.Request | GetFlags.Dump | (options.flags ?? 0);
    let started = false;
    const self = this;
    const iterable = {
      interrupted: false,
      filtered: false,
      async *[Symbol.asyncIterator](): AsyncIterator<MessageChunk> {
        if (started) throw new Error('a dump stream can be iterated once');
        started = true;
        const done = self.start(type, payload, flags, true, false, options, stream);
        done.catch(() => undefined); // errors reach the consumer through the stream
        try {
          for (;;) {
            const item = await stream.next();
            if (item === kDone) break;
            if (item instanceof Error) throw item;
            yield item;
          }
        } finally {
          self.setPaused(stream, false);
          const p = self.findPendingByStream(stream);
          if (p && !p.cancelled) self.cancel(p, new RequestError('ABORT_ERR', 'dump stream abandoned by its consumer', p.seq));
          iterable.interrupted = stream.interrupted;
          iterable.filtered = stream.filtered;
        }
      },
    };
    return iterable;
  }

  /** Joins multicast groups and returns a subscription delivering their notifications. */
  subscribe(groups: number[]): Subscription {
    this.assertOpen(0);
    if (!this.pktInfo) {
      // The sender address carries the group only for groups 1..32; PKTINFO names any group.
      this.pktInfo = trySetOption(this.socket, SocketOption.PktInfo);
    }
    const joined: number[] = [];
    try {
      for (const g of groups) {
        const n = this.groupRefs.get(g) ?? 0;
        if (n === 0) this.socket.addMembership(g);
        this.groupRefs.set(g, n + 1);
        joined.push(g);
      }
    } catch (err) {
      this.releaseGroups(joined); // all or nothing: no membership stays behind without a subscription to end it
      throw err;
    }
    const sub = new Subscription(groups, (s) => this.unsubscribe(s));
    this.subscriptions.add(sub);
    this.keepAlive(true);
    return sub;
  }

  /** Closes the socket; pending requests reject with ERR_NETLINK_CLOSED at once, and later ones too. */
  close(): void {
    if (this.isClosed) return;
    this.socket.close();
    this.onSocketClose();
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  private allocSeq(): number {
    for (;;) {
      const seq = this.nextSeq;
      this.nextSeq = this.nextSeq >= 0xffffffff ? 1 : this.nextSeq + 1;
      if (!this.pending.has(seq) && seq !== this.inlineSeq) return seq;
    }
  }

  private start(
    type: number,
    payload: Buffer,
    flags: number,
    dump: boolean,
    ack: boolean,
    options: RequestOptions | DumpOptions,
    stream?: DumpStream,
    barrier = false,
    decode?: (replies: Message[]) => unknown,
    decodeOne?: OneReplyDecoder<unknown>,
  ): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.isClosed) {
        reject(new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection is closed', 0));
        return;
      }
      const signal = options.signal;
      if (signal?.aborted) {
        reject(new RequestError('ABORT_ERR', 'the request was aborted before it was sent', 0));
        return;
      }
      const seq = this.allocSeq();
      if (barrier) this.barrierSeq = seq;
      const pending: Pending = {
        seq,
        type,
        dump,
        messages: [],
        stream,
        interrupted: false,
        filtered: false,
        ack,
        decode,
        decodeOne,
        cancelled: false,
        resolve,
        reject,
        cleanup: nothingToClean,
        recorded: Recorded.Nothing,
        outcome: undefined,
      };
      this.pending.set(seq, pending);
      this.armLimits(pending, options.timeout, signal);
      if (dump && this.activeDump) {
        this.dumpQueue.push({ pending, payload, flags });
        this.keepAlive(true);
        return;
      }
      if (dump) this.activeDump = pending;
      this.transmit(pending, payload, flags);
      // Most requests are answered inside transmit(): only one still waiting keeps the process alive.
      if (this.pending.has(seq)) this.keepAlive(true);
    });
  }

  /** The request as it goes out: header and payload in sendBuf, padded to 4 bytes. */
  private writeRequest(type: number, flags: number, seq: number, payload: Buffer): Buffer {
    const length = NLMSG_HDRLEN + payload.length;
    const size = align4(length);
    if (size > this.sendBuf.length) {
      this.sendBuf = Buffer.alloc(Math.max(size, this.sendBuf.length * 2));
      this.sendWords = alignedWords(this.sendBuf);
      this.sendView = this.sendBuf.subarray(0, 0);
    }
    if (this.sendView.length !== size) this.sendView = this.sendBuf.subarray(0, size);
    const buf = this.sendView;
    checkTypeAndFlags(type, flags);
    // Every request's header is written here, as words (see answerWords).
    const words = this.sendWords;
    words[0] = length;
    words[1] = type | (flags << 16);
    words[2] = seq;
    words[3] = this.portId;
    buf.set(payload, NLMSG_HDRLEN);
    for (let i = length; i < size; i++) buf[i] = 0;
    return buf;
  }

  private transmit(pending: Pending, payload: Buffer, flags: number): void {
    const buf = this.writeRequest(pending.type, flags, pending.seq, payload);
    if (debugEnabled) debugDatagram('send', this.protocol, buf, this.typeName);
    try {
      if (pending.dump) this.dumpDatagrams = 0;
      // Most families answer inside sendmsg: take the reply now rather than one event-loop turn later. A request
      // without ACK that is not a dump is answered by exactly one datagram, which the socket reads in the same
      // call as the send. (The socket copies the bytes into the kernel, or its own queue on EAGAIN, so the buffer
      // can be reused.)
      if (this.receiving) this.socket.send(buf);
      else if (!pending.dump && !pending.ack) this.socket.sendReceive(buf);
      else {
        this.socket.send(buf);
        // Each datagram a dump receive takes makes the kernel build the next one inside that receive. A dump that
        // may move to the receive thread takes only its first few here, so the rest is built on the thread while
        // JavaScript decodes, rather than dozens now on this thread with nothing to overlap.
        this.socket.receiveNow(pending.dump && this.dumpThread ? THREAD_AFTER_DATAGRAMS : 0);
      }
    } catch (err) {
      // The send failed (a receive failure is an 'error' event instead), or a listener threw while the answer was
      // being delivered: either way the request is dropped here rather than left registered (finish() and a
      // rejection are harmless for one that has already settled).
      this.finish(pending);
      pending.reject(err as Error);
    }
  }

  // ---- receiving --------------------------------------------------------------------------------------------

  private onBatch(buf: Buffer, meta: Int32Array, count: number): void {
    if (count === 1 && this.onSingleReply(buf, meta)) return;
    this.receiving = true;
    try {
      for (let i = 0; i < count; i++) {
        const m = i * META_STRIDE;
        const start = meta[m + Meta.Offset];
        const end = start + meta[m + Meta.Length];
        const portId = meta[m + Meta.PortId] >>> 0;
        const flags = meta[m + Meta.Flags];
        const groupsMask = meta[m + Meta.Groups] >>> 0;
        const group = flags & DatagramFlags.HasGroup ? meta[m + Meta.Group] : 0;
        if (debugEnabled) debugDatagram('recv', this.protocol, buf.subarray(start, end), this.typeName, { portId, groups: groupsMask, group });
        if (portId !== 0 && !this.acceptNonKernel) continue;
        if (flags & DatagramFlags.Truncated) {
          this.onTruncated(buf, start, end);
          continue;
        }
        if (group !== 0 || groupsMask !== 0) {
          const nsid = flags & DatagramFlags.HasNsid ? meta[m + Meta.Nsid] : undefined;
          this.onMulticast(buf, start, end, group || lowestGroup(groupsMask), nsid);
        } else {
          this.onUnicast(buf, start, end);
        }
      }
    } finally {
      this.receiving = false;
    }
    if (this.dumpThread && this.activeDump !== null && (this.dumpDatagrams += count) >= THREAD_AFTER_DATAGRAMS) {
      this.useReceiveThread();
    }
  }

  private useReceiveThread(): void {
    if (this.socket.receiveThread || this.socket.closed) return;
    try {
      this.socket.setReceiveThread(true);
    } catch {
      // No thread to be had (resource limits): the loop goes on reading, just without the overlap.
    }
  }

  /**
   * The common case of a lookup: one datagram from the kernel holding exactly one reply to a request sent without
   * ACK. Handled here, in a few lines, so a loop of lookups never runs (nor makes V8 compile) the general path
   * below; anything else returns false and goes that way.
   */
  private onSingleReply(buf: Buffer, meta: Int32Array): boolean {
    if (debugEnabled) return false;
    const start = meta[Meta.Offset];
    const length = loneReplyLength(u32At(buf, start), u32At(buf, start + 4), meta);
    if (length === 0) return false;
    const seq = u32At(buf, start + 8);
    const portId = u32At(buf, start + 12);
    const p = this.pendingFor(seq);
    if (p === undefined || p.dump || p.ack || p.cancelled || (portId !== this.portId && portId !== 0)) return false;
    const type = buf[start + 4] | (buf[start + 5] << 8);
    const mflags = buf[start + 6] | (buf[start + 7] << 8);
    p.messages.push({ type, flags: mflags, seq, portId, payload: buf.subarray(start + NLMSG_HDRLEN, start + length) });
    this.receiving = true;
    try {
      this.complete(p);
    } finally {
      this.receiving = false;
    }
    return true;
  }

  private onUnicast(buf: Buffer, start: number, end: number): void {
    let offset = start;
    let batchOwner: Pending | undefined;
    let batch: MessageChunk | undefined;
    let batchUsed = 0;
    while (offset < end) {
      const remaining = end - offset;
      // Byte reads rather than Buffer's checked readers: this runs for every message of a dump.
      const length = remaining >= NLMSG_HDRLEN ? u32At(buf, offset) : 0;
      if (remaining < NLMSG_HDRLEN || length < NLMSG_HDRLEN || length > remaining) {
        const err = new DecodeError(`malformed netlink message in a reply (length ${length}, ${remaining} bytes left)`, offset - start);
        // The request it answers (when the header is there to say which) fails rather than waiting forever.
        const p = remaining >= NLMSG_HDRLEN ? this.pendingFor(buf.readUInt32LE(offset + 8)) : undefined;
        if (p) this.abandon(p, err);
        else this.emitError(err);
        break;
      }
      const type = buf[offset + 4] | (buf[offset + 5] << 8);
      const mflags = buf[offset + 6] | (buf[offset + 7] << 8);
      const seq = u32At(buf, offset + 8);
      const msgPort = u32At(buf, offset + 12);
      const next = offset + align4(length);
      const p = this.pendingFor(seq);
      if (p === undefined || (msgPort !== this.portId && msgPort !== 0)) {
        offset = next;
        continue; // a late reply to a request that timed out or was aborted
      }
      if (type === MessageType.Error) {
        if (batch && batchOwner) this.flushStream(batchOwner, batch, batchUsed), (batch = undefined);
        this.onAck(p, buf, offset, length, mflags);
      } else if (type === MessageType.Done) {
        if (batch && batchOwner) this.flushStream(batchOwner, batch, batchUsed), (batch = undefined);
        this.onDone(p, buf, offset, length, mflags);
      } else if (type === MessageType.Noop || type === MessageType.Overrun) {
        // nothing to deliver
      } else if (p.stream && !p.cancelled) {
        if (batchOwner !== p || batch === undefined) {
          if (batch && batchOwner) this.flushStream(batchOwner, batch, batchUsed);
          // Sized for the rest of the datagram in messages like this one (a dump's are much alike), so the
          // index is not regrown and copied every few dozen messages.
          batch = { buffer: buf, index: new Array<number>(3 * Math.ceil((end - offset) / align4(length))) };
          batchUsed = 0;
          batchOwner = p;
        }
        const index = batch.index;
        index[batchUsed] = offset + NLMSG_HDRLEN;
        index[batchUsed + 1] = offset + length;
        index[batchUsed + 2] = type;
        // The run of the same dump's messages that follow (most of a datagram) goes through a loop of its own.
        offset = this.indexDumpRun(buf, next, end, seq, index, batchUsed + 3);
        batchUsed = this.runUsed;
        const flags = mflags | this.runFlags;
        if (flags & MessageFlags.DumpIntr) p.interrupted = true;
        if (flags & MessageFlags.DumpFiltered) p.filtered = true;
        continue;
      } else {
        if (mflags & MessageFlags.DumpIntr) p.interrupted = true;
        if (mflags & MessageFlags.DumpFiltered) p.filtered = true;
        if (!p.cancelled) p.messages.push({ type, flags: mflags, seq, portId: msgPort, payload: buf.subarray(offset + NLMSG_HDRLEN, offset + length) });
        // A reply that is not part of a multipart answer completes a request sent without NLM_F_ACK.
        if (!p.dump && !p.ack && !(mflags & MessageFlags.Multi)) this.complete(p);
      }
      offset = next;
    }
    if (batch && batchOwner) this.flushStream(batchOwner, batch, batchUsed);
  }

  /**
   * Indexes the well-formed data messages from `offset` on that answer `seq` (triples at index[used...]), and
   * returns where they stop (at `offset` itself when the first is not one): the end of the datagram, or a message
   * for onUnicast (an error or DONE, another request's, a malformed one). Leaves the new count in runUsed and the
   * messages' flags, or-ed, in runFlags.
   * Kept small and apart from onUnicast: it is the per-message loop of every dump, which V8 optimizes soonest
   * when little else is around it.
   */
  private indexDumpRun(buf: Buffer, offset: number, end: number, seq: number, index: number[], used: number): number {
    const portId = this.portId;
    let flags = 0;
    while (end - offset >= NLMSG_HDRLEN) {
      const length = u32At(buf, offset);
      if (length < NLMSG_HDRLEN || length > end - offset) break;
      const type = buf[offset + 4] | (buf[offset + 5] << 8);
      if (type < NLMSG_MIN_TYPE || u32At(buf, offset + 8) !== seq) break;
      const msgPort = u32At(buf, offset + 12);
      if (msgPort !== portId && msgPort !== 0) break;
      flags |= buf[offset + 6] | (buf[offset + 7] << 8);
      index[used] = offset + NLMSG_HDRLEN;
      index[used + 1] = offset + length;
      index[used + 2] = type;
      used += 3;
      offset += align4(length);
    }
    this.runUsed = used;
    this.runFlags = flags;
    return offset;
  }

  private flushStream(p: Pending, batch: MessageChunk, used: number): void {
    batch.index.length = used;
    if (!p.cancelled && used > 0) p.stream!.push(batch);
  }

  private onAck(p: Pending, buf: Buffer, offset: number, length: number, mflags: number): void {
    const info = decodeAck(buf.subarray(offset + NLMSG_HDRLEN, offset + length), mflags);
    if (info instanceof DecodeError) {
      this.fail(p, info);
      return;
    }
    if (info.errno === 0) {
      if (p.seq === this.barrierSeq) this.onBarrier();
      this.complete(p);
      return;
    }
    this.fail(p, this.netlinkError(p, info));
  }

  private onDone(p: Pending, buf: Buffer, offset: number, length: number, mflags: number): void {
    if (mflags & MessageFlags.DumpIntr) p.interrupted = true;
    if (mflags & MessageFlags.DumpFiltered) p.filtered = true;
    // A dump that failed part-way: NLMSG_DONE carries the error, and extended-ACK attributes after it.
    const info = decodeAck(buf.subarray(offset + NLMSG_HDRLEN, offset + length), mflags, true);
    if (!(info instanceof DecodeError) && info.errno > 0) {
      this.fail(p, this.netlinkError(p, info));
      return;
    }
    this.complete(p);
  }

  private netlinkError(p: Pending, info: AckInfo): NetlinkError {
    return new NetlinkError({ ...info, seq: p.seq, requestType: p.type, operation: this.typeName(p.type) });
  }

  private onMulticast(buf: Buffer, start: number, end: number, group: number, nsid: number | undefined): void {
    if (this.subscriptions.size === 0) return;
    let offset = start;
    while (offset < end) {
      const remaining = end - offset;
      const length = remaining >= NLMSG_HDRLEN ? u32At(buf, offset) : 0;
      if (remaining < NLMSG_HDRLEN || length < NLMSG_HDRLEN || length > remaining) {
        this.emitError(new DecodeError(`malformed netlink notification (length ${length}, ${remaining} bytes left)`, offset - start));
        return;
      }
      const n: Notification = {
        type: buf[offset + 4] | (buf[offset + 5] << 8),
        flags: buf[offset + 6] | (buf[offset + 7] << 8),
        seq: u32At(buf, offset + 8),
        portId: u32At(buf, offset + 12),
        payload: buf.subarray(offset + NLMSG_HDRLEN, offset + length),
        group,
      };
      if (nsid !== undefined) n.nsid = nsid;
      for (const sub of this.subscriptions) {
        if (group === 0 || sub.groups.includes(group)) sub.deliver(n);
      }
      offset += align4(length);
    }
  }

  private onTruncated(buf: Buffer, start: number, end: number): void {
    // The socket grew its buffers for the next datagram; this one is lost. Fail whoever it belonged to.
    const seq = end - start >= NLMSG_HDRLEN ? buf.readUInt32LE(start + 8) : 0;
    const p = this.pendingFor(seq);
    const err = new RequestError('ERR_NETLINK_TRUNCATED', 'a reply did not fit in the receive buffer and was truncated', seq);
    if (p) this.abandon(p, err);
    else this.emitError(err);
  }

  /**
   * The kernel dropped messages for this socket. Subscribers are told at once. A pending request's reply may be
   * among the dropped: a NOOP with NLM_F_ACK acts as a barrier — replies come back in order, so a request sent
   * before the barrier that is still unanswered when the barrier's ACK arrives has lost its reply.
   * The kernel reports an overrun once per congestion episode, so a barrier sent while the queue is still full
   * could itself be dropped unreported: it is sent after the current receive pass, and re-sent with backoff
   * until one is answered.
   */
  private onOverrun(): void {
    this.emit('overrun');
    for (const sub of this.subscriptions) sub.overrun();
    // A requestOne() in progress may have lost its reply too.
    if (this.inlineSeq !== 0) this.materializeInline();
    let exposed = false;
    for (const p of this.pending.values()) {
      if (!p.dump && p.seq !== this.barrierSeq) {
        p.beforeBarrier = true;
        exposed = true;
      }
    }
    if (exposed) this.scheduleBarrier(0);
  }

  private scheduleBarrier(delay: number): void {
    if (this.barrierTimer || this.isClosed) return;
    const send = () => {
      this.barrierTimer = undefined;
      if (this.isClosed || ![...this.pending.values()].some((p) => p.beforeBarrier)) return;
      const previous = this.barrierSeq !== 0 ? this.pending.get(this.barrierSeq) : undefined;
      if (previous) this.finish(previous); // its ACK, if it ever comes, is ignored as a stray
      this.start(MessageType.Noop, Buffer.alloc(0), MessageFlags.Request | MessageFlags.Ack, false, true, {}, undefined, true).catch(() => undefined);
      this.barrierTimer = setTimeout(() => {
        this.barrierTimer = undefined;
        if (this.barrierSeq !== 0) this.scheduleBarrier(Math.min(1000, Math.max(50, delay * 2)));
      }, Math.min(1000, Math.max(50, delay * 2)));
      this.barrierTimer.unref();
    };
    this.barrierTimer = delay === 0 ? (setImmediate(send) as unknown as NodeJS.Timeout) : setTimeout(send, delay);
  }

  private onBarrier(): void {
    this.barrierSeq = 0;
    if (this.barrierTimer) {
      clearTimeout(this.barrierTimer);
      this.barrierTimer = undefined;
    }
    for (const p of [...this.pending.values()]) {
      if (p.beforeBarrier && !p.dump) {
        this.fail(p, new RequestError('ERR_NETLINK_OVERRUN', `the kernel dropped the reply to ${this.describe(p.type)} (receive buffer overrun)`, p.seq));
      }
    }
  }

  // ---- completion -------------------------------------------------------------------------------------------

  private complete(p: Pending): void {
    this.finish(p);
    if (p.cancelled) return;
    if (p.stream) {
      p.stream.interrupted = p.interrupted;
      p.stream.filtered = p.filtered;
      p.stream.push(kDone);
    }
    if (p.decode === undefined && p.decodeOne === undefined) {
      p.resolve({ messages: p.messages, interrupted: p.interrupted, filtered: p.filtered });
      return;
    }
    let value: unknown;
    try {
      if (p.decodeOne !== undefined) {
        // Acknowledged without a reply: the decoder sees an NLMSG_ERROR with nothing in it.
        const m = p.messages[0];
        value = m === undefined ? p.decodeOne(MessageType.Error, EMPTY, 0, 0) : p.decodeOne(m.type, m.payload, 0, m.payload.length);
      } else {
        value = p.decode!(p.messages);
      }
    } catch (err) {
      p.reject(err as Error);
      return;
    }
    p.resolve(value);
  }

  private fail(p: Pending, err: Error): void {
    this.finish(p);
    if (p.cancelled) return;
    p.stream?.push(err);
    p.reject(err);
  }

  /** Fails a request whose reply was lost or unreadable; a dump in progress keeps its slot until the kernel ends it. */
  private abandon(p: Pending, err: Error): void {
    if (p.dump && this.activeDump === p) this.cancel(p, err);
    else this.fail(p, err);
  }

  /** Settles a request early (timeout, abort). A dump keeps its slot until the kernel ends it. */
  private cancel(p: Pending, err: Error): void {
    if (p.cancelled) return;
    p.stream?.push(err);
    p.cleanup();
    p.reject(err);
    p.cancelled = true;
    p.messages = [];
    if (p.stream) this.setPaused(p.stream, false);
    if (!p.dump || this.activeDump !== p) this.finish(p);
  }

  private finish(p: Pending): void {
    p.cleanup();
    if (this.pending.get(p.seq) === p) this.pending.delete(p.seq);
    if (p.dump && this.dumpQueue.length > 0) {
      const queued = this.dumpQueue.findIndex((q) => q.pending === p);
      if (queued !== -1) this.dumpQueue.splice(queued, 1);
    }
    if (this.activeDump === p) {
      this.activeDump = null;
      if (p.stream) this.setPaused(p.stream, false);
      this.startNextDump();
      // Back to the synchronous path for whatever comes next (lookups answer inside send).
      if (!this.activeDump && this.socket.receiveThread && !this.socket.closed) this.socket.setReceiveThread(false);
    }
    this.unrefWhenIdle();
  }

  private startNextDump(): void {
    while (!this.activeDump && this.dumpQueue.length > 0) {
      const q = this.dumpQueue.shift()!;
      if (q.pending.cancelled) {
        this.pending.delete(q.pending.seq);
        continue;
      }
      this.activeDump = q.pending;
      this.transmit(q.pending, q.payload, q.flags);
    }
  }

  private findPendingByStream(stream: DumpStream): Pending | undefined {
    for (const p of this.pending.values()) if (p.stream === stream) return p;
    return undefined;
  }

  private setPaused(stream: DumpStream, paused: boolean): void {
    const before = this.pausedBy.size > 0;
    if (paused) this.pausedBy.add(stream);
    else this.pausedBy.delete(stream);
    const after = this.pausedBy.size > 0;
    if (before === after || this.isClosed) return;
    if (after) this.socket.pause();
    else this.socket.resume();
  }

  private unsubscribe(sub: Subscription): void {
    if (!this.subscriptions.delete(sub)) return;
    this.releaseGroups(sub.groups);
    this.unrefWhenIdle();
  }

  private releaseGroups(groups: readonly number[]): void {
    if (this.isClosed) return;
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

  /**
   * Like a dgram socket: an idle connection does not keep the process alive; pending work and subscriptions do.
   * The socket is told only when that changes (each ref/unref is a native call, and lookups are a hot path).
   */
  private keepAlive(on: boolean): void {
    if (on === this.refed || this.isClosed) return;
    this.refed = on;
    if (on) this.socket.ref();
    else this.socket.unref();
  }

  private unrefWhenIdle(): void {
    if (this.refed && this.pending.size === 0 && this.subscriptions.size === 0) this.keepAlive(false);
  }

  private onSocketClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const err = (seq: number) => new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection was closed before the kernel answered', seq);
    this.dumpQueue.length = 0;
    if (this.inlineSeq !== 0) this.materializeInline();
    for (const p of [...this.pending.values()]) {
      this.pending.delete(p.seq);
      p.cleanup();
      if (!p.cancelled) {
        p.stream?.push(err(p.seq));
        p.reject(err(p.seq));
      }
    }
    this.activeDump = null;
    for (const sub of [...this.subscriptions]) sub.close();
    process.nextTick(() => this.emit('close'));
  }

  private emitError(err: Error): void {
    // An 'error' event without a listener would throw out of the receive callback and end the process; unheard,
    // the error becomes a process warning instead, so it is never lost silently.
    if (this.listenerCount('error') > 0) this.emit('error', err);
    else process.emitWarning(err);
  }

  private assertOpen(seq: number): void {
    if (this.isClosed) throw new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection is closed', seq);
  }

  private describe(type: number): string {
    return this.typeName(type) ?? `type ${type}`;
  }
}

function repliesOf(replies: Message[]): Message[] {
  return replies;
}

function nothingToClean(): void {}

/**
 * The length of the message at the start of the datagram `meta` describes when it is one whole reply message, not
 * an error, done or multipart part, from the kernel, unicast, intact and without control data; otherwise 0. Given
 * the header's first two words, its length and `type | flags << 16`, read signed or unsigned (a length of 2^31 or
 * more read signed is negative, and refused like any other too short for a header).
 */
function loneReplyLength(length: number, typeAndFlags: number, meta: Int32Array): number {
  // A socket that once subscribed to a group asks for NETLINK_PKTINFO, which tags unicast answers too, with group 0.
  const flags = meta[Meta.Flags];
  if (meta[Meta.PortId] !== 0 || meta[Meta.Groups] !== 0 || (flags & ~DatagramFlags.HasGroup) !== 0 || meta[Meta.Group] !== 0) return 0;
  const size = meta[Meta.Length];
  if (size < NLMSG_HDRLEN || length < NLMSG_HDRLEN || length > size || align4(length) < size) return 0;
  return (typeAndFlags & 0xffff) < NLMSG_MIN_TYPE || (typeAndFlags & (MessageFlags.Multi << 16)) !== 0 ? 0 : length;
}

/** The little-endian u32 at buf[at] (the caller has checked that four bytes are there). */
function u32At(buf: Buffer, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 0x1000000;
}

/**
 * A buffer's memory as 32-bit words, for the connection's own buffers (which start 4-byte aligned; the decoders'
 * wordsOf in spec.ts is the careful one, for any buffer).
 */
function alignedWords(buf: Buffer): Int32Array {
  return new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
}

const EMPTY = Buffer.alloc(0);

function trySetOption(socket: NetlinkSocket, option: SocketOption): boolean {
  try {
    socket.setOption(option, true);
    return true;
  } catch {
    return false; // an older kernel without the option
  }
}

function lowestGroup(mask: number): number {
  if (mask === 0) return 0;
  return 32 - Math.clz32(mask & -mask);
}

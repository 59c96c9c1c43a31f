// One netlink socket speaking nlmsghdr: sequence numbers, concurrent requests and dumps, ACKs, multicast
// subscriptions and overruns. Families build payloads and decode replies; this file knows no family.
import { GetFlags, MessageFlags, MessageType, NLMSG_HDRLEN, NLMSG_MIN_TYPE } from '../constants';
import { AckInfo, decodeAck } from '../ack';
import { debugDatagram, debugEnabled } from '../debug';
import { DecodeError, NetlinkError, RequestError } from '../errors';
import { align4, Message } from '../header';
import { DatagramFlags, Meta, META_STRIDE, SocketOption } from '../../socket/netlink-socket';
import { TypedEventEmitter } from '../../socket/events';
import { OverrunBarrier } from './barrier';
import { alignedWords, flagsAt, isLoneAck, loneReplyLength, lowestGroup, malformedLength, messageAt, portIdAt, seqAt, typeAt, u32At, wholeLengthAt } from './datagram';
import { chunksOf, DumpIterable, DumpStream, messagesOf } from './dump-stream';
import { DumpSlot } from './dumps';
import { ConnectionOptions, DumpOptions, DumpResult, MessageChunk, OneReplyDecoder, RequestOptions } from './options';
import { armLimits, Limits, newPending, nothingAcknowledged, Pending, PendingResult, PendingTable, Recorded } from './pending';
import { RequestWriter } from './request-writer';
import { ConnectionSocket, openSocket, trySetOption } from './socket';
import { Subscription, Subscriptions } from './subscriptions';
import { checkRequest, checkConnectionOptions, checkGroups } from './arguments';

/** requestOne()'s answer memory: a new slab when less than ANSWER_MIN_ROOM is left (a lookup's answer is ~100 bytes). */
const ANSWER_SLAB_SIZE = 64 * 1024;
const ANSWER_MIN_ROOM = 4096;
/** A dump this many datagrams long (a few thousand routes) is read on the receive thread from then on. */
const THREAD_AFTER_DATAGRAMS = 4;

/** What start() sends and how its answer is taken. */
interface Start {
  type: number;
  payload: Buffer;
  flags: number;
  dump: boolean;
  /** Completes on the ACK. */
  ack: boolean;
  options: RequestOptions | DumpOptions;
  stream?: DumpStream;
  /** The overrun barrier's NOOP. */
  barrier?: boolean;
  decode?: (replies: Message[]) => unknown;
  decodeOne?: OneReplyDecoder<unknown>;
  lateReply?: boolean;
}

/** The events of a {@link Connection} and the arguments their listeners receive. */
export interface ConnectionEvents {
  /** The kernel dropped messages for this socket (ENOBUFS): subscriptions report it too. */
  overrun: [];
  /** A malformed datagram (a DecodeError), or a receive failure of the socket (a NetlinkSocketError). */
  error: [err: Error];
  /** Once, after close(). */
  close: [];
}

/**
 * A netlink connection: one socket, many concurrent requests and dumps.
 *
 * Events: see {@link ConnectionEvents}.
 */
export class Connection extends TypedEventEmitter<ConnectionEvents> {
  /** The socket it speaks through. */
  readonly socket: ConnectionSocket;
  /** The netlink protocol (Protocol.Route, ...). */
  readonly protocol: number;
  /** Whether the kernel accepted NETLINK_GET_STRICT_CHK: dump filters in requests are honoured. */
  readonly strict: boolean;
  /** Whether the kernel sends extended ACKs. */
  readonly extAck: boolean;
  /** The socket's port id, which the kernel assigned at bind. */
  readonly portId: number;

  private readonly pending = new PendingTable();
  private readonly dumps = new DumpSlot();
  private readonly subscriptions: Subscriptions;
  private readonly barrier: OverrunBarrier;
  private readonly acceptNonKernel: boolean;
  private readonly dumpThread: boolean;
  /** Datagrams received since the active dump started: decides when it is big enough for the receive thread. */
  private dumpDatagrams = 0;
  private readonly typeName: (type: number) => string | undefined;
  /** What a request's timeout or abort does (made once: most requests have neither, and need no closure). */
  private readonly limits: Limits = {
    cancel: (p, err) => this.cancel(p, err),
    describe: (type) => this.describe(type),
  };
  private receiving = false;
  private pausedBy = new Set<DumpStream>();
  private pktInfo = false;
  private isClosed = false;
  private refed = true;
  private readonly writer: RequestWriter;
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
  /** Where sendInline() had the answer read, and the seq it sent. */
  private inlineAt = 0;
  private inlineSent = 0;
  private readonly answerMeta = new Int32Array(META_STRIDE);
  /** What the last indexDumpRun() left: the index's new length, and the run's nlmsg_flags or-ed together. */
  private runUsed = 0;
  private runFlags = 0;

  /** Opens a socket of `options.protocol` and binds it; throws a NetlinkSocketError when the kernel refuses. */
  static open(options: ConnectionOptions): Connection {
    return new Connection(options);
  }

  /**
   * Opens a socket for `options.protocol` (in `options.netns`), or speaks through `socket` when given one (a fake
   * kernel in unit tests; it is bound here like a real one).
   */
  constructor(options: ConnectionOptions, socket?: ConnectionSocket) {
    super();
    checkConnectionOptions(options);
    this.protocol = options.protocol;
    this.acceptNonKernel = options.acceptNonKernel ?? false;
    this.dumpThread = options.receiveThread === true;
    this.typeName = options.typeName ?? (() => undefined);
    this.socket = socket ?? openSocket(options.protocol, options.netns);
    try {
      this.socket.bind({ portId: 0, groups: 0 });
      this.portId = this.socket.address().portId;
      this.writer = new RequestWriter(this.portId);
      this.extAck = options.extAck !== false && trySetOption(this.socket, SocketOption.ExtAck);
      // Only the header of a failed request comes back: smaller ACKs, and offsets still count from it.
      trySetOption(this.socket, SocketOption.CapAck);
      this.strict = options.strict !== false && trySetOption(this.socket, SocketOption.StrictCheck);
      if (options.receiveBufferSize) this.socket.setReceiveBufferSize(options.receiveBufferSize);
    } catch (err) {
      this.socket.close();
      throw err;
    }
    this.subscriptions = new Subscriptions(this.socket);
    this.barrier = new OverrunBarrier({
      closed: () => this.isClosed,
      exposed: () => [...this.pending.registered()].some((p) => p.beforeBarrier),
      forget: (seq) => {
        const previous = this.pending.get(seq);
        if (previous) this.finish(previous);
      },
      send: () => {
        this.start({ type: MessageType.Noop, payload: EMPTY, flags: MessageFlags.Request | MessageFlags.Ack, dump: false, ack: true, options: {}, barrier: true }).catch(() => undefined);
      },
      passed: () => {
        for (const p of [...this.pending.registered()]) {
          if (p.beforeBarrier && !p.dump) {
            this.fail(p, new RequestError('ERR_NETLINK_OVERRUN', `the kernel dropped the reply to ${this.describe(p.type)} (receive buffer overrun)`, p.seq));
          }
        }
      },
    });
    this.socket.onBatch = (buf, meta, count) => this.onBatch(buf, meta, count);
    this.socket.on('overrun', () => this.onOverrun());
    this.socket.on('error', (err: Error) => this.emitError(err));
    this.socket.on('close', () => this.onSocketClose());
    this.unrefWhenIdle();
  }

  /** Whether close() was called (or the socket closed under it). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** The next sequence number the connection tries (the pending table's; the kernel tests set it). */
  private get nextSeq(): number {
    return this.pending.nextSeq;
  }

  private set nextSeq(seq: number) {
    this.pending.nextSeq = seq;
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
    try {
      checkRequest(type, payload, options, decode);
    } catch (err) {
      return Promise.reject(err);
    }
    const lateReply = options.lateReply === true;
    const ack = lateReply || options.ack !== false;
    const flags = MessageFlags.Request | (ack ? MessageFlags.Ack : 0) | (options.flags ?? 0);
    return this.start({ type, payload, flags, dump: false, ack, options, decode, lateReply });
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
    if (options !== undefined || !(payload instanceof Uint8Array)) {
      try {
        checkRequest(type, payload, options);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    if (this.cannotInline(options)) return this.requestOneQueued(type, payload, options, decode);
    let length: number;
    try {
      length = this.sendInline(type, MessageFlags.Request | (options?.flags ?? 0), payload, decode);
    } catch (err) {
      return Promise.reject(err);
    }
    if (length >= 0) {
      const answers = this.answers;
      const at = this.inlineAt;
      const seq = this.inlineSent;
      // Whatever was read is the connection's now: never rewritten, so decoded values may keep views of it.
      this.answersUsed = at + ((length + 7) & ~7);
      const words = this.answerWords;
      const w = at >> 2;
      const messageLength = loneReplyLength(words[w], words[w + 1], this.answerMeta);
      // Read as signed words: the seq and port id we compare with are made signed too.
      const portId = words[w + 3];
      if (messageLength !== 0 && words[w + 2] === (seq | 0) && (portId === (this.portId | 0) || portId === 0)) {
        this.endInline();
        try {
          return Promise.resolve(decode(words[w + 1] & 0xffff, answers, at + NLMSG_HDRLEN, at + messageLength));
        } catch (err) {
          return Promise.reject(err);
        }
      }
      this.onBatch(answers, this.answerMeta, 1);
    }
    return this.inlineOutcome(options) as Promise<T>;
  }

  /**
   * A request answered by its ACK alone (a write: a route added, an address deleted): resolves once the kernel
   * acknowledges it and rejects as request() does (NetlinkError when the kernel refuses). Most families answer
   * inside sendmsg: a plain ACK is then read and checked before this returns, with no batch, Pending or promise
   * executor in between (a CLI batch sends 100,000 of these). Anything else (an error, an ACK not there yet or
   * carrying a warning, another datagram read first, a call from inside a receive callback) settles through the
   * general path, with request()'s results. The request always asks for an ACK (`options.ack` and
   * `options.lateReply` are not looked at); replies other than the ACK are dropped.
   */
  requestAck(type: number, payload: Buffer, options?: RequestOptions): Promise<void> {
    try {
      checkRequest(type, payload, options);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.cannotInline(options)) return this.requestAckQueued(type, payload, options);
    let length: number;
    try {
      length = this.sendInline(type, MessageFlags.Request | MessageFlags.Ack | (options?.flags ?? 0), payload, undefined);
    } catch (err) {
      return Promise.reject(err);
    }
    if (length >= 0) {
      const at = this.inlineAt;
      const words = this.answerWords;
      const w = at >> 2;
      const portId = words[w + 3];
      if (isLoneAck(words[w], words[w + 1], words[w + 4], this.answerMeta) && words[w + 2] === (this.inlineSent | 0) && (portId === (this.portId | 0) || portId === 0)) {
        // Nothing keeps a view of a plain ACK: its bytes may be written over by the next answer.
        this.endInline();
        return Promise.resolve();
      }
      this.answersUsed = at + ((length + 7) & ~7);
      this.onBatch(this.answers, this.answerMeta, 1);
    }
    return this.inlineOutcome(options) as Promise<void>;
  }

  /**
   * Whether a requestOne() or requestAck() must take the general path: the connection is closed, the signal
   * aborted already, or it is called from a receive callback, while another inline request is sending, or with
   * debugging on.
   */
  private cannotInline(options: RequestOptions | undefined): boolean {
    return this.isClosed || this.receiving || debugEnabled || this.pending.inlineSeq !== 0 || options?.signal?.aborted === true;
  }

  /**
   * Sends the request of a requestOne() (with its reply's decoder) or a requestAck() (`decode` undefined), its seq
   * held inline, and has the datagram the kernel answers with inside the send read into the answer memory at
   * `inlineAt`. Returns its length, or -1 when none was there yet; a failed send ends the inline request and throws.
   */
  private sendInline(type: number, flags: number, payload: Buffer, decode: OneReplyDecoder<unknown> | undefined): number {
    if (this.answers.length - this.answersUsed < ANSWER_MIN_ROOM) this.newAnswerSlab();
    const at = (this.inlineAt = this.answersUsed);
    // No Pending yet: whatever looks for this seq during the send (an answer the socket hands to onBatch instead,
    // an overrun, a close from a listener) makes one then.
    const seq = (this.inlineSent = this.pending.beginInline(type, decode));
    try {
      return this.socket.sendReceiveInto(this.writer.write(type, flags, seq, payload), this.answers, at, this.answerMeta);
    } catch (err) {
      this.endInline();
      throw err;
    }
  }

  /** requestAck() when it cannot be answered inline (see cannotInline()). */
  private requestAckQueued(type: number, payload: Buffer, options: RequestOptions | undefined): Promise<void> {
    const flags = MessageFlags.Request | MessageFlags.Ack | (options?.flags ?? 0);
    return this.start({ type, payload, flags, dump: false, ack: true, options: options ?? {}, decode: nothingAcknowledged }) as Promise<void>;
  }

  /**
   * requestOne() when it cannot be answered inline (see cannotInline()): as request(), completed by its one reply.
   */
  private requestOneQueued<T>(type: number, payload: Buffer, options: RequestOptions | undefined, decode: OneReplyDecoder<T>): Promise<T> {
    if (this.isClosed) return Promise.reject(new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection is closed', 0));
    if (options?.signal?.aborted) return Promise.reject(new RequestError('ABORT_ERR', 'the request was aborted before it was sent', 0));
    const flags = MessageFlags.Request | (options?.flags ?? 0);
    return this.start({ type, payload, flags, dump: false, ack: false, options: options ?? {}, decodeOne: decode }) as Promise<T>;
  }

  private newAnswerSlab(): Buffer {
    this.answersUsed = 0;
    const slab = Buffer.allocUnsafeSlow(ANSWER_SLAB_SIZE);
    this.answerWords = alignedWords(slab);
    return (this.answers = slab);
  }

  /** The requestOne() in progress is over (answered, or its send failed): a Pending made meanwhile goes too. */
  private endInline(): void {
    const pending = this.pending.endInline();
    if (pending !== undefined) this.finish(pending);
  }

  /** The requestOne() in progress was not answered inline: from now on it waits like any other request. */
  private inlineOutcome(options: RequestOptions | undefined): Promise<unknown> {
    const pending = this.pending.takeInline();
    // Settled already, through onBatch (an error, an answer delivered as a batch): the outcome was recorded.
    if (pending.recorded === Recorded.Value) return Promise.resolve(pending.outcome);
    if (pending.recorded === Recorded.Error) return Promise.reject(pending.outcome);
    return new Promise<unknown>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
      armLimits(pending, options?.timeout, options?.signal, this.limits);
      this.keepAlive(true);
    });
  }

  /** Runs a dump and resolves with every message once NLMSG_DONE arrives. Dumps queue behind each other. */
  async dump(type: number, payload: Buffer, options: DumpOptions = {}): Promise<DumpResult> {
    checkRequest(type, payload, options);
    let retries = options.retryOnInterrupt ?? 0;
    const flags = MessageFlags.Request | GetFlags.Dump | (options.flags ?? 0);
    for (;;) {
      const r = (await this.start({ type, payload, flags, dump: true, ack: false, options })) as PendingResult;
      if (!r.interrupted || retries-- <= 0) return r;
    }
  }

  /**
   * Streams a dump as batches of messages (one batch per datagram) while it is in flight, so a large table never
   * sits in memory whole. When the consumer lags, the connection stops reading the socket until it catches up.
   * After the loop, `stream.interrupted` tells whether the kernel flagged the dump inconsistent.
   */
  dumpStream(type: number, payload: Buffer, options: DumpOptions = {}): DumpIterable<Message[]> {
    return messagesOf(this.dumpChunks(type, payload, options));
  }

  /**
   * The fastest way through a large dump: like dumpStream, but each datagram's messages come as one
   * MessageChunk (offsets into the received bytes) instead of an object per message.
   */
  dumpChunks(type: number, payload: Buffer, options: DumpOptions = {}): DumpIterable<MessageChunk> {
    checkRequest(type, payload, options);
    const stream = new DumpStream((paused) => this.setPaused(stream, paused));
    const flags = MessageFlags.Request | GetFlags.Dump | (options.flags ?? 0);
    const begin = () => {
      // Errors reach the consumer through the stream. A request that fails before it is registered (the
      // connection closed, the signal aborted, a send refused) rejects this promise only: pass that on too, or
      // the consumer would wait forever. (A stream that has failed already ignores it.)
      this.start({ type, payload, flags, dump: true, ack: false, options, stream }).catch((err: Error) => stream.batches.fail(err));
    };
    const end = () => {
      this.setPaused(stream, false);
      const p = this.findPendingByStream(stream);
      if (p && !p.cancelled) this.cancel(p, new RequestError('ABORT_ERR', 'dump stream abandoned by its consumer', p.seq));
    };
    return chunksOf(stream, begin, end);
  }

  /**
   * Joins multicast groups and returns a subscription delivering their notifications. `ref: false` makes one
   * that does not keep the process alive (for a cache that drops entries when the kernel announces a change).
   */
  subscribe(groups: number[], options: { ref?: boolean } = {}): Subscription {
    this.assertOpen(0);
    checkGroups(groups);
    if (!this.pktInfo) {
      // The sender address carries the group only for groups 1..32; PKTINFO names any group.
      this.pktInfo = trySetOption(this.socket, SocketOption.PktInfo);
    }
    const sub = this.subscriptions.add(
      groups,
      (s) => {
        if (this.subscriptions.remove(s, this.isClosed)) this.unrefWhenIdle();
      },
      options.ref ?? true,
    );
    if (sub.ref) this.keepAlive(true);
    return sub;
  }

  /** Closes the socket; pending requests reject with ERR_NETLINK_CLOSED at once, and later ones too. */
  close(): void {
    if (this.isClosed) return;
    this.socket.close();
    this.onSocketClose();
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  private start(s: Start): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.isClosed) {
        reject(new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection is closed', 0));
        return;
      }
      const signal = s.options.signal;
      if (signal?.aborted) {
        reject(new RequestError('ABORT_ERR', 'the request was aborted before it was sent', 0));
        return;
      }
      const seq = this.pending.allocSeq();
      if (s.barrier) this.barrier.sent(seq);
      const pending = newPending(seq, s.type, s.dump, s.ack, s.stream, s.decode, s.decodeOne, resolve, reject);
      if (s.lateReply) pending.lateReply = true;
      this.pending.add(pending);
      armLimits(pending, s.options.timeout, signal, this.limits);
      if (s.dump && this.dumps.active) {
        this.dumps.enqueue({ pending, payload: s.payload, flags: s.flags });
        this.keepAlive(true);
        return;
      }
      if (s.dump) this.dumps.active = pending;
      this.transmit(pending, s.payload, s.flags);
      // Most requests are answered inside transmit(): only one still waiting keeps the process alive.
      if (this.pending.has(seq)) this.keepAlive(true);
    });
  }

  private transmit(pending: Pending, payload: Buffer, flags: number): void {
    const buf = this.writer.write(pending.type, flags, pending.seq, payload);
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
          this.subscriptions.deliver(buf, start, end, group || lowestGroup(groupsMask), nsid, (err) => this.emitError(err));
        } else {
          this.onUnicast(buf, start, end);
        }
      }
    } finally {
      this.receiving = false;
    }
    if (this.dumpThread && this.dumps.active !== null && (this.dumpDatagrams += count) >= THREAD_AFTER_DATAGRAMS) {
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
    const p = this.pending.pendingFor(seqAt(buf, start));
    const portId = portIdAt(buf, start);
    if (p === undefined || p.dump || p.ack || p.cancelled || (portId !== this.portId && portId !== 0)) return false;
    p.messages.push(messageAt(buf, start, length));
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
      const length = wholeLengthAt(buf, offset, end);
      if (length === 0) {
        const err = new DecodeError(`malformed netlink message in a reply (${malformedLength(buf, offset, end)})`, offset - start);
        // The request it answers (when the header is there to say which) fails rather than waiting forever.
        const p = end - offset >= NLMSG_HDRLEN ? this.pending.pendingFor(seqAt(buf, offset)) : undefined;
        if (p) this.abandon(p, err);
        else this.emitError(err);
        break;
      }
      const type = typeAt(buf, offset);
      const mflags = flagsAt(buf, offset);
      const seq = seqAt(buf, offset);
      const msgPort = portIdAt(buf, offset);
      const next = offset + align4(length);
      const p = this.pending.pendingFor(seq);
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
        if (!p.cancelled) p.messages.push(messageAt(buf, offset, length));
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
      const type = typeAt(buf, offset);
      if (type < NLMSG_MIN_TYPE || seqAt(buf, offset) !== seq) break;
      const msgPort = portIdAt(buf, offset);
      if (msgPort !== portId && msgPort !== 0) break;
      flags |= flagsAt(buf, offset);
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
    if (!p.cancelled && used > 0) p.stream!.batches.push(batch);
  }

  private onAck(p: Pending, buf: Buffer, offset: number, length: number, mflags: number): void {
    const info = decodeAck(buf.subarray(offset + NLMSG_HDRLEN, offset + length), mflags);
    if (info instanceof DecodeError) {
      this.fail(p, info);
      return;
    }
    if (info.errno === 0) {
      if (p.seq === this.barrier.seq) this.barrier.answered();
      if (p.lateReply && p.messages.length === 0) {
        // Acknowledged; the answer follows in a message of its own, which completes the request as a reply to
        // one sent without NLM_F_ACK would.
        p.lateReply = false;
        p.ack = false;
        return;
      }
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

  private onTruncated(buf: Buffer, start: number, end: number): void {
    // The socket grew its buffers for the next datagram; this one is lost. Fail whoever it belonged to.
    const seq = end - start >= NLMSG_HDRLEN ? seqAt(buf, start) : 0;
    const p = this.pending.pendingFor(seq);
    const err = new RequestError('ERR_NETLINK_TRUNCATED', 'a reply did not fit in the receive buffer and was truncated', seq);
    if (p) this.abandon(p, err);
    else this.emitError(err);
  }

  /**
   * The kernel dropped messages for this socket. Subscribers are told at once. A pending request's reply may be
   * among the dropped (a requestOne() in progress included): the barrier finds out which.
   */
  private onOverrun(): void {
    this.emit('overrun');
    this.subscriptions.overrun();
    let exposed = false;
    for (const p of this.pending.all()) {
      if (!p.dump && p.seq !== this.barrier.seq) {
        p.beforeBarrier = true;
        exposed = true;
      }
    }
    if (exposed) this.barrier.schedule(0);
  }

  // ---- completion -------------------------------------------------------------------------------------------

  private complete(p: Pending): void {
    this.finish(p);
    if (p.cancelled) return;
    if (p.stream) {
      p.stream.interrupted = p.interrupted;
      p.stream.filtered = p.filtered;
      p.stream.batches.end();
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
    p.stream?.batches.fail(err);
    p.reject(err);
  }

  /** Fails a request whose reply was lost or unreadable; a dump in progress keeps its slot until the kernel ends it. */
  private abandon(p: Pending, err: Error): void {
    if (p.dump && this.dumps.active === p) this.cancel(p, err);
    else this.fail(p, err);
  }

  /** Settles a request early (timeout, abort). A dump keeps its slot until the kernel ends it. */
  private cancel(p: Pending, err: Error): void {
    if (p.cancelled) return;
    p.stream?.batches.fail(err);
    p.cleanup();
    p.reject(err);
    p.cancelled = true;
    p.messages = [];
    if (p.stream) this.setPaused(p.stream, false);
    if (!p.dump || this.dumps.active !== p) this.finish(p);
  }

  private finish(p: Pending): void {
    p.cleanup();
    this.pending.delete(p);
    if (p.dump) this.dumps.remove(p);
    if (this.dumps.active === p) {
      this.dumps.active = null;
      if (p.stream) this.setPaused(p.stream, false);
      this.startNextDump();
      // Back to the synchronous path for whatever comes next (lookups answer inside send).
      if (!this.dumps.active && this.socket.receiveThread && !this.socket.closed) this.socket.setReceiveThread(false);
    }
    this.unrefWhenIdle();
  }

  private startNextDump(): void {
    while (!this.dumps.active) {
      const q = this.dumps.shift();
      if (q === undefined) return;
      if (q.pending.cancelled) {
        this.pending.delete(q.pending);
        continue;
      }
      this.dumps.active = q.pending;
      this.transmit(q.pending, q.payload, q.flags);
    }
  }

  private findPendingByStream(stream: DumpStream): Pending | undefined {
    for (const p of this.pending.registered()) if (p.stream === stream) return p;
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
    if (this.refed && this.pending.size === 0 && (this.subscriptions.size === 0 || !this.subscriptions.anyRef())) this.keepAlive(false);
  }

  private onSocketClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const err = (seq: number) => new RequestError('ERR_NETLINK_CLOSED', 'the netlink connection was closed before the kernel answered', seq);
    this.dumps.clear();
    for (const p of this.pending.drain()) {
      p.cleanup();
      if (!p.cancelled) {
        p.stream?.batches.fail(err(p.seq));
        p.reject(err(p.seq));
      }
    }
    this.dumps.active = null;
    this.subscriptions.closeAll();
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

const EMPTY = Buffer.alloc(0);

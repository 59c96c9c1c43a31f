// The requests waiting for the kernel, by sequence number: the table allocates the numbers, and holds the one
// requestOne() or requestAck() whose send is in progress, which has no entry until something needs one.
import { RequestError } from '../errors';
import { Message } from '../header';
import { OneReplyDecoder } from './options';
import type { DumpStream } from './dump-stream';

/** One request or dump the kernel has not finished answering. */
export interface Pending {
  seq: number;
  type: number;
  dump: boolean;
  /** Replies gathered so far. */
  messages: Message[];
  /** Streams receive batches instead of gathering. */
  stream: DumpStream | undefined;
  interrupted: boolean;
  filtered: boolean;
  /** Completes on the ACK (false: on its one reply). A lateReply request turns this off once acknowledged. */
  ack: boolean;
  /** The kernel answers after its ACK (see RequestOptions.lateReply): the ACK alone does not complete it. */
  lateReply: boolean;
  /** A request's replies go through this before they settle its promise (a throw rejects it). */
  decode: ((replies: Message[]) => unknown) | undefined;
  /** requestOne(): its one reply goes through this instead. */
  decodeOne: OneReplyDecoder<unknown> | undefined;
  /** Settled already (timed out, aborted): a dump stays registered until its end arrives, then is dropped. */
  cancelled: boolean;
  /** Sent before the last overrun: its reply may have been dropped by the kernel. */
  beforeBarrier: boolean;
  resolve(result: unknown): void;
  reject(err: Error): void;
  cleanup(): void;
  /** requestOne() before it has a promise: what resolve/reject recorded. */
  recorded: Recorded;
  outcome: unknown;
}

/** What a dump resolves with before the caller shapes it. */
export interface PendingResult {
  messages: Message[];
  interrupted: boolean;
  filtered: boolean;
}

export const enum Recorded {
  Nothing = 0,
  Value = 1,
  Error = 2,
}

/** A Pending, always of the same shape (V8 keeps one hidden class for all of them). */
export function newPending(
  seq: number,
  type: number,
  dump: boolean,
  ack: boolean,
  stream: DumpStream | undefined,
  decode: ((replies: Message[]) => unknown) | undefined,
  decodeOne: OneReplyDecoder<unknown> | undefined,
  resolve: (result: unknown) => void,
  reject: (err: Error) => void,
): Pending {
  return {
    seq,
    type,
    dump,
    messages: [],
    stream,
    interrupted: false,
    filtered: false,
    ack,
    lateReply: false,
    decode,
    decodeOne,
    cancelled: false,
    beforeBarrier: false,
    resolve,
    reject,
    cleanup: nothingToClean,
    recorded: Recorded.Nothing,
    outcome: undefined,
  };
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

function nothingToClean(): void {}

/** What a requestAck() resolves with once acknowledged. */
export function nothingAcknowledged(): void {}

/** The pending requests of one connection, and its sequence numbers. */
export class PendingTable {
  private readonly bySeq = new Map<number, Pending>();
  /** The next sequence number to try (random at first, as other netlink libraries do; never 0). */
  nextSeq = 1 + Math.floor(Math.random() * 0x7fffffff);
  /**
   * The requestOne() whose send is in progress, while it has no Pending (0: none). Its reply almost always comes
   * back in the same call, so it gets a Pending, registered here, only when something else needs one: see
   * pendingFor() and materializeInline().
   */
  inlineSeq = 0;
  private inlineType = 0;
  private inlineDecode: OneReplyDecoder<unknown> | undefined = undefined;
  /** The request in progress is a requestAck(): it completes on its ACK, with no value. */
  private inlineAck = false;
  private inlinePending: Pending | undefined = undefined;

  get size(): number {
    return this.bySeq.size;
  }

  has(seq: number): boolean {
    return this.bySeq.has(seq);
  }

  get(seq: number): Pending | undefined {
    return this.bySeq.get(seq);
  }

  add(p: Pending): void {
    this.bySeq.set(p.seq, p);
  }

  /** Unregisters p (not another request that has since taken its seq). */
  delete(p: Pending): void {
    if (this.bySeq.get(p.seq) === p) this.bySeq.delete(p.seq);
  }

  /** The registered requests (not the requestOne() in progress while it has no Pending). */
  registered(): IterableIterator<Pending> {
    return this.bySeq.values();
  }

  /** Every registered request, the requestOne() in progress included (it is given its Pending now). */
  all(): Pending[] {
    if (this.inlineSeq !== 0) this.materializeInline();
    return [...this.bySeq.values()];
  }

  /** Unregisters and returns every request (the connection is closing). */
  drain(): Pending[] {
    const all = this.all();
    this.bySeq.clear();
    return all;
  }

  allocSeq(): number {
    for (;;) {
      const seq = this.nextSeq;
      this.nextSeq = this.nextSeq >= 0xffffffff ? 1 : this.nextSeq + 1;
      if (!this.bySeq.has(seq) && seq !== this.inlineSeq) return seq;
    }
  }

  /** The request a reply with this seq answers, if any (the requestOne() in progress included). */
  pendingFor(seq: number): Pending | undefined {
    const p = this.bySeq.get(seq);
    return p === undefined && seq === this.inlineSeq && seq !== 0 ? this.materializeInline() : p;
  }

  /**
   * A requestOne() (with the decoder of its reply) or a requestAck() (`decode` undefined: it completes on its ACK)
   * is about to send: its seq, held without a Pending.
   */
  beginInline(type: number, decode: OneReplyDecoder<unknown> | undefined): number {
    const seq = this.allocSeq();
    this.inlineSeq = seq;
    this.inlineType = type;
    this.inlineDecode = decode;
    this.inlineAck = decode === undefined;
    return seq;
  }

  /**
   * The requestOne() in progress is over (answered, or its send failed). Returns the Pending made for it meanwhile,
   * if any, for the connection to finish.
   */
  endInline(): Pending | undefined {
    const pending = this.inlinePending;
    this.inlineSeq = 0;
    this.inlinePending = undefined;
    this.inlineDecode = undefined;
    return pending;
  }

  /** The requestOne() in progress was not answered inline: its Pending, from now on a request like any other. */
  takeInline(): Pending {
    const pending = this.inlinePending ?? this.materializeInline();
    this.endInline();
    return pending;
  }

  /**
   * The Pending of the requestOne() in progress, made and registered now because something needs it before the
   * send returns. Until a promise is needed, settling it only records the outcome.
   */
  private materializeInline(): Pending {
    const ack = this.inlineAck;
    const pending = newPending(this.inlineSeq, this.inlineType, false, ack, undefined, ack ? nothingAcknowledged : undefined, this.inlineDecode, recordResolved, recordRejected);
    this.bySeq.set(pending.seq, pending);
    this.inlinePending = pending;
    this.inlineSeq = 0;
    return pending;
  }
}

/** What a request's timeout or abort does: cancel it, with an error naming its type. */
export interface Limits {
  cancel(p: Pending, err: RequestError): void;
  describe(type: number): string;
}

/**
 * Starts a pending request's timeout and listens to its signal, if it has them; its cleanup undoes both. Most
 * requests have neither: no closure is made for them (lookups are a hot path).
 */
export function armLimits(pending: Pending, timeout: number | undefined, signal: AbortSignal | undefined, limits: Limits): void {
  if (!((timeout !== undefined && timeout > 0) || signal)) return;
  const { type, seq } = pending;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  pending.cleanup = () => {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  };
  if (timeout !== undefined && timeout > 0) {
    timer = setTimeout(() => limits.cancel(pending, new RequestError('ETIMEDOUT', `netlink request ${limits.describe(type)} timed out after ${timeout} ms`, seq)), timeout);
  }
  if (signal) {
    onAbort = () => limits.cancel(pending, new RequestError('ABORT_ERR', `netlink request ${limits.describe(type)} was aborted`, seq));
    signal.addEventListener('abort', onAbort, { once: true });
  }
}

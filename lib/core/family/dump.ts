// A family's lists over a dump: the whole answer decoded and filtered (collect), or streamed in batches as the
// kernel sends them (lazyBatches) and item by item (flatten).
import type { Connection } from '../connection';
import { NLMSG_MIN_TYPE } from '../constants';
import { RequestError } from '../errors';
import { DumpInterruptedError } from './errors';

/** Decodes one message's payload; `type` is its nlmsg_type, checked by the decoder. */
export type Decoder<T> = (payload: Buffer, type?: number) => T;

/** How a family's dumps run: the retries of a collected dump, and the timeout of each. */
export interface DumpSettings {
  /** Re-runs of a collected dump the kernel flagged inconsistent (NLM_F_DUMP_INTR) before it rejects. */
  retryOnInterrupt: number;
  /** Milliseconds after which the dump rejects with ETIMEDOUT (none when undefined). */
  timeout?: number;
}

/** A dump to collect: the request, and how to decode and filter what it answers. */
export interface DumpQuery<T> {
  /** What is dumped, for errors ('route': "the route dump was interrupted ..."). */
  what: string;
  /** The request's nlmsg_type and payload. */
  type: number;
  payload: Buffer;
  decode: Decoder<T>;
  /** Whether a decoded object is kept: the filter the kernel may not have applied. */
  accept: (v: T) => boolean;
}

/** A dump to stream: a DumpQuery, plus the decoder that reads straight from the received bytes. */
export interface StreamQuery<T> extends DumpQuery<T> {
  decodeAt: (buf: Buffer, start: number, end: number) => T;
  /** The nlmsg_type of the objects answered (decoded with decodeAt; any other type goes through decode). */
  replyType: number;
}

/**
 * The objects a dump answers, decoded and filtered by `q.accept`. A dump the kernel flagged inconsistent is
 * re-run up to `settings.retryOnInterrupt` times, then rejects with DumpInterruptedError.
 */
export async function collect<T>(connection: Connection, q: DumpQuery<T>, settings: DumpSettings): Promise<T[]> {
  const result = await connection.dump(q.type, q.payload, { retryOnInterrupt: settings.retryOnInterrupt, timeout: settings.timeout });
  if (result.interrupted) throw new DumpInterruptedError(q.what, settings.retryOnInterrupt + 1);
  const out: T[] = [];
  for (const m of result.messages) {
    if (m.type < NLMSG_MIN_TYPE) continue; // control messages carry no object
    const v = q.decode(m.payload, m.type);
    if (q.accept(v)) out.push(v);
  }
  return out;
}

/** What a streamed dump may be given besides its timeout. */
export interface StreamSettings {
  /**
   * Aborting it ends the stream: the next batch rejects with an AbortError (code 'ABORT_ERR'), the rest of the
   * dump is dropped as it arrives, and the connection stays usable.
   */
  signal?: AbortSignal;
}

/**
 * A streamed dump in batches (one datagram's worth each); the query (which may need to resolve names first) is
 * built when iteration starts. `build` may answer `{ single }` instead: objects got without a dump (a GET by
 * name, say), yielded as one batch. A stream cannot be re-run behind the consumer's back: an inconsistent dump
 * rejects with DumpInterruptedError after its last batch.
 */
export function lazyBatches<T>(
  connection: Connection,
  build: () => Promise<StreamQuery<T> | { single: T[] }>,
  settings: Pick<DumpSettings, 'timeout'> & StreamSettings,
): AsyncIterable<T[]> {
  return {
    async *[Symbol.asyncIterator]() {
      const q = await build();
      if ('single' in q) {
        if (q.single.length > 0) yield q.single;
        return;
      }
      // Chunks, not Message objects: a million routes decode straight from the received bytes.
      const stream = connection.dumpChunks(q.type, q.payload, { timeout: settings.timeout, signal: settings.signal });
      for await (const { buffer, index } of stream) {
        // The dump may have arrived whole while the consumer was busy: an abort still ends the stream here (and
        // leaving the loop abandons what is left of the dump).
        throwIfAborted(settings.signal);
        const out = decodeBatch(q, buffer, index);
        if (out.length > 0) yield out;
      }
      // A stream cannot be re-run behind the consumer's back: say so after the last batch instead.
      if (stream.interrupted) throw new DumpInterruptedError(q.what, 1);
    },
  };
}

/** Throws the AbortError a dump's aborted signal gives, when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RequestError('ABORT_ERR', 'the dump was aborted', 0);
}

/**
 * One datagram's worth of a dump, decoded. Apart from the generator that calls it: an async generator is costly
 * for V8 to optimize, and this loop, which runs for every message, is all that needs optimizing.
 */
export function decodeBatch<T>(q: StreamQuery<T>, buffer: Buffer, index: number[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < index.length; i += 3) {
    const type = index[i + 2];
    if (type < NLMSG_MIN_TYPE) continue;
    // Anything but the expected reply goes through the checking decoder, which flags it.
    const v = type === q.replyType ? q.decodeAt(buffer, index[i], index[i + 1]) : q.decode(buffer.subarray(index[i], index[i + 1]), type);
    if (q.accept(v)) out.push(v);
  }
  return out;
}

/**
 * Items one by one from batches. Hand-written rather than an async generator with `yield*`: that costs several
 * promise hops per item, which over a million routes is most of the time spent outside the kernel.
 */
export function flatten<T>(batches: AsyncIterable<T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = batches[Symbol.asyncIterator]();
      let batch: T[] = [];
      let index = 0;
      const pull = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          const r = await source.next();
          if (r.done) return { value: undefined, done: true };
          if (r.value.length > 0) {
            batch = r.value;
            index = 1;
            return { value: batch[0], done: false };
          }
        }
      };
      return {
        next: () => (index < batch.length ? Promise.resolve({ value: batch[index++], done: false }) : pull()),
        return: async () => {
          batch = [];
          await source.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

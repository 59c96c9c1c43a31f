// Dumps: the kernel runs one at a time per socket, so they wait their turn for the socket's one dump slot; and a
// streamed dump's batches wait in a bounded queue for their consumer.
import { NLMSG_HDRLEN } from '../constants';
import { Message } from '../header';
import { AsyncQueue } from '../queue';
import { messageAt } from './datagram';
import { MessageChunk } from './options';
import type { Pending } from './pending';

/** Batches a streamed dump holds before the connection stops reading the socket until its consumer catches up. */
const HIGH_WATER_BATCHES = 8;

/** A streamed dump's batches (one per datagram), its end, or its error, on their way to the consumer. */
export class DumpStream {
  readonly batches: AsyncQueue<MessageChunk>;
  interrupted = false;
  filtered = false;

  /** `onBackpressure(true)` when the consumer lags HIGH_WATER_BATCHES behind, false once it has caught up. */
  constructor(onBackpressure: (paused: boolean) => void) {
    this.batches = new AsyncQueue<MessageChunk>(HIGH_WATER_BATCHES, onBackpressure);
  }
}

/** A queued dump waiting for the socket's one dump slot. */
export interface QueuedDump {
  pending: Pending;
  payload: Buffer;
  flags: number;
}

/** The dump in progress, and those waiting behind it. */
export class DumpSlot {
  /** The dump the kernel is answering (null: the slot is free). */
  active: Pending | null = null;
  private readonly waiting: QueuedDump[] = [];

  /** Queues a dump behind the active one. */
  enqueue(dump: QueuedDump): void {
    this.waiting.push(dump);
  }

  /** The next dump to start, if any, in order. */
  shift(): QueuedDump | undefined {
    return this.waiting.shift();
  }

  /** Takes a dump out of the queue (settled before its turn came). */
  remove(p: Pending): void {
    if (this.waiting.length === 0) return;
    const queued = this.waiting.findIndex((q) => q.pending === p);
    if (queued !== -1) this.waiting.splice(queued, 1);
  }

  /** Forgets every queued dump (the connection is closing). */
  clear(): void {
    this.waiting.length = 0;
  }
}

/** An iterable over a dump's batches that says, once the loop is over, how the kernel flagged the dump. */
export type DumpIterable<T> = AsyncIterable<T> & { interrupted: boolean; filtered: boolean };

/**
 * dumpChunks(): iterating starts the dump (`begin`); leaving the loop, at its end or early, calls `end`, which
 * abandons a dump still running.
 */
export function chunksOf(stream: DumpStream, begin: () => void, end: () => void): DumpIterable<MessageChunk> {
  let started = false;
  const iterable = {
    interrupted: false,
    filtered: false,
    async *[Symbol.asyncIterator](): AsyncIterator<MessageChunk> {
      if (started) throw new Error('a dump stream can be iterated once');
      started = true;
      begin();
      try {
        for (;;) {
          const item = await stream.batches.next();
          if (item.done) break;
          yield item.value;
        }
      } finally {
        end();
        iterable.interrupted = stream.interrupted;
        iterable.filtered = stream.filtered;
      }
    },
  };
  return iterable;
}

/** dumpStream(): each batch as Message objects. */
export function messagesOf(chunks: DumpIterable<MessageChunk>): DumpIterable<Message[]> {
  return {
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
          const header = index[i] - NLMSG_HDRLEN;
          messages.push(messageAt(buffer, header, index[i + 1] - header));
        }
        yield messages;
      }
    },
  };
}

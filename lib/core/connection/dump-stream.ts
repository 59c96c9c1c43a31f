// A streamed dump: its batches wait in a bounded queue for their consumer, who reads them through an iterable.
import { NLMSG_HDRLEN } from '../constants';
import { Message } from '../header';
import { AsyncQueue } from '../queue';
import { messageAt } from './datagram';
import { MessageChunk } from './options';

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

/** How the kernel flagged a streamed dump: read them once the loop is over. */
export interface DumpFlags {
  /** The kernel's data changed during the dump (NLM_F_DUMP_INTR): what was read may be inconsistent. */
  interrupted: boolean;
  /** The kernel applied the request's filter (NLM_F_DUMP_FILTERED). */
  filtered: boolean;
}

/** An iterable over a dump's batches that says, once the loop is over, how the kernel flagged the dump. */
export type DumpIterable<T> = AsyncIterable<T> & DumpFlags;

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

// Dumps: the kernel runs one at a time per socket, so they wait their turn for the socket's one dump slot.
import type { Pending } from './pending';

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

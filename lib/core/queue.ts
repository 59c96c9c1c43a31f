// The queue between a producer that cannot wait (a receive callback) and one async iterator that reads at its
// own pace. Owners choose what to do when it grows (stop reading, drop the backlog, count what they drop).

/**
 * An async queue for one reader: push() hands an item to a waiting next() or keeps it; errors travel in order with
 * the items. A `highWater` mark calls `onPressure(true)` when the queue reaches it and `onPressure(false)` when a
 * read brings it back below, so an owner can stop and restart its producer, or report what it dropped.
 */
export class AsyncQueue<T> {
  private items: Array<T | QueuedError> = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (err: Error) => void } | null = null;
  private isEnded = false;

  /**
   * A queue that calls `onPressure(true)` when `highWater` items wait, and `onPressure(false)` when the reader
   * has taken one below it again (a monitor pauses its socket meanwhile).
   */
  constructor(
    private readonly highWater = Infinity,
    private readonly onPressure?: (high: boolean) => void,
  ) {}

  /** Items (and errors) waiting to be read. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Whether end() or fail() was called: nothing more is queued. */
  get ended(): boolean {
    return this.isEnded;
  }

  /** Queues an item (dropped once the queue has ended). */
  push(item: T): void {
    if (this.isEnded) return;
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: item, done: false });
      return;
    }
    this.keep(item);
  }

  /** Queues an error: the next() that reaches it rejects with it, and the reader may go on reading after it. */
  pushError(err: Error): void {
    if (this.isEnded) return;
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
      return;
    }
    this.keep(new QueuedError(err));
  }

  /** Ends the queue: next() returns done once the items queued before are read. */
  end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: undefined, done: true });
    }
  }

  /** Ends the queue with an error, delivered after the items queued before it (as events.on() does). */
  fail(err: Error): void {
    if (this.isEnded) return;
    this.pushError(err);
    this.isEnded = true;
  }

  /** Drops everything queued (errors included); a reader waiting stays waiting. */
  clear(): void {
    const had = this.length;
    this.items = [];
    this.head = 0;
    if (had >= this.highWater) this.onPressure?.(false);
  }

  /** The last item queued, if it is an item (not an error). */
  last(): T | undefined {
    const item = this.length > 0 ? this.items[this.items.length - 1] : undefined;
    return item instanceof QueuedError ? undefined : item;
  }

  /** The next item, as an async iterator's next(): waits for one; done once ended and read empty; rejects at a queued error. */
  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const item = this.items[this.head];
      this.items[this.head++] = undefined as unknown as T;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      if (this.length === this.highWater - 1) this.onPressure?.(false);
      return item instanceof QueuedError ? Promise.reject(item.error) : Promise.resolve({ value: item, done: false });
    }
    if (this.isEnded) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private keep(item: T | QueuedError): void {
    this.items.push(item);
    if (this.length === this.highWater) this.onPressure?.(true);
  }
}

/** An error in the queue's line, told apart from items that may themselves be errors. */
class QueuedError {
  constructor(readonly error: Error) {}
}

// A family whose kernel side is split into modules (sock_diag: one handler per address family and protocol) may
// find one kind missing (the request answers ENOENT) and read that kind from somewhere else (/proc): per kind,
// only when the kernel said so before any object arrived, and remembered, so the caller can ask which source
// each kind used.
import { NetlinkError } from '../errors';

/** Where a kind of object was read from: the netlink family, or the family's fallback. */
export type Source = 'netlink' | 'proc';

/** Is this the kernel saying it has no handler for the request (ENOENT: the module is not loaded or not built)? */
export function isMissingHandler(err: unknown): boolean {
  return err instanceof NetlinkError && err.code === 'ENOENT';
}

/**
 * The source of each kind, and the streams that settle it. `choice(kind)` says what the caller asked for that
 * kind: 'netlink' (never fall back), 'proc' (always the fallback) or 'auto' (netlink, and the fallback for a
 * kind the kernel has no handler for).
 */
export class PerKindSource<K extends string> {
  /** The source each kind settled on: absent before it was first listed. */
  readonly sources: Partial<Record<K, Source>> = {};

  constructor(
    private readonly choice: (kind: K) => 'auto' | 'netlink' | 'proc',
    /** Whether an error means the kernel has no handler for the kind (default: ENOENT from the kernel). */
    private readonly missing: (err: unknown) => boolean = isMissingHandler,
  ) {}

  /** Where the next listing of a kind goes. */
  sourceOf(kind: K): Source {
    return this.sources[kind] ?? (this.choice(kind) === 'proc' ? 'proc' : 'netlink');
  }

  /**
   * Streams a kind in batches from netlink, or from `fallback` when the kind's source is the fallback, or when
   * the netlink stream fails with a missing handler before its first batch and the kind may fall back (then the
   * kind is remembered as 'proc'). Any other error, or one after a batch was yielded, passes through.
   */
  async *stream<T>(kind: K, netlink: () => AsyncIterable<T[]>, fallback: () => AsyncIterable<T[]>): AsyncGenerator<T[]> {
    if (this.sourceOf(kind) === 'netlink') {
      let started = false;
      try {
        for await (const batch of netlink()) {
          started = true;
          this.sources[kind] = 'netlink';
          yield batch;
        }
        this.sources[kind] = 'netlink';
        return;
      } catch (err) {
        if (started || this.choice(kind) !== 'auto' || !this.missing(err)) throw err;
      }
    }
    this.sources[kind] = 'proc';
    yield* fallback();
  }
}

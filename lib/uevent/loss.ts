// Loss accounting. The kernel numbers uevents with one global counter (SEQNUM), but a listener does not see all
// of them: uevents of network devices are delivered only inside their own network namespace, and a socket
// filter drops the unwanted ones. So a gap in SEQNUM is certain loss only after an overrun (ENOBUFS, which
// always means the kernel dropped datagrams for this socket). Elsewhere it is reported only when it is likely
// to mean loss — an unfiltered monitor in the initial network namespace (the monitor decides) — and even then
// it may count uevents of network devices in other namespaces, which is why it says `certain: false`.

/**
 * Why uevents went missing: `'overrun'` (the kernel dropped datagrams for this socket), `'seqnum-gap'` (SEQNUM
 * jumped), `'queue-full'` (an iterator's consumer fell behind).
 */
export type LostReason =
  | 'overrun' // the kernel dropped datagrams for this socket (ENOBUFS); how many is not known yet
  | 'seqnum-gap' // SEQNUM jumped: `count` uevents between `after` and `before` were not received
  | 'queue-full'; // the async iterator's consumer fell behind and its queue limit was reached

/** Uevents that went missing, as a monitor's 'lost' event and its iterators report them. */
export interface LostReport {
  /** Always 'lost', to tell loss reports from the Uevents an iterator also yields. */
  readonly kind: 'lost';
  /** Why the events went missing. */
  readonly reason: LostReason;
  /**
   * How many events are missing, when known: for a seqnum gap, an upper bound (it may include uevents of network
   * devices in other namespaces). Unknown (undefined) for the gap after an overrun on a monitor that does not
   * see every uevent: the loss hides among the gaps its filter or namespace makes anyway.
   */
  readonly count: number | undefined;
  /**
   * Last seqnum received before the gap and first one after it (for an overrun: the last one read so far). After
   * an overrun on a monitor that does not see every uevent, the loss lies at or after this gap, not necessarily in it.
   */
  readonly after?: bigint;
  /**
   * The first seqnum received after the gap; undefined for an overrun (the next event is not known yet) and for
   * `queue-full`.
   */
  readonly before?: bigint;
  /** True when events were certainly lost (overrun, queue limit, or a gap that follows an overrun). */
  readonly certain: boolean;
}

/** Follows the SEQNUM of the uevents one socket receives and turns overruns and gaps into LostReports. */
export class SeqnumTracker {
  private last: number | bigint | undefined = undefined;
  private overrunPending = false;

  /** `reportAllGaps`: report every SEQNUM gap (with `certain: false`), not only those that follow an overrun. */
  constructor(private readonly reportAllGaps: boolean) {}

  /** The kernel reported ENOBUFS. */
  overrun(): LostReport {
    this.overrunPending = true;
    const after = this.last === undefined ? undefined : BigInt(this.last);
    return { kind: 'lost', reason: 'overrun', count: undefined, after, certain: true };
  }

  /**
   * A trusted kernel-format uevent arrived; returns the gap it closes, if it should be reported. Takes the
   * seqnum as a number when that is exact (the common case: no bigint arithmetic per event).
   */
  observe(seqnum: bigint | number): LostReport | undefined {
    if (typeof seqnum === 'number' && typeof this.last === 'number') {
      const last = this.last;
      this.last = seqnum;
      if (seqnum <= last + 1) return undefined;
      return this.gap(BigInt(last), BigInt(seqnum));
    }
    const last = this.last === undefined ? undefined : BigInt(this.last);
    const current = BigInt(seqnum);
    this.last = current <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(current) : current;
    if (last === undefined || current <= last + 1n) return undefined; // first, next, or a counter reset
    return this.gap(last, current);
  }

  private gap(last: bigint, seqnum: bigint): LostReport | undefined {
    // The kernel reports ENOBUFS before the datagrams still queued (which were sent before the loss), so the
    // overrun's gap is the first one that shows up after it, not necessarily at the next event.
    const afterOverrun = this.overrunPending;
    this.overrunPending = false;
    if (!afterOverrun && !this.reportAllGaps) return undefined;
    // A monitor that does not see every uevent has ordinary gaps among the datagrams queued before the drop: the
    // first gap after the overrun is most likely one of those, and the real one cannot be told from the others.
    // Its size would be a wrong number, so say the count is unknown instead.
    return {
      kind: 'lost',
      reason: 'seqnum-gap',
      count: this.reportAllGaps ? Number(seqnum - last - 1n) : undefined,
      after: last,
      before: seqnum,
      certain: afterOverrun,
    };
  }
}

// After an overrun: which pending requests lost their replies. A NOOP with NLM_F_ACK acts as a barrier — replies
// come back in order, so a request sent before the barrier that is still unanswered when the barrier's ACK arrives
// has lost its reply.

/** What the barrier asks of its connection. */
export interface BarrierHooks {
  /** Whether the connection is closed (nothing more is sent). */
  closed(): boolean;
  /** Whether a request sent before the last overrun is still unanswered. */
  exposed(): boolean;
  /** Forgets the request with this seq: an earlier barrier, never answered (its ACK, if it comes, is a stray). */
  forget(seq: number): void;
  /** Sends a NOOP with NLM_F_ACK; the connection calls sent() with its seq before it goes out. */
  send(): void;
  /** The barrier was answered: every request still exposed has lost its reply. */
  passed(): void;
}

/**
 * The kernel reports an overrun once per congestion episode, so a barrier sent while the queue is still full could
 * itself be dropped unreported: it is sent after the current receive pass, and re-sent with backoff until one is
 * answered.
 */
export class OverrunBarrier {
  /** The seq of the barrier in flight (0: none). */
  seq = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly hooks: BarrierHooks) {}

  /** The barrier request is going out with this seq. */
  sent(seq: number): void {
    this.seq = seq;
  }

  /** Sends a barrier after `delay` ms (0: after the current receive pass), unless one is scheduled already. */
  schedule(delay: number): void {
    const hooks = this.hooks;
    if (this.timer || hooks.closed()) return;
    const send = () => {
      this.timer = undefined;
      if (hooks.closed() || !hooks.exposed()) return;
      if (this.seq !== 0) hooks.forget(this.seq);
      hooks.send();
      const backoff = Math.min(1000, Math.max(50, delay * 2));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.seq !== 0) this.schedule(backoff);
      }, backoff);
      this.timer.unref();
    };
    this.timer = delay === 0 ? (setImmediate(send) as unknown as NodeJS.Timeout) : setTimeout(send, delay);
  }

  /** The barrier's ACK arrived. */
  answered(): void {
    this.seq = 0;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.hooks.passed();
  }
}

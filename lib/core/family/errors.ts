// The errors of a family's requests that are not the kernel's refusals (those are NetlinkError).
import type { Message } from '../header';

/** The kernel acknowledged a request that should have been answered with an object, but sent no object. */
export class NoReplyError extends Error {
  /** 'ERR_NETLINK_NO_REPLY', or the family's own code ('ERR_ROUTE_NO_REPLY' for rtnetlink). */
  readonly code: string;
  /** The sequence number of the request (0 when the answer was taken without one). */
  readonly seq: number;
  /** An error for the request `what` (`'RTM_GETROUTE'`) that the kernel acknowledged without the expected reply. */
  constructor(what: string, seq: number, code = 'ERR_NETLINK_NO_REPLY') {
    super(`${what}: the kernel acknowledged without a reply`);
    this.name = 'NoReplyError';
    this.code = code;
    this.seq = seq;
  }
}

/** A dump the kernel kept flagging as inconsistent (NLM_F_DUMP_INTR) after every retry. */
export class DumpInterruptedError extends Error {
  /** Always 'ERR_NETLINK_DUMP_INTERRUPTED', as Node's own errors carry a code. */
  readonly code = 'ERR_NETLINK_DUMP_INTERRUPTED';
  /** An error for the dump of `what` that was still interrupted after `attempts` tries. */
  constructor(what: string, attempts: number) {
    super(`the ${what} dump was interrupted by concurrent changes (${attempts} attempt${attempts === 1 ? '' : 's'}): its result may be inconsistent`);
    this.name = 'DumpInterruptedError';
  }
}

/** The first reply of type `type` among a request's replies; rejects with NoReplyError (`code`) when none is. */
export function replyOf(replies: Message[], type: number, what: string, code?: string): Message {
  for (const m of replies) if (m.type === type) return m;
  throw new NoReplyError(what, replies[0]?.seq ?? 0, code);
}

// NETLINK_FIB_LOOKUP's one message, struct fib_result_nl (include/net/ip_fib.h): a question the kernel answers in
// the same bytes (net/ipv4/fib_frontend.c, nl_fib_input), sent back with the request's type and sequence number.
import { messageKind } from '../core/family';
import { MessageValue, attributeSet, ipv4Address, messageSpec, structSpec } from '../core/spec';

/** The nlmsg_type of a lookup. The kernel reads none; the first type free for families. */
export const FIB_LOOKUP = 0x10;

/**
 * struct fib_result_nl. The question: flAddr, flMark, flTos, flScope, tbIdIn (0 is the main table). The answer:
 * tbId, prefixlen, nhSel (the nexthop chosen), type (RTN_*), scope (RT_SCOPE_*), and err (0, or a negative errno).
 */
export const fibResultNl = structSpec('fib_result_nl', 20, {
  flAddr: [0, ipv4Address],
  flMark: [4, 'u32'],
  flTos: [8, 'u8'],
  flScope: [9, 'u8'],
  tbIdIn: [10, 'u8'],
  tbId: [11, 'u8'],
  prefixlen: [12, 'u8'],
  nhSel: [13, 'u8'],
  type: [14, 'u8'],
  scope: [15, 'u8'],
  err: [16, 's32'],
});

/** The message: the struct and nothing after it. */
export const fibLookupMessage = messageSpec('FIB lookup', fibResultNl, attributeSet('FIB lookup', {}));

/** A decoded fib_result_nl. */
export type FibResult = MessageValue<typeof fibLookupMessage>;

const fibLookupKind = messageKind(fibLookupMessage, [FIB_LOOKUP]);

/** Decodes a fib_result_nl payload (never throws; problems are listed in `decodeErrors`). */
export const decodeFibResult: (payload: Buffer, messageType?: number) => FibResult = fibLookupKind.decode;

/** Decodes the fib_result_nl in buf[start, end) without making a view of it first. */
export const decodeFibResultAt: (buf: Buffer, start: number, end: number) => FibResult = fibLookupKind.decodeAt;

/** Encodes a fib_result_nl payload; fields left out are zero. */
export const encodeFibResult: (value: Partial<FibResult>) => Buffer = fibLookupKind.encode;

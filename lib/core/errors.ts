// The three error kinds of the protocol core, shaped like Node's own system errors where the kernel is involved.
import { getSystemErrorMap } from 'util';

const systemErrors = getSystemErrorMap();

/** 'EEXIST' for 17; `E<number>` for an errno this platform does not name. */
export function errnoCode(errno: number): string {
  return systemErrors.get(-Math.abs(errno))?.[0] ?? `E${Math.abs(errno)}`;
}

/** The C library's description of an errno ('File exists'). */
export function errnoDescription(errno: number): string {
  return systemErrors.get(-Math.abs(errno))?.[1] ?? `unknown error ${Math.abs(errno)}`;
}

/** What a NetlinkError carries: the errno, the request it answers and the kernel's extended ACK. */
export interface NetlinkErrorDetails {
  /** Positive errno, as in os.constants.errno. */
  errno: number;
  /** The request that failed. */
  seq: number;
  /** The nlmsg_type of the request that failed. */
  requestType: number;
  /** A readable name for the request type ('RTM_NEWROUTE'), when the family knows one. */
  operation?: string;
  /** The kernel's extended-ACK message (NLMSGERR_ATTR_MSG). */
  extAck?: string;
  /** Offset of the offending attribute in the request, counted from the start of its nlmsghdr. */
  badAttributeOffset?: number;
  /** Type of a missing attribute (NLMSGERR_ATTR_MISS_TYPE), and the offset of the nest it was missing from. */
  missingAttribute?: number;
  /** The offset of the nest a missing attribute was missing from (NLMSGERR_ATTR_MISS_NEST). */
  missingNest?: number;
  /** Whether the kernel echoed only the request's header (NLM_F_CAPPED). */
  capped?: boolean;
  /** The system call to name in the error (default 'netlink'). */
  syscall?: string;
}

/** A request the kernel refused (NLMSG_ERROR with a non-zero error), or one that could not complete. */
export class NetlinkError extends Error {
  /** The errno's name: 'EEXIST', 'ENODEV', 'EPERM', ... */
  readonly code: string;
  /** The errno, positive as in os.constants.errno. */
  readonly errno: number;
  /** 'netlink' (or what the family names the operation's call). */
  readonly syscall: string;
  /** The sequence number of the request that failed. */
  readonly seq: number;
  /** The nlmsg_type of the request that failed. */
  readonly requestType: number;
  /** A readable name for the request type ('RTM_NEWROUTE'), when the family knows one. */
  readonly operation?: string;
  /** The kernel's extended-ACK message (NLMSGERR_ATTR_MSG), when it sent one. */
  readonly extAck?: string;
  /** The offset of the attribute at fault in the request, from the start of its nlmsghdr. */
  readonly badAttributeOffset?: number;
  /** The type of a required attribute the request lacked (NLMSGERR_ATTR_MISS_TYPE). */
  readonly missingAttribute?: number;
  /** The offset of the nest that attribute was missing from (NLMSGERR_ATTR_MISS_NEST). */
  readonly missingNest?: number;
  /** Whether the kernel echoed only the request's header (NLM_F_CAPPED). */
  readonly capped: boolean;

  /** An error from the kernel's answer `details`; the message names the operation, the errno and the extended ACK. */
  constructor(details: NetlinkErrorDetails) {
    const code = errnoCode(details.errno);
    const what = details.operation ?? `netlink request type ${details.requestType}`;
    const reason = details.extAck ? `: ${details.extAck}` : '';
    super(`${what} failed: ${code} (${errnoDescription(details.errno)})${reason}`);
    this.name = 'NetlinkError';
    this.code = code;
    this.errno = details.errno;
    this.syscall = details.syscall ?? 'netlink';
    this.seq = details.seq;
    this.requestType = details.requestType;
    this.capped = details.capped ?? false;
    if (details.operation !== undefined) this.operation = details.operation;
    if (details.extAck !== undefined) this.extAck = details.extAck;
    if (details.badAttributeOffset !== undefined) this.badAttributeOffset = details.badAttributeOffset;
    if (details.missingAttribute !== undefined) this.missingAttribute = details.missingAttribute;
    if (details.missingNest !== undefined) this.missingNest = details.missingNest;
  }
}

/** Wire data that does not parse. Decoders return these; they never throw them at the user's code path. */
export class DecodeError extends Error {
  /** Always 'ERR_NETLINK_DECODE'. */
  readonly code = 'ERR_NETLINK_DECODE';
  /** Byte offset into the buffer that was being decoded. */
  readonly offset: number;

  /** A decode error saying `message` about the byte at `offset`. */
  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'DecodeError';
    this.offset = offset;
  }
}

/** A value that cannot be encoded (out of range, too long for an attribute, wrong type). */
export class EncodeError extends Error {
  /** Always 'ERR_NETLINK_ENCODE'. */
  readonly code = 'ERR_NETLINK_ENCODE';

  /** An encode error saying `message`. */
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

/** Raised for requests that end without an answer from the kernel: timeouts, aborts, closed connections. */
export class RequestError extends Error {
  /**
   * 'ETIMEDOUT' (the timeout passed), 'ABORT_ERR' (the signal aborted it), 'ERR_NETLINK_CLOSED',
   * 'ERR_NETLINK_TRUNCATED' (an answer did not fit), 'ERR_NETLINK_OVERRUN' (notifications dropped).
   */
  readonly code: 'ETIMEDOUT' | 'ABORT_ERR' | 'ERR_NETLINK_CLOSED' | 'ERR_NETLINK_TRUNCATED' | 'ERR_NETLINK_OVERRUN';
  /** The sequence number of the request (0 for a subscription's overrun). */
  readonly seq: number;

  /** A request error of `code` saying `message`, for the request `seq`. */
  constructor(code: RequestError['code'], message: string, seq: number) {
    super(message);
    this.name = code === 'ABORT_ERR' ? 'AbortError' : 'RequestError';
    this.code = code;
    this.seq = seq;
  }
}

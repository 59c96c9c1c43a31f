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
  requestType: number;
  /** A readable name for the request type ('RTM_NEWROUTE'), when the family knows one. */
  operation?: string;
  /** The kernel's extended-ACK message (NLMSGERR_ATTR_MSG). */
  extAck?: string;
  /** Offset of the offending attribute in the request, counted from the start of its nlmsghdr. */
  badAttributeOffset?: number;
  /** Type of a missing attribute (NLMSGERR_ATTR_MISS_TYPE), and the offset of the nest it was missing from. */
  missingAttribute?: number;
  missingNest?: number;
  /** Whether the kernel echoed only the request's header (NLM_F_CAPPED). */
  capped?: boolean;
  syscall?: string;
}

/** A request the kernel refused (NLMSG_ERROR with a non-zero error), or one that could not complete. */
export class NetlinkError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly seq: number;
  readonly requestType: number;
  readonly operation?: string;
  readonly extAck?: string;
  readonly badAttributeOffset?: number;
  readonly missingAttribute?: number;
  readonly missingNest?: number;
  readonly capped: boolean;

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
  readonly code = 'ERR_NETLINK_DECODE';
  /** Byte offset into the buffer that was being decoded. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'DecodeError';
    this.offset = offset;
  }
}

/** A value that cannot be encoded (out of range, too long for an attribute, wrong type). */
export class EncodeError extends Error {
  readonly code = 'ERR_NETLINK_ENCODE';

  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

/** Raised for requests that end without an answer from the kernel: timeouts, aborts, closed connections. */
export class RequestError extends Error {
  readonly code: 'ETIMEDOUT' | 'ABORT_ERR' | 'ERR_NETLINK_CLOSED' | 'ERR_NETLINK_TRUNCATED' | 'ERR_NETLINK_OVERRUN';
  readonly seq: number;

  constructor(code: RequestError['code'], message: string, seq: number) {
    super(message);
    this.name = code === 'ABORT_ERR' ? 'AbortError' : 'RequestError';
    this.code = code;
    this.seq = seq;
  }
}

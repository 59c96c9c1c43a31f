// Typed errors: uevent datagrams that cannot be decoded (the monitor never throws those: it emits them on its
// 'malformed' event and counts them, then keeps receiving), and a sysfs that coldplug cannot read.

/** Why a datagram is not a well-formed uevent. */
export type UeventDecodeReason =
  | 'empty' // a zero-length datagram
  | 'truncated' // the socket reported MSG_TRUNC: the datagram was longer than the receive slot
  | 'no-header' // kernel format: no 'ACTION@DEVPATH' line, or it is not NUL-terminated
  | 'unterminated-property' // the last KEY=VALUE has no terminating NUL
  | 'bad-property' // an entry without '=' or with an empty key
  | 'missing-field' // ACTION, DEVPATH, SUBSYSTEM or SEQNUM absent
  | 'header-mismatch' // kernel format: the header line disagrees with ACTION= or DEVPATH=
  | 'bad-seqnum' // SEQNUM is not a decimal number
  | 'bad-magic' // udev format: the magic is not 0xfeedcafe
  | 'bad-bounds'; // udev format: header size, properties offset or length outside the datagram

/** A datagram that is not a well-formed uevent (its `reason` says why); reported, never thrown at a listener. */
export class UeventDecodeError extends Error {
  /** Always 'ERR_UEVENT_DECODE', as Node's own errors carry a code. */
  readonly code = 'ERR_UEVENT_DECODE';
  /** Why the datagram is not a well-formed uevent. */
  readonly reason: UeventDecodeReason;
  /** Byte offset of the problem, counted from the start of the datagram. */
  readonly offset: number;

  /** A decode error for `reason` at byte `offset` of the datagram, with a message for people. */
  constructor(reason: UeventDecodeReason, offset: number, message: string) {
    super(message);
    this.name = 'UeventDecodeError';
    this.reason = reason;
    this.offset = offset;
  }
}

/**
 * A parser called with bounds outside its buffer: a caller's mistake, not bad wire data, so it is thrown (as Node's
 * own Buffer methods do) rather than reported as a decode error.
 */
export function boundsError(start: number, end: number, length: number): RangeError {
  const err = new RangeError(`datagram bounds [${start}, ${end}) outside a ${length}-byte buffer`);
  (err as RangeError & { code: string }).code = 'ERR_OUT_OF_RANGE';
  return err;
}

/**
 * Coldplug could not read the sysfs tree: the mount point is missing, not a directory, not a sysfs (no bus or
 * class directory), or unreadable (EACCES). An empty device list would claim there are no devices.
 */
export class SysfsError extends Error {
  /** Always 'ERR_UEVENT_SYSFS', as Node's own errors carry a code. */
  readonly code = 'ERR_UEVENT_SYSFS';
  /** The directory that could not be read. */
  readonly path: string;
  /** The errno name ('ENOENT', 'EACCES', ...), or 'ENOTSYSFS' for a directory that is not a sysfs. */
  readonly reason: string;

  /** An error for the directory `path`, `reason` its errno name; `cause` the file system error, if any. */
  constructor(path: string, reason: string, message: string, cause?: Error) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SysfsError';
    this.path = path;
    this.reason = reason;
  }
}

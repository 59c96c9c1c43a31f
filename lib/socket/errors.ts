// Node-style errors for the socket layer: system call failures (code, errno, syscall), use after close,
// and invalid arguments.
import { constants as osConstants } from 'os';
import * as util from 'util';

/** A failed system call on a netlink socket, shaped like Node's own (`code`, positive `errno`, `syscall`). */
export class NetlinkSocketError extends Error implements NodeJS.ErrnoException {
  /** The errno's name ('EPERM', 'ENOBUFS'), or 'ERR_SOCKET_CLOSED' for use after close(). */
  readonly code: string;
  /** The errno, positive as in os.constants.errno. */
  readonly errno: number;
  /** The system call that failed ('bind', 'sendmsg', 'setsockopt', ...). */
  readonly syscall: string;
  /** What the call was applied to, e.g. the namespace path or the destination port. */
  readonly detail: string;

  /** An error of `code`/`errno` from `syscall` applied to `detail`, saying `message`. */
  constructor(code: string, errno: number, syscall: string, detail: string, message: string) {
    super(message);
    this.name = 'NetlinkSocketError';
    this.code = code;
    this.errno = errno;
    this.syscall = syscall;
    this.detail = detail;
  }
}

let errorMap: Map<number, [string, string]> | undefined;

/** `errno` is positive, as in os.constants.errno. */
export function systemError(errno: number, syscall: string, detail: string): NetlinkSocketError {
  errorMap ??= util.getSystemErrorMap();
  const known = errorMap.get(-errno);
  const code = known ? known[0] : `E${errno}`;
  const description = known ? known[1] : 'unknown error';
  const subject = detail ? `${syscall} ${detail}` : syscall;
  return new NetlinkSocketError(code, errno, syscall, detail, `${subject}: ${code} (${description})`);
}

/** Any operation on a closed socket. */
export function socketClosedError(operation: string): NetlinkSocketError {
  return new NetlinkSocketError(
    'ERR_SOCKET_CLOSED',
    osConstants.errno.EBADF,
    operation,
    '',
    `${operation}: the netlink socket is closed`,
  );
}

type ArgumentError = (TypeError | RangeError) & { code: string };

export function invalidArgType(name: string, expected: string, actual: unknown): ArgumentError {
  const shown = actual === null ? 'null' : Array.isArray(actual) ? 'an array' : typeof actual;
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${shown}`) as ArgumentError;
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

/** For `new` on a class whose instances only a factory makes (as Node's ERR_ILLEGAL_CONSTRUCTOR). */
export function illegalConstructor(className: string, factory: string): TypeError & { code: string } {
  const err = new TypeError(`Illegal constructor: ${className} is made by ${factory}`) as TypeError & { code: string };
  err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
  return err;
}

export function outOfRange(name: string, range: string, actual: unknown): ArgumentError {
  const err = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${String(actual)}`) as ArgumentError;
  err.code = 'ERR_OUT_OF_RANGE';
  return err;
}

export function invalidArgValue(name: string, reason: string, actual: unknown): ArgumentError {
  const err = new TypeError(`The argument "${name}" ${reason}. Received ${shownValue(actual)}`) as ArgumentError;
  err.code = 'ERR_INVALID_ARG_VALUE';
  return err;
}

export function checkUint32(name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value) || value < min || value > 0xffffffff) {
    throw outOfRange(name, `an integer >= ${min} and <= 4294967295`, value);
  }
  return value;
}

/** JSON where it can show the value (a bigint or a cycle it cannot), util.inspect otherwise. */
function shownValue(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // fall through
  }
  return util.inspect(value, { depth: 1 });
}

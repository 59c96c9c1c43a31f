// Checks of what callers pass in (options, names, numbers), failing the way Node's own APIs do: a TypeError or
// RangeError with code ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE or ERR_OUT_OF_RANGE, before anything is sent.
import { inspect } from 'util';
import { invalidArgType as invalidType, invalidArgValue, outOfRange } from '../socket/errors';

/** The socket layer's builders of Node's argument errors, for families (which do not import lib/socket). */
export { invalidType, outOfRange };

/** ERR_INVALID_ARG_VALUE: `name` has a value of the right type that is not acceptable, because `reason`. */
export function invalidValue(name: string, value: unknown, reason: string): TypeError & { code: string } {
  return invalidArgValue(name, reason, value);
}

/** An options bag or similar: undefined passes when `optional`; null, arrays and primitives do not. */
export function checkObject(value: unknown, name: string, optional = true): void {
  if (value === undefined && optional) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidType(name, 'of type object', value);
}

/** An integer in [min, max]: a number of another kind is ERR_INVALID_ARG_TYPE, one out of range ERR_OUT_OF_RANGE. */
export function checkInteger(value: unknown, name: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number') throw invalidType(name, 'of type number', value);
  if (!Number.isInteger(value) || value < min || value > max) throw outOfRange(name, `an integer >= ${min} and <= ${max}`, value);
}

/** An optional integer in [min, max]. */
export function checkOptionalInteger(value: unknown, name: string, min: number, max: number): void {
  if (value !== undefined) checkInteger(value, name, min, max);
}

/** nlmsg_type and nlmsg_flags are 16 bits wide. */
export function checkU16(value: unknown, name: string): asserts value is number {
  checkInteger(value, name, 0, 0xffff);
}

/** The largest delay setTimeout honours (above it, Node fires after 1 ms instead). */
export const MAX_TIMEOUT = 0x7fffffff;

/** A timeout in milliseconds, 0 meaning none. */
export function checkTimeout(value: unknown, name: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number') throw invalidType(name, 'of type number', value);
  if (!(value >= 0 && value <= MAX_TIMEOUT)) throw outOfRange(name, `>= 0 and <= ${MAX_TIMEOUT}`, value);
}

/** An AbortSignal (or anything shaped like one: `aborted` and addEventListener). */
export function checkSignal(value: unknown, name: string): void {
  if (value === undefined) return;
  const s = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null;
  if (
    s === null ||
    typeof s !== 'object' ||
    typeof s.aborted !== 'boolean' ||
    typeof s.addEventListener !== 'function' ||
    typeof s.removeEventListener !== 'function'
  ) {
    throw invalidType(name, 'an instance of AbortSignal', value);
  }
}

/** A boolean, when given. */
export function checkBoolean(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'boolean') throw invalidType(name, 'of type boolean', value);
}

/** One of a fixed set of values, when given. */
export function checkOneOf<T>(value: unknown, name: string, allowed: readonly T[]): void {
  if (value === undefined || allowed.includes(value as T)) return;
  throw invalidValue(name, value, `must be one of: ${allowed.map((a) => inspect(a)).join(', ')}`);
}

/** A string the kernel will read as a C string: no NUL inside (it would silently cut the name short). */
export function checkCString(value: unknown, name: string, maxBytes?: number): asserts value is string {
  if (typeof value !== 'string') throw invalidType(name, 'of type string', value);
  if (value.includes('\0')) throw invalidValue(name, value, 'must be a string without null bytes');
  if (maxBytes !== undefined && Buffer.byteLength(value) > maxBytes) {
    throw invalidValue(name, value, `must be at most ${maxBytes} bytes long`);
  }
}

/** A network namespace given as a name or path (no NUL) or as an open fd. */
export function checkNetns(value: unknown, name: string): void {
  if (value === undefined) return;
  if (typeof value === 'number') checkInteger(value, name, 0, 0x7fffffff);
  else if (typeof value === 'string') checkCString(value, name);
  else throw invalidType(name, 'of type string or number', value);
}

/** A request's payload: bytes. */
export function checkBytes(value: unknown, name: string): void {
  if (!(value instanceof Uint8Array)) throw invalidType(name, 'an instance of Buffer or Uint8Array', value);
}

/**
 * The options of a request or dump (Connection's RequestOptions and DumpOptions, and what families pass on):
 * extra nlmsg_flags (16 bits), ack, timeout, signal, retryOnInterrupt.
 */
export function checkRequestOptions(options: unknown, name = 'options'): void {
  if (options === undefined) return;
  checkObject(options, name);
  const o = options as Record<string, unknown>;
  checkOptionalInteger(o.flags, `${name}.flags`, 0, 0xffff);
  checkBoolean(o.ack, `${name}.ack`);
  checkTimeout(o.timeout, `${name}.timeout`);
  checkSignal(o.signal, `${name}.signal`);
  checkOptionalInteger(o.retryOnInterrupt, `${name}.retryOnInterrupt`, 0, 0x7fffffff);
}

/** A function, when given. */
export function checkFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') throw invalidType(name, 'of type function', value);
}

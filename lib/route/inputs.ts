// The user-friendly values the client accepts ('10.0.0.0/24', 'main', 'boot', 'eth0') turned into what the wire
// needs. Everything here is pure and throws a RouteInputError (never a RangeError deep in a Buffer write).
import { parseIPv6 } from '../core/spec';

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_BRIDGE = 7;

/** A value the client cannot turn into a request: a bad prefix, an unknown table name, ... */
export class RouteInputError extends TypeError {
  /** Always 'ERR_ROUTE_INPUT', as Node's own errors carry a code. */
  readonly code = 'ERR_ROUTE_INPUT';
  /** An error saying which input was bad and what is accepted instead. */
  constructor(message: string) {
    super(message);
    this.name = 'RouteInputError';
  }
}

/** An address family as inputs take it: a name, or the AF_* number. */
export type Family = 'inet' | 'inet6' | 'unspec' | 'bridge' | number;

/** 'inet' / 'ipv4' / 4 → AF_INET, 'inet6' / 'ipv6' / 6 → AF_INET6; a raw AF_* number passes through. */
export function familyNumber(family: Family | 'ipv4' | 'ipv6' | undefined): number {
  switch (family) {
    case undefined:
    case 'unspec':
      return AF_UNSPEC;
    case 'inet':
    case 'ipv4':
    case 4:
      return AF_INET;
    case 'inet6':
    case 'ipv6':
    case 6:
      return AF_INET6;
    case 'bridge':
      return AF_BRIDGE;
    default:
      if (typeof family === 'number' && Number.isInteger(family) && family >= 0 && family <= 255) return family;
      throw new RouteInputError(`unknown address family ${JSON.stringify(family)} (use 'inet', 'inet6' or an AF_* number)`);
  }
}

/** The 4 or 16 bytes of an IP address in network order. */
export function addressBytes(address: string): Buffer {
  const bytes = typeof address === 'string' ? parseIPv4Fast(address) ?? ipv6Bytes(address) : undefined;
  if (bytes === undefined) throw new RouteInputError(`${JSON.stringify(address)} is not an IPv4 or IPv6 address`);
  return bytes;
}

/**
 * Dotted-quad IPv4 → 4 bytes, or undefined when the text is not one (net.isIPv4's rules: four decimal
 * parts 0..255 without leading zeros). A hand-written scan, because route lookups parse one per query.
 */
export function parseIPv4Fast(text: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(4);
  return parseIPv4Into(text, out, 0) ? out : undefined;
}

/** parseIPv4Fast writing the 4 bytes into out[at..at + 3]; false (and out[at..] undefined) when not an IPv4 address. */
export function parseIPv4Into(text: string, out: Uint8Array, at: number): boolean {
  if (typeof text !== 'string') return false;
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46; // a virtual '.' ends the last part
    if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // a leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return false;
    } else if (c === 46) {
      if (digits === 0 || part > 3) return false;
      out[at + part++] = value;
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  return part === 4;
}

export function addressFamily(address: string): number {
  return addressBytes(address).length === 4 ? AF_INET : AF_INET6;
}

/** 16 bytes of an IPv6 address, or undefined; a zone ('fe80::1%eth0') is not part of the address. */
function ipv6Bytes(address: string): Buffer | undefined {
  const zone = address.indexOf('%');
  return parseIPv6(zone === -1 ? address : address.slice(0, zone));
}

/** An address with its prefix length, as parsePrefix reads `'192.0.2.0/24'`. */
export interface Prefix {
  /** The AF_* number of the address (AF_INET or AF_INET6). */
  family: number;
  /** The address as given ('10.0.0.0'); '0.0.0.0' or '::' for 'default'. */
  address: string;
  /** The prefix length in bits (32 or 128 for a bare address, 0 for 'default'). */
  prefixLength: number;
}

/**
 * 'a.b.c.d/len', 'a:b::/len', a bare address (a host prefix), or 'default' (with the family when it cannot be
 * guessed: IPv4 unless told otherwise).
 */
export function parsePrefix(text: string, defaultFamily: number = AF_INET): Prefix {
  if (typeof text !== 'string') throw new RouteInputError(`a prefix must be a string, got ${typeof text}`);
  if (text === 'default' || text === 'any' || text === 'all') {
    return defaultFamily === AF_INET6
      ? { family: AF_INET6, address: '::', prefixLength: 0 }
      : { family: AF_INET, address: '0.0.0.0', prefixLength: 0 };
  }
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const family = addressFamily(address);
  const max = family === AF_INET ? 32 : 128;
  if (slash === -1) return { family, address, prefixLength: max };
  const lenText = text.slice(slash + 1);
  const prefixLength = /^\d{1,3}$/.test(lenText) ? Number(lenText) : NaN;
  if (!(prefixLength >= 0 && prefixLength <= max)) {
    throw new RouteInputError(`${JSON.stringify(text)}: the prefix length must be 0..${max}`);
  }
  return { family, address, prefixLength };
}

/**
 * A name or number resolved against a name → number table. Numbers pass through (range-checked); numeric strings
 * ('100') are numbers too, as in iproute2.
 */
export function resolveName(kind: string, names: ReadonlyMap<string, number> | Record<string, number>, value: string | number, max: number): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= max) return value;
    throw new RouteInputError(`${kind} ${value} is out of range (0..${max})`);
  }
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return resolveName(kind, names, Number(value), max);
    const n = names instanceof Map ? names.get(value) : (names as Record<string, number>)[value];
    if (typeof n === 'number') return n;
  }
  const known = names instanceof Map ? [...names.keys()] : Object.keys(names);
  throw new RouteInputError(`unknown ${kind} ${JSON.stringify(value)} (known: ${known.join(', ')}; or a number)`);
}

// /etc/iproute2/rt_tables' reserved names; other names would need that file, which we deliberately do not read.
export const TABLE_NAMES: Readonly<Record<string, number>> = { unspec: 0, default: 253, main: 254, local: 255 };

/** 'main', 'local', 'default', or a number up to 2^32-1. */
export function tableNumber(table: string | number): number {
  return resolveName('route table', TABLE_NAMES, table, 0xffffffff);
}

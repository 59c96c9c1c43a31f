// The values write commands read (prefixes, addresses, tables, protocols, scopes, lifetimes), with ip's messages
// and exit statuses when a value is wrong.
import { parsePrefix, addressFamily, AF_INET, AF_INET6, type Prefix } from '../route/inputs';
import { UsageError, invalidArgument } from './args';
import { protocolName, scopeName, tableName } from './format/names';

/** The family a value must have: 'inet', 'inet6', or undefined for either. */
export type WantedFamily = 'inet' | 'inet6' | undefined;

function familyWords(family: WantedFamily): string {
  return family === undefined ? 'any valid' : family;
}

function familyMatches(actual: number, family: WantedFamily): boolean {
  return family === undefined || actual === (family === 'inet' ? AF_INET : AF_INET6);
}

/** ip's get_prefix: `a.b.c.d/len`, an address, or `default`/`any`/`all` (of the family asked for). */
export function prefixOf(text: string, family: WantedFamily): Prefix {
  let prefix: Prefix | undefined;
  try {
    prefix = parsePrefix(text, family === 'inet6' ? AF_INET6 : AF_INET);
  } catch {
    prefix = undefined;
  }
  if (prefix === undefined || !familyMatches(prefix.family, family)) {
    throw new UsageError(`Error: ${familyWords(family)} prefix is expected rather than "${text}".`, 1);
  }
  return prefix;
}

/** ip's get_addr: one address of the family asked for. */
export function addressOf(text: string, family: WantedFamily): string {
  let actual: number | undefined;
  try {
    actual = addressFamily(text);
  } catch {
    actual = undefined;
  }
  if (actual === undefined || !familyMatches(actual, family)) {
    throw new UsageError(`Error: ${familyWords(family)} address is expected rather than "${text}".`, 1);
  }
  return text;
}

function byName(text: string, nameOf: (n: number) => string, limit: number): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text, 16);
  if (/^[0-9]+$/.test(text)) return Number(text);
  for (let n = 0; n <= limit; n++) if (nameOf(n) === text) return n;
  return undefined;
}

/** A u32 in decimal or hex; `why` is ip's invarg text for this keyword. */
export function u32Of(text: string, why: string): number {
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(value <= 0xffffffff)) throw invalidArgument(text, why);
  return value;
}

/** A table by number or reserved name (main, local, default). */
export function tableOf(text: string, why = '"table" value is invalid\n'): number {
  const n = byName(text, tableName, 255);
  if (n === undefined || n > 0xffffffff) throw invalidArgument(text, why);
  return n;
}

/** A route protocol by number or name (boot, static, kernel, ...). */
export function protocolOf(text: string): number {
  const n = byName(text, protocolName, 255);
  if (n === undefined || n > 255) throw invalidArgument(text, '"protocol" value is invalid\n');
  return n;
}

/** A scope by number or name (global, link, host, ...); `why` differs between ip's objects. */
export function scopeOf(text: string, why: string): number {
  const n = text === 'global' ? 0 : byName(text, scopeName, 255);
  if (n === undefined || n > 255) throw invalidArgument(text, why);
  return n;
}

const LLADDR = /^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i;

/** A link-layer address (`02:00:00:00:00:01`); ip's `"x" is invalid lladdr.` (exit 1) otherwise. */
export function lladdrOf(text: string): string {
  if (!LLADDR.test(text)) throw new UsageError(`"${text}" is invalid lladdr.`, 1);
  return text;
}

/** The number of a scope as decoded objects carry it (a name such as 'link', or a number). */
export function scopeNumberOf(scope: string | number | undefined): number {
  if (typeof scope === 'number') return scope;
  if (scope === undefined || scope === 'universe' || scope === 'global') return 0;
  const n = byName(scope, scopeName, 255);
  return n === undefined ? -1 : n;
}

/** `valid_lft` / `preferred_lft`: seconds or `forever`. */
export function lifetimeOf(text: string, keyword: string): number | 'forever' {
  if (text === 'forever') return 'forever';
  return u32Of(text, `${keyword} value`);
}

// Which uevents a monitor (or a coldplug enumeration) keeps. Every criterion given must match; a list means
// "any of these". The same filter is partly compiled into a kernel socket filter (see bpf.ts); this is the
// exact check, applied to everything that reaches user space.

import { checkObject, invalidType } from '../core/validate';

/** Which uevents to keep: every criterion given must match; a list means any of its values. */
export interface UeventFilter {
  /** SUBSYSTEM is one of these (`'net'`, `'block'`, ...). */
  subsystem?: string | string[];
  /** Only meaningful together with a device that has a DEVTYPE; devices without one never match. */
  devtype?: string | string[];
  /** ACTION is one of these (`'add'`, `'remove'`, ...). */
  action?: string | string[];
  /**
   * A DEVPATH prefix ('/devices/virtual/net' matches that path and everything below it) or, when it contains
   * '*', '?' or '[', a glob where '*' stays within one path segment and '**' crosses segments.
   */
  devpath?: string | string[];
  /** KEY → value (or any of several values); values may be globs as above. */
  property?: Record<string, string | string[]>;
}

/** The fields a filter looks at; both Uevent and a coldplug SysDevice have them. */
export interface Filterable {
  /** SUBSYSTEM, matched by the filter's `subsystem`. */
  subsystem: string;
  /** DEVTYPE, matched by the filter's `devtype`; undefined when the device has none (then `devtype` never matches). */
  devtype?: string;
  /** ACTION, matched by the filter's `action`; undefined for a device found in /sys (it has no action). */
  action?: string;
  /** DEVPATH (below the sysfs mount), matched by the filter's `devpath` prefix or glob. */
  devpath: string;
  /** Every KEY=VALUE property, matched by the filter's `property`. */
  properties: Record<string, string>;
}

/**
 * A compiled UeventFilter: true when `item` matches. `checkAction` false skips the `action` criterion (coldplug
 * devices have no action).
 */
export type FilterPredicate = (item: Filterable, checkAction?: boolean) => boolean;

/** Throws a Node-style argument error (ERR_INVALID_ARG_TYPE) unless `filter` is a UeventFilter (or undefined). */
export function checkFilter(filter: unknown, name = 'filter'): void {
  checkObject(filter, name);
  if (filter === undefined) return;
  const f = filter as Record<string, unknown>;
  for (const field of ['subsystem', 'devtype', 'action', 'devpath']) checkStringOrList(f[field], `${name}.${field}`);
  checkObject(f.property, `${name}.property`);
  for (const [key, values] of Object.entries((f.property ?? {}) as Record<string, unknown>)) {
    checkStringOrList(values, `${name}.property.${key}`);
  }
}

function checkStringOrList(value: unknown, name: string): void {
  if (value === undefined || typeof value === 'string') return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalidType(name, 'a string or an array of strings', value);
  }
}

export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function isEmptyFilter(filter: UeventFilter | undefined): boolean {
  if (filter === undefined) return true;
  return (
    listOf(filter.subsystem).length === 0 &&
    listOf(filter.devtype).length === 0 &&
    listOf(filter.action).length === 0 &&
    listOf(filter.devpath).length === 0 &&
    Object.keys(filter.property ?? {}).length === 0
  );
}

/** Builds the predicate once; `checkAction: false` ignores the action criterion (devices found in /sys have none). */
export function compileFilter(filter: UeventFilter = {}): FilterPredicate {
  const subsystems = new Set(listOf(filter.subsystem));
  const devtypes = new Set(listOf(filter.devtype));
  const actions = new Set(listOf(filter.action));
  const devpaths = listOf(filter.devpath).map(compilePathPattern);
  const properties = Object.entries(filter.property ?? {}).map(
    ([key, values]) => [key, listOf(values).map(compileValuePattern)] as const,
  );
  return (item, checkAction = true) => {
    if (subsystems.size > 0 && !subsystems.has(item.subsystem)) return false;
    if (devtypes.size > 0 && (item.devtype === undefined || !devtypes.has(item.devtype))) return false;
    if (checkAction && actions.size > 0 && (item.action === undefined || !actions.has(item.action))) return false;
    if (devpaths.length > 0 && !devpaths.some((match) => match(item.devpath))) return false;
    for (const [key, matchers] of properties) {
      const value = item.properties[key];
      if (value === undefined || !matchers.some((match) => match(value))) return false;
    }
    return true;
  };
}

const GLOB_CHARS = /[*?[]/;

function compilePathPattern(pattern: string): (path: string) => boolean {
  if (GLOB_CHARS.test(pattern)) {
    const re = globToRegExp(pattern, true);
    return (path) => re.test(path);
  }
  const prefix = pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const below = prefix === '/' ? '/' : prefix + '/';
  return (path) => path === prefix || path.startsWith(below);
}

function compileValuePattern(pattern: string): (value: string) => boolean {
  if (!GLOB_CHARS.test(pattern)) return (value) => value === pattern;
  const re = globToRegExp(pattern, false);
  return (value) => re.test(value);
}

/** fnmatch-style: '*' and '?' (and '[...]') stop at '/' when `pathname`; '**' never does. */
export function globToRegExp(glob: string, pathname: boolean): RegExp {
  const any = pathname ? '[^/]' : '[\\s\\S]';
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '[\\s\\S]*';
        i++;
      } else {
        out += `${any}*`;
      }
    } else if (c === '?') {
      out += any;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(out + '$');
}

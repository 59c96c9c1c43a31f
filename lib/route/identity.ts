// Which object a notification is about: the kernel's identity of links, addresses, routes, neighbours, rules and nexthops
// as strings, so a monitor can tell a new object from a changed one, and an equality that ignores counters.
/** The kinds of object rtnetlink notifications describe. */
export type ObjectKind = 'link' | 'address' | 'route' | 'neighbour' | 'rule' | 'nexthop' | 'mctpAddress';

// The fields read here exist on some kinds and not others: each function reads the fields of the kinds it handles.
type AnyObject = Record<string, any>;

function nexthopSignature(r: AnyObject): string {
  if (Array.isArray(r.multipath)) {
    return r.multipath.map((h: AnyObject) => `${h.oif ?? ''}@${h.gateway ?? h.via?.address ?? ''}`).join(',');
  }
  return `${r.oif ?? ''}@${r.gateway ?? r.via?.address ?? ''}`;
}

/**
 * A route's destination as the kernel indexes it: family, table, prefix (and IPv6 source prefix), tos and
 * metric. `ip route replace` replaces the route with this key.
 */
export function routeBaseKey(route: object): string {
  const r = route as AnyObject;
  return `${r.family}|${r.table}|${r.dst ?? ''}/${r.dstLen}|${r.src ?? ''}/${r.srcLen}|${r.tos}|${r.priority ?? 0}`;
}

/**
 * IPv4 keeps several routes for one base key apart by type and nexthops (`ip route append`); IPv6 keeps routes
 * through different devices apart, but merges gateway routes of one metric into one multipath route.
 */
function routeKey(r: AnyObject): string {
  const base = routeBaseKey(r);
  if (r.family === 'inet6') {
    return r.gateway !== undefined || r.multipath !== undefined ? `${base}|${r.type}|gw` : `${base}|${r.type}|dev${r.oif ?? ''}`;
  }
  return `${base}|${r.type}|${nexthopSignature(r)}`;
}

/**
 * The identity of a decoded object (a {@link ObjectTypes} value) as the kernel sees it, as a string: a link by
 * index, an address by family, link and prefix, a route by table, destination, tos, metric and next hops, ...
 * Two values with the same key are the same object.
 */
export function objectKey(object: ObjectKind, value: object): string {
  const v = value as AnyObject;
  switch (object) {
    case 'link':
      return String(v.ifindex);
    case 'address':
      return `${v.family}|${v.ifindex}|${v.local ?? ''}|${v.address ?? ''}/${v.prefixlen}`;
    case 'route':
      return routeKey(v);
    case 'neighbour':
      return `${v.family}|${v.ifindex}|${v.dst ?? ''}`;
    case 'rule':
      return stableText(v);
    case 'nexthop':
      return String(v.id);
    case 'mctpAddress':
      return `${v.ifindex}|${v.local ?? v.address}`;
  }
}

/**
 * Whether the monitor's view holds objects like this one: the dumps that resync() compares with return only
 * these (no route-cache entries, no per-port bridge link messages, only IP neighbours).
 */
export function isTracked(object: ObjectKind, v: AnyObject): boolean {
  switch (object) {
    case 'link':
      return v.family === undefined || v.family === 'unspec' || v.family === 0;
    case 'route':
      return !(Array.isArray(v.flags) && v.flags.includes('cloned'));
    case 'neighbour':
      return v.family === 'inet' || v.family === 'inet6';
    case 'mctpAddress':
      return v.family === 'mctp';
    default:
      return true;
  }
}

// Fields that change without the object changing: counters, timestamps and remaining lifetimes.
const VOLATILE = new Set(['stats', 'stats64', 'xstats', 'cacheinfo', 'carrierChanges', 'carrierUpCount', 'carrierDownCount', 'expires', 'probes', 'decodeErrors']);

/** Equal apart from counters and timers. */
export function sameObject(_object: ObjectKind, a: AnyObject, b: AnyObject): boolean {
  return stableText(a) === stableText(b);
}

/** A canonical text of a decoded object: sorted keys, volatile fields left out, bigints and buffers spelt out. */
export function stableText(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object') return JSON.stringify(v);
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `<${Buffer.from(v as Uint8Array).toString('hex')}>`;
  if (Array.isArray(v)) return `[${v.map(stableText).join(',')}]`;
  const keys = Object.keys(v as AnyObject)
    .filter((k) => !VOLATILE.has(k) && (v as AnyObject)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${k}:${stableText((v as AnyObject)[k])}`).join(',')}}`;
}

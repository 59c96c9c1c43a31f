// A route as `ip [-j] [-d] route show|get` prints it (iproute2's print_route).
import { ADDRESS_FAMILIES, NEXTHOP_FLAGS, ROUTE_FLAGS, ROUTE_PREFERENCES, ROUTE_PROTOCOLS, ROUTE_SCOPES, ROUTE_TYPES } from '../../route/constants';
import type { Nexthop, Route, RouteMetrics, Via } from '../../route/messages/route';
import { interfaceName, type FormatContext } from './context';
import {
  CACHE_FLAGS,
  METRIC_NAMES,
  ROUTE_PREFERENCES as IP_PREFERENCES,
  dsfieldName,
  familyName,
  hex,
  protocolName,
  realmName,
  routeTypeName,
  scopeName,
  tableName,
} from './names';
import { Printed } from './printer';
import { formatNexthopEntry } from './nexthop';
import { bitsOf, codeOf } from './values';
import { addFlags } from './route-flags';

const AF_INET = 2;
const AF_INET6 = 10;
const RTN_UNICAST = 1;
const RTPROT_BOOT = 3;
const RT_TABLE_MAIN = 254;
const RTM_F_CLONED = 0x200;
/** The kernel reports cache lifetimes in clock ticks of USER_HZ, which is 100 on Linux. */
const USER_HZ = 100;

export interface RouteFormatOptions {
  /** The user selected by table, device, protocol or scope: ip then leaves that field out of each route. */
  tableFiltered?: boolean;
  devFiltered?: boolean;
  protocolFiltered?: boolean;
  scopeFiltered?: boolean;
  /** The route came in an RTM_DELROUTE (monitor). */
  deleted?: boolean;
}

/** Bits of an address in this family (ip's af_bit_len); a prefix this long is a host and prints without /N. */
function hostLength(family: number): number {
  return family === AF_INET ? 32 : family === AF_INET6 ? 128 : family === 28 ? 20 : -1;
}

export function formatRoute(route: Route, context: FormatContext, options: RouteFormatOptions = {}): Printed {
  const out = new Printed();
  const family = codeOf(route.family, ADDRESS_FAMILIES);
  const type = codeOf(route.type, ROUTE_TYPES);
  const flags = bitsOf(route.flags, ROUTE_FLAGS);
  const hostLen = hostLength(family);
  const cloned = (flags & RTM_F_CLONED) !== 0;

  if (options.deleted) out.add('deleted', true, 'Deleted ');
  if (type !== RTN_UNICAST || context.details) {
    const name = routeTypeName(type);
    out.add('type', name, `${name} `);
  }

  let dst: string;
  if (route.dst !== undefined) dst = route.dstLen !== hostLen ? `${route.dst}/${route.dstLen}` : route.dst;
  else if (route.dstLen) dst = `0/${route.dstLen} `;
  else dst = 'default';
  out.add('dst', dst, `${dst} `);

  if (route.src !== undefined) {
    const src = route.srcLen !== hostLen ? `${route.src}/${route.srcLen}` : route.src;
    out.add('from', src, `from ${src} `);
  } else if (route.srcLen) {
    out.add('src', `0/${route.srcLen}`, `from 0/${route.srcLen} `);
  }
  if (route.nhId !== undefined) out.add('nhid', route.nhId, `nhid ${route.nhId} `);
  if (route.tos) out.add('tos', dsfieldName(route.tos), `tos ${dsfieldName(route.tos)} `);
  if (route.gateway !== undefined) out.add('gateway', route.gateway, `via ${route.gateway} `);
  if (route.via !== undefined) addVia(out, route.via);
  if (route.oif !== undefined && !options.devFiltered) {
    const dev = interfaceName(context, route.oif);
    out.add('dev', dev, `dev ${dev} `);
  }

  const table = route.table ?? 0;
  if (table && (table !== RT_TABLE_MAIN || context.details) && !options.tableFiltered) {
    out.add('table', tableName(table), `table ${tableName(table)} `);
  }
  if (!cloned) {
    const protocol = codeOf(route.protocol, ROUTE_PROTOCOLS);
    if ((protocol !== RTPROT_BOOT || context.details) && !options.protocolFiltered) out.add('protocol', protocolName(protocol), `proto ${protocolName(protocol)} `);
    const scope = codeOf(route.scope, ROUTE_SCOPES);
    if ((scope !== 0 || context.details) && !options.scopeFiltered) out.add('scope', scopeName(scope), `scope ${scopeName(scope)} `);
  }
  if (route.prefsrc !== undefined) out.add('prefsrc', route.prefsrc, `src ${route.prefsrc} `);
  if (route.priority !== undefined) out.add('metric', route.priority, `metric ${route.priority} `);
  addFlags(out, flags);
  if (route.mark) out.key('mark', route.mark).say(`mark 0x${route.mark.toString(16)} `);
  if (route.flow !== undefined) addRealms(out, route.flow);
  if (route.uid !== undefined) out.add('uid', route.uid, `uid ${route.uid} `);

  if (family === AF_INET && cloned) addCacheFlags(out, flags);
  if ((family === AF_INET || family === AF_INET6) && route.cacheinfo !== undefined) addCacheinfo(out, route.cacheinfo, (context.stats ?? 0) > 0);
  if (route.metrics !== undefined) addMetrics(out, route.metrics);
  if (route.iif !== undefined) {
    const iif = interfaceName(context, route.iif);
    out.add('iif', iif, `iif ${iif} `);
  }
  if (route.pref !== undefined) {
    const pref = codeOf(route.pref, ROUTE_PREFERENCES);
    const name = IP_PREFERENCES[pref];
    if (name !== undefined) out.add('pref', name, `pref ${name}`);
    else out.add('pref', pref, `${pref}`);
  }
  if (route.nhId !== undefined && context.details) addNexthopInfo(out, route.nhId, context);
  if (route.multipath !== undefined) addNexthops(out, route.multipath, context);
  if (route.ttlPropagate !== undefined) {
    const state = route.ttlPropagate ? 'enabled' : 'disabled';
    out.add('ttl-propagate', state, `ttl-propagate ${state}`);
  }
  out.say('\n');
  return out;
}

/** ip -d's nh_info: the nexthop object an nhid route uses, as `ip nexthop` prints it, on the route's line. */
function addNexthopInfo(out: Printed, id: number, context: FormatContext): void {
  const nexthop = context.nexthops?.get(id);
  if (nexthop === undefined) return;
  const entry = formatNexthopEntry(nexthop, context);
  out.key('nh_info', entry.json).say(`\n\tnh_info ${entry.text}`);
}

function addVia(out: Printed, via: Via): void {
  const family = typeof via.family === 'number' ? familyName(via.family) : via.family;
  out.key('via', { family, host: via.address }).say(`via ${family} ${via.address} `);
}

function addRealms(out: Printed, flow: number): void {
  const from = flow >>> 16;
  const to = flow & 0xffff;
  const json: Record<string, string> = {};
  if (from) json.from = realmName(from);
  json.to = realmName(to);
  out.key('flow', json).say(from ? `realms ${realmName(from)}/${realmName(to)} ` : `realm ${realmName(to)} `);
}

/** ip's print_cache_flags for a cloned IPv4 route: the RTCF_* bits above the low 16. */
function addCacheFlags(out: Printed, flags: number): void {
  let rest = (flags & ~0xffff) >>> 0;
  const names: string[] = [];
  for (const [bit, name] of CACHE_FLAGS) {
    if ((rest & bit) >>> 0) {
      names.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  out.key('cache', names).say(names.length ? `\n    cache <${names.join(',')}> ` : '\n    cache ');
}

function addCacheinfo(out: Printed, ci: NonNullable<Route['cacheinfo']>, stats: boolean): void {
  if (ci.expires !== 0) {
    const seconds = Math.trunc(ci.expires / USER_HZ);
    out.add('expires', seconds, `expires ${seconds}sec `);
  }
  if (ci.error !== 0) out.add('error', ci.error, `error ${ci.error} `);
  if (stats) {
    if (ci.clntref) out.add('users', ci.clntref, `users ${ci.clntref} `);
    if (ci.used) out.add('used', ci.used, `used ${ci.used} `);
    if (ci.lastuse) out.add('age', Math.trunc(ci.lastuse / USER_HZ), `age ${Math.trunc(ci.lastuse / USER_HZ)}sec `);
  }
  if (ci.id) out.add('ipid', hex(ci.id), `ipid 0x${ci.id.toString(16).padStart(4, '0')} `);
  if (ci.ts || ci.tsage) {
    out.add('ts', hex(ci.ts), `ts ${hex(ci.ts)}`);
    out.add('tsage', ci.tsage, `tsage ${ci.tsage}sec `);
  }
}

const METRIC_FIELDS: Array<[number, keyof RouteMetrics]> = [
  [2, 'mtu'], [3, 'window'], [4, 'rtt'], [5, 'rttvar'], [6, 'ssthresh'], [7, 'cwnd'], [8, 'advmss'],
  [9, 'reordering'], [10, 'hoplimit'], [11, 'initcwnd'], [12, 'features'], [13, 'rtoMin'], [14, 'initrwnd'],
  [15, 'quickack'], [16, 'ccAlgo'], [17, 'fastopenNoCookie'],
];
const RTAX_FEATURE_ECN = 0x1;

/** ip's print_rta_metrics: one object inside an array; locked metrics are marked in text only. */
function addMetrics(out: Printed, metrics: RouteMetrics): void {
  const json: Record<string, unknown> = {};
  const lock = metrics.lock ?? 0;
  for (const [id, field] of METRIC_FIELDS) {
    const raw = metrics[field] as number | string | undefined;
    const locked = (lock & (1 << id)) !== 0;
    if (raw === undefined && !locked) continue;
    const value = typeof raw === 'number' ? raw >>> 0 : 0;
    if (id === 10 && value === 0xffffffff) continue; // hoplimit -1: "use the default"
    const name = METRIC_NAMES[id];
    out.say(`${name} ${locked ? 'lock ' : ''}`);
    if (id === 12) {
      if (value & RTAX_FEATURE_ECN) {
        json.ecn = null;
        out.say('ecn ');
      }
      if (value & ~RTAX_FEATURE_ECN) {
        json.features = hex(value);
        out.say(`${hex(value)} `);
      }
    } else if (id === 4 || id === 5 || id === 13) {
      const ms = id === 4 ? Math.trunc(value / 8) : id === 5 ? Math.trunc(value / 4) : value;
      json[name] = ms;
      out.say(ms >= 1000 ? `${ms / 1000}s ` : `${ms}ms `);
    } else if (id === 16) {
      json.congestion = typeof raw === 'string' ? raw : '';
      out.say(`${json.congestion} `);
    } else {
      json[name] = value;
      out.say(`${value} `);
    }
  }
  out.key('metrics', [json]);
}

function addNexthops(out: Printed, hops: Nexthop[], context: FormatContext): void {
  const list: Array<Record<string, unknown>> = [];
  for (const hop of hops) {
    const printed = new Printed();
    printed.say('\n\tnexthop ');
    if (hop.gateway !== undefined) printed.add('gateway', hop.gateway, `via ${hop.gateway} `);
    if (hop.via !== undefined) addVia(printed, hop.via);
    if (hop.flow !== undefined) addRealms(printed, hop.flow);
    const dev = interfaceName(context, hop.oif);
    printed.add('dev', dev, `dev ${dev} `);
    printed.add('weight', hop.weight, `weight ${hop.weight} `);
    addFlags(printed, bitsOf(hop.flags, NEXTHOP_FLAGS));
    list.push(printed.json);
    out.say(printed.text);
  }
  out.key('nexthops', list);
}

// `linux-netlink route add|del|replace|append|flush` with ip's syntax, messages and exit statuses.
import type { NexthopSpec, RouteMetricsSpec, RouteSpec } from '../route/user-specs';
import type { Route } from '../route/messages/route';
import { ArgReader, UsageError, familyOf, garbage, invalidArgument } from './args';
import type { RouteWrite } from './route-templates';
import type { GlobalOptions } from './options';
import { addressOf, prefixOf, scopeNumberOf, protocolOf, scopeOf, tableOf, u32Of, type WantedFamily } from './write-values';
import { withWriteSession, type SessionOptions, type WriteSession } from './session';

/** The write commands' part of `route help`. */
export const WRITE_USAGE = `       linux-netlink route { add | del | replace | append } ROUTE
       linux-netlink route flush SELECTOR
ROUTE := [ TYPE ] PREFIX [ tos TOS ] [ table TABLE_ID ] [ proto RTPROTO ] [ scope SCOPE ] [ metric METRIC ]
         [ via [ inet | inet6 ] ADDRESS ] [ dev DEVICE ] [ src ADDRESS ] [ onlink ] [ pref low|medium|high ]
         [ mtu [ lock ] N ] [ advmss N ] [ hoplimit N ] [ initcwnd N ] [ ... ] [ nexthop NH ]...
NH := [ via [ FAMILY ] ADDRESS ] [ dev DEVICE ] [ weight NUMBER ] [ onlink ]
TYPE := { unicast | local | broadcast | multicast | throw | unreachable | prohibit | blackhole | nat }
`;

const TYPES = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat'];

/** Metrics that take a plain number, by ip's keyword. */
const NUMBER_METRICS: Record<string, keyof RouteMetricsSpec> = {
  mtu: 'mtu',
  advmss: 'advmss',
  hoplimit: 'hoplimit',
  reordering: 'reordering',
  window: 'window',
  cwnd: 'cwnd',
  initcwnd: 'initcwnd',
  initrwnd: 'initrwnd',
  ssthresh: 'ssthresh',
  quickack: 'quickack',
  fastopen_no_cookie: 'fastopenNoCookie',
};

/** A route command before device names are resolved: the spec with names where indexes go. */
export interface RouteCommand {
  /** The route as the library takes it, with no device yet. */
  spec: RouteSpec;
  /** Which of the words is the prefix. */
  prefixAt: number;
  /** The device's name (`dev NAME`). */
  dev?: string;
  /** The next hops of a multipath route, each with its device's name. */
  hops?: Array<NexthopSpec & { devName?: string }>;
}

/** `rtt 300` is the kernel's raw value; `rtt 300ms` / `rtt 1s` are times, scaled as ip scales them. */
function timeMetric(text: string, keyword: string, scale: number): number {
  const match = /^([0-9]+)(ms|s|msec|secs?)?$/.exec(text);
  if (match === null) throw invalidArgument(text, `"${keyword}" value is invalid\n`);
  const value = Number(match[1]);
  if (match[2] === undefined) return value;
  return (match[2].startsWith('m') ? value : value * 1000) * scale;
}

function viaOf(reader: ArgReader, family: WantedFamily): string {
  let word = reader.need();
  let viaFamily: WantedFamily = family;
  if (word === 'inet' || word === 'inet6') {
    viaFamily = word;
    word = reader.need();
  }
  return addressOf(word, viaFamily);
}

function parseNexthops(reader: ArgReader, family: WantedFamily): Array<NexthopSpec & { devName?: string }> {
  const hops: Array<NexthopSpec & { devName?: string }> = [];
  let word: string | undefined = 'nexthop';
  while (word !== undefined) {
    if (word !== 'nexthop') throw new UsageError(`Error: "nexthop" or end of line is expected instead of "${word}"`, 255);
    const hop: NexthopSpec & { devName?: string } = {};
    for (word = reader.next(); word !== undefined && word !== 'nexthop'; word = reader.next()) {
      if (word === 'via') hop.gateway = viaOf(reader, family);
      else if (word === 'dev') hop.devName = reader.need();
      else if (word === 'weight') {
        const text = reader.need();
        const weight = /^[0-9]+$/.test(text) ? Number(text) : 0;
        if (weight < 1 || weight > 256) throw invalidArgument(text, '"weight" is invalid\n');
        hop.weight = weight;
      } else if (word === 'onlink') hop.onlink = true;
      else throw new UsageError(`Error: "nexthop" or end of line is expected instead of "${word}"`, 255);
    }
    hops.push(hop);
  }
  return hops;
}

/** ip's iproute_modify argument loop. */
export function parseRouteCommand(args: readonly string[], optionFamily: WantedFamily): RouteCommand {
  const reader = new ArgReader(args);
  let family = optionFamily;
  const spec: RouteSpec = { dst: '' };
  const command: RouteCommand = { spec, prefixAt: -1 };
  let dstSeen = false;
  const metrics: RouteMetricsSpec = {};
  const locks: string[] = [];
  while (!reader.done) {
    let word = reader.next()!;
    switch (word) {
      case 'src':
        spec.prefsrc = addressOf(reader.need(), family);
        break;
      case 'via':
        spec.gateway = viaOf(reader, family);
        break;
      case 'from':
        spec.src = reader.need();
        prefixOf(spec.src, family);
        break;
      case 'tos':
      case 'dsfield':
        spec.tos = u32Of(reader.need(), '"tos" value is invalid\n');
        break;
      case 'metric':
      case 'priority':
      case 'preference':
        spec.metric = u32Of(reader.need(), '"metric" value is invalid\n');
        break;
      case 'onlink':
        spec.onlink = true;
        break;
      case 'rtt':
        metrics.rtt = timeMetric(reader.need(), 'rtt', 8);
        break;
      case 'rttvar':
        metrics.rttvar = timeMetric(reader.need(), 'rttvar', 4);
        break;
      case 'rto_min':
        metrics.rtoMin = timeMetric(reader.need(), 'rto_min', 1);
        break;
      case 'features': {
        const value = reader.need();
        if (value !== 'ecn') throw invalidArgument(value, '"features" value not valid\n');
        metrics.features = 1;
        break;
      }
      case 'congctl': {
        let value = reader.need();
        if (value === 'lock') {
          locks.push('congctl');
          value = reader.need();
        }
        metrics.congctl = value;
        break;
      }
      case 'pref': {
        const value = reader.need();
        if (value !== 'low' && value !== 'medium' && value !== 'high') throw invalidArgument(value, '"pref" value is invalid\n');
        spec.pref = value;
        break;
      }
      case 'nexthop':
        command.hops = parseNexthops(reader, family);
        break;
      case 'nhid':
        spec.nhid = u32Of(reader.need(), '"id" value is invalid\n');
        break;
      case 'table':
        spec.table = tableOf(reader.need());
        break;
      case 'dev':
      case 'oif':
        command.dev = reader.need();
        break;
      case 'protocol':
      case 'proto':
        spec.protocol = protocolOf(reader.need());
        break;
      case 'scope':
        spec.scope = scopeOf(reader.need(), 'invalid "scope" value\n');
        break;
      default: {
        const metric = NUMBER_METRICS[word];
        if (metric !== undefined) {
          let value = reader.need();
          if (value === 'lock') {
            locks.push(metric);
            value = reader.need();
          }
          (metrics as Record<string, number>)[metric] = u32Of(value, `"${word}" value is invalid\n`);
          break;
        }
        if (word === 'to') word = reader.need();
        if (!/^[0-9]/.test(word) && TYPES.includes(word)) {
          spec.type = word;
          word = reader.need();
        }
        if (dstSeen) throw garbage('to', word);
        const dst = prefixOf(word, family);
        family ??= dst.family === 10 ? 'inet6' : 'inet';
        spec.dst = word;
        command.prefixAt = reader.position - 1;
        dstSeen = true;
      }
    }
  }
  if (!dstSeen) throw new UsageError(`Usage: linux-netlink route { add | del | replace | append } ROUTE\nTry "linux-netlink route help".`, 255);
  if (family !== undefined) spec.family = family;
  if (locks.length > 0) metrics.lock = locks;
  if (Object.keys(metrics).length > 0) spec.metrics = metrics;
  return command;
}

async function resolved(command: RouteCommand, session: WriteSession): Promise<RouteSpec> {
  const spec = { ...command.spec };
  if (command.dev !== undefined) spec.dev = await session.devices.index(command.dev);
  if (command.hops !== undefined) {
    const hops: NexthopSpec[] = [];
    for (const { devName, ...hop } of command.hops) hops.push(devName === undefined ? hop : { ...hop, dev: await session.devices.index(devName) });
    spec.multipath = hops;
  }
  return spec;
}

/** Runs `route add|del|replace|append ARGS`. */
export async function runRouteWrite(command: RouteWrite, args: readonly string[], options: GlobalOptions): Promise<number> {
  const family = familyOf(options);
  // In a batch, a line shaped like an earlier one but for its prefix goes out as that one's request.
  const shared = (options as SessionOptions).session;
  const known = shared?.routes.match(command, args, family);
  if (shared !== undefined && known !== undefined) {
    await shared.client.connection.requestAck(known.type, known.payload, { flags: known.flags });
    return 0;
  }
  const parsed = parseRouteCommand(args, family);
  return withWriteSession(options, async (session) => {
    const spec = await resolved(parsed, session);
    const request = await session.routes.encode(command, args, family, parsed.prefixAt, spec, session.client);
    await session.client.connection.requestAck(request.type, request.payload, { flags: request.flags });
    return 0;
  });
}

/** The spec that deletes exactly this route (its key: prefix, table, tos, metric, type). */
function deletionOf(route: Route): RouteSpec {
  const family = route.family === 'inet6' ? 'inet6' : 'inet';
  const length = route.dstLen ?? 0;
  const spec: RouteSpec = { dst: length === 0 ? 'default' : `${route.dst}/${length}`, family, table: route.table ?? 254 };
  if (route.tos) spec.tos = route.tos;
  if (route.priority !== undefined) spec.metric = route.priority;
  if (route.type !== undefined) spec.type = route.type as string | number;
  if (route.oif !== undefined) spec.dev = route.oif;
  return spec;
}

/** Runs `route flush SELECTOR`: every route the selector shows, deleted one by one (as ip does). */
export async function runRouteFlush(args: readonly string[], options: GlobalOptions, selectorOf: (args: readonly string[]) => { table: number | 'all'; dev?: string; protocol?: number; type?: number; scope?: number }): Promise<number> {
  if (args.length === 0) throw new UsageError('"linux-netlink route flush" requires arguments.', 1);
  const selector = selectorOf(args);
  const family = familyOf(options) ?? 'inet';
  return withWriteSession(options, async (session) => {
    const filter: Parameters<typeof session.client.routes>[0] = { family };
    if (selector.table !== 'all') filter.table = selector.table;
    if (selector.dev !== undefined) filter.dev = await session.devices.index(selector.dev);
    if (selector.protocol !== undefined) filter.protocol = selector.protocol;
    if (selector.type !== undefined) filter.type = selector.type;
    const routes = await session.client.routes(filter);
    for (const route of routes) {
      if (selector.scope !== undefined && scopeNumberOf(route.scope) !== selector.scope) continue;
      // ip leaves the kernel's own local and broadcast routes of a device alone unless asked by type.
      if (selector.type === undefined && (route.type === 'local' || route.type === 'broadcast' || route.type === 'anycast' || route.type === 'multicast')) continue;
      try {
        await session.client.deleteRoute(deletionOf(route));
      } catch (err) {
        // A route that went with an earlier one (its device's) is no loss.
        if ((err as { code?: string }).code !== 'ESRCH') throw err;
      }
    }
    return 0;
  });
}

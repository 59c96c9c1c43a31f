// `linux-netlink route show|get`: ip route's selectors and lookups over RouteClient; changes are in ./route-write.
import type { RouteLookup } from '../route/client';
import type { RouteFilter } from '../route/user-specs';
import { ArgReader, UsageError, unknownCommand, familyOf, parseU32, pickKeyword, statsLevel, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import { formatRoute } from './format/route';
import { protocolName, routeTypeName, scopeName, tableName } from './format/names';
import { scopeNumberOf } from './write-values';
import { WRITE_USAGE, runRouteFlush, runRouteWrite } from './route-write';
import { ListPrinter, findLinkIndex, interfaceNames, withClient } from './session';
import type { FormatContext } from './format/context';
import type { NexthopObject } from '../route/messages/nexthop';
import { fetchNexthopsOf } from './nexthop';

export const USAGE = `Usage: linux-netlink route [ show | list ] [ SELECTOR ]
       linux-netlink route get [ to ] ADDRESS [ from ADDRESS ] [ iif DEVICE ] [ oif DEVICE ]
                               [ mark NUMBER ] [ uid NUMBER ] [ fibmatch ]
SELECTOR := [ table TABLE_ID ] [ dev DEVICE ] [ proto RTPROTO ] [ type TYPE ] [ scope SCOPE ]
TABLE_ID := { main | local | default | all | NUMBER }      (default: main)
Without -4/-6, "show" lists IPv4 routes, except "table all", which lists both families (as ip does).
${WRITE_USAGE}With -j, "show" prints a JSON array and "get" an array holding the one route, both as ip -j prints them.
`;

// ip's order decides abbreviations: `a` is add, `d` delete, `s` show, `g` get, `f` flush.
const COMMANDS = ['add', 'replace', 'append', 'delete', 'list', 'show', 'lst', 'get', 'flush', 'help'] as const;

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const command = args.length === 0 ? 'show' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw unknownCommand(args[0], 'route');
  const rest = args.slice(1);
  if (command === 'add' || command === 'replace' || command === 'append') return runRouteWrite(command, rest, options);
  if (command === 'delete') return runRouteWrite('del', rest, options);
  if (command === 'flush') return runRouteFlush(rest, options, parseShowSelector);
  return command === 'get' ? get(rest, options) : show(rest, options);
};

interface ShowSelector {
  table: number | 'all';
  dev?: string;
  protocol?: number;
  type?: number;
  scope?: number;
}

/** Numbers by name from a number → name function (the names ip accepts are the names it prints). */
function numberByName(text: string, nameOf: (n: number) => string, limit: number, what: string): number {
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) return parseU32(text, what);
  for (let n = 0; n <= limit; n++) if (nameOf(n) === text) return n;
  throw new UsageError(`invalid ${what} "${text}"`);
}

export function parseShowSelector(args: readonly string[]): ShowSelector {
  const selector: ShowSelector = { table: 254 };
  const reader = new ArgReader(args);
  while (!reader.done) {
    const word = reader.next()!;
    const keyword = pickKeyword(word, ['table', 'dev', 'oif', 'proto', 'type', 'scope'] as const);
    switch (keyword) {
      case 'table': {
        const value = reader.value('table');
        selector.table = value === 'all' ? 'all' : numberByName(value, tableName, 255, 'table id');
        break;
      }
      case 'dev':
      case 'oif':
        selector.dev = reader.value(word);
        break;
      case 'proto':
        selector.protocol = numberByName(reader.value('proto'), protocolName, 255, 'protocol');
        break;
      case 'type':
        selector.type = numberByName(reader.value('type'), routeTypeName, 11, 'route type');
        break;
      case 'scope':
        selector.scope = numberByName(reader.value('scope'), scopeName, 255, 'scope');
        break;
      default:
        throw new UsageError(`Error: argument "${word}" is wrong: unknown route selector, try "linux-netlink route help".`);
    }
  }
  return selector;
}

async function show(args: string[], options: GlobalOptions): Promise<number> {
  const selector = parseShowSelector(args);
  // ip: a single table means IPv4 unless a family is given; "table all" means both families.
  const family = familyOf(options) ?? (selector.table === 'all' ? undefined : 'inet');
  return withClient(options, async (client) => {
    const links = await client.links();
    const nexthops = new Map<number, NexthopObject>();
    const context: FormatContext = { details: options.details, names: interfaceNames(links), stats: statsLevel(options), nexthops };
    const filter: RouteFilter = {};
    if (family !== undefined) filter.family = family;
    if (selector.table !== 'all') filter.table = selector.table;
    if (selector.dev !== undefined) filter.dev = findLinkIndex(links, selector.dev);
    if (selector.protocol !== undefined) filter.protocol = selector.protocol;
    if (selector.type !== undefined) filter.type = selector.type;
    const shown = {
      tableFiltered: selector.table !== 'all',
      devFiltered: selector.dev !== undefined,
      protocolFiltered: selector.protocol !== undefined,
      scopeFiltered: selector.scope !== undefined,
    };
    const printer = new ListPrinter(
      options.stdout,
      options.json,
      (r: Parameters<typeof formatRoute>[0]) => formatRoute(r, context, shown).json,
      (r: Parameters<typeof formatRoute>[0]) => formatRoute(r, context, shown).text,
    );
    for await (const batch of client.routeBatches(filter)) {
      // A reader that went away (| head) ends the listing; the rest of the dump is not worth formatting.
      if (options.signal?.aborted) break;
      if (options.details) await fetchNexthopsOf(client, batch, nexthops);
      await printer.addAll(selector.scope === undefined ? batch : batch.filter((route) => scopeNumberOf(route.scope) === selector.scope));
    }
    if (options.signal?.aborted) return options.signal.reason === 'interrupted' ? 130 : 0;
    await printer.end();
    return 0;
  });
}

export interface GetRequest {
  destination: string;
  lookup: RouteLookup;
}

export function parseGet(args: readonly string[]): GetRequest {
  const reader = new ArgReader(args);
  let destination: string | undefined;
  const lookup: RouteLookup = {};
  while (!reader.done) {
    const word = reader.next()!;
    switch (pickKeyword(word, ['from', 'iif', 'oif', 'mark', 'uid', 'fibmatch', 'to'] as const)) {
      case 'from':
        lookup.from = reader.value('from');
        break;
      case 'iif':
        lookup.iif = reader.value('iif');
        break;
      case 'oif':
        lookup.oif = reader.value('oif');
        break;
      case 'mark':
        lookup.mark = parseU32(reader.value('mark'), 'mark');
        break;
      case 'uid':
        lookup.uid = parseU32(reader.value('uid'), 'uid');
        break;
      case 'fibmatch':
        lookup.fibMatch = true;
        break;
      case 'to':
        if (destination !== undefined) throw new UsageError(`Error: either "to" is duplicate, or "${word}" is garbage.`);
        destination = reader.value('to');
        break;
      default:
        if (destination !== undefined) throw new UsageError(`Error: either "to" is duplicate, or "${word}" is garbage.`);
        destination = word;
    }
  }
  if (destination === undefined) throw new UsageError('need at least a destination address');
  // ip accepts an address with a full-length prefix (10.0.0.1/32); a lookup is always for one address.
  const slash = destination.indexOf('/');
  if (slash !== -1) destination = destination.slice(0, slash);
  if (lookup.from !== undefined && lookup.from.includes('/')) lookup.from = lookup.from.slice(0, lookup.from.indexOf('/'));
  return { destination, lookup };
}

async function get(args: string[], options: GlobalOptions): Promise<number> {
  const { destination, lookup } = parseGet(args);
  return withClient(options, async (client) => {
    const links = await client.links();
    const context: FormatContext = { details: options.details, names: interfaceNames(links), stats: statsLevel(options) };
    // Names go to the kernel as indexes; a missing device gets ip's message, not a kernel error.
    if (typeof lookup.iif === 'string') lookup.iif = findLinkIndex(links, lookup.iif);
    if (typeof lookup.oif === 'string') lookup.oif = findLinkIndex(links, lookup.oif);
    const route = await client.getRoute(destination, lookup);
    if (options.details) await fetchNexthopsOf(client, [route], (context.nexthops = new Map()));
    const printed = formatRoute(route, context);
    // `ip -j route get` prints an array holding the one route; we print exactly that.
    options.stdout.write(options.json ? `${JSON.stringify([printed.json])}\n` : printed.text);
    return 0;
  });
}

// `linux-netlink nexthop show|get|add|replace|del|flush`: ip nexthop's syntax, output and messages over RouteClient.
import { isIPv4, isIPv6 } from 'net';
import type { RouteClient, NexthopFilter } from '../route/client';
import type { NexthopObject } from '../route/messages/nexthop';
import type { Route } from '../route/messages/route';
import type { NexthopObjectSpec } from '../route/nexthop-specs';
import type { Link } from '../route/messages/link';
import { UsageError, familyOf, incomplete, invalidArgument, matches, pickKeyword, unknownCommand, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type { FormatContext } from './format/context';
import { formatNexthop } from './format/nexthop';
import { protocolName } from './format/names';
import { ListPrinter, interfaceNames, withClient } from './session';

export const USAGE = `Usage: linux-netlink nexthop { list | flush } [ protocol ID ] SELECTOR
       linux-netlink nexthop { add | replace } id ID NH [ protocol ID ]
       linux-netlink nexthop { get | del } id ID
SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]
            [ groups ] [ fdb ]
NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ] |
        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }
GROUP := [ <id[,weight]>/<id[,weight]>/... ]
TYPE := { mpath | resilient }
TYPE_ARGS := [ RESILIENT_ARGS ]
RESILIENT_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ]
                  [ unbalanced_timer UNBALANCED ]
As ip nexthop; -j prints a JSON array, -d adds scope and protocol. Encapsulations (encap) and buckets are the
library's (RouteClient.addNexthop, nexthopBuckets), not the command's.
`;

// ip's order decides abbreviations: `d` is delete, `l` list, `f` flush.
const COMMANDS = ['add', 'replace', 'delete', 'list', 'show', 'lst', 'get', 'flush', 'help'] as const;

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const command = args.length === 0 ? 'list' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw unknownCommand(args[0], 'nexthop');
  const rest = args.slice(1);
  switch (command) {
    case 'add':
    case 'replace':
      return modify(command, rest, options);
    case 'delete':
      return remove(rest, options);
    case 'get':
      return get(rest, options);
    case 'flush':
      return listOrFlush(rest, options, true);
    default:
      return listOrFlush(rest, options, false);
  }
};

/** ip's get_unsigned: decimal, 0x hex or 0 octal, up to 2^32-1. */
function unsigned(text: string): number | undefined {
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^0[0-7]*$/.test(text) ? parseInt(text, 8) : /^[1-9][0-9]*$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value <= 0xffffffff ? value : undefined;
}

function parseId(text: string): number {
  const id = unsigned(text);
  if (id === undefined) throw invalidArgument(text, 'invalid id value');
  return id;
}

/** Walks ip-style arguments; a keyword without its value is ip's "not complete" error. */
class Words {
  private index = 0;
  constructor(private readonly args: readonly string[]) {}
  get done(): boolean {
    return this.index >= this.args.length;
  }
  next(): string {
    return this.args[this.index++];
  }
  peek(): string | undefined {
    return this.args[this.index];
  }
  value(): string {
    if (this.index >= this.args.length) throw incomplete();
    return this.args[this.index++];
  }
}

function linkIndexByName(links: readonly Link[], name: string): number | undefined {
  return links.find((l) => l.ifname === name || (l.propList?.altIfname ?? []).includes(name))?.ifindex;
}

const AF_UNSPEC = 0;
const AF_INET = 2;
const AF_INET6 = 10;

function familyNumber(options: GlobalOptions): number {
  const family = familyOf(options);
  return family === 'inet' ? AF_INET : family === 'inet6' ? AF_INET6 : AF_UNSPEC;
}

/** The IP family of an address text, or undefined when it is none (ip's get_addr_1 for inet/inet6). */
function ipFamily(text: string): number | undefined {
  if (isIPv4(text)) return AF_INET;
  if (isIPv6(text)) return AF_INET6;
  return undefined;
}

/** ip's names for RTPROT_* numbers, and numbers (rtnl_rtprot_a2n). */
function protocolNumber(text: string): number | undefined {
  const n = unsigned(text);
  if (n !== undefined) return n <= 255 ? n : undefined;
  for (let p = 0; p <= 255; p++) if (protocolName(p) === text) return p;
  return undefined;
}

/** `add|replace id ID NH`: the spec ip's ipnh_modify would send, with ip's messages for what it refuses. */
export function parseModify(args: readonly string[], links: readonly Link[], preferredFamily: number): NexthopObjectSpec {
  const words = new Words(args);
  const spec: NexthopObjectSpec = {};
  let family = preferredFamily;
  while (!words.done) {
    const word = words.next();
    if (word === 'id') {
      spec.id = parseId(words.value());
    } else if (word === 'dev') {
      const name = words.value();
      const index = linkIndexByName(links, name);
      if (index === undefined) throw invalidArgument(name, 'Device does not exist\n');
      spec.dev = index;
      if (family === AF_UNSPEC) family = AF_INET;
    } else if (word === 'via') {
      let text = words.value();
      const named = text === 'inet' ? AF_INET : text === 'inet6' ? AF_INET6 : AF_UNSPEC;
      const wanted = named === AF_UNSPEC ? family : named;
      if (named !== AF_UNSPEC) text = words.value();
      const found = ipFamily(text);
      if (found === undefined || (wanted !== AF_UNSPEC && wanted !== found)) {
        const name = wanted === AF_INET ? 'inet' : wanted === AF_INET6 ? 'inet6' : 'any valid';
        throw new UsageError(`Error: ${name} address is expected rather than "${text}".`);
      }
      if (family !== AF_UNSPEC && family !== found) throw invalidArgument(text, 'address family mismatch\n');
      family = found;
      spec.via = text;
    } else if (word === 'blackhole') {
      spec.blackhole = true;
      if (family === AF_UNSPEC) family = AF_INET;
    } else if (word === 'fdb') {
      spec.fdb = true;
    } else if (word === 'onlink') {
      spec.onlink = true;
    } else if (word === 'group') {
      const text = words.value();
      spec.group = parseGroup(text);
    } else if (word === 'type') {
      const text = words.value();
      if (text !== 'mpath' && text !== 'resilient') throw invalidArgument(text, '"type" value is invalid\n');
      spec.type = text;
      if (text === 'resilient') parseResilient(words, spec);
    } else if (matches(word, 'protocol')) {
      const text = words.value();
      const protocol = protocolNumber(text);
      if (protocol === undefined) throw invalidArgument(text, '"protocol" value is invalid\n');
      spec.protocol = protocol;
    } else if (word === 'encap') {
      throw new UsageError('Error: "encap" is not supported by linux-netlink nexthop: use RouteClient.addNexthop with encapType and encap.');
    } else {
      throw invalidArgument(word, '');
    }
  }
  if (family !== AF_UNSPEC) spec.family = family === AF_INET6 ? 'inet6' : 'inet';
  return spec;
}

/** `1/2,3/4`: ids with optional weights 1..256, as ip's add_nh_group_attr reads them. */
function parseGroup(text: string): NonNullable<NexthopObjectSpec['group']> {
  if (text === '') throw invalidArgument(text, '"group" value is invalid\n');
  return text.split('/').map((part) => {
    const [idText, weightText] = part.split(/,(.*)/s);
    const id = unsigned(idText);
    if (id === undefined) throw invalidArgument(text, '"group" value is invalid\n');
    if (weightText === undefined) return id;
    const weight = unsigned(weightText);
    if (weight === undefined || weight === 0 || weight > 256) throw invalidArgument(weightText, '"weight" is invalid\n');
    return { id, weight };
  });
}

/** `type resilient [buckets N] [idle_timer S] [unbalanced_timer S]` (parse_nh_group_type_res). */
function parseResilient(words: Words, spec: NexthopObjectSpec): void {
  const resilient: NonNullable<NexthopObjectSpec['resilient']> = {};
  for (;;) {
    const word = words.peek();
    if (word !== 'buckets' && word !== 'idle_timer' && word !== 'unbalanced_timer') break;
    words.next();
    const text = words.value();
    const value = unsigned(text);
    if (word === 'buckets') {
      if (value === undefined || value > 0xffff) throw invalidArgument(text, 'invalid buckets value');
      resilient.buckets = value;
    } else {
      if (value === undefined || value >= Math.floor(0xffffffff / 100)) throw invalidArgument(text, `invalid ${word === 'idle_timer' ? 'idle' : 'unbalanced'} timer value`);
      if (word === 'idle_timer') resilient.idleTimer = value;
      else resilient.unbalancedTimer = value;
    }
  }
  if (Object.keys(resilient).length > 0) spec.resilient = resilient;
}

async function modify(command: 'add' | 'replace', args: string[], options: GlobalOptions): Promise<number> {
  return withClient(options, async (client) => {
    const spec = parseModify(args, await client.links(), familyNumber(options));
    await client.addNexthop(spec, { mode: command });
    return 0;
  });
}

/** The ID of `id ID` (the last one, as in ip); `other` is the error for any other word. */
function idArgument(args: readonly string[], other: (word: string) => UsageError): number | undefined {
  const words = new Words(args);
  let id: number | undefined;
  while (!words.done) {
    const word = words.next();
    if (word !== 'id') throw other(word);
    id = parseId(words.value());
  }
  return id;
}

/** ip answers `get` without a lone `id ID` with its usage. */
const getUsage = (): UsageError => new UsageError(USAGE.trimEnd(), 255);

async function remove(args: string[], options: GlobalOptions): Promise<number> {
  const id = idArgument(args, (word) => invalidArgument(word, ''));
  if (id === undefined) throw new UsageError('Error: argument "id" is required', 255); // ip's missarg
  return withClient(options, async (client) => {
    await client.deleteNexthop(id);
    return 0;
  });
}

async function get(args: string[], options: GlobalOptions): Promise<number> {
  const id = idArgument(args, getUsage);
  if (!id) throw getUsage();
  return withClient(options, async (client) => {
    const context = await formatContext(client, options);
    await printList(options, context, [await client.getNexthop(id)]);
    return 0;
  });
}

async function formatContext(client: RouteClient, options: GlobalOptions): Promise<FormatContext & { links: Link[] }> {
  const links = await client.links();
  return { details: options.details, names: interfaceNames(links), links };
}

function nexthopPrinter(options: GlobalOptions, context: FormatContext): ListPrinter<NexthopObject> {
  return new ListPrinter(
    options.stdout,
    options.json,
    (n: NexthopObject) => formatNexthop(n, context).json,
    (n: NexthopObject) => formatNexthop(n, context).text,
  );
}

async function printList(options: GlobalOptions, context: FormatContext, nexthops: readonly NexthopObject[]): Promise<void> {
  const printer = nexthopPrinter(options, context);
  await printer.addAll(nexthops);
  await printer.end();
}

/** `list|flush [SELECTOR]` (ip's ipnh_list_flush): `id N` makes it a get, or a delete. */
async function listOrFlush(args: string[], options: GlobalOptions, flush: boolean): Promise<number> {
  return withClient(options, async (client) => {
    const context = await formatContext(client, options);
    const filter: NexthopFilter = {};
    const family = familyOf(options);
    if (family !== undefined) filter.family = family;
    const words = new Words(args);
    while (!words.done) {
      const word = words.next();
      if (matches(word, 'dev') || matches(word, 'master')) {
        const name = words.value();
        const index = linkIndexByName(context.links, name);
        if (index === undefined) throw invalidArgument(name, 'Device does not exist\n');
        if (matches(word, 'dev')) filter.dev = index;
        else filter.master = index;
      } else if (matches(word, 'groups')) {
        filter.groups = true;
      } else if (matches(word, 'vrf')) {
        const name = words.value();
        const link = context.links.find((l) => l.ifname === name);
        if (link?.linkinfo?.kind !== 'vrf') throw invalidArgument(name, 'Invalid VRF\n');
        filter.master = link.ifindex;
      } else if (word === 'id') {
        const id = parseId(words.value());
        if (flush) await client.deleteNexthop(id);
        else await printList(options, context, [await client.getNexthop(id)]);
        return 0;
      } else if (matches(word, 'protocol')) {
        const text = words.value();
        const protocol = unsigned(text);
        if (protocol === undefined) throw invalidArgument(text, 'invalid protocol value');
        filter.protocol = protocol;
      } else if (matches(word, 'fdb')) {
        filter.fdb = true;
      } else if (matches(word, 'help')) {
        throw getUsage();
      } else {
        throw invalidArgument(word, '');
      }
    }
    if (flush) {
      const flushed = await client.flushNexthops(filter);
      options.stdout.write(flushed === 0 ? 'Nothing to flush\n' : `Flushed ${flushed} nexthops\n`);
      return 0;
    }
    const printer = nexthopPrinter(options, context);
    for await (const batch of client.nexthopBatches(filter)) {
      if (options.signal?.aborted) break;
      await printer.addAll(batch);
    }
    if (options.signal?.aborted) return options.signal.reason === 'interrupted' ? 130 : 0;
    await printer.end();
    return 0;
  });
}

/**
 * The nexthop objects the routes use that `cache` does not hold yet, fetched one GET each as ip's nh_info
 * does; a nexthop that is gone by then is left out (ip prints no nh_info for it).
 */
export async function fetchNexthopsOf(client: RouteClient, routes: readonly Route[], cache: Map<number, NexthopObject>): Promise<void> {
  for (const route of routes) {
    const id = route.nhId;
    if (id === undefined || cache.has(id)) continue;
    try {
      cache.set(id, await client.getNexthop(id));
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
  }
}

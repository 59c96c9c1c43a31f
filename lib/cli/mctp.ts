// `linux-netlink mctp link|address|route|neighbour ...`: the kernel's MCTP stack as CodeConstruct's `mctp` tool
// shows and changes it, with -j for JSON arrays.
import type { RouteClient } from '../route/client';
import { UsageError, parseU32, pickKeyword, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import { formatMctpAddress, formatMctpLink, formatMctpNeighbour, formatMctpRoute, mctpContext, type MctpContext } from './format/mctp';
import { ListPrinter, findLinkIndex, withClient } from './session';
import type { Printed } from './format/printer';

export const USAGE = `Usage: linux-netlink mctp link [ show [ IFNAME ] ]
       linux-netlink mctp link set IFNAME [ up | down ] [ mtu MTU ] [ network NET ]
       linux-netlink mctp address [ show [ IFNAME ] ]
       linux-netlink mctp address { add | del } EID dev IFNAME
       linux-netlink mctp route [ show ]
       linux-netlink mctp route add EID[-LAST] via IFNAME [ mtu MTU ]
       linux-netlink mctp route del EID[-LAST] via IFNAME
       linux-netlink mctp neighbour [ show [ dev IFNAME ] ]
       linux-netlink mctp neighbour add EID dev IFNAME lladdr PHYSADDR
       linux-netlink mctp neighbour del EID dev IFNAME
Prints what CodeConstruct's mctp tool prints; with -j a JSON array of objects with the same fields.
EIDs are decimal, 0x hex or 0-prefixed octal, as mctp takes them.
`;

const OBJECTS = ['link', 'address', 'route', 'neighbour', 'neighbor', 'help'] as const;

export const run: CommandRunner = async (args, options) => {
  if (args.length === 0 || wantsHelp(args)) {
    options.stdout.write(USAGE);
    return args.length === 0 ? 1 : 0;
  }
  const object = pickKeyword(args[0], OBJECTS);
  if (object === undefined) throw new UsageError(`Object "${args[0]}" is unknown, try "linux-netlink mctp help".`);
  const command = args.length === 1 ? 'show' : args[1];
  const rest = args.slice(2);
  switch (object) {
    case 'link':
      if (command === 'show') return showLinks(rest, options);
      if (command === 'set') return withClient(options, (client) => setLink(client, rest));
      break;
    case 'address':
      if (command === 'show') return show(options, rest.length > 0 ? rest : undefined, (c, link) => c.mctpAddresses(link), formatMctpAddress, 'address show [IFNAME]');
      if (command === 'add' || command === 'del') return withClient(options, (client) => changeAddress(client, command, rest));
      break;
    case 'route':
      if (command === 'show') {
        if (rest.length > 0) throw new UsageError('Usage: mctp route show');
        return show(options, undefined, (c) => c.mctpRoutes(), formatMctpRoute, 'route show');
      }
      if (command === 'add' || command === 'del') return withClient(options, (client) => changeRoute(client, command, rest));
      break;
    case 'neighbour':
    case 'neighbor':
      if (command === 'show') {
        if (rest.length !== 0 && !(rest.length === 2 && rest[0] === 'dev')) throw new UsageError('Usage: mctp neighbour show [dev IFNAME]');
        return show(options, rest.length === 2 ? [rest[1]] : undefined, (c, link) => c.mctpNeighbours(link), formatMctpNeighbour, 'neighbour show');
      }
      if (command === 'add' || command === 'del') return withClient(options, (client) => changeNeighbour(client, command, rest));
      break;
    case 'help':
      options.stdout.write(USAGE);
      return 0;
  }
  throw new UsageError(`Command "${command}" is unknown, try "linux-netlink mctp help".`);
};

/** An EID as mctp's parse_uint32 reads it (strtoul base 0: decimal, 0x hex, 0-prefixed octal), 0..255. */
export function parseEid(text: string): number {
  const value = /^0x[0-9a-f]+$/i.test(text)
    ? parseInt(text.slice(2), 16)
    : /^0[0-7]+$/.test(text)
      ? parseInt(text.slice(1), 8)
      : /^(0|[1-9][0-9]*)$/.test(text)
        ? Number(text)
        : NaN;
  if (!(value >= 0 && value <= 255)) throw new UsageError(`invalid address "${text}"`);
  return value;
}

async function showLinks(rest: string[], options: GlobalOptions): Promise<number> {
  if (rest.length > 1) throw new UsageError("Bad arguments to 'link show'");
  return withClient(options, async (client) => {
    const link = rest.length === 1 ? findLinkIndex(await client.links(), rest[0]) : undefined;
    const links = await client.mctpLinks(link === undefined ? {} : { link });
    return print(options, links, (l) => formatMctpLink(l));
  });
}

async function show<T>(
  options: GlobalOptions,
  dev: string[] | undefined,
  list: (client: RouteClient, filter: { link?: number }) => Promise<T[]>,
  format: (value: T, context: MctpContext) => Printed,
  usage: string,
): Promise<number> {
  if (dev !== undefined && dev.length !== 1) throw new UsageError(`Usage: mctp ${usage}`);
  return withClient(options, async (client) => {
    const context = mctpContext(await client.links());
    const link = dev === undefined ? undefined : findLinkIndexIn(context, dev[0]);
    const values = await list(client, link === undefined ? {} : { link });
    return print(options, values, (v) => format(v, context));
  });
}

function findLinkIndexIn(context: MctpContext, name: string): number {
  for (const [index, n] of context.names) if (n === name) return index;
  throw new UsageError(`Unknown interface '${name}'`);
}

async function print<T>(options: GlobalOptions, values: readonly T[], format: (v: T) => Printed): Promise<number> {
  const printer = new ListPrinter(options.stdout, options.json, (v: T) => format(v).json, (v: T) => format(v).text);
  await printer.addAll(values);
  await printer.end();
  return 0;
}

async function setLink(client: RouteClient, args: string[]): Promise<number> {
  if (args.length < 2) throw new UsageError("Bad arguments to 'link set'");
  const [dev, ...words] = args;
  let up: boolean | undefined;
  let mtu: number | undefined;
  let net: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === 'up' || word === 'down') up = word === 'up';
    else if (word === 'mtu' || word === 'network' || word === 'net') {
      const value = words[++i];
      if (value === undefined) throw new UsageError('Bad link set arguments');
      const n = parseU32(value, word === 'mtu' ? 'mtu' : 'net');
      if (n === 0) throw new UsageError(`invalid ${word === 'mtu' ? 'mtu' : 'net'} ${value}`);
      if (word === 'mtu') mtu = n;
      else net = n;
    } else throw new UsageError(`Unknown link set command '${word}'`);
  }
  const ifindex = findLinkIndex(await client.links(), dev);
  if (up !== undefined || mtu !== undefined) await client.setLink(ifindex, { ...(up === undefined ? {} : { up }), ...(mtu === undefined ? {} : { mtu }) });
  if (net !== undefined) await client.setMctpNet(ifindex, net);
  return 0;
}

async function changeAddress(client: RouteClient, command: 'add' | 'del', args: string[]): Promise<number> {
  if (args.length !== 3 || args[1] !== 'dev') throw new UsageError(`${command}: invalid command line arguments`);
  const spec = { eid: parseEid(args[0]), link: findLinkIndex(await client.links(), args[2]) };
  await (command === 'add' ? client.addMctpAddress(spec) : client.deleteMctpAddress(spec));
  return 0;
}

async function changeRoute(client: RouteClient, command: 'add' | 'del', args: string[]): Promise<number> {
  const withMtu = command === 'add' && args.length === 5 && args[3] === 'mtu';
  if (!(args.length === 3 || withMtu) || args[1] !== 'via') throw new UsageError(`${command}: invalid arguments`);
  const [first, last] = args[0].split('-');
  const eid = parseEid(first);
  const extent = last === undefined ? 0 : parseEid(last) - eid;
  if (extent < 0) throw new UsageError(`invalid EID range "${args[0]}"`);
  const spec = { eid, extent, link: findLinkIndex(await client.links(), args[2]), ...(withMtu ? { mtu: parseU32(args[4], 'mtu') } : {}) };
  await (command === 'add' ? client.addMctpRoute(spec) : client.deleteMctpRoute(spec));
  return 0;
}

async function changeNeighbour(client: RouteClient, command: 'add' | 'del', args: string[]): Promise<number> {
  const valid = command === 'add' ? args.length === 5 && args[1] === 'dev' && args[3] === 'lladdr' : args.length === 3 && args[1] === 'dev';
  if (!valid) throw new UsageError(`${command}: invalid arguments`);
  const link = findLinkIndex(await client.links(), args[2]);
  if (command === 'add') {
    if (!/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(args[4])) throw new UsageError(`invalid lladdr ${args[4]}`);
    await client.addMctpNeighbour({ eid: parseEid(args[0]), link, lladdr: args[4] });
  } else {
    await client.deleteMctpNeighbour({ eid: parseEid(args[0]), link });
  }
  return 0;
}

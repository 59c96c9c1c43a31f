// `linux-netlink monitor [link|address|route|neigh|rule|all]...`: prints every change until interrupted.
import type { MonitorGroup, ChangeEvent } from '../route/monitor';
import { UsageError, familyOf, pickKeyword, wantsHelp, type FamilyOption } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type { FormatContext } from './format/context';
import { formatChange } from './format/change';
import { linkFlagBits, linkIndex } from './format/link';
import { interfaceFlags, interfaceNames, withClient } from './session';
import { mctpContext, mctpNet } from './format/mctp';

export const USAGE = `Usage: linux-netlink monitor [ all | OBJECT-LIST ]
OBJECT-LIST := [ link ] [ address ] [ route ] [ neigh ] [ rule ] [ nexthop ] [ mctp ]
Prints one line per change until interrupted (Ctrl-C), then exits 0. -4 / -6 restrict addresses, routes and
rules to one family. "mctp" (not part of all) prints MCTP address changes as mctp addr does. With -j each
change is one JSON object on its own line: "object" (link, address, route, neigh, rule, nexthop or mctp) and
"action" ("new" or "del"), followed by the fields ip -j -d prints for that object
(an address also carries "ifindex" and "ifname" of its interface). If the kernel drops events because the
reader fell behind, a notice goes to stderr and the current state is re-read; the differences are printed.
`;

const OBJECTS = ['link', 'address', 'route', 'neigh', 'rule', 'nexthop', 'mctp', 'all', 'help'] as const;
type MonitorObject = Exclude<(typeof OBJECTS)[number], 'help'>;

export function parseObjects(args: readonly string[]): Set<Exclude<MonitorObject, 'all'>> {
  const chosen = new Set<Exclude<MonitorObject, 'all'>>();
  for (const word of args) {
    const object = pickKeyword(word, OBJECTS);
    if (object === undefined || object === 'help') throw new UsageError(`Argument "${word}" is unknown, try "linux-netlink monitor help".`);
    if (object === 'all') ['link', 'address', 'route', 'neigh', 'rule', 'nexthop'].forEach((o) => chosen.add(o as Exclude<MonitorObject, 'all'>));
    else chosen.add(object);
  }
  if (chosen.size === 0) ['link', 'address', 'route', 'neigh', 'rule', 'nexthop'].forEach((o) => chosen.add(o as Exclude<MonitorObject, 'all'>));
  return chosen;
}

/** The multicast groups for the chosen objects; links are always followed so interface names stay right. */
export function groupsFor(objects: ReadonlySet<string>, family: FamilyOption | undefined): MonitorGroup[] {
  const groups: MonitorGroup[] = ['link'];
  const both = (v4: MonitorGroup, v6: MonitorGroup): MonitorGroup[] => (family === 'inet' ? [v4] : family === 'inet6' ? [v6] : [v4, v6]);
  if (objects.has('address')) groups.push(...both('ipv4-addr', 'ipv6-addr'));
  if (objects.has('route')) groups.push(...both('ipv4-route', 'ipv6-route'));
  if (objects.has('neigh')) groups.push('neigh');
  if (objects.has('rule')) groups.push(...both('ipv4-rule', 'ipv6-rule'));
  if (objects.has('nexthop')) groups.push('nexthop');
  if (objects.has('mctp')) groups.push('mctp-addr');
  return groups;
}

const OBJECT_OF_KIND = { link: 'link', address: 'address', route: 'route', neighbour: 'neigh', rule: 'rule', nexthop: 'nexthop', mctpAddress: 'mctp' } as const;

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const objects = parseObjects(args);
  return withClient(options, (client) => follow(client, objects, options));
};

async function follow(
  client: import('../route/client').RouteClient,
  objects: ReadonlySet<string>,
  options: GlobalOptions,
): Promise<number> {
  const family = familyOf(options);
  const monitor = client.monitor(groupsFor(objects, family));
  try {
    const links = await client.links();
    const names = new Map(interfaceNames(links));
    const flags = interfaceFlags(links);
    const mctpNets = new Map(mctpContext(links).nets);
    const context: FormatContext = { details: options.details, names, flags, mctpNets };
    const prefixed = objects.size > 1;
    let failure: Error | undefined;
    let stop: () => void = () => {};

    const print = (event: ChangeEvent): void => {
      if (event.object === 'link' && event.action === 'new') {
        if (event.value.ifname !== undefined) names.set(linkIndex(event.value), event.value.ifname);
        flags.set(linkIndex(event.value), linkFlagBits(event.value));
        const net = mctpNet(event.value);
        if (net !== undefined) mctpNets.set(linkIndex(event.value), net);
      }
      const object = OBJECT_OF_KIND[event.object];
      if (objects.has(object)) options.stdout.write(formatChange(event, context, { json: options.json, prefixed }));
      if (event.object === 'link' && event.action === 'del') {
        names.delete(linkIndex(event.value));
        flags.delete(linkIndex(event.value));
      }
    };
    monitor.on('change', print);
    monitor.on('overrun', () => {
      options.stderr.write('linux-netlink: the kernel dropped events (receive queue overrun); re-reading the current state\n');
      monitor.resync().catch((err: Error) => {
        failure = err;
        stop();
      });
    });
    monitor.on('error', (err: Error) => {
      failure = err;
      stop();
    });

    await new Promise<void>((resolve) => {
      stop = resolve;
      if (options.signal?.aborted) resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    if (failure) throw failure;
    return 0;
  } finally {
    monitor.close();
  }
}

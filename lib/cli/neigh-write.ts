// `linux-netlink neighbour add|change|replace|del|flush` with ip's syntax, messages and exit statuses.
import type { NeighbourSpec } from '../route/user-specs';
import { ArgReader, UsageError, familyOf, garbage, invalidArgument } from './args';
import type { GlobalOptions } from './options';
import { NEIGHBOUR_STATES as IP_STATES } from './format/names';
import { addressOf, lladdrOf } from './write-values';
import { withWriteSession } from './session';
import { parseNeighbourSelector } from './neigh-selector';

/** The write commands' part of `neighbour help`. */
export const WRITE_USAGE = `       linux-netlink neighbour { add | change | replace | del } { ADDR [ lladdr LLADDR ] [ nud STATE ] | proxy ADDR }
                                  [ dev DEV ] [ router ] [ extern_learn ]
       linux-netlink neighbour flush [ dev DEV ] [ nud STATE ]
`;

/** Runs `neighbour add|change|replace|del ARGS` (ip's ipneigh_modify). */
export async function runNeighbourWrite(command: 'add' | 'change' | 'replace' | 'del', args: readonly string[], options: GlobalOptions): Promise<number> {
  const reader = new ArgReader(args);
  let dst: string | undefined;
  let dev: string | undefined;
  const flags: string[] = [];
  const spec: Omit<NeighbourSpec, 'link' | 'address'> = {};
  while (!reader.done) {
    const word = reader.next()!;
    if (word === 'lladdr') spec.lladdr = lladdrOf(reader.need());
    else if (word === 'nud') {
      const value = reader.need();
      const known = value === 'noarp' || value === 'permanent' || IP_STATES.some(([, name]) => name === value.toUpperCase());
      if (!known) throw invalidArgument(value, 'nud state is bad');
      spec.state = value;
    } else if (word === 'proxy') {
      const value = reader.need();
      if (dst !== undefined) throw garbage('to', value);
      dst = value;
      flags.push('proxy');
    } else if (word === 'router') flags.push('router');
    else if (word === 'extern_learn') flags.push('extLearned');
    else if (word === 'dev') dev = reader.need();
    else {
      const value = word === 'to' ? reader.need() : word;
      if (dst !== undefined) throw garbage('to', value);
      dst = value;
    }
  }
  if (dev === undefined || dst === undefined) throw new UsageError('Device and destination are required arguments.', 255);
  const address = addressOf(dst, familyOf(options));
  const device = dev;
  return withWriteSession(options, async (session) => {
    const full: NeighbourSpec = { ...spec, address, link: await session.devices.index(device) };
    if (flags.length > 0) full.flags = flags;
    if (command === 'del') await session.client.deleteNeighbour(full);
    else if (command === 'add') await session.client.addNeighbour(full);
    else await session.client.addNeighbour(full, { mode: 'replace' });
    return 0;
  });
}

/** Runs `neighbour flush [dev DEV] [nud STATE]`: without nud, every entry but permanent and noarp ones (as ip). */
export async function runNeighbourFlush(args: readonly string[], options: GlobalOptions): Promise<number> {
  if (args.length === 0) throw new UsageError('Flush requires arguments.', 1);
  const selector = parseNeighbourSelector(args);
  const family = familyOf(options);
  return withWriteSession(options, async (session) => {
    const link = selector.dev === undefined ? undefined : await session.devices.index(selector.dev);
    const neighbours = await session.client.neighbours({ ...(family === undefined ? {} : { family }), ...(link === undefined ? {} : { link }) });
    for (const n of neighbours) {
      const states = (Array.isArray(n.state) ? n.state : []) as string[];
      const bits = states.reduce((sum, name) => sum | (IP_STATES.find(([, ipName]) => ipName === name.toUpperCase())?.[0] ?? 0), 0);
      const chosen =
        selector.states === 'all' ? true : selector.states === undefined ? !states.includes('permanent') && !states.includes('noarp') : (bits & selector.states) !== 0 || (bits === 0 && (selector.states & 0x100) !== 0);
      if (!chosen || n.dst === undefined) continue;
      try {
        await session.client.deleteNeighbour({ address: n.dst, link: n.ifindex });
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOENT') throw err;
      }
    }
    return 0;
  });
}

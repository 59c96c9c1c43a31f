// `linux-netlink neigh show [dev DEVICE] [nud STATE|all]`; changes are in ./neigh-write.
import type { Neighbour } from '../route/messages/neighbour';
import { unknownCommand, familyOf, pickKeyword, statsLevel, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type { FormatContext } from './format/context';
import { formatNeighbour, shownByDefault } from './format/neighbour';
import { bitsOf } from './format/values';
import { NEIGHBOUR_STATES } from '../route/constants';
import { WRITE_USAGE, runNeighbourFlush, runNeighbourWrite } from './neigh-write';
import { type NeighbourSelector, parseNeighbourSelector } from './neigh-selector';
import { ListPrinter, findLinkIndex, interfaceNames, withClient } from './session';

export const USAGE = `Usage: linux-netlink neighbour [ show | list ] [ dev DEVICE ] [ nud STATE | nud all ]
STATE := { permanent | noarp | reachable | stale | none | incomplete | delay | probe | failed }
${WRITE_USAGE}Without "nud", every entry but NOARP and NONE ones, as ip shows. With -j, a JSON array as ip -j neigh show prints it.
`;

// ip's order decides abbreviations: `a` is add, `d` delete, `s` show, `f` flush.
const COMMANDS = ['add', 'change', 'replace', 'delete', 'show', 'list', 'lst', 'flush', 'help'] as const;

function selected(neighbour: Neighbour, states: NeighbourSelector['states']): boolean {
  if (states === undefined) return shownByDefault(neighbour);
  if (states === 'all') return true;
  const state = bitsOf(neighbour.state, NEIGHBOUR_STATES);
  return state === 0 ? (states & 0x100) !== 0 : (state & states) !== 0;
}

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const command = args.length === 0 ? 'show' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw unknownCommand(args[0], 'neighbour');
  const rest = args.slice(1);
  if (command === 'add' || command === 'change' || command === 'replace') return runNeighbourWrite(command, rest, options);
  if (command === 'delete') return runNeighbourWrite('del', rest, options);
  if (command === 'flush') return runNeighbourFlush(rest, options);
  return show(parseNeighbourSelector(rest), options);
};

async function show(selector: NeighbourSelector, options: GlobalOptions): Promise<number> {
  const family = familyOf(options);
  return withClient(options, async (client) => {
    const links = await client.links();
    const context: FormatContext = { details: options.details, names: interfaceNames(links), stats: statsLevel(options) };
    const dev = selector.dev === undefined ? undefined : findLinkIndex(links, selector.dev);
    const neighbours = await client.neighbours({ ...(family === undefined ? {} : { family }), ...(dev === undefined ? {} : { link: dev }) });
    const devFiltered = dev !== undefined;
    const printer = new ListPrinter(
      options.stdout,
      options.json,
      (n: Neighbour) => formatNeighbour(n, context, { devFiltered }).json,
      (n: Neighbour) => formatNeighbour(n, context, { devFiltered }).text,
    );
    for (const neighbour of neighbours) if (selected(neighbour, selector.states)) await printer.add(neighbour);
    await printer.end();
    return 0;
  });
}

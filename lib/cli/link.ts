// `linux-netlink link show [[dev] NAME] [up] [type KIND] [master DEVICE]`; add, set and delete are in ./link-write.
import type { Link } from '../route/messages/link';
import { ArgReader, UsageError, unknownCommand, pickKeyword, statsLevel, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type { FormatContext } from './format/context';
import { formatLink, isUp, linkIndex } from './format/link';
import { WRITE_USAGE, runLinkWrite } from './link-write';
import { ListPrinter, findLinkIndex, interfaceFlags, interfaceNames, withClient } from './session';

export const USAGE = `Usage: linux-netlink link [ show | list ] [ [ dev ] DEVICE ] [ up ] [ type KIND ] [ master DEVICE ]
${WRITE_USAGE}With -j, a JSON array of links as ip -j link show prints them; -d adds the details (linkinfo, queues, ...).
`;

// ip's order: `a` is add, `d` delete, `s` show; `set` (and ip's `change`) only in full.
const COMMANDS = ['add', 'delete', 'show', 'list', 'lst', 'help'] as const;

export interface LinkSelector {
  dev?: string;
  up?: boolean;
  kind?: string;
  master?: string;
}

export function parseLinkSelector(args: readonly string[]): LinkSelector {
  const selector: LinkSelector = {};
  const reader = new ArgReader(args);
  while (!reader.done) {
    const word = reader.next()!;
    switch (pickKeyword(word, ['dev', 'up', 'type', 'master'] as const)) {
      case 'dev':
        selector.dev = reader.value('dev');
        break;
      case 'up':
        selector.up = true;
        break;
      case 'type':
        selector.kind = reader.value('type');
        break;
      case 'master':
        selector.master = reader.value('master');
        break;
      default:
        if (selector.dev !== undefined) throw new UsageError(`Error: either "dev" is duplicate, or "${word}" is garbage.`);
        selector.dev = word;
    }
  }
  return selector;
}

export function selectLinks(links: readonly Link[], selector: LinkSelector): Link[] {
  const dev = selector.dev === undefined ? undefined : findLinkIndex(links, selector.dev);
  const master = selector.master === undefined ? undefined : findLinkIndex(links, selector.master);
  return links.filter(
    (link) =>
      (dev === undefined || linkIndex(link) === dev) &&
      (!selector.up || isUp(link)) &&
      (selector.kind === undefined || link.linkinfo?.kind === selector.kind) &&
      (master === undefined || link.master === master),
  );
}

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  if (args[0] === 'set' || args[0] === 'change') return runLinkWrite('set', args.slice(1), options);
  const command = args.length === 0 ? 'show' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw unknownCommand(args[0], 'link');
  if (command === 'add' || command === 'delete') return runLinkWrite(command, args.slice(1), options);
  return show(parseLinkSelector(args.slice(1)), options);
};

async function show(selector: LinkSelector, options: GlobalOptions): Promise<number> {
  return withClient(options, async (client) => {
    // Every link is needed anyway: ip names masters and lower devices, so it reads them all first too.
    const links = await client.links();
    const context: FormatContext = { details: options.details, names: interfaceNames(links), flags: interfaceFlags(links), stats: statsLevel(options) };
    const printer = new ListPrinter(
      options.stdout,
      options.json,
      (link: Link) => formatLink(link, context, { linkObject: true }).json,
      (link: Link) => formatLink(link, context, { linkObject: true }).text,
    );
    for (const link of selectLinks(links, selector)) await printer.add(link);
    await printer.end();
    return 0;
  });
}

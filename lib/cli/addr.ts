// `linux-netlink addr show [dev DEVICE] [up]`: each link with its addresses, as ip addr show prints them; the
// changes (add, change, replace, del, flush) are in ./addr-write.
import type { Address } from '../route/messages/address';
import type { Link } from '../route/messages/link';
import { unknownCommand, familyOf, pickKeyword, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type { FormatContext } from './format/context';
import { formatAddress } from './format/address';
import { formatLink, ipv6LinkView, linkIndex } from './format/link';
import { parseLinkSelector, selectLinks } from './link';
import { WRITE_USAGE, runAddressFlush, runAddressWrite } from './addr-write';
import { ListPrinter, interfaceFlags, interfaceNames, withClient } from './session';

export const USAGE = `Usage: linux-netlink address [ show | list ] [ [ dev ] DEVICE ] [ up ] [ type KIND ] [ master DEVICE ]
Each link followed by its addresses; with -4 / -6 only links that have addresses of that family.
${WRITE_USAGE}With -j, a JSON array of links, each with an "addr_info" array, as ip -j addr show prints them.
`;

// ip's order decides abbreviations: `a` is add, `d` delete, `s` show, `f` flush.
const COMMANDS = ['add', 'change', 'replace', 'delete', 'list', 'show', 'lst', 'flush', 'help'] as const;

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const command = args.length === 0 ? 'show' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw unknownCommand(args[0], 'address');
  const rest = args.slice(1);
  if (command === 'add' || command === 'change' || command === 'replace') return runAddressWrite(command, rest, options);
  if (command === 'delete') return runAddressWrite('del', rest, options);
  if (command === 'flush') return runAddressFlush(rest, options);
  return show(rest, options);
};

interface LinkWithAddresses {
  link: Link;
  addresses: Address[];
}

async function show(args: string[], options: GlobalOptions): Promise<number> {
  const selector = parseLinkSelector(args);
  const family = familyOf(options);
  return withClient(options, async (client) => {
    const links = await client.links();
    const context: FormatContext = { details: options.details, names: interfaceNames(links), flags: interfaceFlags(links) };
    const addresses = await client.addresses(family === undefined ? {} : { family });
    const byLink = new Map<number, Address[]>();
    for (const address of addresses) {
      const list = byLink.get(address.ifindex);
      if (list === undefined) byLink.set(address.ifindex, [address]);
      else list.push(address);
    }
    const format = (entry: LinkWithAddresses): { json: object; text: string } => {
      const view = family === 'inet6' ? ipv6LinkView(entry.link) : entry.link;
      const link = formatLink(view, context, { linkObject: false, familyFiltered: family !== undefined });
      const infos = entry.addresses.map((a) => formatAddress(a));
      return {
        json: { ...link.json, addr_info: infos.map((i) => i.json) },
        text: link.text + infos.map((i) => i.text).join(''),
      };
    };
    const printer = new ListPrinter(options.stdout, options.json, (e: LinkWithAddresses) => format(e).json, (e: LinkWithAddresses) => format(e).text);
    for (const link of selectLinks(links, selector)) {
      const own = byLink.get(linkIndex(link)) ?? [];
      // With a family chosen, ip leaves out the links that have no address of it.
      if (family !== undefined && own.length === 0) continue;
      await printer.add({ link, addresses: own });
    }
    await printer.end();
    return 0;
  });
}

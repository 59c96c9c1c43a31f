// `linux-netlink genl ctrl { list | get name NAME }`: the generic netlink families, as iproute2's `genl ctrl`
// prints them (or as JSON with -j).
import { UsageError, pickKeyword } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type { GenlFamily } from '../genl';
import type * as Genl from '../genl';

export const USAGE = `Usage: linux-netlink [-j] [-n NETNS] genl ctrl { list | get name NAME }
list  every generic netlink family: id, version, header size, max attribute, operations with their
      capabilities, multicast groups (as iproute2's "genl ctrl list").
get   one family by name.
`;

const CAPS: Array<[string, string]> = [
  ['admin-perm', 'requires admin permission'],
  ['cmd-cap-do', 'can doit'],
  ['cmd-cap-dump', 'can dumpit'],
  ['cmd-cap-haspol', 'has policy'],
];
const CAP_BITS: Record<string, number> = { 'admin-perm': 1, 'cmd-cap-do': 2, 'cmd-cap-dump': 4, 'cmd-cap-haspol': 8, 'uns-admin-perm': 16 };

function capsOf(flags: Array<string | number>): number {
  return flags.reduce<number>((v, f) => v | (typeof f === 'number' ? f : CAP_BITS[f] ?? 0), 0);
}

function text(f: GenlFamily): string {
  const hex = (n: number) => `0x${n.toString(16)}`;
  let out = `\nName: ${f.name}\n\tID: ${hex(f.id)}  Version: ${hex(f.version)}  header size: ${f.hdrsize}  max attribs: ${f.maxattr} \n`;
  if (f.operations.length) {
    out += '\tcommands supported: \n';
    f.operations.forEach((op, i) => {
      out += `\t\t#${i + 1}:  ID-${hex(op.id)} \n`;
      const caps = capsOf(op.flags);
      if (caps) {
        const names = CAPS.filter(([name]) => op.flags.includes(name as never)).map(([, t]) => t);
        out += `\t\tCapabilities (${hex(caps)}):\n \t\t  ${names.join('; ')}\n\n`;
      }
    });
  }
  if (f.groups.size) {
    out += '\n\tmulticast groups:\n';
    [...f.groups].forEach(([name, id], i) => (out += `\t\t#${i + 1}:  ID-${hex(id)}  name: ${name} \n`));
    out += '\n';
  }
  return out;
}

function json(f: GenlFamily): object {
  return {
    name: f.name,
    id: f.id,
    version: f.version,
    hdrsize: f.hdrsize,
    maxattr: f.maxattr,
    operations: f.operations.map((o) => ({ id: o.id, flags: o.flags })),
    mcast_groups: [...f.groups].map(([name, id]) => ({ name, id })),
  };
}

export const run: CommandRunner = async (args: string[], options: GlobalOptions): Promise<number> => {
  if (args.length === 0 || pickKeyword(args[0], ['help'] as const)) {
    (args.length === 0 ? options.stderr : options.stdout).write(USAGE);
    return args.length === 0 ? 1 : 0;
  }
  if (pickKeyword(args[0], ['ctrl'] as const) === undefined) throw new UsageError(`genl: "${args[0]}" is unknown, try "linux-netlink genl help".`);
  const command = args[1] === undefined ? 'list' : pickKeyword(args[1], ['list', 'ls', 'get', 'show', 'help'] as const);
  if (command === undefined) throw new UsageError(`genl ctrl: "${args[1]}" is unknown, try "linux-netlink genl help".`);
  if (command === 'help') {
    options.stdout.write(USAGE);
    return 0;
  }
  const { GenlClient } = require('../genl') as typeof Genl;
  const client = GenlClient.open({ netns: options.netns });
  try {
    let families: GenlFamily[];
    if (command === 'get' || command === 'show') {
      if (args[2] !== 'name' || args[3] === undefined) throw new UsageError('genl ctrl get needs "name NAME"');
      families = [await client.family(args[3])];
    } else {
      families = await client.families();
    }
    if (options.json) options.stdout.write(`${JSON.stringify(families.map(json))}\n`);
    else options.stdout.write(families.map(text).join('\n'));
    return 0;
  } finally {
    client.close();
  }
};

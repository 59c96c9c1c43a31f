// `linux-netlink rule show [table TABLE]`; add and del are in ./rule-write.
import type { Rule } from '../route/messages/rule';
import { ArgReader, UsageError, unknownCommand, familyOf, parseU32, pickKeyword, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import { formatRule } from './format/rule';
import { tableName } from './format/names';
import { WRITE_USAGE, runRuleWrite } from './rule-write';
import { ListPrinter, withClient } from './session';

export const USAGE = `Usage: linux-netlink rule [ show | list ] [ table TABLE_ID ]
${WRITE_USAGE}IPv4 rules unless -6 is given (as ip). With -j, a JSON array as ip -j rule show prints it.
`;

// ip's order decides abbreviations: `a` is add, `d` delete, `s` show.
const COMMANDS = ['add', 'delete', 'list', 'lst', 'show', 'help'] as const;

export function parseRuleSelector(args: readonly string[]): { table?: number } {
  const reader = new ArgReader(args);
  const selector: { table?: number } = {};
  while (!reader.done) {
    const word = reader.next()!;
    if (pickKeyword(word, ['table', 'lookup'] as const) === undefined) {
      throw new UsageError(`Error: argument "${word}" is wrong: unknown rule selector, try "linux-netlink rule help".`);
    }
    const value = reader.value(word);
    if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(value)) selector.table = parseU32(value, 'table id');
    else {
      let found: number | undefined;
      for (let n = 0; n <= 255 && found === undefined; n++) if (tableName(n) === value) found = n;
      if (found === undefined) throw new UsageError(`invalid table id "${value}"`);
      selector.table = found;
    }
  }
  return selector;
}

export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const command = args.length === 0 ? 'show' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw unknownCommand(args[0], 'rule');
  if (command === 'add') return runRuleWrite('add', args.slice(1), options);
  if (command === 'delete') return runRuleWrite('del', args.slice(1), options);
  return show(parseRuleSelector(args.slice(1)), options);
};

async function show(selector: { table?: number }, options: GlobalOptions): Promise<number> {
  return withClient(options, async (client) => {
    const rules = await client.rules({ family: familyOf(options) ?? 'inet', ...(selector.table === undefined ? {} : { table: selector.table }) });
    const printer = new ListPrinter(
      options.stdout,
      options.json,
      (r: Rule) => formatRule(r, options.details).json,
      (r: Rule) => formatRule(r, options.details).text,
    );
    for (const rule of rules) await printer.add(rule);
    await printer.end();
    return 0;
  });
}

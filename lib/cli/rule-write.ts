// `linux-netlink rule add|del` with ip's syntax, messages and exit statuses (ip's iprule_modify).
import type { RuleSpec } from '../route/user-specs';
import { ArgReader, UsageError, familyOf, invalidArgument } from './args';
import type { GlobalOptions } from './options';
import { prefixOf, protocolOf, tableOf, u32Of } from './write-values';
import { withWriteSession } from './session';

/** The write commands' part of `rule help`. */
export const WRITE_USAGE = `       linux-netlink rule { add | del } [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ] [ fwmark MARK[/MASK] ]
                             [ iif DEV ] [ oif DEV ] [ pref NUMBER ] [ uidrange START-END ] [ protocol PROTO ]
                             [ suppress_prefixlength N ] [ table TABLE_ID | goto NUMBER | nop | blackhole |
                             unreachable | prohibit ]
`;

const ACTIONS = ['blackhole', 'unreachable', 'prohibit', 'nop'];

/** ip's iprule_modify argument loop. */
export function parseRuleCommand(args: readonly string[], family: 'inet' | 'inet6' | undefined): RuleSpec {
  const reader = new ArgReader(args);
  const spec: RuleSpec = {};
  while (!reader.done) {
    const word = reader.next()!;
    switch (word) {
      case 'not':
        spec.invert = true;
        break;
      case 'from':
      case 'to': {
        const value = reader.need();
        if (value !== 'all') prefixOf(value, family);
        spec[word] = value;
        break;
      }
      case 'preference':
      case 'order':
      case 'priority':
      case 'pref':
        spec.priority = u32Of(reader.need(), 'preference value is invalid\n');
        break;
      case 'tos':
      case 'dsfield':
        spec.tos = u32Of(reader.need(), 'TOS value is invalid\n');
        break;
      case 'fwmark': {
        const value = reader.need();
        const [mark, mask] = value.split('/');
        spec.fwmark = u32Of(mark, 'fwmark value is invalid\n');
        if (mask !== undefined) spec.fwmask = u32Of(mask, 'fwmask value is invalid\n');
        break;
      }
      case 'table':
      case 'lookup':
        spec.table = tableOf(reader.need(), 'invalid table ID\n');
        break;
      case 'suppress_prefixlength':
        spec.suppressPrefixLength = u32Of(reader.need(), 'suppress_prefixlength value is invalid\n');
        break;
      case 'dev':
      case 'iif':
        spec.iif = reader.need();
        break;
      case 'oif':
        spec.oif = reader.need();
        break;
      case 'uidrange': {
        const value = reader.need();
        const match = /^([0-9]+)-([0-9]+)$/.exec(value);
        if (match === null) throw invalidArgument(value, 'invalid UID range\n');
        spec.uidRange = { start: Number(match[1]), end: Number(match[2]) };
        break;
      }
      case 'protocol':
        spec.protocol = protocolOf(reader.need());
        break;
      case 'goto':
        spec.goto = u32Of(reader.need(), 'invalid target\n');
        break;
      default: {
        const action = word === 'type' ? reader.need() : word;
        if (!ACTIONS.includes(action)) throw invalidArgument(action, 'Failed to parse rule type');
        spec.action = action;
      }
    }
  }
  if (family !== undefined) spec.family = family;
  return spec;
}

/** Runs `rule add|del ARGS`. */
export async function runRuleWrite(command: 'add' | 'del', args: readonly string[], options: GlobalOptions): Promise<number> {
  const spec = parseRuleCommand(args, familyOf(options));
  if (command === 'del' && Object.keys(spec).every((k) => k === 'family')) throw new UsageError('Error: Missing parameters, use "rule flush" to delete every rule.', 1);
  return withWriteSession(options, async (session) => {
    if (command === 'add') await session.client.addRule(spec);
    else await session.client.deleteRule(spec);
    return 0;
  });
}

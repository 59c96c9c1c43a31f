// `linux-netlink ynl`: any spec'd family by the names of its spec, with the options and JSON of the kernel's own
// YNL CLI (tools/net/ynl/cli.py), so what works there works here.
import { NewFlags } from '../core/constants';
import { UsageError } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import type * as Ynl from '../genl/ynl';

export const USAGE = `Usage: linux-netlink [-n NETNS] ynl { --family NAME | --spec FILE }
           { --do OP | --dump OP | --subscribe GROUP | --list-ops } [ --json ATTRS ]
           [ --create ] [ --excl ] [ --replace ] [ --append ]
NAME is the spec's name (ethtool, netdev, mptcp_pm, rt-link, nftables, ...; --family help lists them); FILE is
a spec in the kernel's YAML format (needs the 'yaml' package). ATTRS is a JSON object with the spec's attribute
names, as YNL takes it: --json '{"header": {"dev-name": "eth0"}}'.
Prints JSON as YNL's --output-json does: one array for --dump, one object for --do (nothing when the kernel only
acknowledged), one {"name", "msg"} object a line for --subscribe, until interrupted.
`;

interface Parsed {
  family?: string;
  spec?: string;
  do?: string;
  dump?: string;
  subscribe: string[];
  json?: string;
  listOps: boolean;
  flags: number;
}

function parse(args: readonly string[]): Parsed {
  const p: Parsed = { subscribe: [], listOps: false, flags: 0 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`Option "${flag}" needs an argument`);
      return v;
    };
    switch (flag) {
      case '--family':
        p.family = value();
        break;
      case '--spec':
        p.spec = value();
        break;
      case '--do':
        p.do = value();
        break;
      case '--dump':
        p.dump = value();
        break;
      case '--subscribe':
        p.subscribe.push(value());
        break;
      case '--json':
        p.json = value();
        break;
      case '--list-ops':
        p.listOps = true;
        break;
      case '--create':
        p.flags |= NewFlags.Create;
        break;
      case '--excl':
        p.flags |= NewFlags.Excl;
        break;
      case '--replace':
        p.flags |= NewFlags.Replace;
        break;
      case '--append':
        p.flags |= NewFlags.Append;
        break;
      case '--output-json':
      case '--no-schema':
        break; // YNL's; JSON is what this prints anyway, and no schema is checked
      default:
        throw new UsageError(`Option "${arg}" is unknown, try "linux-netlink ynl help".`);
    }
  }
  if (p.family === undefined && p.spec === undefined) throw new UsageError('ynl needs --family NAME or --spec FILE');
  if ([p.do, p.dump].filter((x) => x !== undefined).length > 1) throw new UsageError('give one of --do and --dump');
  if (p.do === undefined && p.dump === undefined && p.subscribe.length === 0 && !p.listOps) {
    throw new UsageError('ynl needs --do OP, --dump OP, --subscribe GROUP or --list-ops');
  }
  return p;
}

function parseAttributes(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--json: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError('--json: expected a JSON object of attributes');
  return v as Record<string, unknown>;
}

export const run: CommandRunner = async (args: string[], options: GlobalOptions): Promise<number> => {
  if (args.length === 0 || args[0] === 'help' || args.includes('--help') || args.includes('-h')) {
    (args.length === 0 ? options.stderr : options.stdout).write(USAGE);
    return args.length === 0 ? 1 : 0;
  }
  const ynl = require('../genl/ynl') as typeof Ynl;
  const p = parse(args);
  if (p.family === 'help') {
    options.stdout.write(`${Object.keys(ynl.FAMILY_MODULES).join('\n')}\n`);
    return 0;
  }
  let description: Ynl.FamilyDescription;
  if (p.spec !== undefined) description = ynl.loadSpec(p.spec);
  else if (ynl.FAMILY_MODULES[p.family!] === undefined) {
    throw new UsageError(`no spec for family "${p.family}" (known: ${Object.keys(ynl.FAMILY_MODULES).join(', ')}); give one with --spec FILE`);
  } else description = ynl.familyDescription(p.family!);
  if (p.listOps) {
    for (const op of description.operations) {
      const modes = [op.do && 'do', op.dump && 'dump', (op.notify || op.event) && 'notification'].filter(Boolean).join(', ');
      options.stdout.write(`${op.name}: ${modes}\n`);
    }
    return 0;
  }
  const client = new ynl.FamilyClient(description, { netns: options.netns });
  try {
    const compiled = client.compiled;
    const opName = p.do ?? p.dump;
    if (opName !== undefined) {
      const op = compiled.operation(opName);
      if (!op) throw new UsageError(`family "${description.name}" has no operation "${opName}" (known: ${description.operations.map((o) => o.name).join(', ')})`);
      const request = ynl.fromSpecNames(compiled, op, parseAttributes(p.json));
      const flags = p.flags || undefined;
      if (p.do !== undefined) {
        const reply = await client.do(op.name, request, { flags, signal: options.signal });
        if (reply !== undefined) options.stdout.write(`${ynl.ynlJson(ynl.toSpecNames(compiled, op, reply))}\n`);
      } else {
        const replies = await client.dump(op.name, request, { flags, signal: options.signal });
        options.stdout.write(`${ynl.ynlJson(replies.map((r) => ynl.toSpecNames(compiled, op, r)))}\n`);
      }
    }
    if (p.subscribe.length > 0) {
      const events = await client.subscribe(p.subscribe);
      options.signal?.addEventListener('abort', () => events.close(), { once: true });
      if (options.signal?.aborted) events.close();
      for await (const e of events) {
        const op = typeof e.name === 'string' ? compiled.operation(e.name) : undefined;
        const msg = op ? ynl.toSpecNames(compiled, op, e.value) : e.value;
        options.stdout.write(`${ynl.ynlJson({ name: e.name, msg })}\n`);
      }
    }
    return 0;
  } finally {
    client.close();
  }
};

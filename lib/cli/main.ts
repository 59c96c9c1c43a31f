// The `linux-netlink` command: global options, then one module per object, with iproute2's syntax.
import { existsSync } from 'fs';
import { NetlinkError } from '../core/errors';
import { strerror } from './strerror';
import { DeviceNotFoundError, type SessionOptions } from './session';
import { UsageError, pickKeyword, type CliOptions, type FamilyOption } from './args';
import type { CommandRunner, GlobalOptions } from './options';
import { run as link } from './link';
import { run as addr } from './addr';
import { run as route } from './route';
import { run as neigh } from './neigh';
import { run as rule } from './rule';
import { run as monitor } from './monitor';
import { runBatch } from './batch';

export const USAGE = `Usage: linux-netlink [OPTIONS] OBJECT [COMMAND [ARGUMENTS]]
OBJECT := { link | address | route | rule | neighbour | nexthop | monitor | uevent | ss | genl | ynl | ncsi | mctp }
OPTIONS := { -n[etns] NAME | -j[son] | -d[etails] | -s[tatistics] | -4 | -6 | -f[amily] { inet | inet6 } |
            -b[atch] FILE | -force | -h[elp] | -V[ersion] }
Objects and commands may be abbreviated as with ip (ip a, ip r s t 100). Try "linux-netlink OBJECT help".
-batch FILE runs one command per line (FILE "-" is standard input), stopping at the first that fails unless -force.
Exit status: as ip's: 0 on success, 1 for most command line errors, 255 for a garbage or missing argument, 2 when
the kernel refuses, 130 when Ctrl-C cuts a listing short (a monitor ends with 0); -batch: 1 when a line failed.
`;

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** The order decides abbreviations, as in ip: `r` is route, `ru` rule, `n` neighbour, `l` link, `m` monitor. */
const OBJECTS = ['address', 'route', 'rule', 'neighbour', 'neighbor', 'link', 'monitor', 'uevent', 'ss', 'genl', 'ynl', 'ncsi', 'nexthop', 'mctp', 'help'] as const;
type ObjectName = (typeof OBJECTS)[number];

function runnerFor(object: ObjectName): CommandRunner {
  switch (object) {
    case 'address':
      return addr;
    case 'route':
      return route;
    case 'rule':
      return rule;
    case 'neighbour':
    case 'neighbor':
      return neigh;
    case 'link':
      return link;
    case 'monitor':
      return monitor;
    case 'uevent':
      // Written alongside the uevent family; loaded only when asked for, so its absence cannot break the rest.
      return (require('./uevent') as { run: CommandRunner }).run;
    case 'ss':
      // Sockets, from the diag family: loaded only when asked for.
      return (require('./ss') as { run: CommandRunner }).run;
    case 'genl':
      return (require('./genl') as { run: CommandRunner }).run;
    case 'ynl':
      return (require('./ynl') as { run: CommandRunner }).run;
    case 'ncsi':
      // Loaded only when asked for: the NCSI spec and its client are of use on a BMC only.
      return (require('./ncsi') as { run: CommandRunner }).run;
    case 'nexthop':
      return (require('./nexthop') as { run: CommandRunner }).run;
    case 'mctp':
      // Loaded only when asked for, like ncsi: MCTP is of use on a BMC only.
      return (require('./mctp') as { run: CommandRunner }).run;
    case 'help':
      return async (_args, options) => {
        options.stdout.write(USAGE);
        return 0;
      };
  }
}

/** Parses the options before OBJECT; returns the options and the remaining arguments. */
export function parseGlobalOptions(argv: readonly string[], io: Io): { options: CliOptions; rest: string[] } | 'help' | 'version' {
  const options: CliOptions = { json: false, details: false, stdout: io.stdout, stderr: io.stderr, signal: io.signal };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '--') {
      i++;
      break;
    }
    const withValue = /^--?(netns|family)=(.*)$/.exec(arg);
    const word = (withValue ? `-${withValue[1]}` : arg).replace(/^--/, '-');
    const value = (): string => {
      if (withValue) return withValue[2];
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`Option "${arg}" needs an argument`);
      return next;
    };
    if (word === '-n' || (word.length > 2 && '-netns'.startsWith(word))) options.netns = value();
    else if (word === '-j' || (word.length > 2 && '-json'.startsWith(word))) options.json = true;
    else if (word === '-d' || (word.length > 2 && '-details'.startsWith(word))) options.details = true;
    else if (word === '-s' || (word.length > 2 && '-statistics'.startsWith(word))) options.stats = (options.stats ?? 0) + 1;
    else if (word === '-4') options.family = 'inet';
    else if (word === '-6') options.family = 'inet6';
    else if (word === '-f' || (word.length > 2 && '-family'.startsWith(word))) options.family = parseFamily(value());
    else if (word === '-b' || (word.length > 2 && '-batch'.startsWith(word))) options.batch = value();
    else if (word === '-force') options.force = true;
    else if (word === '-h' || (word.length > 2 && '-help'.startsWith(word))) return 'help';
    else if (word === '-V' || (word.length > 2 && '-version'.startsWith(word.toLowerCase()))) return 'version';
    else throw new UsageError(`Option "${arg}" is unknown, try "linux-netlink --help".`);
  }
  return { options, rest: argv.slice(i) };
}

function parseFamily(text: string): FamilyOption {
  if (text === 'inet' || text === 'ipv4' || text === '4') return 'inet';
  if (text === 'inet6' || text === 'ipv6' || text === '6') return 'inet6';
  throw new UsageError(`family "${text}" is not supported (use inet or inet6)`);
}

/** Runs one command line; resolves to the exit code. Tests call this with their own streams. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const parsed = parseGlobalOptions(argv, io);
    if (parsed === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (parsed === 'version') {
      io.stdout.write(`linux-netlink ${(require('../../../package.json') as { version: string }).version}\n`);
      return 0;
    }
    const { options, rest } = parsed;
    if (options.batch !== undefined) {
      if (options.netns !== undefined) checkNamespace(options.netns);
      return await runBatch(options.batch, options, runCommand, report);
    }
    if (rest.length === 0) {
      io.stderr.write(USAGE);
      return 1;
    }
    return await runCommand(rest, options);
  } catch (err) {
    return report(err, io.stderr);
  }
}

/** One command after the global options: `OBJECT [COMMAND [ARGUMENTS]]`. */
async function runCommand(words: readonly string[], options: CliOptions): Promise<number> {
  const object = pickKeyword(words[0], OBJECTS);
  if (object === undefined) throw new UsageError(`Object "${words[0]}" is unknown, try "linux-netlink help".`);
  if (options.netns !== undefined && (options as SessionOptions).session === undefined) checkNamespace(options.netns);
  return runnerFor(object)(words.slice(1), options);
}

/** Fails early, as ip does, with a message naming the namespace rather than a socket call. */
function checkNamespace(netns: string): void {
  const path = netns.includes('/') ? netns : `/run/netns/${netns}`;
  if (!existsSync(path)) throw new NamespaceError(`Cannot open network namespace "${netns}": No such file or directory`);
}

class NamespaceError extends Error {}

/** Prints an error the way ip does and returns the exit code. */
export function report(err: unknown, stderr: NodeJS.WritableStream): number {
  if (err instanceof UsageError) {
    stderr.write(`${err.message}\n`);
    return err.status;
  }
  if (err instanceof DeviceNotFoundError) {
    stderr.write(`${err.message}\n`);
    return 1;
  }
  if (err instanceof NetlinkError) {
    // The kernel's extended-ACK text when it gave one, else the errno's description: ip's two forms.
    stderr.write(err.extAck ? `Error: ${err.extAck}.\n` : `RTNETLINK answers: ${strerror(err.errno)}\n`);
    return 2;
  }
  if (err instanceof NamespaceError) {
    stderr.write(`${err.message}\n`);
    return 2;
  }
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).errno === 'number') {
    stderr.write(`linux-netlink: ${err.message}\n`);
    return 2;
  }
  if (err instanceof Error && (err as { code?: string }).code === 'ERR_ROUTE_INPUT') {
    stderr.write(`Error: ${err.message}\n`);
    return 1;
  }
  stderr.write(`linux-netlink: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

/** The bin's entry point: real streams, Ctrl-C ends streaming commands cleanly, exit code in process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  // The reason tells a listing cut short by Ctrl-C (exit 130, like a shell) from one whose reader left (exit 0).
  const onInterrupt = (): void => controller.abort('interrupted');
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  // A reader that goes away (`| head`) ends the output quietly, as with ip.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') controller.abort('output closed');
  });
  try {
    process.exitCode = await run(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

export type { GlobalOptions };

// `linux-netlink ncsi { show | set-interface | clear-interface | send | set-package-mask | set-channel-mask }`: a
// BMC's NC-SI interface, with what OpenBMC's ncsi-netlink tool offers (--info, --set, --clear, --oem-payload,
// --pmask, --cmask) as subcommands.
import { NcsiClient, NcsiCommand, NcsiCommandResult, NcsiPackage, NCSI_COMMAND_NAMES } from '../ncsi';
import { ArgReader, UsageError, matches, parseU32, pickKeyword, wantsHelp } from './args';
import { findLinkIndex, withClient } from './session';
import type { CommandRunner, GlobalOptions } from './options';

export const USAGE = `Usage: linux-netlink ncsi show [ DEV ] [ package P ]
       linux-netlink ncsi set-interface DEV package P [ channel C ]
       linux-netlink ncsi clear-interface DEV
       linux-netlink ncsi send DEV package P channel C COMMAND [ timeout MS ]
       linux-netlink ncsi set-package-mask DEV MASK [ multi ]
       linux-netlink ncsi set-channel-mask DEV package P MASK [ channel C ] [ multi ]
DEV := { dev NAME | ifindex N }   (show defaults to dev eth0)
COMMAND := { get-version-id | get-capabilities | get-link-status | get-parameters |
             oem MANUFACTURER-ID [ HEX ] | raw TYPE [ HEX ] }
show           the packages and channels of an NC-SI interface (ncsi-netlink --info)
set-interface  forces a package, and a channel of it (--set); clear-interface lets go (--clear)
send           sends an NC-SI command to a channel (channel 0x1f: the package) and prints its decoded response
               (--oem-payload); a channel that does not answer prints "timed out", a packet that is not a
               well-formed response "malformed response" with its bytes, and both exit 2
set-*-mask     the packages, or channels of a package, the interface may use (--pmask, --cmask)
With -j the output is JSON.
`;

const COMMANDS = ['show', 'set-interface', 'clear-interface', 'send', 'set-package-mask', 'set-channel-mask', 'help'] as const;
type Command = (typeof COMMANDS)[number];

/** An interface as given on the command line: its name (resolved in the namespace) or its index. */
export type DeviceArgument = { dev: string } | { ifindex: number };

/** What the arguments of one `ncsi` command say. */
export interface NcsiArguments {
  command: Exclude<Command, 'help'>;
  device: DeviceArgument;
  packageId?: number;
  channelId?: number;
  mask?: number;
  multi?: boolean;
  timeout?: number;
  ncsiCommand?: NcsiCommand;
}

function parseHex(text: string): Buffer {
  const clean = text.replace(/^0x/i, '').replace(/[:\s]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(clean)) throw new UsageError(`invalid hex payload "${text}"`);
  return Buffer.from(clean, 'hex');
}

/** Parses the arguments after `ncsi`; throws UsageError with the reason. */
export function parseNcsiArguments(args: readonly string[]): NcsiArguments {
  const reader = new ArgReader(args);
  const word = reader.next() ?? 'show';
  const command = pickKeyword(word, COMMANDS);
  if (command === undefined || command === 'help') throw new UsageError(`Command "${word}" is unknown, try "linux-netlink ncsi help".`);
  const parsed: Partial<NcsiArguments> & { command: NcsiArguments['command'] } = { command };
  while (!reader.done) {
    const arg = reader.next()!;
    if (arg === 'dev') parsed.device = { dev: reader.value('dev') };
    else if (arg === 'ifindex') parsed.device = { ifindex: parseU32(reader.value('ifindex'), 'ifindex') };
    else if (matches(arg, 'package')) parsed.packageId = small(parseU32(reader.value('package'), 'package'), 7, 'package');
    else if (matches(arg, 'channel')) parsed.channelId = small(parseU32(reader.value('channel'), 'channel'), 0x1f, 'channel');
    else if (arg === 'multi' && (command === 'set-package-mask' || command === 'set-channel-mask')) parsed.multi = true;
    else if (arg === 'timeout' && command === 'send') parsed.timeout = parseU32(reader.value('timeout'), 'timeout');
    else if (command === 'send' && parsed.ncsiCommand === undefined && (NCSI_COMMAND_NAMES.includes(arg) || arg === 'raw')) {
      parsed.ncsiCommand = ncsiCommandOf(arg, reader);
    } else if ((command === 'set-package-mask' || command === 'set-channel-mask') && parsed.mask === undefined && /^(0x)?[0-9a-f]+$/i.test(arg)) {
      parsed.mask = parseU32(arg, 'mask');
    } else if (parsed.device === undefined && !/^\d/.test(arg) && command !== 'send') parsed.device = { dev: arg };
    else throw new UsageError(`"${arg}" is unexpected here, try "linux-netlink ncsi help".`);
  }
  if (parsed.device === undefined) {
    if (command !== 'show') throw new UsageError(`ncsi ${command} needs an interface: dev NAME or ifindex N`);
    parsed.device = { dev: 'eth0' };
  }
  if ((command === 'set-interface' || command === 'send' || command === 'set-channel-mask') && parsed.packageId === undefined) {
    throw new UsageError(`ncsi ${command} needs "package P"`);
  }
  if (command === 'send') {
    if (parsed.channelId === undefined) throw new UsageError('ncsi send needs "channel C" (0x1f for the package)');
    if (parsed.ncsiCommand === undefined) throw new UsageError(`ncsi send needs a command: ${[...NCSI_COMMAND_NAMES, 'raw'].join(', ')}`);
  }
  if ((command === 'set-package-mask' || command === 'set-channel-mask') && parsed.mask === undefined) throw new UsageError(`ncsi ${command} needs a MASK`);
  return parsed as NcsiArguments;
}

function small(value: number, max: number, what: string): number {
  if (value > max) throw new UsageError(`invalid ${what} "${value}" (0 to ${max})`);
  return value;
}

function ncsiCommandOf(name: string, reader: ArgReader): NcsiCommand {
  const hexNext = (): Buffer | undefined => (reader.peek() !== undefined && /^(0x)?([0-9a-f]{2}[:]?)+$/i.test(reader.peek()!) && !['timeout', 'package', 'channel'].includes(reader.peek()!) ? parseHex(reader.next()!) : undefined);
  if (name === 'oem') {
    const manufacturerId = parseU32(reader.value('oem'), 'manufacturer id');
    const data = hexNext();
    return data ? { command: 'oem', manufacturerId, data } : { command: 'oem', manufacturerId };
  }
  if (name === 'raw') {
    const type = small(parseU32(reader.value('raw'), 'command type'), 0x7f, 'command type');
    const payload = hexNext();
    return payload ? { command: 'raw', type, payload } : { command: 'raw', type };
  }
  return { command: name } as NcsiCommand;
}

/** Runs `linux-netlink ncsi ...`. */
export const run: CommandRunner = async (args, options) => {
  if (wantsHelp(args)) {
    options.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseNcsiArguments(args);
  const ifindex = await resolveDevice(parsed.device, options);
  const client = NcsiClient.open({ netns: options.netns, timeout: 10000 });
  try {
    switch (parsed.command) {
      case 'show': {
        const packages = await client.packageInfo(ifindex, parsed.packageId);
        options.stdout.write(options.json ? JSON.stringify(packages) + '\n' : formatPackages(packages));
        return 0;
      }
      case 'set-interface':
        await client.setInterface(ifindex, parsed.packageId!, parsed.channelId);
        return 0;
      case 'clear-interface':
        await client.clearInterface(ifindex);
        return 0;
      case 'set-package-mask':
        await client.setPackageMask(ifindex, parsed.mask!, { multi: parsed.multi });
        return 0;
      case 'set-channel-mask':
        await client.setChannelMask(ifindex, parsed.packageId!, parsed.mask!, { channelId: parsed.channelId, multi: parsed.multi });
        return 0;
      case 'send': {
        const result = await client.sendCommand(ifindex, parsed.packageId!, parsed.channelId!, parsed.ncsiCommand!, { timeout: parsed.timeout, signal: options.signal });
        options.stdout.write(options.json ? JSON.stringify(result, jsonBuffers) + '\n' : formatResult(result));
        return result.response ? 0 : 2;
      }
    }
  } finally {
    client.close();
  }
};

async function resolveDevice(device: DeviceArgument, options: GlobalOptions): Promise<number> {
  if ('ifindex' in device) return device.ifindex;
  return withClient(options, async (route) => findLinkIndex(await route.links(), device.dev));
}

/** Buffers as hex strings in JSON output, an error as its message. */
function jsonBuffers(_key: string, value: unknown): unknown {
  if (value instanceof Error) return value.message;
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('hex');
  }
  return value;
}

/** The text form of `ncsi show`. */
export function formatPackages(packages: readonly NcsiPackage[]): string {
  let out = '';
  for (const p of packages) {
    out += `package ${p.id}${p.forced ? ' forced' : ''}\n`;
    for (const c of p.channels) {
      const flags = [c.active ? 'active' : 'inactive', ...(c.forced ? ['forced'] : []), c.linkUp ? 'link up' : 'link down'];
      out += `    channel ${c.id} ${flags.join(' ')} link-state 0x${c.linkState.toString(16)} ncsi ${c.versionMajor}.${c.versionMinor} firmware "${c.version}"`;
      out += c.vlanIds.length ? ` vlan ${c.vlanIds.join(',')}\n` : '\n';
    }
  }
  return out;
}

/** The text form of `ncsi send`. */
export function formatResult(result: NcsiCommandResult): string {
  const where = `package ${result.packageId} channel 0x${result.channelId.toString(16)}`;
  if (result.timedOut) return `${where}: timed out\n`;
  if (!result.response) return `${where}: malformed response (${result.decodeError?.message ?? 'not decoded'})\n    data ${result.data?.toString('hex') ?? ''}\n`;
  const r = result.response;
  let out = `${where}: ${r.command === 'raw' ? `type 0x${r.header.type.toString(16)}` : r.command} ${r.codeName} (reason ${r.reasonName})\n`;
  const typed = 'versionId' in r ? r.versionId : 'capabilities' in r ? r.capabilities : 'linkStatus' in r ? r.linkStatus : 'parameters' in r ? r.parameters : 'oem' in r ? r.oem : undefined;
  if (typed) {
    for (const [key, value] of Object.entries(typed)) {
      const text = Buffer.isBuffer(value) ? value.toString('hex') : typeof value === 'object' ? JSON.stringify(value) : typeof value === 'number' && !/Count|Id$|major|minor/.test(key) ? `${value} (0x${value.toString(16)})` : String(value);
      out += `    ${key} ${text}\n`;
    }
  } else if (r.payload.length) out += `    payload ${r.payload.toString('hex')}\n`;
  return out;
}

// `linux-netlink address add|change|replace|del|flush` with ip's syntax, messages and exit statuses.
import type { AddressSpec } from '../route/user-specs';
import type { Address } from '../route/messages/address';
import { ArgReader, UsageError, familyOf, garbage } from './args';
import type { GlobalOptions } from './options';
import { addressOf, lifetimeOf, prefixOf, scopeNumberOf, scopeOf, u32Of, type WantedFamily } from './write-values';
import { withWriteSession } from './session';
import { parseIPv4Fast } from '../route/inputs';

/** The write commands' part of `address help`. */
export const WRITE_USAGE = `       linux-netlink address { add | change | replace | del } IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]
       linux-netlink address flush { dev IFNAME | ... } [ scope SCOPE ] [ label PATTERN ]
IFADDR := PREFIX | ADDR peer PREFIX [ broadcast ADDR | brd + | brd - ] [ label IFNAME ] [ scope SCOPE ] [ metric N ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]    LFT := { forever | SECONDS }
CONFFLAG-LIST := [ home | nodad | optimistic | mngtmpaddr | noprefixroute | autojoin ]...
`;

/** ip's words for IFA_F_* flags → the library's names. */
const FLAG_WORDS: Record<string, string> = {
  home: 'homeaddress',
  nodad: 'nodad',
  optimistic: 'optimistic',
  mngtmpaddr: 'managetempaddr',
  noprefixroute: 'noprefixroute',
  autojoin: 'mcautojoin',
};

/** What `address add ...` says, before device names are resolved. */
export interface AddressCommand {
  /** The address as the library takes it, but for the device. */
  spec: Omit<AddressSpec, 'link'>;
  /** The device's name (`dev NAME`). */
  dev?: string;
  /** `brd +` or `brd -`: computed from the prefix, as ip does. */
  broadcastFrom?: '+' | '-';
}

/** ip's ipaddr_modify argument loop. */
export function parseAddressCommand(args: readonly string[], family: WantedFamily): AddressCommand {
  const reader = new ArgReader(args);
  let local: string | undefined;
  const command: AddressCommand = { spec: { address: '' } };
  const spec = command.spec;
  const flags: string[] = [];
  while (!reader.done) {
    const word = reader.next()!;
    switch (word) {
      case 'peer':
      case 'remote': {
        const value = reader.need();
        prefixOf(value, family);
        spec.peer = value;
        break;
      }
      case 'broadcast':
      case 'brd': {
        const value = reader.need();
        if (value === '+' || value === '-') command.broadcastFrom = value;
        else spec.broadcast = addressOf(value, family);
        break;
      }
      case 'scope':
        spec.scope = scopeOf(reader.need(), 'invalid scope value.');
        break;
      case 'dev':
        command.dev = reader.need();
        break;
      case 'label':
        spec.label = reader.need();
        break;
      case 'metric':
      case 'priority':
      case 'preference':
        spec.metric = u32Of(reader.need(), 'metric value');
        break;
      case 'valid_lft':
        spec.validLifetime = lifetimeOf(reader.need(), 'valid_lft');
        break;
      case 'preferred_lft':
        spec.preferredLifetime = lifetimeOf(reader.need(), 'preferred_lft');
        break;
      default: {
        const flag = FLAG_WORDS[word];
        if (flag !== undefined) {
          flags.push(flag);
          break;
        }
        const value = word === 'local' ? reader.need() : word;
        if (local !== undefined) throw garbage('local', value);
        local = value;
        prefixOf(local, family);
      }
    }
  }
  if (local !== undefined) spec.address = local;
  if (flags.length > 0) spec.flags = flags;
  return command;
}

/** `brd +` (all host bits set) or `brd -` (all clear) for an IPv4 prefix. */
function computedBroadcast(prefix: string, how: '+' | '-'): string | undefined {
  const [address, lengthText] = prefix.split('/');
  const bytes = parseIPv4Fast(address);
  const length = lengthText === undefined ? 32 : Number(lengthText);
  if (bytes === undefined || length >= 31) return undefined;
  const value = bytes.readUInt32BE(0);
  const host = length === 0 ? 0xffffffff : (1 << (32 - length)) - 1;
  const out = Buffer.alloc(4);
  out.writeUInt32BE((how === '+' ? value | host : value & ~host) >>> 0);
  return out.join('.');
}

/** Runs `address add|change|replace|del ARGS`. */
export async function runAddressWrite(command: 'add' | 'change' | 'replace' | 'del', args: readonly string[], options: GlobalOptions): Promise<number> {
  const parsed = parseAddressCommand(args, familyOf(options));
  if (parsed.dev === undefined) throw new UsageError('Not enough information: "dev" argument is required.', 1);
  const dev = parsed.dev;
  if (parsed.spec.label !== undefined && !parsed.spec.label.startsWith(dev)) {
    throw new UsageError(`"label" (${parsed.spec.label}) must match "dev" (${dev}) or be prefixed by "dev" with a colon.`, 1);
  }
  const valid = parsed.spec.validLifetime;
  const preferred = parsed.spec.preferredLifetime;
  if (typeof valid === 'number' && (preferred === 'forever' || (typeof preferred === 'number' && preferred > valid))) {
    throw new UsageError('preferred_lft is greater than valid_lft', 1);
  }
  if (parsed.spec.address === '') throw new UsageError('Not enough information: "local" argument is required.', 1);
  return withWriteSession(options, async (session) => {
    const spec: AddressSpec = { ...parsed.spec, link: await session.devices.index(dev) };
    if (parsed.broadcastFrom !== undefined && command !== 'del') {
      const broadcast = computedBroadcast(spec.peer ?? spec.address, parsed.broadcastFrom);
      if (broadcast !== undefined) spec.broadcast = broadcast;
    }
    if (command === 'del') await session.client.deleteAddress(spec);
    else if (command === 'add') await session.client.addAddress(spec);
    else await session.client.addAddress(spec, { mode: 'replace' });
    return 0;
  });
}

/** `address flush dev X [scope S] [label L]`: deletes each address the selection matches. */
export async function runAddressFlush(args: readonly string[], options: GlobalOptions): Promise<number> {
  if (args.length === 0) throw new UsageError('Flush requires arguments.', 1);
  const reader = new ArgReader(args);
  let dev: string | undefined;
  let scope: number | undefined;
  let label: string | undefined;
  while (!reader.done) {
    const word = reader.next()!;
    if (word === 'dev') dev = reader.need();
    else if (word === 'scope') scope = scopeOf(reader.need(), 'invalid "scope"\n');
    else if (word === 'label') label = reader.need();
    else {
      if (dev !== undefined) throw garbage('dev', word);
      dev = word;
    }
  }
  const family = familyOf(options);
  return withWriteSession(options, async (session) => {
    let ifindex: number | undefined;
    if (dev !== undefined) {
      try {
        ifindex = await session.devices.index(dev);
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`Device "${dev}" does not exist.`, 1);
        throw err;
      }
    }
    const addresses = await session.client.addresses({ ...(family === undefined ? {} : { family }), ...(ifindex === undefined ? {} : { link: ifindex }) });
    const chosen = addresses.filter((a: Address) => (scope === undefined || scopeNumberOf(a.scope) === scope) && (label === undefined || a.label === label));
    for (const address of chosen) {
      const spec: AddressSpec = { address: `${address.local ?? address.address}/${address.prefixlen}`, link: address.ifindex };
      if (address.local !== undefined && address.address !== undefined && address.address !== address.local) spec.peer = `${address.address}/${address.prefixlen}`;
      try {
        await session.client.deleteAddress(spec);
      } catch (err) {
        // Deleting a primary address takes its secondaries with it: those are gone already.
        if ((err as { code?: string }).code !== 'EADDRNOTAVAIL') throw err;
      }
    }
    return 0;
  });
}

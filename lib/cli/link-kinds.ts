// What follows `type KIND` in `linux-netlink link add`: one small parser per kind, registered by name, each turning
// the kind's words (ip's syntax) into the LinkSpec fields of that kind. A new kind plugs in with registerLinkKind().
import { isIP } from 'net';
import type { LinkSpec } from '../route/user-specs';
import { ArgReader, UsageError, invalidArgument, matches } from './args';

/**
 * Reads a kind's own arguments (everything after `type KIND`) and returns the LinkSpec fields they set, e.g.
 * `{ vlan: { id: 5 } }`. `common` parses ip's link options (`name`, `mtu`, `address`, `netns`, ...) for kinds that
 * nest a link, as veth's `peer` does. Mistakes throw a UsageError with ip's text and exit status.
 */
export type LinkKindParser = (args: ArgReader, common: CommonLinkParser) => Partial<LinkSpec>;

/** ip's link option parser, lent to kind parsers that describe a second link (veth's peer). */
export type CommonLinkParser = (args: ArgReader) => LinkOptions;

/** The options every link takes (`ip link add NAME [mtu N] [address LLADDR] ...`), as parsed for add and set. */
export interface LinkOptions {
  /** The device (`dev NAME` or a bare word): the link to change, or the new link's name. */
  dev?: string;
  /** `name NAME`: the new link's name, or the new name of the link set. */
  name?: string;
  /** `up` (true) or `down` (false). */
  up?: boolean;
  /** `mtu N`. */
  mtu?: number;
  /** `address LLADDR`. */
  address?: string;
  /** `broadcast LLADDR`. */
  broadcast?: string;
  /** `txqueuelen N`. */
  txqlen?: number;
  /** `master DEVICE`, or null for `nomaster`. */
  master?: string | null;
  /** `link DEVICE`: the parent of a macvlan or vlan. */
  link?: string;
  /** `netns NAME` or `netns PID`. */
  netns?: string | { pid: number };
  /** `alias TEXT`. */
  alias?: string;
  /** `type KIND`. */
  kind?: string;
  /** The words after `type KIND`, for the kind's parser. */
  kindArgs?: string[];
}

const parsers = new Map<string, LinkKindParser>();

/** Registers the parser of a kind's options (one per kind; registering again replaces it). */
export function registerLinkKind(kind: string, parser: LinkKindParser): void {
  parsers.set(kind, parser);
}

/** The LinkSpec fields a kind's arguments set; a kind without a parser takes no arguments. */
export function parseKindArguments(kind: string, args: readonly string[], common: CommonLinkParser): Partial<LinkSpec> {
  const parser = parsers.get(kind);
  if (parser !== undefined) return parser(new ArgReader(args), common);
  if (args.length > 0) throw new UsageError(`Garbage instead of arguments "${args.join(' ')}". Try "linux-netlink link help".`, 255);
  return {};
}

/** An unsigned number in decimal or 0x hex no larger than `max`; ip's invarg text otherwise. */
export function kindNumber(text: string, max: number, why: string): number {
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) throw invalidArgument(text, why);
  return value;
}

/** A kind's unknown word: ip's `KIND: unknown command "WORD"?` (exit 1). */
export function unknownKindWord(kind: string, word: string): UsageError {
  return new UsageError(`${kind}: unknown command "${word}"?`, 1);
}

function vlanProtocol(text: string): '802.1Q' | '802.1ad' {
  const lower = text.toLowerCase();
  if (lower === '802.1q') return '802.1Q';
  if (lower === '802.1ad') return '802.1ad';
  throw invalidArgument(text, 'invalid vlan_protocol');
}

registerLinkKind('veth', (args, common) => {
  if (args.done) return {};
  const word = args.next()!;
  if (!matches(word, 'peer')) throw unknownKindWord('veth', word);
  const options = common(args);
  const name = options.name ?? options.dev;
  if (name === undefined) return {};
  const peer: NonNullable<LinkSpec['peer']> = { name };
  if (options.address !== undefined) peer.address = options.address;
  if (options.mtu !== undefined) peer.mtu = options.mtu;
  if (options.txqlen !== undefined) peer.txqlen = options.txqlen;
  if (options.netns !== undefined) peer.netns = options.netns;
  return { peer };
});

registerLinkKind('bridge', (args) => {
  const bridge: NonNullable<LinkSpec['bridge']> = {};
  const u32 = (key: string): number => kindNumber(args.need(), 0xffffffff, `invalid ${key}`);
  while (!args.done) {
    const word = args.next()!;
    switch (word) {
      case 'forward_delay':
        bridge.forwardDelay = u32(word);
        break;
      case 'hello_time':
        bridge.helloTime = u32(word);
        break;
      case 'max_age':
        bridge.maxAge = u32(word);
        break;
      case 'ageing_time':
        bridge.ageingTime = u32(word);
        break;
      case 'stp_state':
        bridge.stpState = u32(word);
        break;
      case 'priority':
        bridge.priority = kindNumber(args.need(), 0xffff, 'invalid priority');
        break;
      case 'vlan_filtering':
        bridge.vlanFiltering = kindNumber(args.need(), 0xff, 'invalid vlan_filtering') !== 0;
        break;
      case 'vlan_protocol':
        bridge.vlanProtocol = vlanProtocol(args.need());
        break;
      case 'vlan_default_pvid':
        bridge.vlanDefaultPvid = kindNumber(args.need(), 0xffff, 'invalid vlan_default_pvid');
        break;
      case 'mcast_snooping':
        bridge.multicastSnooping = kindNumber(args.need(), 0xff, 'invalid mcast_snooping') !== 0;
        break;
      default:
        throw unknownKindWord('bridge', word);
    }
  }
  return Object.keys(bridge).length === 0 ? {} : { bridge };
});

registerLinkKind('vlan', (args) => {
  let id: number | undefined;
  let protocol: '802.1Q' | '802.1ad' | undefined;
  while (!args.done) {
    const word = args.next()!;
    if (matches(word, 'id')) id = kindNumber(args.need(), 0xffff, 'id is invalid');
    else if (matches(word, 'protocol')) protocol = vlanProtocol(args.need());
    else throw unknownKindWord('vlan', word);
  }
  if (id === undefined) return {};
  return { vlan: protocol === undefined ? { id } : { id, protocol } };
});

registerLinkKind('vxlan', (args) => {
  const vxlan: NonNullable<LinkSpec['vxlan']> = {};
  const address = (text: string): string => {
    if (isIP(text) === 0) throw new UsageError(`Error: any valid address is expected rather than "${text}".`, 1);
    return text;
  };
  while (!args.done) {
    const word = args.next()!;
    if (word === 'id' || word === 'vni') vxlan.id = kindNumber(args.need(), 0xffffff, 'invalid id');
    else if (word === 'local') vxlan.local = address(args.need());
    else if (word === 'remote') vxlan.remote = address(args.need());
    else if (word === 'group') vxlan.group = address(args.need());
    else if (word === 'dstport') vxlan.port = kindNumber(args.need(), 0xffff, 'dstport');
    else if (word === 'dev') vxlan.dev = args.need();
    else if (word === 'ttl' || word === 'hoplimit') vxlan.ttl = kindNumber(args.need(), 255, 'invalid TTL');
    else if (word === 'learning') vxlan.learning = true;
    else if (word === 'nolearning') vxlan.learning = false;
    else throw unknownKindWord('vxlan', word);
  }
  return { vxlan };
});

const MACVLAN_MODES = ['private', 'vepa', 'bridge', 'passthru', 'source'] as const;

function macvlanParser(kind: string): LinkKindParser {
  return (args) => {
    let mode: (typeof MACVLAN_MODES)[number] | undefined;
    while (!args.done) {
      const word = args.next()!;
      if (!matches(word, 'mode')) throw unknownKindWord(kind, word);
      const value = args.need();
      mode = MACVLAN_MODES.find((m) => m === value);
      if (mode === undefined) {
        throw new UsageError(`Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${value}"`, 1);
      }
    }
    return mode === undefined ? {} : { macvlan: { mode } };
  };
}

registerLinkKind('macvlan', macvlanParser('macvlan'));
registerLinkKind('macvtap', macvlanParser('macvtap'));

// A link as `ip [-j] [-d] link show` (and the link part of `ip addr show`) prints it (iproute2's print_linkinfo).
import { LINK_FLAGS, LINK_MODES, LINK_TYPES, OPER_STATES } from '../../route/constants';
import type { Link } from '../../route/messages/link';
import { interfaceName, type FormatContext } from './context';
import { formatLinkKindData, formatLinkSlaveData } from './link-kinds';
import { groupName, linkAddressText, linkFlagNames, linkModeName, linkTypeName, operstateName } from './names';
import { Printed } from './printer';
import { formatLinkStats } from './stats';
import { bitsOf, codeOf } from './values';

const IFF_UP = 0x1;
const IFF_POINTOPOINT = 0x10;

export interface LinkFormatOptions {
  /** `link show` prints linkmode, the IPv6 address generation mode and the alias; `addr show` does not. */
  linkObject: boolean;
  /** `addr show` with -4/-6: ip prints the link/ether line only with -d. */
  familyFiltered?: boolean;
  /** ip monitor leaves out the queue length; show commands print it (default true). */
  showQueue?: boolean;
  deleted?: boolean;
}

type LinkLike = Link & Record<string, unknown>;

/** A link's IFF_* flags as a number. */
export function linkFlagBits(link: Link): number {
  return bitsOf(link.flags, LINK_FLAGS);
}

export function formatLink(link: Link, context: FormatContext, options: LinkFormatOptions): Printed {
  const l = link as LinkLike;
  const out = new Printed();
  const flags = bitsOf(link.flags, LINK_FLAGS);
  if (options.deleted) out.add('deleted', true, 'Deleted ');
  const index = linkIndex(link);
  out.add('ifindex', index, `${index}: `);

  // ip names the lower device ("v0@v1"), or only its index when it lives in another namespace.
  const name = link.ifname ?? `if${index}`;
  let shownName = name;
  // ip's M-DOWN: the lower device in this namespace is not up (an index ip does not know counts as not up).
  let lowerDown = false;
  if (link.link === 0) {
    // IFLA_LINK present but 0: the lower device is gone (a veth whose peer was deleted).
    out.key('link', null);
    shownName = `${name}@NONE`;
  } else if (link.link !== undefined) {
    if (link.linkNetnsid !== undefined) {
      out.key('link_index', link.link);
      shownName = `${name}@if${link.link}`;
    } else {
      const lower = interfaceName(context, link.link);
      out.key('link', lower);
      shownName = `${name}@${lower}`;
      if (context.flags !== undefined) lowerDown = ((context.flags.get(link.link) ?? 0) & IFF_UP) === 0;
    }
  }
  out.add('ifname', name, `${shownName}: `);
  const flagNames = linkFlagNames(flags);
  // ip prints ",M-DOWN" after the flags whatever precedes it.
  out.key('flags', lowerDown ? [...flagNames, 'M-DOWN'] : flagNames).say(`<${flagNames.join(',')}${lowerDown ? ',M-DOWN' : ''}> `);
  if (link.mtu !== undefined) out.add('mtu', link.mtu, `mtu ${link.mtu} `);
  if (link.qdisc !== undefined) out.add('qdisc', link.qdisc, `qdisc ${link.qdisc} `);
  if (link.master !== undefined) {
    const master = interfaceName(context, link.master);
    out.add('master', master, `master ${master} `);
  }
  if (link.operstate !== undefined) {
    const state = operstateName(codeOf(link.operstate, OPER_STATES));
    out.add('operstate', state, `state ${state} `);
  }
  if (options.linkObject && link.linkmode !== undefined) {
    const mode = linkModeName(codeOf(link.linkmode, LINK_MODES));
    out.add('linkmode', mode, `mode ${mode} `);
  }
  if (link.group !== undefined) out.add('group', groupName(link.group), `group ${groupName(link.group)} `);
  if (link.txqlen !== undefined && options.showQueue !== false) out.add('txqlen', link.txqlen, `qlen ${link.txqlen}`);

  if (!options.familyFiltered || context.details) {
    const typeCode = codeOf(link.type as string | number | undefined, LINK_TYPES);
    const type = linkTypeName(typeCode);
    out.add('link_type', type, `\n    link/${type} `);
    if (link.address !== undefined) {
      const address = linkAddressText(link.address, typeCode);
      out.add('address', address, address);
    }
    if (link.broadcast !== undefined) {
      if (flags & IFF_POINTOPOINT) out.say(' peer ').key('link_pointtopoint', true);
      else out.say(' brd ');
      const broadcast = linkAddressText(link.broadcast, typeCode);
      out.add('broadcast', broadcast, broadcast);
    }
    // IFLA_PERM_ADDRESS where it differs from the address (an IPv6 tunnel's random one, a bonded port's own MAC)
    if (link.permAddress !== undefined && link.permAddress !== link.address) {
      const permanent = linkAddressText(link.permAddress, typeCode);
      out.say(' permaddr ');
      out.add('permaddr', permanent, permanent);
    }
  }
  if (link.linkNetnsid !== undefined) out.key('link_netnsid', link.linkNetnsid).say(` link-netnsid ${link.linkNetnsid}`);
  if (link.protoDown) out.add('proto_down', true, ' protodown on ');

  if (context.details) {
    if (link.promiscuity !== undefined) out.add('promiscuity', link.promiscuity, ` promiscuity ${link.promiscuity} `);
    if (l.allmulti !== undefined) out.add('allmulti', l.allmulti, ` allmulti ${l.allmulti} `);
    if (link.minMtu !== undefined) out.add('min_mtu', link.minMtu, `minmtu ${link.minMtu} `);
    if (link.maxMtu !== undefined) out.add('max_mtu', link.maxMtu, `maxmtu ${link.maxMtu} `);
    if (link.linkinfo !== undefined) addLinkinfo(out, link, context);
    if (options.linkObject) addAddressGenerationMode(out, l);
    const counts: Array<[string, string, string]> = [
      ['numTxQueues', 'num_tx_queues', 'numtxqueues'],
      ['numRxQueues', 'num_rx_queues', 'numrxqueues'],
      ['gsoMaxSize', 'gso_max_size', 'gso_max_size'],
      ['gsoMaxSegs', 'gso_max_segs', 'gso_max_segs'],
      ['tsoMaxSize', 'tso_max_size', 'tso_max_size'],
      ['tsoMaxSegs', 'tso_max_segs', 'tso_max_segs'],
      ['groMaxSize', 'gro_max_size', 'gro_max_size'],
      // The reference ip (iproute2 6.1) does not print IFLA_GSO/GRO_IPV4_MAX_SIZE; neither do we.
    ];
    for (const [field, key, text] of counts) {
      if (typeof l[field] === 'number') out.add(key, l[field], `${text} ${l[field]} `);
    }
    if (typeof l.physPortName === 'string') out.add('phys_port_name', l.physPortName, `portname ${l.physPortName} `);
    if (typeof l.parentDevBusName === 'string') out.add('parentbus', l.parentDevBusName, `parentbus ${l.parentDevBusName} `);
    if (typeof l.parentDevName === 'string') out.add('parentdev', l.parentDevName, `parentdev ${l.parentDevName} `);
  }
  if ((options.linkObject || context.details) && link.ifalias !== undefined) {
    out.add('ifalias', link.ifalias, `\n    alias ${link.ifalias}`);
  }
  if (options.linkObject && context.stats && link.stats64 !== undefined) {
    const stats = formatLinkStats(link.stats64, link.carrierChanges, context.stats);
    Object.assign(out.json, stats.json);
    out.say(stats.text);
  }
  const altnames = (l.altnames ?? (l.propList as { altIfname?: string[] } | undefined)?.altIfname) as string[] | undefined;
  if (altnames !== undefined && altnames.length > 0) {
    out.key('altnames', altnames).say(altnames.map((a) => `\n    altname ${a}`).join(''));
  }
  out.say('\n');
  return out;
}

function addLinkinfo(out: Printed, link: Link, context: FormatContext): void {
  const info = link.linkinfo as unknown as { kind?: string; data?: unknown; slaveKind?: string; slaveData?: unknown };
  const json: Record<string, unknown> = {};
  if (info.kind !== undefined) {
    json.info_kind = info.kind;
    out.say(`\n    ${info.kind} `);
    const data = formatLinkKindData(info.kind, info.data, context);
    if (data !== undefined) {
      json.info_data = data.json;
      out.say(data.text);
    }
  }
  if (info.slaveKind !== undefined) {
    json.info_slave_kind = info.slaveKind;
    out.say(`\n    ${info.slaveKind}_slave `);
    const data = formatLinkSlaveData(info.slaveKind, info.slaveData, context);
    if (data !== undefined) {
      json.info_slave_data = data.json;
      out.say(data.text);
    }
  }
  out.key('linkinfo', json);
}

function addAddressGenerationMode(out: Printed, link: LinkLike): void {
  const spec = link.afSpec as { inet6?: { addrGenMode?: string | number } } | undefined;
  const mode = spec?.inet6?.addrGenMode;
  if (mode === undefined) return;
  // ip's names: eui64, none, stable_secret, random.
  const names: Record<string, string> = { eui64: 'eui64', none: 'none', stablePrivacy: 'stable_secret', random: 'random' };
  const byNumber = ['eui64', 'none', 'stable_secret', 'random'];
  const name = typeof mode === 'number' ? byNumber[mode] ?? String(mode) : names[mode] ?? mode;
  out.add('inet6_addr_gen_mode', name, `addrgenmode ${name} `);
}

/**
 * What the kernel says about a link when asked for its IPv6 view (RTM_GETLINK with family AF_INET6, as
 * `ip -6 addr show` asks): the header and these attributes only (inet6_fill_ifinfo).
 */
export function ipv6LinkView(link: Link): Link {
  const view: Record<string, unknown> = { family: link.family, type: link.type, ifindex: link.ifindex, flags: link.flags, change: link.change };
  for (const field of ['ifname', 'address', 'mtu', 'link', 'operstate', 'txqlen'] as const) {
    if (link[field] !== undefined) view[field] = link[field];
  }
  return view as unknown as Link;
}

/** ifi_index. */
export function linkIndex(link: Link): number {
  return link.ifindex;
}

/** Whether ip would call this link up (for `link show up`). */
export function isUp(link: Link): boolean {
  return (bitsOf(link.flags, LINK_FLAGS) & IFF_UP) !== 0;
}

// MCTP objects as CodeConstruct's `mctp` tool prints them (`mctp link|addr|route|neigh`), and with -j as JSON
// objects with the same fields. `net` is the network of the object's link, as mctp looks it up.
import type { Link } from '../../route/messages/link';
import type { MctpAddress, MctpNeighbour, MctpRoute } from '../../route/messages/mctp';
import { Printed } from './printer';
import { linkIndex } from './link';

/** What the MCTP formatters look up: link names and MCTP networks by index. */
export interface MctpContext {
  names: ReadonlyMap<number, string>;
  nets: ReadonlyMap<number, number>;
}

/** The MCTP network of a link (IFLA_AF_SPEC → AF_MCTP → IFLA_MCTP_NET), undefined for a link without MCTP. */
export function mctpNet(link: Link): number | undefined {
  const spec = link.afSpec;
  return spec === undefined || Buffer.isBuffer(spec) ? undefined : spec.mctp?.net;
}

/** Names and MCTP networks of every link. */
export function mctpContext(links: readonly Link[]): MctpContext {
  const names = new Map<number, string>();
  const nets = new Map<number, number>();
  for (const link of links) {
    names.set(linkIndex(link), link.ifname ?? `if${linkIndex(link)}`);
    const net = mctpNet(link);
    if (net !== undefined) nets.set(linkIndex(link), net);
  }
  return { names, nets };
}

/** mctp's physical addresses: colon-separated hex, a one-byte address with 0x to say it is hex, "none" when empty. */
function physicalAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'none';
  return address.includes(':') ? address : `0x${address}`;
}

function linkName(context: MctpContext, index: number | undefined): string {
  // mctp prints "(null)" for an index it does not know; a name that says which index is more use.
  return index === undefined ? 'none' : (context.names.get(index) ?? `if${index}`);
}

/** `dev lo index 1 address 00:00:00:00:00:00 net 1 mtu 65536 up` */
export function formatMctpLink(link: Link): Printed {
  const p = new Printed();
  const up = Array.isArray(link.flags) && link.flags.includes('up');
  p.add('dev', link.ifname ?? null, `dev ${link.ifname ?? '???'}`);
  p.add('index', linkIndex(link), ` index ${linkIndex(link)}`);
  p.add('address', link.address === undefined || link.address === '' ? null : link.address, ` address ${physicalAddress(link.address)}`);
  p.add('net', mctpNet(link) ?? 0, ` net ${mctpNet(link) ?? 0}`);
  p.add('mtu', link.mtu ?? 0, ` mtu ${link.mtu ?? 0}`);
  p.add('state', up ? 'up' : 'down', ` ${up ? 'up' : 'down'}\n`);
  return p;
}

/** `eid 8 net 1 dev lo` */
export function formatMctpAddress(address: MctpAddress, context: MctpContext, options: { deleted?: boolean } = {}): Printed {
  const p = new Printed();
  if (options.deleted) p.say('Deleted ');
  const eid = address.local ?? address.address ?? 0;
  p.add('eid', eid, `eid ${eid}`);
  p.add('net', context.nets.get(address.ifindex ?? 0) ?? 0, ` net ${context.nets.get(address.ifindex ?? 0) ?? 0}`);
  p.add('dev', linkName(context, address.ifindex), ` dev ${linkName(context, address.ifindex)}\n`);
  return p;
}

/** `eid min 8 max 10 net 1 dev mctpserial0 mtu 0` (mtu 0: the link's) */
export function formatMctpRoute(route: MctpRoute, context: MctpContext): Printed {
  const p = new Printed();
  const min = route.dst ?? 0;
  const mtu = route.metrics?.mtu ?? 0;
  p.add('eid_min', min, `eid min ${min}`);
  p.add('eid_max', min + (route.dstLen ?? 0), ` max ${min + (route.dstLen ?? 0)}`);
  p.add('net', context.nets.get(route.oif ?? 0) ?? 0, ` net ${context.nets.get(route.oif ?? 0) ?? 0}`);
  p.add('dev', linkName(context, route.oif), ` dev ${linkName(context, route.oif)}`);
  p.add('mtu', mtu, ` mtu ${mtu}\n`);
  p.key('type', route.type);
  return p;
}

/** `eid 9 net 1 dev lo lladdr 02:00:00:00:00:09` */
export function formatMctpNeighbour(neighbour: MctpNeighbour, context: MctpContext): Printed {
  const p = new Printed();
  const eid = neighbour.dst ?? 0;
  p.add('eid', eid, `eid ${eid}`);
  p.add('net', context.nets.get(neighbour.ifindex ?? 0) ?? 0, ` net ${context.nets.get(neighbour.ifindex ?? 0) ?? 0}`);
  p.add('dev', linkName(context, neighbour.ifindex), ` dev ${linkName(context, neighbour.ifindex)}`);
  p.add('lladdr', neighbour.lladdr ?? null, ` lladdr ${physicalAddress(neighbour.lladdr)}\n`);
  return p;
}

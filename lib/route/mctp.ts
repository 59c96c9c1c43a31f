// What RouteClient's MCTP methods send: the checked inputs of `mctp addr|route|neigh add|del` as AF_MCTP payloads,
// and the dumps that list them. The kernel's MCTP handlers read a header's ifindex and not the IP attributes, take
// no route filter, and, on a kernel without MCTP, rtnetlink answers a dump of family AF_MCTP with every family's
// objects: each list therefore keeps only what the kernel sent as AF_MCTP.
import { checkObject } from '../core/validate';
import type { DumpQuery } from '../core/family';
import { RouteMessageType } from './constants';
import { RouteInputError } from './inputs';
import type { InterfaceRef, SpecResolver } from './user-specs';
import {
  decodeMctpAddress,
  decodeMctpNeighbour,
  decodeMctpRoute,
  encodeMctpAddress,
  encodeMctpNeighbour,
  encodeMctpRoute,
  type MctpAddress,
  type MctpNeighbour,
  type MctpRoute,
} from './messages/mctp';

/** An MCTP endpoint id on a link (`mctp addr add EID dev LINK`). */
export interface MctpAddressSpec {
  /** The endpoint id, 0..255 (the kernel takes unicast ones, 8..254). */
  eid: number;
  /** The link, by name or index. */
  link: InterfaceRef;
}

/** An MCTP route (`mctp route add EID via LINK [mtu MTU]`): EIDs `eid` to `eid + extent` through `link`. */
export interface MctpRouteSpec {
  /** The first EID of the range. */
  eid: number;
  /** How many EIDs follow the first (default 0: a route to one EID). */
  extent?: number;
  /** The link the range is reached through (the kernel refuses loopback links). */
  link: InterfaceRef;
  /** The route's MTU (default: the link's); ignored when deleting. */
  mtu?: number;
}

/** An MCTP neighbour (`mctp neigh add EID dev LINK lladdr ADDR`). */
export interface MctpNeighbourSpec {
  /** The neighbour's EID. */
  eid: number;
  /** The link it is on. */
  link: InterfaceRef;
  /** Its physical address as colon-separated hex, as long as the link's addresses ('' on links without any); ignored when deleting. */
  lladdr?: string;
}

/** What the MCTP lists take: the objects of one link. */
export interface MctpFilter {
  /** The link, by name or index. */
  link?: InterfaceRef;
}

function checkByte(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
    throw new RouteInputError(`${name} must be an integer from 0 to 255, got ${describe(value)}`);
  }
  return value;
}

function checkLink(value: unknown): InterfaceRef {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new RouteInputError(`link must be an interface name or index, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** RTM_NEWADDR / RTM_DELADDR payload of an MCTP address. */
export async function mctpAddressRequest(spec: MctpAddressSpec, resolver: SpecResolver): Promise<Buffer> {
  checkObject(spec, 'spec', false);
  const eid = checkByte(spec.eid, 'eid');
  const ifindex = await resolver.ifindex(checkLink(spec.link));
  return encodeMctpAddress({ family: 'mctp', ifindex, local: eid });
}

/** RTM_NEWROUTE / RTM_DELROUTE payload of an MCTP route (unicast: the only type the kernel takes). */
export async function mctpRouteRequest(spec: MctpRouteSpec, resolver: SpecResolver, action: 'new' | 'del'): Promise<Buffer> {
  checkObject(spec, 'spec', false);
  const eid = checkByte(spec.eid, 'eid');
  const extent = spec.extent === undefined ? 0 : checkByte(spec.extent, 'extent');
  if (eid + extent > 254) throw new RouteInputError(`the EID range ${eid}..${eid + extent} goes past 254`);
  const mtu = spec.mtu;
  if (mtu !== undefined && (typeof mtu !== 'number' || !Number.isInteger(mtu) || mtu < 0 || mtu > 0xffffffff)) {
    throw new RouteInputError(`mtu must be an integer from 0 to 4294967295, got ${describe(mtu)}`);
  }
  const oif = await resolver.ifindex(checkLink(spec.link));
  const route: Partial<MctpRoute> = { family: 'mctp', dstLen: extent, table: 0, type: 'unicast', dst: eid, oif };
  if (action === 'new' && mtu !== undefined) route.metrics = { mtu };
  return encodeMctpRoute(route);
}

/** RTM_NEWNEIGH / RTM_DELNEIGH payload of an MCTP neighbour. */
export async function mctpNeighbourRequest(spec: MctpNeighbourSpec, resolver: SpecResolver, action: 'new' | 'del'): Promise<Buffer> {
  checkObject(spec, 'spec', false);
  const eid = checkByte(spec.eid, 'eid');
  if (action === 'new' && typeof spec.lladdr !== 'string') {
    throw new RouteInputError(`lladdr must be a physical address such as '02:00:00:00:00:01' ('' on links without addresses), got ${describe(spec.lladdr)}`);
  }
  const ifindex = await resolver.ifindex(checkLink(spec.link));
  const neighbour: Partial<MctpNeighbour> = { family: 'mctp', ifindex, dst: eid };
  if (action === 'new') neighbour.lladdr = spec.lladdr;
  return encodeMctpNeighbour(neighbour);
}

async function filterIndex(filter: MctpFilter, resolver: SpecResolver): Promise<number | undefined> {
  checkObject(filter, 'filter');
  return filter.link === undefined ? undefined : resolver.ifindex(checkLink(filter.link));
}

/** The dump of MCTP addresses (of one link: the kernel filters by ifa_index). */
export async function mctpAddressQuery(filter: MctpFilter, resolver: SpecResolver): Promise<DumpQuery<MctpAddress>> {
  const ifindex = await filterIndex(filter, resolver);
  return {
    what: 'MCTP address',
    type: RouteMessageType.GetAddr,
    payload: encodeMctpAddress({ family: 'mctp', ifindex: ifindex ?? 0 }),
    decode: decodeMctpAddress,
    accept: (a) => a.family === 'mctp' && (ifindex === undefined || a.ifindex === ifindex),
  };
}

/** The dump of MCTP routes (the kernel takes no filter: the link is matched here). */
export async function mctpRouteQuery(filter: MctpFilter, resolver: SpecResolver): Promise<DumpQuery<MctpRoute>> {
  const ifindex = await filterIndex(filter, resolver);
  return {
    what: 'MCTP route',
    type: RouteMessageType.GetRoute,
    payload: encodeMctpRoute({ family: 'mctp' }),
    decode: decodeMctpRoute,
    accept: (r) => r.family === 'mctp' && (ifindex === undefined || r.oif === ifindex),
  };
}

/** The dump of MCTP neighbours (of one link: the kernel filters by ndm_ifindex). */
export async function mctpNeighbourQuery(filter: MctpFilter, resolver: SpecResolver): Promise<DumpQuery<MctpNeighbour>> {
  const ifindex = await filterIndex(filter, resolver);
  return {
    what: 'MCTP neighbour',
    type: RouteMessageType.GetNeigh,
    payload: encodeMctpNeighbour({ family: 'mctp', ifindex: ifindex ?? 0 }),
    decode: decodeMctpNeighbour,
    accept: (n) => n.family === 'mctp' && (ifindex === undefined || n.ifindex === ifindex),
  };
}

/** Checks an MCTP network id (`mctp link set LINK network NET`): 1..4294967295, 0 being "any network". */
export function checkMctpNet(net: unknown): number {
  if (typeof net !== 'number' || !Number.isInteger(net) || net < 1 || net > 0xffffffff) {
    throw new RouteInputError(`net must be an integer from 1 to 4294967295, got ${describe(net)}`);
  }
  return net;
}

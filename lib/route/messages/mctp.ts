// MCTP over rtnetlink (family AF_MCTP, net/mctp): local endpoint ids (RTM_*ADDR), routes to EID ranges
// (RTM_*ROUTE) and neighbours (RTM_*NEIGH). A link's MCTP settings (IFLA_AF_SPEC → AF_MCTP) are link.ts's
// mctpLinkData.
//
// The messages reuse the IP headers (ifaddrmsg, rtmsg, ndmsg) but their addresses are one-byte EIDs, and a route's
// rtm_dst_len is not a prefix length but the number of EIDs after the first one (the range is dst..dst+dstLen).
import { messageKind } from '../../core/family';
import { MessageValue, attributeSet, linkLayerAddress, messageSpec, nested, structSpec } from '../../core/spec';
import { RouteMessageType } from '../constants';
import { addressFamily, routeMetrics, rtmsg } from './route';
import { ndmsg } from './neighbour';

/** AF_MCTP. */
export const AF_MCTP = 45;

/** struct ifaddrmsg as MCTP fills it: only the family and the link's index mean something. */
export const mctpIfaddrmsg = structSpec('ifaddrmsg', 8, {
  /** ifa_family: `'mctp'`. */
  family: [0, addressFamily],
  /** ifa_prefixlen: 0. */
  prefixlen: [1, 'u8'],
  /** ifa_flags: 0. */
  flags: [2, 'u8'],
  /** ifa_scope: 0. */
  scope: [3, 'u8'],
  /** ifa_index: the link the EID is on. */
  ifindex: [4, 'u32'],
});

/** IFA_* of an MCTP address: both carry the EID. */
export const mctpAddressAttributes = attributeSet('mctp address', {
  /** IFA_ADDRESS: the EID (the kernel sends it twice; a request may carry either). */
  address: { id: 1, type: 'u8' },
  /** IFA_LOCAL: the local endpoint id (EID). */
  local: { id: 2, type: 'u8' },
});

/** RTM_NEWADDR/DELADDR/GETADDR of family AF_MCTP. */
export const mctpAddressMessage = messageSpec('mctp address', mctpIfaddrmsg, mctpAddressAttributes);

/** RTA_* of an MCTP route. */
export const mctpRouteAttributes = attributeSet('mctp route', {
  /** RTA_DST: the first EID of the range. */
  dst: { id: 1, type: 'u8' },
  /** RTA_OIF: the link the range is reached through. */
  oif: { id: 4, type: 'u32' },
  /** RTA_METRICS: `{ mtu }` (RTAX_MTU; absent or 0: the link's MTU). */
  metrics: { id: 8, type: nested(routeMetrics) },
});

/** RTM_NEWROUTE/DELROUTE/GETROUTE of family AF_MCTP (rtmsg: `dstLen` is the range's extent, not a prefix). */
export const mctpRouteMessage = messageSpec('mctp route', rtmsg, mctpRouteAttributes);

/** NDA_* of an MCTP neighbour. */
export const mctpNeighbourAttributes = attributeSet('mctp neighbour', {
  /** NDA_DST: the neighbour's EID. */
  dst: { id: 1, type: 'u8' },
  /** NDA_LLADDR: its physical address, as long as the link's addresses (empty on links without any). */
  lladdr: { id: 2, type: linkLayerAddress },
});

/** RTM_NEWNEIGH/DELNEIGH/GETNEIGH of family AF_MCTP. */
export const mctpNeighbourMessage = messageSpec('mctp neighbour', ndmsg, mctpNeighbourAttributes);

/** A local MCTP endpoint id on a link (`mctp addr`): `local` (and `address`) is the EID. */
export interface MctpAddress extends MessageValue<typeof mctpAddressMessage> {}
/** The fields an MCTP route message decodes to (struct rtmsg and the RTA_* MCTP uses). */
type MctpRouteFields = MessageValue<typeof mctpRouteMessage>;
/** An MCTP route (`mctp route`): EIDs `dst` to `dst + dstLen` through link `oif`, with an optional MTU. */
export interface MctpRoute extends MctpRouteFields {
  /** rtm_family: `'mctp'` (AF_MCTP, 45). */
  family: MctpRouteFields['family'];
  /** rtm_dst_len: how many EIDs after `dst` the route also covers (a range length, not a prefix length). */
  dstLen: MctpRouteFields['dstLen'];
  /** rtm_src_len: unused by MCTP (0). */
  srcLen: MctpRouteFields['srcLen'];
  /** rtm_tos: unused by MCTP (0). */
  tos: MctpRouteFields['tos'];
  /** rtm_table: the kernel reports RT_TABLE_DEFAULT; MCTP has one table per network. */
  table: MctpRouteFields['table'];
  /** rtm_protocol: who installed the route (`'static'` for routes added by a tool). */
  protocol: MctpRouteFields['protocol'];
  /** rtm_scope: `'link'` for routes MCTP keeps. */
  scope: MctpRouteFields['scope'];
  /** rtm_type: `'local'` for the route to one of our own EIDs, `'unicast'` otherwise. */
  type: MctpRouteFields['type'];
  /** rtm_flags (RTM_F_*): none that MCTP sets today. */
  flags: MctpRouteFields['flags'];
}
/** An MCTP neighbour (`mctp neigh`): EID `dst` has physical address `lladdr` on link `ifindex`. */
export interface MctpNeighbour extends MessageValue<typeof mctpNeighbourMessage> {}

const addressKind = messageKind(mctpAddressMessage, [RouteMessageType.NewAddr, RouteMessageType.DelAddr, RouteMessageType.GetAddr]);
const routeKind = messageKind(mctpRouteMessage, [RouteMessageType.NewRoute, RouteMessageType.DelRoute, RouteMessageType.GetRoute]);
const neighbourKind = messageKind(mctpNeighbourMessage, [RouteMessageType.NewNeigh, RouteMessageType.DelNeigh, RouteMessageType.GetNeigh]);

/** Decodes an AF_MCTP ifaddrmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeMctpAddress: (payload: Buffer, messageType?: number) => MctpAddress = addressKind.decode;
/** Decodes the MCTP address in buf[start, end) (for dump loops). */
export const decodeMctpAddressAt: (buf: Buffer, start: number, end: number) => MctpAddress = addressKind.decodeAt;
/** Encodes an MCTP address as an ifaddrmsg payload. */
export const encodeMctpAddress: (value: Partial<MctpAddress>) => Buffer = addressKind.encode;

/** Decodes an AF_MCTP rtmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeMctpRoute: (payload: Buffer, messageType?: number) => MctpRoute = routeKind.decode;
/** Decodes the MCTP route in buf[start, end) (for dump loops). */
export const decodeMctpRouteAt: (buf: Buffer, start: number, end: number) => MctpRoute = routeKind.decodeAt;
/** Encodes an MCTP route as an rtmsg payload. */
export const encodeMctpRoute: (value: Partial<MctpRoute>) => Buffer = routeKind.encode;

/** Decodes an AF_MCTP ndmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeMctpNeighbour: (payload: Buffer, messageType?: number) => MctpNeighbour = neighbourKind.decode;
/** Decodes the MCTP neighbour in buf[start, end) (for dump loops). */
export const decodeMctpNeighbourAt: (buf: Buffer, start: number, end: number) => MctpNeighbour = neighbourKind.decodeAt;
/** Encodes an MCTP neighbour as an ndmsg payload. */
export const encodeMctpNeighbour: (value: Partial<MctpNeighbour>) => Buffer = neighbourKind.encode;

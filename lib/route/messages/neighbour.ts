// Neighbours: struct ndmsg + NDA_* attributes (RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH), for the ARP/NDP
// tables and bridge forwarding databases.
import { AttributeId, attributeIds, messageKind } from '../../core/family';
import {
  MessageValue,
  attributeSet,
  enumOf,
  flagsOf,
  ipAddress,
  linkLayerAddress,
  messageSpec,
  struct,
  structSpec,
} from '../../core/spec';
import { NEIGHBOUR_EXT_FLAGS, NEIGHBOUR_FLAGS, NEIGHBOUR_STATES, ROUTE_PROTOCOLS, ROUTE_TYPES, RouteMessageType } from '../constants';
import { addressFamily } from './route';

/** struct ndmsg */
export const ndmsg = structSpec('ndmsg', 12, {
  family: [0, addressFamily],
  ifindex: [4, 's32'],
  /** NUD_* states; an empty list is NUD_NONE. */
  state: [8, flagsOf('neighbour state', 'u16', NEIGHBOUR_STATES)],
  flags: [10, flagsOf('neighbour flags', 'u8', NEIGHBOUR_FLAGS)],
  type: [11, enumOf('neighbour type', 'u8', ROUTE_TYPES)],
});

/** struct nda_cacheinfo: ages in clock ticks (hundredths of a second). */
export const ndaCacheinfo = structSpec('nda_cacheinfo', 16, {
  confirmed: [0, 'u32'],
  used: [4, 'u32'],
  updated: [8, 'u32'],
  refcnt: [12, 'u32'],
});

/** NDA_* */
export const neighbourAttributes = attributeSet('neighbour', {
  dst: { id: 1, type: ipAddress },
  lladdr: { id: 2, type: linkLayerAddress },
  cacheinfo: { id: 3, type: struct(ndaCacheinfo) },
  probes: { id: 4, type: 'u32' },
  vlan: { id: 5, type: 'u16' },
  port: { id: 6, type: 'u16be' },
  vni: { id: 7, type: 'u32' },
  /** NDA_IFINDEX: the device a remote (vxlan) forwarding entry goes through; not the entry's own ifindex. */
  remoteIfindex: { id: 8, type: 'u32' },
  master: { id: 9, type: 'u32' },
  linkNetnsid: { id: 10, type: 's32' },
  srcVni: { id: 11, type: 'u32' },
  protocol: { id: 12, type: enumOf('neighbour protocol', 'u8', ROUTE_PROTOCOLS) },
  nhId: { id: 13, type: 'u32' },
  fdbExtAttrs: { id: 14, type: 'binary' },
  flagsExt: { id: 15, type: flagsOf('neighbour extended flags', 'u32', NEIGHBOUR_EXT_FLAGS) },
  ndmStateMask: { id: 16, type: 'u16' },
  ndmFlagsMask: { id: 17, type: 'u8' },
});

/** NDA_* ids, derived from neighbourAttributes (NDA_IFINDEX is its `remoteIfindex`: `ifindex` is the header's). */
export const NeighbourAttribute = attributeIds(neighbourAttributes, { Ifindex: 8 });
export type NeighbourAttribute = AttributeId<typeof NeighbourAttribute>;

/** RTM_NEWNEIGH/DELNEIGH/GETNEIGH: struct ndmsg and the NDA_* attributes. */
export const neighbourMessage = messageSpec('neighbour', ndmsg, neighbourAttributes);

/** A decoded neighbour entry: struct ndmsg and the NDA_* attributes (`ip neigh`, ARP, NDP and FDB entries). */
export interface Neighbour extends MessageValue<typeof neighbourMessage> {}
/** What encodeNeighbour accepts: any subset of a Neighbour's fields. */
export type NeighbourInput = Partial<Neighbour>;

const neighbourKind = messageKind(neighbourMessage, [RouteMessageType.NewNeigh, RouteMessageType.DelNeigh, RouteMessageType.GetNeigh]);

/** Decodes an ndmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeNeighbour: (payload: Buffer, messageType?: number) => Neighbour = neighbourKind.decode;

/** Decodes the neighbour in buf[start, end) without making a view of it first (for dump loops). */
export const decodeNeighbourAt: (buf: Buffer, start: number, end: number) => Neighbour = neighbourKind.decodeAt;

/** Encodes a neighbour as an ndmsg payload. */
export const encodeNeighbour: (neighbour: NeighbourInput) => Buffer = neighbourKind.encode;

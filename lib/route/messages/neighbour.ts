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
  /** ndm_family: `'inet'` (ARP), `'inet6'` (NDP) or `'bridge'` (forwarding database). */
  family: [0, addressFamily],
  /** ndm_ifindex: the index of the link the entry is on. */
  ifindex: [4, 's32'],
  /** NUD_* states; an empty list is NUD_NONE. */
  state: [8, flagsOf('neighbour state', 'u16', NEIGHBOUR_STATES)],
  /** ndm_flags: the NTF_* flags (`'router'`, `'self'`, `'master'`, ...). */
  flags: [10, flagsOf('neighbour flags', 'u8', NEIGHBOUR_FLAGS)],
  /** ndm_type: the type of the address (RTN_*: `'unicast'`, ...). */
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
  /** NDA_DST: the neighbour's network address (IP; the remote VTEP for a vxlan FDB entry). */
  dst: { id: 1, type: ipAddress },
  /** NDA_LLADDR: the neighbour's link-layer (MAC) address. */
  lladdr: { id: 2, type: linkLayerAddress },
  /** NDA_CACHEINFO: when the entry was last confirmed, used and updated, in clock ticks (struct nda_cacheinfo). */
  cacheinfo: { id: 3, type: struct(ndaCacheinfo) },
  /** NDA_PROBES: how many probes were sent. */
  probes: { id: 4, type: 'u32' },
  /** NDA_VLAN: the VLAN of a bridge FDB entry. */
  vlan: { id: 5, type: 'u16' },
  /** NDA_PORT: the UDP port of a vxlan FDB entry's remote. */
  port: { id: 6, type: 'u16be' },
  /** NDA_VNI: the VNI of a vxlan FDB entry's remote. */
  vni: { id: 7, type: 'u32' },
  /** NDA_IFINDEX: the device a remote (vxlan) forwarding entry goes through; not the entry's own ifindex. */
  remoteIfindex: { id: 8, type: 'u32' },
  /** NDA_MASTER: the index of the bridge a FDB entry belongs to. */
  master: { id: 9, type: 'u32' },
  /** NDA_LINK_NETNSID: the namespace id of the link's peer namespace. */
  linkNetnsid: { id: 10, type: 's32' },
  /** NDA_SRC_VNI: the source VNI of a vxlan FDB entry. */
  srcVni: { id: 11, type: 'u32' },
  /** NDA_PROTOCOL: who added the entry (RTPROT_* names). */
  protocol: { id: 12, type: enumOf('neighbour protocol', 'u8', ROUTE_PROTOCOLS) },
  /** NDA_NH_ID: the id of the nexthop object a FDB entry points at. */
  nhId: { id: 13, type: 'u32' },
  /** NDA_FDB_EXT_ATTRS: extended FDB attributes, as sent. */
  fdbExtAttrs: { id: 14, type: 'binary' },
  /** NDA_FLAGS_EXT: the extended NTF_EXT_* flags. */
  flagsExt: { id: 15, type: flagsOf('neighbour extended flags', 'u32', NEIGHBOUR_EXT_FLAGS) },
  /** NDA_NDM_STATE_MASK: which NUD_* states a dump wants (requests only). */
  ndmStateMask: { id: 16, type: 'u16' },
  /** NDA_NDM_FLAGS_MASK: which NTF_* flags a dump wants (requests only). */
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

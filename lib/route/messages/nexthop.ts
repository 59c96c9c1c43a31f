// Nexthop objects: struct nhmsg + NHA_* attributes (RTM_NEWNEXTHOP / RTM_DELNEXTHOP / RTM_GETNEXTHOP, and the
// resilient groups' buckets in RTM_NEWNEXTHOPBUCKET). The kernel has no YAML spec for them (6.12): linux/nexthop.h
// is the source, with the attributes 6.9+ adds (NHA_OP_FLAGS .. NHA_HW_STATS_USED) after those Debian's headers end at.
import { DecodeError, EncodeError } from '../../core/errors';
import { AttributeId, attributeIds, messageKind } from '../../core/family';
import {
  Codec,
  INVALID,
  MessageValue,
  RawAttribute,
  attributeSet,
  enumOf,
  flagsOf,
  ipAddress,
  messageSpec,
  nested,
  reportDecodeError,
  structSpec,
  unsignedInteger,
} from '../../core/spec';
import { ENCAP_TYPES, NEXTHOP_FLAGS, NEXTHOP_GROUP_TYPES, NEXTHOP_OP_FLAGS, ROUTE_PROTOCOLS, ROUTE_SCOPES, RouteMessageType } from '../constants';
import { addressFamily } from './route';

/** struct nhmsg */
export const nhmsg = structSpec('nhmsg', 8, {
  /** nh_family: `'inet'`, `'inet6'`, or `'unspec'` for groups. */
  family: [0, addressFamily],
  /** nh_scope: how far the next hop is (`'link'` for a gateway or device, `'host'` for a blackhole); set by the kernel. */
  scope: [1, enumOf('nexthop scope', 'u8', ROUTE_SCOPES)],
  /** nh_protocol: who installed the nexthop (RTPROT_* names). */
  protocol: [2, enumOf('nexthop protocol', 'u8', ROUTE_PROTOCOLS)],
  /** nh_flags: the RTNH_F_* flags (`'onlink'`, `'dead'`, `'linkdown'`, ...). */
  flags: [4, flagsOf('nexthop flags', 'u32', NEXTHOP_FLAGS)],
});

/** One member of a nexthop group (struct nexthop_grp). */
export interface NexthopGroupMember {
  /** The member nexthop's id. */
  id: number;
  /** 1..256 (1..65536 on kernels with weight_high, 6.12+), as `ip nexthop ... group ID,WEIGHT` counts. */
  weight: number;
}

const NEXTHOP_GRP_SIZE = 8;

/** NHA_GROUP: an array of struct nexthop_grp; the weight is stored minus one, its high byte in weight_high. */
export const nexthopGroup: Codec<NexthopGroupMember[]> = {
  kind: 'codec',
  name: 'nexthop group',
  decode(buf, start, end) {
    if ((end - start) % NEXTHOP_GRP_SIZE !== 0) {
      reportDecodeError(`nexthop group: ${end - start} bytes are not a whole number of 8-byte members`, start);
      return INVALID;
    }
    const members: NexthopGroupMember[] = [];
    for (let off = start; off < end; off += NEXTHOP_GRP_SIZE) {
      members.push({ id: buf.readUInt32LE(off), weight: ((buf[off + 5] << 8) | buf[off + 4]) + 1 });
    }
    return members;
  },
  encode(members) {
    if (!Array.isArray(members)) throw new EncodeError('nexthop group: expected an array of { id, weight }');
    const out = Buffer.alloc(members.length * NEXTHOP_GRP_SIZE);
    members.forEach((m, i) => {
      const what = `group[${i}]`;
      if (typeof m !== 'object' || m === null) throw new EncodeError(`${what}: expected { id, weight }`);
      if (!Number.isInteger(m.id) || m.id < 0 || m.id > 0xffffffff) throw new EncodeError(`${what}.id: ${String(m.id)} is not a u32`);
      const weight = m.weight ?? 1;
      if (!Number.isInteger(weight) || weight < 1 || weight > 65536) throw new EncodeError(`${what}.weight: ${String(weight)} is not in 1..65536`);
      const at = i * NEXTHOP_GRP_SIZE;
      out.writeUInt32LE(m.id, at);
      // weight_high stays 0 up to 256: kernels before 6.12 reject a group whose reserved byte is set.
      out[at + 4] = (weight - 1) & 0xff;
      out[at + 5] = (weight - 1) >> 8;
    });
    return out;
  },
};

/** NHA_RES_GROUP_*: a resilient group's parameters. Timers are clock_t (hundredths of a second). */
export const nexthopResilientGroup = attributeSet('nexthop resilient group', {
  /** NHA_RES_GROUP_BUCKETS: how many buckets the group spreads its members over. */
  buckets: { id: 1, type: 'u16' },
  /** NHA_RES_GROUP_IDLE_TIMER: how long a bucket must be idle before it may move to another member, in ticks. */
  idleTimer: { id: 2, type: 'u32' },
  /** NHA_RES_GROUP_UNBALANCED_TIMER: how long the group may stay unbalanced before buckets move anyway, in ticks (0: forever). */
  unbalancedTimer: { id: 3, type: 'u32' },
  /** NHA_RES_GROUP_UNBALANCED_TIME: how long the group has been unbalanced, in ticks (answers only). */
  unbalancedTime: { id: 4, type: 'u64' },
});

/** NHA_RES_BUCKET_*: one bucket of a resilient group (RTM_NEWNEXTHOPBUCKET), or a bucket dump's filter. */
export const nexthopBucket = attributeSet('nexthop bucket', {
  /** NHA_RES_BUCKET_INDEX: the bucket's index in its group. */
  index: { id: 1, type: 'u16' },
  /** NHA_RES_BUCKET_IDLE_TIME: how long the bucket has been idle, in ticks. */
  idleTime: { id: 2, type: 'u64' },
  /** NHA_RES_BUCKET_NH_ID: the member nexthop the bucket sends to. */
  nhId: { id: 3, type: 'u32' },
});

/** NHA_GROUP_STATS_ENTRY_*: one member's counters (kernel 6.9+). */
export const nexthopGroupStatsEntry = attributeSet('nexthop group stats entry', {
  /** NHA_GROUP_STATS_ENTRY_ID: the member nexthop's id. */
  id: { id: 1, type: 'u32' },
  /** NHA_GROUP_STATS_ENTRY_PACKETS: packets the member forwarded (a u32, or a bigint past 2^32). */
  packets: { id: 2, type: unsignedInteger },
  /** NHA_GROUP_STATS_ENTRY_PACKETS_HW: of those, packets forwarded in hardware. */
  packetsHw: { id: 3, type: unsignedInteger },
});

/** NHA_GROUP_STATS: one NHA_GROUP_STATS_ENTRY per member. */
export const nexthopGroupStats = attributeSet('nexthop group stats', {
  /** NHA_GROUP_STATS_ENTRY: the members' counters, in group order. */
  entry: { id: 1, type: nested(nexthopGroupStatsEntry), multi: true },
});

/** NHA_* */
export const nexthopObjectAttributes = attributeSet('nexthop object', {
  /** NHA_ID: the nexthop's id (0 in a request: the kernel picks one). */
  id: { id: 1, type: 'u32' },
  /** NHA_GROUP: the members of a group, with weights. */
  group: { id: 2, type: nexthopGroup },
  /** NHA_GROUP_TYPE: `'mpath'` (hash-threshold, the default) or `'resilient'`. */
  groupType: { id: 3, type: enumOf('nexthop group type', 'u16', NEXTHOP_GROUP_TYPES) },
  /** NHA_BLACKHOLE: the nexthop drops packets. */
  blackhole: { id: 4, type: 'flag' },
  /** NHA_OIF: the device's index; in a dump request, only nexthops through it. */
  oif: { id: 5, type: 'u32' },
  /** NHA_GATEWAY: the gateway's address (`via`). */
  gateway: { id: 6, type: ipAddress },
  /** NHA_ENCAP_TYPE: the lightweight tunnel encapsulation of `encap` (`'mpls'`, ...). */
  encapType: { id: 7, type: enumOf('encap type', 'u16', ENCAP_TYPES) },
  /** NHA_ENCAP: the encapsulation's attributes, as sent. */
  encap: { id: 8, type: 'binary' },
  /** NHA_GROUPS: in a dump request, only groups. */
  groups: { id: 9, type: 'flag' },
  /** NHA_MASTER: in a dump request, only nexthops through ports of this master (VRF) device. */
  master: { id: 10, type: 'u32' },
  /** NHA_FDB: the nexthop belongs to a bridge FDB (a vxlan remote); in a dump request, only those. */
  fdb: { id: 11, type: 'flag' },
  /** NHA_RES_GROUP: a resilient group's parameters. */
  resGroup: { id: 12, type: nested(nexthopResilientGroup) },
  /** NHA_RES_BUCKET: a bucket (RTM_NEWNEXTHOPBUCKET), or a bucket dump's filter. */
  resBucket: { id: 13, type: nested(nexthopBucket) },
  /** NHA_OP_FLAGS: in a request, what to add to the answer (`'dumpStats'`, ...; kernel 6.9+). */
  opFlags: { id: 14, type: flagsOf('nexthop op flags', 'u32', NEXTHOP_OP_FLAGS) },
  /** NHA_GROUP_STATS: a group's per-member packet counters, when asked for with `opFlags: ['dumpStats']`. */
  groupStats: { id: 15, type: nested(nexthopGroupStats) },
  /** NHA_HW_STATS_ENABLE: whether hardware statistics are collected for the group (kernel 6.10+). */
  hwStatsEnable: { id: 16, type: 'u32' },
  /** NHA_HW_STATS_USED: whether a driver actually collects them. */
  hwStatsUsed: { id: 17, type: 'u32' },
});

/** NHA_* ids, derived from nexthopObjectAttributes. */
export const NexthopObjectAttribute = attributeIds(nexthopObjectAttributes);
export type NexthopObjectAttribute = AttributeId<typeof NexthopObjectAttribute>;

/** RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP (and the bucket messages): struct nhmsg and the NHA_* attributes. */
export const nexthopObjectMessage = messageSpec('nexthop object', nhmsg, nexthopObjectAttributes);

/**
 * A decoded nexthop object (`ip nexthop`): a single next hop (gateway and/or device, or blackhole), or a group of
 * others. Named apart from {@link Nexthop}, one hop of a multipath route.
 */
export interface NexthopObject extends MessageValue<typeof nexthopObjectMessage> {
  /** Attributes this library has no description for, and malformed ones, kept as sent (they re-encode byte for byte). */
  unknownAttributes?: RawAttribute[];
  /** What could not be decoded, if anything: the decoder never throws. */
  decodeErrors?: DecodeError[];
}
/** What encodeNexthopObject accepts: any subset of a NexthopObject's fields. */
export type NexthopObjectInput = Partial<NexthopObject>;

const nexthopObjectKind = messageKind(nexthopObjectMessage, [
  RouteMessageType.NewNexthop,
  RouteMessageType.DelNexthop,
  RouteMessageType.GetNexthop,
  RouteMessageType.NewNexthopBucket,
  RouteMessageType.DelNexthopBucket,
  RouteMessageType.GetNexthopBucket,
]);

/** Decodes an nhmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeNexthopObject: (payload: Buffer, messageType?: number) => NexthopObject = nexthopObjectKind.decode;

/** Decodes the nexthop in buf[start, end) without making a view of it first (for dump loops). */
export const decodeNexthopObjectAt: (buf: Buffer, start: number, end: number) => NexthopObject = nexthopObjectKind.decodeAt;

/** Encodes a nexthop as an nhmsg payload. */
export const encodeNexthopObject: (nexthop: NexthopObjectInput) => Buffer = nexthopObjectKind.encode;

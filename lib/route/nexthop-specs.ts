// What users hand to RouteClient's nexthop calls, in `ip nexthop`'s vocabulary, and its translation into
// encodeNexthopObject's input. Values that cannot be encoded (types, ranges) are RouteInputErrors before anything
// is sent; which attributes may go together is the kernel's to say (its extended-ACK text is clear and current).
import type { NexthopObjectInput } from './messages/nexthop';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS } from './constants';
import { AF_INET, AF_INET6, AF_UNSPEC, addressFamily, Family, familyNumber, RouteInputError } from './inputs';
import { protocolNumber, type InterfaceRef, type SpecResolver } from './user-specs';

/** One member of a nexthop group: its id, or its id and weight (`ip nexthop ... group 1,2/3`). */
export type NexthopGroupMemberSpec =
  | number
  | {
      /** The member nexthop's id. */
      id: number;
      /** 1..256 (1..65536 from 6.12); 1 when absent. */
      weight?: number;
    };

/** `ip nexthop add|replace id ID ...`: a single next hop, a blackhole, or a group of other nexthops. */
export interface NexthopObjectSpec {
  /** The nexthop's id, 1..2^32-1; absent: the kernel picks one. */
  id?: number;
  /** The gateway's address (`via`), IPv4 or IPv6. */
  via?: string;
  /** The link to send through (`dev`). */
  dev?: InterfaceRef;
  /** Pretend the gateway is directly reachable (`onlink`). */
  onlink?: boolean;
  /** Drop the packets (`blackhole`); the kernel takes nothing else with it but `id`, `protocol` and `family`. */
  blackhole?: boolean;
  /** The nexthop belongs to a bridge FDB, a vxlan remote (`fdb`): `via` only, or a group of such nexthops. */
  fdb?: boolean;
  /** The members of a group (`group 1,2/3`): ids, or `{ id, weight }` with weights 1..256 (1..65536 from 6.12). */
  group?: NexthopGroupMemberSpec[];
  /** The group's type: `'mpath'` (hash-threshold, the default) or `'resilient'`. */
  type?: 'mpath' | 'resilient';
  /** A resilient group's parameters (`buckets N idle_timer S unbalanced_timer S`), timers in seconds. */
  resilient?: {
    /** How many buckets the group spreads its members over (the kernel's default: 128). */
    buckets?: number;
    /** Seconds a bucket must be idle before it may move to another member (default 120). */
    idleTimer?: number;
    /** Seconds the group may stay unbalanced before buckets move anyway (0, the default: no limit). */
    unbalancedTimer?: number;
  };
  /** Who installs the nexthop (`proto`): `'static'`, `'zebra'`, ..., or a number; default unspecified. */
  protocol?: string | number;
  /** The family of a device-only or blackhole nexthop (`-6`): IPv4 unless told, as ip chooses. */
  family?: Family;
  /** A lightweight tunnel encapsulation's type (`encap mpls ...`), with its attributes as bytes in `encap`. */
  encapType?: NexthopObjectInput['encapType'];
  /** The encapsulation's attributes, as the kernel takes them (NHA_ENCAP's payload). */
  encap?: Buffer;
  /** Collect hardware statistics for a group (NHA_HW_STATS_ENABLE, kernel 6.10+). */
  hwStats?: boolean;
}

// clock_t ticks per second in NHA_RES_GROUP_*_TIMER (USER_HZ), as `ip nexthop ... idle_timer S` multiplies.
const TICKS_PER_SECOND = 100;

function check(condition: boolean, message: string): void {
  if (!condition) throw new RouteInputError(message);
}

function u32(value: unknown, what: string, min = 0): number {
  check(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 0xffffffff, `${what} must be an integer in ${min}..4294967295, got ${String(value)}`);
  return value as number;
}

function timer(value: unknown, what: string): number {
  // ip's limit: the ticks must fit a u32.
  check(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 0xffffffff / TICKS_PER_SECOND, `${what} must be whole seconds in 0..42949671, got ${String(value)}`);
  return (value as number) * TICKS_PER_SECOND;
}

/** A nexthop's id as calls that take one accept it: an integer 1..2^32-1. */
export function nexthopId(id: unknown, what = 'nexthop id'): number {
  return u32(id, what, 1);
}

/** `ip nexthop add|replace` → NexthopObjectInput, choosing the family as ip does (IPv4 unless an address says otherwise). */
export async function nexthopObjectInput(spec: NexthopObjectSpec, resolver: SpecResolver): Promise<NexthopObjectInput> {
  check(typeof spec === 'object' && spec !== null && !Array.isArray(spec), 'a nexthop is an object');
  const n: NexthopObjectInput = { flags: spec.onlink ? ['onlink'] : [] };
  if (spec.id !== undefined) n.id = nexthopId(spec.id);
  let family = spec.family === undefined ? AF_UNSPEC : familyNumber(spec.family);
  check(family === AF_UNSPEC || family === AF_INET || family === AF_INET6, `a nexthop's family is 'inet' or 'inet6', got ${JSON.stringify(spec.family)}`);
  if (spec.group !== undefined) n.group = groupMembers(spec.group);
  if (spec.type !== undefined) {
    check(spec.type === 'mpath' || spec.type === 'resilient', `a group's type is 'mpath' or 'resilient', got ${JSON.stringify(spec.type)}`);
    n.groupType = spec.type;
  }
  if (spec.resilient !== undefined) n.resGroup = resilientGroup(spec);
  if (spec.hwStats !== undefined) n.hwStatsEnable = spec.hwStats ? 1 : 0;
  if (spec.blackhole) {
    n.blackhole = true;
    if (family === AF_UNSPEC) family = AF_INET;
  }
  if (spec.via !== undefined) {
    check(typeof spec.via === 'string', `via must be an IP address, got ${typeof spec.via}`);
    const viaFamily = addressFamily(spec.via);
    check(family === AF_UNSPEC || family === viaFamily, `address family mismatch: ${spec.via} is not ${ADDRESS_FAMILIES[family as 2 | 10]}`);
    family = viaFamily;
    n.gateway = spec.via;
  }
  if (spec.dev !== undefined) {
    n.oif = await resolver.ifindex(spec.dev);
    if (family === AF_UNSPEC) family = AF_INET;
  }
  if (spec.encapType !== undefined || spec.encap !== undefined) {
    check(spec.encapType !== undefined && Buffer.isBuffer(spec.encap), 'encap needs both encapType and encap (a Buffer of its attributes)');
    n.encapType = spec.encapType;
    n.encap = spec.encap;
  }
  if (spec.fdb) n.fdb = true;
  if (spec.protocol !== undefined) {
    const protocol = protocolNumber(spec.protocol);
    n.protocol = ((ROUTE_PROTOCOLS as Record<number, string>)[protocol] ?? protocol) as NexthopObjectInput['protocol'];
  }
  n.family = (ADDRESS_FAMILIES as Record<number, string>)[family] as NexthopObjectInput['family'];
  return n;
}

function resilientGroup(spec: NexthopObjectSpec): NonNullable<NexthopObjectInput['resGroup']> {
  check(spec.type === 'resilient', "resilient parameters need type 'resilient'");
  const r = spec.resilient;
  check(typeof r === 'object' && r !== null, 'resilient is an object { buckets, idleTimer, unbalancedTimer }');
  const out: NonNullable<NexthopObjectInput['resGroup']> = {};
  if (r!.buckets !== undefined) {
    check(Number.isInteger(r!.buckets) && r!.buckets >= 0 && r!.buckets <= 0xffff, `resilient.buckets must be an integer in 0..65535, got ${String(r!.buckets)}`);
    out.buckets = r!.buckets;
  }
  if (r!.idleTimer !== undefined) out.idleTimer = timer(r!.idleTimer, 'resilient.idleTimer');
  if (r!.unbalancedTimer !== undefined) out.unbalancedTimer = timer(r!.unbalancedTimer, 'resilient.unbalancedTimer');
  return out;
}

function groupMembers(group: unknown): Array<{ id: number; weight: number }> {
  check(Array.isArray(group) && group.length > 0, 'group must be a non-empty array of nexthop ids or { id, weight }');
  return (group as unknown[]).map((m, i) => {
    if (typeof m === 'number') return { id: nexthopId(m, `group[${i}]`), weight: 1 };
    check(typeof m === 'object' && m !== null, `group[${i}] must be a nexthop id or { id, weight }`);
    const member = m as { id?: unknown; weight?: unknown };
    const weight = member.weight ?? 1;
    check(typeof weight === 'number' && Number.isInteger(weight) && weight >= 1 && weight <= 65536, `group[${i}].weight must be an integer in 1..65536, got ${String(member.weight)}`);
    return { id: nexthopId(member.id, `group[${i}].id`), weight: weight as number };
  });
}

// nlctrl, generic netlink's controller: its messages described with the core's spec model, and what a resolved
// family and a policy look like once decoded.
import { spec } from '../core';
import { OP_FLAG_NAMES, POLICY_TYPE_NAMES, PolicyAttributeType } from './constants';

const { attributeSet, flagsOf, indexed, messageSpec, nested, structSpec } = spec;

/** struct genlmsghdr: what follows every generic netlink nlmsghdr. */
export const genlHeader = structSpec('genlmsghdr', 4, { cmd: [0, 'u8'], version: [1, 'u8'], reserved: [2, 'u16'] });

const opFlags = flagsOf('op-flags', 'u32', OP_FLAG_NAMES);

const opAttrs = attributeSet('op-attrs', {
  id: { id: 1, type: 'u32' },
  flags: { id: 2, type: opFlags },
});

const mcastGroupAttrs = attributeSet('mcast-group-attrs', {
  name: { id: 1, type: 'string' },
  id: { id: 2, type: 'u32' },
});

/** nlctrl's attributes (CTRL_ATTR_*). The policy nests are walked by hand (their ids are policy and attribute
 * numbers, not attribute names), so they stay binary here. */
export const ctrlAttrs = attributeSet('ctrl-attrs', {
  familyId: { id: 1, type: 'u16' },
  familyName: { id: 2, type: 'string' },
  version: { id: 3, type: 'u32' },
  hdrsize: { id: 4, type: 'u32' },
  maxattr: { id: 5, type: 'u32' },
  ops: { id: 6, type: indexed(nested(opAttrs)) },
  mcastGroups: { id: 7, type: indexed(nested(mcastGroupAttrs)) },
  policy: { id: 8, type: 'binary' },
  opPolicy: { id: 9, type: 'binary' },
  op: { id: 10, type: 'u32' },
});

/** A whole nlctrl message: the genl header, then ctrl-attrs. */
export const ctrlMessage = messageSpec('nlctrl', genlHeader, ctrlAttrs);

/** A decoded nlctrl message. */
export type CtrlMessage = spec.MessageValue<typeof ctrlMessage>;

/** An operation's capability flag names (CTRL_ATTR_OP_FLAGS). */
export type OpFlag = (typeof OP_FLAG_NAMES)[keyof typeof OP_FLAG_NAMES];

/** One operation a family registered. */
export interface GenlOperation {
  /** The command number. */
  id: number;
  /** 'admin-perm', 'cmd-cap-do', 'cmd-cap-dump', 'cmd-cap-haspol', 'uns-admin-perm' (unnamed bits as numbers). */
  flags: Array<OpFlag | number>;
}

/** A generic netlink family as the controller describes it. */
export interface GenlFamily {
  /** The family's name ('ethtool', 'TASKSTATS': case matters). */
  name: string;
  /** The nlmsg_type to send its requests with; changes when the module that registers it reloads. */
  id: number;
  /** The family's protocol version, sent in each request's genl header; a newer one may accept more. */
  version: number;
  /** Bytes of the family's own header after the genl header (0 for almost all). */
  hdrsize: number;
  /** The highest attribute id the family's (top-level) policy knows: higher ones are rejected or ignored. */
  maxattr: number;
  /** The commands the family registers, with what each allows (do, dump, admin only). */
  operations: GenlOperation[];
  /** Multicast group name → group id (ids can exceed 31). */
  groups: Map<string, number>;
}

/** A decoded CTRL_CMD_NEWFAMILY (a getfamily reply or a notification) as a GenlFamily. */
export function familyFromMessage(m: CtrlMessage): GenlFamily | undefined {
  if (m.familyId === undefined || m.familyName === undefined) return undefined;
  const groups = new Map<string, number>();
  for (const g of m.mcastGroups ?? []) if (g.name !== undefined && g.id !== undefined) groups.set(g.name, g.id);
  return {
    name: m.familyName,
    id: m.familyId,
    version: m.version ?? 0,
    hdrsize: m.hdrsize ?? 0,
    maxattr: m.maxattr ?? 0,
    operations: (m.ops ?? []).filter((o) => o.id !== undefined).map((o) => ({ id: o.id!, flags: o.flags ?? [] })),
    groups,
  };
}

/** What a policy says about one attribute (NL_POLICY_TYPE_ATTR_*); absent members were not reported. */
export interface AttributePolicy {
  /** The type the kernel validates the attribute as; a number for a type newer than this package knows. */
  type: PolicyAttributeType | number;
  /** For integers: the smallest value the kernel accepts. */
  minValue?: bigint;
  /** For integers: the largest value the kernel accepts. */
  maxValue?: bigint;
  /** For strings and binary: the shortest payload in bytes the kernel accepts. */
  minLength?: number;
  /** For strings and binary: the longest payload in bytes the kernel accepts. */
  maxLength?: number;
  /** For nests: the policy (an index into FamilyPolicy.policies) their members follow. */
  policy?: number;
  /** For nests: the highest attribute id of that policy. */
  maxType?: number;
  /** For bitfield32: the bits a request may select. */
  bitfield32Mask?: number;
  /** For unsigned integers: the bits that may be set. */
  mask?: bigint;
}

const policyAttrs = attributeSet('policy-attrs', {
  type: { id: 1, type: 'u32' },
  minValueS: { id: 2, type: 's64' },
  maxValueS: { id: 3, type: 's64' },
  minValueU: { id: 4, type: 'u64' },
  maxValueU: { id: 5, type: 'u64' },
  minLength: { id: 6, type: 'u32' },
  maxLength: { id: 7, type: 'u32' },
  policyIdx: { id: 8, type: 'u32' },
  policyMaxtype: { id: 9, type: 'u32' },
  bitfield32Mask: { id: 10, type: 'u32' },
  // 11 is NL_POLICY_TYPE_ATTR_PAD (6.12's nlctrl.yaml swaps pad and mask; the uapi header is right)
  mask: { id: 12, type: 'u64' },
});

/** policy-attrs as its decoded form. */
export function attributePolicyOf(buf: Buffer): AttributePolicy {
  const p = spec.decodeAttributes(policyAttrs, buf);
  const out: AttributePolicy = { type: p.type === undefined ? 'invalid' : POLICY_TYPE_NAMES[p.type] ?? p.type };
  const min = p.minValueS ?? p.minValueU;
  const max = p.maxValueS ?? p.maxValueU;
  if (min !== undefined) out.minValue = min;
  if (max !== undefined) out.maxValue = max;
  if (p.minLength !== undefined) out.minLength = p.minLength;
  if (p.maxLength !== undefined) out.maxLength = p.maxLength;
  if (p.policyIdx !== undefined) out.policy = p.policyIdx;
  if (p.policyMaxtype !== undefined) out.maxType = p.policyMaxtype;
  if (p.bitfield32Mask !== undefined) out.bitfield32Mask = p.bitfield32Mask;
  if (p.mask !== undefined) out.mask = p.mask;
  return out;
}

/** Which policies an operation's requests are checked against (CTRL_ATTR_OP_POLICY). */
export interface OperationPolicy {
  /** Policy index for `do` requests; absent when the operation has none. */
  do?: number;
  /** Policy index for `dump` requests; absent when the operation has none. */
  dump?: number;
}

/** A family's policies as CTRL_CMD_GETPOLICY reports them. */
export interface FamilyPolicy {
  /** The family the policies belong to, as the reply's header names it. */
  family: GenlFamily;
  /** Command number → its policies. */
  operations: Map<number, OperationPolicy>;
  /** Policy index → attribute id → what the kernel accepts for it. */
  policies: Map<number, Map<number, AttributePolicy>>;
}

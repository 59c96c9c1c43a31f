// Policy routing rules: struct fib_rule_hdr + FRA_* attributes (RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE).
import { AttributeId, attributeIds, messageKind } from '../../core/family';
import {
  MessageValue,
  attributeSet,
  enumOf,
  flagsOf,
  ipAddress,
  messageSpec,
  struct,
  structSpec,
} from '../../core/spec';
import { IP_PROTOCOLS, ROUTE_PROTOCOLS, RULE_ACTIONS, RULE_FLAGS, RouteMessageType } from '../constants';
import { addressFamily, headerTable } from './route';

/** struct fib_rule_hdr */
export const fibRuleHdr = structSpec('fib_rule_hdr', 12, {
  family: [0, addressFamily],
  dstLen: [1, 'u8'],
  srcLen: [2, 'u8'],
  tos: [3, 'u8'],
  table: [4, headerTable],
  action: [7, enumOf('rule action', 'u8', RULE_ACTIONS)],
  flags: [8, flagsOf('rule flags', 'u32', RULE_FLAGS)],
});

/** struct fib_rule_uid_range */
export const fibRuleUidRange = structSpec('fib_rule_uid_range', 8, { start: [0, 'u32'], end: [4, 'u32'] });
/** struct fib_rule_port_range */
export const fibRulePortRange = structSpec('fib_rule_port_range', 4, { start: [0, 'u16'], end: [2, 'u16'] });

/** FRA_* */
export const ruleAttributes = attributeSet('rule', {
  dst: { id: 1, type: ipAddress },
  src: { id: 2, type: ipAddress },
  iifname: { id: 3, type: 'string' },
  goto: { id: 4, type: 'u32' },
  priority: { id: 6, type: 'u32' },
  fwmark: { id: 10, type: 'u32' },
  flow: { id: 11, type: 'u32' },
  /** FRA_TUN_ID: a big-endian 64-bit tunnel id, kept as its 8 bytes. */
  tunId: { id: 12, type: 'binary' },
  /** -1 when not set. */
  suppressIfgroup: { id: 13, type: 's32' },
  /** -1 when not set. */
  suppressPrefixlen: { id: 14, type: 's32' },
  table: { id: 15, type: 'u32' },
  fwmask: { id: 16, type: 'u32' },
  oifname: { id: 17, type: 'string' },
  l3mdev: { id: 19, type: 'u8' },
  uidRange: { id: 20, type: struct(fibRuleUidRange) },
  protocol: { id: 21, type: enumOf('rule protocol', 'u8', ROUTE_PROTOCOLS) },
  ipProto: { id: 22, type: enumOf('IP protocol', 'u8', IP_PROTOCOLS) },
  sportRange: { id: 23, type: struct(fibRulePortRange) },
  dportRange: { id: 24, type: struct(fibRulePortRange) },
  dscp: { id: 25, type: 'u8' },
  flowlabel: { id: 26, type: 'u32be' },
  flowlabelMask: { id: 27, type: 'u32be' },
  sportMask: { id: 28, type: 'u16' },
  dportMask: { id: 29, type: 'u16' },
  dscpMask: { id: 30, type: 'u8' },
});

/** FRA_* ids, derived from ruleAttributes (and FRA_PAD, which it leaves out). */
export const RuleAttribute = attributeIds(ruleAttributes, { Pad: 18 });
export type RuleAttribute = AttributeId<typeof RuleAttribute>;

/** RTM_NEWRULE/DELRULE/GETRULE: struct fib_rule_hdr and the FRA_* attributes. */
export const ruleMessage = messageSpec('rule', fibRuleHdr, ruleAttributes);

/** A decoded rule. `table` is FRA_TABLE when present (tables above 255), else the header's table. */
export interface Rule extends MessageValue<typeof ruleMessage> {}
/** What encodeRule accepts: any subset of a Rule's fields. */
export type RuleInput = Partial<Rule>;

const ruleKind = messageKind(ruleMessage, [RouteMessageType.NewRule, RouteMessageType.DelRule, RouteMessageType.GetRule]);

/** Decodes a fib_rule_hdr payload (never throws; problems are listed in `decodeErrors`). */
export const decodeRule: (payload: Buffer, messageType?: number) => Rule = ruleKind.decode;

/** Decodes the rule in buf[start, end) without making a view of it first (for dump loops). */
export const decodeRuleAt: (buf: Buffer, start: number, end: number) => Rule = ruleKind.decodeAt;

/** Encodes a rule as a fib_rule_hdr payload. */
export const encodeRule: (rule: RuleInput) => Buffer = ruleKind.encode;

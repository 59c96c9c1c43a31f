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
  /** family: `'inet'` or `'inet6'`. */
  family: [0, addressFamily],
  /** dst_len: the prefix length of `dst`. */
  dstLen: [1, 'u8'],
  /** src_len: the prefix length of `src`. */
  srcLen: [2, 'u8'],
  /** tos: the type of service the rule matches (0: any). */
  tos: [3, 'u8'],
  /** The table the rule points at: FRA_TABLE when present (tables above 255), else the header's. */
  table: [4, headerTable],
  /** action: what the rule does (`'toTbl'`: look in `table`, `'goto'`, `'blackhole'`, `'unreachable'`, ...). */
  action: [7, enumOf('rule action', 'u8', RULE_ACTIONS)],
  /** flags: the FIB_RULE_* flags (`'invert'`: `not` in `ip rule`, ...). */
  flags: [8, flagsOf('rule flags', 'u32', RULE_FLAGS)],
});

/** struct fib_rule_uid_range */
export const fibRuleUidRange = structSpec('fib_rule_uid_range', 8, { start: [0, 'u32'], end: [4, 'u32'] });
/** struct fib_rule_port_range */
export const fibRulePortRange = structSpec('fib_rule_port_range', 4, { start: [0, 'u16'], end: [2, 'u16'] });

/** FRA_* */
export const ruleAttributes = attributeSet('rule', {
  /** FRA_DST: the destination prefix's address (with `dstLen`). */
  dst: { id: 1, type: ipAddress },
  /** FRA_SRC: the source prefix's address (with `srcLen`). */
  src: { id: 2, type: ipAddress },
  /** FRA_IIFNAME: the input interface the rule matches (`iif`). */
  iifname: { id: 3, type: 'string' },
  /** FRA_GOTO: the priority of the rule a `'goto'` rule jumps to. */
  goto: { id: 4, type: 'u32' },
  /** FRA_PRIORITY: the rule's priority (`pref`): lower runs first. */
  priority: { id: 6, type: 'u32' },
  /** FRA_FWMARK: the firewall mark the rule matches. */
  fwmark: { id: 10, type: 'u32' },
  /** FRA_FLOW: the realm the rule matches (`realms`). */
  flow: { id: 11, type: 'u32' },
  /** FRA_TUN_ID: a big-endian 64-bit tunnel id, kept as its 8 bytes. */
  tunId: { id: 12, type: 'binary' },
  /** -1 when not set. */
  suppressIfgroup: { id: 13, type: 's32' },
  /** -1 when not set. */
  suppressPrefixlen: { id: 14, type: 's32' },
  table: { id: 15, type: 'u32' },
  /** FRA_FWMASK: the mask applied to the mark before comparing it with `fwmark`. */
  fwmask: { id: 16, type: 'u32' },
  /** FRA_OIFNAME: the output interface the rule matches (`oif`). */
  oifname: { id: 17, type: 'string' },
  /** FRA_L3MDEV: 1 to look in the table of the packet's L3 master device (VRF). */
  l3mdev: { id: 19, type: 'u8' },
  /** FRA_UID_RANGE: the user ids the rule matches (`uidrange`). */
  uidRange: { id: 20, type: struct(fibRuleUidRange) },
  /** FRA_PROTOCOL: who added the rule (RTPROT_* names). */
  protocol: { id: 21, type: enumOf('rule protocol', 'u8', ROUTE_PROTOCOLS) },
  /** FRA_IP_PROTO: the IP protocol the rule matches (`ipproto`). */
  ipProto: { id: 22, type: enumOf('IP protocol', 'u8', IP_PROTOCOLS) },
  /** FRA_SPORT_RANGE: the source ports the rule matches. */
  sportRange: { id: 23, type: struct(fibRulePortRange) },
  /** FRA_DPORT_RANGE: the destination ports the rule matches. */
  dportRange: { id: 24, type: struct(fibRulePortRange) },
  /** FRA_DSCP: the DSCP the rule matches. */
  dscp: { id: 25, type: 'u8' },
  /** FRA_FLOWLABEL: the IPv6 flow label the rule matches. */
  flowlabel: { id: 26, type: 'u32be' },
  /** FRA_FLOWLABEL_MASK: the mask applied to the flow label before comparing. */
  flowlabelMask: { id: 27, type: 'u32be' },
  /** FRA_SPORT_MASK: the mask applied to the source port before comparing. */
  sportMask: { id: 28, type: 'u16' },
  /** FRA_DPORT_MASK: the mask applied to the destination port before comparing. */
  dportMask: { id: 29, type: 'u16' },
  /** FRA_DSCP_MASK: the mask applied to the DSCP before comparing. */
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

// A routing rule as `ip [-j] rule show` prints it (iproute2's print_rule).
import { ADDRESS_FAMILIES, RULE_ACTIONS, RULE_FLAGS, ROUTE_PROTOCOLS } from '../../route/constants';
import type { Rule } from '../../route/messages/rule';
import { dsfieldName, groupName, hex, protocolName, realmName, routeTypeName, tableName } from './names';
import { Printed } from './printer';
import { bitsOf, codeOf } from './values';

const FIB_RULE_INVERT = 0x2;
const FIB_RULE_UNRESOLVED = 0x4;
const FIB_RULE_IIF_DETACHED = 0x8;
const FIB_RULE_OIF_DETACHED = 0x10;
const FR_ACT_TO_TBL = 1;
const FR_ACT_GOTO = 2;
const FR_ACT_NOP = 3;
const RTN_NAT = 10;
const RTPROT_KERNEL = 2;

export interface RuleFormatOptions {
  deleted?: boolean;
}

export function formatRule(rule: Rule, details: boolean, options: RuleFormatOptions = {}): Printed {
  const out = new Printed();
  const family = codeOf(rule.family, ADDRESS_FAMILIES);
  const hostLen = family === 2 ? 32 : family === 10 ? 128 : -1;
  const flags = bitsOf(rule.flags, RULE_FLAGS);
  if (options.deleted) out.add('deleted', true, 'Deleted ');
  const priority = rule.priority ?? 0;
  out.add('priority', priority, `${priority}:\t`);
  if (flags & FIB_RULE_INVERT) out.add('not', null, 'not ');

  if (rule.src !== undefined) {
    out.add('src', rule.src, `from ${rule.src}`);
    if (rule.srcLen !== hostLen) out.add('srclen', rule.srcLen, `/${rule.srcLen}`);
  } else if (rule.srcLen) {
    out.add('src', '0', 'from 0').add('srclen', rule.srcLen, `/${rule.srcLen}`);
  } else {
    out.add('src', 'all', 'from all');
  }
  if (rule.dst !== undefined) {
    out.add('dst', rule.dst, ` to ${rule.dst}`);
    if (rule.dstLen !== hostLen) out.add('dstlen', rule.dstLen, `/${rule.dstLen}`);
  } else if (rule.dstLen) {
    out.add('dst', '0', ' to 0').add('dstlen', rule.dstLen, `/${rule.dstLen}`);
  }
  if (rule.tos) out.add('tos', dsfieldName(rule.tos), ` tos ${dsfieldName(rule.tos)}`);

  if (rule.fwmark !== undefined || rule.fwmask !== undefined) {
    const mark = rule.fwmark ?? 0;
    const mask = rule.fwmask;
    out.add('fwmark', hex(mark), ` fwmark ${hex(mark)}`);
    if (mask !== undefined && mask !== 0xffffffff) out.add('fwmask', hex(mask), `/${hex(mask)}`);
  }
  if (rule.iifname !== undefined) {
    out.add('iif', rule.iifname, ` iif ${rule.iifname}`);
    if (flags & FIB_RULE_IIF_DETACHED) out.add('iif_detached', null, ' [detached]');
  }
  if (rule.oifname !== undefined) {
    out.add('oif', rule.oifname, ` oif ${rule.oifname}`);
    if (flags & FIB_RULE_OIF_DETACHED) out.add('oif_detached', null, ' [detached]');
  }
  if (rule.l3mdev) out.add('l3mdev', null, ' lookup [l3mdev-table]');
  if (rule.uidRange !== undefined) {
    out.add('uid_start', rule.uidRange.start, ` uidrange ${rule.uidRange.start}`);
    out.add('uid_end', rule.uidRange.end, `-${rule.uidRange.end}`);
  }
  if (rule.tunId !== undefined && rule.tunId.length === 8) {
    const tunId = Number(rule.tunId.readBigUInt64BE(0));
    out.add('tun_id', tunId, ` tun_id ${tunId}`);
  }

  const table = rule.table ?? 0;
  if (table) {
    out.add('table', tableName(table), ` lookup ${tableName(table)}`);
    if (rule.suppressPrefixlen !== undefined && rule.suppressPrefixlen !== -1 && rule.suppressPrefixlen !== 0xffffffff) {
      out.add('suppress_prefixlen', rule.suppressPrefixlen, ` suppress_prefixlength ${rule.suppressPrefixlen}`);
    }
    if (rule.suppressIfgroup !== undefined && rule.suppressIfgroup !== -1 && rule.suppressIfgroup !== 0xffffffff) {
      out.add('suppress_ifgroup', groupName(rule.suppressIfgroup), ` suppress_ifgroup ${groupName(rule.suppressIfgroup)}`);
    }
  }
  if (rule.flow !== undefined) {
    const from = rule.flow >>> 16;
    const to = rule.flow & 0xffff;
    if (from) out.add('flow_from', realmName(from), ` realms ${realmName(from)}/`);
    else out.say(' realms ');
    out.add('flow_to', realmName(to), realmName(to));
  }

  const action = codeOf(rule.action, RULE_ACTIONS);
  if (action === RTN_NAT) {
    out.add('masquerade', null, ' masquerade');
  } else if (action === FR_ACT_GOTO) {
    if (rule.goto !== undefined) out.add('goto', rule.goto, ` goto ${rule.goto}`);
    else out.add('goto', 'none', ' goto none');
    if (flags & FIB_RULE_UNRESOLVED) out.add('unresolved', null, ' [unresolved]');
  } else if (action === FR_ACT_NOP) {
    out.add('nop', null, ' nop');
  } else if (action !== FR_ACT_TO_TBL) {
    out.add('action', routeTypeName(action), ` ${routeTypeName(action)}`);
  }
  if (rule.protocol !== undefined) {
    const protocol = codeOf(rule.protocol, ROUTE_PROTOCOLS);
    if ((protocol !== 0 && protocol !== RTPROT_KERNEL) || details) {
      out.add('protocol', protocolName(protocol), ` proto ${protocolName(protocol)}`);
    }
  }
  out.say('\n');
  return out;
}

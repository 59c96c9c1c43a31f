// A nexthop object as `ip [-j] [-d] nexthop show` prints it (iproute2's __print_nexthop_entry), also the
// `nh_info` that `ip -d route show` adds to a route using one.
import { NEXTHOP_FLAGS, ROUTE_PROTOCOLS, ROUTE_SCOPES } from '../../route/constants';
import type { NexthopObject } from '../../route/messages/nexthop';
import { interfaceName, type FormatContext } from './context';
import { protocolName, scopeName } from './names';
import { Printed } from './printer';
import { addFlags } from './route-flags';
import { bitsOf, codeOf } from './values';

/** clock_t ticks per second (USER_HZ) in the resilient group's timers. */
const USER_HZ = 100;

/** C's %g: six significant digits, trailing zeros dropped (ip prints timers with it, text and JSON alike). */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = x.toExponential(5).split('e');
    const e = Number(exp);
    return `${mantissa.replace(/\.?0+$/, '')}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return x.toFixed(Math.max(0, 5 - exponent)).replace(/\.0+$|(\.\d*?)0+$/, '$1');
}

function seconds(out: Printed, key: string, ticks: number | bigint | undefined): void {
  const value = Number(ticks ?? 0) / USER_HZ;
  const text = formatG(value);
  out.add(key, Number(text), `${key} ${text} `);
}

export interface NexthopFormatOptions {
  /** The nexthop came in an RTM_DELNEXTHOP (monitor). */
  deleted?: boolean;
}

/** One nexthop, without its line's end (ip -d route's nh_info carries on the route's line). */
export function formatNexthopEntry(nh: NexthopObject, context: FormatContext, options: NexthopFormatOptions = {}): Printed {
  const out = new Printed();
  if (options.deleted) out.add('deleted', true, 'Deleted ');
  out.add('id', nh.id ?? 0, `id ${nh.id ?? 0} `);
  if (nh.group !== undefined) {
    const members = nh.group.map((m, i) => {
      out.say(`${i ? '/' : 'group '}${m.id}${m.weight > 1 ? `,${m.weight}` : ''}`);
      return m.weight > 1 ? { id: m.id, weight: m.weight } : { id: m.id };
    });
    if (members.length === 0) out.say('group ');
    out.key('group', members).say(' ');
  }
  if (nh.groupType !== undefined && nh.groupType !== 'mpath') {
    const type = nh.groupType === 'resilient' ? 'resilient' : '<unknown type>';
    out.add('type', type, `type ${type} `);
  }
  if (nh.resGroup !== undefined) {
    const args = new Printed();
    const buckets = nh.resGroup.buckets ?? 0;
    args.add('buckets', buckets, `buckets ${buckets} `);
    seconds(args, 'idle_timer', nh.resGroup.idleTimer);
    seconds(args, 'unbalanced_timer', nh.resGroup.unbalancedTimer);
    seconds(args, 'unbalanced_time', nh.resGroup.unbalancedTime);
    out.key('resilient_args', args.json).say(args.text);
  }
  if (nh.gateway !== undefined) out.key('gateway', nh.gateway).say(`via ${nh.gateway} `);
  if (nh.oif) {
    const dev = interfaceName(context, nh.oif);
    out.add('dev', dev, `dev ${dev} `);
  }
  const scope = codeOf(nh.scope, ROUTE_SCOPES);
  if (scope !== 0 || context.details) out.add('scope', scopeName(scope), `scope ${scopeName(scope)} `);
  if (nh.blackhole) out.add('blackhole', null, 'blackhole ');
  const protocol = codeOf(nh.protocol, ROUTE_PROTOCOLS);
  if (protocol !== 0 || context.details) out.add('protocol', protocolName(protocol), `proto ${protocolName(protocol)} `);
  addFlags(out, bitsOf(nh.flags, NEXTHOP_FLAGS));
  if (nh.fdb) out.add('fdb', null, 'fdb');
  return out;
}

/** One nexthop as a line of `ip nexthop show` (or `ip monitor nexthop`). */
export function formatNexthop(nh: NexthopObject, context: FormatContext, options: NexthopFormatOptions = {}): Printed {
  return formatNexthopEntry(nh, context, options).say('\n');
}

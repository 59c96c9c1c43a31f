// One monitor event as a line: ip monitor's text (with an [OBJECT] prefix when several kinds are followed), or
// with -j one JSON object: "object" and "action" first, then what ip -j prints for the object itself.
import type { ChangeEvent } from '../../route/monitor';
import type { FormatContext } from './context';
import { formatAddress } from './address';
import { formatLink, linkIndex } from './link';
import { formatNeighbour } from './neighbour';
import { formatNexthop } from './nexthop';
import type { Printed } from './printer';
import { formatRoute } from './route';
import { formatRule } from './rule';
import { formatMctpAddress } from './mctp';

const OBJECT_NAMES = { link: 'link', address: 'address', route: 'route', neighbour: 'neigh', rule: 'rule', nexthop: 'nexthop', mctpAddress: 'mctp' } as const;
const PREFIXES = { link: '[LINK]', address: '[ADDR]', route: '[ROUTE]', neighbour: '[NEIGH]', rule: '[RULE]', nexthop: '[NEXTHOP]', mctpAddress: '[MCTP]' } as const;

export interface ChangeFormatOptions {
  json: boolean;
  /** Prefix text lines with the kind of object, as `ip monitor all` does. */
  prefixed: boolean;
}

export function formatChange(event: ChangeEvent, context: FormatContext, options: ChangeFormatOptions): string {
  const deleted = event.action === 'del';
  let printed: Printed;
  let extra: Record<string, unknown> = {};
  switch (event.object) {
    case 'link':
      // JSON as `ip -j link show` prints a link; text as ip monitor does (no mode, no queue length).
      printed = formatLink(event.value, context, { linkObject: true, deleted });
      if (!options.json) printed = formatLink(event.value, context, { linkObject: false, showQueue: false, deleted });
      break;
    case 'address': {
      printed = formatAddress(event.value, { deleted });
      const index = event.value.ifindex;
      const ifname = context.names.get(index) ?? `if${index}`;
      extra = { ifindex: index, ifname };
      printed.text = `${index}: ${ifname}${printed.text.replace(/^Deleted /, '')}`;
      if (deleted) printed.text = `Deleted ${printed.text}`;
      break;
    }
    case 'route':
      printed = formatRoute(event.value, context, { deleted });
      break;
    case 'neighbour':
      printed = formatNeighbour(event.value, context, { deleted });
      break;
    case 'rule':
      printed = formatRule(event.value, context.details, { deleted });
      break;
    case 'nexthop':
      printed = formatNexthop(event.value, context, { deleted });
      break;
    case 'mctpAddress':
      // As `mctp addr` prints it; the network of a link is known when the caller tracks it (context.mctpNets).
      printed = formatMctpAddress(event.value, { names: context.names, nets: context.mctpNets ?? new Map() }, { deleted });
      break;
  }
  if (options.json) {
    return `${JSON.stringify({ object: OBJECT_NAMES[event.object], action: event.action, ...extra, ...printed.json })}\n`;
  }
  return `${options.prefixed ? PREFIXES[event.object] : ''}${printed.text}`;
}

export { linkIndex };

// A neighbour as `ip [-j] neigh show` prints it (iproute2's print_neigh).
import { ADDRESS_FAMILIES, NEIGHBOUR_EXT_FLAGS, NEIGHBOUR_FLAGS, NEIGHBOUR_STATES, ROUTE_PROTOCOLS } from '../../route/constants';
import type { Neighbour } from '../../route/messages/neighbour';
import { interfaceName, type FormatContext } from './context';
import { neighbourStateNames, protocolName } from './names';
import { Printed } from './printer';
import { bitsOf, codeOf } from './values';

const NTF_PROXY = 0x08;
const NTF_EXT_LEARNED = 0x10;
const NTF_OFFLOADED = 0x20;
const NTF_ROUTER = 0x80;
const NTF_EXT_MANAGED = 0x1;
const NUD_NOARP = 0x40;
const AF_BRIDGE = 7;

export interface NeighbourFormatOptions {
  /** The user asked for one device: ip then leaves "dev" out. */
  devFiltered?: boolean;
  deleted?: boolean;
}

/** ip's default selection: every state but NOARP, and no NONE entries, unless proxy or externally learned. */
export function shownByDefault(neighbour: Neighbour): boolean {
  const state = bitsOf(neighbour.state, NEIGHBOUR_STATES);
  const flags = bitsOf(neighbour.flags, NEIGHBOUR_FLAGS);
  const family = codeOf(neighbour.family, ADDRESS_FAMILIES);
  if (family === AF_BRIDGE || flags & (NTF_PROXY | NTF_EXT_LEARNED)) return true;
  return (state & (0xff & ~NUD_NOARP)) !== 0;
}

export function formatNeighbour(neighbour: Neighbour, context: FormatContext, options: NeighbourFormatOptions = {}): Printed {
  const out = new Printed();
  if (options.deleted) out.add('deleted', true, 'Deleted ');
  if (neighbour.dst !== undefined) out.add('dst', neighbour.dst, `${neighbour.dst} `);
  if (!options.devFiltered && neighbour.ifindex) {
    const dev = interfaceName(context, neighbour.ifindex);
    out.add('dev', dev, `dev ${dev} `);
  }
  if (neighbour.lladdr !== undefined) out.add('lladdr', neighbour.lladdr, `lladdr ${neighbour.lladdr} `);
  const flags = bitsOf(neighbour.flags, NEIGHBOUR_FLAGS);
  if (flags & NTF_ROUTER) out.add('router', null, 'router ');
  if (flags & NTF_PROXY) out.add('proxy', null, 'proxy ');
  if (flags & NTF_EXT_LEARNED) out.add('extern_learn', null, 'extern_learn ');
  if (flags & NTF_OFFLOADED) out.add('offload', null, 'offload ');
  if (neighbour.flagsExt !== undefined && bitsOf(neighbour.flagsExt, NEIGHBOUR_EXT_FLAGS) & NTF_EXT_MANAGED) {
    out.add('managed', null, 'managed ');
  }
  if (context.stats) {
    // Ages are in clock ticks (USER_HZ = 100); ip's spacing here is its own ("lladdr X  used 1/2/3probes 0").
    const ci = neighbour.cacheinfo;
    if (ci !== undefined) {
      if (ci.refcnt) out.add('refcnt', ci.refcnt, ` ref ${ci.refcnt}`);
      const used = Math.trunc(ci.used / 100);
      const confirmed = Math.trunc(ci.confirmed / 100);
      const updated = Math.trunc(ci.updated / 100);
      out.add('used', used, ` used ${used}`).add('confirmed', confirmed, `/${confirmed}`).add('updated', updated, `/${updated}`);
    }
    if (neighbour.probes !== undefined) out.add('probes', neighbour.probes, `probes ${neighbour.probes} `);
  }
  const state = bitsOf(neighbour.state, NEIGHBOUR_STATES);
  if (state) {
    const names = neighbourStateNames(state);
    out.key('state', names).say(names.map((n) => `${n} `).join(''));
  }
  if (neighbour.protocol !== undefined) {
    const protocol = codeOf(neighbour.protocol, ROUTE_PROTOCOLS);
    if (protocol) out.add('protocol', protocolName(protocol), `proto ${protocolName(protocol)} `);
  }
  out.say('\n');
  return out;
}

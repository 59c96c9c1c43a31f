// A namespace that iproute2 has just populated keeps changing for a while on its own: bridge ports move to
// forwarding, IPv6 duplicate address detection ends (which adds local routes), link-local addresses and
// multicast routes appear. Tests that compare a dump of ours with a later `ip -j` run wait for that to end, or
// the two would see different objects (on the QEMU guest, seconds apart).
import { SLOWDOWN, TestNetns } from './netns';

interface IpLink {
  ifname: string;
  flags?: string[];
  operstate?: string;
  linkinfo?: { info_slave_kind?: string; info_slave_data?: { state?: string } };
}

/** Everything that changes on its own while a namespace settles, as one comparable string. */
function snapshot(ns: TestNetns): { text: string; busy: string[] } {
  const links = ns.ipJson<IpLink[]>(['-d', 'link', 'show']);
  const addresses = ns.ipJson<Array<{ ifname: string; addr_info?: Array<{ local: string; tentative?: boolean }> }>>(['addr', 'show']);
  // Lifetimes count down every second; they are not what settles.
  const routes = ['-4', '-6'].map((family) => ns.ip([family, 'route', 'show', 'table', 'all']).replace(/ expires \S+/g, ''));
  const busy: string[] = [];
  for (const link of links) {
    const port = link.linkinfo?.info_slave_kind === 'bridge' ? link.linkinfo.info_slave_data?.state : undefined;
    const carrier = (link.flags ?? []).includes('LOWER_UP');
    if (port !== undefined && carrier && port !== 'forwarding' && port !== 'blocking') busy.push(`bridge port ${link.ifname} is ${port}`);
  }
  for (const link of addresses) {
    for (const a of link.addr_info ?? []) if (a.tentative) busy.push(`${a.local} on ${link.ifname} is tentative`);
  }
  const linkStates = links.map((l) => [l.ifname, l.operstate, l.flags, l.linkinfo?.info_slave_data?.state]);
  const addressStates = addresses.map((l) => [l.ifname, (l.addr_info ?? []).map((a) => [a.local, a.tentative])]);
  return { text: JSON.stringify([linkStates, addressStates, routes]), busy };
}

/**
 * Waits until no bridge port with a carrier is on its way to forwarding, no IPv6 address is tentative, and
 * links, addresses and routes stayed the same for `quietMs`. Throws, naming what still moves, after `limitMs`.
 */
export async function waitUntilSettled(ns: TestNetns, { quietMs = 300, limitMs = 20000 } = {}): Promise<void> {
  const deadline = Date.now() + limitMs * SLOWDOWN;
  let previous = '';
  let last = { text: '', busy: ['nothing looked at yet'] };
  while (Date.now() < deadline) {
    last = snapshot(ns);
    if (last.busy.length === 0 && last.text === previous) return;
    previous = last.busy.length === 0 ? last.text : '';
    await new Promise((resolve) => setTimeout(resolve, last.busy.length === 0 ? quietMs : 100));
  }
  throw new Error(`namespace ${ns.name} did not settle within ${(limitMs * SLOWDOWN) / 1000} s: ${last.busy.join(', ') || 'it kept changing'}`);
}

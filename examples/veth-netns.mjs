// A veth pair with addresses in a network namespace of its own, which this program creates and deletes (it
// needs root and iproute2's `ip` for the namespace itself): node examples/veth-netns.mjs
import { execFileSync } from 'child_process';
import { NetlinkError, RouteClient } from 'linux-netlink';

const netns = `lnl-example-${process.pid}`;
execFileSync('ip', ['netns', 'add', netns]);
try {
  const ns = RouteClient.open({ netns });
  try {
    await ns.setLink('lo', { up: true });
    await ns.createLink({ name: 'veth0', kind: 'veth', peer: { name: 'veth1' } });
    await ns.setLink('veth0', { up: true });
    await ns.setLink('veth1', { up: true, mtu: 1400 });
    await ns.addAddress({ link: 'veth0', address: '192.0.2.1/24' });
    await ns.addAddress({ link: 'veth1', address: '192.0.2.2/24' });
    try {
      await ns.addAddress({ link: 'veth0', address: '192.0.2.1/24' });
    } catch (err) {
      // The kernel's refusal, typed: code 'EEXIST', errno 17.
      if (err instanceof NetlinkError) console.log('adding it twice:', err.code, err.errno);
      else throw err;
    }
    for (const link of await ns.links({ kind: 'veth' })) console.log(link.ifname, link.mtu, link.flags.join(','));
    for (const a of await ns.addresses({ family: 'inet' })) console.log(`${a.address}/${a.prefixlen}`, a.label);
    const route = await ns.getRoute('192.0.2.9');
    console.log('192.0.2.9:', route.type, 'dev', (await ns.getLink(route.oif ?? 0)).ifname, 'src', route.prefsrc);
    await ns.deleteLink('veth0'); // takes its peer and their addresses with it
    console.log('veth links left:', (await ns.links({ kind: 'veth' })).length);
  } finally {
    ns.close();
  }
} finally {
  execFileSync('ip', ['netns', 'del', netns]);
}

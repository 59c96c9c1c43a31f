// The IP tunnel kinds (the host kernel has none of them) created by the library from LinkSpec options inside a
// private namespace of the guest kernel, read back, and printed as `ip -d link show` and `ip -j -d link show`
// print them; also the fallback devices (gre0, tunl0, sit0, ...) the tunnel modules create.
// A kind the kernel lacks answers "Unknown device type" (EOPNOTSUPP): that kind skips, naming the reply.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { constants } from 'os';
import { NetlinkError } from '../../lib/core';
import { RouteClient } from '../../lib/route';
import type { Link, LinkSpec } from '../../lib/route';
import { linkDifferences } from '../helpers/ip-link-compare';
import { SLOWDOWN, ipJson as ipJsonIn, withNetns } from '../helpers/netns';
import { skipBecause, skipUnlessGuest } from './guest';

/** Each kind with the options worth checking (the same shapes as the fixture's capture-tunnels.ts). */
const SPECS: LinkSpec[] = [
  { name: 'g1', kind: 'gre', gre: { remote: '192.0.2.1', local: '192.0.2.2', ttl: 64, tos: 0x10, key: 42, csum: true, seq: true, pmtudisc: false, ignoreDf: true, fwmark: 7, dev: 'u0' } },
  { name: 'gt1', kind: 'gretap', gre: { remote: '192.0.2.3', local: '192.0.2.2', ikey: 0x01020304, okey: 5 } },
  { name: 'es1', kind: 'erspan', gre: { remote: '192.0.2.4', local: '192.0.2.2', seq: true, key: 10, erspan: { version: 1, index: 123 } } },
  { name: 'es2', kind: 'erspan', gre: { remote: '192.0.2.5', local: '192.0.2.2', seq: true, key: 11, erspan: { version: 2, direction: 'egress', hwid: 7 } } },
  { name: 'g6', kind: 'ip6gre', gre: { remote: '2001:db8::1', local: '2001:db8::2', ttl: 33, encapLimit: 'none', tclass: 0x20, flowlabel: 0x12345, key: 7, allowLocalRemote: true } },
  { name: 'g6t', kind: 'ip6gretap', gre: { remote: '2001:db8::3', local: '2001:db8::2', tclass: 'inherit', flowlabel: 'inherit', dscpInherit: true, fwmark: 'inherit', encapLimit: 3 } },
  { name: 'e6', kind: 'ip6erspan', gre: { remote: '2001:db8::4', local: '2001:db8::2', seq: true, key: 12, erspan: { version: 2, direction: 'ingress', hwid: 3 } } },
  { name: 'ipip1', kind: 'ipip', ipTunnel: { remote: '198.51.100.1', local: '198.51.100.2', ttl: 10, mode: 'any' } },
  { name: 'sit1', kind: 'sit', ipTunnel: { remote: '198.51.100.3', local: '198.51.100.2', mode: 'ip6ip', tos: 'inherit' } },
  { name: 'sit2', kind: 'sit', ipTunnel: { local: '198.51.100.4', isatap: true } },
  { name: 't6', kind: 'ip6tnl', ipTunnel: { remote: '2001:db8::5', local: '2001:db8::2', mode: 'ip6ip6', ttl: 20, encapLimit: 2, tclass: 0x10, flowlabel: 0x99 } },
  { name: 't6b', kind: 'ip6tnl', ipTunnel: { external: true } },
  { name: 'vt1', kind: 'vti', vti: { remote: '203.0.113.1', local: '203.0.113.2', key: 9 } },
  { name: 'vt6', kind: 'vti6', vti: { remote: '2001:db8::6', local: '2001:db8::2', ikey: 1, okey: 2, fwmark: 5 } },
  { name: 'gn1', kind: 'geneve', geneve: { id: 100, remote: '192.0.2.7', ttl: 5, tos: 'inherit', df: 'set', port: 6082, udpCsum: false } },
  { name: 'gn2', kind: 'geneve', geneve: { id: 101, remote: '2001:db8::7', ttl: 'inherit', flowlabel: 0x55, udp6ZeroCsumTx: true, udp6ZeroCsumRx: true } },
  { name: 'gn3', kind: 'geneve', geneve: { external: true, port: 6083 } }, // not gn2's 6081: one external device per port
  { name: 'bu1', kind: 'bareudp', bareudp: { port: 6635, ethertype: 'mpls_uc', srcportMin: 1000, multiproto: true } },
  { name: 'bu2', kind: 'bareudp', bareudp: { port: 6636, ethertype: 'ip' } },
  { name: 'xf1', kind: 'xfrm', xfrm: { dev: 'u0', ifId: 0x42 } },
];

/** The devices the tunnel modules create in every namespace (their kind: none when a module is absent). */
const FALLBACK_DEVICES = ['gre0', 'gretap0', 'erspan0', 'tunl0', 'sit0', 'ip6tnl0', 'ip6gre0', 'ip_vti0', 'ip6_vti0'];

describe('guest kernel: tunnel link kinds', function () {
  before(function () {
    skipUnlessGuest(this);
  });
  const env = withNetns('q-tun');
  let client: RouteClient;
  /** The kinds the kernel refused as unknown, with its message. */
  const unknownKinds = new Map<string, string>();
  let links: Link[] = [];
  let ipJson: Array<{ ifname: string; linkinfo?: { info_kind?: string } }> = [];
  let ipText = '';

  before(async function () {
    this.timeout(60000 * SLOWDOWN);
    client = RouteClient.open({ netns: env.ns.name });
    await client.createLink({ name: 'u0', kind: 'veth', peer: { name: 'u1' } });
    for (const spec of SPECS) {
      if (unknownKinds.has(spec.kind)) continue;
      try {
        await client.createLink(spec);
      } catch (err) {
        if (!(err instanceof NetlinkError && err.errno === constants.errno.EOPNOTSUPP)) throw err;
        unknownKinds.set(spec.kind, err.message);
      }
    }
    // One read by each side: ip first, then the library, nothing changes between them (every link stays down).
    ipJson = env.ns.ipJson(['-d', 'link', 'show']);
    ipText = env.ns.ip(['-d', 'link', 'show']);
    links = await client.links();
  });
  after(() => client?.close());

  const kinds = [...new Set(SPECS.map((s) => s.kind))];
  for (const kind of kinds) {
    const names = SPECS.filter((s) => s.kind === kind).map((s) => s.name);
    it(`${kind}: made from LinkSpec options, decoded and printed as ip -d and ip -j -d show it (${names.join(', ')})`, function () {
      const unknown = unknownKinds.get(kind);
      if (unknown !== undefined) skipBecause(this, `the kernel answers "${unknown}" for ${kind}`);
      for (const name of names) {
        expect(links.find((l) => l.ifname === name)?.linkinfo?.kind, name).to.equal(kind);
        const data = links.find((l) => l.ifname === name)?.linkinfo?.data;
        expect(Buffer.isBuffer(data) || data === undefined, `${name}: data decoded`).to.equal(false);
      }
      expect(linkDifferences(links, ipJson, ipText, names)).to.deep.equal([]);
    });
  }

  it('the fallback devices the modules create (gre0, tunl0, sit0, ip6tnl0, ...) decode and print as ip shows them', async function () {
    // The guest boots with fb_tunnels_only_for_init_net=2: only the initial namespace has them. Only read there.
    const initJson: Array<{ ifname: string }> = ipJsonIn(['-d', 'link', 'show']);
    const present = FALLBACK_DEVICES.filter((name) => initJson.some((l) => l.ifname === name));
    if (present.length === 0) skipBecause(this, 'this kernel has none of the tunnel modules');
    const initText = execFileSync('ip', ['-d', 'link', 'show'], { encoding: 'utf8' });
    const init = RouteClient.open();
    try {
      const initLinks = await init.links();
      for (const name of present) {
        const link = initLinks.find((l) => l.ifname === name);
        expect(link?.linkinfo?.kind, name).to.be.a('string');
        expect(Buffer.isBuffer(link?.linkinfo?.data), `${name}: data decoded`).to.equal(false);
      }
      expect(linkDifferences(initLinks, initJson, initText, present)).to.deep.equal([]);
    } finally {
      init.close();
    }
  });
});

// Messages captured from the kernel (test/fixtures/route/*.hex, annotated field by field): every one decodes
// without errors, with no attribute left unknown, and re-encodes to the same bytes; selected messages decode to
// the objects written out below (read off the annotations, not off our decoder).
import { expect } from 'chai';
import {
  decodeAddress,
  decodeLink,
  decodeNeighbour,
  decodeRoute,
  decodeRule,
  encodeAddress,
  encodeLink,
  encodeNeighbour,
  encodeRoute,
  encodeRule,
} from '../../../lib/route/messages';
import { CapturedMessage, readCaptured } from './fixtures';
import { pick, plain } from './helpers';

const kinds = {
  link: { decode: decodeLink, encode: encodeLink },
  address: { decode: decodeAddress, encode: encodeAddress },
  route: { decode: decodeRoute, encode: encodeRoute },
  neighbour: { decode: decodeNeighbour, encode: encodeNeighbour },
  rule: { decode: decodeRule, encode: encodeRule },
} as const;

/** Every unknownAttributes list anywhere in a decoded object, with its path. */
function unknownPaths(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'unknownAttributes') found.push(`${path}: ${(v as Array<{ type: number }>).map((a) => a.type).join(',')}`);
    else found.push(...unknownPaths(v, `${path}.${k}`));
  }
  return found;
}

describe('route messages captured from the kernel', () => {
  for (const [kind, { decode, encode }] of Object.entries(kinds)) {
    describe(kind, () => {
      const messages: CapturedMessage[] = readCaptured(kind as keyof typeof kinds);

      it('has captured messages', () => {
        expect(messages.length).to.be.greaterThan(3);
      });

      it('decodes every message without errors and without unknown attributes', () => {
        for (const m of messages) {
          const decoded = (decode as (b: Buffer, t?: number) => any)(m.payload, m.type);
          expect(decoded.decodeErrors, m.text).to.equal(undefined);
          expect(unknownPaths(decoded), m.text).to.deep.equal([]);
        }
      });

      it('re-encodes every message byte for byte', () => {
        for (const m of messages) {
          const decoded = (decode as (b: Buffer, t?: number) => any)(m.payload, m.type);
          expect((encode as (v: any) => Buffer)(decoded).toString('hex'), m.text).to.equal(m.payload.toString('hex'));
        }
      });
    });
  }

  const routes = readCaptured('route');
  const links = readCaptured('link');
  const addresses = readCaptured('address');
  const neighbours = readCaptured('neighbour');
  const rules = readCaptured('rule');

  it('route: multipath with weights and per-hop gateways', () => {
    expect(plain(decodeRoute(routes[0].payload))).to.deep.equal({
      family: 'inet', dstLen: 16, srcLen: 0, tos: 0, table: 100, protocol: 'boot', scope: 'universe', type: 'unicast', flags: [],
      dst: '10.4.0.0',
      multipath: [
        { weight: 2, flags: [], oif: 3, gateway: '10.1.0.2' },
        { weight: 1, flags: [], oif: 3, gateway: '10.1.0.3' },
      ],
    });
  });

  it('route: RTA_VIA with an IPv6 next hop for an IPv4 route', () => {
    expect(plain(decodeRoute(routes[1].payload))).to.deep.equal({
      family: 'inet', dstLen: 16, srcLen: 0, tos: 0, table: 100, protocol: 'boot', scope: 'universe', type: 'unicast', flags: [],
      dst: '10.5.0.0', via: { family: 'inet6', address: '2001:db8::9' }, oif: 3,
    });
  });

  it('route: blackhole', () => {
    expect(plain(decodeRoute(routes[2].payload))).to.include({ type: 'blackhole', dst: '10.6.0.0', table: 100 });
  });

  it('route: table above 255 through RTA_TABLE, with metrics', () => {
    expect(plain(decodeRoute(routes[3].payload))).to.deep.equal({
      family: 'inet', dstLen: 16, srcLen: 0, tos: 0, table: 1000, protocol: 'boot', scope: 'link', type: 'unicast', flags: [],
      dst: '10.3.0.0', priority: 50, metrics: { mtu: 1400, advmss: 1360, hoplimit: 32 }, oif: 3,
    });
  });

  it('route: static route via a gateway with a metric', () => {
    expect(plain(decodeRoute(routes[6].payload))).to.deep.equal({
      family: 'inet', dstLen: 16, srcLen: 0, tos: 0, table: 254, protocol: 'static', scope: 'universe', type: 'unicast', flags: [],
      dst: '10.2.0.0', priority: 20, gateway: '10.1.0.254', oif: 3,
    });
  });

  it('route: IPv6 with gateway, cacheinfo and preference', () => {
    const r = routes.map((m) => decodeRoute(m.payload)).find((x) => x.dst === '2001:db8:1::')!;
    expect(pick(r, ['family', 'dstLen', 'table', 'protocol', 'priority', 'gateway', 'oif', 'pref'])).to.deep.equal({
      family: 'inet6', dstLen: 48, table: 254, protocol: 'boot', priority: 1024, gateway: '2001:db8::2', oif: 3, pref: 'high',
    });
    expect(plain(r.cacheinfo)).to.deep.equal({ clntref: 0, lastuse: 0, expires: 0, error: 0, used: 0, id: 0, ts: 0, tsage: 0 });
  });

  it('address: IPv4 with broadcast, label and permanent flag', () => {
    expect(plain(decodeAddress(addresses[1].payload))).to.deep.equal({
      family: 'inet', prefixlen: 24, flags: ['permanent'], scope: 'universe', ifindex: 3,
      address: '10.1.0.1', local: '10.1.0.1', broadcast: '10.1.0.255', label: 'v0:main',
      cacheinfo: { preferred: 0xffffffff, valid: 0xffffffff, cstamp: 0x18ab5, tstamp: 0x18ab5 },
    });
  });

  it('address: point-to-point peer', () => {
    expect(pick(decodeAddress(addresses[2].payload), ['prefixlen', 'address', 'local'])).to.deep.equal({ prefixlen: 32, address: '10.1.1.2', local: '10.1.1.1' });
  });

  it('address: IPv6 with lifetimes, and IFA_FLAGS beyond the header byte', () => {
    expect(plain(decodeAddress(addresses[6].payload))).to.deep.equal({
      family: 'inet6', prefixlen: 64, flags: ['nodad'], scope: 'universe', ifindex: 3,
      address: '2001:db8::1', cacheinfo: { preferred: 1800, valid: 3600, cstamp: 0x18ab6, tstamp: 0x18ab6 },
    });
    expect(decodeAddress(addresses[5].payload).flags).to.deep.equal(['nodad', 'permanent', 'noprefixroute']);
    expect(decodeAddress(addresses[4].payload).proto).to.equal('kernelLl');
  });

  it('neighbour: permanent IPv4 and IPv6 entries', () => {
    expect(plain(decodeNeighbour(neighbours[1].payload))).to.deep.equal({
      family: 'inet', ifindex: 3, state: ['permanent'], flags: [], type: 'unicast',
      dst: '10.1.0.7', lladdr: '02:00:00:00:00:07', probes: 0, cacheinfo: { confirmed: 40, used: 40, updated: 40, refcnt: 0 },
    });
    expect(pick(decodeNeighbour(neighbours[4].payload), ['family', 'dst', 'lladdr', 'state'])).to.deep.equal({
      family: 'inet6', dst: '2001:db8::7', lladdr: '02:00:00:00:00:08', state: ['permanent'],
    });
    expect(decodeNeighbour(neighbours[0].payload).state).to.deep.equal(['noarp']);
  });

  it('rule: fwmark/mask to a table above 255', () => {
    expect(plain(decodeRule(rules[1].payload))).to.deep.equal({
      family: 'inet', dstLen: 0, srcLen: 0, tos: 0, table: 1000, action: 'toTbl', flags: [],
      suppressPrefixlen: -1, protocol: 'unspec', priority: 100, fwmark: 16, fwmask: 255,
    });
  });

  it('rule: uid range, source prefix with iif, ip proto with port range', () => {
    expect(decodeRule(rules[2].payload).uidRange).to.deep.equal({ start: 1000, end: 2000 });
    expect(pick(decodeRule(rules[3].payload), ['srcLen', 'src', 'iifname', 'suppressPrefixlen', 'table', 'priority'])).to.deep.equal({
      srcLen: 24, src: '10.1.0.0', iifname: 'v0', suppressPrefixlen: 0, table: 254, priority: 102,
    });
    expect(pick(decodeRule(rules[4].payload), ['ipProto', 'dportRange'])).to.deep.equal({ ipProto: 'tcp', dportRange: { start: 80, end: 90 } });
    expect(decodeRule(rules[7].payload).family).to.equal('ipmr');
  });

  it('link: loopback header, flags and counters', () => {
    const lo = decodeLink(links[0].payload);
    expect(pick(lo, ['family', 'type', 'ifindex', 'flags', 'ifname', 'mtu', 'txqlen', 'operstate', 'qdisc', 'address'])).to.deep.equal({
      family: 'unspec', type: 'loopback', ifindex: 1, flags: ['up', 'loopback', 'running', 'lowerUp'], ifname: 'lo',
      mtu: 65536, txqlen: 1000, operstate: 'unknown', qdisc: 'noqueue', address: '00:00:00:00:00:00',
    });
    expect(lo.afSpec).to.have.nested.property('inet6.addrGenMode', 'eui64');
  });

  it('link: veth enslaved to a bridge (slave data), bridge, macvlan and vxlan data', () => {
    const byName = new Map(links.map((m) => decodeLink(m.payload)).map((l) => [l.ifname, l]));
    const v1 = byName.get('v1')!;
    expect(v1.linkinfo?.kind).to.equal('veth');
    expect(v1.linkinfo?.slaveKind).to.equal('bridge');
    expect(pick(v1.linkinfo!.slaveData, ['state', 'priority', 'cost', 'learning', 'id', 'no'])).to.deep.equal({
      state: 'forwarding', priority: 32, cost: 2, learning: 1, id: 0x8001, no: 1,
    });
    expect(v1.master).to.equal(4);
    expect(v1.link).to.equal(3);
    const v0 = byName.get('v0')!;
    expect(v0.ifalias).to.equal('uplink');
    expect(plain(v0.propList)).to.deep.equal({ altIfname: ['vzero'] });
    const br0 = byName.get('br0')!;
    expect(pick(br0.linkinfo!.data, ['forwardDelay', 'stpState', 'vlanFiltering', 'priority'])).to.deep.equal({
      forwardDelay: 400, stpState: 0, vlanFiltering: 0, priority: 32768,
    });
    expect(pick(byName.get('mv0')!.linkinfo!.data, ['mode'])).to.deep.equal({ mode: 'bridge' });
    expect(pick(byName.get('vx0')!.linkinfo!.data, ['id', 'group', 'local', 'port', 'ttl', 'link', 'learning'])).to.deep.equal({
      id: 42, group: '10.1.0.9', local: '10.1.0.1', port: 4789, ttl: 16, link: 3, learning: 1,
    });
  });
});

// formatRoute against what iproute2 6.1 printed for the same routes (captured with `ip -j [-d] route show|get`
// in a test namespace; the decoded objects are what the library produces for those messages).
import { expect } from 'chai';
import type { Route } from '../../../lib/route/messages/route';
import { formatRoute } from '../../../lib/cli/format/route';
import type { FormatContext } from '../../../lib/cli/format/context';

const names = new Map([
  [1, 'lo'],
  [3, 'v0'],
]);
const plain: FormatContext = { details: false, names };
const details: FormatContext = { details: true, names };

function route(fields: Partial<Route>): Route {
  return {
    family: 'inet',
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: 254,
    protocol: 'boot',
    scope: 'universe',
    type: 'unicast',
    flags: [],
    ...fields,
  } as Route;
}

describe('cli/format/route', () => {
  it('prints a gateway route with metrics in table 100 as ip -j -d does', () => {
    const r = route({
      dst: '10.1.0.0', dstLen: 16, table: 100, gateway: '10.0.0.2', oif: 3, metrics: { mtu: 1400, advmss: 1360 },
    } as Partial<Route>);
    expect(formatRoute(r, details).json).to.deep.equal({
      type: 'unicast', dst: '10.1.0.0/16', gateway: '10.0.0.2', dev: 'v0', table: '100', protocol: 'boot',
      scope: 'global', flags: [], metrics: [{ mtu: 1400, advmss: 1360 }],
    });
    // Without -d ip leaves out what is the default: unicast, boot, global scope.
    expect(formatRoute(r, plain).json).to.deep.equal({
      dst: '10.1.0.0/16', gateway: '10.0.0.2', dev: 'v0', table: '100', flags: [], metrics: [{ mtu: 1400, advmss: 1360 }],
    });
    expect(formatRoute(r, plain).text).to.equal('10.1.0.0/16 via 10.0.0.2 dev v0 table 100 mtu 1400 advmss 1360 \n');
  });

  it('leaves the table out when the user asked for one table', () => {
    const r = route({ dst: '10.1.0.0', dstLen: 16, table: 100, oif: 3 } as Partial<Route>);
    expect(formatRoute(r, details, { tableFiltered: true }).json).to.not.have.property('table');
  });

  it('prints multipath next hops with weights', () => {
    const r = route({
      dst: '10.2.0.0', dstLen: 16, table: 1000,
      multipath: [
        { weight: 2, flags: [], oif: 3, gateway: '10.0.0.2' },
        { weight: 3, flags: [], oif: 3, gateway: '10.0.0.3' },
      ],
    } as Partial<Route>);
    expect(formatRoute(r, details).json).to.deep.equal({
      type: 'unicast', dst: '10.2.0.0/16', table: '1000', protocol: 'boot', scope: 'global', flags: [],
      nexthops: [
        { gateway: '10.0.0.2', dev: 'v0', weight: 2, flags: [] },
        { gateway: '10.0.0.3', dev: 'v0', weight: 3, flags: [] },
      ],
    });
  });

  it('prints a host route without a prefix length, a default route as "default"', () => {
    expect(formatRoute(route({ dst: '10.9.0.2', dstLen: 32, oif: 3 } as Partial<Route>), plain).json.dst).to.equal('10.9.0.2');
    expect(formatRoute(route({ gateway: '10.0.0.254', oif: 3 } as Partial<Route>), plain).json.dst).to.equal('default');
  });

  it('prints blackhole and unreachable types, a numeric protocol and the names of special tables', () => {
    const r = route({ type: 'unreachable', dst: '10.5.0.0', dstLen: 16, table: 255, protocol: 99 } as Partial<Route>);
    expect(formatRoute(r, plain).json).to.deep.equal({ type: 'unreachable', dst: '10.5.0.0/16', table: 'local', protocol: 'openr', flags: [] });
    const unknownProto = route({ dst: '10.6.0.0', dstLen: 16, protocol: 77 } as Partial<Route>);
    expect(formatRoute(unknownProto, plain).json.protocol).to.equal('77');
  });

  it('prints IPv6 preference and expiry in seconds (the kernel counts in 1/100 s)', () => {
    const r = route({
      family: 'inet6', dst: '2001:db8::', dstLen: 64, oif: 3, protocol: 'kernel', priority: 256, pref: 'medium',
      cacheinfo: { clntref: 0, lastuse: 0, expires: 199712, error: 0, used: 0, id: 0, ts: 0, tsage: 0 },
    } as Partial<Route>);
    expect(formatRoute(r, details, { tableFiltered: true }).json).to.deep.equal({
      type: 'unicast', dst: '2001:db8::/64', dev: 'v0', protocol: 'kernel', scope: 'global', metric: 256, flags: [],
      expires: 1997, pref: 'medium',
    });
  });

  it('prints a cloned IPv4 lookup result as ip route get does (no protocol or scope, cache flags)', () => {
    const r = route({
      dst: '10.0.0.1', dstLen: 32, table: 255, type: 'local', oif: 1, prefsrc: '10.0.0.1', uid: 0,
      flags: ['cloned', 0x80000000], protocol: 'unspec', scope: 'host',
      cacheinfo: { clntref: 1, lastuse: 0, expires: 0, error: 0, used: 0, id: 0, ts: 0, tsage: 0 },
    } as Partial<Route>);
    expect(formatRoute(r, plain).json).to.deep.equal({
      type: 'local', dst: '10.0.0.1', dev: 'lo', table: 'local', prefsrc: '10.0.0.1', flags: [], uid: 0, cache: ['local'],
    });
  });

  it('marks deletions and prints rtt in milliseconds, hoplimit and locked metrics', () => {
    const r = route({
      family: 'inet6', dst: '2001:db8:3::', dstLen: 64, oif: 3, metrics: { lock: 1 << 2, mtu: 1300, hoplimit: 5, rtt: 800 },
    } as Partial<Route>);
    const printed = formatRoute(r, plain, { deleted: true });
    expect(printed.json).to.include({ deleted: true });
    expect(printed.json.metrics).to.deep.equal([{ mtu: 1300, rtt: 100, hoplimit: 5 }]);
    expect(printed.text).to.match(/^Deleted 2001:db8:3::\/64 dev v0 mtu lock 1300 rtt 100ms hoplimit 5 /);
  });

  it('shows an unknown interface index as ifN, as ip does', () => {
    expect(formatRoute(route({ dst: '10.0.0.0', dstLen: 8, oif: 42 } as Partial<Route>), plain).json.dev).to.equal('if42');
  });
});

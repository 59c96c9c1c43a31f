// getRoute against `ip -j route get` in the same namespace: same destination, gateway, device, table, source,
// type, mark and uid, for IPv4 and IPv6, with from / iif / oif / mark / uid / fibmatch variations.
import { expect } from 'chai';
import { RouteClient } from '../../../lib/route';
import type { Route } from '../../../lib/route';
import { NetlinkError } from '../../../lib/core';
import { withNetns } from '../../helpers/netns';

interface Case {
  dst: string;
  ipArgs?: string[];
  options?: Parameters<RouteClient['getRoute']>[1];
}

describe('RouteClient.getRoute (kernel)', function () {
  const env = withNetns('r2-lookup');
  let client: RouteClient;
  let names: Map<number, string>;

  before(() => {
    const ns = env.ns;
    ns.ip(['link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v2']);
    for (const dev of ['v1', 'v2']) ns.ip(['link', 'set', dev, 'up']);
    ns.ip(['addr', 'add', '10.1.0.1/24', 'dev', 'v1']);
    ns.ip(['addr', 'add', '10.2.0.1/24', 'dev', 'v2']);
    ns.ip(['addr', 'add', '2001:db8::1/64', 'dev', 'v1', 'nodad']);
    ns.ip(['route', 'add', 'default', 'via', '10.1.0.254']);
    ns.ip(['route', 'add', '10.9.0.0/16', 'via', '10.1.0.2', 'table', '1000']);
    ns.ip(['route', 'add', 'unreachable', '10.66.0.0/16']);
    ns.ip(['rule', 'add', 'fwmark', '7', 'table', '1000']);
    ns.ip(['rule', 'add', 'uidrange', '5000-5000', 'table', '1000']);
    ns.ip(['-6', 'route', 'add', 'default', 'via', '2001:db8::ff']);
    ns.ip(['-6', 'route', 'add', '2001:db8:5::/48', 'via', '2001:db8::2', 'metric', '50']);
    names = new Map(ns.ipJson(['link', 'show']).map((l: any) => [l.ifindex, l.ifname]));
    client = RouteClient.open({ netns: ns.name });
  });
  after(() => client?.close());

  /** The fields `ip -j route get` prints, from a decoded route. */
  function asIp(r: Route): Record<string, unknown> {
    // ip prints no table for main, nor for 0 (the reply of a lookup that matched no FIB entry, e.g. with oif).
    const table = r.table === 254 || r.table === 0 ? undefined : r.table === 255 ? 'local' : String(r.table);
    return {
      type: r.type === 'unicast' ? undefined : r.type,
      dst: r.dstLen === (r.family === 'inet' ? 32 : 128) || r.dstLen === 0 ? r.dst : `${r.dst}/${r.dstLen}`,
      from: r.src,
      gateway: r.gateway,
      dev: r.oif === undefined ? undefined : names.get(r.oif),
      table,
      // ip prints no protocol for a cloned route (a lookup's resolved route), nor 'boot' without -d.
      protocol: (Array.isArray(r.flags) && r.flags.includes('cloned')) || r.protocol === 'boot' ? undefined : r.protocol,
      prefsrc: r.prefsrc,
      metric: r.priority,
      mark: r.mark,
      uid: r.uid,
      iif: r.iif === undefined ? undefined : names.get(r.iif),
      pref: r.pref,
    };
  }

  async function check(c: Case): Promise<void> {
    const expected = env.ns.ipJson(['route', 'get', c.dst, ...(c.ipArgs ?? [])])[0];
    const mine = asIp(await client.getRoute(c.dst, c.options));
    for (const key of ['type', 'dst', 'from', 'gateway', 'dev', 'table', 'prefsrc', 'metric', 'mark', 'uid', 'iif', 'pref', 'protocol']) {
      if (key in expected) {
        expect(mine[key], `${c.dst} ${c.ipArgs?.join(' ') ?? ''}: ${key}`).to.equal(expected[key]);
      } else {
        // ip leaves a field out when the reply lacks it (or it is the default asIp maps away): a field only we
        // report would be spurious.
        expect(mine[key], `${c.dst} ${c.ipArgs?.join(' ') ?? ''}: ${key} (ip printed none)`).to.equal(undefined);
      }
    }
  }

  const cases: Case[] = [
    { dst: '10.1.0.5' },
    { dst: '10.2.0.9' },
    { dst: '8.8.8.8' },
    { dst: '10.1.0.1' },
    { dst: '127.0.0.1' },
    { dst: '10.9.1.1' },
    { dst: '10.9.1.1', ipArgs: ['mark', '7'], options: { mark: 7 } },
    { dst: '10.9.1.1', ipArgs: ['uid', '5000'], options: { uid: 5000 } },
    { dst: '8.8.8.8', ipArgs: ['oif', 'v2'], options: { oif: 'v2' } },
    { dst: '10.1.0.9', ipArgs: ['from', '10.2.0.1'], options: { from: '10.2.0.1' } },
    { dst: '10.1.0.1', ipArgs: ['from', '10.2.0.9', 'iif', 'v2'], options: { from: '10.2.0.9', iif: 'v2' } },
    { dst: '10.9.1.1', ipArgs: ['mark', '7', 'fibmatch'], options: { mark: 7, fibMatch: true } },
    { dst: '2001:db8::5' },
    { dst: '2001:db8:5::1' },
    { dst: '2001:4860::1' },
    { dst: '::1' },
    { dst: '2001:db8:5::1', ipArgs: ['fibmatch'], options: { fibMatch: true } },
  ];
  for (const c of cases) {
    it(`agrees with ip route get ${c.dst} ${c.ipArgs?.join(' ') ?? ''}`, () => check(c));
  }

  it('takes interface indexes as well as names', async () => {
    const v2 = [...names].find(([, n]) => n === 'v2')![0];
    const r = await client.getRoute('8.8.8.8', { oif: v2 });
    expect(r.oif).to.equal(v2);
  });

  it('answers many lookups in flight at once, each with its own destination', async () => {
    const dsts = Array.from({ length: 200 }, (_, i) => `10.${i % 2 === 0 ? 1 : 2}.0.${(i % 250) + 2}`);
    const routes = await Promise.all(dsts.map((d) => client.getRoute(d)));
    routes.forEach((r, i) => {
      expect(r.dst).to.equal(dsts[i]);
      expect(names.get(r.oif!)).to.equal(i % 2 === 0 ? 'v1' : 'v2');
    });
  });

  it('rejects like ip does: an unreachable route, a bad address', async () => {
    let err: any;
    try {
      await client.getRoute('10.66.0.1');
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NetlinkError);
    expect(err.code).to.equal('EHOSTUNREACH');
    expect(() => env.ns.ip(['route', 'get', '10.66.0.1'])).to.throw(/No route to host/);
    let bad: any;
    try {
      await client.getRoute('10.1.0.300');
    } catch (e) {
      bad = e;
    }
    expect(bad).to.be.instanceOf(TypeError);
    expect(bad.code).to.equal('ERR_ROUTE_INPUT');
  });
});

// FibLookupClient against iproute2 in a private namespace: for each address, the longest route of the table that
// `ip -j -d route show table T match ADDR` lists has the prefix length, type and scope the lookup answers; the
// kernel's errors are those `ip route get` reports.
import { expect } from 'chai';
import { NetlinkError } from '../../../lib/core';
import { FibLookupClient } from '../../../lib/fiblookup';
import { ROUTE_SCOPES, ROUTE_TYPES } from '../../../lib/route';
import { withNetns } from '../../helpers/netns';

describe('FibLookupClient.lookup (kernel)', function () {
  const env = withNetns('fiblookup');
  let client: FibLookupClient;

  before(() => {
    const ns = env.ns;
    ns.ip(['link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v2']);
    ns.ip(['link', 'set', 'v1', 'up']);
    ns.ip(['addr', 'add', '10.1.0.1/24', 'dev', 'v1']);
    ns.ip(['route', 'add', '10.20.0.0/16', 'via', '10.1.0.2']);
    ns.ip(['route', 'add', '10.20.5.0/24', 'via', '10.1.0.3']);
    ns.ip(['route', 'add', 'unreachable', '10.66.0.0/16']);
    ns.ip(['route', 'add', '10.9.0.0/16', 'via', '10.1.0.2', 'table', '100']);
    client = FibLookupClient.open({ netns: ns.name, timeout: 5000 });
  });
  after(() => client?.close());

  /** What iproute2 says the longest match of `address` in `table` is, as iproute2 names the type and scope. */
  function longestMatch(address: string, table: string): { prefixlen: number; type: string; scope: string } {
    const routes = env.ns.ipJson(['-d', 'route', 'show', 'table', table, 'match', address]);
    const withLength = routes.map((r: any) => ({ r, len: r.dst === 'default' ? 0 : Number(r.dst.split('/')[1] ?? 32) }));
    const best = withLength.sort((a: any, b: any) => b.len - a.len)[0];
    return { prefixlen: best.len, type: best.r.type, scope: best.r.scope };
  }

  /** A lookup's answer, with the type and scope named as iproute2 names them. */
  async function lookedUp(address: string, table?: number) {
    const r = await client.lookup(address, { table });
    const scope = (ROUTE_SCOPES as Record<number, string>)[r.scope];
    return { table: r.table, match: { prefixlen: r.prefixlen, type: (ROUTE_TYPES as Record<number, string>)[r.type], scope: scope === 'universe' ? 'global' : scope } };
  }

  for (const [address, table, name] of [
    ['10.20.1.1', undefined, 'main'],
    ['10.20.5.9', undefined, 'main'],
    ['10.1.0.77', undefined, 'main'],
    ['10.9.3.4', 100, '100'],
    ['10.1.0.1', 255, 'local'],
  ] as const) {
    it(`${address} in table ${name} matches the longest route ip lists`, async () => {
      expect(await lookedUp(address, table)).to.deep.equal({ table: name === 'main' ? 254 : name === 'local' ? 255 : 100, match: longestMatch(address, name) });
    });
  }

  it('an unreachable route rejects with EHOSTUNREACH, as ip route get says', async () => {
    expect(() => env.ns.ip(['route', 'get', '10.66.1.1'])).to.throw(/No route to host/);
    const caught = await client.lookup('10.66.1.1').then(() => undefined, (err: unknown) => err);
    expect(caught).to.be.instanceOf(NetlinkError);
    expect(caught).to.include({ code: 'EHOSTUNREACH', errno: 113 });
  });

  it('no matching route rejects with EAGAIN, a table that does not exist (ip says so too) with ENOENT', async () => {
    expect(env.ns.ipJson(['route', 'show', 'table', '100', 'match', '10.200.0.1'])).to.deep.equal([]);
    expect(await client.lookup('10.200.0.1', { table: 100 }).then(() => undefined, (err: unknown) => err)).to.include({ code: 'EAGAIN' });
    expect(() => env.ns.ip(['route', 'show', 'table', '77'])).to.throw(/table does not exist/);
    expect(await client.lookup('10.20.1.1', { table: 77 }).then(() => undefined, (err: unknown) => err)).to.include({ code: 'ENOENT' });
  });
});

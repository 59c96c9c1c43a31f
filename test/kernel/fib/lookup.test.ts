// NETLINK_FIB_LOOKUP against the kernel in a private namespace, compared with `ip route get fibmatch` (which goes
// through the rules: a fwmark rule sends the lookup to the table fibLookup is pointed at).
import { strict as assert } from 'assert';
import { EncodeError } from '../../../lib/core';
import { FibLookup, fibLookup } from '../../../lib/fib';
import { withNetns } from '../../helpers/netns';

describe('fib: NETLINK_FIB_LOOKUP (kernel)', () => {
  const holder = withNetns('lnl-fib');
  let fib: FibLookup;
  before(() => {
    const ns = holder.ns;
    ns.ip(['link', 'add', 'f0', 'type', 'veth', 'peer', 'name', 'f1']);
    ns.ip(['link', 'set', 'f0', 'up']);
    ns.ip(['addr', 'add', '192.0.2.1/24', 'dev', 'f0']);
    ns.ip(['route', 'add', '10.0.0.0/8', 'via', '192.0.2.2']);
    ns.ip(['route', 'add', 'blackhole', '10.1.0.0/16']);
    ns.ip(['route', 'add', 'unreachable', '10.1.2.0/24']);
    ns.ip(['route', 'add', '10.9.0.0/16', 'via', '192.0.2.3', 'table', '100']);
    ns.ip(['route', 'add', 'prohibit', '10.9.9.0/24', 'table', '100']);
    ns.ip(['rule', 'add', 'fwmark', '7', 'table', '100', 'priority', '100']);
    fib = FibLookup.open({ netns: ns.name });
  });
  after(() => fib?.close());

  // What ip says of a destination: the matching route's prefix and type, or, for the destinations of blackhole,
  // unreachable and prohibit routes, the error the kernel's lookup gives (and fibLookup reports too).
  const ERRORS: Array<[RegExp, string]> = [[/Invalid argument/, 'EINVAL'], [/No route to host/, 'EHOSTUNREACH'], [/Permission denied/, 'EACCES']];
  const ipGet = (addr: string, extra: string[] = []): { prefixLength?: number; type?: string; error?: string } => {
    try {
      const r = holder.ns.ipJson<Array<{ dst: string; type?: string }>>(['route', 'get', 'fibmatch', addr, ...extra])[0];
      return { prefixLength: r.dst.includes('/') ? Number(r.dst.split('/')[1]) : 32, type: r.type ?? 'unicast' };
    } catch (err) {
      const error = ERRORS.find(([re]) => re.test(String((err as { stderr?: unknown }).stderr)))?.[1];
      if (!error) throw err;
      return { error };
    }
  };
  const same = (r: { prefixLength?: number; type?: unknown; error?: string }, ip: ReturnType<typeof ipGet>) => {
    if (ip.error) assert.equal(r.error, ip.error);
    else assert.deepEqual([r.prefixLength, r.type, r.error], [ip.prefixLength, ip.type, undefined]);
  };

  for (const addr of ['10.2.3.4', '10.1.9.9', '10.1.2.3', '192.0.2.77']) {
    it(`finds what ip route get fibmatch finds for ${addr} (table main)`, async () => {
      const r = await fib.lookup({ addr, table: 'main' });
      assert.equal(r.table, 254);
      same(r, ipGet(addr));
    });
  }

  it('looks in another table, as the fwmark rule makes ip route get do', async () => {
    for (const addr of ['10.9.1.1', '10.9.9.9']) {
      const r = await fib.lookup({ addr, table: 100, fwmark: 7 });
      assert.equal(r.table, 100);
      same(r, ipGet(addr, ['mark', '7']));
    }
  });

  it('finds local addresses in table local, with host scope', async () => {
    assert.deepEqual(await fibLookup({ addr: '192.0.2.1', table: 'local' }, { netns: holder.ns.name }), {
      table: 255, errno: 0, prefixLength: 32, nexthopSelector: 0, type: 'local', scope: 'host',
    });
  });

  it('answers with the kernel error when nothing matches, and refuses bad input', async () => {
    assert.deepEqual(await fib.lookup({ addr: '10.1.2.3' }), { table: 254, errno: 113, error: 'EHOSTUNREACH' });
    assert.deepEqual(await fib.lookup({ addr: '172.16.0.1', table: 100 }), { table: 100, errno: 11, error: 'EAGAIN' });
    assert.deepEqual(await fib.lookup({ addr: '172.16.0.1', table: 42 }), { table: 0, errno: 2, error: 'ENOENT' });
    await assert.rejects(fib.lookup({ addr: '2001:db8::1' }), EncodeError);
    await assert.rejects(fib.lookup({ addr: '10.0.0.1', table: 1000 }), EncodeError);
    await assert.rejects(fib.lookup({ addr: '10.0.0.1', tos: -1 }), EncodeError);
  });
});

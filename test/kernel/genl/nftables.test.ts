// nftables (NETLINK_NETFILTER) through the kernel's netlink-raw spec: tables and chains in a private namespace,
// as `nft -j list ruleset` lists them.
import { execFileSync } from 'child_process';
import { expect } from 'chai';
import { ynl } from '../../../lib';
import { skipWithReason, withNetns } from '../../helpers/netns';

const NFPROTO: Record<number, string> = { 1: 'inet', 2: 'ip', 3: 'arp', 5: 'netdev', 7: 'bridge', 10: 'ip6' };
const HOOKS = ['prerouting', 'input', 'forward', 'output', 'postrouting'];

describe('ynl: nftables tables and chains (kernel)', function () {
  const env = withNetns('genl-nft');
  let nft: (args: string[]) => string;

  before(function () {
    nft = (args) => execFileSync('ip', ['netns', 'exec', env.ns.name, 'nft', ...args], { encoding: 'utf8' });
    try {
      nft(['add', 'table', 'inet', 'filt']);
    } catch (err) {
      skipWithReason(this, `nft is not installed or refused (${(err as Error).message.split('\n')[0]})`);
    }
    nft(['add', 'table', 'ip', 'nat4']);
    nft(['add', 'chain', 'inet', 'filt', 'in', '{ type filter hook input priority 0; policy drop; }']);
    nft(['add', 'chain', 'inet', 'filt', 'plain']);
    nft(['add', 'chain', 'ip', 'nat4', 'post', '{ type nat hook postrouting priority 100; }']);
  });

  it('lists the tables and chains `nft -j list ruleset` lists, with handles, hooks, priorities and policies', async () => {
    const ruleset = (JSON.parse(nft(['-j', 'list', 'ruleset'])) as { nftables: Array<Record<string, any>> }).nftables;
    const client = ynl.openFamily('nftables', { netns: env.ns.name });
    try {
      // 6.12's spec lists gettable and getchain as `do` only; dumping them is what nft (and YNL) do
      const tables = await client.dump('gettable', { nfgenFamily: 0 });
      const chains = await client.dump('getchain', { nfgenFamily: 0 });
      const expectedTables = ruleset.filter((o) => o.table).map((o) => [o.table.family, o.table.name, o.table.handle]);
      expect(tables.map((t) => [NFPROTO[t.nfgenFamily as number], t.name, Number(t.handle)]).sort()).to.deep.equal(expectedTables.sort());
      const expectedChains = ruleset
        .filter((o) => o.chain)
        .map((o) => [o.chain.family, o.chain.table, o.chain.name, o.chain.handle, o.chain.type ?? null, o.chain.hook ?? null, o.chain.prio ?? null, o.chain.policy ?? null]);
      const ours = chains.map((c) => {
        const hook = c.hook as { num?: number; priority?: number } | undefined;
        const policy = c.policy === undefined ? null : c.policy === 1 ? 'accept' : c.policy === 0 ? 'drop' : c.policy;
        return [NFPROTO[c.nfgenFamily as number], c.table, c.name, Number(c.handle), c.type ?? null, hook ? HOOKS[hook.num!] : null, hook ? hook.priority : null, policy];
      });
      expect(ours.sort()).to.deep.equal(expectedChains.sort());
      expect(ours).to.have.length(3);
    } finally {
      client.close();
    }
  });
});

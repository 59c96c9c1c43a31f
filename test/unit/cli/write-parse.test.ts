// The write commands' argument reading without a kernel: what each ip-syntax line becomes, and the kind registry.
import { expect } from 'chai';
import { ArgReader, UsageError } from '../../../lib/cli/args';
import { parseRouteCommand } from '../../../lib/cli/route-write';
import { parseAddressCommand } from '../../../lib/cli/addr-write';
import { parseRuleCommand } from '../../../lib/cli/rule-write';
import { parseLinkOptions } from '../../../lib/cli/link-write';
import { parseKindArguments, registerLinkKind, unknownKindWord } from '../../../lib/cli/link-kinds';
import { splitBatchLine } from '../../../lib/cli/batch';
import { RouteTemplates } from '../../../lib/cli/route-templates';
import type { RouteClient } from '../../../lib/route/client';
import type { RouteSpec } from '../../../lib/route/user-specs';

function words(line: string): string[] {
  return line.split(' ');
}

describe('cli: write command parsing', () => {
  it('reads a route in ip syntax: type, prefix, gateway, metrics with lock, and multipath next hops', () => {
    const single = parseRouteCommand(words('blackhole 10.4.0.0/16 table 300 metric 9 proto static'), undefined);
    expect(single.spec).to.deep.equal({ dst: '10.4.0.0/16', type: 'blackhole', table: 300, metric: 9, protocol: 4, family: 'inet' });
    const metrics = parseRouteCommand(words('10.1.0.0/16 via 10.0.0.2 dev v0 mtu lock 1300 rtt 3ms'), undefined);
    expect(metrics.dev).to.equal('v0');
    expect(metrics.spec.metrics).to.deep.equal({ mtu: 1300, rtt: 24, lock: ['mtu'] });
    const multipath = parseRouteCommand(words('10.2.0.0/16 nexthop via 10.0.0.2 dev v0 weight 2 nexthop via 10.0.0.3 onlink'), undefined);
    expect(multipath.hops).to.deep.equal([{ gateway: '10.0.0.2', devName: 'v0', weight: 2 }, { gateway: '10.0.0.3', onlink: true }]);
    expect(parseRouteCommand(['default'], 'inet6').spec).to.include({ dst: 'default', family: 'inet6' });
  });

  it("gives ip's messages and exit statuses for a route's mistakes", () => {
    const mistake = (line: string, family?: 'inet' | 'inet6'): { message: string; status: number } => {
      try {
        parseRouteCommand(words(line), family);
      } catch (err) {
        if (err instanceof UsageError) return { message: err.message, status: err.status };
      }
      throw new Error(`${line}: no mistake found`);
    };
    expect(mistake('10.0.0.0/8 to 1.2.3.4')).to.deep.equal({ message: 'Error: either "to" is duplicate, or "1.2.3.4" is a garbage.', status: 255 });
    expect(mistake('10.0.0.0/8 via')).to.deep.equal({ message: 'Command line is not complete. Try option "help"', status: 255 });
    expect(mistake('10.0.0.0/8', 'inet6')).to.deep.equal({ message: 'Error: inet6 prefix is expected rather than "10.0.0.0/8".', status: 1 });
    expect(mistake('10.0.0.0/8 nexthop via 10.0.0.1 frob')).to.deep.equal({ message: 'Error: "nexthop" or end of line is expected instead of "frob"', status: 255 });
  });

  it('reads an address with its flags, lifetimes and label', () => {
    const parsed = parseAddressCommand(words('10.0.1.1/24 brd + dev v0 label v0:a valid_lft 100 preferred_lft forever noprefixroute nodad'), undefined);
    expect(parsed).to.deep.equal({
      spec: { address: '10.0.1.1/24', label: 'v0:a', validLifetime: 100, preferredLifetime: 'forever', flags: ['noprefixroute', 'nodad'] },
      dev: 'v0',
      broadcastFrom: '+',
    });
  });

  it('reads a rule: selectors, mark with mask, uid range, action', () => {
    expect(parseRuleCommand(words('not from 10.0.0.0/8 fwmark 0x10/0xff uidrange 1-2 prohibit pref 5'), undefined)).to.deep.equal({
      invert: true,
      from: '10.0.0.0/8',
      fwmark: 16,
      fwmask: 255,
      uidRange: { start: 1, end: 2 },
      action: 'prohibit',
      priority: 5,
    });
  });

  it('reads link options, and hands what follows "type KIND" to the parser registered for the kind', () => {
    const o = parseLinkOptions(new ArgReader(words('v0 mtu 1400 address 02:00:00:00:00:01 type veth peer name v1 mtu 1300')));
    expect(o).to.deep.include({ dev: 'v0', mtu: 1400, address: '02:00:00:00:00:01', kind: 'veth', kindArgs: ['peer', 'name', 'v1', 'mtu', '1300'] });
    expect(parseKindArguments('veth', o.kindArgs!, parseLinkOptions)).to.deep.equal({ peer: { name: 'v1', mtu: 1300 } });
    expect(parseKindArguments('vlan', ['id', '5', 'protocol', '802.1ad'], parseLinkOptions)).to.deep.equal({ vlan: { id: 5, protocol: '802.1ad' } });
    // A kind registered from outside plugs in the same way (this is how new kinds add their options).
    registerLinkKind('lnl-test-kind', (args) => {
      const word = args.next();
      if (word !== 'answer') throw unknownKindWord('lnl-test-kind', String(word));
      return { mtu: Number(args.need()) };
    });
    expect(parseKindArguments('lnl-test-kind', ['answer', '42'], parseLinkOptions)).to.deep.equal({ mtu: 42 });
    expect(() => parseKindArguments('lnl-test-kind', ['question'], parseLinkOptions)).to.throw(UsageError, 'lnl-test-kind: unknown command "question"?');
    expect(() => parseKindArguments('ifb', ['foo'], parseLinkOptions)).to.throw(UsageError, 'Garbage instead of arguments "foo"');
  });

  it('splits batch lines as ip does: blanks, quotes, comments', () => {
    expect(splitBatchLine('  link set v0 alias "two words"  # comment')).to.deep.equal(['link', 'set', 'v0', 'alias', 'two words']);
    expect(splitBatchLine("addr add 10.0.0.1/24 dev v0 label 'v0:x'")).to.deep.equal(['addr', 'add', '10.0.0.1/24', 'dev', 'v0', 'label', 'v0:x']);
    expect(splitBatchLine('# only a comment')).to.deep.equal([]);
    expect(splitBatchLine('')).to.deep.equal([]);
    expect(() => splitBatchLine('link set v0 alias "open')).to.throw(UsageError, 'Unterminated');
  });
});

describe('cli: route request templates (a batch line shaped like an earlier one)', () => {
  // The library's own resolver takes indexes as they are; nothing here reaches a kernel.
  const client = { ifindex: async (ref: number | string) => ref as number } as unknown as RouteClient;
  const words = (prefix: string): string[] => [prefix, 'dev', 'v0', 'table', '100'];
  const spec = (prefix: string): RouteSpec => ({ dst: prefix, dev: 3, table: 100 });

  it('writes a new prefix into the first line’s request: the same bytes as encoding the line afresh', async () => {
    const templates = new RouteTemplates();
    await templates.encode('add', words('10.0.0.0/24'), undefined, 0, spec('10.0.0.0/24'), client);
    const reused = templates.match('add', words('10.9.8.0/23'), undefined);
    const fresh = await new RouteTemplates().encode('add', words('10.9.8.0/23'), undefined, 0, spec('10.9.8.0/23'), client);
    expect(reused).to.not.equal(undefined);
    expect(reused!.payload.equals(fresh.payload)).to.equal(true);
    expect(reused!.flags).to.equal(fresh.flags);
    const host = await new RouteTemplates().encode('add', words('10.1.2.3'), undefined, 0, spec('10.1.2.3'), client);
    expect(templates.match('add', words('10.1.2.3'), undefined)!.payload.equals(host.payload)).to.equal(true);
  });

  it('takes the full path for any other shape, another command, or a prefix it cannot write in', async () => {
    const templates = new RouteTemplates();
    await templates.encode('add', words('10.0.0.0/24'), undefined, 0, spec('10.0.0.0/24'), client);
    expect(templates.match('add', ['10.0.0.0/24', 'dev', 'v1', 'table', '100'], undefined)).to.equal(undefined);
    expect(templates.match('replace', words('10.0.0.0/24'), undefined)).to.equal(undefined);
    expect(templates.match('add', words('10.0.0.0/24'), 'inet')).to.equal(undefined);
    for (const prefix of ['2001:db8::/64', '10.0.0.0/0', '10.0.0.0/33', 'default', '010.0.0.0/8', 'dev']) {
      expect(templates.match('add', words(prefix), undefined), prefix).to.equal(undefined);
    }
    templates.forget();
    expect(templates.match('add', words('10.0.0.0/24'), undefined)).to.equal(undefined);
  });

  it('matches a whole batch line from `from` on; the shape matched last is compared word by word, and only equal words match', async () => {
    const templates = new RouteTemplates();
    await templates.encode('add', words('10.0.0.0/24'), undefined, 0, spec('10.0.0.0/24'), client);
    await templates.encode('add', ['10.0.0.0/24', 'dev', 'v0', 'table', '200'], undefined, 0, { ...spec('10.0.0.0/24'), table: 200 }, client);
    const line = (prefix: string, table = '100'): string[] => ['route', 'add', prefix, 'dev', 'v0', 'table', table];
    const fresh = await new RouteTemplates().encode('add', words('10.7.0.0/16'), undefined, 0, spec('10.7.0.0/16'), client);
    // Twice the same shape (the second from the last match), then another shape, then the first again.
    for (const table of ['100', '100', '200', '100']) {
      const reused = templates.match('add', line('10.7.0.0/16', table), undefined, 2);
      expect(reused, table).to.not.equal(undefined);
      expect(reused!.payload.readUInt8(1)).to.equal(16);
      if (table === '100') expect(reused!.payload.equals(fresh.payload)).to.equal(true);
    }
    expect(templates.match('add', [...line('10.7.0.0/16'), 'metric', '5'], undefined, 2)).to.equal(undefined);
    expect(templates.match('add', line('10.7.0.0/16').slice(0, 6), undefined, 2)).to.equal(undefined);
    expect(templates.match('add', line('10.7.0.0/16', '300'), undefined, 2)).to.equal(undefined);
    expect(templates.match('del', line('10.7.0.0/16'), undefined, 2)).to.equal(undefined);
    expect(templates.match('add', line('10.7.0.0/16'), 'inet', 2)).to.equal(undefined);
    // A quoted word holding a blank is one word: it does not match two words that print the same.
    await templates.encode('add', ['10.0.0.0/24', 'dev', 'a b'], undefined, 0, spec('10.0.0.0/24'), client);
    expect(templates.match('add', ['route', 'add', '10.1.0.0/16', 'dev', 'a', 'b'], undefined, 2)).to.equal(undefined);
    expect(templates.match('add', ['route', 'add', '10.1.0.0/16', 'dev', 'a b'], undefined, 2)).to.not.equal(undefined);
  });
});

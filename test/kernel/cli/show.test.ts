// `linux-netlink -j [-d] link|addr|neigh|rule show` against `ip -j [-d] ... show` on the same namespace.
import { expect } from 'chai';
import { SLOWDOWN, withNetns } from '../../helpers/netns';
import { differences, skipNote, type CompareRules } from './compare';
import { populate, runCli } from './fixture';

// Timers tick between the two runs; lifetimes count down. On a slow machine (the QEMU guest, where starting
// node takes seconds) the runs are further apart: the tolerances scale with it.
const TIMERS: Record<string, number> = scaled({
  // A route's remaining lifetime (seconds).
  expires: 2,
  'linkinfo.info_data.hello_timer': 2,
  'linkinfo.info_data.tcn_timer': 2,
  'linkinfo.info_data.topology_change_timer': 2,
  'linkinfo.info_data.gc_timer': 3,
  'linkinfo.info_slave_data.hold_timer': 2,
  'linkinfo.info_slave_data.message_age_timer': 2,
  'linkinfo.info_slave_data.forward_delay_timer': 16,
  'addr_info.valid_life_time': 2,
  'addr_info.preferred_life_time': 2,
  // Neighbour ages (seconds) and link counters: IPv6 neighbour discovery and MLD still talk on the links.
  used: 2,
  confirmed: 2,
  updated: 2,
  ...Object.fromEntries(
    ['rx', 'tx'].flatMap((dir) => [
      [`stats64.${dir}.bytes`, 2000],
      [`stats64.${dir}.packets`, 20],
      [`stats64.${dir}.multicast`, 20],
    ]),
  ),
});

function scaled(tolerances: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(tolerances).map(([k, v]) => [k, v * SLOWDOWN]));
}
const RULES: CompareRules = {
  close: TIMERS,
};

/** The rules for a comparison whose first run began at `started`: timers may also have moved by what elapsed. */
function rulesSince(started: number): CompareRules {
  const elapsed = (Date.now() - started) / 1000;
  return { ...RULES, close: Object.fromEntries(Object.entries(TIMERS).map(([k, v]) => [k, k.startsWith('stats64.') ? v : v + elapsed])) };
}

describe('cli: show (kernel)', function () {
  const netns = withNetns('lnlcli');
  before(async function () {
    this.timeout(30000 * SLOWDOWN);
    await populate(netns.ns);
  });

  const cases: string[][] = [
    ['link', 'show'],
    ['-d', 'link', 'show'],
    ['-d', 'link', 'show', 'dev', 'vx0'],
    ['-d', 'link', 'show', 'mv0'],
    ['link', 'show', 'type', 'veth'],
    ['link', 'show', 'master', 'br0'],
    ['link', 'show', 'up'],
    ['addr', 'show'],
    ['-d', 'addr', 'show'],
    ['addr', 'show', 'dev', 'v0'],
    ['-4', 'addr', 'show'],
    ['-6', 'addr', 'show'],
    ['-6', '-d', 'addr', 'show'],
    ['neigh', 'show'],
    ['-4', 'neigh', 'show'],
    ['neigh', 'show', 'dev', 'v0'],
    ['neigh', 'show', 'nud', 'permanent'],
    ['neigh', 'show', 'nud', 'all'],
    ['rule', 'show'],
    ['-d', 'rule', 'show'],
    ['-6', 'rule', 'show'],
    ['-6', '-d', 'rule', 'show'],
    ['-s', 'link', 'show'],
    ['-s', '-s', '-d', 'link', 'show'],
    ['-s', 'neigh', 'show'],
    ['-s', 'route', 'show', 'table', 'all'],
  ];
  for (const args of cases) {
    it(`-j ${args.join(' ')} matches ip${skipNote(RULES)}`, async () => {
      const started = Date.now();
      const ours = await runCli(['-n', netns.ns.name, '-j', ...args]);
      expect(ours.stderr).to.equal('');
      expect(ours.status).to.equal(0);
      const theirs = netns.ns.ipJson(args);
      expect(theirs, 'ip printed objects').to.be.an('array').that.is.not.empty;
      expect(differences(JSON.parse(ours.stdout), theirs, rulesSince(started))).to.deep.equal([]);
    });
  }

  it('covers the interesting shapes (so the comparisons above cannot pass on empty data)', async () => {
    const links = JSON.parse((await runCli(['-n', netns.ns.name, '-j', '-d', 'link', 'show'])).stdout) as any[];
    const kinds = links.map((l) => l.linkinfo?.info_kind).filter(Boolean).sort();
    expect(kinds).to.deep.equal(['bridge', 'macvlan', 'veth', 'veth', 'vxlan']);
    expect(links.find((l) => l.ifname === 'v1').linkinfo.info_slave_data).to.include({ priority: 32, learning: true });
    const v0 = (JSON.parse((await runCli(['-n', netns.ns.name, '-j', 'addr', 'show', 'dev', 'v0'])).stdout) as any[])[0];
    expect(v0.addr_info.map((a: any) => `${a.local}/${a.prefixlen}`)).to.include.members(['10.0.1.1/24', '10.9.0.1/32', '2001:db8::1/64']);
    expect(v0.addr_info.find((a: any) => a.local === '10.0.1.1')).to.include({ dynamic: true, label: 'v0:lab' });
    const rules = JSON.parse((await runCli(['-n', netns.ns.name, '-j', 'rule', 'show'])).stdout) as any[];
    expect(rules.find((r) => r.priority === 1000)).to.include({ fwmark: '0x10', fwmask: '0xff', table: '100' });
    expect(rules.find((r) => r.priority === 1001)).to.include({ uid_start: 1000, uid_end: 2000 });
    const neighbours = JSON.parse((await runCli(['-n', netns.ns.name, '-j', 'neigh', 'show'])).stdout) as any[];
    expect(neighbours.find((n) => n.dst === '10.0.0.7')).to.deep.include({ lladdr: '02:00:00:00:00:07', state: ['PERMANENT'] });
  });

  it('prints human-readable output like ip for rules and neighbours', async () => {
    for (const args of [['rule', 'show'], ['neigh', 'show'], ['-6', 'rule', 'show']]) {
      const ours = await runCli(['-n', netns.ns.name, ...args]);
      expect(ours.stdout.split('\n').map((l) => l.trimEnd()), args.join(' ')).to.deep.equal(
        netns.ns.ip(args).split('\n').map((l) => l.trimEnd()),
      );
    }
  });

  it("shows ip's M-DOWN for a link whose lower device is down, text and JSON, link and addr", async () => {
    const ns = netns.ns;
    ns.ip(['link', 'add', 'md0', 'type', 'veth', 'peer', 'name', 'md1']);
    try {
      ns.ip(['link', 'set', 'md0', 'up']); // md1 stays down
      for (const args of [['link', 'show', 'dev', 'md0'], ['link', 'show', 'dev', 'md1'], ['addr', 'show', 'dev', 'md0']]) {
        const ours = await runCli(['-n', ns.name, ...args]);
        expect(ours.stderr, args.join(' ')).to.equal('');
        expect(ours.stdout, args.join(' ')).to.equal(ns.ip(args));
        const json = await runCli(['-n', ns.name, '-j', ...args]);
        expect(differences(JSON.parse(json.stdout), ns.ipJson(args), RULES), args.join(' ')).to.deep.equal([]);
      }
      expect((await runCli(['-n', ns.name, 'link', 'show', 'dev', 'md0'])).stdout).to.include(',M-DOWN>');
    } finally {
      ns.ip(['link', 'del', 'md0']);
    }
  });

  // Human-readable output, one command per test (each starts node: seconds apart on the emulated BMC). Timers
  // and lifetimes tick between the two runs; everything else must be the same, line for line.
  const textCases = [
    ['link', 'show'],
    ['-d', 'link', 'show'],
    ['addr', 'show', 'dev', 'v0'],
    ['-d', 'addr', 'show'],
    ['-4', 'addr', 'show'],
    ['-6', '-d', 'addr', 'show'],
    ['-d', 'route', 'show', 'table', 'all'],
    ['-d', 'rule', 'show'],
    ['-s', '-s', 'link', 'show', 'dev', 'lo'],
  ];
  const normalize = (text: string) =>
    text.split('\n').map((l) => l.trimEnd().replace(/(valid|preferred)_lft \d+sec/g, '$1_lft Nsec').replace(/_timer +[0-9.]+/g, '_timer T').replace(/expires \d+sec/g, 'expires Nsec'));
  for (const args of textCases) {
    it(`prints ${args.join(' ')} like ip, human-readable (timers aside)`, async () => {
      const ours = await runCli(['-n', netns.ns.name, ...args]);
      expect(ours.stderr, args.join(' ')).to.equal('');
      expect(normalize(ours.stdout), args.join(' ')).to.deep.equal(normalize(netns.ns.ip(args)));
    });
  }

  it('a missing device is an error with ip\'s message', async () => {
    const result = await runCli(['-n', netns.ns.name, 'link', 'show', 'dev', 'nonexistent0']);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.equal('Device "nonexistent0" does not exist.\n');
  });
});

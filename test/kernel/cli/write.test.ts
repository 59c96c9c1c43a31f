// The write commands against iproute2: the same topology built twice, once by `ip -batch` and once by
// `linux-netlink -batch`, in two private namespaces, then `ip -j -d` of both compared object by object; the same
// mistakes given to both, with their messages and exit statuses compared; -batch with and without -force.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PassThrough } from 'stream';
import { SLOWDOWN, TestNetns, skipUnlessRoot } from '../../helpers/netns';
import { waitUntilSettled } from '../../helpers/settle';
import { run } from '../../../lib/cli/main';
import { differences, type CompareRules } from './compare';
import { runIp, type CliResult } from './fixture';

/** The CLI in this process (no node start-up per command: the guest is slow), with its streams captured. */
async function cli(args: string[]): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const status = await run(args, { stdout, stderr });
  const text = (s: PassThrough): string => (s.read() ?? '').toString();
  return { status, signal: null, stdout: text(stdout), stderr: text(stderr) };
}

/** ip names itself in a few messages ("try \"ip help\""); the CLI names itself there. */
function asIp(text: string): string {
  return text.replace(/linux-netlink/g, 'ip');
}

// Every write command, in ip's syntax, with what the host kernel can create (no dummy or vlan here: see
// /work/shared host notes; veth, bridge, macvlan, vxlan, ifb). Some objects are added, then changed or deleted.
const TOPOLOGY = `
link add v0 type veth peer name v1 mtu 1400
link add br0 type bridge forward_delay 400 ageing_time 20000 stp_state 0
link set v1 master br0
link add mv0 link v0 type macvlan mode bridge
link add vx0 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dstport 4789 dev v0 ttl 9 nolearning
link add i0 type ifb
link add tmp0 type veth peer name tmp1
link delete tmp0
link set v0 up mtu 1450
link set v1 up
link set br0 up
link set mv0 alias test-alias
link set i0 txqueuelen 500 name ifb9
# addresses
addr add 10.0.0.1/24 dev v0
addr add 10.0.1.1/24 brd + dev v0 label v0:a
addr add 10.9.0.1 peer 10.9.0.2/32 dev v0
addr add 10.0.2.1/24 dev v0 metric 50
addr add 10.0.3.1/24 dev v0
addr del 10.0.3.1/24 dev v0
addr replace 10.0.2.1/24 dev v0 metric 50 scope link
addr add 2001:db8::1/64 dev v0 nodad
addr add 2001:db8:1::1/64 dev v0 nodad noprefixroute
# routes
route add 10.1.0.0/16 via 10.0.0.2 dev v0 table 100 mtu lock 1300 advmss 1360
route add 10.2.0.0/16 table 100 nexthop via 10.0.0.2 dev v0 weight 2 nexthop via 10.0.0.3 dev v0 weight 3
route add 10.3.0.0/16 via 10.0.0.2 metric 50 proto static
route append 10.3.0.0/16 via 10.0.0.3 metric 60
route replace 10.3.0.0/16 via 10.0.0.4 metric 50 proto static
route add blackhole 10.4.0.0/16
route add unreachable 10.5.0.0/16 table 300
route add prohibit 10.7.0.0/16 table 300 metric 9
route add prohibit 10.17.0.0/16 table 300
route del prohibit 10.17.0.0/16 table 300
route add 10.8.0.0/16 dev v0 scope link src 10.0.0.1
route add 10.6.0.0/16 via 10.0.0.2 onlink dev v0 table 400 tos 0x10 initcwnd 10 congctl cubic hoplimit 7
route add 10.11.0.0/16 dev v0 table 500
route add 10.12.0.0/16 dev v0 table 500
route flush table 500
route add 2001:db8:2::/64 via 2001:db8::2 dev v0 metric 10 pref high
route add 2001:db8:3::/64 dev v0 table 100 hoplimit 5
route add default via 10.0.0.254
# neighbours
neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0 nud permanent
neigh replace 10.0.0.8 lladdr 02:00:00:00:00:08 dev v0 nud noarp
neigh add 2001:db8::7 lladdr 02:00:00:00:00:17 dev v0 router
neigh add 10.0.0.10 lladdr 02:00:00:00:00:10 dev v0
neigh del 10.0.0.10 dev v0
neigh add proxy 10.0.0.9 dev v0
# rules
rule add fwmark 0x10/0xff table 100 pref 1000
rule add uidrange 1000-2000 table 100 pref 1001
rule add from 10.0.0.0/8 to 192.168.0.0/16 iif v0 table 300 pref 1002
rule add from all lookup main suppress_prefixlength 0 pref 1003
rule add not from 172.16.0.0/12 oif v0 prohibit pref 1005
rule add tos 0x10 table 100 pref 1006
rule add from 10.5.0.0/16 table 5 pref 1007
rule del from 10.5.0.0/16 table 5 pref 1007
`;

/** Fields that must differ between two namespaces, and why. */
const SKIP: Record<string, string> = {
  ifindex: 'the kernel numbers links in creation order, which differs between the namespaces by any failed or deleted link',
  link_index: 'an ifindex',
  address: 'MAC addresses: the kernel picks random ones for veth, bridge, macvlan, vxlan and ifb',
  perm_address: 'a MAC address',
  'linkinfo.info_data.bridge_id': 'contains the bridge MAC',
  'linkinfo.info_data.root_id': 'contains the bridge MAC',
  'linkinfo.info_data.designated_root': 'contains the bridge MAC',
  'linkinfo.info_data.designated_bridge': 'contains the bridge MAC',
  'linkinfo.info_slave_data.bridge_id': 'contains the bridge MAC',
  'linkinfo.info_slave_data.root_id': 'contains the bridge MAC',
  'linkinfo.info_slave_data.designated_root': 'contains the bridge MAC',
  'linkinfo.info_slave_data.designated_bridge': 'contains the bridge MAC',
  'linkinfo.info_data.gc_timer': 'a timer',
  'linkinfo.info_data.hello_timer': 'a timer',
  'linkinfo.info_slave_data.forward_delay_timer': 'a timer',
  'linkinfo.info_slave_data.hold_timer': 'a timer',
  'linkinfo.info_slave_data.message_age_timer': 'a timer',
  'linkinfo.info_slave_data.designated_port': 'the bridge port number: derived from the ifindex',
  'linkinfo.info_slave_data.no': 'the bridge port number: derived from the ifindex',
  'linkinfo.info_slave_data.id': 'the bridge port id: derived from the ifindex',
  'linkinfo.info_slave_data.designated_cost': 'spanning tree state that depends on timing',
};

const CLOSE: Record<string, number> = { 'addr_info.valid_life_time': 5 * SLOWDOWN, 'addr_info.preferred_life_time': 5 * SLOWDOWN };

type Json = Record<string, unknown>;

/**
 * IPv6 link-local addresses, their routes and their solicited-node multicast neighbours (ff02::1:ffXX:XXXX) derive
 * from the random MACs: left out on both sides.
 */
function linkLocal(text: unknown): boolean {
  return typeof text === 'string' && (text.toLowerCase().startsWith('fe80:') || text.toLowerCase().startsWith('ff02::1:ff'));
}

interface View {
  what: string;
  args: string[];
  key: (o: Json) => string;
  keep?: (o: Json) => boolean;
  clean?: (o: Json) => Json;
}

const VIEWS: View[] = [
  { what: 'link', args: ['-d', 'link', 'show'], key: (o) => String(o.ifname) },
  {
    what: 'address',
    args: ['-d', 'addr', 'show'],
    key: (o) => String(o.ifname),
    clean: (o) => ({ ...o, addr_info: ((o.addr_info as Json[]) ?? []).filter((a) => !linkLocal(a.local)) }),
  },
  {
    what: 'route',
    args: ['-d', 'route', 'show', 'table', 'all'],
    key: (o) => [o.type ?? 'unicast', o.dst, o.table ?? 'main', o.metric ?? '', o.tos ?? '', o.dev ?? ''].join(' '),
    keep: (o) => !linkLocal(o.dst) && !linkLocal(o.prefsrc),
  },
  { what: 'neighbour', args: ['-d', 'neigh', 'show', 'nud', 'all'], key: (o) => `${o.dst} ${o.dev}`, keep: (o) => !linkLocal(o.dst) },
  { what: 'proxy neighbour', args: ['-d', 'neigh', 'show', 'proxy'], key: (o) => `${o.dst} ${o.dev}` },
  { what: 'rule', args: ['-d', 'rule', 'show'], key: (o) => String(o.priority) },
  { what: 'IPv6 rule', args: ['-6', '-d', 'rule', 'show'], key: (o) => String(o.priority) },
];

function objects(ns: TestNetns, view: View): Map<string, Json> {
  const list = ns.ipJson<Json[]>(view.args).filter((o) => view.keep?.(o) ?? true);
  return new Map(list.map((o) => [view.key(o), view.clean ? view.clean(o) : o]));
}

const NOT_COMPARED = `[not compared: ${Object.keys(SKIP).join(', ')}; IPv6 link-local addresses and what derives from them]`;

describe(`cli: write commands against ip (kernel) ${NOT_COMPARED}`, function () {
  this.timeout(60000 * SLOWDOWN);
  let byIp: TestNetns | undefined;
  let byUs: TestNetns | undefined;
  let dir: string;

  before(async function () {
    skipUnlessRoot(this, 'needs root to create network namespaces');
    dir = mkdtempSync(join(tmpdir(), 'lnl-cli-write-'));
    writeFileSync(join(dir, 'topology'), TOPOLOGY);
    byIp = new TestNetns('lnlwip');
    byUs = new TestNetns('lnlwus');
    const theirs = runIp(['-n', byIp.name, '-batch', join(dir, 'topology')]);
    expect(theirs.stderr + `status ${theirs.status}`).to.equal('status 0');
    const ours = await cli(['-n', byUs.name, '-batch', join(dir, 'topology')]);
    expect(ours.stderr + `status ${ours.status}`).to.equal('status 0');
    // ip's batch mode takes no family option.
    byIp.ip(['-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '100', 'pref', '1004']);
    const v6 = await cli(['-n', byUs.name, '-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '100', 'pref', '1004']);
    expect(v6.stderr + `status ${v6.status}`).to.equal('status 0');
    await waitUntilSettled(byIp);
    await waitUntilSettled(byUs);
  });

  after(() => {
    byIp?.delete();
    byUs?.delete();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  for (const view of VIEWS) {
    it(`builds the same ${view.what} objects as ip (ip -j ${view.args.join(' ')})`, () => {
      const theirs = objects(byIp!, view);
      const ours = objects(byUs!, view);
      expect([...ours.keys()].sort()).to.deep.equal([...theirs.keys()].sort());
      expect(theirs.size, 'objects compared').to.be.greaterThan(0);
      const rules: CompareRules = { skip: SKIP, close: CLOSE };
      const found = [...theirs].flatMap(([key, object]) => differences(ours.get(key), object, rules).map((d) => `${key}: ${d}`));
      expect(found).to.deep.equal([]);
    });
  }
});

/** Each mistake in ip's words: both tools get it in the same namespace; the same stderr and exit status. */
const MISTAKES: string[][] = [
  ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v9'],
  ['link', 'add', 'x0'],
  ['link', 'add', 'x0', 'type', 'nosuchkind'],
  ['link', 'set', 'nosuch', 'up'],
  ['link', 'set', 'v0', 'bogus'],
  ['link', 'set', 'v0', 'mtu', 'abc'],
  ['link', 'set', 'v0', 'mtu', '10'],
  ['link', 'set', 'v0', 'mtu'],
  ['link', 'set', 'v0', 'master', 'nosuch'],
  ['link', 'set', 'v0', 'address', 'zz'],
  ['link', 'set', 'v0', 'txqueuelen', 'x'],
  ['link', 'set', 'v0', 'netns', 'lnl-no-such-netns'],
  ['link', 'set', 'v0', 'name', 'v1'],
  ['link', 'set'],
  ['link', 'delete', 'nosuch'],
  ['link', 'delete', 'v0', 'extra'],
  ['link', 'delete'],
  ['link', 'add', 'a1', 'type', 'veth', 'peer', 'name'],
  ['link', 'add', 'a1', 'type', 'veth', 'peer', 'name', 'a2', 'mtu', 'x'],
  ['link', 'add', 'm1', 'link', 'v0', 'type', 'macvlan', 'mode', 'foo'],
  ['link', 'add', 'b1', 'type', 'bridge', 'stp_state', 'x'],
  ['link', 'add', 'x1', 'type', 'vxlan', 'id', 'abc'],
  ['link', 'add', 'x1', 'type', 'vxlan', 'id', '5', 'local', 'zz'],
  ['addr', 'add', '10.0.0.1/24', 'dev', 'v0'],
  ['addr', 'add', '10.0.0.5/24', 'dev', 'nosuch'],
  ['addr', 'add', '10.0.0.5/24'],
  ['addr', 'add', 'bogus', 'dev', 'v0'],
  ['addr', 'add', '10.0.0.5/33', 'dev', 'v0'],
  ['addr', 'del', '10.0.0.9/24', 'dev', 'v0'],
  ['addr', 'add', '10.0.0.5/24', 'dev', 'v0', 'scope', 'bogus'],
  ['addr', 'add', '10.0.0.5/24', 'dev', 'v0', 'foo'],
  ['addr', 'add', '10.0.0.5/24', 'dev', 'v0', 'valid_lft', '10', 'preferred_lft', '20'],
  ['addr', 'flush'],
  ['addr', 'flush', 'dev', 'nosuch'],
  ['route', 'add', '10.1.0.0/16', 'via', '10.0.0.2'],
  ['route', 'add', '10.1.0.0/16', 'to', '1.2.3.4'],
  ['route', 'add', 'garbage', 'via', '10.0.0.2'],
  ['route', 'add', '10.2.0.0/16', 'via', '10.9.9.9'],
  ['route', 'add', '10.2.0.0/16', 'dev', 'nosuch'],
  ['route', 'del', '10.3.0.0/16'],
  ['route', 'add', '10.2.0.0/16', 'via', '10.0.0.2', 'table', 'bogus'],
  ['route', 'add', '10.2.0.0/16', 'via', '10.0.0.2', 'metric', 'x'],
  ['route', 'add', '10.2.0.0/16', 'nhid', 'x'],
  ['route', 'add', '10.2.0.0/16', 'via', 'zz'],
  ['route', 'add', '10.2.0.0/16', 'via', '10.0.0.2', 'proto', 'nonsense'],
  ['route', 'add', '10.2.0.0/16', 'foo'],
  ['route', 'add', '10.2.0.0/16', 'via'],
  ['route', 'add', '10.2.0.0/16', 'via', '2001:db8::1'],
  ['-6', 'route', 'add', '10.0.0.0/8', 'dev', 'v0'],
  ['route', 'add', '10.2.0.0/16', 'nexthop', 'via', '10.0.0.2', 'weight', '0'],
  ['neigh', 'add', '10.0.0.5', 'lladdr', 'zz', 'dev', 'v0'],
  ['neigh', 'add', '10.0.0.6', 'lladdr', '02:00:00:00:00:06', 'dev', 'v0'],
  ['neigh', 'add', '10.0.0.5', 'lladdr', '02:00:00:00:00:05'],
  ['neigh', 'del', '10.0.0.99', 'dev', 'v0'],
  ['neigh', 'add', '10.0.0.5', 'dev', 'v0', 'nud', 'bogus'],
  ['neigh', 'add', '10.0.0.5', 'dev', 'nosuch'],
  ['neigh', 'flush'],
  ['rule', 'add', 'from', '10.0.0.0/8', 'table', '100', 'pref', '100'],
  ['rule', 'del', 'pref', '4242'],
  ['rule', 'add', 'from', 'bogus', 'table', '5'],
  ['rule', 'add', 'table', 'bogus'],
  ['rule', 'add', 'foo'],
  ['rule', 'add', 'fwmark', 'zz', 'table', '5'],
  ['rule', 'add', 'uidrange', '5', 'table', '5'],
  ['rule', 'add', 'pref', '70000000000'],
  ['rule', 'add', 'pref'],
];

/** Mistakes where ip goes on to print its whole usage text: the first line is compared. */
const FIRST_LINE_ONLY = new Set(['link add b1 type bridge foo', 'route flush']);

describe('cli: write mistakes, messages and exit statuses as ip (kernel)', function () {
  this.timeout(20000 * SLOWDOWN);
  let ns: TestNetns | undefined;

  before(function () {
    skipUnlessRoot(this, 'needs root to create a network namespace');
    ns = new TestNetns('lnlwerr');
    ns.ip(['-batch', '-'], {
      input: 'link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\naddr add 10.0.0.1/24 dev v0\nroute add 10.1.0.0/16 via 10.0.0.2\nneigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev v0\nrule add from 10.0.0.0/8 table 100 pref 100\n',
    });
  });
  after(() => ns?.delete());

  for (const words of [...MISTAKES, ['link', 'add', 'b1', 'type', 'bridge', 'foo'], ['route', 'flush']]) {
    it(`linux-netlink ${words.join(' ')}: ip's message and exit status`, async () => {
      const theirs = runIp(['-n', ns!.name, ...words]);
      const ours = await cli(['-n', ns!.name, ...words]);
      const firstLine = FIRST_LINE_ONLY.has(words.join(' '));
      const shown = (r: CliResult): string => (firstLine ? r.stderr.split('\n')[0] : r.stderr);
      expect({ status: ours.status, stderr: asIp(shown(ours)) }).to.deep.equal({ status: theirs.status, stderr: shown(theirs) });
      expect(theirs.status, 'ip refuses this line').to.not.equal(0);
    });
  }
});

describe('cli: -batch and -force as ip -batch (kernel)', function () {
  this.timeout(30000 * SLOWDOWN);
  let dir: string;
  const namespaces: TestNetns[] = [];

  before(function () {
    skipUnlessRoot(this, 'needs root to create network namespaces');
    dir = mkdtempSync(join(tmpdir(), 'lnl-cli-batch-'));
  });
  after(() => {
    for (const ns of namespaces) ns.delete();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `lines` with ip and with us, each in a fresh namespace with a veth up; returns both and the routes. */
  async function both(name: string, lines: string, extra: string[]): Promise<{ ip: CliResult; us: CliResult; ipRoutes: string; usRoutes: string }> {
    const file = join(dir, name);
    writeFileSync(file, lines);
    const [a, b] = [new TestNetns('lnlbip'), new TestNetns('lnlbus')];
    namespaces.push(a, b);
    for (const ns of [a, b]) ns.ip(['-batch', '-'], { input: 'link add v0 type veth peer name v1\nlink set v0 up\n' });
    const ip = runIp(['-n', a.name, ...extra, '-batch', file]);
    const us = await cli(['-n', b.name, ...extra, '-batch', file]);
    return { ip, us, ipRoutes: a.ip(['route', 'show', 'dev', 'v0']), usRoutes: b.ip(['route', 'show', 'dev', 'v0']) };
  }

  const LINES = 'route add 10.1.0.0/16 dev v0\n\n# a comment\nroute add 10.1.0.0/16 dev v0\nroute add 10.2.0.0/16 dev v0\n';

  it('stops at the first failing line without -force: "Command failed FILE:N", exit 1, later lines not run', async () => {
    const r = await both('stop', LINES, []);
    expect({ status: r.us.status, stderr: r.us.stderr }).to.deep.equal({ status: r.ip.status, stderr: r.ip.stderr });
    expect(r.us.stderr).to.match(/Command failed .*stop:4\n$/);
    expect(r.usRoutes).to.equal(r.ipRoutes);
    expect(r.usRoutes).to.not.contain('10.2.0.0');
  });

  it('goes on after a failing line with -force, and still exits 1', async () => {
    const r = await both('force', LINES + 'link set nosuch up\n', ['-force']);
    expect({ status: r.us.status, stderr: r.us.stderr }).to.deep.equal({ status: r.ip.status, stderr: r.ip.stderr });
    expect(r.us.status).to.equal(1);
    expect(r.usRoutes).to.equal(r.ipRoutes);
    expect(r.usRoutes).to.contain('10.2.0.0');
  });

  it('ends at once with 255 on a garbage argument, even with -force (ip exits there)', async () => {
    const r = await both('garbage', 'route add 10.1.0.0/16 dev v0\nroute add 10.3.0.0/16 dev v0 foo\nroute add 10.2.0.0/16 dev v0\n', ['-force']);
    expect({ status: r.us.status, stderr: r.us.stderr }).to.deep.equal({ status: r.ip.status, stderr: r.ip.stderr });
    expect(r.us.status).to.equal(255);
    expect(r.usRoutes).to.equal(r.ipRoutes);
  });

  it('reports a file it cannot read as ip does', async () => {
    const missing = join(dir, 'missing');
    const theirs = runIp(['-batch', missing]);
    const ours = await cli(['-batch', missing]);
    expect({ status: ours.status, stderr: ours.stderr }).to.deep.equal({ status: theirs.status, stderr: theirs.stderr });
  });
});

// `linux-netlink nexthop` against `ip nexthop`: the same topology built twice, once with ip and once with
// linux-netlink, must look the same to `ip -j -d`; listings, messages and exit statuses must be ip's.
import { expect } from 'chai';
import { spawn } from 'child_process';
import { SLOWDOWN, TestNetns, isRoot, skipWithReason } from '../../helpers/netns';
import { differences } from './compare';
import { BIN, runCli, runIp } from './fixture';

/** Nexthop writes in ip's syntax: each runs as `ip nexthop ...` in one namespace and `linux-netlink nexthop ...` in the other. */
const WRITES: string[][] = [
  ['add', 'id', '1', 'via', '10.1.0.2', 'dev', 'v0'],
  ['add', 'id', '2', 'via', '10.1.0.3', 'dev', 'v0', 'onlink', 'proto', 'static'],
  ['add', 'id', '3', 'blackhole'],
  ['add', 'id', '4', 'via', '2001:db8::2', 'dev', 'v0'],
  ['add', 'id', '5', 'via', '10.1.0.9', 'fdb'],
  ['add', 'id', '6', 'dev', 'v0'],
  ['a', 'id', '7', 'via', 'inet6', '2001:db8::7', 'dev', 'v0', 'protocol', 'zebra'],
  ['add', 'id', '10', 'group', '1/2,3'],
  ['add', 'id', '11', 'group', '1,2/2', 'type', 'resilient', 'buckets', '8', 'idle_timer', '60', 'unbalanced_timer', '10'],
  ['add', 'id', '12', 'group', '5', 'fdb'],
  ['add', 'id', '13', 'group', '1/4', 'type', 'mpath'],
  ['replace', 'id', '6', 'via', '10.1.0.6', 'dev', 'v0'],
  ['add', 'id', '8', 'via', '10.1.0.8', 'dev', 'v0'],
  ['del', 'id', '8'],
];
// Routes through them: added with ip in one namespace and with our `route add ... nhid N` in the other.
const ROUTES: string[][] = [
  ['route', 'add', '10.9.0.0/16', 'nhid', '10'],
  ['route', 'add', '10.8.0.0/16', 'nhid', '3'],
  ['route', 'add', '10.7.0.0/16', 'nhid', '11', 'table', '100'],
  ['-6', 'route', 'add', '2001:db8:9::/48', 'nhid', '4'],
];

function prepare(ns: TestNetns): void {
  ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  ns.ip(['link', 'set', 'v0', 'up']);
  ns.ip(['link', 'set', 'v1', 'up']);
  ns.ip(['addr', 'add', '10.1.0.1/24', 'dev', 'v0']);
  ns.ip(['addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad']);
}

describe('cli: nexthop (kernel)', function () {
  this.timeout(60000 * SLOWDOWN);
  let byIp: TestNetns;
  let byUs: TestNetns;

  before(async function () {
    if (!isRoot) skipWithReason(this, 'needs root to create a network namespace');
    byIp = new TestNetns('lnlnh-ip');
    byUs = new TestNetns('lnlnh-us');
    prepare(byIp);
    prepare(byUs);
    for (const args of WRITES) {
      byIp.ip(['nexthop', ...args]);
      const ours = await runCli(['-n', byUs.name, 'nexthop', ...args]);
      expect(ours.stderr, args.join(' ')).to.equal('');
      expect(ours.status, args.join(' ')).to.equal(0);
    }
    for (const args of ROUTES) {
      byIp.ip(args);
      const ours = await runCli(['-n', byUs.name, ...args]);
      expect(ours.stderr, args.join(' ')).to.equal('');
      expect(ours.status, args.join(' ')).to.equal(0);
    }
  });
  after(() => {
    byIp?.delete();
    byUs?.delete();
  });

  it('builds the same nexthops as ip: ip -j -d nexthop show of both namespaces agree', () => {
    const theirs = byIp.ipJson(['-d', 'nexthop', 'show']);
    expect(theirs).to.have.length(11);
    expect(byUs.ipJson(['-d', 'nexthop', 'show'])).to.deep.equal(theirs);
    // The routes through them (the link-local ones differ: the veths' addresses are random).
    const nhidRoutes = (ns: TestNetns) => (ns.ipJson(['-d', 'route', 'show', 'table', 'all']) as any[]).filter((r) => r.nhid !== undefined);
    expect(nhidRoutes(byIp)).to.have.length(4);
    expect(nhidRoutes(byUs)).to.deep.equal(nhidRoutes(byIp));
  });

  const showCases: string[][] = [
    ['nexthop', 'show'],
    ['-d', 'nexthop', 'show'],
    ['nexthop'],
    ['nexthop', 'list', 'groups'],
    ['nexthop', 'show', 'dev', 'v0'],
    ['nexthop', 'show', 'fdb'],
    ['-6', 'nexthop', 'show'],
    ['-4', '-d', 'nexthop', 'show'],
    ['nexthop', 'show', 'protocol', '4'],
    ['nexthop', 'show', 'id', '11'],
    ['-d', 'nexthop', 'get', 'id', '10'],
    ['-d', 'route', 'show'],
    ['-d', 'route', 'show', 'table', '100'],
    ['-6', '-d', 'route', 'show'],
    ['-d', 'route', 'get', '10.9.1.1'],
  ];
  for (const args of showCases) {
    it(`prints ${args.join(' ')} like ip, text and JSON`, async () => {
      const text = await runCli(['-n', byIp.name, ...args]);
      expect(text.stderr).to.equal('');
      expect(text.stdout).to.equal(byIp.ip(args));
      const json = await runCli(['-n', byIp.name, '-j', ...args]);
      const theirs = byIp.ipJson(args);
      expect(theirs).to.not.be.empty;
      expect(differences(JSON.parse(json.stdout), theirs)).to.deep.equal([]);
    });
  }

  it("ip -d route's nh_info is there for every nhid route (so the comparisons above cannot pass without it)", async () => {
    const ours = JSON.parse((await runCli(['-n', byIp.name, '-j', '-d', 'route', 'show', 'table', 'all'])).stdout) as any[];
    const nhid = ours.filter((r) => r.nhid !== undefined);
    expect(nhid.map((r) => r.nhid).sort()).to.deep.equal([10, 11, 3, 4]);
    for (const r of nhid) expect(r.nh_info.id).to.equal(r.nhid);
  });

  // Mistakes ip reports itself (exit 255 or 1, as ip) and refusals of the kernel (exit 2).
  const errorCases: string[][] = [
    ['add', 'id', '1', 'via', '10.1.0.2', 'dev', 'v0'],
    ['get', 'id', '99'],
    ['del', 'id', '99'],
    ['add', 'id', '20', 'group', '99'],
    ['add', 'id', '20', 'group', '10'],
    ['add', 'id', '20', 'blackhole', 'dev', 'v0'],
    ['add', 'id', '20', 'group', '1', 'type', 'resilient', 'buckets', '0'],
    ['add', 'id', '20'],
    ['add', 'id', '20', 'group', '1,300'],
    ['add', 'id', '20', 'bogus'],
    ['add', 'id', 'x'],
    ['add', 'id', '20', 'via', '10.1.0.5', 'dev', 'nope0'],
    ['add', 'id', '20', 'group', '1', 'type', 'foo'],
    ['add', 'id', '20', 'dev', 'v0', 'via', '2001:db8::5'],
    ['add', 'id', '20', 'via'],
    ['show', 'bogus'],
  ];
  for (const args of errorCases) {
    it(`nexthop ${args.join(' ')} fails with ip's message`, async () => {
      const ours = await runCli(['-n', byIp.name, 'nexthop', ...args]);
      const theirs = runIp(['-n', byIp.name, 'nexthop', ...args]);
      expect(theirs.status, 'ip fails too').to.not.equal(0);
      expect(ours.stderr).to.equal(theirs.stderr);
      expect(ours.status).to.equal(theirs.status);
      expect(ours.stdout).to.equal('');
    });
  }

  it('an unknown command and a get without id exit 255, as ip (which names itself in the message)', async () => {
    const unknown = await runCli(['-n', byIp.name, 'nexthop', 'bogus']);
    expect(unknown.status).to.equal(runIp(['-n', byIp.name, 'nexthop', 'bogus']).status);
    expect(unknown.stderr).to.equal('Command "bogus" is unknown, try "linux-netlink nexthop help".\n');
    const get = await runCli(['-n', byIp.name, 'nexthop', 'get']);
    expect(get.status).to.equal(runIp(['-n', byIp.name, 'nexthop', 'get']).status);
    expect(get.stderr).to.match(/^Usage: linux-netlink nexthop/);
  });

  it('flushes as ip does: by selector, then everything, with its message', async () => {
    for (const args of [['flush', 'dev', 'v0'], ['flush'], ['flush']]) {
      const theirs = runIp(['-n', byIp.name, 'nexthop', ...args]);
      const ours = await runCli(['-n', byUs.name, 'nexthop', ...args]);
      expect(ours.stderr, args.join(' ')).to.equal('');
      expect(ours.status).to.equal(theirs.status);
      expect(ours.stdout, args.join(' ')).to.equal(theirs.stdout);
      expect(byUs.ipJson(['-d', 'nexthop', 'show']), args.join(' ')).to.deep.equal(byIp.ipJson(['-d', 'nexthop', 'show']));
    }
    expect(byUs.ipJson(['nexthop', 'show'])).to.deep.equal([]);
  });

  it('the monitor prints nexthop changes as ip nexthop show prints them, deletions marked', async () => {
    const ns = byUs;
    const child = spawn(process.execPath, [BIN, '-n', ns.name, 'monitor', 'nexthop'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const waitFor = async (text: string): Promise<void> => {
      const deadline = Date.now() + 10000 * SLOWDOWN;
      while (!out.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      // Live once a probe shows up: add and delete it until one does.
      for (let i = 0; i < 100 && !out.includes('id 99 '); i++) {
        ns.ip(['nexthop', 'replace', 'id', '99', 'blackhole']);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitFor('id 99 ');
      ns.ip(['nexthop', 'del', 'id', '99']);
      await waitFor('Deleted id 99 ');
      out = '';
      ns.ip(['nexthop', 'add', 'id', '40', 'via', '10.1.0.4', 'dev', 'v0', 'proto', 'static']);
      const shown = ns.ip(['nexthop', 'show', 'id', '40']);
      ns.ip(['nexthop', 'del', 'id', '40']);
      await waitFor('Deleted id 40 ');
      expect(out).to.equal(`${shown}Deleted ${shown}`);
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});

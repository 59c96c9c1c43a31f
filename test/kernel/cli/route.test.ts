// `linux-netlink route show|get` against `ip -j route show|get` on the same namespace.
import { expect } from 'chai';
import { SLOWDOWN, withNetns } from '../../helpers/netns';
import { differences, skipNote, type CompareRules } from './compare';
import { populate, runCli, runIp } from './fixture';

const ROUTE_RULES: CompareRules = {
  // IPv6 prefix routes of addresses with a lifetime count down between the two runs.
  close: { expires: 2 },
};

/** The rules for a comparison whose first run began at `started`: lifetimes also moved by what elapsed. */
function rulesSince(started: number): CompareRules {
  return { ...ROUTE_RULES, close: { expires: 2 + (Date.now() - started) / 1000 } };
}

describe('cli: route (kernel)', function () {
  const netns = withNetns('lnlcli');
  before(async function () {
    this.timeout(30000 * SLOWDOWN);
    await populate(netns.ns);
  });

  const showCases: string[][] = [
    ['route', 'show'],
    ['-d', 'route', 'show'],
    ['-d', 'route', 'show', 'table', 'all'],
    ['route', 'show', 'table', 'all'],
    ['-d', 'route', 'show', 'table', '100'],
    ['-d', 'route', 'show', 'table', '1000'],
    ['-d', 'route', 'show', 'table', '300'],
    ['-d', 'route', 'show', 'table', '400'],
    ['-d', 'route', 'show', 'table', 'local'],
    ['-6', '-d', 'route', 'show'],
    ['-6', 'route', 'show', 'table', '100'],
    ['-d', 'route', 'show', 'dev', 'v0'],
    ['-d', 'route', 'show', 'proto', 'static'],
    ['-d', 'route', 'show', 'table', 'all', 'type', 'local'],
  ];
  for (const args of showCases) {
    it(`-j ${args.join(' ')} matches ip${skipNote(ROUTE_RULES)}`, async () => {
      const started = Date.now();
      const ours = await runCli(['-n', netns.ns.name, '-j', ...args]);
      expect(ours.stderr).to.equal('');
      expect(ours.status).to.equal(0);
      const theirs = netns.ns.ipJson(args);
      expect(theirs, 'ip printed routes').to.be.an('array').that.is.not.empty;
      expect(differences(JSON.parse(ours.stdout), theirs, rulesSince(started))).to.deep.equal([]);
    });
  }

  it('abbreviations work as in ip (r s t 100)', async () => {
    const ours = await runCli(['-n', netns.ns.name, '-j', 'r', 's', 't', '100']);
    expect(JSON.parse(ours.stdout)).to.deep.equal(netns.ns.ipJson(['route', 'show', 'table', '100']));
  });

  const getCases: string[][] = [
    ['route', 'get', '10.3.2.3'],
    ['-d', 'route', 'get', '10.3.2.3'],
    ['route', 'get', '10.3.2.3', 'from', '10.0.0.1', 'mark', '5', 'uid', '100'],
    ['route', 'get', 'fibmatch', '10.3.2.3'],
    ['-d', 'route', 'get', '10.3.2.3', 'fibmatch'],
    ['route', 'get', '10.0.0.1'],
    ['route', 'get', '10.200.0.1', 'oif', 'v0'],
    ['route', 'get', '2001:db8:2::5'],
    ['-d', 'route', 'get', '2001:db8:2::5'],
    ['route', 'get', '10.1.2.3', 'mark', '0x10'],
    ['route', 'get', '10.98.1.1'],
    ['route', 'get', '10.99.1.1'],
  ];
  for (const args of getCases) {
    it(`-j ${args.join(' ')} matches ip (an array with one route)`, async () => {
      const started = Date.now();
      const ours = await runCli(['-n', netns.ns.name, '-j', ...args]);
      expect(ours.stderr).to.equal('');
      expect(ours.status).to.equal(0);
      const theirs = netns.ns.ipJson(args);
      expect(theirs).to.have.length(1);
      expect(differences(JSON.parse(ours.stdout), theirs, rulesSince(started))).to.deep.equal([]);
    });
  }

  for (const args of [['route', 'show', 'table', '1000'], ['route', 'show'], ['-d', 'route', 'show', 'table', '400'], ['-6', 'route', 'show']]) {
    it(`prints ${args.join(' ')} like ip, human-readable`, async () => {
      const normalize = (text: string) => text.split('\n').map((l) => l.trimEnd().replace(/expires \d+sec/, 'expires Nsec'));
      const ours = await runCli(['-n', netns.ns.name, ...args]);
      expect(normalize(ours.stdout), args.join(' ')).to.deep.equal(normalize(netns.ns.ip(args)));
    });
  }

  const errorCases: string[][] = [
    ['route', 'get', '10.4.0.1'], // a blackhole route: EINVAL
    ['-6', 'route', 'get', '2001:db9::1'], // no IPv6 default route: ENETUNREACH
    ['route', 'get', '10.9.9.9', 'iif', 'v0'], // forwarding is off
  ];
  for (const args of errorCases) {
    it(`${args.join(' ')} fails with ip's message and exit status`, async () => {
      const ours = await runCli(['-n', netns.ns.name, ...args]);
      const theirs = runIp(['-n', netns.ns.name, ...args]);
      expect(theirs.status, 'ip fails too').to.equal(2);
      expect(ours.status).to.equal(2);
      expect(ours.stderr).to.equal(theirs.stderr);
      expect(ours.stdout).to.equal('');
    });
  }

  it('a missing device, a bad argument and a missing namespace are errors with a message', async () => {
    const noDevice = await runCli(['-n', netns.ns.name, 'route', 'show', 'dev', 'nonexistent0']);
    expect(noDevice.status).to.equal(1);
    expect(noDevice.stderr).to.contain('"nonexistent0"');
    const garbage = await runCli(['-n', netns.ns.name, 'route', 'show', 'bogus']);
    expect(garbage.status).to.equal(1);
    expect(garbage.stderr).to.contain('"bogus"');
    const noGet = await runCli(['-n', netns.ns.name, 'route', 'get']);
    expect(noGet.status).to.equal(1);
    expect(noGet.stderr).to.equal('need at least a destination address\n');
    const noNamespace = await runCli(['-n', `${netns.ns.name}-missing`, 'route', 'show']);
    expect(noNamespace.status).to.not.equal(0);
    expect(noNamespace.stderr).to.equal(`Cannot open network namespace "${netns.ns.name}-missing": No such file or directory\n`);
  });
});

// The programs in examples/: each runs as a user would run it (`node examples/NAME`, importing the package by its
// name), and what it prints is checked against iproute2 where iproute2 can say. The veth example changes state
// only inside the namespace it creates and deletes itself; this test checks that it is gone afterwards.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { ip, ipJson, skipUnlessRoot, skipWithReason, SLOWDOWN } from '../helpers/netns';

const root = join(__dirname, '../../..');
const examples = join(root, 'examples');

/** Runs one example; its stdout lines (it must exit 0 and write nothing to stderr). */
function run(name: string, args: string[] = []): { lines: string[]; pid: number } {
  const result = spawnSync(process.execPath, [join(examples, name), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30000 * SLOWDOWN,
  });
  expect(result.error, `${name}: ${result.error}`).to.equal(undefined);
  expect(result.stderr, `${name} wrote to stderr`).to.equal('');
  expect(result.status, `${name} exit status`).to.equal(0);
  return { lines: result.stdout.trim().split('\n'), pid: result.pid };
}

interface IpLink {
  ifindex: number;
  ifname: string;
  mtu: number;
}

describe('examples/', function () {
  this.timeout(60000 * SLOWDOWN);

  before(function () {
    // The QEMU guest carries the package's code and tests, not its examples.
    if (!existsSync(examples)) skipWithReason(this, 'examples/ is not part of this copy of the package');
  });

  function needsIp(ctx: Mocha.Context): void {
    try {
      ip(['-V']);
    } catch {
      skipWithReason(ctx, 'iproute2 (ip) is not installed');
    }
  }

  it('list-links.js (CommonJS) lists the links ip lists, with their index and MTU', function () {
    needsIp(this);
    const expected = ipJson<IpLink[]>(['-j', 'link', 'show']).map((l) => `${l.ifindex} ${l.ifname} ${l.mtu}`);
    const { lines } = run('list-links.js');
    const got = lines.map((line) => line.split(' ')).map(([ifindex, ifname, , , mtu]) => `${ifindex} ${ifname} ${mtu}`);
    expect(got).to.deep.equal(expected);
  });

  it('raw-dump.mjs (the core alone) reads the names and MTUs ip lists', function () {
    needsIp(this);
    const expected = ipJson<IpLink[]>(['-j', 'link', 'show']).map((l) => `${l.ifindex} ${l.ifname} ${l.mtu}`);
    const { lines } = run('raw-dump.mjs');
    expect(lines.slice(0, -1)).to.deep.equal(expected);
    expect(lines[lines.length - 1]).to.match(new RegExp(`^${expected.length} links; interrupted: false; strict checking: (true|false)$`));
  });

  it('route-get.mjs finds the route ip route get finds', function () {
    needsIp(this);
    const [expected] = ipJson<Array<{ type?: string; dst: string; dev: string; prefsrc?: string }>>(['-j', 'route', 'get', '127.0.0.1']);
    const { lines } = run('route-get.mjs', ['127.0.0.1']);
    expect(lines).to.deep.equal([`${expected.type ?? 'unicast'} 127.0.0.1 dev ${expected.dev}${expected.prefsrc ? ` src ${expected.prefsrc}` : ''}`]);
  });

  it('uevent-monitor.mjs ends on its timeout and says what it read', () => {
    const started = Date.now();
    const { lines } = run('uevent-monitor.mjs', ['300', 'net']);
    expect(Date.now() - started).to.be.at.least(300);
    expect(lines[lines.length - 1]).to.match(/^\d+ uevents in 300 ms; \d+ datagrams read$/);
  });

  it('veth-netns.mjs builds and removes a veth pair in a namespace of its own, and deletes the namespace', function () {
    skipUnlessRoot(this, 'the veth example creates a network namespace');
    needsIp(this);
    const { lines, pid } = run('veth-netns.mjs');
    expect(lines).to.include('adding it twice: EEXIST 17');
    expect(lines.filter((l) => /^veth[01] /.test(l)).sort()).to.deep.equal([
      'veth0 1500 up,broadcast,running,multicast,lowerUp',
      'veth1 1400 up,broadcast,running,multicast,lowerUp',
    ]);
    expect(lines).to.include.members(['192.0.2.1/24 veth0', '192.0.2.2/24 veth1']);
    expect(lines.find((l) => l.startsWith('192.0.2.9:'))).to.match(/^192\.0\.2\.9: unicast dev veth[01] src 192\.0\.2\.[12]$/);
    expect(lines[lines.length - 1]).to.equal('veth links left: 0');
    expect(ip(['netns', 'list'])).not.to.include(`lnl-example-${pid}`);
  });
});

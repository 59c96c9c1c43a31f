// MCTP over rtnetlink on the guest kernel (CONFIG_MCTP, CONFIG_MCTP_SERIAL): local EIDs, routes, neighbours, the
// network id of a link and the monitor, in a private namespace, on lo, on a tun link (ARPHRD_NONE, which MCTP
// takes), and on a real mctp-serial link made by putting a serial port under the N_MCTP line discipline. What is
// read back is checked against what the kernel does on its own, never against our encoder: the local route it
// adds for each EID, its refusals and their extended-ACK text, and sysfs.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { PassThrough } from 'stream';
import { NetlinkError } from '../../lib/core';
import { RouteClient, type ChangeEvent, type RouteMonitor } from '../../lib/route';
import { run as runCli } from '../../lib/cli/main';
import { SLOWDOWN, ip, withNetns } from '../helpers/netns';
import { rejection } from '../helpers/rejection';
import { skipBecause, skipUnlessGuest } from './guest';

const ARPHRD_MCTP = 290;

/** The kernel's refusal of a request (a NetlinkError), or a failed test. */
async function refusal(promise: Promise<unknown>): Promise<NetlinkError> {
  const err = await rejection(promise);
  expect(err).to.be.instanceOf(NetlinkError);
  return err as NetlinkError;
}

/** Runs the command in this process (a node start costs seconds in the guest) and returns its output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await runCli(args, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

/** The next change event the test wants, within a time limit. */
function nextChange(monitor: RouteMonitor, test: (e: ChangeEvent) => boolean): Promise<ChangeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off('change', listener);
      reject(new Error('no such change event'));
    }, 10000 * SLOWDOWN);
    const listener = (e: ChangeEvent): void => {
      if (!test(e)) return;
      clearTimeout(timer);
      monitor.off('change', listener);
      resolve(e);
    };
    monitor.on('change', listener);
  });
}

describe('guest kernel: MCTP over rtnetlink', function () {
  before(function () {
    skipUnlessGuest(this);
  });
  const env = withNetns('q-mctp');
  let client: RouteClient;
  let tun: number;

  before(async function () {
    client = RouteClient.open({ netns: env.ns.name });
    if ((await client.mctpLinks({ link: 'lo' })).length === 0) skipBecause(this, 'this kernel has no CONFIG_MCTP (lo has no AF_MCTP part)');
    env.ns.ip(['tuntap', 'add', 'dev', 'mtun0', 'mode', 'tun']);
    env.ns.ip(['link', 'set', 'mtun0', 'up']);
    tun = env.ns.ipJson(['link', 'show', 'mtun0'])[0].ifindex;
  });
  after(() => client?.close());

  it('MCTP: lists lo and a tun link as MCTP links of network 1', async () => {
    const links = await client.mctpLinks();
    const byName = new Map(links.map((l) => [l.ifname, l]));
    expect([...byName.keys()]).to.have.members(['lo', 'mtun0']);
    for (const l of links) expect(l.afSpec && !Buffer.isBuffer(l.afSpec) ? l.afSpec.mctp?.net : undefined).to.equal(1);
  });

  it('MCTP: adds and deletes local EIDs; the kernel adds and drops a local route for each', async () => {
    await client.addMctpAddress({ eid: 8, link: 'lo' });
    await client.addMctpAddress({ eid: 0x1d, link: tun });
    const addresses = await client.mctpAddresses();
    expect(addresses.map((a) => [a.ifindex, a.local, a.address])).to.have.deep.members([
      [1, 8, 8],
      [tun, 0x1d, 0x1d],
    ]);
    expect((await client.mctpAddresses({ link: 'lo' })).map((a) => a.local)).to.deep.equal([8]);
    // The kernel's own answer: a local route per EID, made by mctp_route_add_local, not by anything we sent.
    const local = (await client.mctpRoutes()).filter((r) => r.type === 'local');
    expect(local.map((r) => [r.dst, r.dstLen, r.oif])).to.have.deep.members([
      [8, 0, 1],
      [0x1d, 0, tun],
    ]);
    expect((await refusal(client.addMctpAddress({ eid: 8, link: 'lo' }))).code).to.equal('EEXIST');
    expect((await refusal(client.addMctpAddress({ eid: 0xff, link: 'lo' }))).code).to.equal('EINVAL'); // broadcast
    await client.deleteMctpAddress({ eid: 0x1d, link: tun });
    expect((await client.mctpRoutes()).filter((r) => r.type === 'local').map((r) => r.dst)).to.deep.equal([8]);
    expect((await refusal(client.deleteMctpAddress({ eid: 0x1d, link: tun }))).code).to.equal('ENOENT');
  });

  it('MCTP: adds routes to EID ranges with an MTU, refuses them on loopback, and deletes them', async () => {
    await client.addMctpRoute({ eid: 20, extent: 4, link: 'mtun0', mtu: 254 });
    await client.addMctpRoute({ eid: 40, link: tun });
    const routes = (await client.mctpRoutes({ link: tun })).filter((r) => r.type === 'unicast');
    expect(routes.map((r) => ({ dst: r.dst, dstLen: r.dstLen, mtu: r.metrics?.mtu, table: r.table, protocol: r.protocol, scope: r.scope }))).to.have.deep.members([
      { dst: 20, dstLen: 4, mtu: 254, table: 253, protocol: 'static', scope: 'link' },
      { dst: 40, dstLen: 0, mtu: undefined, table: 253, protocol: 'static', scope: 'link' },
    ]);
    const refused = await refusal(client.addMctpRoute({ eid: 50, link: 'lo' }));
    expect([refused.code, refused.extAck]).to.deep.equal(['EINVAL', 'no routes to loopback']);
    await client.deleteMctpRoute({ eid: 20, extent: 4, link: tun });
    expect((await refusal(client.deleteMctpRoute({ eid: 20, extent: 4, link: tun }))).code).to.equal('ENOENT');
    expect((await client.mctpRoutes({ link: tun })).filter((r) => r.type === 'unicast').map((r) => r.dst)).to.deep.equal([40]);
    await client.deleteMctpRoute({ eid: 40, link: tun });
  });

  it('MCTP: adds neighbours with physical addresses as long as the link has, and deletes them', async () => {
    await client.addMctpNeighbour({ eid: 9, link: 'lo', lladdr: '02:00:00:00:00:09' });
    await client.addMctpNeighbour({ eid: 41, link: tun, lladdr: '' }); // a tun link has no physical address
    const neighbours = await client.mctpNeighbours();
    expect(neighbours.map((n) => [n.ifindex, n.dst, n.lladdr, n.state])).to.have.deep.members([
      [1, 9, '02:00:00:00:00:09', ['permanent']],
      [tun, 41, '', ['permanent']],
    ]);
    expect((await client.mctpNeighbours({ link: tun })).map((n) => n.dst)).to.deep.equal([41]);
    const refused = await refusal(client.addMctpNeighbour({ eid: 10, link: 'lo', lladdr: '02:00' }));
    expect([refused.code, refused.extAck]).to.deep.equal(['EINVAL', 'Wrong lladdr length']);
    await client.deleteMctpNeighbour({ eid: 41, link: tun });
    expect((await refusal(client.deleteMctpNeighbour({ eid: 41, link: tun }))).code).to.equal('ENOENT');
    await client.deleteMctpNeighbour({ eid: 9, link: 'lo' });
    expect(await client.mctpNeighbours()).to.deep.equal([]);
  });

  it('MCTP: the monitor sees EIDs come and go and a link change its network', async () => {
    const monitor = client.monitor(['mctp-addr', 'link']);
    try {
      const added = nextChange(monitor, (e) => e.object === 'mctpAddress' && e.action === 'new');
      await client.addMctpAddress({ eid: 12, link: tun });
      const a = await added;
      expect(a.object === 'mctpAddress' && [a.value.family, a.value.ifindex, a.value.local]).to.deep.equal(['mctp', tun, 12]);
      const removed = nextChange(monitor, (e) => e.object === 'mctpAddress' && e.action === 'del');
      await client.deleteMctpAddress({ eid: 12, link: tun });
      const d = await removed;
      expect(d.object === 'mctpAddress' && d.value.local).to.equal(12);
      const moved = nextChange(monitor, (e) => e.object === 'link' && e.value.ifindex === tun);
      await client.setMctpNet(tun, 7);
      const l = await moved;
      expect(l.object === 'link' && l.value.afSpec && !Buffer.isBuffer(l.value.afSpec) && l.value.afSpec.mctp?.net).to.equal(7);
    } finally {
      monitor.close();
    }
    expect((await client.mctpLinks({ link: tun })).map((l) => (l.afSpec && !Buffer.isBuffer(l.afSpec) ? l.afSpec.mctp?.net : 0))).to.deep.equal([7]);
    await client.setMctpNet(tun, 1);
  });

  it('MCTP: the mctp command prints links, EIDs, routes and neighbours as CodeConstruct mctp does', async () => {
    const ns = env.ns.name;
    expect((await cli(['-n', ns, 'mctp', 'addr', 'add', '0x10', 'dev', 'mtun0'])).code).to.equal(0);
    expect((await cli(['-n', ns, 'mctp', 'route', 'add', '30-32', 'via', 'mtun0', 'mtu', '100'])).code).to.equal(0);
    expect((await cli(['-n', ns, 'mctp', 'neigh', 'add', '31', 'dev', 'lo', 'lladdr', '02:00:00:00:00:1f'])).code).to.equal(0);
    expect((await cli(['-n', ns, 'mctp', 'link', 'set', 'mtun0', 'network', '3'])).code).to.equal(0);
    const link = await cli(['-n', ns, 'mctp', 'link', 'show', 'mtun0']);
    expect(link.stdout).to.equal(`dev mtun0 index ${tun} address none net 3 mtu 1500 up\n`);
    expect((await cli(['-n', ns, 'mctp', 'addr', 'show', 'mtun0'])).stdout).to.equal('eid 16 net 3 dev mtun0\n');
    expect((await cli(['-n', ns, 'mctp', 'route'])).stdout.split('\n')).to.include('eid min 30 max 32 net 3 dev mtun0 mtu 100');
    expect((await cli(['-n', ns, 'mctp', 'neigh', 'show', 'dev', 'lo'])).stdout).to.equal('eid 31 net 1 dev lo lladdr 02:00:00:00:00:1f\n');
    const json = JSON.parse((await cli(['-n', ns, '-j', 'mctp', 'addr'])).stdout);
    expect(json).to.deep.include({ eid: 16, net: 3, dev: 'mtun0' });
    const refused = await cli(['-n', ns, 'mctp', 'route', 'add', '50', 'via', 'lo']);
    expect([refused.code, refused.stderr]).to.deep.equal([2, 'Error: no routes to loopback.\n']);
    for (const args of [
      ['mctp', 'addr', 'del', '16', 'dev', 'mtun0'],
      ['mctp', 'route', 'del', '30-32', 'via', 'mtun0'],
      ['mctp', 'neigh', 'del', '31', 'dev', 'lo'],
      ['mctp', 'link', 'set', 'mtun0', 'net', '1'],
    ]) expect((await cli(['-n', ns, ...args])).code, args.join(' ')).to.equal(0);
  });

  describe('on a real mctp-serial link (a serial port under the N_MCTP line discipline)', function () {
    let ldattach: ChildProcess | undefined;
    let name: string;

    before(async function () {
      if (!existsSync('/usr/sbin/ldattach')) skipBecause(this, 'the root filesystem has no ldattach (util-linux)');
      const before = new Set(readdirSync('/sys/class/net'));
      // A UART of the emulated AST2500 that is not the console (ttyS4); QEMU gives it a null backend.
      const port = ['/dev/ttyS0', '/dev/ttyS1', '/dev/ttyS2', '/dev/ttyS3'].find((p) => existsSync(p));
      if (port === undefined) skipBecause(this, 'the guest has no spare serial port');
      ldattach = spawn('ldattach', ['-d', '28', port], { stdio: 'ignore' });
      const deadline = Date.now() + 10000 * SLOWDOWN;
      for (;;) {
        const made = readdirSync('/sys/class/net').find((n) => !before.has(n) && n.startsWith('mctpserial'));
        if (made !== undefined) {
          name = made;
          break;
        }
        // ldattach gives up at once when the kernel has no line discipline 28 (5.15 has MCTP but no mctp-serial).
        if (ldattach.exitCode !== null) skipBecause(this, `ldattach 28 ${port} failed: this kernel has no N_MCTP line discipline (CONFIG_MCTP_SERIAL)`);
        if (Date.now() > deadline) throw new Error(`ldattach 28 ${port} made no mctpserial link`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // The kernel registers it in the initial namespace: move it into the test's at once.
      ip(['link', 'set', name, 'netns', env.ns.name]);
    });

    after(async () => {
      // Still running only when it neither exited nor died of a signal (the test itself ends it with SIGTERM).
      if (ldattach && ldattach.exitCode === null && ldattach.signalCode === null) {
        const exited = new Promise((resolve) => ldattach!.once('exit', resolve));
        ldattach.kill('SIGTERM');
        await exited;
      }
    });

    it('MCTP: an mctp-serial link takes EIDs, routes and a network, and goes when the line discipline does', async () => {
      const sysType = Number(env.ns.exec('cat', [`/sys/class/net/${name}/type`]).trim());
      expect(sysType).to.equal(ARPHRD_MCTP);
      await client.setLink(name, { up: true });
      const [link] = await client.mctpLinks({ link: name });
      expect([link.type, link.mtu]).to.deep.equal([sysType, Number(env.ns.exec('cat', [`/sys/class/net/${name}/mtu`]).trim())]);
      // Network 2 first: lo already has EID 8 in network 1, and the kernel keeps one local route per EID and network
      // (a second link of network 1 would get the EID without its local route).
      await client.setMctpNet(name, 2);
      await client.addMctpAddress({ eid: 8, link: name });
      await client.addMctpRoute({ eid: 9, link: name });
      await client.addMctpNeighbour({ eid: 9, link: name, lladdr: '' });
      const ifindex = link.ifindex;
      expect((await client.mctpAddresses({ link: name })).map((a) => a.local)).to.deep.equal([8]);
      expect((await client.mctpRoutes({ link: name })).map((r) => [r.dst, r.type]).sort()).to.deep.equal([
        [8, 'local'],
        [9, 'unicast'],
      ]);
      expect((await client.mctpNeighbours({ link: name })).map((n) => [n.ifindex, n.dst])).to.deep.equal([[ifindex, 9]]);
      const shown = await cli(['-n', env.ns.name, 'mctp', 'link', 'show', name]);
      expect(shown.stdout).to.equal(`dev ${name} index ${ifindex} address none net 2 mtu ${link.mtu} up\n`);
      // Ending the line discipline unregisters the link, and the kernel drops its EIDs, routes and neighbours.
      const exited = new Promise((resolve) => ldattach!.once('exit', resolve));
      ldattach!.kill('SIGTERM');
      await exited;
      const deadline = Date.now() + 10000 * SLOWDOWN;
      while ((await client.links()).some((l) => l.ifname === name)) {
        if (Date.now() > deadline) throw new Error(`${name} outlived its line discipline`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await client.mctpRoutes()).filter((r) => r.oif === ifindex)).to.deep.equal([]);
      expect((await client.mctpNeighbours()).filter((n) => n.ifindex === ifindex)).to.deep.equal([]);
      expect((await client.mctpAddresses()).filter((a) => a.ifindex === ifindex)).to.deep.equal([]);
    });
  });
});

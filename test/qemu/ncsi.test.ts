// NC-SI against QEMU's responder: Romulus wires the guest's first MAC (eth0, ftgmac100) to NC-SI, and the pipeline
// attaches it to QEMU's user-mode backend (restrict=on), which answers NC-SI commands. What the kernel learned from
// that responder (package info) is checked against what our own decoding of the same commands says.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import { FamilyNotFoundError } from '../../lib/genl';
import { NcsiClient, NcsiPackage } from '../../lib/ncsi';
import { inGuest, skipBecause, skipUnlessGuest } from './guest';

const DEV = 'eth0';

// Outside the guest the reason is in the suite's title: a skip in `before` has no test to name it on.
describe(`guest: ncsi against QEMU's NC-SI responder${inGuest ? '' : ' (skipped: runs only inside the QEMU guest, see npm run test:qemu)'}`, function () {
  this.timeout(60000);
  let client: NcsiClient;
  let ifindex: number;
  let packages: NcsiPackage[];

  before(async function () {
    skipUnlessGuest(this);
    if (!existsSync(`/sys/class/net/${DEV}`)) skipBecause(this, `the guest has no ${DEV}`);
    ifindex = Number(readFileSync(`/sys/class/net/${DEV}/ifindex`, 'utf8'));
    client = NcsiClient.open({ timeout: 10000 });
    // The kernel probes packages and channels after the interface comes up: wait for a channel to be active.
    for (let i = 0; ; i++) {
      try {
        packages = await client.packageInfo(ifindex);
      } catch (err) {
        if (err instanceof FamilyNotFoundError) skipBecause(this, 'this guest kernel has no NCSI family (CONFIG_NET_NCSI)');
        if ((err as { code?: string }).code === 'ENODEV' && i >= 20) skipBecause(this, `${DEV} is not an NC-SI interface (no use-ncsi, or no NC-SI backend)`);
        if ((err as { code?: string }).code !== 'ENODEV') throw err;
      }
      if (packages?.some((p) => p.channels.some((c) => c.active)) || i >= 30) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
  after(() => client?.close());

  it(`reports ${DEV}'s packages and channels, one channel active with its link up`, () => {
    expect(packages.length).to.be.greaterThan(0);
    const channels = packages.flatMap((p) => p.channels);
    expect(channels.length).to.be.greaterThan(0);
    const active = channels.filter((c) => c.active);
    expect(active.length).to.equal(1);
    expect(active[0].linkUp).to.equal(true);
    expect(packages.every((p) => !p.forced)).to.equal(true);
  });

  it('package info for one package (do) is that package of the dump', async () => {
    const [first] = packages;
    expect(await client.packageInfo(ifindex, first.id)).to.deep.equal([first]);
  });

  it('Get Version ID: the response decodes to what the kernel decoded from its own (firmware name, NC-SI version)', async () => {
    const active = activeChannel(packages);
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'get-version-id' });
    expect(r.timedOut).to.equal(false);
    expect([r.ifindex, r.packageId, r.channelId]).to.deep.equal([ifindex, active.packageId, active.channel.id]);
    const response = r.response!;
    expect([response.command, response.codeName, response.header.type]).to.deep.equal(['get-version-id', 'completed', 0x95]);
    expect(response.checksumValid).to.not.equal(false);
    if (response.command !== 'get-version-id' || !response.versionId) throw new Error('no Get Version ID payload');
    expect(response.versionId.firmwareName).to.equal(active.channel.version);
    // Kernels since 5.17 report the BCD-decoded major and minor; older ones (5.15) the raw 32-bit version and alpha2.
    const v = response.versionId.ncsiVersion;
    const kernelSays = [active.channel.versionMajor, active.channel.versionMinor];
    expect([[v.major, v.minor], [response.payload.readUInt32BE(0), v.alpha2]]).to.deep.include(kernelSays);
  });

  it('Get Link Status: the Link Status field is the one the kernel reports as the channel\'s link state', async () => {
    const active = activeChannel(packages);
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'get-link-status' });
    const response = r.response!;
    if (response.command !== 'get-link-status' || !response.linkStatus) throw new Error(`no Get Link Status payload: ${response.codeName}`);
    expect(response.linkStatus.status).to.equal(active.channel.linkState);
    expect(response.linkStatus.linkUp).to.equal(true);
  });

  it('Get Capabilities: completed, with a typed payload', async () => {
    const active = activeChannel(packages);
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'get-capabilities' });
    const response = r.response!;
    expect([response.command, response.codeName]).to.deep.equal(['get-capabilities', 'completed']);
    if (response.command !== 'get-capabilities' || !response.capabilities) throw new Error('no Get Capabilities payload');
    expect(response.capabilities.unicastFilterCount).to.be.a('number');
  });

  it('a command the kernel cannot send rejects with its errno (both of its errors taken as one), and the next one works', async () => {
    const active = activeChannel(packages);
    // Channel 32 is past NCSI_MAX_CHANNEL: ncsi_send_netlink_err sends ERANGE, then the operation's own ERANGE.
    const frame = Buffer.from('0001000115000000000000000000000000000000', 'hex');
    const err = await client.sendCommand(ifindex, active.packageId, 32, frame).then(() => undefined, (e: Error & { code?: string }) => e);
    expect(err?.code).to.equal('ERANGE');
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'get-link-status' });
    expect(r.response?.codeName).to.equal('completed');
    const missing = await client.sendCommand(0x7ffffff0, 0, 0, { command: 'get-link-status' }).then(() => undefined, (e: Error & { code?: string }) => e);
    expect(missing?.code).to.equal('ENODEV');
  });

  it('set-interface forces a package and channel, clear-interface lets go', async () => {
    const active = activeChannel(packages);
    try {
      await client.setInterface(ifindex, active.packageId, active.channel.id);
      const forced = await client.packageInfo(ifindex);
      const p = forced.find((x) => x.id === active.packageId)!;
      expect(p.forced).to.equal(true);
      expect(p.channels.find((c) => c.id === active.channel.id)!.forced).to.equal(true);
    } finally {
      await client.clearInterface(ifindex);
    }
    const cleared = await client.packageInfo(ifindex);
    expect(cleared.every((p) => !p.forced && p.channels.every((c) => !c.forced))).to.equal(true);
  });
});

function activeChannel(packages: NcsiPackage[]): { packageId: number; channel: NcsiPackage['channels'][number] } {
  for (const p of packages) for (const c of p.channels) if (c.active) return { packageId: p.id, channel: c };
  throw new Error('no active NC-SI channel');
}

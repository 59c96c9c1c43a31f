// NC-SI against QEMU's responder: Romulus wires the guest's first MAC (eth0, ftgmac100) to NC-SI, and the pipeline
// attaches it to QEMU's user-mode backend (restrict=on), which answers NC-SI commands. What the kernel learned from
// that responder (package info) is checked against what our own decoding of the same commands says.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import { FamilyNotFoundError } from '../../lib/genl';
import { decodeHeader, NcsiClient, ncsiChecksum, NcsiPackage } from '../../lib/ncsi';
import { ip, TestNetns } from '../helpers/netns';
import { runCli } from '../kernel/cli/fixture';
import { inGuest, skipBecause, skipUnlessGuest } from './guest';

const DEV = 'eth0';

// Outside the guest the reason is in the suite's title: a skip in `before` has no test to name it on.
describe(`guest: ncsi against QEMU's NC-SI responder${inGuest ? '' : ' (skipped: runs only inside the QEMU guest, see npm run test:qemu)'}`, function () {
  this.timeout(60000);
  let client: NcsiClient;
  let ifindex: number;
  let packages: NcsiPackage[];

  let broughtUp = false;

  before(async function () {
    skipUnlessGuest(this);
    if (!existsSync(`/sys/class/net/${DEV}`)) skipBecause(this, `the guest has no ${DEV}`);
    ifindex = Number(readFileSync(`/sys/class/net/${DEV}/ifindex`, 'utf8'));
    client = NcsiClient.open({ timeout: 10000 });
    // The kernel probes packages and channels when the interface comes up (ndo_open starts NC-SI). The NCSI family
    // is not namespace-aware (it exists in the initial namespace only), so eth0 stays in the guest's own namespace:
    // brought up here, down again in after(); restrict=on keeps its packets inside QEMU.
    if ((Number(readFileSync(`/sys/class/net/${DEV}/flags`, 'utf8')) & 1) === 0) {
      ip(['link', 'set', DEV, 'up']);
      broughtUp = true;
    }
    // Wait for a channel to be active.
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
  after(() => {
    client?.close();
    if (broughtUp) ip(['link', 'set', DEV, 'down']);
  });

  /** The packages once a channel is active again: the kernel reconfigures in the background after a change. */
  const activeAgain = (what: string): Promise<NcsiPackage[]> =>
    until(async () => {
      const now = await client.packageInfo(ifindex);
      return now.some((p) => p.channels.some((c) => c.active)) ? now : undefined;
    }, what);

  it('the NCSI family lives in the initial network namespace only: from another, FamilyNotFoundError', async () => {
    const ns = new TestNetns('q-ncsi');
    const elsewhere = NcsiClient.open({ netns: ns.name });
    try {
      const err = await elsewhere.packageInfo(1).then(() => undefined, (e: Error) => e);
      expect(err).to.be.instanceOf(FamilyNotFoundError);
      expect((err as FamilyNotFoundError).code).to.equal('ENOENT');
    } finally {
      elsewhere.close();
      ns.delete();
    }
  });

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

  it('Get Capabilities: completed, its typed payload what the responder sets', async () => {
    const active = activeChannel(packages);
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'get-capabilities' });
    const response = r.response!;
    expect([response.command, response.codeName]).to.deep.equal(['get-capabilities', 'completed']);
    if (response.command !== 'get-capabilities' || !response.capabilities) throw new Error('no Get Capabilities payload');
    // What libslirp's ncsi_rsp_handler_gc fills in (every capability bit, 2 unicast filters, every VLAN mode), in
    // the 32-byte payload DSP0222 and the kernel's ncsi_rsp_gc_pkt lay out.
    expect(response.header.payloadLength).to.equal(32);
    expect(response.capabilities).to.deep.equal({
      capabilities: 0xffffffff,
      broadcastFilterCapabilities: 0xffffffff,
      multicastFilterCapabilities: 0xffffffff,
      bufferingCapability: 0xffffffff,
      aenControlSupport: 0xffffffff,
      vlanFilterCount: 0,
      mixedFilterCount: 0,
      multicastFilterCount: 0,
      unicastFilterCount: 2,
      vlanModeSupport: 0xff,
      channelCount: 0,
    });
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

  it('set-package-mask: a mask of one package forces it and the kernel moves the active channel there; all packages again lets go', async () => {
    const active = activeChannel(packages);
    const other = packages.find((p) => p.id !== active.packageId);
    if (!other) throw new Error(`the responder gave ${DEV} one package: nothing to move to`);
    try {
      await client.setPackageMask(ifindex, 1 << other.id);
      // The kernel marks a package forced when the mask names it alone, and reconfigures within the mask.
      const moved = await until(async () => {
        const now = await client.packageInfo(ifindex);
        return now.some((p) => p.id === other.id && p.channels.some((c) => c.active)) ? now : undefined;
      }, `an active channel in package ${other.id}`);
      expect(moved.filter((p) => p.forced).map((p) => p.id)).to.deep.equal([other.id]);
      expect(moved.flatMap((p) => p.channels.filter((c) => c.active).map(() => p.id))).to.deep.equal([other.id]);
      // multi needs hardware arbitration: the responder sets every capability bit, so its arbitration field (bits 6:5)
      // reads 'reserved', not 'supported', and the kernel refuses.
      const multi = await client.setPackageMask(ifindex, 0xff, { multi: true }).then(() => undefined, (e: Error & { code?: string }) => e);
      expect(multi?.code).to.equal('EPERM');
    } finally {
      await client.setPackageMask(ifindex, 0xffffffff);
    }
    const released = await activeAgain('an active channel after the mask is lifted');
    expect(released.every((p) => !p.forced)).to.equal(true);
    packages = released;
  });

  it('set-channel-mask: a preferred channel is reported forced; a package or channel the kernel does not have is ERANGE', async () => {
    const active = activeChannel(packages);
    const pkg = packages.find((p) => p.id === active.packageId)!;
    const preferred = pkg.channels.find((c) => c.id !== active.channel.id) ?? active.channel;
    try {
      await client.setChannelMask(ifindex, pkg.id, 1 << preferred.id, { channelId: preferred.id });
      const now = await client.packageInfo(ifindex, pkg.id);
      expect(now[0].channels.filter((c) => c.forced).map((c) => c.id)).to.deep.equal([preferred.id]);
    } finally {
      await client.setChannelMask(ifindex, pkg.id, 0xffffffff);
    }
    const after = await activeAgain('an active channel after the channel mask is lifted');
    expect(after.every((p) => p.channels.every((c) => !c.forced))).to.equal(true);
    packages = after;
    const missingPackage = await client.setChannelMask(ifindex, 8, 1).then(() => undefined, (e: Error & { code?: string }) => e);
    expect(missingPackage?.code).to.equal('ERANGE');
    const missingChannel = await client.setChannelMask(ifindex, pkg.id, 1, { channelId: 31 }).then(() => undefined, (e: Error & { code?: string }) => e);
    expect(missingChannel?.code).to.equal('ERANGE');
  });

  it('Get Parameters: completed, its filters those the kernel lists for the channel (the responder has none)', async () => {
    const active = activeChannel(packages);
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'get-parameters' });
    const response = r.response!;
    expect([response.command, response.codeName, response.header.type]).to.deep.equal(['get-parameters', 'completed', 0x97]);
    if (response.command !== 'get-parameters' || !response.parameters) throw new Error('no Get Parameters payload');
    expect(response.parameters.vlanTags).to.deep.equal(active.channel.vlanIds);
    expect(response.parameters.macAddresses).to.have.lengthOf(response.parameters.macAddressCount);
  });

  it('OEM: the responder\'s answer, decoded, or kept as bytes with the reason when it is not a well-formed response', async () => {
    const active = activeChannel(packages);
    // Mellanox's IANA enterprise number and its Get MAC Address command, as ncsi-netlink --oem-payload sends it.
    const r = await client.sendCommand(ifindex, active.packageId, active.channel.id, { command: 'oem', manufacturerId: 0x8119, data: Buffer.from('00001b00', 'hex') });
    expect(r.timedOut).to.equal(false);
    const header = decodeHeader(r.data!);
    expect([header.type, header.packageId, header.channelId]).to.deep.equal([0xd0, active.packageId, active.channel.id]);
    if (header.payloadLength === 0) {
      // libslirp before 4.8 (Debian 12 has 4.7) answers OEM with an empty payload: its checksum sits where the
      // response and reason codes belong, and the kernel passes the packet on as a failed command's.
      expect(r.response).to.equal(undefined);
      expect(r.decodeError?.message).to.match(/payload length 0/);
      expect(r.data!.readUInt32BE(16)).to.equal(ncsiChecksum(r.data!.subarray(0, 16)));
    } else {
      // libslirp 4.8 and later: a manufacturer other than -nic user,mfr-id= (default 0) is unsupported, its id echoed.
      const response = r.response!;
      if (response.command !== 'oem' || !response.oem) throw new Error(`no OEM payload: ${response.codeName}`);
      expect([response.codeName, response.reasonName, response.oem.manufacturerId]).to.deep.equal(['unsupported', 'unknown-command-type', 0x8119]);
    }
  });

  it('the command line: ncsi show, set-interface, send and clear-interface, with -j, say what the client reads', async function () {
    this.timeout(4 * 150000); // node starts once per command: up to a minute or more in a loaded guest
    const active = activeChannel(packages);
    const show = await runCli(['-j', 'ncsi', 'show', 'dev', DEV]);
    expect([show.status, show.stderr]).to.deep.equal([0, '']);
    expect(JSON.parse(show.stdout)).to.deep.equal(await client.packageInfo(ifindex));
    const where = ['dev', DEV, 'package', String(active.packageId), 'channel', String(active.channel.id)];
    const send = await runCli(['-j', 'ncsi', 'send', ...where, 'get-link-status']);
    expect([send.status, send.stderr]).to.deep.equal([0, '']);
    const sent = JSON.parse(send.stdout);
    expect([sent.ifindex, sent.packageId, sent.channelId, sent.timedOut]).to.deep.equal([ifindex, active.packageId, active.channel.id, false]);
    expect([sent.response.command, sent.response.codeName, sent.response.linkStatus.status]).to.deep.equal(['get-link-status', 'completed', active.channel.linkState]);
    expect(Buffer.from(sent.data, 'hex').readUInt8(4)).to.equal(0x8a); // the response packet, as hex
    try {
      const set = await runCli(['ncsi', 'set-interface', ...where]);
      expect([set.status, set.stderr, set.stdout]).to.deep.equal([0, '', '']);
      const forced = (await client.packageInfo(ifindex)).find((p) => p.id === active.packageId)!;
      expect([forced.forced, forced.channels.find((c) => c.id === active.channel.id)!.forced]).to.deep.equal([true, true]);
    } finally {
      const clear = await runCli(['ncsi', 'clear-interface', 'dev', DEV]);
      expect([clear.status, clear.stderr]).to.deep.equal([0, '']);
    }
    expect((await client.packageInfo(ifindex)).every((p) => !p.forced && p.channels.every((c) => !c.forced))).to.equal(true);
  });
});

function activeChannel(packages: NcsiPackage[]): { packageId: number; channel: NcsiPackage['channels'][number] } {
  for (const p of packages) for (const c of p.channels) if (c.active) return { packageId: p.id, channel: c };
  throw new Error('no active NC-SI channel');
}

/** Polls `probe` every half second until it returns a value (the kernel reconfigures NC-SI in the background). */
async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

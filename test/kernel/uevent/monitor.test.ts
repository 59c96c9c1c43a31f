// The uevent monitor against the real kernel, inside a private network namespace: uevents of its network devices
// are delivered only to listeners inside it, so nothing here depends on (or touches) the host's devices.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import { readFileSync, readlinkSync } from 'fs';
import * as path from 'path';
import { NetlinkSocket } from '../../../lib/core';
import { RejectedReport, stringHash32, Uevent, UeventMonitor, LostReport } from '../../../lib/uevent';
import { withNetns } from '../../helpers/netns';
import { collect, NamespaceSysfs, until } from './wait';

const NETLINK_KOBJECT_UEVENT = 15;

/** The datagram split by hand: header line and KEY=VALUE entries in order. */
function splitDatagram(raw: Buffer): { header: string; entries: Array<[string, string]> } {
  const parts = raw.toString('utf8').split('\0');
  expect(parts.pop(), 'datagram ends with NUL').to.equal('');
  const [header, ...rest] = parts;
  return { header, entries: rest.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]) };
}

function udevDatagram(properties: Array<[string, string]>, subsystem: string): Buffer {
  const body = Buffer.from(properties.map(([k, v]) => `${k}=${v}\0`).join(''));
  const header = Buffer.alloc(40);
  header.write('libudev\0', 0, 'latin1');
  header.writeUInt32BE(0xfeedcafe, 8);
  header.writeUInt32LE(40, 12);
  header.writeUInt32LE(40, 16);
  header.writeUInt32LE(body.length, 20);
  header.writeUInt32BE(stringHash32(subsystem), 24);
  return Buffer.concat([header, body]);
}

describe('uevent monitor on the kernel (private netns)', function () {
  const holder = withNetns('lnl-uev');
  let sysfs: NamespaceSysfs;
  let sys: string;

  before(async function () {
    sysfs = new NamespaceSysfs(holder.ns.name);
    sys = await sysfs.path();
  });
  after(() => sysfs?.close());

  it('decodes veth and bridge add/change/remove uevents, every field as in the datagram and in /sys', async () => {
    const ns = holder.ns;
    const monitor = UeventMonitor.open({ netns: ns.name, raw: true, filter: { subsystem: 'net' } });
    try {
      const added = collect(monitor, (e) => e.action === 'add', (ev) => ev.length === 3);
      ns.ip(['link', 'add', 'uva', 'type', 'veth', 'peer', 'name', 'uvb']);
      ns.ip(['link', 'add', 'ubr', 'type', 'bridge']);
      const events = await added;
      expect(events.map((e) => e.properties.INTERFACE).sort()).to.deep.equal(['ubr', 'uva', 'uvb']);

      const links = ns.ipJson<Array<{ ifname: string; ifindex: number }>>(['link', 'show']);
      for (const event of events) {
        // Against the raw datagram, split independently.
        const { header, entries } = splitDatagram(event.raw!);
        expect(header).to.equal(`add@${event.devpath}`);
        expect(Object.entries(event.properties)).to.deep.equal(entries);
        expect(entries[entries.length - 1]).to.deep.equal(['SEQNUM', event.seqnum.toString()]);
        expect(event.source).to.equal('kernel');
        expect(event.subsystem).to.equal('net');
        // Against /sys of the namespace.
        const name = event.properties.INTERFACE;
        const classEntry = `${sys}/class/net/${name}`;
        const devpath = path.resolve(path.dirname(classEntry), readlinkSync(classEntry)).slice(sys.length);
        expect(event.devpath).to.equal(devpath);
        expect(path.basename(readlinkSync(`${sys}${devpath}/subsystem`))).to.equal('net');
        const sysProps = readFileSync(`${sys}${devpath}/uevent`, 'utf8').trim().split('\n');
        for (const line of sysProps) {
          const [k, v] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
          expect(event.properties[k], k).to.equal(v);
        }
        expect(event.devtype).to.equal(event.properties.DEVTYPE); // 'bridge' for ubr, none for veth
        // Against iproute2.
        expect(Number(event.properties.IFINDEX)).to.equal(links.find((l) => l.ifname === name)!.ifindex);
      }
      expect(events.find((e) => e.properties.INTERFACE === 'ubr')!.devtype).to.equal('bridge');
      const seqnums = events.map((e) => e.seqnum);
      expect([...seqnums].sort((a, b) => (a < b ? -1 : 1))).to.deep.equal(seqnums);

      // A synthetic change with a UUID and arguments.
      const uuid = randomUUID();
      const changed = collect(monitor, (e) => e.synthUuid === uuid, (ev) => ev.length === 1);
      ns.exec('sh', ['-c', `echo 'change ${uuid} MODE=ab RUN=1' > /sys/class/net/uva/uevent`]);
      const [change] = await changed;
      expect(change.action).to.equal('change');
      expect(change.devpath).to.equal('/devices/virtual/net/uva');
      expect(change.synthArgs).to.deep.equal({ MODE: 'ab', RUN: '1' });
      expect(change.properties.SYNTH_ARG_MODE).to.equal('ab');
      expect(splitDatagram(change.raw!).entries).to.deep.equal(Object.entries(change.properties));

      const removed = collect(monitor, (e) => e.action === 'remove', (ev) => ev.length === 3);
      ns.ip(['link', 'del', 'uva']);
      ns.ip(['link', 'del', 'ubr']);
      expect((await removed).map((e) => e.properties.INTERFACE).sort()).to.deep.equal(['ubr', 'uva', 'uvb']);
      expect(monitor.stats.malformed).to.equal(0);
      expect(monitor.stats.rejected).to.equal(0);
    } finally {
      monitor.close();
    }
  });

  it('rejects and counts forged messages sent by user space to group 1 and group 2', async () => {
    const ns = holder.ns;
    const monitor = UeventMonitor.open({ netns: ns.name, source: 'both' });
    const rejected: RejectedReport[] = [];
    const accepted: Uevent[] = [];
    monitor.on('rejected', (r) => rejected.push(r));
    monitor.on('uevent', (e) => {
      if (e.devpath.startsWith('/devices/forged')) accepted.push(e);
    });
    const forger = NetlinkSocket.open({ protocol: NETLINK_KOBJECT_UEVENT, netns: ns.name });
    try {
      const forgerPort = forger.bind({}).portId;
      const kernelLike = Buffer.from('add@/devices/forged\0ACTION=add\0DEVPATH=/devices/forged\0SUBSYSTEM=net\0SEQNUM=1\0');
      const udevLike = udevDatagram([['ACTION', 'add'], ['DEVPATH', '/devices/forged/udev'], ['SUBSYSTEM', 'net'], ['SEQNUM', '2']], 'net');
      // A root process may send to the uevent groups (CAP_NET_ADMIN).
      forger.send(kernelLike, { portId: 0, groups: 1 });
      forger.send(kernelLike, { portId: 0, groups: 2 });
      forger.send(udevLike, { portId: 0, groups: 1 });
      // udev-format from another uid, which keeps CAP_NET_ADMIN so that the kernel lets it send.
      const socketModule = path.resolve(__dirname, '../../../lib/socket');
      const script = `const { NetlinkSocket } = require(${JSON.stringify(socketModule)});
        const s = NetlinkSocket.open({ protocol: 15 }); s.bind({});
        s.send(Buffer.from(${JSON.stringify(udevLike.toString('hex'))}, 'hex'), { portId: 0, groups: 2 }); s.close();`;
      execFileSync('ip', ['netns', 'exec', ns.name, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
        '--inh-caps=+net_admin', '--ambient-caps=+net_admin', process.execPath, '-e', script]); // prettier-ignore
      await until(() => rejected.length >= 4);
      expect(rejected.map((r) => r.reason)).to.deep.equal([
        'kernel-group-sender',
        'format-mismatch',
        'kernel-group-sender',
        'untrusted-uid',
      ]);
      expect(rejected[0].sender).to.include({ portId: forgerPort, groups: 1 });
      expect(rejected[0].data.equals(kernelLike)).to.equal(true);
      expect(rejected[3].sender.creds?.uid).to.equal(65534);
      expect(rejected[3].sender.groups).to.equal(2);
      expect(monitor.stats.rejected).to.equal(4);
      expect(accepted, 'nothing forged was delivered').to.deep.equal([]);

      // udev-format from root is what udevd itself sends: trusted (as in systemd), delivered with source 'udev'.
      forger.send(udevLike, { portId: 0, groups: 2 });
      await until(() => accepted.length === 1);
      expect(accepted[0].source).to.equal('udev');
      expect(accepted[0].udev?.subsystemHash).to.equal(stringHash32('net'));
    } finally {
      forger.close();
      monitor.close();
    }
  });

  it('receives a burst of 10,000 uevents, each delivered or accounted for, and stays healthy', async () => {
    const ns = holder.ns;
    ns.ip(['link', 'add', 'ubu', 'type', 'veth', 'peer', 'name', 'ubv']);
    const burst = 10_000;
    const uuid = randomUUID();
    const writer = `i=0; while [ $i -lt ${burst} ]; do echo 'change ${uuid}' > /sys/class/net/ubu/uevent; i=$((i+1)); done`;
    const run = async (receiveBufferSize: number | undefined, reportSeqnumGaps?: boolean, receiveThread?: boolean) => {
      const filter = { devpath: '/devices/virtual/net/ubu' };
      const monitor = UeventMonitor.open({ netns: ns.name, receiveBufferSize, reportSeqnumGaps, filter, receiveThread });
      const lost: LostReport[] = [];
      monitor.on('lost', (r) => lost.push(r));
      let received = 0;
      monitor.on('uevent', (e) => {
        if (e.synthUuid === uuid) received++;
      });
      try {
        // The writer runs while this process is blocked: the whole burst waits in the socket's queue.
        ns.exec('sh', ['-c', writer]);
        // Then one more event proves the monitor still delivers (and closes any seqnum gap). Written again until it
        // arrives: one written while the queue is still full is itself dropped (and accounted for).
        const sentinel = randomUUID();
        const after = collect(monitor, (e) => e.synthUuid === sentinel, (ev) => ev.length === 1, 20_000);
        let arrived = false;
        void after.then(() => (arrived = true), () => undefined);
        for (let attempt = 0; attempt < 40 && !arrived; attempt++) {
          ns.exec('sh', ['-c', `echo 'change ${sentinel}' > /sys/class/net/ubu/uevent`]);
          await until(() => arrived, 500).catch(() => undefined);
        }
        await after;
        const accounted = lost.reduce((n, r) => n + (r.count ?? 0), 0);
        return { received, accounted, overruns: monitor.stats.overruns, lost, stats: { ...monitor.stats } };
      } finally {
        monitor.close();
      }
    };

    const large = await run(undefined, undefined, false);
    expect(large.overruns, 'default buffer holds the burst').to.equal(0);
    expect(large.received).to.equal(burst);

    // A 64 KiB buffer cannot: the overrun must be reported. A filtered monitor in a namespace does not see every
    // seqnum, so the loss that follows is certain but of unknown size.
    const small = await run(64 * 1024, undefined, false);
    expect(small.overruns).to.be.greaterThan(0);
    expect(small.lost[0]).to.include({ reason: 'overrun', certain: true });
    expect(small.received).to.be.lessThan(burst);
    const gaps = small.lost.filter((r) => r.reason === 'seqnum-gap');
    expect(gaps.length).to.be.greaterThan(0);
    for (const gap of gaps) expect(gap).to.include({ certain: true, count: undefined });

    // Asked to report every gap, the gaps cover what is missing (an upper bound: they also count uevents the
    // filter drops).
    const counted = await run(64 * 1024, true, false);
    expect(counted.overruns).to.be.greaterThan(0);
    expect(counted.received).to.be.lessThan(burst);
    expect(counted.received + counted.accounted).to.be.at.least(burst);

    // Read on a native thread (the default where more than one CPU is usable): every event again, and an overrun still reported with the gaps that follow it.
    const threaded = await run(undefined, undefined, true);
    expect(threaded.overruns).to.equal(0);
    expect(threaded.received).to.equal(burst);
    const threadedSmall = await run(64 * 1024, true, true);
    expect(threadedSmall.overruns).to.be.greaterThan(0);
    expect(threadedSmall.received + threadedSmall.accounted).to.be.at.least(burst);
    ns.ip(['link', 'del', 'ubu']);
  });

  it('drops unwanted uevents in the kernel with the socket filter (datagrams received vs events generated)', async () => {
    const ns = holder.ns;
    const filtered = UeventMonitor.open({ netns: ns.name, filter: { subsystem: 'net' }, source: 'both' });
    const everything = UeventMonitor.open({ netns: ns.name, source: 'both' });
    const forger = NetlinkSocket.open({ protocol: NETLINK_KOBJECT_UEVENT, netns: ns.name });
    try {
      expect(filtered.kernelFilter?.instructions).to.be.greaterThan(0);
      const all: Uevent[] = [];
      everything.on('uevent', (e) => all.push(e));
      const done = randomUUID();
      const finished = Promise.all([
        collect(filtered, (e) => e.synthUuid === done, (ev) => ev.length === 1),
        collect(everything, (e) => e.synthUuid === done, (ev) => ev.length === 1),
      ]);
      // Each veth pair: 2 'net' uevents and 'queues' uevents for its rx/tx queues, on add and on remove.
      for (let i = 0; i < 5; i++) {
        ns.ip(['link', 'add', `ufa${i}`, 'type', 'veth', 'peer', 'name', `ufb${i}`]);
        ns.ip(['link', 'del', `ufa${i}`]);
      }
      // udev-format datagrams: the filter compares the header's subsystem hash.
      forger.bind({});
      for (const subsystem of ['net', 'block', 'block']) {
        const msg = udevDatagram([['ACTION', 'add'], ['DEVPATH', `/devices/u/${subsystem}`], ['SUBSYSTEM', subsystem], ['SEQNUM', '1']], subsystem);
        forger.send(msg, { portId: 0, groups: 2 });
      }
      ns.ip(['link', 'add', 'ufz', 'type', 'veth', 'peer', 'name', 'ufy']);
      ns.exec('sh', ['-c', `echo 'change ${done}' > /sys/class/net/ufz/uevent`]);
      await finished;

      const generatedNet = all.filter((e) => e.subsystem === 'net').length;
      const generatedOther = all.length - generatedNet;
      expect(generatedOther, "the unfiltered monitor saw the 'queues' and 'block' events").to.be.at.least(40 + 2);
      // The kernel accepts the longest header scan that fits its socket option memory (shorter on 32-bit
      // kernels); every header in this test must be within it for the kernel to be able to drop the event.
      const longestHeader = Math.max(...all.map((e) => Buffer.byteLength(`${e.action}@${e.devpath}`) + 1));
      expect(filtered.kernelFilter!.scanLimit, `header scan vs longest header (${longestHeader})`).to.be.at.least(longestHeader);
      // Everything that reached the filtered socket was wanted: the kernel dropped the rest before queueing.
      expect(filtered.stats.filtered, 'nothing left for user space to filter').to.equal(0);
      expect(filtered.stats.datagrams).to.equal(generatedNet);
      expect(filtered.stats.delivered).to.equal(generatedNet);
    } finally {
      forger.close();
      filtered.close();
      everything.close();
      try {
        ns.ip(['link', 'del', 'ufz']);
      } catch {
        // already gone
      }
    }
  });
});

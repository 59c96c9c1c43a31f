// The udev format cross-checked with libudev itself: datagrams built from the format's definition (hashes and
// tag bloom from this library) are sent to the udev group; libudev's monitor, with its own in-kernel filter on
// subsystem/devtype hashes and the tag bloom, must let exactly the matching ones through and read the same
// properties as this library does.
import { expect } from 'chai';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createInterface } from 'readline';
import { NetlinkSocket } from '../../../lib/core';
import { stringBloom64, stringHash32, Uevent, UeventMonitor } from '../../../lib/uevent';
import { skipWithReason, withNetns } from '../../helpers/netns';
import { until } from './wait';

// Reads udev monitor messages with libudev (through ctypes) and prints each device as one JSON line.
const LIBUDEV_READER = String.raw`
import ctypes, json, sys
from ctypes import c_void_p, c_char_p, c_ulonglong, c_int
l = ctypes.CDLL('libudev.so.1')
def sig(name, res, *args):
    f = getattr(l, name); f.restype = res; f.argtypes = list(args); return f
udev_new = sig('udev_new', c_void_p)
new_monitor = sig('udev_monitor_new_from_netlink', c_void_p, c_void_p, c_char_p)
match = sig('udev_monitor_filter_add_match_subsystem_devtype', c_int, c_void_p, c_char_p, c_char_p)
match_tag = sig('udev_monitor_filter_add_match_tag', c_int, c_void_p, c_char_p)
enable = sig('udev_monitor_enable_receiving', c_int, c_void_p)
receive = sig('udev_monitor_receive_device', c_void_p, c_void_p)
get_fd = sig('udev_monitor_get_fd', c_int, c_void_p)
props = sig('udev_device_get_properties_list_entry', c_void_p, c_void_p)
tags = sig('udev_device_get_tags_list_entry', c_void_p, c_void_p)
nxt = sig('udev_list_entry_get_next', c_void_p, c_void_p)
name = sig('udev_list_entry_get_name', c_char_p, c_void_p)
value = sig('udev_list_entry_get_value', c_char_p, c_void_p)
seqnum = sig('udev_device_get_seqnum', c_ulonglong, c_void_p)
def entries(first, with_values):
    out, e = [], first
    while e:
        out.append([name(e).decode(), value(e).decode()] if with_values else name(e).decode()); e = nxt(e)
    return out
mon = new_monitor(udev_new(), b'udev')
assert match(mon, b'block', b'disk') >= 0 and match_tag(mon, b'systemd') >= 0 and enable(mon) >= 0
import select
print('ready', flush=True)
while True:
    r, _, _ = select.select([get_fd(mon)], [], [], 10)
    if not r: break
    dev = receive(mon)
    if not dev: continue
    print(json.dumps({'seqnum': seqnum(dev), 'properties': entries(props(dev), True), 'tags': entries(tags(dev), False)}), flush=True)
`;

function hasLibudev(): boolean {
  try {
    execFileSync('python3', ['-c', "import ctypes; ctypes.CDLL('libudev.so.1')"], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function udevDatagram(properties: Array<[string, string]>, subsystem: string, devtype: string, tags: string[]): Buffer {
  const body = Buffer.from(properties.map(([k, v]) => `${k}=${v}\0`).join(''));
  const bloom = tags.reduce((bits, tag) => bits | stringBloom64(tag), 0n);
  const header = Buffer.alloc(40);
  header.write('libudev\0', 0, 'latin1');
  header.writeUInt32BE(0xfeedcafe, 8);
  header.writeUInt32LE(40, 12);
  header.writeUInt32LE(40, 16);
  header.writeUInt32LE(body.length, 20);
  header.writeUInt32BE(stringHash32(subsystem), 24);
  header.writeUInt32BE(devtype === '' ? 0 : stringHash32(devtype), 28);
  header.writeUInt32BE(Number(bloom >> 32n), 32);
  header.writeUInt32BE(Number(bloom & 0xffffffffn), 36);
  return Buffer.concat([header, body]);
}

describe('uevent udev format against libudev (private netns)', function () {
  const holder = withNetns('lnl-libudev');
  let reader: ChildProcess | undefined;

  before(function () {
    if (!hasLibudev()) skipWithReason(this, 'python3 with libudev.so.1 is not available');
  });
  after(() => reader?.kill());

  it('libudev accepts exactly the datagrams whose hashes and tag bloom match its filter, and reads the same properties', async () => {
    // libudev listens to the udev group only when a udev daemon seems present (/run/udev/control): give the
    // reader one in a tmpfs over /run, inside the private mount namespace `ip netns exec` creates.
    reader = spawn('ip', ['netns', 'exec', holder.ns.name, 'sh', '-c',
      'mount -t tmpfs lnl-test /run && mkdir /run/udev && touch /run/udev/control && exec python3 -c "$0"', LIBUDEV_READER],
      { stdio: ['ignore', 'pipe', 'inherit'] }); // prettier-ignore
    const lines = createInterface({ input: reader.stdout! })[Symbol.asyncIterator]();
    expect((await lines.next()).value).to.equal('ready');

    const ours: Uevent[] = [];
    const monitor = UeventMonitor.open({ netns: holder.ns.name, source: 'udev' });
    monitor.on('uevent', (e) => ours.push(e));
    const sender = NetlinkSocket.open({ protocol: 15, netns: holder.ns.name });
    try {
      sender.bind({});
      const device = (seq: number, subsystem: string, devtype: string, tags: string[]) => {
        const props: Array<[string, string]> = [
          ['ACTION', 'add'],
          ['DEVPATH', `/devices/virtual/block/test${seq}`],
          ['SUBSYSTEM', subsystem],
          ['DEVNAME', `/dev/test${seq}`],
          ['DEVTYPE', devtype],
          ['MAJOR', '7'],
          ['MINOR', String(seq)],
          ['SEQNUM', String(seq)],
          ['ID_FS_LABEL', 'a=b c'],
          ['USEC_INITIALIZED', '12345'],
          ['TAGS', `:${tags.join(':')}:`],
          ['CURRENT_TAGS', `:${tags.join(':')}:`],
        ];
        return udevDatagram(props, subsystem, devtype, tags);
      };
      const sent = [
        device(101, 'block', 'disk', ['systemd', 'seat']), // matches libudev's filter
        device(102, 'block', 'partition', ['systemd']), // wrong devtype hash
        device(103, 'net', 'disk', ['systemd']), // wrong subsystem hash
        device(104, 'block', 'disk', ['seat', 'uaccess']), // tag bloom without 'systemd'
        device(105, 'block', 'disk', ['systemd']), // matches
      ];
      for (const datagram of sent) sender.send(datagram, { portId: 0, groups: 2 });

      const seen: Array<{ seqnum: number; properties: Array<[string, string]>; tags: string[] }> = [];
      for (let i = 0; i < 2; i++) seen.push(JSON.parse((await lines.next()).value as string));
      await until(() => ours.length >= sent.length).catch(() => {
        throw new Error(`received ${ours.map((e) => e.seqnum)}; monitor stats ${JSON.stringify(monitor.stats)}`);
      });

      expect(ours.map((e) => e.seqnum), 'this library received every datagram').to.deep.equal([101n, 102n, 103n, 104n, 105n]);
      expect(seen.map((d) => d.seqnum), 'what libudev let through its in-kernel filter').to.deep.equal([101, 105]);
      for (const device of seen) {
        const mine = ours.find((e) => e.seqnum === BigInt(device.seqnum))!;
        expect(mine.source).to.equal('udev');
        // libudev rebuilds TAGS and CURRENT_TAGS from its tag set, in the set's order: compare those as sets.
        const tagSet = (v: string) => v.split(':').filter((t) => t !== '').sort().join(':');
        const sorted = (entries: Array<[string, string]>) =>
          entries
            .map(([k, v]): [string, string] => [k, k === 'TAGS' || k === 'CURRENT_TAGS' ? tagSet(v) : v])
            .sort(([a], [b]) => (a < b ? -1 : 1));
        expect(sorted(Object.entries(mine.properties))).to.deep.equal(sorted(device.properties));
        // libudev 252 also lists an empty tag for the leading ':' of TAGS; this library does not.
        expect([...mine.tags!].sort()).to.deep.equal(device.tags.filter((t) => t !== '').sort());
        expect(mine.udev?.subsystemHash).to.equal(stringHash32('block'));
      }
      expect(monitor.stats.malformed).to.equal(0);
    } finally {
      sender.close();
      monitor.close();
    }
  });
});

// Facts of the emulated AST2500 (an ARM1176, 32-bit ARMv6, little-endian) that the host cannot show: the
// addon that loads is the ARMv6 prebuild (the guest has no compiler), and kernel structures whose size
// depends on the word size decode exactly, 64-bit counters included.
import { expect } from 'chai';
import { readFileSync, readdirSync, existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Connection, NetlinkSocket, parseAttributes, readU32, readU64 } from '../../lib/core';
import { RouteClient } from '../../lib/route';
import { choosePrebuild, currentTarget } from '../../lib/socket/prebuilds';
import { withNetns } from '../helpers/netns';
import { skipUnlessGuest } from './guest';

const packageRoot = path.join(__dirname, '..', '..', '..');
const RTM_GETLINK = 18;
const IFLA_IFNAME = 3;
const IFLA_STATS = 7;
const IFLA_STATS64 = 23;
const IFINFOMSG_SIZE = 16;

describe('guest: 32-bit ARM', function () {
  before(function () {
    skipUnlessGuest(this);
  });

  it('runs node on 32-bit little-endian ARMv6 (the ARM1176 of the AST2500)', () => {
    expect(process.arch).to.equal('arm');
    expect(os.endianness()).to.equal('LE');
    expect(os.machine ? os.machine() : '').to.match(/^armv6/);
    expect(readFileSync('/proc/cpuinfo', 'utf8')).to.match(/ARMv6-compatible processor/);
  });

  it('loads the ARMv6 soft-float prebuild (the one prebuilds.ts picks for this Node), and it opens a netlink socket', () => {
    // No build/ directory exists in the guest: the only way to load the addon is the prebuild.
    expect(existsSync(path.join(packageRoot, 'build'))).to.equal(false);
    const target = currentTarget();
    expect(target).to.include({ armVersion: '6', floatAbi: 'soft' }); // Debian's armel Node
    const dir = path.join(packageRoot, 'prebuilds', 'linux-arm');
    const picked = choosePrebuild(readdirSync(dir), target);
    expect(picked).to.match(/^[^/]+\.armv6\.softfloat\.node$/);
    const socket = NetlinkSocket.open({ protocol: 0 });
    try {
      expect(socket.bind().portId).to.be.greaterThan(0);
    } finally {
      socket.close();
    }
    expect(readFileSync('/proc/self/maps', 'utf8')).to.include(path.join(dir, picked!));
  });

  describe('link statistics on a 32-bit kernel', function () {
    const env = withNetns('q-arm');

    it('IFLA_STATS has 4-byte and IFLA_STATS64 8-byte counters, the same ones, and they match /sys', async () => {
      const ns = env.ns;
      ns.ip(['link', 'set', 'lo', 'up']);
      ns.exec('ping', ['-c', '3', '-q', '127.0.0.1']);
      const connection = Connection.open({ protocol: 0, netns: ns.name });
      let messages;
      try {
        ({ messages } = await connection.dump(RTM_GETLINK, Buffer.alloc(IFINFOMSG_SIZE)));
      } finally {
        connection.close();
      }
      const lo = messages
        .map((m) => parseAttributes(m.payload, IFINFOMSG_SIZE).attributes)
        .find((attrs) => attrs.some((a) => a.type === IFLA_IFNAME && a.value.toString('latin1').replace(/\0.*$/s, '') === 'lo'));
      expect(lo, 'lo in the dump').to.not.equal(undefined);
      const stats = lo!.find((a) => a.type === IFLA_STATS)!.value;
      const stats64 = lo!.find((a) => a.type === IFLA_STATS64)!.value;
      expect(stats.length % 4).to.equal(0);
      expect(stats64.length % 8).to.equal(0);
      // rtnl_link_stats64 starts with the members of rtnl_link_stats and may have more (5.19 added
      // rx_otherhost_dropped to the 64-bit struct only): every 32-bit counter is the low half of its 64-bit twin.
      const count32 = stats.length / 4;
      expect(stats64.length / 8).to.be.at.least(count32);
      for (let i = 0; i < count32; i++) {
        expect(BigInt(readU32(stats.subarray(i * 4, i * 4 + 4))!), `counter ${i}`).to.equal(readU64(stats64.subarray(i * 8, i * 8 + 8))! & 0xffffffffn);
      }
      const sysfs = (name: string) => BigInt(ns.exec('cat', [`/sys/class/net/lo/statistics/${name}`]).trim());
      // Member order of struct rtnl_link_stats{,64}: rx_packets, tx_packets, rx_bytes, tx_bytes.
      const members = ['rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes'];
      members.forEach((name, i) => {
        const wide = readU64(stats64.subarray(i * 8, i * 8 + 8))!;
        expect(wide, name).to.equal(sysfs(name));
        expect(BigInt(readU32(stats.subarray(i * 4, i * 4 + 4))!), `${name} (32-bit)`).to.equal(wide & 0xffffffffn);
      });
      expect(sysfs('rx_packets') >= 6n, 'ping produced traffic').to.equal(true);
    });

    it('the library decodes the 64-bit counters exactly (as bigint or safe integers)', async () => {
      const client = RouteClient.open({ netns: env.ns.name });
      try {
        const lo = await client.getLink('lo');
        const rxBytes = BigInt(env.ns.exec('cat', ['/sys/class/net/lo/statistics/rx_bytes']).trim());
        const decoded = (lo as { stats64?: { rxBytes: bigint | number } }).stats64;
        expect(decoded, 'stats64 decoded').to.not.equal(undefined);
        expect(BigInt(decoded!.rxBytes)).to.equal(rxBytes);
      } finally {
        client.close();
      }
    });
  });
});

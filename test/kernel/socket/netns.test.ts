// Sockets opened inside another network namespace, by path, name or fd.
import { expect } from 'chai';
import { closeSync, fstatSync, openSync, readlinkSync } from 'fs';
import { ipJson, withNetns } from '../../helpers/netns';
import { dumpLinks, linksFromIp, NETLINK_ROUTE, closeTracked, openSocket } from './support';

describe('socket: network namespaces (kernel)', function () {
  const env = withNetns('lnl-sock-ns');
  afterEach(closeTracked);

  before(function () {
    env.ns.ip(['link', 'add', 'nsonly0', 'type', 'veth', 'peer', 'name', 'nsonly1']);
  });

  const sorted = (m: Map<number, string>) => [...m.entries()].sort((a, b) => a[0] - b[0]);

  it('a socket opened by path sees the namespace\'s links, not the host\'s', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    try {
      const links = await dumpLinks(socket);
      expect(sorted(links)).to.deep.equal(sorted(linksFromIp(env.ns.ipJson(['link', 'show']))));
      const hostNames = new Set(ipJson<Array<{ ifname: string }>>(['link', 'show']).map((l) => l.ifname));
      expect(hostNames.has('nsonly0')).to.equal(false);
      expect([...links.values()]).to.include('nsonly0');
      // Host-only links are absent (the host has at least one link besides lo).
      expect([...hostNames].filter((n) => n !== 'lo').some((n) => [...links.values()].includes(n))).to.equal(false);
    } finally {
      socket.close();
    }
  });

  it('a bare name means /run/netns/NAME, and an fd works too (and stays open)', async function () {
    const byName = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.name });
    const fd = openSync(env.ns.path, 'r');
    try {
      const byFd = openSocket({ protocol: NETLINK_ROUTE, netns: fd });
      try {
        const expected = sorted(linksFromIp(env.ns.ipJson(['link', 'show'])));
        expect(sorted(await dumpLinks(byName))).to.deep.equal(expected);
        expect(sorted(await dumpLinks(byFd))).to.deep.equal(expected);
        expect(fstatSync(fd).isFile()).to.equal(true); // still ours, still open
      } finally {
        byFd.close();
      }
    } finally {
      byName.close();
      closeSync(fd);
    }
  });

  it('the calling thread stays in its own namespace', function () {
    const before = readlinkSync('/proc/thread-self/ns/net');
    openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path }).close();
    expect(readlinkSync('/proc/thread-self/ns/net')).to.equal(before);
    expect(readlinkSync('/proc/self/ns/net')).to.equal(before);
  });

  it('a missing namespace is ENOENT from open, naming the path', function () {
    expect(() => openSocket({ protocol: NETLINK_ROUTE, netns: '/run/netns/lnl-does-not-exist' }))
      .to.throw()
      .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'ENOENT' && e.errno === 2 && e.syscall === 'open' && e.message.includes('/run/netns/lnl-does-not-exist'));
    expect(() => openSocket({ protocol: NETLINK_ROUTE, netns: 'lnl-does-not-exist' }))
      .to.throw()
      .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'ENOENT' && e.message.includes('/run/netns/lnl-does-not-exist'));
  });

  it('a file that is not a namespace is EINVAL from setns; a bad fd is EBADF', function () {
    expect(() => openSocket({ protocol: NETLINK_ROUTE, netns: '/proc/self/stat' }))
      .to.throw()
      .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'EINVAL' && e.syscall === 'setns' && e.message.startsWith('setns /proc/self/stat: EINVAL'));
    expect(() => openSocket({ protocol: NETLINK_ROUTE, netns: 99999 }))
      .to.throw()
      .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'EBADF' && e.syscall === 'setns');
  });

  it('an unknown protocol is EPROTONOSUPPORT from socket, also inside a namespace', function () {
    for (const netns of [undefined, env.ns.path]) {
      expect(() => openSocket({ protocol: 31, netns }))
        .to.throw()
        .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'EPROTONOSUPPORT' && e.syscall === 'socket');
    }
  });
});

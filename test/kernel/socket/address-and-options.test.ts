// Binding, port ids, memberships, socket options, ancillary data, BPF filters.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { TestNetns, withNetns, isRoot } from '../../helpers/netns';
import { SocketOption } from '../../../lib/socket/netlink-socket';
import {
  Collector,
  messagesOf,
  NETLINK_ROUTE,
  NETLINK_USERSOCK,
  RTM_NEWLINK,
  RTNLGRP_LINK,
  userSocketPair,
  closeTracked,
  openSocket,
} from './support';

/** Rows of /proc/net/netlink (the kernel's own list of netlink sockets of the reading process's namespace). */
function procNetlink(): Array<{ protocol: number; portId: number; groups: number }> {
  return readFileSync('/proc/net/netlink', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .map((f) => ({ protocol: Number(f[1]), portId: Number(f[2]), groups: parseInt(f[3], 16) }));
}

describe('socket: addresses and options (kernel)', function () {
  const env = withNetns('lnl-sock-opt');
  afterEach(closeTracked);

  it('bind with port 0 gets a kernel-assigned port id, which /proc/net/netlink lists', function () {
    const socket = openSocket({ protocol: NETLINK_USERSOCK });
    try {
      expect(socket.address().portId).to.equal(0); // not bound yet
      const bound = socket.bind({ portId: 0, groups: 0 });
      expect(bound.portId).to.be.greaterThan(0);
      expect(socket.address()).to.deep.equal(bound);
      expect(procNetlink().filter((r) => r.protocol === NETLINK_USERSOCK && r.portId === bound.portId)).to.have.length(1);
    } finally {
      socket.close();
    }
  });

  it('bind with a chosen port id and groups mask; a taken port id is EADDRINUSE from bind', function () {
    const portId = 0x7fff0000 + (process.pid & 0xffff);
    const a = openSocket({ protocol: NETLINK_USERSOCK });
    const b = openSocket({ protocol: NETLINK_USERSOCK });
    try {
      expect(a.bind({ portId, groups: 0b101 })).to.deep.equal({ portId, groups: 0b101 });
      expect(procNetlink().find((r) => r.protocol === NETLINK_USERSOCK && r.portId === portId)?.groups).to.equal(0b101);
      expect(() => b.bind({ portId })).to.throw().that.satisfies((e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE' && e.syscall === 'bind' && e.errno === 98);
    } finally {
      a.close();
      b.close();
    }
  });

  it('port ids above 2^31 come back unsigned', function () {
    // The kernel gives a process's second and later sockets port ids counting down from 2^32 - 4096.
    const sockets = [0, 1, 2].map(() => openSocket({ protocol: NETLINK_USERSOCK }));
    try {
      const ports = sockets.map((s) => s.bind().portId);
      for (const p of ports) expect(p).to.be.within(1, 0xffffffff);
      expect(ports.some((p) => p > 0x7fffffff)).to.equal(true);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('adds and drops memberships of any group number, including above 32, and lists them', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    try {
      // RTNLGRP_IPV6_RULE (19), RTNLGRP_NEXTHOP (32), RTNLGRP_BRVLAN (33): every kernel since 5.10 has them (5.15 has
      // 33 rtnetlink groups, 6.1 36).
      for (const g of [19, 1, 33, 32]) socket.addMembership(g);
      expect(socket.memberships()).to.deep.equal([1, 19, 32, 33]);
      socket.dropMembership(33);
      socket.dropMembership(1);
      expect(socket.memberships()).to.deep.equal([19, 32]);
      expect(() => socket.addMembership(0)).to.throw(RangeError);
    } finally {
      socket.close();
    }
  });

  it('a group beyond the protocol\'s is EINVAL that says how many groups this kernel has for it', function () {
    for (const protocol of [NETLINK_ROUTE, NETLINK_USERSOCK]) {
      const socket = openSocket({ protocol, netns: env.ns.path });
      try {
        socket.addMembership(3);
        let error: NodeJS.ErrnoException | undefined;
        try {
          socket.addMembership(5000);
        } catch (e) {
          error = e as NodeJS.ErrnoException;
        }
        expect(error).to.include({ code: 'EINVAL', errno: 22, syscall: 'setsockopt' });
        const name = protocol === NETLINK_ROUTE ? 'NETLINK_ROUTE' : 'NETLINK_USERSOCK';
        const match = new RegExp(`^setsockopt NETLINK_ADD_MEMBERSHIP group 5000: EINVAL \\(.*\\): ${name} \\(protocol ${protocol}\\) has (\\d+) multicast groups on this kernel$`).exec(error!.message);
        expect(match, error!.message).to.not.equal(null);
        const count = Number(match![1]);
        // The kernel agrees: the last group joins, the one after it does not (user sockets have 32 on every kernel).
        if (protocol === NETLINK_USERSOCK) expect(count).to.equal(32);
        else expect(count).to.be.at.least(33);
        socket.addMembership(count);
        expect(() => socket.addMembership(count + 1)).to.throw(new RegExp(`has ${count} multicast groups`));
        // Working out the count left the socket's memberships as they were.
        expect(socket.memberships()).to.deep.equal([3, count]);
      } finally {
        socket.close();
      }
    }
  });

  it('receives multicast from a joined group, with the group from PKTINFO and the kernel as sender', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    try {
      socket.setOption(SocketOption.PktInfo, true);
      expect(socket.getOption(SocketOption.PktInfo)).to.equal(1);
      socket.addMembership(RTNLGRP_LINK);
      const collector = new Collector(socket);
      env.ns.ip(['link', 'add', 'mc0a', 'type', 'veth', 'peer', 'name', 'mc0b']);
      await collector.until(() => collector.datagrams.some((d) => messagesOf(d.data).some((m) => m.type === RTM_NEWLINK)));
      const d = collector.datagrams.find((x) => messagesOf(x.data).some((m) => m.type === RTM_NEWLINK))!;
      expect(d.portId).to.equal(0);
      expect(d.group).to.equal(RTNLGRP_LINK);
      expect(d.groups).to.equal(1 << (RTNLGRP_LINK - 1));
    } finally {
      socket.close();
      // Only if it was made: a failed `link add` must be the error this test reports.
      if (env.ns.ipJson<unknown[]>(['link', 'show']).some((l) => (l as { ifname: string }).ifname === 'mc0a')) env.ns.ip(['link', 'del', 'mc0a']);
    }
  });

  it('sets and reads back the netlink options', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE });
    try {
      for (const option of [SocketOption.ExtAck, SocketOption.CapAck, SocketOption.StrictCheck, SocketOption.NoEnobufs, SocketOption.BroadcastError, SocketOption.PktInfo, SocketOption.PassCred]) {
        socket.setOption(option, true);
        expect(socket.getOption(option), SocketOption[option]).to.equal(1);
        socket.setOption(option, false);
        expect(socket.getOption(option), SocketOption[option]).to.equal(0);
      }
      socket.setOption(SocketOption.ListenAllNsid, true);
      expect(() => socket.setOption(99 as SocketOption, true)).to.throw(TypeError);
      expect(() => socket.setOption(SocketOption.ExtAck, 'yes' as unknown as boolean)).to.throw(TypeError);
    } finally {
      socket.close();
    }
  });

  it('sets buffer sizes past the sysctl limits as root (SO_RCVBUFFORCE) and reports the size in force', function () {
    if (!isRoot) this.skip();
    const socket = openSocket({ protocol: NETLINK_ROUTE });
    try {
      const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
      const wanted = Math.max(rmemMax * 4, 1 << 20);
      expect(socket.setReceiveBufferSize(wanted)).to.equal(wanted * 2); // the kernel doubles it for bookkeeping
      expect(socket.setSendBufferSize(1 << 20)).to.equal(2 << 20);
      expect(() => socket.setReceiveBufferSize(0)).to.throw(RangeError);
    } finally {
      socket.close();
    }
  });

  it('SO_PASSCRED: a datagram from another of our sockets carries our pid, uid and gid', function () {
    const pair = userSocketPair();
    try {
      pair.receiver.setOption(SocketOption.PassCred, true);
      const collector = new Collector(pair.receiver);
      pair.sender.send(Buffer.from('who'), { portId: pair.receiverPort });
      expect(pair.receiver.receiveNow()).to.equal(1);
      const d = collector.datagrams[0];
      expect(d.creds).to.deep.equal({ pid: process.pid, uid: process.getuid!(), gid: process.getgid!() });
      expect(d.portId).to.equal(pair.senderPort);
      // Without the option there are no credentials.
      pair.receiver.setOption(SocketOption.PassCred, false);
      pair.sender.send(Buffer.from('who'), { portId: pair.receiverPort });
      pair.receiver.receiveNow();
      expect(collector.datagrams[1].creds).to.equal(undefined);
    } finally {
      pair.close();
    }
  });

  // Deleted by a hook, not by the test body: a test that times out never reaches its own finally.
  const peers: TestNetns[] = [];
  afterEach(() => peers.splice(0).forEach((p) => p.delete()));

  it('LISTEN_ALL_NSID: events from a peer namespace arrive tagged with its nsid', async function () {
    const peer = new TestNetns('lnl-sock-peer');
    peers.push(peer);
    try {
      env.ns.ip(['netns', 'set', peer.name, '7']);
      const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
      try {
        socket.setOption(SocketOption.ListenAllNsid, true);
        socket.addMembership(RTNLGRP_LINK);
        const collector = new Collector(socket);
        peer.ip(['link', 'add', 'nsid0a', 'type', 'veth', 'peer', 'name', 'nsid0b']);
        await collector.until(() => collector.datagrams.some((d) => d.nsid === 7));
        const tagged = collector.datagrams.filter((d) => d.nsid === 7);
        expect(tagged.some((d) => messagesOf(d.data).some((m) => m.type === RTM_NEWLINK))).to.equal(true);
      } finally {
        socket.close();
      }
    } finally {
      peer.delete();
    }
  });

  it('a BPF filter that drops everything stops delivery; detaching restores it', function () {
    const pair = userSocketPair();
    try {
      const collector = new Collector(pair.receiver);
      pair.receiver.attachFilter([{ code: 0x06 /* BPF_RET | BPF_K */, jt: 0, jf: 0, k: 0 }]);
      for (let i = 0; i < 3; i++) pair.sender.send(Buffer.from('dropped'), { portId: pair.receiverPort });
      expect(pair.receiver.receiveNow()).to.equal(0);
      pair.receiver.detachFilter();
      pair.sender.send(Buffer.from('kept'), { portId: pair.receiverPort });
      expect(pair.receiver.receiveNow()).to.equal(1);
      expect(collector.datagrams.map((d) => d.data.toString())).to.deep.equal(['kept']);
      // A filter that keeps the first 4 bytes of each datagram: the kernel trims to what the program returns.
      pair.receiver.attachFilter([{ code: 0x06, jt: 0, jf: 0, k: 4 }]);
      pair.sender.send(Buffer.from('trimmed'), { portId: pair.receiverPort });
      pair.receiver.receiveNow();
      expect(collector.datagrams[1].data.toString()).to.equal('trim');
      expect(() => pair.receiver.attachFilter([{ code: 0xffff, jt: 0, jf: 0, k: 0 }])).to.throw().that.satisfies((e: NodeJS.ErrnoException) => e.code === 'EINVAL' && e.syscall === 'setsockopt');
      expect(() => pair.receiver.attachFilter([])).to.throw(RangeError);
    } finally {
      pair.close();
    }
  });
});

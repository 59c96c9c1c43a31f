// Receiving through the event loop and synchronously: dump bytes, batching, truncation, the send queue.
import { expect } from 'chai';
import { withNetns } from '../../helpers/netns';
import { datagramsOf } from '../../../lib/socket/netlink-socket';
import { runFixture } from './child';
import {
  Collector,
  dumpLinks,
  getLinkDumpRequest,
  linksFromIp,
  messagesOf,
  NETLINK_ROUTE,
  NLMSG_DONE,
  RTM_NEWLINK,
  userSocketPair,
  closeTracked,
  openSocket,
} from './support';

describe('socket: receiving (kernel)', function () {
  const env = withNetns('lnl-sock-rx');
  afterEach(closeTracked);

  before(function () {
    // A few links so the dump spans more than one message.
    for (let i = 0; i < 4; i++) env.ns.ip(['link', 'add', `rx${i}a`, 'type', 'veth', 'peer', 'name', `rx${i}b`]);
  });

  it('delivers a GETLINK dump through the event loop: the links ip lists, from port 0', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    try {
      socket.bind();
      const links = await dumpLinks(socket, 42);
      const fromKernel = new Collector(socket);
      socket.send(getLinkDumpRequest(43));
      await fromKernel.until(() => fromKernel.messages().some((m) => m.type === NLMSG_DONE));
      expect(fromKernel.datagrams.every((d) => d.portId === 0 && !d.truncated)).to.equal(true);
      expect([...links.entries()].sort()).to.deep.equal([...linksFromIp(env.ns.ipJson(['link', 'show'])).entries()].sort());
      expect(links.size).to.equal(9); // lo + 4 veth pairs
    } finally {
      socket.close();
    }
  });

  it('receiveNow() delivers the answer of a request synchronously, right after send()', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    try {
      const collector = new Collector(socket);
      socket.send(getLinkDumpRequest(5));
      let delivered = 0;
      // rtnetlink builds the first part of a dump inside sendmsg; the rest as we read.
      for (let i = 0; i < 100 && !collector.messages().some((m) => m.type === NLMSG_DONE); i++) delivered += socket.receiveNow();
      expect(delivered).to.be.greaterThan(0);
      expect(delivered).to.equal(collector.datagrams.length);
      const names = collector.messages().filter((m) => m.type === RTM_NEWLINK).length;
      expect(names).to.equal(9);
      expect(collector.messages().some((m) => m.type === NLMSG_DONE && m.seq === 5)).to.equal(true);
    } finally {
      socket.close();
    }
  });

  it('receiveNow() reads nothing and returns 0 without a handler, or while paused', function () {
    const pair = userSocketPair();
    try {
      pair.sender.send(Buffer.from('abcd'), { portId: pair.receiverPort });
      expect(pair.receiver.receiveNow()).to.equal(0);
      const collector = new Collector(pair.receiver);
      pair.receiver.pause();
      expect(pair.receiver.paused).to.equal(true);
      expect(pair.receiver.receiveNow()).to.equal(0);
      pair.receiver.resume();
      expect(pair.receiver.receiveNow()).to.equal(1);
      expect(collector.datagrams[0].data.toString()).to.equal('abcd');
    } finally {
      pair.close();
    }
  });

  it('hands many datagrams to one callback, each with its sender and its own bytes', function () {
    const pair = userSocketPair();
    try {
      for (let i = 0; i < 100; i++) pair.sender.send(Buffer.from(`datagram ${i}`), { portId: pair.receiverPort });
      const collector = new Collector(pair.receiver);
      let total = 0;
      while (total < 100) {
        const n = pair.receiver.receiveNow();
        if (n === 0) break;
        total += n;
      }
      expect(total).to.equal(100);
      expect(collector.datagrams.map((d) => d.data.toString())).to.deep.equal(Array.from({ length: 100 }, (_, i) => `datagram ${i}`));
      expect(Math.max(...collector.batchSizes)).to.be.greaterThan(1);
      expect(collector.batchSizes.length).to.be.lessThan(100);
      for (const d of collector.datagrams) {
        expect(d.portId).to.equal(pair.senderPort);
        expect(d.groups).to.equal(0);
        expect(d.truncated).to.equal(false);
      }
    } finally {
      pair.close();
    }
  });

  it('the batch Buffer is the batch\'s own: slices stay valid after later batches', function () {
    const pair = userSocketPair();
    try {
      const kept: Buffer[] = [];
      pair.receiver.onBatch = (buffer) => kept.push(buffer);
      pair.sender.send(Buffer.alloc(64, 1), { portId: pair.receiverPort });
      pair.receiver.receiveNow();
      pair.sender.send(Buffer.alloc(64, 2), { portId: pair.receiverPort });
      pair.receiver.receiveNow();
      expect(kept).to.have.length(2);
      expect(kept[0].equals(Buffer.alloc(64, 1))).to.equal(true);
      expect(kept[1].equals(Buffer.alloc(64, 2))).to.equal(true);
    } finally {
      pair.close();
    }
  });

  it('a batch whose memory JavaScript detached (transferred away) does not disturb later batches', function () {
    const pair = userSocketPair();
    try {
      const kept: Buffer[] = [];
      pair.receiver.onBatch = (buffer) => kept.push(buffer);
      pair.sender.send(Buffer.alloc(32, 7), { portId: pair.receiverPort });
      pair.receiver.receiveNow();
      // Small batches share pooled memory: transferring it detaches it for everyone holding a view.
      const store = kept[0].buffer as ArrayBuffer;
      structuredClone(store, { transfer: [store] });
      expect(kept[0].length).to.equal(0);
      pair.sender.send(Buffer.alloc(32, 8), { portId: pair.receiverPort });
      pair.receiver.receiveNow();
      expect(kept[1].equals(Buffer.alloc(32, 8))).to.equal(true);
    } finally {
      pair.close();
    }
  });

  it('a handler may call receiveNow() or close() on its own socket while a batch is being delivered', function () {
    const pair = userSocketPair();
    try {
      const seen: string[] = [];
      let nested = 0;
      pair.receiver.onBatch = (buffer, meta, count) => {
        for (const d of datagramsOf(buffer, meta, count)) seen.push(d.data.toString());
        if (seen.length === 1) {
          // More arrives while we are inside the first batch: read it from within.
          pair.sender.send(Buffer.from('second'), { portId: pair.receiverPort });
          nested = pair.receiver.receiveNow();
          pair.sender.send(Buffer.from('never read'), { portId: pair.receiverPort });
          pair.receiver.close();
        }
      };
      pair.sender.send(Buffer.from('first'), { portId: pair.receiverPort });
      expect(pair.receiver.receiveNow()).to.equal(1);
      expect(nested).to.equal(1);
      expect(seen).to.deep.equal(['first', 'second']);
      expect(pair.receiver.closed).to.equal(true);
    } finally {
      pair.close();
    }
  });

  it('send failures the kernel reports at once are thrown: no such port, datagram too big', function () {
    const pair = userSocketPair();
    try {
      const unusedPort = pair.receiverPort;
      pair.receiver.close();
      expect(() => pair.sender.send(Buffer.alloc(16), { portId: unusedPort }))
        .to.throw()
        .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED' && e.syscall === 'sendto' && e.message.includes(`to port ${unusedPort}`));
      const size = pair.sender.setSendBufferSize(4096);
      expect(() => pair.sender.send(Buffer.alloc(size * 4), { portId: pair.senderPort }))
        .to.throw()
        .that.satisfies((e: NodeJS.ErrnoException) => e.code === 'EMSGSIZE' && e.syscall === 'sendto');
    } finally {
      pair.close();
    }
  });

  it('flags a datagram bigger than the receive slot as truncated, then grows so the next one arrives whole', function () {
    const r = runFixture<{ size: number; seen: Array<{ length: number; truncated: boolean; intactPrefix: boolean; batch: number }> }>('truncation');
    expect(r.seen).to.have.length(2);
    expect(r.seen[0].truncated).to.equal(true);
    expect(r.seen[0].length).to.be.lessThan(r.size);
    expect(r.seen[0].intactPrefix).to.equal(true);
    expect(r.seen[1]).to.deep.equal({ length: r.size, truncated: false, intactPrefix: true, batch: 2 });
  });

  it('queues sends the destination cannot take (EAGAIN) and delivers all of them, in order, from the loop', async function () {
    const pair = userSocketPair();
    try {
      pair.receiver.setReceiveBufferSize(4096);
      const count = 400;
      // The receiver is not reading: its small queue fills after a few datagrams and the rest must wait.
      for (let i = 0; i < count; i++) {
        const b = Buffer.alloc(1024);
        b.writeUInt32LE(i, 0);
        pair.sender.send(b, { portId: pair.receiverPort });
      }
      const collector = new Collector(pair.receiver);
      await collector.until(() => collector.datagrams.length >= count);
      expect(collector.datagrams.map((d) => d.data.readUInt32LE(0))).to.deep.equal(Array.from({ length: count }, (_, i) => i));
    } finally {
      pair.close();
    }
  });

  it('a queued send that later fails is an error event, not a throw', async function () {
    const pair = userSocketPair();
    try {
      pair.receiver.setReceiveBufferSize(4096);
      for (let i = 0; i < 50; i++) pair.sender.send(Buffer.alloc(1024), { portId: pair.receiverPort });
      const errors: NodeJS.ErrnoException[] = [];
      pair.sender.on('error', (e) => errors.push(e));
      // The destination goes away while datagrams wait for it.
      pair.receiver.close();
      await new Promise<void>((resolve) => {
        const check = () => (errors.length > 0 ? resolve() : setTimeout(check, 5));
        check();
      });
      expect(errors[0].code).to.equal('ECONNREFUSED');
      expect(errors[0].syscall).to.equal('sendto');
    } finally {
      pair.close();
    }
  });

  it('datagrams queued behind a failed one still go out when the error handler throws', function () {
    const r = runFixture<{ errors: number; uncaught: number; markerReceived: boolean }>('queued-send-after-throw');
    // Several queued datagrams failed (one error, and one uncaught exception, each), and the one behind them,
    // to a live socket, arrived anyway.
    expect(r.errors).to.be.greaterThan(1);
    expect(r.uncaught).to.equal(r.errors);
    expect(r.markerReceived).to.equal(true);
  });
});

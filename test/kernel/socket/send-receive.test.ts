// sendReceive(): a send and the read of an answer already queued, in one call into the addon. The answer must be
// exactly what send() + receiveNow(1) would have delivered, through the same onBatch, with nothing lost when it
// is not there yet, is too big for the fast path, or comes after an overrun.
import { expect } from 'chai';
import { withNetns } from '../../helpers/netns';
import { datagramsOf, Meta, META_STRIDE } from '../../../lib/socket/netlink-socket';
import {
  closeTracked,
  Collector,
  linkOf,
  messagesOf,
  NETLINK_ROUTE,
  nextTurn,
  openSocket,
  RTM_GETLINK,
  RTM_NEWLINK,
  userSocketPair,
} from './support';

/** RTM_GETLINK for one ifindex, without NLM_F_ACK: the kernel answers with exactly one RTM_NEWLINK. */
function getLinkRequest(seq: number, index = 1): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(32, 0);
  b.writeUInt16LE(RTM_GETLINK, 4);
  b.writeUInt16LE(1, 6); // NLM_F_REQUEST
  b.writeUInt32LE(seq, 8);
  b.writeInt32LE(index, 20); // ifinfomsg.ifi_index
  return b;
}

describe('socket: sendReceive (kernel)', function () {
  const env = withNetns('lnl-sock-sr');
  afterEach(closeTracked);

  before(function () {
    env.ns.ip(['link', 'add', 'srx0', 'type', 'veth', 'peer', 'name', 'srx1']);
  });

  it('sends and hands the kernel\'s answer to onBatch before it returns', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const collector = new Collector(socket);
    expect(socket.sendReceive(getLinkRequest(7))).to.equal(1);
    expect(collector.batchSizes).to.deep.equal([1]);
    const [datagram] = collector.datagrams;
    expect(datagram.portId).to.equal(0);
    expect(datagram.truncated).to.equal(false);
    const [message] = messagesOf(datagram.data);
    expect(message).to.include({ type: RTM_NEWLINK, seq: 7 });
    expect(linkOf(message.body)).to.deep.equal({ index: 1, name: 'lo' });
  });

  it('gives every answer bytes and a meta row of its own: nothing kept from earlier answers is overwritten', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const kept: Array<{ buffer: Buffer; meta: Int32Array }> = [];
    socket.onBatch = (buffer, meta, count) => {
      expect(count).to.equal(1);
      kept.push({ buffer, meta });
    };
    // Answers of two lengths (lo, a veth), over a kilobyte each: enough to go through several of the socket's slabs.
    const veth = env.ns.ipJson<Array<{ ifindex: number }>>(['link', 'show', 'srx0'])[0].ifindex;
    const names = (seq: number) => (seq % 2 ? 'lo' : 'srx0');
    for (let seq = 1; seq <= 300; seq++) expect(socket.sendReceive(getLinkRequest(seq, seq % 2 ? 1 : veth))).to.equal(1);
    expect(kept).to.have.length(300);
    kept.forEach(({ buffer, meta }, i) => {
      expect(meta[Meta.Length], `answer ${i + 1}`).to.equal(buffer.length);
      const [datagram] = datagramsOf(buffer, meta, 1);
      expect(datagram.portId).to.equal(0);
      const messages = messagesOf(datagram.data);
      expect(messages).to.have.length(1);
      expect(messages[0].seq).to.equal(i + 1);
      expect(linkOf(messages[0].body).name).to.equal(names(i + 1));
    });
  });

  it('an answer that is not there yet comes through the event loop, like any datagram', async function () {
    const pair = userSocketPair();
    const mine = new Collector(pair.receiver);
    const theirs = new Collector(pair.sender);
    // A user-space peer answers later, not inside sendmsg.
    expect(pair.receiver.sendReceive(Buffer.from('question'), { portId: pair.senderPort })).to.equal(0);
    expect(mine.datagrams).to.have.length(0);
    await theirs.until(() => theirs.datagrams.length === 1);
    expect(theirs.datagrams[0].data.toString()).to.equal('question');
    pair.sender.send(Buffer.from('answer'), { portId: pair.receiverPort });
    await mine.until(() => mine.datagrams.length === 1);
    expect(mine.datagrams[0].data.toString()).to.equal('answer');
    expect(mine.datagrams[0].portId).to.equal(pair.senderPort);
  });

  it('reads whatever is first in the queue; one too big for the room left goes through the batch path, whole', function () {
    const pair = userSocketPair();
    pair.receiver.setReceiveBufferSize(1 << 20);
    const first = Buffer.alloc(1000, 0x61);
    // Fits a receive slot (64 KiB) but not what the first answer left of the fast path's 64 KiB.
    const big = Buffer.alloc(65_000, 0x5a);
    pair.sender.send(first, { portId: pair.receiverPort });
    pair.sender.send(big, { portId: pair.receiverPort });
    pair.sender.send(Buffer.from('small'), { portId: pair.receiverPort });
    const mine = new Collector(pair.receiver);
    for (let i = 0; i < 3; i++) expect(pair.receiver.sendReceive(Buffer.from('x'), { portId: pair.senderPort })).to.equal(1);
    expect(mine.batchSizes).to.deep.equal([1, 1, 1]);
    expect(mine.datagrams.map((d) => d.truncated)).to.deep.equal([false, false, false]);
    expect(mine.datagrams[0].data.equals(first)).to.equal(true);
    expect(mine.datagrams[1].data.equals(big)).to.equal(true);
    expect(mine.datagrams[2].data.toString()).to.equal('small');
  });

  it('without a handler, or while paused, it only sends: the answer waits in the queue', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    expect(socket.sendReceive(getLinkRequest(1))).to.equal(0);
    const collector = new Collector(socket);
    await collector.until(() => collector.datagrams.length === 1);
    socket.pause();
    expect(socket.sendReceive(getLinkRequest(2))).to.equal(0);
    await nextTurn();
    expect(collector.datagrams).to.have.length(1);
    socket.resume();
    await collector.until(() => collector.datagrams.length === 2);
    expect(collector.messages().map((m) => m.seq)).to.deep.equal([1, 2]);
  });

  it('with the receive thread on, it only sends, and the thread delivers the answer', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const collector = new Collector(socket);
    socket.setReceiveThread(true);
    expect(socket.sendReceive(getLinkRequest(3))).to.equal(0);
    await collector.until(() => collector.datagrams.length === 1);
    socket.setReceiveThread(false);
    expect(socket.sendReceive(getLinkRequest(4))).to.equal(1);
    expect(collector.messages().map((m) => m.seq)).to.deep.equal([3, 4]);
  });

  it('a call from inside onBatch leaves the outer batch\'s meta row alone', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    const seen: Array<{ seq: number; offsetBefore: number; offsetAfter: number; lengthAfter: number }> = [];
    socket.onBatch = (buffer, meta, count) => {
      expect(count).to.equal(1);
      const offsetBefore = meta[Meta.Offset];
      const seq = buffer.readUInt32LE(offsetBefore + 8);
      if (seq === 1) socket.sendReceive(getLinkRequest(2));
      seen.push({ seq, offsetBefore, offsetAfter: meta[Meta.Offset], lengthAfter: meta[Meta.Length] });
      expect(buffer.readUInt32LE(meta[Meta.Offset] + 8)).to.equal(seq);
    };
    expect(socket.sendReceive(getLinkRequest(1))).to.equal(1);
    expect(seen.map((s) => s.seq)).to.deep.equal([2, 1]);
    for (const s of seen) expect(s.offsetAfter).to.equal(s.offsetBefore);
    expect(META_STRIDE).to.equal(10);
  });

  it('an overrun met while reading the answer is reported, and what is queued is still delivered', async function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    socket.setReceiveBufferSize(4096);
    let overruns = 0;
    socket.on('overrun', () => overruns++);
    // Answers of well over a kilobyte pile up unread until the kernel has to drop one.
    for (let seq = 1; seq <= 50; seq++) socket.send(getLinkRequest(seq));
    const collector = new Collector(socket);
    expect(socket.sendReceive(getLinkRequest(51))).to.equal(1);
    expect(overruns).to.equal(1);
    expect(collector.messages()[0].seq).to.equal(1);
    await collector.until(() => collector.messages().some((m) => m.seq > 1));
  });

  it('fails like send(): a closed socket, a port nobody holds, bad data', function () {
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    socket.bind();
    socket.onBatch = () => undefined;
    expect(() => socket.sendReceive('bytes' as never)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => socket.sendReceive(Buffer.alloc(16), { portId: -1 })).to.throw(RangeError);
    const refused = (() => {
      try {
        socket.sendReceive(getLinkRequest(1), { portId: 0x7ffffff0 });
        return undefined;
      } catch (err) {
        return err as NodeJS.ErrnoException;
      }
    })();
    expect(refused).to.include({ code: 'ECONNREFUSED', errno: 111, syscall: 'sendto' });
    socket.close();
    expect(() => socket.sendReceive(getLinkRequest(2))).to.throw().with.property('code', 'ERR_SOCKET_CLOSED');
  });
});

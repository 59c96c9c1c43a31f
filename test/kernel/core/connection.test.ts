// The Connection against the real kernel, inside private network namespaces. Requests are built by hand from
// rtnetlink's uapi layouts (this is the core's test: no family code is used).
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'child_process';
import { join } from 'path';
import { getSystemErrorName } from 'util';
import { Worker } from 'worker_threads';
import { AttributeWriter, Connection, NetlinkError, Protocol, RequestError, parseAttributes, readString } from '../../../lib/core';
import { ip, withNetns } from '../../helpers/netns';

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const RTM_SETLINK = 19;
const RTM_GETADDR = 22;
const RTM_GETROUTE = 26;
const RTNLGRP_LINK = 1;
const RTNLGRP_IPV4_IFADDR = 5;
const IFLA_IFNAME = 3;
const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;
const AF_INET = 2;

/** struct ifinfomsg { family, pad, type, index, flags, change } followed by attributes. */
function ifinfomsg(index = 0, fill?: (w: AttributeWriter) => void, flags = 0, change = 0): Buffer {
  const w = new AttributeWriter();
  const at = w.zeros(16);
  w.storage.writeInt32LE(index, at + 4);
  w.storage.writeUInt32LE(flags, at + 8);
  w.storage.writeUInt32LE(change, at + 12);
  fill?.(w);
  return w.toBuffer();
}

function ifaddrmsg(family: number): Buffer {
  return Buffer.from([family, 0, 0, 0, 0, 0, 0, 0]);
}

function linkName(payload: Buffer): string | undefined {
  const { attributes } = parseAttributes(payload, 16, payload.length);
  const a = attributes.find((x) => x.type === IFLA_IFNAME);
  return a && readString(a.value);
}

describe('core/Connection on the real kernel', function () {
  const holder = withNetns('lnl-core');
  let conn: Connection;

  before(function () {
    holder.ns.ip(['link', 'add', 'vc0', 'type', 'veth', 'peer', 'name', 'vc1']);
    conn = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, typeName: (t) => ({ 16: 'RTM_NEWLINK', 19: 'RTM_SETLINK' } as Record<number, string>)[t] });
  });
  after(() => conn?.close());

  it('asks for strict checking and extended ACKs, and gets them from this kernel', () => {
    expect(conn.strict).to.equal(true);
    expect(conn.extAck).to.equal(true);
    expect(conn.portId).to.be.greaterThan(0);
  });

  it('dumps the links of its own namespace, as `ip` sees them, and not the host\'s', async () => {
    const { messages, interrupted } = await conn.dump(RTM_GETLINK, ifinfomsg());
    expect(interrupted).to.equal(false);
    const ours = messages.map((m) => [m.payload.readInt32LE(4), linkName(m.payload)]).sort();
    const theirs = holder.ns.ipJson<Array<{ ifindex: number; ifname: string }>>(['link', 'show']).map((l) => [l.ifindex, l.ifname]).sort();
    expect(ours).to.deep.equal(theirs);
    const host = (JSON.parse(ip(['-j', 'link', 'show'])) as Array<{ ifname: string }>).map((l) => l.ifname);
    expect(host).to.not.include('vc0');
  });

  it('a refused request rejects with a NetlinkError carrying code, errno and the kernel\'s text', async () => {
    const req = ifinfomsg(0, (w) => {
      w.string(IFLA_IFNAME, 'nosuch0');
      w.nested(IFLA_LINKINFO, (n) => n.string(IFLA_INFO_KIND, 'no-such-kind'));
    });
    const err: unknown = await conn.request(RTM_NEWLINK, req, { flags: 0x400 | 0x200 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(NetlinkError);
    const e = err as NetlinkError;
    expect(e.code).to.equal(getSystemErrorName(-95)); // Node's name for EOPNOTSUPP: 'ENOTSUP'
    expect(e.errno).to.equal(95);
    expect(e.extAck).to.equal('Unknown device type');
    expect(e.operation).to.equal('RTM_NEWLINK');
    expect(e.message).to.contain('Unknown device type');
  });

  it('an existing link created again: EEXIST', async () => {
    const req = ifinfomsg(0, (w) => {
      w.string(IFLA_IFNAME, 'vc0');
      w.nested(IFLA_LINKINFO, (n) => n.string(IFLA_INFO_KIND, 'veth'));
    });
    const err = await conn.request(RTM_NEWLINK, req, { flags: 0x400 | 0x200 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NetlinkError).with.property('code', 'EEXIST');
  });

  it('1,000 concurrent requests and 3 concurrent dumps on one socket all resolve with their own answers', async () => {
    const index = holder.ns.ipJson<Array<{ ifindex: number }>>(['link', 'show', 'vc0'])[0].ifindex;
    const gets = Array.from({ length: 1000 }, (_, i) => conn.request(RTM_GETLINK, ifinfomsg(i % 2 ? index : 1), { ack: false }));
    const dumps = [conn.dump(RTM_GETLINK, ifinfomsg()), conn.dump(RTM_GETADDR, ifaddrmsg(0)), conn.dump(RTM_GETROUTE, Buffer.alloc(12))];
    const replies = await Promise.all(gets);
    replies.forEach((messages, i) => {
      expect(messages).to.have.length(1);
      expect(messages[0].type).to.equal(RTM_NEWLINK);
      expect(messages[0].payload.readInt32LE(4)).to.equal(i % 2 ? index : 1);
    });
    const [links, addrs, routes] = await Promise.all(dumps);
    expect(links.messages.map((m) => m.type)).to.satisfy((t: number[]) => t.length >= 3 && t.every((x) => x === RTM_NEWLINK));
    expect(addrs.messages.every((m) => m.type === 20)).to.equal(true); // RTM_NEWADDR
    expect(addrs.messages.length).to.equal(holder.ns.ipJson<Array<{ addr_info: unknown[] }>>(['addr', 'show']).reduce((n, l) => n + l.addr_info.length, 0));
    expect(routes.messages.every((m) => m.type === 24)).to.equal(true); // RTM_NEWROUTE
  });

  it('streams a dump in batches, and flags an interrupted one (NLM_F_DUMP_INTR)', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `addr add 10.${(i >> 8) & 255}.${i & 255}.1/32 dev vc0`).join('\n');
    holder.ns.ip(['-batch', '-'], { input: lines + '\n' });
    // Nothing is read while paused: the kernel has built only the dump's first datagram when the data changes.
    conn.socket.pause();
    const stream = conn.dumpStream(RTM_GETADDR, ifaddrmsg(AF_INET));
    const it = stream[Symbol.asyncIterator]();
    const first = it.next();
    holder.ns.ip(['addr', 'add', '10.255.255.1/32', 'dev', 'vc0']);
    conn.socket.resume();
    let count = 0;
    let batches = 0;
    for (let r = await first; !r.done; r = await it.next()) {
      batches++;
      count += r.value.length;
    }
    expect(batches).to.be.greaterThan(1);
    expect(count).to.be.at.least(1500);
    expect(stream.interrupted).to.equal(true);
    const calm = await conn.dump(RTM_GETADDR, ifaddrmsg(AF_INET));
    expect(calm.interrupted).to.equal(false);
    expect(calm.messages.length).to.equal(1502); // 1500 + 10.255.255.1 + 127.0.0.1 on lo
    holder.ns.ip(['addr', 'flush', 'dev', 'vc0']);
  });

  it('dump(): returns an interrupted dump flagged, or re-runs it when asked (retryOnInterrupt)', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `addr add 10.${(i >> 8) & 255}.${i & 255}.1/32 dev vc0`).join('\n');
    holder.ns.ip(['-batch', '-'], { input: lines + '\n' });
    const interruptedDump = async (retryOnInterrupt: number, address: string) => {
      conn.socket.pause();
      const result = conn.dump(RTM_GETADDR, ifaddrmsg(AF_INET), { retryOnInterrupt });
      holder.ns.ip(['addr', 'add', address, 'dev', 'vc0']);
      conn.socket.resume();
      return result;
    };
    const flagged = await interruptedDump(0, '10.254.0.1/32');
    expect(flagged.interrupted).to.equal(true);
    const retried = await interruptedDump(2, '10.254.0.2/32');
    expect(retried.interrupted).to.equal(false);
    expect(retried.messages.length).to.equal(1503); // 1500 + 2 added + 127.0.0.1
    holder.ns.ip(['addr', 'flush', 'dev', 'vc0']);
  });

  it('a dump consumer that stops early releases the socket for the next dump', async () => {
    for await (const batch of conn.dumpStream(RTM_GETLINK, ifinfomsg())) {
      expect(batch.length).to.be.greaterThan(0);
      break;
    }
    const { messages } = await conn.dump(RTM_GETLINK, ifinfomsg());
    expect(messages.length).to.be.at.least(3);
  });

  it('a multicast subscription sees a link change, as an event and through the async iterator', async () => {
    const sub = conn.subscribe([RTNLGRP_LINK]);
    const viaEvent = new Promise<number>((resolve) => sub.once('message', (n) => resolve(n.group)));
    holder.ns.ip(['link', 'set', 'vc0', 'mtu', '1400']);
    expect(await viaEvent).to.equal(RTNLGRP_LINK);
    const it = sub[Symbol.asyncIterator]();
    holder.ns.ip(['link', 'set', 'vc0', 'mtu', '1300']);
    const { value } = await it.next();
    expect(value.type).to.equal(RTM_NEWLINK);
    expect(linkName(value.payload)).to.equal('vc0');
    await it.return!();
    expect(sub.closed).to.equal(true);
  });

  it('request(..., decode) settles with what decode makes of the replies, or rejects with what it throws', async () => {
    const index = await conn.request(RTM_GETLINK, ifinfomsg(1), { ack: false }, (replies) => replies[0].payload.readInt32LE(4));
    expect(index).to.equal(1);
    const thrown = new Error('not what was asked for');
    const err = await conn.request(RTM_GETLINK, ifinfomsg(1), { ack: false }, () => {
      throw thrown;
    }).catch((e: unknown) => e);
    expect(err).to.equal(thrown);
    // decode sees the replies of acknowledged requests too (the ACK itself is consumed).
    const count = await conn.request(RTM_GETLINK, ifinfomsg(1), {}, (replies) => replies.length);
    expect(count).to.equal(1);
  });

  it('a request without ACK that the kernel answers inside sendmsg is settled before request() returns', async () => {
    let settled = false;
    const answer = conn.request(RTM_GETLINK, ifinfomsg(1), { ack: false }).then((r) => ((settled = true), r));
    await Promise.resolve(); // one microtask: no event-loop turn
    await Promise.resolve();
    expect(settled).to.equal(true);
    expect((await answer)[0].payload.readInt32LE(4)).to.equal(1);
    // A refusal takes the same path and keeps its errno and code.
    const refused = await conn.request(RTM_GETLINK, ifinfomsg(0x7ffffff0), { ack: false }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(NetlinkError).with.property('code', 'ENODEV');
    expect(refused).to.have.property('errno', 19);
  });

  describe('requestOne()', () => {
    /** The link index of an RTM_NEWLINK reply, read from the bytes requestOne() hands over. */
    const linkIndex = (type: number, buf: Buffer, start: number, end: number) => {
      expect(type).to.equal(RTM_NEWLINK);
      expect(end - start).to.be.greaterThan(16);
      return buf.readInt32LE(start + 4);
    };

    it('decodes the answer the kernel gives inside sendmsg before it returns, from bytes that are never rewritten', async () => {
      let settled = false;
      const views: Buffer[] = [];
      const answer = conn
        .requestOne(RTM_GETLINK, ifinfomsg(1), undefined, (type, buf, start, end) => {
          views.push(buf.subarray(start, end));
          return linkIndex(type, buf, start, end);
        })
        .then((index) => ((settled = true), index));
      await Promise.resolve(); // one microtask: no event-loop turn
      expect(settled).to.equal(true);
      expect(await answer).to.equal(1);
      const kept = Buffer.from(views[0]);
      // Enough answers to fill several of the connection's answer slabs: the first answer's bytes stay as they were.
      for (let i = 0; i < 2000; i++) expect(await conn.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex)).to.equal(1);
      expect(views[0].equals(kept)).to.equal(true);
    });

    it('answers are taken inline whatever the sequence number, and after a subscription turned on NETLINK_PKTINFO', async () => {
      // The reply's header is compared as signed words: a seq or port id of 2^31 or more must still match; and a
      // socket that subscribed once gets every answer tagged with a group (0 for unicast). Either mistake would
      // only send the answers the slow way, through onBatch, so that is what this watches.
      const c = conn as unknown as { nextSeq: number; onBatch: (...args: unknown[]) => void };
      conn.subscribe([RTNLGRP_LINK]).close();
      const onBatch = c.onBatch;
      let batches = 0;
      c.onBatch = (...args: unknown[]) => {
        batches++;
        return onBatch.apply(conn, args);
      };
      try {
        for (const first of [0x7ffffff8, 0xfffffff8]) {
          c.nextSeq = first;
          for (let i = 0; i < 16; i++) expect(await conn.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex)).to.equal(1);
        }
        expect(c.nextSeq).to.equal(9);
        expect(batches).to.equal(0);
      } finally {
        delete (c as { onBatch?: unknown }).onBatch;
      }
    });

    it('a refusal rejects with the NetlinkError request() gives, and a throw from decode rejects with what it threw', async () => {
      const refused = await conn.requestOne(RTM_GETLINK, ifinfomsg(0x7ffffff0), undefined, linkIndex).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(NetlinkError).with.property('code', 'ENODEV');
      expect(refused).to.have.property('errno', 19);
      const thrown = new Error('not what was asked for');
      const err = await conn
        .requestOne(RTM_GETLINK, ifinfomsg(1), undefined, () => {
          throw thrown;
        })
        .catch((e: unknown) => e);
      expect(err).to.equal(thrown);
      // The connection is still in order afterwards.
      expect(await conn.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex)).to.equal(1);
    });

    it('waits like request() when the kernel does not answer at once: timeout, abort, close', async () => {
      // RTM_SETLINK without NLM_F_ACK that succeeds gets no answer at all.
      const none = () => 0;
      const t = await conn.requestOne(RTM_SETLINK, ifinfomsg(1), { timeout: 50 }, none).catch((e: unknown) => e);
      expect(t).to.be.instanceOf(RequestError).with.property('code', 'ETIMEDOUT');
      const ac = new AbortController();
      const aborted = conn.requestOne(RTM_SETLINK, ifinfomsg(1), { signal: ac.signal }, none).catch((e: unknown) => e);
      ac.abort();
      expect(await aborted).to.have.property('code', 'ABORT_ERR');
      const before = new AbortController();
      before.abort();
      expect(await conn.requestOne(RTM_GETLINK, ifinfomsg(1), { signal: before.signal }, linkIndex).catch((e: unknown) => e)).to.have.property('code', 'ABORT_ERR');
      const other = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
      const pending = other.requestOne(RTM_SETLINK, ifinfomsg(1), undefined, none).catch((e: unknown) => e);
      other.close();
      expect(await pending).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_CLOSED');
      expect(await other.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex).catch((e: unknown) => e)).to.have.property('code', 'ERR_NETLINK_CLOSED');
    });

    it('works when called from inside a receive callback, and from inside its own decode', async () => {
      const sub = conn.subscribe([RTNLGRP_LINK]);
      try {
        // Inside the delivery of a notification: the request goes out and its answer comes after the batch.
        const fromHandler = new Promise<number>((resolve, reject) =>
          sub.once('message', () => void conn.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex).then(resolve, reject)),
        );
        holder.ns.ip(['link', 'set', 'vc0', 'mtu', '1280']);
        expect(await fromHandler).to.equal(1);
      } finally {
        sub.close();
      }
      // A decoder that asks again before it returns: each call has answer memory of its own.
      let inner: Promise<number> | undefined;
      const outer = await conn.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, (type, buf, start, end) => {
        inner ??= conn.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex);
        return linkIndex(type, buf, start, end);
      });
      expect(outer).to.equal(1);
      expect(await inner).to.equal(1);
    });

    it('an answer read by the receive thread instead arrives through the event loop, decoded the same way', async () => {
      const threaded = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
      try {
        threaded.socket.setReceiveThread(true);
        let settled = false;
        const answer = threaded.requestOne(RTM_GETLINK, ifinfomsg(1), { timeout: 5000 }, linkIndex).then((index) => ((settled = true), index));
        await Promise.resolve();
        expect(settled, 'not settled inside the call: the thread reads the socket').to.equal(false);
        expect(await answer).to.equal(1);
        const refused = await threaded.requestOne(RTM_GETLINK, ifinfomsg(0x7ffffff0), undefined, linkIndex).catch((e: unknown) => e);
        expect(refused).to.be.instanceOf(NetlinkError).with.property('code', 'ENODEV');
        // A few at once (answers wait in the socket until the thread reads them: many would overrun its buffer).
        const many = await Promise.all(Array.from({ length: 20 }, () => threaded.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, linkIndex)));
        expect(many.every((index) => index === 1)).to.equal(true);
      } finally {
        threaded.close();
      }
    });
  });

  describe('requestAck()', () => {
    const IFLA_MTU = 4;
    const setMtu = (index: number, mtu: number): Buffer => ifinfomsg(index, (w) => w.u32(IFLA_MTU, mtu));

    it('resolves once the kernel acknowledges, 2,000 writes in a row, and the kernel has what was written', async () => {
      const index = holder.ns.ipJson<Array<{ ifindex: number }>>(['link', 'show', 'vc0'])[0].ifindex;
      for (let i = 0; i < 2000; i++) expect(await conn.requestAck(RTM_SETLINK, setMtu(index, 1300 + (i % 100)))).to.equal(undefined);
      expect(holder.ns.ipJson<Array<{ mtu: number }>>(['link', 'show', 'vc0'])[0].mtu).to.equal(1399);
    });

    it('a refusal rejects with the NetlinkError request() gives (code, errno, extended-ACK text, operation)', async () => {
      const existing = ifinfomsg(0, (w) => {
        w.string(IFLA_IFNAME, 'vc0');
        w.nested(IFLA_LINKINFO, (n) => n.string(IFLA_INFO_KIND, 'veth'));
      });
      const viaAck = await conn.requestAck(RTM_NEWLINK, existing, { flags: 0x400 | 0x200 }).catch((e: unknown) => e);
      const viaRequest = await conn.request(RTM_NEWLINK, existing, { flags: 0x400 | 0x200 }).catch((e: unknown) => e);
      expect(viaAck).to.be.instanceOf(NetlinkError).with.property('code', 'EEXIST');
      expect((viaAck as NetlinkError).message).to.equal((viaRequest as NetlinkError).message);
      expect(viaAck).to.include({ errno: 17, operation: 'RTM_NEWLINK', extAck: (viaRequest as NetlinkError).extAck });
      const missing = await conn.requestAck(RTM_SETLINK, setMtu(0x7ffffff0, 1400)).catch((e: unknown) => e);
      expect(missing).to.be.instanceOf(NetlinkError).with.property('code', 'ENODEV');
    });

    it('an ACK read by the receive thread instead arrives through the event loop', async () => {
      const threaded = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
      try {
        threaded.socket.setReceiveThread(true);
        const index = holder.ns.ipJson<Array<{ ifindex: number }>>(['link', 'show', 'vc0'])[0].ifindex;
        expect(await threaded.requestAck(RTM_SETLINK, setMtu(index, 1280), { timeout: 5000 })).to.equal(undefined);
        expect(holder.ns.ipJson<Array<{ mtu: number }>>(['link', 'show', 'vc0'])[0].mtu).to.equal(1280);
        const refused = await threaded.requestAck(RTM_SETLINK, setMtu(0x7ffffff0, 1400)).catch((e: unknown) => e);
        expect(refused).to.be.instanceOf(NetlinkError).with.property('code', 'ENODEV');
      } finally {
        threaded.close();
      }
    });
  });

  it('with receiveThread, a big dump moves to the native thread after its first datagrams, and back when it ends', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `route add blackhole 10.77.${i >> 8}.${i & 255}/32 table 277`).join('\n');
    holder.ns.ip(['-batch', '-'], { input: lines + '\n' });
    const threaded = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, receiveThread: true });
    try {
      // rtmsg with family AF_INET and RTA_TABLE 277: a strict-checked dump of that table alone.
      const w = new AttributeWriter();
      w.bytes(Buffer.from([AF_INET, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
      w.u32(15, 277);
      const request = w.toBuffer();
      // Datagrams received when the thread was switched on and off.
      let received = 0;
      const switches: Array<[boolean, number]> = [];
      const onBatch = threaded.socket.onBatch!;
      threaded.socket.onBatch = (buffer, meta, count) => {
        received += count;
        onBatch(buffer, meta, count);
      };
      const setReceiveThread = threaded.socket.setReceiveThread.bind(threaded.socket);
      threaded.socket.setReceiveThread = (on: boolean) => {
        switches.push([on, received]);
        return setReceiveThread(on);
      };
      let messages = 0;
      for await (const chunk of threaded.dumpChunks(RTM_GETROUTE, request)) messages += chunk.index.length / 3;
      expect(messages).to.equal(5000);
      expect(received).to.be.greaterThan(4);
      // On after the first few datagrams (not after reading most of the dump on this thread), off at the end.
      expect(switches).to.have.length(2);
      expect(switches[0][0]).to.equal(true);
      expect(switches[0][1]).to.be.within(1, 4);
      expect(switches[1]).to.deep.equal([false, received]);
      expect(threaded.socket.receiveThread).to.equal(false);
      const plain = await conn.dump(RTM_GETROUTE, request);
      expect(plain.messages).to.have.length(5000);
    } finally {
      threaded.close();
      holder.ns.ip(['route', 'flush', 'table', '277']);
    }
  });

  it('times out, aborts, and rejects pending requests when closed', async () => {
    // RTM_SETLINK without NLM_F_ACK that succeeds gets no answer at all: a request that stays pending.
    const quiet = () => ifinfomsg(1);
    const t = await conn.request(RTM_SETLINK, quiet(), { ack: false, timeout: 50 }).catch((e: unknown) => e);
    expect(t).to.be.instanceOf(RequestError).with.property('code', 'ETIMEDOUT');
    const ac = new AbortController();
    const aborted = conn.request(RTM_SETLINK, quiet(), { ack: false, signal: ac.signal }).catch((e: unknown) => e);
    ac.abort();
    expect(await aborted).to.have.property('code', 'ABORT_ERR');
    const other = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    const pending = other.request(RTM_SETLINK, quiet(), { ack: false }).catch((e: unknown) => e);
    other.close();
    expect(other.closed).to.equal(true); // at once, not on the next tick
    const rightAfter = other.request(RTM_GETLINK, ifinfomsg(1)).catch((e: unknown) => e);
    other.close(); // idempotent
    expect(await rightAfter).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_CLOSED');
    const closed = await pending;
    expect(closed).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_CLOSED');
    const after = await other.request(RTM_GETLINK, ifinfomsg(1)).catch((e: unknown) => e);
    expect(after).to.have.property('code', 'ERR_NETLINK_CLOSED');
  });

  it('a tiny receive buffer under an event flood gives an overrun, and the connection keeps working', async () => {
    const small = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      small.socket.setReceiveBufferSize(4096);
      const sub = small.subscribe([RTNLGRP_IPV4_IFADDR]);
      const overrun = new Promise<void>((resolve) => sub.once('overrun', () => resolve()));
      let seen = 0;
      sub.on('message', () => seen++);
      // The event loop is blocked while `ip` floods: the notifications pile up in the 4 KiB buffer.
      const lines = Array.from({ length: 500 }, (_, i) => `addr add 10.9.${i >> 8}.${i & 255}/32 dev vc0`).join('\n');
      holder.ns.ip(['-batch', '-'], { input: lines + '\n' });
      await overrun;
      expect(seen).to.be.lessThan(500);
      const { messages } = await small.dump(RTM_GETLINK, ifinfomsg());
      expect(messages.length).to.be.at.least(3);
      sub.close();
    } finally {
      small.close();
      holder.ns.ip(['addr', 'flush', 'dev', 'vc0']);
    }
  });

  it('a request whose reply the kernel dropped in an overrun is rejected, not left hanging', async () => {
    const small = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      small.socket.setReceiveBufferSize(4096);
      const sub = small.subscribe([RTNLGRP_IPV4_IFADDR]);
      sub.on('message', () => undefined);
      small.socket.pause(); // fill the receive buffer with notifications, then ask while it is full
      const lines = Array.from({ length: 200 }, (_, i) => `addr add 10.8.0.${i}/32 dev vc0`).join('\n');
      holder.ns.ip(['-batch', '-'], { input: lines + '\n' });
      const lost = small.request(RTM_GETLINK, ifinfomsg(1), { ack: false }).catch((e: unknown) => e);
      small.socket.resume();
      const err = await lost;
      expect(err).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_OVERRUN');
      expect(sub.overruns).to.be.at.least(1);
      const again = await small.request(RTM_GETLINK, ifinfomsg(1), { ack: false });
      expect(again[0].payload.readInt32LE(4)).to.equal(1);
    } finally {
      small.close();
      holder.ns.ip(['addr', 'flush', 'dev', 'vc0']);
    }
  });

  it('requestOne: a reply the kernel dropped while its send was in progress is rejected as an overrun, not left hanging', async () => {
    const small = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      small.socket.setReceiveBufferSize(4096);
      const sub = small.subscribe([RTNLGRP_IPV4_IFADDR]);
      let overrunDuringCall = false;
      let inCall = false;
      sub.on('message', () => undefined);
      sub.on('overrun', () => {
        if (inCall) overrunDuringCall = true;
      });
      // The event loop is blocked while `ip` floods, so the buffer is full when the request goes: the kernel drops
      // its reply and flags the socket, and the read inside the send reports the overrun before anything else.
      const lines = Array.from({ length: 200 }, (_, i) => `addr add 10.7.0.${i}/32 dev vc0`).join('\n');
      holder.ns.ip(['-batch', '-'], { input: lines + '\n' });
      inCall = true;
      const lost = small.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, (type, buf, start) => buf.readInt32LE(start + 4)).catch((e: unknown) => e);
      inCall = false;
      expect(overrunDuringCall).to.equal(true);
      const err = await lost;
      expect(err).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_OVERRUN');
      // And the connection goes on answering on the fast path.
      expect(await small.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, (type, buf, start) => buf.readInt32LE(start + 4))).to.equal(1);
    } finally {
      small.close();
      holder.ns.ip(['addr', 'flush', 'dev', 'vc0']);
    }
  });

  it('requestOne: a listener that closes the connection during the send rejects the request with ERR_NETLINK_CLOSED', async () => {
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    const sub = c.subscribe([RTNLGRP_IPV4_IFADDR]);
    let inCall = false;
    let closedInCall = false;
    // A notification is queued ahead of the reply: the read inside the send delivers it first, and its listener closes.
    sub.on('message', () => {
      if (inCall) {
        closedInCall = true;
        c.close();
      }
    });
    holder.ns.ip(['addr', 'add', '10.6.0.1/32', 'dev', 'vc0']);
    try {
      inCall = true;
      const outcome = c.requestOne(RTM_GETLINK, ifinfomsg(1), undefined, () => 'answered').catch((e: unknown) => e);
      inCall = false;
      expect(closedInCall).to.equal(true);
      const result = await outcome;
      expect(result).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_CLOSED');
    } finally {
      c.close();
      holder.ns.ip(['addr', 'flush', 'dev', 'vc0']);
    }
  });

  it('a subscription that cannot join all its groups joins none', () => {
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      expect(() => c.subscribe([RTNLGRP_LINK, 100000])).to.throw().with.property('code', 'EINVAL');
      expect(c.socket.memberships()).to.not.include(RTNLGRP_LINK);
      const sub = c.subscribe([RTNLGRP_LINK]);
      expect(c.socket.memberships()).to.include(RTNLGRP_LINK);
      sub.close();
      expect(c.socket.memberships()).to.not.include(RTNLGRP_LINK);
    } finally {
      c.close();
    }
  });

  it('a malformed reply fails the request it answers instead of leaving it pending', async () => {
    // A second socket of ours plays a broken kernel: the connection accepts it (acceptNonKernel) and gets a reply
    // whose nlmsg_len runs past the end of the datagram.
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, acceptNonKernel: true });
    const forger = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      const pending = c.request(RTM_SETLINK, ifinfomsg(1), { ack: false }).catch((e: unknown) => e); // never answered
      const seq = (c as unknown as { nextSeq: number }).nextSeq - 1;
      const bad = Buffer.alloc(20);
      bad.writeUInt32LE(200, 0); // nlmsg_len 200 in a 20-byte datagram
      bad.writeUInt16LE(RTM_NEWLINK, 4);
      bad.writeUInt32LE(seq, 8);
      bad.writeUInt32LE(c.portId, 12);
      forger.socket.send(bad, { portId: c.portId });
      const err = await pending;
      expect(err).to.be.instanceOf(Error).with.property('code', 'ERR_NETLINK_DECODE');
    } finally {
      c.close();
      forger.close();
    }
  });

  it('lateReply: the kernel\'s ACK does not complete the request; the answer that follows it with its seq does', async () => {
    // The kernel acknowledges a no-op RTM_SETLINK inside sendmsg; a second socket of ours then plays the answer
    // that comes after the ACK (as NC-SI's commands are answered).
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, acceptNonKernel: true });
    const forger = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      let settled = false;
      const answer = c.request(RTM_SETLINK, ifinfomsg(1), { lateReply: true, timeout: 10000 }).finally(() => (settled = true));
      const seq = (c as unknown as { nextSeq: number }).nextSeq - 1;
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).to.equal(false);
      const late = Buffer.alloc(20);
      late.writeUInt32LE(20, 0);
      late.writeUInt16LE(RTM_NEWLINK, 4);
      late.writeUInt32LE(seq, 8);
      late.writeUInt32LE(c.portId, 12);
      late.writeUInt32LE(0xabcd, 16);
      forger.socket.send(late, { portId: c.portId });
      const replies = await answer;
      expect(replies.map((m) => [m.type, m.seq, m.payload.readUInt32LE(0)])).to.deep.equal([[RTM_NEWLINK, seq, 0xabcd]]);
    } finally {
      c.close();
      forger.close();
    }
  });

  it('lateReply with two errors for one request (NC-SI\'s own, then the kernel\'s): the first rejects, the second is dropped', async () => {
    // NC-SI's send-cmd can answer a request with an error of its own (ncsi_send_netlink_err) and then the kernel's
    // for the same seq. A second socket of ours plays the first (ERANGE, read before the kernel's); the kernel's
    // ENODEV for a link that does not exist is the second.
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, acceptNonKernel: true });
    const forger = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    const emitted: Error[] = [];
    c.on('error', (e: Error) => emitted.push(e));
    try {
      const seq = (c as unknown as { nextSeq: number }).nextSeq;
      const first = Buffer.alloc(36);
      first.writeUInt32LE(36, 0);
      first.writeUInt16LE(2, 4); // NLMSG_ERROR
      first.writeUInt32LE(seq, 8);
      first.writeUInt32LE(c.portId, 12);
      first.writeInt32LE(-34, 16); // -ERANGE, then the request's header
      first.writeUInt32LE(16, 20);
      first.writeUInt16LE(RTM_SETLINK, 24);
      first.writeUInt32LE(seq, 28);
      forger.socket.send(first, { portId: c.portId });
      const err = await c.request(RTM_SETLINK, ifinfomsg(0x7ffffff0), { lateReply: true, timeout: 10000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(Error).with.property('code', 'ERANGE');
      // The kernel's ENODEV for the same seq is dropped: nothing emitted, and the next request is unaffected.
      expect(await c.request(RTM_SETLINK, ifinfomsg(1), { timeout: 10000 })).to.deep.equal([]);
      expect(emitted).to.deep.equal([]);
    } finally {
      c.close();
      forger.close();
    }
  });

  it('an NLMSG_ERROR whose echoed header claims a huge nlmsg_len fails the request with its errno', async () => {
    // A second socket of ours plays a broken kernel (acceptNonKernel): NLM_F_ACK_TLVS set, the echoed request
    // header claiming 0x80000000 or 0xfffffff0 bytes. Once an uncaught RangeError that ended the process.
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, acceptNonKernel: true });
    const forger = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      for (const claimed of [0x80000000, 0xfffffff0]) {
        const pending = c.request(RTM_SETLINK, ifinfomsg(1), { ack: false }).catch((e: unknown) => e); // never answered
        const seq = (c as unknown as { nextSeq: number }).nextSeq - 1;
        const NLM_F_ACK_TLVS = 0x200;
        const bad = Buffer.alloc(16 + 4 + 16 + 8);
        bad.writeUInt32LE(bad.length, 0);
        bad.writeUInt16LE(2, 4); // NLMSG_ERROR
        bad.writeUInt16LE(NLM_F_ACK_TLVS, 6);
        bad.writeUInt32LE(seq, 8);
        bad.writeUInt32LE(c.portId, 12);
        bad.writeInt32LE(-22, 16); // EINVAL
        bad.writeUInt32LE(claimed, 20); // the echoed request's nlmsg_len
        bad.writeUInt32LE(seq, 28);
        bad.writeUInt16LE(8, 36); // an NLMSGERR_ATTR_OFFS that is never reached
        bad.writeUInt16LE(2, 38);
        forger.socket.send(bad, { portId: c.portId });
        const err = await pending;
        expect(err, `nlmsg_len ${claimed}`).to.be.instanceOf(NetlinkError).with.property('code', 'EINVAL');
      }
      expect(c.closed).to.equal(false);
    } finally {
      c.close();
      forger.close();
    }
  });

  it('indexes a dump datagram message by message, whatever its mix: reserved types, strays, flags, DONE', async () => {
    // A second socket of ours plays the kernel. The dump goes out as RTM_SETLINK (a no-op change the kernel does
    // not answer without NLM_F_ACK), so only the forged datagram answers it.
    const c = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name, acceptNonKernel: true });
    const forger = Connection.open({ protocol: Protocol.Route, netns: holder.ns.name });
    try {
      const stream = c.dumpChunks(RTM_SETLINK, ifinfomsg(1));
      const iterator = stream[Symbol.asyncIterator]();
      const first = iterator.next(); // sends the request
      const seq = (c as unknown as { nextSeq: number }).nextSeq - 1;
      const NLM_F_MULTI = 2;
      const NLM_F_DUMP_INTR = 16;
      const messages: Array<[type: number, flags: number, seq: number, body: number]> = [
        [RTM_NEWLINK, NLM_F_MULTI, seq, 12],
        [RTM_NEWLINK, NLM_F_MULTI | NLM_F_DUMP_INTR, seq, 4], // the kernel's data changed meanwhile
        [5, NLM_F_MULTI, seq, 8], // a reserved type below NLMSG_MIN_TYPE: kept, the consumer decides
        [RTM_NEWLINK, NLM_F_MULTI, seq + 1000, 4], // another request's: not part of this dump
        [RTM_NEWLINK, NLM_F_MULTI, seq, 6],
        [RTM_NEWLINK, NLM_F_MULTI, seq, 0],
        [3, NLM_F_MULTI, seq, 4], // NLMSG_DONE
      ];
      const parts = messages.map(([type, flags, s, body]) => {
        const m = Buffer.alloc(16 + ((body + 3) & ~3));
        m.writeUInt32LE(16 + body, 0);
        m.writeUInt16LE(type, 4);
        m.writeUInt16LE(flags, 6);
        m.writeUInt32LE(s, 8);
        m.writeUInt32LE(c.portId, 12);
        if (type !== 3) m.fill(0xab, 16, 16 + body); // DONE carries a zero error code
        return m;
      });
      forger.socket.send(Buffer.concat(parts), { portId: c.portId });
      const chunks = [];
      for (let r = await first; !r.done; r = await iterator.next()) chunks.push(r.value);
      const starts: number[] = [];
      let at = 0;
      for (const part of parts) {
        starts.push(at);
        at += part.length;
      }
      const expected = [0, 1, 2, 4, 5].flatMap((i) => [starts[i] + 16, starts[i] + 16 + messages[i][3], messages[i][0]]);
      expect(chunks).to.have.length(1);
      const offset = chunks[0].index[0] - 16; // where the datagram sits in the batch's buffer
      expect(chunks[0].index.map((v: number, i: number) => (i % 3 === 2 ? v : v - offset))).to.deep.equal(expected);
      expect(stream.interrupted).to.equal(true);
    } finally {
      c.close();
      forger.close();
    }
  });

  it('works inside a worker thread', async () => {
    const worker = new Worker(join(__dirname, 'fixtures', 'dump-in-worker.js'), { workerData: { netns: holder.ns.name } });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    try {
      const names = await new Promise<string[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        void exited.then((code) => reject(new Error(`the worker exited (code ${code}) without answering`)));
      });
      expect(names.sort()).to.deep.equal(holder.ns.ipJson<Array<{ ifname: string }>>(['link', 'show']).map((l) => l.ifname).sort());
      expect(await exited).to.equal(0);
    } finally {
      await worker.terminate();
    }
  });

  it('LINUX_NETLINK_DEBUG=1 prints every message sent and received, readable and in hex', () => {
    const script = `const { Connection } = require(${JSON.stringify(join(__dirname, '../../../lib/core'))});
      const c = Connection.open({ protocol: 0, netns: ${JSON.stringify(holder.ns.name)} });
      c.dump(18, Buffer.alloc(16)).then(() => c.close());`;
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, LINUX_NETLINK_DEBUG: '1' }, encoding: 'utf8', timeout: 20000 });
    expect(r.status).to.equal(0);
    expect(r.stderr).to.match(/\[netlink 0 send\] type=18\(18\) flags=REQUEST\|0x300 seq=\d+/);
    expect(r.stderr).to.match(/\[netlink 0 recv from port 0\] type=16\(16\) flags=MULTI/);
    expect(r.stderr).to.match(/type=Done\(3\)/);
    expect(r.stderr).to.match(/ {4}0000 {2}00 00 /);
  });

  it('an idle connection does not keep the process alive', () => {
    const script = `const { Connection } = require(${JSON.stringify(join(__dirname, '../../../lib/core'))});
      const c = Connection.open({ protocol: 0 }); c.dump(18, Buffer.alloc(16)).then((r) => console.log(r.messages.length));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000 });
    expect(Number(out.trim())).to.be.greaterThan(0);
  });
});

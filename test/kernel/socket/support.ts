// Test-side helpers for the socket tests. They build and read rtnetlink bytes by hand (nlmsghdr + ifinfomsg,
// IFLA_IFNAME) so these tests depend on the kernel and iproute2 only, not on lib/core.
import { datagramsOf, Datagram, NetlinkSocket, OpenSocketOptions } from '../../../lib/socket/netlink-socket';

export const NETLINK_ROUTE = 0;
export const NETLINK_USERSOCK = 2;
export const RTM_NEWLINK = 16;
export const RTM_GETLINK = 18;
export const RTM_NEWADDR = 20;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const RTNLGRP_LINK = 1;
export const RTNLGRP_IPV4_IFADDR = 5;
const IFLA_IFNAME = 3;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;

/** RTM_GETLINK dump request: a 16-byte nlmsghdr and a zeroed 16-byte ifinfomsg (AF_UNSPEC). */
export function getLinkDumpRequest(seq: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(32, 0);
  b.writeUInt16LE(RTM_GETLINK, 4);
  b.writeUInt16LE(NLM_F_REQUEST | NLM_F_DUMP, 6);
  b.writeUInt32LE(seq, 8);
  b.writeUInt32LE(0, 12);
  return b;
}

export interface RawMessage {
  type: number;
  seq: number;
  portId: number;
  body: Buffer;
}

export function messagesOf(datagram: Buffer): RawMessage[] {
  const out: RawMessage[] = [];
  let at = 0;
  while (at + 16 <= datagram.length) {
    const length = datagram.readUInt32LE(at);
    if (length < 16 || at + length > datagram.length) throw new Error(`bad nlmsghdr length ${length} at ${at}`);
    out.push({
      type: datagram.readUInt16LE(at + 4),
      seq: datagram.readUInt32LE(at + 8),
      portId: datagram.readUInt32LE(at + 12),
      body: datagram.subarray(at + 16, at + length),
    });
    at += (length + 3) & ~3;
  }
  return out;
}

/** ifindex and IFLA_IFNAME of an RTM_NEWLINK body. */
export function linkOf(body: Buffer): { index: number; name: string } {
  const index = body.readInt32LE(4);
  let at = 16;
  let name = '';
  while (at + 4 <= body.length) {
    const len = body.readUInt16LE(at);
    const type = body.readUInt16LE(at + 2) & 0x3fff;
    if (len < 4) break;
    if (type === IFLA_IFNAME) name = body.toString('latin1', at + 4, at + len).replace(/\0+$/, '');
    at += (len + 3) & ~3;
  }
  return { index, name };
}

/** Collects every datagram the socket receives, with the number of batches they came in. */
export class Collector {
  readonly datagrams: Datagram[] = [];
  readonly batchSizes: number[] = [];
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  constructor(readonly socket: NetlinkSocket) {
    socket.onBatch = (buffer, meta, count) => {
      this.batchSizes.push(count);
      this.datagrams.push(...datagramsOf(buffer, meta, count));
      this.waiters = this.waiters.filter((w) => {
        if (!w.test()) return true;
        w.resolve();
        return false;
      });
    };
  }

  messages(): RawMessage[] {
    return this.datagrams.flatMap((d) => messagesOf(d.data));
  }

  /** Resolves once test() holds (checked after each batch); mocha's timeout bounds the wait. */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

/** Dumps the links the socket's namespace has, through the event loop. */
export async function dumpLinks(socket: NetlinkSocket, seq = 1): Promise<Map<number, string>> {
  const collector = new Collector(socket);
  socket.send(getLinkDumpRequest(seq));
  await collector.until(() => collector.messages().some((m) => m.seq === seq && (m.type === NLMSG_DONE || m.type === NLMSG_ERROR)));
  socket.onBatch = null;
  const links = new Map<number, string>();
  for (const m of collector.messages()) {
    if (m.seq === seq && m.type === RTM_NEWLINK) {
      const l = linkOf(m.body);
      links.set(l.index, l.name);
    }
  }
  return links;
}

export function linksFromIp(json: Array<{ ifindex: number; ifname: string }>): Map<number, string> {
  return new Map(json.map((l) => [l.ifindex, l.ifname]));
}

const tracked: NetlinkSocket[] = [];

/**
 * NetlinkSocket.open, remembered so closeTracked() (an afterEach hook) closes it even when a test fails or
 * times out: a socket left reading would keep mocha's process alive.
 */
export function openSocket(options: OpenSocketOptions): NetlinkSocket {
  const socket = NetlinkSocket.open(options);
  tracked.push(socket);
  return socket;
}

export function closeTracked(): void {
  for (const s of tracked.splice(0)) s.close();
}

/** A pair of NETLINK_USERSOCK sockets that can send unicast datagrams to each other by port id. */
export function userSocketPair(): { receiver: NetlinkSocket; sender: NetlinkSocket; receiverPort: number; senderPort: number; close(): void } {
  const receiver = openSocket({ protocol: NETLINK_USERSOCK });
  const sender = openSocket({ protocol: NETLINK_USERSOCK });
  const receiverPort = receiver.bind().portId;
  const senderPort = sender.bind().portId;
  return {
    receiver,
    sender,
    receiverPort,
    senderPort,
    close() {
      receiver.close();
      sender.close();
    },
  };
}

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// A kernel in a test's hands, behind the socket interface a Connection speaks through (ConnectionSocket): it
// records what the connection sends and answers as the test says, in datagrams the test builds. For unit tests of
// the request engine's logic only (no root, no kernel); every feature also has a test against the real kernel.
import { EventEmitter } from 'events';
import { BatchHandler, DatagramFlags, Meta, META_STRIDE, SocketAddress, SocketOption } from '../../lib/socket/netlink-socket';
import type { ConnectionSocket } from '../../lib/core/connection';

const NLMSG_HDRLEN = 16;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
export const NLM_F_MULTI = 0x02;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
/** NLM_F_CAPPED on an ACK: only the request's header is echoed. */
const NLM_F_CAPPED = 0x100;
/** NLM_F_ACK_TLVS on an ACK: extended-ACK attributes follow. */
const NLM_F_ACK_TLVS = 0x200;
const NLMSGERR_ATTR_MSG = 1;

/** A request the connection sent, as the kernel reads it. */
export interface SentRequest {
  type: number;
  flags: number;
  seq: number;
  portId: number;
  payload: Buffer;
}

/** One message of a datagram the fake kernel sends. */
export interface FakeMessage {
  type: number;
  flags?: number;
  seq: number;
  /** nlmsg_pid: the connection's port id (default), or 0 as the kernel uses for notifications. */
  portId?: number;
  payload?: Buffer;
  /** nlmsg_len to write instead of the true one (a malformed message). */
  length?: number;
}

/** A datagram on its way to the connection. */
export interface FakeDatagram {
  messages: FakeMessage[];
  /** Multicast group it was sent to (0: unicast). */
  group?: number;
  /** Sender's port id (0: the kernel). */
  from?: number;
  /** Cut to this many bytes and flagged truncated, as the socket reports a datagram longer than its buffer. */
  truncateTo?: number;
}

/** What the kernel does with a request: datagrams to queue in answer (none: it stays unanswered for now). */
export type RequestHandler = (request: SentRequest, kernel: FakeKernel) => FakeDatagram[] | void;

/**
 * The fake kernel and the socket in one. Replies are queued when a request is sent, as a real kernel answers
 * inside sendmsg, and read by receiveNow()/sendReceive()/sendReceiveInto() as the real socket reads them;
 * anything else waits for flush(), the event loop's turn. pause() stops reading, as on a real socket.
 */
export class FakeKernel extends EventEmitter implements ConnectionSocket {
  /** Every request the connection sent, in order. */
  readonly sent: SentRequest[] = [];
  /** Options the connection turned on, and whether the kernel accepted them. */
  readonly options = new Map<SocketOption, number | boolean>();
  onBatch: BatchHandler | null = null;
  receiveThread = false;
  paused = false;
  refed = true;
  private isClosed = false;
  private readonly queue: FakeDatagram[] = [];
  private readonly groups = new Set<number>();
  private boundPort = 0;

  constructor(
    private handler: RequestHandler = () => undefined,
    /** The port id bind() assigns. */
    readonly portId = 4242,
    /** Options setOption() refuses, as an older kernel would. */
    private readonly missingOptions: SocketOption[] = [],
  ) {
    super();
  }

  /** Replaces what the kernel does with the next requests. */
  onRequest(handler: RequestHandler): void {
    this.handler = handler;
  }

  /** Datagrams waiting to be read. */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues datagrams for the connection (read at the next receive, or flush()). */
  enqueue(...datagrams: FakeDatagram[]): void {
    this.queue.push(...datagrams);
  }

  /** Delivers everything queued, as the event loop would (nothing while paused). Returns the datagrams delivered. */
  flush(): number {
    return this.deliver(0);
  }

  /** Reports an overrun, as the socket does when the kernel dropped messages for it (ENOBUFS). */
  overrun(): void {
    this.emit('overrun');
  }

  /** The last request sent. */
  last(): SentRequest {
    const r = this.sent[this.sent.length - 1];
    if (r === undefined) throw new Error('nothing was sent');
    return r;
  }

  // ---- ConnectionSocket ---------------------------------------------------------------------------------------

  get closed(): boolean {
    return this.isClosed;
  }

  bind(address: Partial<SocketAddress>): SocketAddress {
    this.boundPort = address.portId || this.portId;
    return this.address();
  }

  address(): SocketAddress {
    return { portId: this.boundPort, groups: 0 };
  }

  setOption(option: SocketOption, value: number | boolean): void {
    if (this.missingOptions.includes(option)) throw Object.assign(new Error('ENOPROTOOPT'), { code: 'ENOPROTOOPT' });
    this.options.set(option, value);
  }

  setReceiveBufferSize(bytes: number): number {
    return bytes;
  }

  send(data: Uint8Array): void {
    this.check();
    const buf = Buffer.from(data); // the connection reuses its buffer, as the real socket allows
    const request: SentRequest = {
      type: buf.readUInt16LE(4),
      flags: buf.readUInt16LE(6),
      seq: buf.readUInt32LE(8),
      portId: buf.readUInt32LE(12),
      payload: buf.subarray(NLMSG_HDRLEN, buf.readUInt32LE(0)),
    };
    this.sent.push(request);
    const answer = this.handler(request, this);
    if (answer) this.queue.push(...answer);
  }

  receiveNow(limit = 0): number {
    this.check();
    return this.deliver(limit);
  }

  sendReceive(data: Uint8Array): number {
    this.send(data);
    return this.deliver(1);
  }

  sendReceiveInto(data: Uint8Array, into: Uint8Array, at: number, meta: Int32Array): number {
    this.send(data);
    if (this.onBatch === null || this.paused || this.queue.length === 0) return -1;
    const bytes = datagramBytes(this.queue[0]);
    if (bytes.length > into.length - at) {
      this.deliver(1);
      return -1;
    }
    const d = this.queue.shift()!;
    Buffer.from(bytes).copy(into as Buffer, at);
    writeMeta(meta, 0, at, bytes.length, d);
    return bytes.length;
  }

  setReceiveThread(on: boolean): this {
    this.receiveThread = on;
    return this;
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    this.paused = false;
    return this;
  }

  ref(): this {
    this.refed = true;
    return this;
  }

  unref(): this {
    this.refed = false;
    return this;
  }

  addMembership(group: number): void {
    this.check();
    this.groups.add(group);
  }

  dropMembership(group: number): void {
    this.groups.delete(group);
  }

  memberships(): number[] {
    return [...this.groups].sort((a, b) => a - b);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.emit('close');
  }

  private check(): void {
    if (this.isClosed) throw Object.assign(new Error('the socket is closed'), { code: 'ERR_SOCKET_CLOSED' });
  }

  /** Hands up to `limit` queued datagrams (0: all) to onBatch in one batch, as the socket's reads do. */
  private deliver(limit: number): number {
    if (this.onBatch === null || this.paused || this.queue.length === 0) return 0;
    const take = this.queue.splice(0, limit === 0 ? this.queue.length : limit);
    const parts: Buffer[] = [];
    const meta = new Int32Array(take.length * META_STRIDE);
    let offset = 0;
    take.forEach((d, i) => {
      const bytes = datagramBytes(d);
      writeMeta(meta, i * META_STRIDE, offset, bytes.length, d);
      // Each datagram starts 8-byte aligned in a batch, as the addon lays them out.
      const padded = Buffer.alloc((bytes.length + 7) & ~7);
      bytes.copy(padded);
      parts.push(padded);
      offset += padded.length;
    });
    this.onBatch(Buffer.concat(parts), meta, take.length);
    return take.length;
  }
}

function writeMeta(meta: Int32Array, row: number, offset: number, length: number, d: FakeDatagram): void {
  const group = d.group ?? 0;
  meta[row + Meta.Offset] = offset;
  meta[row + Meta.Length] = length;
  meta[row + Meta.PortId] = d.from ?? 0;
  meta[row + Meta.Groups] = group > 0 && group <= 32 ? 1 << (group - 1) : 0;
  meta[row + Meta.Group] = group;
  meta[row + Meta.Nsid] = -1;
  meta[row + Meta.Flags] = (group > 0 ? DatagramFlags.HasGroup : 0) | (d.truncateTo !== undefined ? DatagramFlags.Truncated : 0);
}

/** A datagram's bytes: its messages back to back, each padded to 4 bytes. */
export function datagramBytes(d: FakeDatagram): Buffer {
  const parts = d.messages.map((m) => {
    const payload = m.payload ?? Buffer.alloc(0);
    const length = NLMSG_HDRLEN + payload.length;
    const buf = Buffer.alloc((length + 3) & ~3);
    buf.writeUInt32LE(m.length ?? length, 0);
    buf.writeUInt16LE(m.type, 4);
    buf.writeUInt16LE(m.flags ?? 0, 6);
    buf.writeUInt32LE(m.seq, 8);
    buf.writeUInt32LE(m.portId ?? 0, 12);
    payload.copy(buf, NLMSG_HDRLEN);
    return buf;
  });
  const bytes = Buffer.concat(parts);
  return d.truncateTo !== undefined ? bytes.subarray(0, d.truncateTo) : bytes;
}

/** A datagram of one message. */
export function datagram(...messages: FakeMessage[]): FakeDatagram {
  return { messages };
}

/**
 * The NLMSG_ERROR answering `request`: an ACK (errno 0) or a refusal, the request's header echoed (capped), with
 * the kernel's extended-ACK text when given.
 */
export function ack(request: SentRequest, errno = 0, text?: string): FakeMessage {
  const attribute = text === undefined ? Buffer.alloc(0) : textAttribute(NLMSGERR_ATTR_MSG, text);
  const payload = Buffer.alloc(4 + NLMSG_HDRLEN + attribute.length);
  attribute.copy(payload, 4 + NLMSG_HDRLEN);
  payload.writeInt32LE(-errno, 0);
  payload.writeUInt32LE(NLMSG_HDRLEN + request.payload.length, 4);
  payload.writeUInt16LE(request.type, 8);
  payload.writeUInt16LE(request.flags, 10);
  payload.writeUInt32LE(request.seq, 12);
  payload.writeUInt32LE(request.portId, 16);
  const flags = NLM_F_CAPPED | (text === undefined ? 0 : NLM_F_ACK_TLVS);
  return { type: NLMSG_ERROR, flags, seq: request.seq, portId: request.portId, payload };
}

/** A NUL-terminated string attribute, padded to 4 bytes. */
function textAttribute(type: number, text: string): Buffer {
  const value = Buffer.from(`${text}\0`);
  const buf = Buffer.alloc((4 + value.length + 3) & ~3);
  buf.writeUInt16LE(4 + value.length, 0);
  buf.writeUInt16LE(type, 2);
  value.copy(buf, 4);
  return buf;
}

/** The NLMSG_DONE ending a dump (`errno` set: the dump failed part-way). */
export function done(request: SentRequest, flags = 0, errno = 0): FakeMessage {
  const payload = Buffer.alloc(4);
  payload.writeInt32LE(-errno, 0);
  return { type: NLMSG_DONE, flags: NLM_F_MULTI | flags, seq: request.seq, portId: request.portId, payload };
}

/** A data message answering `request`, its payload the given bytes. */
export function reply(request: SentRequest, type: number, payload: Buffer | string, flags = 0): FakeMessage {
  return { type, flags, seq: request.seq, portId: request.portId, payload: typeof payload === 'string' ? Buffer.from(payload) : payload };
}

// NetlinkSocket: the JavaScript face of the native AF_NETLINK socket. Bytes in, bytes out, batched receive;
// no protocol knowledge.
import { NativeBinding, nativeBinding, NativeSocketHandle } from './binding';
import { encodeBpfProgram, BpfInstruction } from './bpf';
import { BatchHandler, Meta, META_STRIDE } from './datagrams';
import {
  checkUint32,
  illegalConstructor,
  invalidArgType,
  invalidArgValue,
  NetlinkSocketError,
  outOfRange,
  socketClosedError,
  systemError,
} from './errors';
import { TypedEventEmitter } from './events';
import { describeProtocol } from './protocols';
import { optionAddress, SocketOption } from './socket-options';

export { META_STRIDE, Meta, DatagramFlags, datagramsOf } from './datagrams';
export type { BatchHandler, Datagram } from './datagrams';
export type { BpfInstruction } from './bpf';
export { SocketOption } from './socket-options';
export { NetlinkSocketError } from './errors';

/** The events of a {@link NetlinkSocket} and the arguments their listeners receive. */
export interface NetlinkSocketEvents {
  /**
   * The kernel dropped datagrams for this socket (ENOBUFS); the socket keeps working. The kernel goes on dropping
   * until the queue has been read empty once, so drain promptly.
   */
  overrun: [];
  /** An unexpected receive or queued-send failure. */
  error: [err: NetlinkSocketError];
  /** Once, after close(). */
  close: [];
}

/** Options of {@link NetlinkSocket.open}. */
export interface OpenSocketOptions {
  /** NETLINK_ROUTE (0), NETLINK_KOBJECT_UEVENT (15), ... */
  protocol: number;
  /** '/run/netns/x', '/proc/PID/ns/net', a bare name ('x' → /run/netns/x), or an open namespace fd (left open). */
  netns?: string | number;
}

/** A netlink socket address (struct sockaddr_nl): port id and multicast groups. */
export interface SocketAddress {
  /** nl_pid: the port id (0: the kernel). */
  portId: number;
  /** nl_groups: a bitmap of the multicast groups 1 to 32. */
  groups: number;
}

/** sendReceive()'s answers are written into slabs of this size; an answer that does not fit in what is left of
 * one (most are a few hundred bytes) comes through the ordinary batch path instead. */
const SLAB_SIZE = 64 * 1024;
const SLAB_MIN_ROOM = 4096;

/** The default destination: no object per call for it (requests are a hot path). */
const KERNEL: Partial<SocketAddress> = Object.freeze({});

// Native handle → its socket. Weak, so an unreachable socket can still be collected (and closed).
const owners = new WeakMap<NativeSocketHandle, NetlinkSocket>();

/**
 * One AF_NETLINK socket.
 *
 * Receiving: set `onBatch`; datagrams then arrive from the event loop many per call, or at once through
 * `receiveNow()`. While `onBatch` is null (or the socket is paused) nothing is read: datagrams wait in the
 * kernel's queue.
 *
 * Lifetime: like a dgram socket, a socket that is reading or has sends queued keeps the process (and itself)
 * alive unless unref()'d. A socket that is unreachable and not keeping the process alive is closed by the
 * garbage collector; call close() to release it deterministically.
 *
 * Events: see {@link NetlinkSocketEvents}.
 */
export class NetlinkSocket extends TypedEventEmitter<NetlinkSocketEvents> {
  /** The netlink protocol it speaks (Protocol.Route, ...). */
  readonly protocol: number;
  #handle: NativeSocketHandle;
  #closed = false;
  #paused = false;
  #onBatch: BatchHandler | null = null;
  #receiveThread = false;
  /** Where sendReceive() has its answers written: a slab handed out slice by slice, never rewritten. */
  #slab: Buffer | null = null;
  #slabUsed = 0;
  /** Datagrams the last sendReceiveInto() handed to onBatch instead (for sendReceive()'s count). */
  #deliveredByLastSend = 0;

  private constructor(handle: NativeSocketHandle, protocol: number) {
    // Private to TypeScript only: from JavaScript, `new NetlinkSocket(...)` would otherwise fail somewhere inside.
    if (!(handle instanceof NetlinkSocket.#addon().Socket)) throw illegalConstructor('NetlinkSocket', 'NetlinkSocket.open(options)');
    super();
    this.#handle = handle;
    this.protocol = protocol;
    owners.set(handle, this);
  }

  /** Opens a socket (synchronously). Throws NetlinkSocketError, e.g. ENOENT for a missing namespace. */
  static open(options: OpenSocketOptions): NetlinkSocket {
    if (typeof options !== 'object' || options === null) throw invalidArgType('options', 'an object', options);
    const protocol = options.protocol;
    if (typeof protocol !== 'number') throw invalidArgType('options.protocol', 'of type number', protocol);
    if (!Number.isInteger(protocol) || protocol < 0 || protocol > 0x7fffffff) {
      throw outOfRange('options.protocol', 'a non-negative integer', protocol);
    }
    const { path, fd } = namespaceTarget(options.netns);
    return new NetlinkSocket(new (NetlinkSocket.#addon().Socket)(protocol, path, fd), protocol);
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The one consumer of received batches. Setting it starts reading; null stops. */
  get onBatch(): BatchHandler | null {
    return this.#onBatch;
  }

  /** Sets the consumer of received batches: a function starts reading, null stops. */
  set onBatch(handler: BatchHandler | null) {
    if (handler !== null && typeof handler !== 'function') throw invalidArgType('onBatch', 'a function or null', handler);
    this.#onBatch = handler;
    this.#updateReading();
  }

  /** Whether pause() stopped reading. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Stops reading (datagrams stay queued in the kernel, which may overflow and report an overrun). */
  pause(): this {
    this.#paused = true;
    this.#updateReading();
    return this;
  }

  /** Reads again after pause(). */
  resume(): this {
    this.#paused = false;
    this.#updateReading();
    return this;
  }

  /** Whether a dedicated native thread reads this socket (see setReceiveThread). */
  get receiveThread(): boolean {
    return this.#receiveThread;
  }

  /**
   * Reads the socket on a dedicated native thread (true) or from the event loop (false, the default). With the
   * thread, the kernel's work inside the receive calls (building a dump's datagrams) overlaps with JavaScript
   * handling the previous batch, which pays for big dumps on a machine with a core to spare. Batches, overruns
   * and errors arrive exactly as without it, in order, and pause()/resume() still stop and restart reading (the
   * thread holds at most a couple of batches). The cost is one hop from the thread to the loop per wake-up, so a
   * request answered inside send() is served faster without it: receiveNow() only delivers what the thread has
   * already read. Switching is allowed at any time; batches read by the thread are delivered before anything
   * read after switching it off. Throws NetlinkSocketError if the thread cannot be started.
   */
  setReceiveThread(on: boolean): this {
    this.#check('setReceiveThread');
    if (typeof on !== 'boolean') throw invalidArgType('on', 'of type boolean', on);
    if (on === this.#receiveThread) return this;
    this.#handle.setReceiveThread(on);
    this.#receiveThread = on;
    return this;
  }

  /** Binds to a port id (0: kernel-assigned) and a legacy groups mask; returns the address in force. */
  bind(address: Partial<SocketAddress> = {}): SocketAddress {
    this.#check('bind');
    const portId = checkUint32('address.portId', address.portId ?? 0);
    const groups = checkUint32('address.groups', address.groups ?? 0);
    return this.#handle.bind(portId, groups);
  }

  /** The socket's address (getsockname): its port id and legacy groups mask. */
  address(): SocketAddress {
    this.#check('getsockname');
    return this.#handle.address();
  }

  /**
   * Sends one datagram (default: to the kernel). The bytes are copied before this returns, so the buffer can be
   * reused. If the destination cannot take it now (EAGAIN) it is queued and sent from the event loop, in order;
   * a later failure of a queued datagram is an 'error' event. Other failures throw.
   */
  send(data: Uint8Array, to: Partial<SocketAddress> = KERNEL): void {
    this.#check('send');
    if (!(data instanceof Uint8Array)) throw invalidArgType('data', 'a Buffer or Uint8Array', data);
    const portId = checkUint32('to.portId', to.portId ?? 0);
    const groups = checkUint32('to.groups', to.groups ?? 0);
    this.#handle.send(data, portId, groups);
  }

  /**
   * Reads what is already queued, now, without waiting for the event loop, and hands it to onBatch. Returns the
   * number of datagrams delivered (0 when there is no handler or the socket is paused). The amount read per call
   * is bounded; the event loop picks up anything left. `limit` caps the datagrams read: a caller expecting
   * exactly one reply passes 1 and spares the kernel a second, empty read.
   */
  receiveNow(limit = 0): number {
    this.#check('receive');
    if (this.#onBatch === null || this.#paused) return 0;
    return this.#handle.receiveNow(limit);
  }

  /**
   * send() followed by receiveNow(1), in one call into the addon: for a request the kernel answers inside
   * sendmsg (most of rtnetlink), the answer is read at once and handed to onBatch before this returns, with no
   * event-loop turn and no call from the addon back into JavaScript. Returns the number of datagrams delivered
   * (0 when nothing was queued yet: the answer then comes through the event loop as usual; or when there is no
   * handler, the socket is paused, or the receive thread reads it). Like receiveNow(), it reads whatever datagram
   * is first in the queue, which need not be the answer to this request.
   */
  sendReceive(data: Uint8Array, to: Partial<SocketAddress> = KERNEL): number {
    let slab = this.#slab;
    if (slab === null || slab.length - this.#slabUsed < SLAB_MIN_ROOM) {
      slab = this.#slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.#slabUsed = 0;
    }
    // The meta row goes into the slab too, just before the datagram: like a batch's, it is never rewritten.
    const start = this.#slabUsed;
    const meta = new Int32Array(slab.buffer, slab.byteOffset + start, META_STRIDE);
    const at = start + META_STRIDE * 4;
    const handler = this.#onBatch;
    const length = this.sendReceiveInto(data, slab, at, meta, to);
    if (length < 0) return handler === null || this.#paused ? 0 : this.#deliveredByLastSend;
    // The next answer starts 8-byte aligned, like every batch.
    this.#slabUsed = at + ((length + 7) & ~7);
    // Fetched again: a listener called meanwhile (an overrun) may have replaced the handler.
    const current = this.#onBatch ?? handler!;
    meta[Meta.Offset] = 0;
    current(slab.subarray(at, at + length), meta, 1);
    return 1;
  }

  /**
   * sendReceive() for a caller that keeps its own memory for answers: an answer already queued is written to
   * `into` from byte `at` on, its meta row (Offset = `at`) to `meta[0, META_STRIDE)`, and it is NOT handed to
   * onBatch; the caller owns it (bytes after `at + length` are untouched). Returns its length, or -1 when nothing
   * was read here: the answer was not queued yet (it comes through onBatch later, like any datagram), or there is
   * no handler, the socket is paused, or the receive thread reads it. A datagram longer than the room after `at`,
   * and batches the receive thread had already read, go to onBatch before this returns. `at` must be an integer
   * from 0 to into.length (ERR_OUT_OF_RANGE otherwise).
   */
  sendReceiveInto(data: Uint8Array, into: Uint8Array, at: number, meta: Int32Array, to: Partial<SocketAddress> = KERNEL): number {
    this.#check('send');
    if (!(data instanceof Uint8Array)) throw invalidArgType('data', 'a Buffer or Uint8Array', data);
    const portId = to === KERNEL || to.portId === undefined ? 0 : checkUint32('to.portId', to.portId);
    const groups = to === KERNEL || to.groups === undefined ? 0 : checkUint32('to.groups', to.groups);
    this.#deliveredByLastSend = 0;
    if (this.#onBatch === null || this.#paused) {
      this.#handle.send(data, portId, groups);
      return -1;
    }
    if (!(into instanceof Uint8Array)) throw invalidArgType('into', 'a Buffer or Uint8Array', into);
    if (!(meta instanceof Int32Array) || meta.length < META_STRIDE) throw invalidArgType('meta', `an Int32Array of at least ${META_STRIDE}`, meta);
    const length = to === KERNEL ? this.#handle.sendReceiveKernel(data, into, at, meta) : this.#handle.sendReceive(data, portId, groups, into, at, meta);
    if (length >= 0) {
      meta[Meta.Offset] = at;
      return length;
    }
    this.#deliveredByLastSend = -1 - length;
    return -1;
  }

  /**
   * NETLINK_ADD_MEMBERSHIP: any group number, including those above 32. Binds the socket first (kernel-assigned
   * port id) if it is not bound yet: the kernel delivers no multicast to an unbound socket.
   *
   * A group beyond the protocol's groups is EINVAL, and the error says how many groups this kernel has for the
   * protocol: the count differs between kernels (NETLINK_ROUTE has 33 on 5.15, 36 on 6.1).
   */
  addMembership(group: number): void {
    this.#check('addMembership');
    checkUint32('group', group, 1);
    if (this.#handle.address().portId === 0) this.#handle.bind(0, 0);
    const c = NetlinkSocket.#addon().constants;
    try {
      this.#handle.setIntOption(c.SOL_NETLINK, c.NETLINK_ADD_MEMBERSHIP, group, `NETLINK_ADD_MEMBERSHIP group ${group}`);
    } catch (error) {
      if (error instanceof NetlinkSocketError && error.code === 'EINVAL') throw this.#beyondGroups(error, group);
      throw error;
    }
  }

  /** NETLINK_DROP_MEMBERSHIP: leaves a multicast group. */
  dropMembership(group: number): void {
    this.#check('dropMembership');
    checkUint32('group', group, 1);
    const c = NetlinkSocket.#addon().constants;
    this.#handle.setIntOption(c.SOL_NETLINK, c.NETLINK_DROP_MEMBERSHIP, group, `NETLINK_DROP_MEMBERSHIP group ${group}`);
  }

  /** The groups this socket belongs to (NETLINK_LIST_MEMBERSHIPS), ascending. */
  memberships(): number[] {
    this.#check('memberships');
    return this.#handle.memberships();
  }

  /** Sets a socket option (a boolean sets 1 or 0); throws a NetlinkSocketError if the kernel refuses it. */
  setOption(option: SocketOption, value: number | boolean): void {
    this.#check('setOption');
    const where = optionAddress(option);
    if (!where) throw invalidArgValue('option', 'must be a SocketOption', option);
    let v: number;
    if (typeof value === 'boolean') v = value ? 1 : 0;
    else if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) v = value;
    else throw invalidArgType('value', 'a boolean or a 32-bit integer', value);
    this.#handle.setIntOption(where.level, where.name, v, where.label);
  }

  /** Reads a socket option's value. */
  getOption(option: SocketOption): number {
    this.#check('getOption');
    const where = optionAddress(option);
    if (!where) throw invalidArgValue('option', 'must be a SocketOption', option);
    return this.#handle.getIntOption(where.level, where.name, where.label);
  }

  /**
   * SO_RCVBUFFORCE, falling back to SO_RCVBUF (capped by net.core.rmem_max) when not permitted. Returns the size
   * in force as the kernel reports it (twice the request, for its bookkeeping).
   */
  setReceiveBufferSize(bytes: number): number {
    this.#check('setReceiveBufferSize');
    checkBufferSize(bytes);
    return this.#handle.setBufferSize(true, bytes);
  }

  /** SO_SNDBUFFORCE, falling back to SO_SNDBUF. Returns the size in force. */
  setSendBufferSize(bytes: number): number {
    this.#check('setSendBufferSize');
    checkBufferSize(bytes);
    return this.#handle.setBufferSize(false, bytes);
  }

  /** SO_ATTACH_FILTER: the kernel runs the program on each datagram; 0 drops it before it is queued. */
  attachFilter(program: BpfInstruction[]): void {
    this.#check('attachFilter');
    this.#handle.attachFilter(encodeBpfProgram(program, NetlinkSocket.#addon().constants.BPF_MAXINSNS));
  }

  /** SO_DETACH_FILTER. Throws ENOENT when no filter is attached. */
  detachFilter(): void {
    this.#check('detachFilter');
    this.#handle.detachFilter();
  }

  /** The socket keeps the event loop alive while reading or sending (the default). */
  ref(): this {
    if (!this.#closed) this.#handle.setRef(true);
    return this;
  }

  /** The socket no longer keeps the event loop alive. */
  unref(): this {
    if (!this.#closed) this.#handle.setRef(false);
    return this;
  }

  /** Closes the fd now; queued sends are dropped. Idempotent; 'close' is emitted once, on the next tick. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handle.close();
    process.nextTick(() => this.emit('close'));
  }

  /** The kernel's EINVAL for a group, with the number of groups the protocol has if the group is beyond them. */
  #beyondGroups(error: NetlinkSocketError, group: number): NetlinkSocketError {
    const count = this.#groupCountBelow(group);
    if (count === null) return error;
    const groups = count === 1 ? '1 multicast group' : `${count} multicast groups`;
    return new NetlinkSocketError(error.code, error.errno, error.syscall, error.detail,
      `${error.message}: ${describeProtocol(this.protocol)} has ${groups} on this kernel`);
  }

  /**
   * How many multicast groups the kernel has for this socket's protocol, given that `refused` is beyond them; null
   * if the kernel does not confirm that. Neither /proc/net/netlink nor NETLINK_LIST_MEMBERSHIPS gives the exact
   * count, so it is found by bisection with NETLINK_DROP_MEMBERSHIP, which the kernel refuses (EINVAL) only for a
   * group beyond the protocol's and which changes nothing for a group the socket is not in (groups it is in are
   * within by definition and are not touched).
   */
  #groupCountBelow(refused: number): number | null {
    const joined = new Set(this.#handle.memberships());
    const c = NetlinkSocket.#addon().constants;
    const within = (group: number): boolean | null => {
      if (joined.has(group)) return true;
      try {
        this.#handle.setIntOption(c.SOL_NETLINK, c.NETLINK_DROP_MEMBERSHIP, group, `NETLINK_DROP_MEMBERSHIP group ${group}`);
        return true;
      } catch (error) {
        return error instanceof NetlinkSocketError && error.code === 'EINVAL' ? false : null;
      }
    };
    if (within(refused) !== false) return null;
    let low = 0; // groups 1..low are within
    let high = refused; // groups from high on are beyond
    while (high - low > 1) {
      const middle = low + Math.floor((high - low) / 2);
      const answer = within(middle);
      if (answer === null) return null;
      if (answer) low = middle;
      else high = middle;
    }
    return low;
  }

  #check(operation: string): void {
    if (this.#closed) throw socketClosedError(operation);
  }

  #updateReading(): void {
    if (!this.#closed) this.#handle.setReading(this.#onBatch !== null && !this.#paused);
  }

  static #native: NativeBinding | undefined;

  /** The addon, given this class's callbacks the first time a socket needs it (see nativeBinding()). */
  static #addon(): NativeBinding {
    if (NetlinkSocket.#native !== undefined) return NetlinkSocket.#native;
    const native = nativeBinding();
    native.setCallbacks({
      batch(store, dataOffset, dataLength, metaOffset, count) {
        // The addon reads only while a handler is set and the socket is not paused.
        const socket = owners.get(this);
        const handler = socket && socket.#onBatch;
        if (handler) handler(Buffer.from(store, dataOffset, dataLength), new Int32Array(store, metaOffset, count * META_STRIDE), count);
      },
      overrun() {
        owners.get(this)?.emit('overrun');
      },
      error(errno, syscall, detail) {
        owners.get(this)?.emit('error', systemError(errno, syscall, detail));
      },
      makeError: systemError,
    });
    return (NetlinkSocket.#native = native);
  }
}

function namespaceTarget(netns: string | number | undefined): { path: string | null; fd: number } {
  if (netns === undefined) return { path: null, fd: -1 };
  if (typeof netns === 'number') {
    if (!Number.isInteger(netns) || netns < 0 || netns > 0x7fffffff) throw outOfRange('options.netns', 'a file descriptor (integer >= 0)', netns);
    return { path: null, fd: netns };
  }
  if (typeof netns !== 'string') throw invalidArgType('options.netns', 'a string or a file descriptor', netns);
  if (netns === '' || netns === '.' || netns === '..' || netns.includes('\0')) {
    throw invalidArgValue('options.netns', 'must be a namespace name, a path or an fd', netns);
  }
  return { path: netns.includes('/') ? netns : `/run/netns/${netns}`, fd: -1 };
}

function checkBufferSize(bytes: number): void {
  if (typeof bytes !== 'number') throw invalidArgType('bytes', 'of type number', bytes);
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 0x7fffffff) throw outOfRange('bytes', '>= 1 and <= 2147483647', bytes);
}

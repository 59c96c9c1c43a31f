// The uevent monitor: one NETLINK_KOBJECT_UEVENT socket, its datagrams checked (sender, format), decoded,
// accounted for (malformed, rejected, lost) and filtered, then delivered as typed events to listeners and to
// async iterators. Nothing that arrives disappears without being counted.
import { statSync } from 'fs';
import * as os from 'os';
import { AsyncQueue, DatagramFlags, Meta, NetlinkSocket, Protocol, SocketOption, TypedEventEmitter, META_STRIDE } from '../core';
import { compileUeventProgram, DEFAULT_SCAN_LIMIT } from './bpf';
import { UeventDecodeError } from './errors';
import { Uevent, UeventSource } from './event';
import { checkFilter, compileFilter, FilterPredicate, isEmptyFilter, UeventFilter } from './filter';
import { checkBoolean, checkInteger, checkObject, checkOneOf, checkOptionalInteger, checkSignal, invalidType } from '../core/validate';
import { parseKernelText, parseKernelUevent } from './kernel-format';
import { asciiText } from './properties';
import { LostReport, SeqnumTracker } from './loss';
import { RejectReason, SenderInfo, checkSender, TrustPolicy, UEVENT_KERNEL_GROUP, UEVENT_UDEV_GROUP } from './trust';
import { hasUdevPrefix, parseUdevUevent } from './udev-format';

/** Options of a UeventMonitor: which broadcast, what to keep, whom to trust, and how to receive. */
export interface UeventMonitorOptions {
  /** Which broadcast to listen to: the kernel's (group 1, default), udev's (group 2), or both. */
  source?: UeventSource | 'both';
  /**
   * Keep only the events that match (the subsystem and devtype criteria also become a kernel socket filter unless
   * `kernelFilter` is false). Default: every event.
   */
  filter?: UeventFilter;
  /** Open the socket in another network namespace (name under /run/netns, path, or fd). */
  netns?: string | number;
  /** Compile the subsystem/devtype filter into a socket filter so the kernel drops the rest. Default true. */
  kernelFilter?: boolean;
  /** Check senders (see trust.ts). Default true; `trustedUids` defaults to [0]. */
  trust?: boolean | {
    /** The uids whose udev-format messages (group 2) are believed. Default [0] (root, as udev runs). */
    trustedUids?: number[];
  };
  /** Receive buffer in bytes (SO_RCVBUFFORCE, falling back to SO_RCVBUF). Default 64 MiB. */
  receiveBufferSize?: number;
  /**
   * Report SEQNUM gaps that do not follow an overrun as `lost` (with `certain: false`). 'auto' (default) does
   * so only for an unfiltered kernel-source monitor in the initial network namespace, where a gap most likely
   * is loss. Gaps after an overrun are always reported.
   */
  reportSeqnumGaps?: boolean | 'auto';
  /** Keep each event's datagram in `event.raw`. Default false. */
  raw?: boolean;
  /** Closes the monitor when aborted. */
  signal?: AbortSignal;
  /** Events an async iterator holds for a slow consumer before it drops and reports `queue-full`. Default 100k. */
  queueLimit?: number;
  /**
   * Read the socket on a native thread while JavaScript decodes (see NetlinkSocket.setReceiveThread). Through a
   * burst the kernel's part of receiving (most of the cost) then runs beside the decoding instead of before it;
   * each wake-up costs one more hand-over between threads, which a trickle of events pays for nothing. Default:
   * on when the process may use more than one CPU (`os.availableParallelism()`), off on a single core (a BMC),
   * where the two would only take turns.
   */
  receiveThread?: boolean;
}

/**
 * A monitor's counters since it opened (its `stats`): every datagram read lands in exactly one of delivered, filtered,
 * malformed or rejected.
 */
export interface UeventMonitorStats {
  /** Datagrams read from the socket. */
  datagrams: number;
  /** Events handed to listeners and iterators. */
  delivered: number;
  /** Trusted, well-formed events the user-space filter did not want. */
  filtered: number;
  /** Datagrams that were not well-formed uevents (each also emitted as 'malformed'). */
  malformed: number;
  /** Datagrams from senders the trust policy refuses (each also emitted as 'rejected'). */
  rejected: number;
  /** ENOBUFS reports from the kernel. */
  overruns: number;
  /** Events known to be missing: seqnum gaps reported as lost, plus iterator queue drops. */
  lost: number;
  /** Unexpected receive errors from the socket. */
  errors: number;
}

/** A datagram that was not a well-formed uevent, as the monitor's 'malformed' event reports it. */
export interface MalformedReport {
  /** Always 'malformed'. */
  kind: 'malformed';
  /** What is wrong with it, and where (`reason`, `offset`). */
  error: UeventDecodeError;
  /** Who sent it. */
  sender: SenderInfo;
  /** The datagram, as received. */
  data: Buffer;
}

/** A datagram the trust policy refused, as the monitor's 'rejected' event reports it (it is not decoded). */
export interface RejectedReport {
  /** Always 'rejected'. */
  kind: 'rejected';
  /** Why the sender is not believed. */
  reason: RejectReason;
  /** Who sent it. */
  sender: SenderInfo;
  /** The datagram, as received. */
  data: Buffer;
}

/** What a kernel socket filter does for this monitor, when one is attached. */
export interface KernelFilterInfo {
  /** How many classic BPF instructions the attached program has. */
  instructions: number;
  /** Bytes of a kernel-format header searched for SUBSYSTEM (0: only udev-format datagrams are filtered). */
  scanLimit: number;
}

/** The part of NetlinkSocket the monitor uses; tests may hand in another implementation. */
export type UeventSocket = Pick<
  NetlinkSocket,
  | 'bind' | 'setOption' | 'setReceiveBufferSize' | 'attachFilter' | 'close' | 'on' | 'ref' | 'unref' | 'closed'
  | 'pause' | 'resume'
> &
  Partial<Pick<NetlinkSocket, 'setReceiveThread'>> & {
    /** The receive callback: `count` datagrams in `buffer`, each described by META_STRIDE entries of `meta`. */
    onBatch: ((buffer: Buffer, meta: Int32Array, count: number) => void) | null;
  };

/**
 * The receive buffer a monitor asks for unless told otherwise, in bytes (64 MiB).
 */
export const DEFAULT_RECEIVE_BUFFER = 64 * 1024 * 1024;
const DEFAULT_QUEUE_LIMIT = 100_000;
// A local copy: a re-exported binding is read through a getter on every access, and this one is read per datagram.
const STRIDE = META_STRIDE;
const KERNEL_GROUP_MASK = 1 << (UEVENT_KERNEL_GROUP - 1);
const UDEV_GROUP_MASK = 1 << (UEVENT_UDEV_GROUP - 1);

/** What a UeventMonitor's async iterator yields: a Uevent, or a LostReport where events went missing. */
export type MonitorItem = Uevent | LostReport;

/** The events a UeventMonitor emits, and what their listeners receive. */
export interface UeventMonitorEvents {
  /** A trusted, well-formed event the filter accepted. */
  uevent: [event: Uevent];
  /** Events were lost: an overrun, a sequence-number gap or an iterator's full queue. */
  lost: [report: LostReport];
  /** A datagram that does not parse as a uevent. */
  malformed: [report: MalformedReport];
  /** A datagram from a sender the trust policy refuses. */
  rejected: [report: RejectedReport];
  /** A socket receive error (emitted only when someone listens; counted in `stats.errors` either way). */
  error: [err: Error];
  /** The monitor closed. */
  close: [];
}

/**
 * Events: 'uevent' (Uevent), 'lost' (LostReport), 'malformed' (MalformedReport), 'rejected' (RejectedReport),
 * 'error' (a socket receive error; only emitted when someone listens, counted either way), 'close'.
 */
export class UeventMonitor extends TypedEventEmitter<UeventMonitorEvents> implements AsyncIterable<MonitorItem> {
  /** The monitor's counters, updated as datagrams arrive. */
  readonly stats: UeventMonitorStats = {
    datagrams: 0, delivered: 0, filtered: 0, malformed: 0, rejected: 0, overruns: 0, lost: 0, errors: 0,
  }; // prettier-ignore
  /** The socket filter in force, if any. */
  readonly kernelFilter: KernelFilterInfo | undefined;
  /** The receive buffer size the kernel granted. */
  readonly receiveBufferSize: number | undefined;
  /** Whether SEQNUM gaps without an overrun are reported. */
  readonly reportsSeqnumGaps: boolean;

  private readonly socket: UeventSocket;
  private readonly accepts: FilterPredicate;
  private readonly unfiltered: boolean;
  private readonly trust: TrustPolicy | undefined;
  private readonly groupMask: number;
  private readonly tracker: SeqnumTracker;
  private readonly keepRaw: boolean;
  private readonly queueLimit: number;
  private readonly iterators = new Set<ItemQueue>();
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = () => this.close();
  private isClosed = false;

  /** Opens a NETLINK_KOBJECT_UEVENT socket (in `netns` if given) and starts receiving. Throws on socket errors. */
  static open(options: UeventMonitorOptions = {}): UeventMonitor {
    checkMonitorOptions(options);
    if (options.signal?.aborted) throw abortError(options.signal);
    const socket = NetlinkSocket.open({ protocol: Protocol.KobjectUevent, netns: options.netns });
    try {
      return new UeventMonitor(socket, options);
    } catch (err) {
      socket.close();
      throw err;
    }
  }

  /** A monitor on a socket opened elsewhere (NETLINK_KOBJECT_UEVENT, not yet bound). */
  constructor(socket: UeventSocket, options: UeventMonitorOptions = {}) {
    super();
    checkMonitorOptions(options);
    if (options.receiveThread === true && socket.setReceiveThread === undefined) {
      throw new TypeError('options.receiveThread: this socket has no receive thread');
    }
    const receiveThread = options.receiveThread ?? (socket.setReceiveThread !== undefined && usableCpus() > 1);
    this.socket = socket;
    const source = options.source ?? 'kernel';
    this.groupMask =
      (source === 'udev' ? 0 : KERNEL_GROUP_MASK) | (source === 'kernel' ? 0 : UDEV_GROUP_MASK);
    const filter = options.filter ?? {};
    this.accepts = compileFilter(filter);
    this.unfiltered = isEmptyFilter(filter);
    this.keepRaw = options.raw === true;
    this.queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.trust =
      options.trust === false
        ? undefined
        : {
            groupMask: this.groupMask,
            trustedUids: new Set(typeof options.trust === 'object' ? options.trust.trustedUids ?? [0] : [0]),
          };

    this.receiveBufferSize = socket.setReceiveBufferSize(options.receiveBufferSize ?? DEFAULT_RECEIVE_BUFFER);
    if (this.groupMask & UDEV_GROUP_MASK) socket.setOption(SocketOption.PassCred, true);
    this.kernelFilter = options.kernelFilter === false ? undefined : attachKernelFilter(socket, filter);

    const gaps = options.reportSeqnumGaps ?? 'auto';
    this.reportsSeqnumGaps =
      gaps === 'auto'
        ? this.unfiltered && source === 'kernel' && options.netns === undefined && inInitialNetns()
        : gaps;
    this.tracker = new SeqnumTracker(this.reportsSeqnumGaps);

    socket.onBatch = (buffer, meta, count) => this.onBatch(buffer, meta, count);
    socket.on('overrun', () => this.onOverrun());
    socket.on('error', (err: Error) => {
      this.stats.errors++;
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
    socket.on('close', () => this.finish());
    socket.bind({ portId: 0, groups: this.groupMask });
    if (receiveThread) socket.setReceiveThread!(true);

    this.signal = options.signal;
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** True once the monitor is closed (by close(), its signal, or its socket closing). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Stops receiving; pending iterators end. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.socket.close();
    this.finish();
  }

  /**
   * Stops reading: events wait in the kernel's queue (up to the receive buffer; beyond it the kernel drops them
   * and the monitor reports an overrun on resume).
   */
  pause(): this {
    if (!this.isClosed) this.socket.pause();
    return this;
  }

  /** Starts reading again after pause(); an overrun the kernel reported meanwhile comes as a `lost` report. */
  resume(): this {
    if (!this.isClosed) this.socket.resume();
    return this;
  }

  /** Lets the open monitor keep the Node.js process alive (the default), as a server's ref() does. */
  ref(): this {
    this.socket.ref();
    return this;
  }

  /** Lets the process exit while the monitor is open and has nothing else to do. */
  unref(): this {
    this.socket.unref();
    return this;
  }

  /** Uevents and loss reports, in arrival order, until the monitor closes (breaking out of the loop closes it). */
  [Symbol.asyncIterator](): AsyncIterator<MonitorItem> {
    const queue = new ItemQueue(this.queueLimit, (report) => {
      this.stats.lost += report.count ?? 0;
      this.emit('lost', report);
    });
    if (this.isClosed) queue.end();
    else this.iterators.add(queue);
    return {
      next: () => queue.next(),
      return: async () => {
        this.iterators.delete(queue);
        queue.end();
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private finish(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const queue of this.iterators) queue.end();
    this.iterators.clear();
    this.emit('close');
  }

  private onBatch(buffer: Buffer, meta: Int32Array, count: number): void {
    // One string for the whole batch when it is plain ASCII (kernel uevents are): a call per batch, not per
    // datagram. Otherwise (udev's binary headers, other bytes) each datagram is read on its own.
    const batchText = this.groupMask & KERNEL_GROUP_MASK ? asciiText(buffer, 0, buffer.length) : undefined;
    for (let i = 0, m = 0; i < count; i++, m += STRIDE) {
      this.onDatagram(buffer, meta, m, batchText);
      if (this.isClosed) return; // a listener closed the monitor
    }
  }

  private onDatagram(buffer: Buffer, meta: Int32Array, m: number, batchText: string | undefined): void {
    this.stats.datagrams++;
    const start = meta[m + Meta.Offset];
    const end = start + meta[m + Meta.Length];
    const portId = meta[m + Meta.PortId] >>> 0;
    const groups = meta[m + Meta.Groups] >>> 0;
    const flags = meta[m + Meta.Flags];
    const uid = flags & DatagramFlags.HasCreds ? meta[m + Meta.Uid] >>> 0 : undefined;

    if (flags & DatagramFlags.Truncated) {
      this.malformed(
        new UeventDecodeError('truncated', end - start, 'datagram longer than the receive slot (MSG_TRUNC)'),
        buffer, meta, m,
      ); // prettier-ignore
      return;
    }
    const udevFormat = hasUdevPrefix(buffer, start, end);
    if (this.trust !== undefined) {
      const reason = checkSender(this.trust, portId, groups, uid, udevFormat);
      if (reason !== undefined) {
        this.stats.rejected++;
        if (this.listenerCount('rejected') > 0) {
          const report: RejectedReport = { kind: 'rejected', reason, sender: senderOf(meta, m), data: buffer.subarray(start, end) };
          this.emit('rejected', report);
        }
        return;
      }
    }
    const parsed = udevFormat
      ? parseUdevUevent(buffer, start, end)
      : batchText !== undefined
        ? parseKernelText(buffer, batchText, 0, true, start, end)
        : parseKernelUevent(buffer, start, end);
    if (parsed instanceof UeventDecodeError) {
      this.malformed(parsed, buffer, meta, m);
      return;
    }
    // udevd re-broadcasts events as it finishes them, out of SEQNUM order: only the kernel's stream has gaps.
    if (!udevFormat) {
      const exact = parsed.seqnumNumber;
      const gap = this.tracker.observe(Number.isNaN(exact) ? parsed.seqnum : exact);
      if (gap !== undefined) this.lost(gap);
    }
    if (!this.unfiltered && !this.accepts(parsed)) {
      this.stats.filtered++;
      return;
    }
    if (this.keepRaw) parsed.raw = buffer.subarray(start, end);
    this.stats.delivered++;
    this.emit('uevent', parsed);
    if (this.iterators.size > 0) for (const queue of this.iterators) queue.push(parsed);
  }

  private malformed(error: UeventDecodeError, buffer: Buffer, meta: Int32Array, m: number): void {
    this.stats.malformed++;
    if (this.listenerCount('malformed') === 0) return;
    const start = meta[m + Meta.Offset];
    const report: MalformedReport = {
      kind: 'malformed',
      error,
      sender: senderOf(meta, m),
      data: buffer.subarray(start, start + meta[m + Meta.Length]),
    };
    this.emit('malformed', report);
  }

  private onOverrun(): void {
    this.stats.overruns++;
    this.lost(this.tracker.overrun());
  }

  private lost(report: LostReport): void {
    this.stats.lost += report.count ?? 0;
    this.emit('lost', report);
    for (const queue of this.iterators) queue.push(report);
  }
}

function senderOf(meta: Int32Array, m: number): SenderInfo {
  const sender: SenderInfo = { portId: meta[m + Meta.PortId] >>> 0, groups: meta[m + Meta.Groups] >>> 0 };
  if (meta[m + Meta.Flags] & DatagramFlags.HasCreds) {
    sender.creds = { pid: meta[m + Meta.Pid], uid: meta[m + Meta.Uid] >>> 0, gid: meta[m + Meta.Gid] >>> 0 };
  }
  return sender;
}

/**
 * Header scans tried in turn, longest first. A kernel charges the program, converted to its internal form, to the
 * socket's option memory (net.core.optmem_max): 20 KiB on 64-bit kernels before 6.7 and 10 KiB on 32-bit ones,
 * where the 512-byte scan does not fit. 0 filters udev-format datagrams only.
 */
const SCAN_LIMITS = [DEFAULT_SCAN_LIMIT, 384, 256, 192, 128, 96, 64, 48, 0];

/** Attaches the compiled filter with the longest header scan the kernel accepts. */
function attachKernelFilter(socket: UeventSocket, filter: UeventFilter): KernelFilterInfo | undefined {
  let lastError: unknown;
  for (const limit of SCAN_LIMITS) {
    const compiled = compileUeventProgram(filter, { scanLimit: limit });
    if (compiled === undefined) return undefined;
    try {
      socket.attachFilter(compiled.program);
      return { instructions: compiled.program.length, scanLimit: compiled.scanLimit };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** Whether this process shares the network namespace of pid 1 (false when that cannot be told). */
function inInitialNetns(): boolean {
  try {
    return statSync('/proc/self/ns/net').ino === statSync('/proc/1/ns/net').ino;
  } catch {
    return false;
  }
}

/** Every option checked before a socket is opened or touched, as Node checks its own (ERR_INVALID_ARG_*). */
function checkMonitorOptions(options: UeventMonitorOptions): void {
  checkObject(options, 'options');
  checkOneOf(options.source, 'options.source', ['kernel', 'udev', 'both']);
  checkFilter(options.filter, 'options.filter');
  checkBoolean(options.kernelFilter, 'options.kernelFilter');
  const trust = options.trust;
  if (trust !== undefined && typeof trust !== 'boolean') {
    checkObject(trust, 'options.trust');
    const uids = trust.trustedUids;
    if (uids !== undefined) {
      if (!Array.isArray(uids)) throw invalidType('options.trust.trustedUids', 'an array of uids', uids);
      uids.forEach((uid, i) => checkInteger(uid, `options.trust.trustedUids[${i}]`, 0, 0xffffffff));
    }
  }
  checkOptionalInteger(options.receiveBufferSize, 'options.receiveBufferSize', 0, 0x7fffffff);
  if (options.reportSeqnumGaps !== 'auto') checkBoolean(options.reportSeqnumGaps, 'options.reportSeqnumGaps');
  checkBoolean(options.raw, 'options.raw');
  checkSignal(options.signal, 'options.signal');
  checkOptionalInteger(options.queueLimit, 'options.queueLimit', 1, 0xffffffff);
  checkBoolean(options.receiveThread, 'options.receiveThread');
}

function abortError(signal: AbortSignal): Error {
  const err = new Error('The operation was aborted', { cause: signal.reason });
  err.name = 'AbortError';
  (err as Error & { code: string }).code = 'ABORT_ERR';
  return err;
}

/** One async iterator's buffer: bounded, so a consumer that stops reading costs memory only up to the limit. */
class ItemQueue {
  private readonly queue = new AsyncQueue<MonitorItem>();
  private dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly onDrop: (report: LostReport) => void,
  ) {}

  push(item: MonitorItem): void {
    if (this.queue.ended) return;
    if (this.queue.length >= this.limit) {
      this.dropped++;
      return;
    }
    this.flushDropped();
    this.queue.push(item);
  }

  next(): Promise<IteratorResult<MonitorItem>> {
    const result = this.queue.next();
    this.flushDropped();
    return result;
  }

  end(): void {
    this.queue.end();
  }

  /** Once there is room again, the consumer learns how many events it missed, in order. */
  private flushDropped(): void {
    if (this.dropped === 0 || this.queue.length >= this.limit) return;
    const report: LostReport = { kind: 'lost', reason: 'queue-full', count: this.dropped, certain: true };
    this.dropped = 0;
    this.queue.push(report);
    this.onDrop(report);
  }
}

/** CPUs this process may run on: its affinity mask from Node 18.14 on, the machine's CPUs before. */
function usableCpus(): number {
  const available = (os as { availableParallelism?: () => number }).availableParallelism;
  return available !== undefined ? available() : os.cpus().length;
}

// DiagClient: lists sockets (inet, unix, netlink, packet) over one NETLINK_SOCK_DIAG connection, streams them,
// destroys TCP sockets, and falls back to /proc/net for families whose diag module the kernel lacks.
import { Connection, NetlinkError, Protocol } from '../core';
import { decodeBatch, DumpInterruptedError, flatten, isMissingHandler, PerKindSource, throwIfAborted } from '../core/family';
import { AddressFamily, DiagMessageType } from './constants';
import { compileFilter, matchesFilter, SocketFilter } from './filter';
import {
  decodeInetSocket,
  encodeInetRequest,
  extensionMask,
  InetExtension,
  InetProtocol,
  InetSocket,
  PROTOCOL_NUMBERS,
  SocketSource,
  SocketState,
  stateMask,
} from './inet';
import { decodeNetlinkSocket, encodeNetlinkRequest, NDIAG_PROTO_ALL, NETLINK_SHOW_ALL, NetlinkSocketInfo } from './netlink';
import { decodePacketSocket, encodePacketRequest, PACKET_SHOW_ALL, PacketSocket } from './packet';
import { inetProcFile, parseInetProc, parseNetlinkProc, parsePacketProc, parseUnixProc, procNetRoot, readProcNet } from './procfs';
import { decodeUnixSocket, encodeUnixRequest, UNIX_SHOW_ALL, UnixSocket } from './unix';

/** Where sockets are read from: sock_diag, /proc/net, or sock_diag with /proc as the fallback (the default). */
export type SourceChoice = 'auto' | 'netlink' | 'proc';

/** Options of DiagClient.open(): the namespace, timeout, receive buffer and where sockets are read from. */
export interface DiagClientOptions {
  /** The network namespace whose sockets to list: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  /** Milliseconds after which a request rejects with ETIMEDOUT (default: none). */
  timeout?: number;
  /** Receive buffer size in bytes (big listings go faster with a larger one). */
  receiveBufferSize?: number;
  /**
   * 'auto' (default): sock_diag, and /proc/net for a family the kernel has no diag handler for (it answers
   * ENOENT; the AST2500's stock kernel has no INET_DIAG), remembered per family. 'proc' forces /proc/net.
   */
  source?: SourceChoice;
  /**
   * A source per kind of socket, over `source`: `{ raw: 'proc' }` reads raw sockets from /proc/net and the rest as
   * `source` says; `{ tcp: 'netlink' }` never falls back for TCP. `sources` (the client's field) says what each
   * kind used.
   */
  sources?: Partial<Record<DiagFamily, SourceChoice>>;
}

/** Which inet sockets to list. */
export interface InetQuery {
  /** 'inet' (IPv4), 'inet6', or both (the default: IPv4 first, as ss does). */
  family?: 'inet' | 'inet6';
  /** Default 'tcp'. */
  protocol?: InetProtocol;
  /** Default: every state. */
  states?: ReadonlyArray<SocketState | number>;
  /** Extra information to ask for: 'info' (tcp_info), 'meminfo', 'skmeminfo', 'congestion', 'tos', ... */
  extensions?: readonly InetExtension[];
  /** Only the sockets this filter keeps cross into JavaScript: it runs in the kernel as inet_diag bytecode. */
  filter?: SocketFilter;
  /** Aborts the listing (it rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Which unix sockets to list. */
export interface UnixQuery {
  /** Default: every state. */
  states?: ReadonlyArray<SocketState | number>;
  /** Aborts the listing (it rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Which netlink sockets to list. */
export interface NetlinkQuery {
  /** One netlink protocol (a number: 0 NETLINK_ROUTE, ...); default every protocol. */
  protocol?: number;
  /** Aborts the listing (it rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** What a client lists, each with the source it settled on: an inet protocol, or unix, netlink, packet. */
export type DiagFamily = InetProtocol | 'unix' | 'netlink' | 'packet';

/** The kernel refused SOCK_DESTROY, or has no socket with that id. */
export class DestroyError extends Error {
  /** The kernel's errno name: 'EOPNOTSUPP' (no CONFIG_INET_DIAG_DESTROY), 'EPERM', 'ENOENT', ... */
  readonly code: string;
  /** The errno, positive. */
  readonly errno: number;
  /** Always 'sock_destroy'. */
  readonly syscall = 'sock_destroy';
  /** Wraps the kernel's refusal of SOCK_DESTROY, with a hint for the usual causes. */
  constructor(cause: NetlinkError) {
    const hint =
      cause.code === 'EOPNOTSUPP'
        ? ' (the kernel was built without CONFIG_INET_DIAG_DESTROY)'
        : cause.code === 'EPERM'
          ? ' (it needs CAP_NET_ADMIN)'
          : cause.code === 'ENOENT'
            ? ' (no such socket)'
            : '';
    super(`SOCK_DESTROY failed: ${cause.code}${hint}${cause.extAck ? `: ${cause.extAck}` : ''}`);
    this.name = 'DestroyError';
    this.code = cause.code;
    this.errno = cause.errno;
  }
}

const ALL_STATES = 0xffffffff;
const KINDS: readonly DiagFamily[] = [...(Object.keys(PROTOCOL_NUMBERS) as InetProtocol[]), 'unix', 'netlink', 'packet'];

/** Is this the kernel saying it has no diag handler for a family (or protocol)? */
export { isMissingHandler };

/** Lists the sockets of one network namespace. */
export class DiagClient {
  private readonly conn: Connection | undefined;
  private readonly options: DiagClientOptions;
  private readonly timeout: number | undefined;
  private readonly tracker: PerKindSource<DiagFamily>;

  /**
   * The source each kind of socket settled on: 'proc' for a kind whose diag handler the kernel lacks (found at
   * its first listing) or that the options send to /proc, absent before it was listed.
   */
  get sources(): Partial<Record<DiagFamily, SocketSource>> {
    return this.tracker.sources;
  }

  /** Opens a sock_diag socket (none with `source: 'proc'`). Throws like Connection.open. */
  static open(options: DiagClientOptions = {}): DiagClient {
    return new DiagClient(options);
  }

  private constructor(options: DiagClientOptions) {
    const source = options.source ?? 'auto';
    if (source !== 'auto' && source !== 'netlink' && source !== 'proc') {
      throw Object.assign(new TypeError(`source must be 'auto', 'netlink' or 'proc', got ${JSON.stringify(source)}`), { code: 'ERR_INVALID_ARG_VALUE' });
    }
    const perKind = options.sources ?? {};
    if (perKind === null || typeof perKind !== 'object') {
      throw Object.assign(new TypeError(`sources must be an object, got ${JSON.stringify(perKind)}`), { code: 'ERR_INVALID_ARG_TYPE' });
    }
    for (const [kind, choice] of Object.entries(perKind)) {
      if (!KINDS.includes(kind as DiagFamily)) {
        throw Object.assign(new TypeError(`sources: unknown kind ${JSON.stringify(kind)} (known: ${KINDS.join(', ')})`), { code: 'ERR_INVALID_ARG_VALUE' });
      }
      if (choice !== 'auto' && choice !== 'netlink' && choice !== 'proc') {
        throw Object.assign(new TypeError(`sources.${kind} must be 'auto', 'netlink' or 'proc', got ${JSON.stringify(choice)}`), { code: 'ERR_INVALID_ARG_VALUE' });
      }
    }
    this.options = { ...options, source };
    this.timeout = options.timeout;
    this.tracker = new PerKindSource<DiagFamily>((kind) => perKind[kind] ?? source);
    const needsNetlink = source !== 'proc' || Object.values(perKind).some((c) => c !== 'proc');
    if (needsNetlink) this.conn = Connection.open({ protocol: Protocol.SockDiag, netns: options.netns, receiveBufferSize: options.receiveBufferSize, typeName: diagTypeName });
  }

  /** Lists inet sockets (TCP by default), IPv4 then IPv6. */
  async inetSockets(query: InetQuery = {}): Promise<InetSocket[]> {
    const out: InetSocket[] = [];
    for await (const batch of this.inetSocketBatches(query)) for (const s of batch) out.push(s);
    return out;
  }

  /** Streams inet sockets one by one, while the dump is in flight: a million sockets never sit in memory. */
  inetSocketsStream(query: InetQuery = {}): AsyncIterable<InetSocket> {
    return flatten(this.inetSocketBatches(query));
  }

  /** Streams inet sockets a batch (one datagram's worth) at a time: the cheapest way through a big listing. */
  inetSocketBatches(query: InetQuery = {}): AsyncGenerator<InetSocket[]> {
    return this.inetBatchesWith(query, decodeInetSocket, (s) => s);
  }

  /**
   * Streams inet sockets a batch at a time, each inet_diag_msg turned into what `decode` makes of its bytes
   * (buf[start, end), of the request's `protocol` number) without an InetSocket in between: for a caller that
   * wants something else per socket (a line of text) from a big listing. Sockets read from /proc are objects
   * already: `fromSocket` turns those.
   */
  async *inetBatchesWith<T>(
    query: InetQuery,
    decode: (protocol: number, buf: Buffer, start: number, end: number) => T,
    fromSocket: (s: InetSocket) => T,
  ): AsyncGenerator<T[]> {
    const protocolName = query.protocol ?? 'tcp';
    const protocol = Object.prototype.hasOwnProperty.call(PROTOCOL_NUMBERS, protocolName) ? PROTOCOL_NUMBERS[protocolName] : undefined;
    if (protocol === undefined) {
      throw Object.assign(new TypeError(`unknown protocol ${JSON.stringify(protocolName)} (known: ${Object.keys(PROTOCOL_NUMBERS).join(', ')})`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
    if (query.family !== undefined && query.family !== 'inet' && query.family !== 'inet6') {
      throw Object.assign(new TypeError(`family must be 'inet' or 'inet6', got ${JSON.stringify(query.family)}`), { code: 'ERR_INVALID_ARG_VALUE' });
    }
    const states = query.states ? stateMask(query.states) : ALL_STATES;
    const extensions = extensionMask(query.extensions ?? []);
    const bytecode = query.filter === undefined ? undefined : compileFilter(query.filter);
    const families: Array<'inet' | 'inet6'> = query.family ? [query.family] : ['inet', 'inet6'];
    for (const family of families) {
      const payload = encodeInetRequest({ family: family === 'inet' ? AddressFamily.Inet : AddressFamily.Inet6, protocol, states, extensions, bytecode });
      const decodeAt = (buf: Buffer, start: number, end: number) => decode(protocol, buf, start, end);
      const fromProc = async function* (this: DiagClient): AsyncGenerator<T[]> {
        throwIfAborted(query.signal);
        const file = inetProcFile(protocolName, family);
        if (file === undefined) throw procMissing(`${protocolName} sockets`);
        const text = await readProcNet(await this.procRoot(), file);
        if (text === undefined) return; // e.g. no IPv6 in this kernel
        const keep = query.filter;
        const sockets = parseInetProc(text, protocolName, family).sockets.filter(
          (s) => (typeof s.state === 'number' ? true : (states >>> stateNumber(s.state)) & 1) && (keep === undefined || matchesFilter(keep, s)),
        );
        if (sockets.length > 0) yield sockets.map(fromSocket);
      };
      for await (const batch of this.tracker.stream(
        protocolName,
        () => this.netlinkBatches(`${protocolName} socket`, payload, decodeAt, query.signal),
        () => fromProc.call(this),
      )) {
        if (batch.length > 0) yield batch;
      }
    }
  }

  /** Lists unix sockets, with every detail unix_diag has (name, peer, pending connections, queues, uid, ...). */
  async unixSockets(query: UnixQuery = {}): Promise<UnixSocket[]> {
    const states = query.states ? stateMask(query.states) : ALL_STATES;
    const out = await this.collect('unix', encodeUnixRequest(states, UNIX_SHOW_ALL), decodeUnixSocket, query.signal, async () => {
      const text = await readProcNet(await this.procRoot(), 'unix');
      return text === undefined ? [] : parseUnixProc(text).filter((s) => typeof s.state === 'number' || (states >>> stateNumber(s.state)) & 1);
    });
    return out;
  }

  /** Lists netlink sockets (groups above 32 included, which /proc/net/netlink cannot show). */
  async netlinkSockets(query: NetlinkQuery = {}): Promise<NetlinkSocketInfo[]> {
    const protocol = query.protocol ?? NDIAG_PROTO_ALL;
    if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) {
      throw Object.assign(new TypeError(`netlink protocol must be 0-255, got ${JSON.stringify(protocol)}`), { code: 'ERR_INVALID_ARG_VALUE' });
    }
    return this.collect('netlink', encodeNetlinkRequest(protocol, NETLINK_SHOW_ALL), decodeNetlinkSocket, query.signal, async () => {
      const text = await readProcNet(await this.procRoot(), 'netlink');
      return text === undefined ? [] : parseNetlinkProc(text).filter((s) => protocol === NDIAG_PROTO_ALL || s.protocol === protocol);
    });
  }

  /** Lists packet sockets, with ring, fanout, membership and filter details. */
  async packetSockets(query: { signal?: AbortSignal } = {}): Promise<PacketSocket[]> {
    return this.collect('packet', encodePacketRequest(PACKET_SHOW_ALL), decodePacketSocket, query.signal, async () => {
      const text = await readProcNet(await this.procRoot(), 'packet');
      return text === undefined ? [] : parsePacketProc(text);
    });
  }

  /**
   * Closes a TCP socket from outside (SOCK_DESTROY, as `ss -K` does): its owner sees ECONNABORTED. Needs
   * CAP_NET_ADMIN and a kernel with CONFIG_INET_DIAG_DESTROY; rejects with DestroyError otherwise.
   */
  async destroySocket(socket: Pick<InetSocket, 'family' | 'protocol' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort' | 'interface' | 'cookie'>): Promise<void> {
    const conn = this.requireConnection('SOCK_DESTROY');
    const protocol = typeof socket.protocol === 'number' ? socket.protocol : PROTOCOL_NUMBERS[socket.protocol];
    const payload = encodeInetRequest(
      { family: socket.family === 'inet6' ? AddressFamily.Inet6 : AddressFamily.Inet, protocol, states: ALL_STATES, extensions: 0 },
      { ...socket, cookie: socket.cookie === 0n ? undefined : socket.cookie },
    );
    try {
      await conn.request(DiagMessageType.Destroy, payload, { timeout: this.timeout });
    } catch (err) {
      throw err instanceof NetlinkError ? new DestroyError(err) : err;
    }
  }

  /** Closes the socket; pending requests reject with ERR_NETLINK_CLOSED. */
  close(): void {
    this.conn?.close();
  }

  private procRootFound: Promise<string> | undefined;

  /** The /proc/net directory of the client's namespace, found once. */
  private procRoot(): Promise<string> {
    this.procRootFound ??= procNetRoot(this.options.netns);
    this.procRootFound.catch(() => (this.procRootFound = undefined)); // a process may enter the namespace later
    return this.procRootFound;
  }

  private requireConnection(what: string): Connection {
    if (!this.conn) throw Object.assign(new Error(`${what} needs sock_diag (this client reads /proc)`), { code: 'ERR_DIAG_NO_NETLINK' });
    return this.conn;
  }

  private async collect<T>(
    family: DiagFamily,
    payload: Buffer,
    decode: (buf: Buffer, start: number, end: number) => T,
    signal: AbortSignal | undefined,
    fallback: () => Promise<T[]>,
  ): Promise<T[]> {
    const out: T[] = [];
    const fromProc = async function* (): AsyncGenerator<T[]> {
      throwIfAborted(signal);
      yield await fallback();
    };
    for await (const batch of this.tracker.stream(family, () => this.netlinkBatches(`${family} socket`, payload, decode, signal), fromProc)) {
      for (const s of batch) out.push(s);
    }
    return out;
  }

  /** Streams a SOCK_DIAG_BY_FAMILY dump a datagram at a time. */
  private async *netlinkBatches<T>(
    what: string,
    payload: Buffer,
    decode: (buf: Buffer, start: number, end: number) => T,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<T[]> {
    const conn = this.requireConnection('a sock_diag dump');
    const chunks = conn.dumpChunks(DiagMessageType.ByFamily, payload, { timeout: this.timeout, signal });
    const query = {
      what,
      type: DiagMessageType.ByFamily,
      payload,
      replyType: DiagMessageType.ByFamily,
      decodeAt: decode,
      decode: (p: Buffer) => decode(p, 0, p.length),
      accept: () => true,
    };
    for await (const { buffer, index } of chunks) {
      throwIfAborted(signal);
      yield decodeBatch(query, buffer, index);
    }
    // A stream cannot be re-run behind its consumer: an inconsistent listing says so after its last batch.
    if (chunks.interrupted) throw new DumpInterruptedError(what, 1);
  }
}

function stateNumber(name: SocketState): number {
  return stateMask([name]) === 0 ? 0 : 31 - Math.clz32(stateMask([name]));
}

function procMissing(what: string): Error {
  return Object.assign(new Error(`the kernel has no diag handler for ${what}, and /proc/net has no file for them`), { code: 'ERR_DIAG_UNSUPPORTED' });
}

function diagTypeName(type: number): string | undefined {
  return type === DiagMessageType.ByFamily ? 'SOCK_DIAG_BY_FAMILY' : type === DiagMessageType.Destroy ? 'SOCK_DESTROY' : undefined;
}

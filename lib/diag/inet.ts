// inet_diag: the request (struct inet_diag_req_v2 and its attributes) and the decoding of struct inet_diag_msg
// with its attributes into InetSocket objects, straight from the received bytes.
import { AttributeWriter, DecodeError, spec } from '../core';
import { AddressFamily, InetDiagAttribute, InetDiagRequestAttribute, IpProtocol, TcpState } from './constants';
import { bbrInfoStruct, dctcpInfoStruct, inetMeminfoStruct, skMeminfoStruct, tcpInfoStruct, vegasInfoStruct } from './structs';

const { decodeStruct, formatIPv4, formatIPv6 } = spec;

/** Socket states by name (the kernel's TCP states; UDP and raw sockets use `close` and `established`). */
export type SocketState =
  | 'established'
  | 'syn-sent'
  | 'syn-recv'
  | 'fin-wait-1'
  | 'fin-wait-2'
  | 'time-wait'
  | 'close'
  | 'close-wait'
  | 'last-ack'
  | 'listen'
  | 'closing'
  | 'new-syn-recv';

/** State names indexed by TcpState. */
export const STATE_NAMES: ReadonlyArray<SocketState | undefined> = [
  undefined,
  'established',
  'syn-sent',
  'syn-recv',
  'fin-wait-1',
  'fin-wait-2',
  'time-wait',
  'close',
  'close-wait',
  'last-ack',
  'listen',
  'closing',
  'new-syn-recv',
];

/** A state's name, or its number when the kernel sent one this code does not know. */
export function stateName(n: number): SocketState | number {
  return STATE_NAMES[n] ?? n;
}

/** The bit mask of states (1 << state) for names; throws TypeError on an unknown name. */
export function stateMask(states: ReadonlyArray<SocketState | number>): number {
  let mask = 0;
  for (const s of states) {
    const n = typeof s === 'number' ? s : STATE_NAMES.indexOf(s);
    if (!Number.isInteger(n) || n <= 0 || n > 31) {
      throw Object.assign(new TypeError(`unknown socket state ${JSON.stringify(s)} (known: ${STATE_NAMES.filter(Boolean).join(', ')})`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
    mask |= 1 << n;
  }
  return mask >>> 0;
}

/** IP protocols inet_diag lists, by name. */
export type InetProtocol = 'tcp' | 'udp' | 'udplite' | 'raw' | 'sctp' | 'mptcp' | 'dccp';

/** Protocol numbers by name. */
export const PROTOCOL_NUMBERS: Readonly<Record<InetProtocol, number>> = {
  tcp: IpProtocol.Tcp,
  udp: IpProtocol.Udp,
  udplite: IpProtocol.UdpLite,
  raw: IpProtocol.Raw,
  sctp: IpProtocol.Sctp,
  mptcp: IpProtocol.Mptcp,
  dccp: IpProtocol.Dccp,
};

/** What the kernel's socket timer is doing (idiag_timer). */
export type TimerName = 'off' | 'on' | 'keepalive' | 'timewait' | 'persist';
const TIMER_NAMES: readonly TimerName[] = ['off', 'on', 'keepalive', 'timewait', 'persist'];

/** Extensions an inet_diag dump can be asked for (bits of idiag_ext). */
export type InetExtension = 'meminfo' | 'info' | 'vegas' | 'congestion' | 'tos' | 'tclass' | 'skmeminfo' | 'shutdown';
const EXTENSION_BITS: Readonly<Record<InetExtension, number>> = {
  meminfo: 1 << (InetDiagAttribute.Meminfo - 1),
  info: 1 << (InetDiagAttribute.Info - 1),
  vegas: 1 << (InetDiagAttribute.VegasInfo - 1),
  congestion: 1 << (InetDiagAttribute.Cong - 1),
  tos: 1 << (InetDiagAttribute.Tos - 1),
  tclass: 1 << (InetDiagAttribute.Tclass - 1),
  skmeminfo: 1 << (InetDiagAttribute.Skmeminfo - 1),
  shutdown: 1 << (InetDiagAttribute.Shutdown - 1),
};

/** Every extension. */
export const ALL_EXTENSIONS: readonly InetExtension[] = Object.keys(EXTENSION_BITS) as InetExtension[];

/** The idiag_ext bit mask for extension names; throws TypeError on an unknown name. */
export function extensionMask(extensions: readonly InetExtension[]): number {
  let mask = 0;
  for (const e of extensions) {
    const bit = Object.prototype.hasOwnProperty.call(EXTENSION_BITS, e) ? EXTENSION_BITS[e] : undefined;
    if (bit === undefined) {
      throw Object.assign(new TypeError(`unknown inet_diag extension ${JSON.stringify(e)} (known: ${ALL_EXTENSIONS.join(', ')})`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
    mask |= bit;
  }
  return mask;
}

/** struct tcp_info, field by field (tcpi_ prefix dropped); fields a kernel did not send are absent. */
export type TcpInfo = Partial<spec.StructValue<typeof tcpInfoStruct>> & {
  /** tcpi_snd_wscale: the window scale the peer applies to what we send (a 4-bit field). */
  sndWscale: number;
  /** tcpi_rcv_wscale: the window scale we apply to what we receive. */
  rcvWscale: number;
  /** tcpi_delivery_rate_app_limited: the delivery rate was limited by the application, not the network. */
  deliveryRateAppLimited: boolean;
  /** tcpi_fastopen_client_fail: why a TCP Fast Open connect fell back (0: it did not; 1-3: TFO_*). */
  fastopenClientFail: number;
  /** Bytes of a newer kernel's tcp_info beyond what this code knows, kept as they came. */
  extra?: Buffer;
  /** What could not be decoded (a struct shorter than the oldest kernels sent). */
  decodeErrors?: DecodeError[];
};

/** struct inet_diag_meminfo. */
export type InetMeminfo = spec.StructValue<typeof inetMeminfoStruct>;
/** The SK_MEMINFO_* counters (backlog and drops absent on kernels that do not send them). */
export type SkMeminfo = Partial<spec.StructValue<typeof skMeminfoStruct>>;
/** struct tcpvegas_info. */
export type VegasInfo = spec.StructValue<typeof vegasInfoStruct>;
/** struct tcp_dctcp_info. */
export type DctcpInfo = spec.StructValue<typeof dctcpInfoStruct>;
/** struct tcp_bbr_info, with the bandwidth (bytes per second) joined. */
export interface BbrInfo {
  /** The bandwidth estimate (bytes per second; bbr_bw_hi and bbr_bw_lo joined). */
  bw: bigint;
  /** bbr_min_rtt: the minimum RTT (µs). */
  minRtt: number;
  /** bbr_pacing_gain: the pacing gain (scaled by 256). */
  pacingGain: number;
  /** bbr_cwnd_gain: the congestion window gain (scaled by 256). */
  cwndGain: number;
}

/** The bits of struct inet_diag_sockopt, by name, as set. */
export type InetSockopt =
  | 'recverr'
  | 'is_icsk'
  | 'freebind'
  | 'hdrincl'
  | 'mc_loop'
  | 'transparent'
  | 'mc_all'
  | 'nodefrag'
  | 'bind_address_no_port'
  | 'recverr_rfc4884'
  | 'defer_connect';
const SOCKOPT_NAMES: readonly InetSockopt[] = [
  'recverr',
  'is_icsk',
  'freebind',
  'hdrincl',
  'mc_loop',
  'transparent',
  'mc_all',
  'nodefrag',
  'bind_address_no_port',
  'recverr_rfc4884',
  'defer_connect',
];

/** An attribute this code does not decode, kept with its bytes. */
export interface RawAttribute {
  /** The attribute's type (nla_type without its flag bits). */
  type: number;
  /** Its payload bytes. */
  value: Buffer;
}

/** Where a socket's description came from: the kernel's sock_diag, or the text of /proc/net/*. */
export type SocketSource = 'netlink' | 'proc';

/** One IPv4 or IPv6 socket (TCP, UDP, raw, ...), as inet_diag describes it. */
export interface InetSocket {
  /** Where this description came from: sock_diag ('netlink') or /proc/net ('proc', with fewer fields). */
  source: SocketSource;
  /** IPv4 or IPv6. */
  family: 'inet' | 'inet6';
  /** The IP protocol ('tcp', 'udp', ...), or its number when it has no name here. */
  protocol: InetProtocol | number;
  /** The TCP state ('established', 'listen', ...; UDP and raw sockets: 'close' or 'established'), or its number. */
  state: SocketState | number;
  /** The local address ('0.0.0.0' or '::' when bound to every address). */
  localAddress: string;
  /** The local port. */
  localPort: number;
  /** The peer's address ('0.0.0.0' or '::' when not connected). */
  remoteAddress: string;
  /** The peer's port (0 when not connected). */
  remotePort: number;
  /** The interface the socket is bound to (0: none). */
  interface: number;
  /** The kernel's socket cookie: identifies the socket for SOCK_DESTROY and for a later GET. */
  cookie: bigint;
  /** The timer running: 'on' (retransmit), 'keepalive', 'timewait', 'persist', 'off', or its number. */
  timer: TimerName | number;
  /** Milliseconds until the timer fires. */
  expires: number;
  /** Retransmits of the timer running (or keepalive probes sent). */
  retransmits: number;
  /** Bytes queued to be read (listeners: connections waiting for accept()). */
  receiveQueue: number;
  /** Bytes not yet acknowledged (listeners: the accept backlog). */
  sendQueue: number;
  /** The owner's uid. */
  uid: number;
  /** The socket's inode (as in /proc/PID/fd: socket:[inode]). */
  inode: number;
  /** The socket's shutdown mask (1: no more receives, 2: no more sends). */
  shutdown?: number;
  /** IPV6_V6ONLY on an IPv6 socket. */
  v6only?: boolean;
  /** SO_MARK (the kernel sends it to CAP_NET_ADMIN only). */
  mark?: number;
  /** The socket's cgroup v2 id. */
  cgroupId?: bigint;
  /** INET_DIAG_CLASS_ID: the net_cls class id, or the socket's priority when it has none. */
  classId?: number;
  /** The IPv4 type of service (INET_DIAG_TOS). */
  tos?: number;
  /** The IPv6 traffic class (INET_DIAG_TCLASS). */
  tclass?: number;
  /** The congestion control algorithm ('cubic'). */
  congestion?: string;
  /** struct tcp_info (asked for with the 'info' extension). */
  tcpInfo?: TcpInfo;
  /** struct inet_diag_meminfo (the 'meminfo' extension). */
  meminfo?: InetMeminfo;
  /** The SK_MEMINFO_* counters (the 'skmeminfo' extension). */
  skmeminfo?: SkMeminfo;
  /** struct tcpvegas_info, when Vegas is the congestion control. */
  vegasInfo?: VegasInfo;
  /** struct tcp_dctcp_info, when DCTCP is the congestion control. */
  dctcpInfo?: DctcpInfo;
  /** struct tcp_bbr_info, when BBR is the congestion control. */
  bbrInfo?: BbrInfo;
  /** The socket options of struct inet_diag_sockopt that are set (a frozen array shared between sockets). */
  sockopt?: readonly InetSockopt[];
  /** INET_DIAG_ULP_INFO, kept as its bytes (a nest: name, then TLS or MPTCP details). */
  ulpInfo?: Buffer;
  /** INET_DIAG_MD5SIG, kept as its bytes (struct tcp_diag_md5sig array). */
  md5sig?: Buffer;
  /** INET_DIAG_SK_BPF_STORAGES, kept as its bytes (a nest per BPF map). */
  bpfStorages?: Buffer;
  /** SCTP: INET_DIAG_LOCALS / INET_DIAG_PEERS, kept as their bytes (sockaddr arrays). */
  locals?: Buffer;
  /** SCTP: INET_DIAG_PEERS, kept as its bytes (sockaddr array). */
  peers?: Buffer;
  /** Attributes this version does not decode, with their bytes. */
  unknownAttributes?: RawAttribute[];
  /** What could not be decoded (the socket is kept with the fields that could). */
  decodeErrors?: DecodeError[];
}

/** What inet_diag_req_v2 asks for. */
export interface InetRequest {
  /** sdiag_family: AF_INET or AF_INET6. */
  family: number;
  /** The IP protocol (above 255 it goes in INET_DIAG_REQ_PROTOCOL). */
  protocol: number;
  /** idiag_states: a bit mask of TCP states (bit n: state n). */
  states: number;
  /** idiag_ext: the INET_DIAG_* attributes to add, as bits (bit n-1: attribute n). */
  extensions: number;
  /** INET_DIAG_REQ_BYTECODE, when a filter was given. */
  bytecode?: Buffer;
}

/** The id part of a request for one socket (a GET, or SOCK_DESTROY). */
export interface InetSocketId {
  /** IPv4 or IPv6. */
  family: 'inet' | 'inet6';
  /** The local address. */
  localAddress: string;
  /** The local port. */
  localPort: number;
  /** The peer's address. */
  remoteAddress: string;
  /** The peer's port. */
  remotePort: number;
  /** The interface the socket is bound to (0 or absent: any). */
  interface?: number;
  /** The socket's cookie (absent: INET_DIAG_NOCOOKIE, any socket of that address). */
  cookie?: bigint;
}

const REQ_SIZE = 56;
const MSG_SIZE = 72;

/** Encodes struct inet_diag_req_v2 and its attributes (a dump, or one socket when `id` is given). */
export function encodeInetRequest(r: InetRequest, id?: InetSocketId): Buffer {
  const w = new AttributeWriter();
  const head = Buffer.alloc(REQ_SIZE);
  head[0] = r.family;
  // A protocol above 255 (MPTCP) does not fit sdiag_protocol: it goes in INET_DIAG_REQ_PROTOCOL instead.
  head[1] = r.protocol > 255 ? 0 : r.protocol;
  head[2] = r.extensions & 0xff;
  head.writeUInt32LE(r.states >>> 0, 4);
  // A raw socket's protocol byte (sdiag_raw_protocol) stays 0: every raw socket.
  if (id) {
    head.writeUInt16BE(id.localPort, 8);
    head.writeUInt16BE(id.remotePort, 10);
    spec.ipAddressBytes(id.localAddress).copy(head, 12);
    spec.ipAddressBytes(id.remoteAddress).copy(head, 28);
    head.writeUInt32LE(id.interface ?? 0, 44);
    const cookie = id.cookie ?? 0xffffffffffffffffn; // INET_DIAG_NOCOOKIE in both words
    head.writeUInt32LE(Number(cookie & 0xffffffffn), 48);
    head.writeUInt32LE(Number(cookie >> 32n), 52);
  } else {
    head.writeUInt32LE(0xffffffff, 48);
    head.writeUInt32LE(0xffffffff, 52);
  }
  w.bytes(head);
  if (r.bytecode) w.binary(InetDiagRequestAttribute.Bytecode, r.bytecode);
  if (r.protocol > 255) w.u32(InetDiagRequestAttribute.Protocol, r.protocol);
  return w.toBuffer();
}

const PROTOCOL_NAMES = new Map<number, InetProtocol>(Object.entries(PROTOCOL_NUMBERS).map(([k, v]) => [v, k as InetProtocol]));

/** The name of an IP protocol number that inet_diag lists, or the number. */
export function protocolName(n: number): InetProtocol | number {
  return PROTOCOL_NAMES.get(n) ?? n;
}

const IN6_ANY = '::';

function formatAddress(family: number, buf: Buffer, at: number): string {
  if (family === AddressFamily.Inet) return formatIPv4(buf, at);
  // The all-zero address is by far the most common IPv6 value in a listing (every listener and unconnected
  // socket): no need to format it.
  if ((buf.readUInt32LE(at) | buf.readUInt32LE(at + 4) | buf.readUInt32LE(at + 8) | buf.readUInt32LE(at + 12)) === 0) return IN6_ANY;
  return formatIPv6(buf, at);
}

/** A little-endian u32 read without Buffer's checks (callers stay inside the message). */
function u32(buf: Buffer, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
}

function cookieOf(buf: Buffer, at: number): bigint {
  const lo = u32(buf, at);
  const hi = u32(buf, at + 4);
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

// Most sockets of a listing share their cgroup: its id is made into a BigInt once per run of equal values.
let lastCgroupLo = -1;
let lastCgroupHi = -1;
let lastCgroup = 0n;

function cgroupOf(buf: Buffer, at: number): bigint {
  const lo = u32(buf, at);
  const hi = u32(buf, at + 4);
  if (lo !== lastCgroupLo || hi !== lastCgroupHi) {
    lastCgroupLo = lo;
    lastCgroupHi = hi;
    lastCgroup = (BigInt(hi) << 32n) | BigInt(lo);
  }
  return lastCgroup;
}

/**
 * Decodes one inet_diag_msg payload, buf[start, end), as a socket of `protocol` (the request's: the message does
 * not say, except through INET_DIAG_PROTOCOL). Never throws: problems go to `decodeErrors`.
 */
export function decodeInetSocket(protocol: number, buf: Buffer, start: number, end: number): InetSocket {
  if (end - start < MSG_SIZE) {
    const s = emptyInet(protocol);
    s.decodeErrors = [new DecodeError(`inet_diag_msg: ${end - start} bytes, expected at least ${MSG_SIZE}`, start)];
    return s;
  }
  const family = buf[start];
  const timer = buf[start + 2];
  const s: InetSocket = {
    source: 'netlink',
    family: family === AddressFamily.Inet6 ? 'inet6' : 'inet',
    protocol: protocolName(protocol),
    state: stateName(buf[start + 1]),
    localAddress: formatAddress(family, buf, start + 8),
    localPort: (buf[start + 4] << 8) | buf[start + 5],
    remoteAddress: formatAddress(family, buf, start + 24),
    remotePort: (buf[start + 6] << 8) | buf[start + 7],
    interface: u32(buf, start + 40),
    cookie: cookieOf(buf, start + 44),
    timer: TIMER_NAMES[timer] ?? timer,
    expires: u32(buf, start + 52),
    retransmits: buf[start + 3],
    receiveQueue: u32(buf, start + 56),
    sendQueue: u32(buf, start + 60),
    uid: u32(buf, start + 64),
    inode: u32(buf, start + 68),
  };
  decodeInetAttributes(s, buf, start + MSG_SIZE, end);
  return s;
}

function emptyInet(protocol: number): InetSocket {
  return {
    source: 'netlink',
    family: 'inet',
    protocol: protocolName(protocol),
    state: 0,
    localAddress: '',
    localPort: 0,
    remoteAddress: '',
    remotePort: 0,
    interface: 0,
    cookie: 0n,
    timer: 'off',
    expires: 0,
    retransmits: 0,
    receiveQueue: 0,
    sendQueue: 0,
    uid: 0,
    inode: 0,
  };
}

function decodeInetAttributes(s: InetSocket, buf: Buffer, at: number, end: number): void {
  while (at + 4 <= end) {
    const len = buf[at] | (buf[at + 1] << 8);
    const type = (buf[at + 2] | (buf[at + 3] << 8)) & 0x3fff;
    if (len < 4 || at + len > end) {
      addError(s, new DecodeError(`inet_diag attribute ${type}: length ${len} overruns the message`, at));
      return;
    }
    const v = at + 4;
    const n = len - 4;
    switch (type) {
      case InetDiagAttribute.Shutdown:
        if (n >= 1) s.shutdown = buf[v];
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Skv6only:
        if (n >= 1) s.v6only = buf[v] !== 0;
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Protocol:
        // The kernel's own word on the protocol (UDP-Lite answers the UDP handler; MPTCP subflows say TCP).
        if (n >= 1) s.protocol = protocolName(buf[v]);
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Mark:
        if (n >= 4) s.mark = u32(buf, v);
        else bad(s, type, at);
        break;
      case InetDiagAttribute.ClassId:
        if (n >= 4) s.classId = buf.readUInt32LE(v);
        else bad(s, type, at);
        break;
      case InetDiagAttribute.CgroupId:
        if (n >= 8) s.cgroupId = cgroupOf(buf, v);
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Tos:
        if (n >= 1) s.tos = buf[v];
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Tclass:
        if (n >= 1) s.tclass = buf[v];
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Cong: {
        const nul = buf.indexOf(0, v);
        s.congestion = buf.toString('latin1', v, nul < 0 || nul > v + n ? v + n : nul);
        break;
      }
      case InetDiagAttribute.Info:
        s.tcpInfo = decodeTcpInfo(buf, v, v + n);
        break;
      case InetDiagAttribute.Meminfo:
        s.meminfo = strip(decodeStruct(inetMeminfoStruct, buf, v, v + n), s);
        break;
      case InetDiagAttribute.Skmeminfo:
        s.skmeminfo = strip(decodeStruct(skMeminfoStruct, buf, v, v + n), s);
        break;
      case InetDiagAttribute.VegasInfo:
        s.vegasInfo = strip(decodeStruct(vegasInfoStruct, buf, v, v + n), s);
        break;
      case InetDiagAttribute.DctcpInfo:
        s.dctcpInfo = strip(decodeStruct(dctcpInfoStruct, buf, v, v + n), s);
        break;
      case InetDiagAttribute.BbrInfo: {
        // Shorter than the struct, its members would be missing, the bandwidth's halves with them: said, not decoded.
        if (n < bbrInfoStruct.size) {
          addError(s, new DecodeError(`tcp_bbr_info: ${n} bytes, expected ${bbrInfoStruct.size}`, at));
          break;
        }
        const b = strip(decodeStruct(bbrInfoStruct, buf, v, v + n), s);
        s.bbrInfo = { bw: (BigInt(b.bwHi) << 32n) | BigInt(b.bwLo), minRtt: b.minRtt, pacingGain: b.pacingGain, cwndGain: b.cwndGain };
        break;
      }
      case InetDiagAttribute.Sockopt:
        if (n >= 2) s.sockopt = sockoptNames(buf[v] | (buf[v + 1] << 8));
        else bad(s, type, at);
        break;
      case InetDiagAttribute.Pad:
        break;
      default: {
        const raw = RAW_ATTRIBUTES[type];
        if (raw !== undefined) s[raw] = buf.subarray(v, v + n);
        else (s.unknownAttributes ??= []).push({ type, value: buf.subarray(v, v + n) });
      }
    }
    at += (len + 3) & ~3;
  }
}

// One frozen array per combination of bits, shared by every socket that has it.
const sockoptArrays = new Map<number, readonly InetSockopt[]>();

// Attributes kept as their bytes, by the field that holds them.
const RAW_ATTRIBUTES: Partial<Record<number, 'ulpInfo' | 'md5sig' | 'bpfStorages' | 'locals' | 'peers'>> = {
  [InetDiagAttribute.UlpInfo]: 'ulpInfo',
  [InetDiagAttribute.Md5sig]: 'md5sig',
  [InetDiagAttribute.SkBpfStorages]: 'bpfStorages',
  [InetDiagAttribute.Locals]: 'locals',
  [InetDiagAttribute.Peers]: 'peers',
};

function sockoptNames(bits: number): readonly InetSockopt[] {
  let names = sockoptArrays.get(bits);
  if (names === undefined) {
    const list: InetSockopt[] = [];
    for (let i = 0; i < SOCKOPT_NAMES.length; i++) if (bits & (1 << i)) list.push(SOCKOPT_NAMES[i]);
    names = Object.freeze(list);
    sockoptArrays.set(bits, names);
  }
  return names;
}

/** Moves a struct's own decode errors to the socket. */
function strip<T extends { decodeErrors?: DecodeError[] }>(value: T, s: { decodeErrors?: DecodeError[] }): T {
  if (value.decodeErrors) {
    for (const e of value.decodeErrors) addError(s, e);
    delete value.decodeErrors;
  }
  return value;
}

function bad(s: InetSocket, type: number, at: number): void {
  addError(s, new DecodeError(`inet_diag attribute ${type}: value too short`, at));
}

/** Adds a decode error to an object's `decodeErrors`. */
export function addError(s: { decodeErrors?: DecodeError[] }, e: DecodeError): void {
  (s.decodeErrors ??= []).push(e);
}

/** Decodes struct tcp_info of any kernel's size: the members it holds, the bit fields, and bytes beyond them. */
export function decodeTcpInfo(buf: Buffer, start: number, end: number): TcpInfo {
  const base = decodeStruct(tcpInfoStruct, buf, start, end);
  const wscale = end - start > 6 ? buf[start + 6] : 0;
  const flags = end - start > 7 ? buf[start + 7] : 0;
  const info: TcpInfo = Object.assign(base as object, {
    sndWscale: wscale & 0xf,
    rcvWscale: wscale >> 4,
    deliveryRateAppLimited: (flags & 1) !== 0,
    fastopenClientFail: (flags >> 1) & 3,
  });
  const extra = (base as Record<symbol, unknown>)[spec.STRUCT_EXTRA];
  if (Buffer.isBuffer(extra)) info.extra = extra;
  return info;
}

// One socket as ss prints it: the cells of its text line (iproute2 misc/ss.c: sock_state_print, inet_addr_print,
// unix_stats_print, netlink_show_one, packet_stats_print, sock_details_print, print_skmeminfo, tcp_stats_print),
// and the same socket as a JSON object with snake_case fields.
import type { InetSocket, NetlinkSocketInfo, PacketSocket, SkMeminfo, SocketOwner, TcpInfo, UnixSocket } from '../../diag';
import { Cells, Column } from './ss-table';
import { etherProtocolName } from './names';

/** What the command line asked to show, and the lookups that names need. */
export interface SsView {
  numeric: boolean;
  /** -e */
  details: boolean;
  /** -o (and -e) */
  options: boolean;
  /** -m */
  memory: boolean;
  /** -i */
  info: boolean;
  /** --tos */
  tos: boolean;
  /** -O: one line per socket */
  oneline: boolean;
  /** -p: socket inode → owners */
  owners?: Map<number, SocketOwner[]>;
  /** Port → service name ('ssh'), per protocol, when not numeric. */
  service(port: number, protocol: string): string | undefined;
  /** ifindex → name. */
  interfaceName(index: number): string | undefined;
  /** -r: an address's host name, when it has one (looked up beforehand: this only reads the answers). */
  hostName?(address: string): string | undefined;
}

const SS_STATE: Record<string, string> = {
  established: 'ESTAB',
  'syn-sent': 'SYN-SENT',
  'syn-recv': 'SYN-RECV',
  'fin-wait-1': 'FIN-WAIT-1',
  'fin-wait-2': 'FIN-WAIT-2',
  'time-wait': 'TIME-WAIT',
  close: 'UNCONN',
  'close-wait': 'CLOSE-WAIT',
  'last-ack': 'LAST-ACK',
  listen: 'LISTEN',
  closing: 'CLOSING',
  'new-syn-recv': 'UNKNOWN',
};

/** ss's name of a state ('ESTAB', 'UNCONN', ...). */
export function ssState(state: string | number): string {
  return typeof state === 'string' ? SS_STATE[state] ?? 'UNKNOWN' : 'UNKNOWN';
}

/** ss's netid of an inet socket. */
export function inetNetid(s: Pick<InetSocket, 'protocol'>): string {
  switch (s.protocol) {
    case 'tcp':
    case 'udp':
    case 'raw':
    case 'mptcp':
    case 'sctp':
    case 'dccp':
      return s.protocol;
    default:
      return '???';
  }
}

/** C's printf %g (precision p): shortest of fixed and exponent forms, trailing zeros dropped. */
export function formatG(x: number, p = 6): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exp < -4 || exp >= p) {
    const [mantissa, e] = x.toExponential(p - 1).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, p - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function bandwidth(bps: number, numeric: boolean): string {
  if (numeric) return bps.toFixed(0);
  if (bps >= 1e12) return formatG(bps / 1e12, 3) + 'T';
  if (bps >= 1e9) return formatG(bps / 1e9, 3) + 'G';
  if (bps >= 1e6) return formatG(bps / 1e6, 3) + 'M';
  if (bps >= 1e3) return formatG(bps / 1e3, 3) + 'k';
  return formatG(bps);
}

// Queue lengths and ports repeat across a listing: their text is made once (ports in an array that stays packed).
const queueTexts: string[] = [];
const portTexts: string[] = new Array<string>(65536).fill('');

/** printf's %-6d. */
export function queue(n: number | undefined): string {
  const v = n ?? 0;
  if (v < 4096) return (queueTexts[v] ??= String(v).padEnd(6));
  return String(v).padEnd(6);
}

function portText(port: number): string {
  const text = portTexts[port];
  return text !== '' ? text : (portTexts[port] = String(port));
}

function usersOf(inode: number, view: SsView): string {
  const owners = view.owners?.get(inode);
  if (!owners || owners.length === 0) return '';
  return ` users:(${owners.map((o) => `("${o.command}",pid=${o.pid},fd=${o.fd})`).join(',')})`;
}

function timerText(ms: number): string {
  // ss's print_ms_timer
  let secs = Math.floor(ms / 1000);
  const minutes = Math.floor(secs / 60);
  secs %= 60;
  let msecs = ms % 1000;
  let out = '';
  if (minutes) {
    msecs = 0;
    out += `${minutes}min`;
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    out += `${secs}${msecs ? '.' : 'sec'}`;
  }
  if (msecs) out += `${String(msecs).padStart(3, '0')}ms`;
  return out;
}

const TIMER_NAMES = ['off', 'on', 'keepalive', 'timewait', 'persist'];

/** print_skmeminfo: skmem:(...) when the kernel sent SK_MEMINFO counters, else mem:(...) from inet meminfo. */
export function skmemText(m: SkMeminfo | undefined, inetMem?: { rmem: number; wmem: number; fmem: number; tmem: number }): string {
  if (!m) return inetMem ? ` mem:(r${inetMem.rmem},w${inetMem.wmem},f${inetMem.fmem},t${inetMem.tmem})` : '';
  let out = ` skmem:(r${m.rmemAlloc ?? 0},rb${m.rcvbuf ?? 0},t${m.wmemAlloc ?? 0},tb${m.sndbuf ?? 0},f${m.fwdAlloc ?? 0},w${m.wmemQueued ?? 0},o${m.optmem ?? 0}`;
  if (m.backlog !== undefined) out += `,bl${m.backlog}`;
  if (m.drops !== undefined) out += `,d${m.drops}`;
  return out + ')';
}

/** tcp_stats_print: the -i line of a TCP socket. */
export function tcpInfoText(s: InetSocket, info: TcpInfo, view: SsView): string {
  let out = '';
  const opt = info.options ?? 0;
  if (view.options) {
    if (opt & 1) out += ' ts';
    if (opt & 2) out += ' sack';
    if (opt & 8) out += ' ecn';
    if (opt & 16) out += ' ecnseen';
    if (opt & 32) out += ' fastopen';
  }
  if (s.congestion) out += ` ${s.congestion}`;
  if (opt & 4) out += ` wscale:${info.sndWscale},${info.rcvWscale}`;
  const rto = info.rto && info.rto !== 3000000 ? info.rto / 1000 : 0;
  if (rto) out += ` rto:${formatG(rto)}`;
  if (info.backoff) out += ` backoff:${info.backoff}`;
  const rttMs = (info.rtt ?? 0) / 1000;
  if (rttMs) out += ` rtt:${formatG(rttMs)}/${formatG((info.rttvar ?? 0) / 1000)}`;
  if (info.ato) out += ` ato:${formatG(info.ato / 1000)}`;
  if (info.sndMss) out += ` mss:${info.sndMss}`;
  if (info.pmtu) out += ` pmtu:${info.pmtu}`;
  if (info.rcvMss) out += ` rcvmss:${info.rcvMss}`;
  if (info.advmss) out += ` advmss:${info.advmss}`;
  if (info.sndCwnd) out += ` cwnd:${info.sndCwnd}`;
  if (info.sndSsthresh !== undefined && info.sndSsthresh < 0xffff && info.sndSsthresh) out += ` ssthresh:${info.sndSsthresh}`;
  if (info.bytesSent) out += ` bytes_sent:${info.bytesSent}`;
  if (info.bytesRetrans) out += ` bytes_retrans:${info.bytesRetrans}`;
  if (info.bytesAcked) out += ` bytes_acked:${info.bytesAcked}`;
  if (info.bytesReceived) out += ` bytes_received:${info.bytesReceived}`;
  if (info.segsOut) out += ` segs_out:${info.segsOut}`;
  if (info.segsIn) out += ` segs_in:${info.segsIn}`;
  if (info.dataSegsOut) out += ` data_segs_out:${info.dataSegsOut}`;
  if (info.dataSegsIn) out += ` data_segs_in:${info.dataSegsIn}`;
  if (s.dctcpInfo) {
    const d = s.dctcpInfo;
    out += d.enabled ? ` dctcp:(ce_state:${d.ceState},alpha:${d.alpha},ab_ecn:${d.abEcn},ab_tot:${d.abTot})` : ' dctcp:fallback_mode';
  }
  if (s.bbrInfo) {
    const b = s.bbrInfo;
    out += ` bbr:(bw:${bandwidth(Number(b.bw) * 8, view.numeric)}bps,mrtt:${formatG(b.minRtt / 1000)}`;
    if (b.pacingGain) out += `,pacing_gain:${formatG(b.pacingGain / 256)}`;
    if (b.cwndGain) out += `,cwnd_gain:${formatG(b.cwndGain / 256)}`;
    out += ')';
  }
  let rtt = info.rtt ?? 0;
  const v = s.vegasInfo;
  if (v && v.enabled && v.rtt && v.rtt !== 0x7fffffff) rtt = v.rtt;
  if (rtt > 0 && info.sndMss && info.sndCwnd) out += ` send ${bandwidth((info.sndCwnd * info.sndMss * 8000000) / rtt, view.numeric)}bps`;
  if (info.lastDataSent) out += ` lastsnd:${info.lastDataSent}`;
  if (info.lastDataRecv) out += ` lastrcv:${info.lastDataRecv}`;
  if (info.lastAckRecv) out += ` lastack:${info.lastAckRecv}`;
  const max = 0xffffffffffffffffn;
  if (info.pacingRate && info.pacingRate !== max) {
    out += ` pacing_rate ${bandwidth(Number(info.pacingRate) * 8, view.numeric)}bps`;
    if (info.maxPacingRate && info.maxPacingRate !== max) out += `/${bandwidth(Number(info.maxPacingRate) * 8, view.numeric)}bps`;
  }
  if (info.deliveryRate) out += ` delivery_rate ${bandwidth(Number(info.deliveryRate) * 8, view.numeric)}bps`;
  if (info.delivered) out += ` delivered:${info.delivered}`;
  if (info.deliveredCe) out += ` delivered_ce:${info.deliveredCe}`;
  if (info.deliveryRateAppLimited) out += ' app_limited';
  if (info.busyTime) {
    const busy = Number(info.busyTime);
    out += ` busy:${Math.floor(busy / 1000)}ms`;
    if (info.rwndLimited) out += ` rwnd_limited:${Math.floor(Number(info.rwndLimited) / 1000)}ms(${((100 * Number(info.rwndLimited)) / busy).toFixed(1)}%)`;
    if (info.sndbufLimited) out += ` sndbuf_limited:${Math.floor(Number(info.sndbufLimited) / 1000)}ms(${((100 * Number(info.sndbufLimited)) / busy).toFixed(1)}%)`;
  }
  if (info.unacked) out += ` unacked:${info.unacked}`;
  if (info.retrans || info.totalRetrans) out += ` retrans:${info.retrans ?? 0}/${info.totalRetrans ?? 0}`;
  if (info.lost) out += ` lost:${info.lost}`;
  if (info.sacked && s.state !== 'listen') out += ` sacked:${info.sacked}`;
  if (info.dsackDups) out += ` dsack_dups:${info.dsackDups}`;
  if (info.fackets) out += ` fackets:${info.fackets}`;
  if (info.reordering !== 3) out += ` reordering:${info.reordering ?? 0}`;
  if (info.reordSeen) out += ` reord_seen:${info.reordSeen}`;
  if (info.rcvRtt) out += ` rcv_rtt:${formatG(info.rcvRtt / 1000)}`;
  if (info.rcvSpace) out += ` rcv_space:${info.rcvSpace}`;
  if (info.rcvSsthresh) out += ` rcv_ssthresh:${info.rcvSsthresh}`;
  if (info.notsentBytes) out += ` notsent:${info.notsentBytes}`;
  if (info.minRtt && info.minRtt !== 0xffffffff) out += ` minrtt:${formatG(info.minRtt / 1000)}`;
  if (info.rcvOoopack) out += ` rcv_ooopack:${info.rcvOoopack}`;
  if (info.sndWnd) out += ` snd_wnd:${info.sndWnd}`;
  return out;
}

/**
 * inet_addr_print: an IPv6 address bracketed, the any-address of a socket that also takes IPv4 '*'; with -r
 * the address's host name where it has one.
 */
export function inetAddress(s: Pick<InetSocket, 'family' | 'v6only'>, address: string, view?: Pick<SsView, 'hostName'>): string {
  const name = view?.hostName?.(address);
  if (s.family === 'inet') return name ?? address;
  if (address === '::' && !s.v6only) return '*';
  const text = name ?? address;
  return text.includes(':') ? `[${text}]` : text;
}

/** A port as ss prints it: '*' for none, else its number or (not -n) its service name. */
export function inetPort(s: Pick<InetSocket, 'protocol'>, port: number, view: SsView): string {
  if (port === 0) return '*';
  if (view.numeric) return portText(port);
  return view.service(port, s.protocol === 'raw' ? 'raw' : String(s.protocol)) ?? portText(port);
}

/** The cells of an inet socket's line. */
export function inetCells(s: InetSocket, view: SsView): Cells {
  const ifname = s.interface ? view.interfaceName(s.interface) ?? String(s.interface) : undefined;
  const c: Cells = [
    inetNetid(s),
    ssState(s.state),
    queue(s.receiveQueue),
    queue(s.sendQueue),
    inetAddress(s, s.localAddress, view) + (ifname ? `%${ifname}` : '') + ':',
    inetPort(s, s.localPort, view),
    inetAddress(s, s.remoteAddress, view) + ':',
    inetPort(s, s.remotePort, view),
    '',
    '',
  ];
  let ext = usersOf(s.inode, view);
  if (view.options && s.timer !== 'off' && s.timer !== 0) {
    const t = typeof s.timer === 'number' ? 'unknown' : s.timer;
    ext += ` timer:(${TIMER_NAMES.includes(t) ? t : 'unknown'},${timerText(s.expires)},${s.retransmits})`;
  }
  if (view.details) {
    if (s.uid) ext += ` uid:${s.uid}`;
    ext += ` ino:${s.inode} sk:${s.cookie.toString(16)}`;
    if (s.mark) ext += ` fwmark:0x${s.mark.toString(16)}`;
    if (s.cgroupId) ext += ` cgroup:${cgroupPath(s.cgroupId)}`;
    if (s.family === 'inet6' && s.v6only !== undefined) ext += ` v6only:${s.v6only ? 1 : 0}`;
    if (s.shutdown !== undefined) ext += ` ${s.shutdown & 1 ? '-' : '<'}-${s.shutdown & 2 ? '-' : '>'}`;
  }
  if (view.tos) {
    if (s.tos !== undefined) ext += ` tos:${hex(s.tos)}`;
    if (s.tclass !== undefined) ext += ` tclass:${hex(s.tclass)}`;
    if (s.classId !== undefined) ext += ` class_id:${hex(s.classId)}`;
  }
  if (view.memory || (view.info && s.protocol !== 'udp')) {
    ext += view.oneline ? '' : '\n\t';
    ext += skmemText(s.skmeminfo, s.meminfo);
    if (s.tcpInfo) ext += tcpInfoText(s, s.tcpInfo, view);
  }
  c[Column.Ext] = ext;
  return c;
}

/** printf's %#x: 0 stays '0'. */
function hex(n: number): string {
  return n === 0 ? '0' : `0x${n.toString(16)}`;
}

let cgroupPaths: Map<bigint, string> | undefined;

/** ss's cg_id_to_path: the cgroup's path under the cgroup2 mount, or 'unreachable:ID'. */
export function cgroupPath(id: bigint): string {
  cgroupPaths ??= readCgroupPaths();
  return cgroupPaths.get(id) ?? `unreachable:${id.toString(16)}`;
}

function readCgroupPaths(): Map<bigint, string> {
  const fs = require('fs') as typeof import('fs');
  const paths = new Map<bigint, string>();
  let root: string | undefined;
  try {
    for (const line of fs.readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const f = line.split(' ');
      if (f[2] === 'cgroup2') {
        root = f[1];
        break;
      }
    }
  } catch {
    return paths;
  }
  if (!root) return paths;
  const walk = (dir: string, rel: string, depth: number): void => {
    try {
      paths.set(fs.statSync(dir, { bigint: true }).ino, rel === '' ? '/' : rel);
      if (depth > 16) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(`${dir}/${e.name}`, `${rel}/${e.name}`, depth + 1);
    } catch {
      // a cgroup removed meanwhile
    }
  };
  walk(root, '', 0);
  return paths;
}

/** The cells of a unix socket's line. */
export function unixCells(s: UnixSocket, view: SsView): Cells {
  const c: Cells = [];
  c[Column.Netid] = s.type === 'stream' ? 'u_str' : s.type === 'seqpacket' ? 'u_seq' : 'u_dgr';
  c[Column.State] = ssState(s.state);
  c[Column.RecvQ] = queue(s.receiveQueue);
  c[Column.SendQ] = queue(s.sendQueue);
  // ss shows every NUL of an abstract name as '@'.
  c[Column.Address] = (s.name === undefined ? '*' : s.name.replace(/\0/g, '@')) + ' ';
  c[Column.Port] = String(s.inode);
  c[Column.PeerAddress] = '* ';
  c[Column.PeerPort] = String(s.peer ?? 0);
  let ext = usersOf(s.inode, view);
  if (view.memory) ext += skmemText(s.meminfo);
  if (view.details) {
    if (s.shutdown !== undefined) ext += ` ${s.shutdown & 1 ? '-' : '<'}-${s.shutdown & 2 ? '-' : '>'}`;
    if (s.vfs) ext += ` ino:${s.vfs.inode} dev:${deviceText(s.vfs.device)}`;
    if (s.pending) ext += ' peers:' + s.pending.map((p) => ` ${p}`).join('');
  }
  c[Column.Ext] = ext;
  return c;
}

/** glibc's major()/minor() of a dev_t as the kernel's new_encode_dev() packs it into 32 bits. */
function deviceText(dev: number): string {
  const major = (dev & 0xfff00) >>> 8;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return `${major}/${minor}`;
}

/** The cells of a netlink socket's line. */
export function netlinkCells(s: NetlinkSocketInfo, view: SsView): Cells {
  const c: Cells = [];
  c[Column.Netid] = 'nl';
  c[Column.State] = 'UNCONN';
  c[Column.RecvQ] = queue(s.meminfo?.rmemAlloc);
  c[Column.SendQ] = queue(s.meminfo?.wmemAlloc);
  c[Column.Address] = (view.numeric ? String(s.protocol) : s.protocolName) + ':';
  let proc = String(s.portId);
  if (s.portId === -1) proc = '*';
  else if (!view.numeric) {
    if (s.portId === 0) proc = 'kernel';
    else if (s.portId > 0) {
      const name = processName(s.portId);
      if (name !== undefined) proc = `${name}/${s.portId}`;
    }
  }
  c[Column.Port] = proc;
  // NETLINK_CONNECTED (1): the default destination, else '*'.
  if (s.state === 'established') {
    c[Column.PeerAddress] = `${s.destinationGroup}:`;
    c[Column.PeerPort] = String(s.destinationPortId);
  } else {
    c[Column.PeerAddress] = '*';
    c[Column.PeerPort] = '';
  }
  let ext = '';
  if (view.details) ext += ` sk=0 cb=0 groups=0x${groupWord(s.groups).toString(16).padStart(8, '0')}`;
  if (view.memory) ext += '\t' + skmemText(s.meminfo);
  c[Column.Ext] = ext;
  return c;
}

function groupWord(groups: number[] | undefined): number {
  let word = 0;
  for (const g of groups ?? []) if (g >= 1 && g <= 32) word |= 1 << (g - 1);
  return word >>> 0;
}

function processName(pid: number): string | undefined {
  try {
    const stat = (require('fs') as typeof import('fs')).readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.indexOf('(') + 1, stat.indexOf(')'));
  } catch {
    return undefined;
  }
}

/** ss's name of an Ethernet protocol: '*' for ETH_P_ALL, a name, or [number] with -n. */
export function etherProtocol(protocol: number, numeric: boolean): string {
  if (protocol === 3) return '*';
  const name = numeric ? undefined : etherProtocolName(protocol);
  return name ?? `[${protocol}]`;
}

const FANOUT_TYPES = ['hash', 'lb', 'cpu', 'roll', 'random', 'qm'];

/** The cells of a packet socket's line. */
export function packetCells(s: PacketSocket, view: SsView): Cells {
  const c: Cells = [];
  c[Column.Netid] = s.type === 'raw' ? 'p_raw' : 'p_dgr';
  c[Column.State] = 'UNCONN';
  c[Column.RecvQ] = queue(s.meminfo?.rmemAlloc);
  c[Column.SendQ] = queue(0);
  c[Column.Address] = etherProtocol(s.protocol, view.numeric) + ':';
  const index = s.info?.index ?? 0;
  c[Column.Port] = index === 0 ? '*' : view.interfaceName(index) ?? String(index);
  c[Column.PeerAddress] = '*';
  c[Column.PeerPort] = '';
  let ext = usersOf(s.inode, view);
  if (view.details) {
    if (s.uid) ext += ` uid:${s.uid}`;
    ext += ` ino:${s.inode} sk:${s.cookie.toString(16)}`;
    const nl = view.oneline ? ' ' : '\n\t';
    if (s.info) {
      ext += `${nl}ver:${s.info.version} cpy_thresh:${s.info.copyThresh} flags( `;
      const f = s.info.flags;
      if (f.includes('running')) ext += 'running';
      for (const name of ['auxdata', 'origdev', 'vnethdr', 'loss'] as const) if (f.includes(name)) ext += ` ${name}`;
      if (f.length === 0) ext += '0';
      ext += ' )';
    }
    for (const [name, ring] of [['ring_rx', s.rxRing], ['ring_tx', s.txRing]] as const) {
      if (ring) ext += `${nl}${name}(blk_size:${ring.blockSize},blk_nr:${ring.blockNr},frm_size:${ring.frameSize},frm_nr:${ring.frameNr},tmo:${ring.retireTmo},features:0x${ring.features.toString(16)})`;
    }
    if (s.fanout) ext += `${nl}fanout(id:${s.fanout.id},type:${FANOUT_TYPES[s.fanout.type] ?? `0x${s.fanout.type.toString(16)}`})`;
  }
  c[Column.Ext] = ext;
  return c;
}

type Json = { [key: string]: unknown };

function jsonSkmem(m: SkMeminfo | undefined): Json | undefined {
  if (!m) return undefined;
  return {
    rmem_alloc: m.rmemAlloc,
    rcvbuf: m.rcvbuf,
    wmem_alloc: m.wmemAlloc,
    sndbuf: m.sndbuf,
    fwd_alloc: m.fwdAlloc,
    wmem_queued: m.wmemQueued,
    optmem: m.optmem,
    backlog: m.backlog,
    drops: m.drops,
  };
}

/** camelCase → snake_case (tcp_info's fields). */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (ch) => '_' + ch.toLowerCase());
}

function jsonValue(v: unknown): unknown {
  return typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v;
}

function users(inode: number, view: SsView): Array<{ command: string; pid: number; fd: number }> | undefined {
  return view.owners?.get(inode)?.map((o) => ({ command: o.command, pid: o.pid, fd: o.fd }));
}

/** An inet socket as JSON: the text's columns, and with -e -m -i -p their details, snake_case. */
export function inetJson(s: InetSocket, view: SsView): Json {
  const j: Json = {
    netid: inetNetid(s),
    state: ssState(s.state),
    recv_q: s.receiveQueue,
    send_q: s.sendQueue,
    local_address: s.localAddress,
    local_port: s.localPort,
    peer_address: s.remoteAddress,
    peer_port: s.remotePort,
  };
  if (s.interface) j.interface = view.interfaceName(s.interface) ?? s.interface;
  if (view.owners) j.users = users(s.inode, view) ?? [];
  if (view.options) j.timer = { name: s.timer, expires_ms: s.expires, retransmits: s.retransmits };
  if (view.details) {
    j.uid = s.uid;
    j.inode = s.inode;
    j.cookie = s.cookie.toString(16);
    if (s.mark !== undefined) j.fwmark = s.mark;
    if (s.cgroupId !== undefined) j.cgroup_id = jsonValue(s.cgroupId);
    if (s.v6only !== undefined) j.v6only = s.v6only;
    if (s.shutdown !== undefined) j.shutdown = s.shutdown;
  }
  if (view.tos) {
    if (s.tos !== undefined) j.tos = s.tos;
    if (s.tclass !== undefined) j.tclass = s.tclass;
    if (s.classId !== undefined) j.class_id = s.classId;
  }
  if (view.memory) {
    if (s.skmeminfo) j.skmem = jsonSkmem(s.skmeminfo);
    if (s.meminfo) j.meminfo = { ...s.meminfo };
  }
  if (view.info) {
    if (s.congestion !== undefined) j.congestion = s.congestion;
    if (s.tcpInfo) {
      const info: Json = {};
      for (const [k, v] of Object.entries(s.tcpInfo)) if (k !== 'extra' && k !== 'decodeErrors') info[snake(k)] = jsonValue(v);
      j.tcp_info = info;
    }
  }
  return j;
}

/** A unix socket as JSON. */
export function unixJson(s: UnixSocket, view: SsView): Json {
  const j: Json = {
    netid: unixCells(s, { ...view, owners: undefined, details: false, memory: false })[Column.Netid],
    state: ssState(s.state),
    recv_q: s.receiveQueue ?? 0,
    send_q: s.sendQueue ?? 0,
    local_address: s.name ?? '*',
    local_port: s.inode,
    peer_address: '*',
    peer_port: s.peer ?? 0,
  };
  if (view.owners) j.users = users(s.inode, view) ?? [];
  if (view.details) {
    if (s.shutdown !== undefined) j.shutdown = s.shutdown;
    if (s.vfs) j.vfs = { inode: s.vfs.inode, device: deviceText(s.vfs.device) };
    if (s.pending) j.pending = s.pending;
    if (s.uid !== undefined) j.uid = s.uid;
  }
  if (view.memory && s.meminfo) j.skmem = jsonSkmem(s.meminfo);
  return j;
}

/** A netlink socket as JSON. */
export function netlinkJson(s: NetlinkSocketInfo, view: SsView): Json {
  const cells = netlinkCells(s, { ...view, details: false, memory: false });
  const j: Json = {
    netid: 'nl',
    state: 'UNCONN',
    recv_q: s.meminfo?.rmemAlloc ?? 0,
    send_q: s.meminfo?.wmemAlloc ?? 0,
    local_address: cells[Column.Address].slice(0, -1),
    local_port: cells[Column.Port],
    peer_address: s.state === 'established' ? s.destinationGroup : '*',
    peer_port: s.state === 'established' ? s.destinationPortId : null,
    protocol: s.protocol,
    port_id: s.portId,
  };
  if (view.details) {
    j.groups = s.groups ?? [];
    if (s.flags) j.flags = s.flags;
    j.inode = s.inode;
  }
  if (view.memory && s.meminfo) j.skmem = jsonSkmem(s.meminfo);
  return j;
}

/** A packet socket as JSON. */
export function packetJson(s: PacketSocket, view: SsView): Json {
  const cells = packetCells(s, { ...view, owners: undefined, details: false });
  const j: Json = {
    netid: cells[Column.Netid],
    state: 'UNCONN',
    recv_q: s.meminfo?.rmemAlloc ?? 0,
    send_q: 0,
    local_address: cells[Column.Address].slice(0, -1),
    local_port: cells[Column.Port],
    peer_address: '*',
    peer_port: null,
    protocol: s.protocol,
  };
  if (view.owners) j.users = users(s.inode, view) ?? [];
  if (view.details) {
    j.uid = s.uid ?? 0;
    j.inode = s.inode;
    j.cookie = s.cookie.toString(16);
    if (s.info) j.info = { version: s.info.version, copy_thresh: s.info.copyThresh, flags: s.info.flags, index: s.info.index };
    if (s.rxRing) j.ring_rx = { ...s.rxRing };
    if (s.txRing) j.ring_tx = { ...s.txRing };
    if (s.fanout) j.fanout = { ...s.fanout };
  }
  if (view.memory && s.meminfo) j.skmem = jsonSkmem(s.meminfo);
  return j;
}

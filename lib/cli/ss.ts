// `linux-netlink ss`: iproute2's ss over the diag family: its options, state words and filter expressions, its
// text line for line (lib/cli/format/ss-*.ts), and with -j the same sockets as a JSON array, which ss cannot print.
import { DestroyError, DiagClient, InetProtocol, InetSocket, netlinkProtocolNumber, SocketState, socketProcesses } from '../diag';
import { UsageError } from './args';
import { Output } from './session';
import type { CommandRunner, GlobalOptions } from './options';
import { scanState, parseExpression, FilterNames, HostFamily, inetFilter, matchesSsFilter, SsSocket } from './ss-filter';
import { HostNames, serviceName, servicePort } from './ss-names';
import { inetCells, inetJson, netlinkCells, netlinkJson, packetCells, packetJson, SsView, unixCells, unixJson } from './format/ss-socket';
import { etherProtocolNumber } from './format/names';
import { SsTable } from './format/ss-table';
import { inetLineCells } from './format/ss-inet-line';

export const SS_USAGE = `Usage: linux-netlink ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -i, --info          show internal TCP information
       --tos           show tos and priority information
   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     suppress header line
   -O, --oneline       socket's data printed on a single line
   -j, --json          print the sockets as a JSON array (snake_case fields)
   -N, --net NAME      switch to the specified network namespace name
   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
   -f, --family=FAMILY display sockets of type FAMILY (inet, inet6, link, unix, netlink)
   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|netlink}[,QUERY]
       --source=proc   read /proc/net instead of sock_diag (the fallback a kernel without a diag module gets)
   FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
   EXPRESSION := sport|dport|src|dst [=|!=|<|>|<=|>=] [ADDR][:PORT] | dev = NAME | fwmark = MARK[/MASK] |
                 cgroup = PATH | autobound, joined by and/or/not and ( )
   ADDR := inet address or prefix | unix:PATH-PATTERN | netlink:PROTO[:PORTID] | link:ETHER-PROTO[:IFNAME]
`;

// ss's socket tables (dbs), in the order it lists them.
type Db = 'netlink' | 'p_raw' | 'p_dgr' | 'u_str' | 'u_dgr' | 'u_seq' | 'raw' | 'udp' | 'tcp' | 'dccp' | 'sctp' | 'mptcp';
const INET_DBS: readonly Db[] = ['raw', 'udp', 'tcp', 'dccp', 'sctp', 'mptcp'];
const UNIX_DBS: readonly Db[] = ['u_str', 'u_dgr', 'u_seq'];
const PACKET_DBS: readonly Db[] = ['p_raw', 'p_dgr'];
const DB_QUERIES: Record<string, readonly Db[]> = {
  all: ['udp', 'dccp', 'tcp', 'mptcp', 'raw', 'u_str', 'u_dgr', 'u_seq', 'p_raw', 'p_dgr', 'netlink', 'sctp'],
  inet: ['udp', 'dccp', 'tcp', 'mptcp', 'sctp', 'raw'],
  udp: ['udp'],
  dccp: ['dccp'],
  tcp: ['tcp'],
  mptcp: ['mptcp'],
  sctp: ['sctp'],
  raw: ['raw'],
  unix: UNIX_DBS,
  unix_stream: ['u_str'],
  u_str: ['u_str'],
  unix_dgram: ['u_dgr'],
  u_dgr: ['u_dgr'],
  unix_seqpacket: ['u_seq'],
  u_seq: ['u_seq'],
  packet: PACKET_DBS,
  packet_raw: ['p_raw'],
  p_raw: ['p_raw'],
  packet_dgram: ['p_dgr'],
  p_dgr: ['p_dgr'],
  netlink: ['netlink'],
};
type Af = 'inet' | 'inet6' | 'unix' | 'packet' | 'netlink';

const SS_ALL: readonly SocketState[] = ['established', 'syn-sent', 'syn-recv', 'fin-wait-1', 'fin-wait-2', 'time-wait', 'close', 'close-wait', 'last-ack', 'listen', 'closing'];
const SS_CONN = SS_ALL.filter((s) => s !== 'listen' && s !== 'close' && s !== 'time-wait' && s !== 'syn-recv');
const DB_STATES: Record<Db, readonly SocketState[]> = {
  tcp: SS_CONN,
  mptcp: SS_CONN,
  dccp: SS_CONN,
  sctp: SS_CONN,
  udp: ['established'],
  raw: ['established'],
  u_dgr: ['close'],
  u_str: SS_CONN,
  u_seq: SS_CONN,
  p_dgr: ['close'],
  p_raw: ['close'],
  netlink: ['close'],
};
const AF_DEFAULTS: Record<Af, { dbs: readonly Db[]; states: readonly SocketState[] }> = {
  inet: { dbs: ['tcp', 'mptcp', 'dccp', 'udp', 'raw', 'sctp'], states: SS_CONN },
  inet6: { dbs: ['tcp', 'mptcp', 'dccp', 'udp', 'raw', 'sctp'], states: SS_CONN },
  unix: { dbs: UNIX_DBS, states: SS_CONN },
  packet: { dbs: PACKET_DBS, states: ['close'] },
  netlink: { dbs: ['netlink'], states: ['close'] },
};
const DB_FAMILIES: Record<Db, readonly Af[]> = {
  tcp: ['inet', 'inet6'],
  mptcp: ['inet', 'inet6'],
  dccp: ['inet', 'inet6'],
  sctp: ['inet', 'inet6'],
  udp: ['inet', 'inet6'],
  raw: ['inet', 'inet6'],
  u_str: ['unix'],
  u_dgr: ['unix'],
  u_seq: ['unix'],
  p_raw: ['packet'],
  p_dgr: ['packet'],
  netlink: ['netlink'],
};

/** What the command line asks for. */
export interface SsRequest {
  dbs: Set<Db>;
  families: Set<Af>;
  states: Set<SocketState>;
  view: Omit<SsView, 'owners' | 'service' | 'interfaceName' | 'hostName'>;
  /** -r: host names for addresses. */
  resolve: boolean;
  processes: boolean;
  header: boolean;
  json: boolean;
  kill: boolean;
  netns?: string;
  source: 'auto' | 'proc';
  /** The rest: the filter expression's words. */
  expression: string[];
  /** ss's preferred family: the last of -4, -6, -x, -0, -f; host conditions are read in it. */
  preferred: HostFamily;
}

const LONG: Record<string, string> = {
  numeric: 'n', all: 'a', listening: 'l', options: 'o', extended: 'e', memory: 'm', processes: 'p', info: 'i',
  kill: 'K', 'no-header': 'H', oneline: 'O', json: 'j', net: 'N', ipv4: '4', ipv6: '6', packet: '0', tcp: 't',
  mptcp: 'M', sctp: 'S', dccp: 'd', udp: 'u', raw: 'w', unix: 'x', family: 'f', query: 'A', socket: 'A', help: 'h', resolve: 'r',
};

/** Parses ss's command line (options, state words; the expression is parsed later, with name lookups). */
export function parseSsArgs(argv: readonly string[], global: Pick<GlobalOptions, 'json' | 'netns'>): SsRequest | 'help' {
  const r: SsRequest = {
    dbs: new Set(),
    families: new Set(),
    states: new Set(),
    view: { numeric: false, details: false, options: false, memory: false, info: false, tos: false, oneline: false },
    resolve: false,
    processes: false,
    header: true,
    json: global.json,
    kill: false,
    netns: global.netns,
    source: 'auto',
    expression: [],
    preferred: 'unspec',
  };
  let doDefault = true;
  let stateFilter: Set<SocketState> | undefined;
  let sawQuery = false;
  const setDb = (db: Db) => {
    for (const s of DB_STATES[db]) r.states.add(s);
    r.dbs.add(db);
    doDefault = false;
  };
  const setAf = (af: Af) => {
    for (const s of AF_DEFAULTS[af].states) r.states.add(s);
    r.families.add(af);
    doDefault = false;
    r.preferred = af;
  };
  let i = 0;
  const option = (letter: string, value: () => string): void => {
    switch (letter) {
      case 'n':
        r.view.numeric = true;
        break;
      case 'r':
        r.resolve = true;
        break;
      case 'a':
        stateFilter = new Set(SS_ALL);
        break;
      case 'l':
        stateFilter = new Set(['listen', 'close']);
        break;
      case 'o':
        r.view.options = true;
        break;
      case 'e':
        r.view.options = true;
        r.view.details = true;
        break;
      case 'm':
        r.view.memory = true;
        break;
      case 'i':
        r.view.info = true;
        break;
      case 'p':
        r.processes = true;
        break;
      case 'K':
        r.kill = true;
        break;
      case 'H':
        r.header = false;
        break;
      case 'O':
        r.view.oneline = true;
        break;
      case 'j':
        r.json = true;
        break;
      case 'N':
        r.netns = value();
        break;
      case '4':
        setAf('inet');
        break;
      case '6':
        setAf('inet6');
        break;
      case '0':
        setAf('packet');
        break;
      case 'x':
        setAf('unix');
        break;
      case 't':
        setDb('tcp');
        break;
      case 'u':
        setDb('udp');
        break;
      case 'w':
        setDb('raw');
        break;
      case 'M':
        setDb('mptcp');
        break;
      case 'S':
        setDb('sctp');
        break;
      case 'd':
        setDb('dccp');
        break;
      case 'f': {
        const f = value();
        const af = ({ inet: 'inet', inet6: 'inet6', link: 'packet', unix: 'unix', netlink: 'netlink' } as Record<string, Af>)[f];
        if (!af) throw new UsageError(`ss: "${f}" is invalid family`);
        setAf(af);
        break;
      }
      case 'A': {
        if (!sawQuery) {
          r.dbs.clear();
          stateFilter ??= new Set(SS_CONN);
          sawQuery = true;
          doDefault = false;
        }
        for (const q of value().split(',')) {
          const dbs = DB_QUERIES[q.startsWith('!') ? q.slice(1) : q];
          if (!dbs) throw new UsageError(`ss: "${q}" is illegal socket table id`);
          for (const db of dbs) {
            if (q.startsWith('!')) r.dbs.delete(db);
            else setDb(db);
          }
        }
        break;
      }
      case 'h':
        throw new HelpRequest();
      default:
        throw new UsageError(`ss: invalid option -- '${letter}'\n${SS_USAGE}`);
    }
  };
  try {
    for (; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '--') {
        i++;
        break;
      }
      if (arg.startsWith('--')) {
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (name === 'tos') {
          r.view.tos = true;
          continue;
        }
        if (name === 'source') {
          const v = inline ?? argv[++i];
          if (v !== 'proc' && v !== 'auto') throw new UsageError(`ss: --source takes proc or auto, not "${v}"`);
          r.source = v;
          continue;
        }
        const letter = LONG[name];
        if (!letter) throw new UsageError(`ss: unrecognized option '${arg}'`);
        option(letter, () => {
          const v = inline ?? argv[++i];
          if (v === undefined) throw new UsageError(`ss: option '${arg}' requires an argument`);
          return v;
        });
        continue;
      }
      if (!arg.startsWith('-') || arg === '-') break;
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k];
        option(letter, () => {
          const rest = arg.slice(k + 1);
          k = arg.length;
          if (rest !== '') return rest;
          const v = argv[++i];
          if (v === undefined) throw new UsageError(`ss: option requires an argument -- '${letter}'`);
          return v;
        });
      }
    }
  } catch (err) {
    if (err instanceof HelpRequest) return 'help';
    throw err;
  }
  // State words (`state X`, `exclude X`) come first, as ss reads them.
  let rest = argv.slice(i);
  let sawStates = false;
  while (rest.length > 0 && (rest[0] === 'state' || rest[0] === 'exclude' || rest[0] === 'excl')) {
    if (rest.length < 2) throw new UsageError(`ss: "${rest[0]}" needs a state name`);
    const states = scanState(rest[1]);
    if (rest[0] === 'state') {
      if (!sawStates) stateFilter = new Set();
      for (const s of states) stateFilter!.add(s);
    } else {
      if (!sawStates) stateFilter = new Set(SS_ALL);
      for (const s of states) stateFilter!.delete(s);
    }
    sawStates = true;
    rest = rest.slice(2);
  }
  r.expression = rest;
  if (doDefault) {
    if (!stateFilter || stateFilter.size === 0) stateFilter = new Set(SS_CONN);
    for (const db of DB_QUERIES.all) setDb(db);
  }
  if (stateFilter && stateFilter.size > 0) r.states = stateFilter;
  // filter_merge_defaults: a table brings its families, a family its tables.
  for (const db of r.dbs) if (!DB_FAMILIES[db].some((f) => r.families.has(f))) for (const f of DB_FAMILIES[db]) r.families.add(f);
  for (const af of r.families) if (!AF_DEFAULTS[af].dbs.some((d) => r.dbs.has(d))) for (const d of AF_DEFAULTS[af].dbs) r.dbs.add(d);
  if (r.dbs.size === 0) throw new UsageError('ss: no socket tables to show with such filter.');
  if (r.families.size === 0) throw new UsageError('ss: no families to show with such filter.');
  if (r.states.size === 0) throw new UsageError('ss: no socket states to show with such filter.');
  return r;
}

class HelpRequest extends Error {}

/** Runs `linux-netlink ss ...`. */
export const run: CommandRunner = async (args, options) => {
  const parsed = parseSsArgs(args, options);
  if (parsed === 'help') {
    options.stdout.write(SS_USAGE);
    return 0;
  }
  const r = parsed;
  // Interface names are read only when something needs them (a `dev` filter, a socket bound to a device): a
  // listing of sockets that are not pays for no link dump.
  let interfaces: Map<number, string> | undefined;
  const loadNames = async (): Promise<Map<number, string>> => (interfaces ??= await interfaceNames(r.netns));
  const needsDevice = r.expression.some((word) => /^dev\b|(^|:)link:/.test(word));
  if (needsDevice) await loadNames();
  const names: FilterNames = {
    // As ss: a service name is looked up for the tables listed (udp first; both must agree).
    service: (name) => ({ tcp: r.dbs.has('tcp') ? servicePort(name, 'tcp') : undefined, udp: r.dbs.has('udp') ? servicePort(name, 'udp') : undefined }),
    interfaceIndex: (name) => [...(interfaces ?? [])].find(([, n]) => n === name)?.[0],
    etherProtocol: etherProtocolNumber,
    netlinkProtocol: netlinkProtocolNumber,
  };
  const expression = parseExpression(r.expression, names, r.preferred);
  // As ss: an address read in a family (`unix:...`, or -x's) leaves that family the only one listed.
  if (expression.family !== undefined) r.families = new Set([expression.family]);
  const root = expression.root;
  const keep = (s: SsSocket): boolean => root === undefined || matchesSsFilter(root, s);
  const filter = r.families.has('inet') || r.families.has('inet6') ? inetFilter(root) : undefined;
  const netnsPath = r.netns === undefined ? undefined : r.netns.includes('/') ? r.netns : `/run/netns/${r.netns}`;
  const client = DiagClient.open({ netns: netnsPath, source: r.source, receiveBufferSize: 1 << 20 });
  // ss's dg_proto: the table whose services name ports, the last of raw, udp and tcp listed.
  let serviceTable: 'raw' | 'udp' | 'tcp' | undefined;
  const hosts = r.resolve ? new HostNames() : undefined;
  const view: SsView = {
    ...r.view,
    owners: r.processes ? await socketProcesses() : undefined,
    service: (port) => serviceName(port, serviceTable),
    interfaceName: (index) => interfaces?.get(index),
    hostName: hosts && ((address) => hosts.get(address)),
  };
  const out = new Output(options.stdout);
  // Pieces of text (ss's, about 5 MB each) go out as they are laid out, between batches.
  const pieces: Buffer[] = [];
  const table = new SsTable({ netid: r.dbs.size > 1, state: r.states.size > 1, header: r.header && !r.json }, (piece) => pieces.push(piece));
  const writePieces = async (): Promise<void> => {
    for (const piece of pieces.splice(0)) await writeOut(options.stdout, piece);
  };
  const json: unknown[] = [];
  const states = [...r.states];
  const emit = (line: () => [string[], unknown]): void => {
    const [cells, object] = line();
    if (r.json) json.push(object);
    else table.add(cells);
  };
  try {
    if (r.families.has('netlink') && r.dbs.has('netlink') && r.states.has('close')) {
      for (const s of await client.netlinkSockets()) {
        if (!keep({ family: 'netlink', protocol: s.protocol, lport: s.portId, rport: -1, iface: 0 })) continue;
        emit(() => [netlinkCells(s, view), r.json ? netlinkJson(s, view) : undefined]);
      }
    }
    if (r.families.has('packet') && r.states.has('close')) {
      for (const s of await client.packetSockets()) {
        if (!r.dbs.has(s.type === 'raw' ? 'p_raw' : 'p_dgr')) continue;
        const index = s.info?.index ?? 0;
        if (!keep({ family: 'packet', protocol: s.protocol, lport: index, rport: 0, iface: index })) continue;
        if (index !== 0) await loadNames();
        emit(() => [packetCells(s, view), r.json ? packetJson(s, view) : undefined]);
      }
    }
    if (r.families.has('unix')) {
      for (const s of await client.unixSockets({ states })) {
        const db: Db = s.type === 'stream' ? 'u_str' : s.type === 'seqpacket' ? 'u_seq' : 'u_dgr';
        if (!r.dbs.has(db)) continue;
        if (!keep({ family: 'unix', name: s.name?.replace(/\0/g, '@'), lport: s.inode, rport: s.peer ?? 0, iface: 0 })) continue;
        emit(() => [unixCells(s, view), r.json ? unixJson(s, view) : undefined]);
      }
    }
    await writePieces();
    if (r.families.has('inet') || r.families.has('inet6')) {
      // As ss's inet_show_netlink: the preferred IP family alone, else both.
      const families: Array<'inet' | 'inet6'> = r.preferred === 'inet6' ? ['inet6'] : r.preferred === 'inet' ? ['inet'] : ['inet', 'inet6'];
      const extensions: Array<'meminfo' | 'skmeminfo' | 'info' | 'vegas' | 'congestion' | 'tos' | 'tclass'> = [];
      if (r.view.memory) extensions.push('meminfo', 'skmeminfo');
      if (r.view.info) extensions.push('info', 'vegas', 'congestion');
      if (r.view.tos) extensions.push('tos', 'tclass');
      const common = !r.json && !r.kill && !r.processes && !r.resolve && !r.view.details && !r.view.options && extensions.length === 0;
      for (const db of INET_DBS) {
        if (!r.dbs.has(db)) continue;
        if (db === 'raw' || db === 'udp' || db === 'tcp') serviceTable = db;
        for (const family of families) {
          if (!r.families.has(family)) continue;
          try {
            // Batch by batch: each socket becomes its line and is let go. The common listing makes its cells
            // straight from the bytes; a socket that needs more comes as an object.
            const query = { protocol: db as InetProtocol, family, states, extensions, filter };
            const batches = common
              ? client.inetBatchesWith(query, (protocol, buf, start, end) => inetLineCells(protocol, buf, start, end, view), (s) => s)
              : client.inetSocketBatches(query);
            for await (const batch of batches) {
              if (hosts) await hosts.lookUp(addressesOf(batch));
              for (const item of batch) {
                if (Array.isArray(item)) {
                  table.add(item);
                  continue;
                }
                const s = item;
                if (r.kill && !(await killed(client, s))) continue;
                if (s.interface !== 0 && interfaces === undefined) await loadNames();
                emit(() => [inetCells(s, view), r.json ? inetJson(s, view) : undefined]);
              }
              await writePieces();
            }
          } catch (err) {
            // As ss: a protocol this kernel does not have lists nothing.
            if ((err as { code?: string }).code === 'ERR_DIAG_UNSUPPORTED') break;
            throw err;
          }
        }
      }
    }
  } finally {
    client.close();
  }
  if (r.json) {
    out.append(JSON.stringify(json, null, 2) + '\n');
    await out.flush();
  } else {
    table.finish();
    await writePieces();
  }
  return 0;
};

/** The addresses of a batch's sockets that -r looks up (ss prints '*' for a dual-stack socket's '::'). */
function* addressesOf(batch: ReadonlyArray<InetSocket | string[]>): Generator<string> {
  for (const s of batch) {
    if (Array.isArray(s)) continue;
    for (const a of [s.localAddress, s.remoteAddress]) if (!(a === '::' && s.family === 'inet6' && !s.v6only)) yield a;
  }
}

/** ss -K: closes the socket; false for one that cannot be closed or is gone already (ss leaves those out). */
async function killed(client: DiagClient, s: InetSocket): Promise<boolean> {
  try {
    await client.destroySocket(s);
    return true;
  } catch (err) {
    if (err instanceof DestroyError && (err.code === 'EOPNOTSUPP' || err.code === 'ENOENT')) return false;
    throw err;
  }
}

/** Writes bytes, waiting for the stream to drain when it asks to. */
async function writeOut(stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> {
  if (!stream.write(bytes)) await new Promise((resolve) => stream.once('drain', resolve));
}

async function interfaceNames(netns: string | undefined): Promise<Map<number, string>> {
  const { RouteClient } = require('../route/client') as typeof import('../route/client');
  const client = RouteClient.open(netns === undefined ? {} : { netns });
  try {
    return new Map((await client.links()).map((l) => [l.ifindex ?? 0, l.ifname ?? '']));
  } finally {
    client.close();
  }
}

// The fuzz corpus of lib/diag and lib/fiblookup, captured now from this kernel: sock_diag dumps of every kind
// (inet with every extension, unix, netlink, packet) and /proc/net's tables, with a few sockets of this
// process's own so the corpus always holds a listener, a connection and a unix pair; and FIB lookup answers.
// Only reads: dumps, lookups and sockets on the loopback address change no network state.
import * as dgram from 'dgram';
import { once } from 'events';
import { readFileSync } from 'fs';
import * as net from 'net';
import type { Library, SocketCorpus } from './targets';

/** Every bit of a numeric enum's members: show everything. */
const everyBit = (e: object): number => Object.values(e).reduce((all: number, v) => (typeof v === 'number' ? all | v : all), 0);

const PROC_TABLES = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6', 'unix', 'netlink', 'packet'];

/** What the kernel says now about this host's sockets, and a few FIB lookups. */
export async function captureSockets(lib: Library): Promise<SocketCorpus> {
  const { core, diag, fiblookup } = lib;
  const out: SocketCorpus = { inet: [], unix: [], netlink: [], packet: [], proc: [], fib: [] };
  const server = net.createServer((s) => s.on('error', () => undefined)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  client.write('x'.repeat(1000)); // queues bytes the server never reads: non-zero queues and tcp_info counters
  const udp = dgram.createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  const server6 = net.createServer().on('error', () => undefined).listen(0, '::1'); // (absent where IPv6 is off)
  await new Promise((resolve) => setTimeout(resolve, 50));
  const conn = core.Connection.open({ protocol: core.Protocol.SockDiag });
  const payloads = async (request: Buffer, max = 200): Promise<Buffer[]> => {
    try {
      const { messages } = await conn.dump(diag.DiagMessageType.ByFamily, request);
      return messages.slice(0, max).map((m) => Buffer.from(m.payload));
    } catch {
      return []; // a kind this kernel has no diag handler for
    }
  };
  try {
    const extensions = diag.extensionMask(diag.ALL_EXTENSIONS);
    for (const family of [diag.AddressFamily.Inet, diag.AddressFamily.Inet6]) {
      for (const protocol of [diag.IpProtocol.Tcp, diag.IpProtocol.Udp, diag.IpProtocol.Raw, diag.IpProtocol.Mptcp]) {
        const found = await payloads(diag.encodeInetRequest({ family, protocol, states: 0xffffffff, extensions }));
        for (const payload of found) out.inet.push({ protocol, payload });
      }
    }
    out.unix = await payloads(diag.encodeUnixRequest(0xffffffff, everyBit(diag.UnixShow)));
    out.netlink = await payloads(diag.encodeNetlinkRequest(diag.NDIAG_PROTO_ALL, diag.NetlinkShow.Meminfo | diag.NetlinkShow.Groups | diag.NetlinkShow.Flags));
    out.packet = await payloads(diag.encodePacketRequest(everyBit(diag.PacketShow)));
  } finally {
    conn.close();
    client.destroy();
    server.close();
    server6.close();
    udp.close();
  }
  for (const table of PROC_TABLES) {
    try {
      out.proc.push({ table, text: readFileSync(`/proc/net/${table}`) });
    } catch {
      // not on this kernel
    }
  }
  const fib = core.Connection.open({ protocol: core.Protocol.FibLookup });
  try {
    for (const [address, table] of [['127.0.0.1', 255], ['127.0.0.1', 254], ['192.0.2.1', 254], ['255.255.255.255', 255], ['10.0.0.1', 0]] as const) {
      const payload = fiblookup.encodeFibResult({ flAddr: address, tbIdIn: table });
      out.fib.push(await fib.requestOne(fiblookup.FIB_LOOKUP, payload, { ack: false, timeout: 2000 }, (_type, buf, start, end) => Buffer.from(buf.subarray(start, end))));
    }
  } finally {
    fib.close();
  }
  return out;
}

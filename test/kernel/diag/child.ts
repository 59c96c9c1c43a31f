// Run inside a test's namespace (`ip netns exec NS node child.js DIR`): opens TCP listeners and connections (IPv4
// and IPv6, one with unread data queued), UDP sockets and unix stream sockets (path and abstract), prints what it
// made as one JSON line, and holds them until its stdin closes.
import * as dgram from 'dgram';
import { fstatSync } from 'fs';
import * as net from 'net';
import { connect, listen } from './child-net';

const dir = process.argv[2];

function bind(type: 'udp4' | 'udp6', address: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket(type);
    s.once('error', reject);
    s.bind(port, address, () => resolve(s));
  });
}

async function main(): Promise<void> {
  const keep: unknown[] = [];
  const accepted: net.Socket[] = [];
  // pauseOnConnect: what the client sends stays unread, in the receive queue.
  const server4 = net.createServer({ pauseOnConnect: true }, (s) => accepted.push(s));
  await listen(server4, { host: '127.0.0.1', port: 5001, backlog: 7 });
  const server6 = net.createServer((s) => accepted.push(s));
  await listen(server6, { host: '::1', port: 5002, ipv6Only: true });
  const any4 = net.createServer((s) => s.on('error', () => undefined)); // the victim's peer: reset when it is destroyed
  await listen(any4, { host: '0.0.0.0', port: 5003 });
  const any6 = net.createServer();
  await listen(any6, { host: '::', port: 5004, ipv6Only: true });
  const client4 = await connect({ host: '127.0.0.1', port: 5001 });
  client4.write(Buffer.alloc(1000, 1));
  const client6 = await connect({ host: '::1', port: 5002 });
  const udp4 = await bind('udp4', '127.0.0.1', 5005);
  const udp6 = await bind('udp6', '::1', 5006);
  const udpConnected = await bind('udp4', '127.0.0.1', 5007);
  await new Promise<void>((resolve) => udpConnected.connect(5005, '127.0.0.1', () => resolve()));
  const unixPath = net.createServer();
  await listen(unixPath, { path: `${dir}/stream.sock` });
  const unixAbstract = net.createServer((s) => accepted.push(s));
  await listen(unixAbstract, { path: `\0lnl-diag-${process.pid}` });
  const unixClient = await connect({ path: `\0lnl-diag-${process.pid}` });
  // A connection for SOCK_DESTROY to close: its owner sees ECONNABORTED and says so on stderr only if unexpected.
  const victim = await connect({ host: '127.0.0.1', port: 5003 });
  victim.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNABORTED') process.stderr.write(`victim: ${err.code}\n`);
  });
  keep.push(victim, server4, server6, any4, any6, client4, client6, udp4, udp6, udpConnected, unixPath, unixAbstract, unixClient);
  // Wait until the server side has the bytes, so every observer sees the same queues.
  while (accepted.length < 3) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  process.stdout.write(JSON.stringify({ pid: process.pid, client4Port: client4.localPort, client6Port: client6.localPort, victimPort: victim.localPort, abstract: `@lnl-diag-${process.pid}`, abstractInode: fstatSync((unixAbstract as unknown as { _handle: { fd: number } })._handle.fd).ino }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exit(1);
});

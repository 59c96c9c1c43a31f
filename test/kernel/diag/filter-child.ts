// Run inside a test's namespace (`ip netns exec NS node filter-child.js DIR`) for the ss filter and naming tests:
// TCP on a port /etc/services names (22, ssh) and on one in the ephemeral range that it also names (57000,
// dircproxy: ss leaves those numeric), a UDP socket on 5060 (sip), unix stream sockets on two paths (one
// connected) and an abstract one. Prints "ready" and holds them until its stdin closes.
import * as dgram from 'dgram';
import * as net from 'net';
import { connect, listen } from './child-net';

const dir = process.argv[2];

async function main(): Promise<void> {
  const accepted: net.Socket[] = [];
  const ssh = net.createServer((s) => accepted.push(s));
  await listen(ssh, { host: '127.0.0.1', port: 22 });
  const high = net.createServer((s) => accepted.push(s));
  await listen(high, { host: '0.0.0.0', port: 57000 });
  const client = await connect({ host: '127.0.0.1', port: 22 });
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(5060, '127.0.0.1', () => resolve()));
  const first = net.createServer((s) => accepted.push(s));
  await listen(first, { path: `${dir}/first.sock` });
  const second = net.createServer();
  await listen(second, { path: `${dir}/Second.sock` });
  const unixClient = await connect({ path: `${dir}/first.sock` });
  const abstract = net.createServer();
  await listen(abstract, { path: `\0lnl-filter-${process.pid}` });
  while (accepted.length < 2) await new Promise((r) => setTimeout(r, 5));
  const keep = [ssh, high, client, udp, first, second, unixClient, abstract];
  process.stdout.write(`ready ${keep.length}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exit(1);
});

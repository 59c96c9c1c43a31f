// The namespace the CLI tests look at, built with iproute2 alone: every kind of object the CLI prints, in the
// shapes that make iproute2's JSON interesting (peer addresses, lifetimes, multipath, metrics, tables > 255,
// permanent neighbours, fwmark and uid-range rules).
import { execFile, execFileSync } from 'child_process';
import { resolve } from 'path';
import { Writable } from 'stream';
import { run } from '../../../lib/cli/main';
import { SLOWDOWN, type TestNetns } from '../../helpers/netns';
import { waitUntilSettled } from '../../helpers/settle';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const BIN = resolve(REPO_ROOT, 'bin', 'linux-netlink.js');

/**
 * Commands in `ip -batch` syntax; each line is one `ip` command. The nexthop object's gateway gets a permanent
 * neighbour entry first: otherwise the kernel keeps resolving it (INCOMPLETE, FAILED after 3 s, again), and ip and
 * the library, reading the table a moment apart, could see it in different states. The reachable neighbour's
 * base reachable time is an hour for the same reason: with the default 30 s (randomised 15–45 s) it turned STALE
 * between ip's read and ours on a loaded machine.
 */
const OBJECTS = `
link add v0 type veth peer name v1
link add br0 type bridge
link set v1 master br0
link add mv0 link v0 type macvlan mode bridge
link add vx0 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dstport 4789 dev v0
link set v0 up
link set v1 up
link set br0 up
link set mv0 up
link set vx0 up
link set mv0 alias macvlan-test
addr add 10.0.0.1/24 dev v0
addr add 10.0.1.1/24 dev v0 valid_lft 1000 preferred_lft 500 label v0:lab
addr add 10.9.0.1 peer 10.9.0.2/32 dev v0
addr add 10.0.2.1/24 brd + dev v0 metric 77
addr add 2001:db8::1/64 dev v0 valid_lft 2000 preferred_lft 1000 nodad
addr add 2001:db8:1::1/64 dev v0 nodad noprefixroute
route add 10.1.0.0/16 via 10.0.0.2 dev v0 table 100 mtu 1400 advmss 1360
route add 10.2.0.0/16 table 1000 nexthop via 10.0.0.2 dev v0 weight 2 nexthop via 10.0.0.3 dev v0 weight 3
route add 10.3.0.0/16 via 10.0.0.2 metric 50 proto static
route add 10.6.0.0/16 via 10.0.0.2 metric 60 proto 99
route add blackhole 10.4.0.0/16
route add unreachable 10.5.0.0/16 table 300
route add prohibit 10.7.0.0/16 table 300 metric 9
route add 2001:db8:2::/64 via 2001:db8::2 dev v0 metric 10 pref high
route add 2001:db8:3::/64 dev v0 table 100 hoplimit 5 mtu lock 1300
route add default via 10.0.0.254
route add 10.99.0.0/16 via inet6 fe80::1 dev v0
neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent
nexthop add id 10 via 10.0.0.2 dev v0
route add 10.98.0.0/16 nhid 10
route add 10.97.0.0/16 via 10.0.0.2 realm 5
route add 10.96.0.0/16 via 10.0.0.2 onlink dev v0 tos 0x10 table 400 rtt 300 rttvar 100 features ecn congctl cubic initcwnd 10
route add throw 10.95.0.0/16 table 400
route add 2001:db8:9::/64 via fe80::1 dev v0 expires 3000
neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0 nud permanent
ntable change name arp_cache dev v0 base_reachable 3600000
neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev v0 nud reachable
neigh add 2001:db8::7 lladdr 02:00:00:00:00:17 dev v0 nud permanent
rule add fwmark 0x10/0xff table 100 pref 1000
rule add uidrange 1000-2000 table 1000 pref 1001
rule add from 10.0.0.0/8 to 192.168.0.0/16 iif v0 table 300 pref 1002
rule add from all lookup main suppress_prefixlength 0 pref 1003
rule add not from 172.16.0.0/12 oif v0 prohibit pref 1005
rule add tos 0x10 table 100 pref 1006
`;

export async function populate(ns: TestNetns): Promise<void> {
  ns.ip(['-batch', '-'], { input: OBJECTS.trim() + '\n' });
  // ip's batch mode takes no family option, and an IPv6 rule needs one.
  ns.ip(['-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '100', 'pref', '1004']);
  await waitUntilSettled(ns);
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written and never pushes back (the CLI waits for 'drain' on a full stream). */
class Collected extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs the real command (bin/linux-netlink.js) to completion. In the QEMU guest, where starting node takes
 * 10-40 s, the same command runs in this process instead (the CLI's run(): same output, same exit status);
 * the host runs every command as its own process, as users do.
 */
export function runCli(args: string[]): Promise<CliResult> {
  if (SLOWDOWN > 1) return runCliHere(args);
  return new Promise((resolvePromise) => {
    const child = execFile(process.execPath, [BIN, ...args], { maxBuffer: 1 << 26 }, (_error, stdout, stderr) => {
      resolvePromise({ status: child.exitCode, signal: child.signalCode, stdout, stderr });
    });
  });
}

/** `ip ARGS` with its exit status and both streams, whatever the status. */
export function runIp(args: string[]): CliResult {
  try {
    const stdout = execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, signal: null, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
    return { status: e.status, signal: e.signal, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI in this process, its streams captured (no node start-up per command). */
export async function runCliHere(args: string[]): Promise<CliResult> {
  const stdout = new Collected();
  const stderr = new Collected();
  const status = await run(args, { stdout, stderr });
  return { status, signal: null, stdout: stdout.text, stderr: stderr.text };
}

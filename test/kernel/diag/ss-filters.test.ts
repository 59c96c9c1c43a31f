// `linux-netlink ss` against iproute2's ss, line for line, where the earlier suite does not reach: filters on
// unix, netlink and packet sockets (path patterns, `unix:`/`netlink:`/`link:` addresses, ports as inodes, port
// ids and interfaces), service names (named ports, ports in the ephemeral range left numeric, the table a name
// is looked up in) and -r's host names. The sockets are filter-child.ts's, in a namespace of the test's own.
import { strict as assert } from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { PassThrough } from 'stream';
import { run } from '../../../lib/cli/main';
import { SLOWDOWN, TestNetns, skipUnlessRoot, skipWithReason } from '../../helpers/netns';
import { stopChild } from './sockets';

const BIN = resolve(__dirname, '..', '..', '..', '..', 'bin', 'linux-netlink.js');

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether /etc/hosts gives 127.0.0.1 a name, so that -r has something to print. */
function hostsNameLoopback(): boolean {
  try {
    return /^\s*127\.0\.0\.1\s+\S/m.test(readFileSync('/etc/hosts', 'utf8'));
  } catch {
    return false;
  }
}

/** Starts a process in the namespace and waits for its first line. */
function startIn(ns: TestNetns, cmd: string, args: string[]): Promise<ChildProcess> {
  const proc = spawn('ip', ['netns', 'exec', ns.name, cmd, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let text = '';
    proc.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolvePromise(proc);
    });
    proc.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready`)));
  });
}

describe('cli: linux-netlink ss filters on every kind, and names (kernel)', function () {
  this.timeout(30000 * SLOWDOWN);
  let ns: TestNetns | undefined;
  let dir = '';
  let child: ChildProcess | undefined;
  let packet: ChildProcess | undefined;

  before(async function () {
    skipUnlessRoot(this, 'needs root to create a network namespace');
    if (!has('nsenter', ['--version'])) skipWithReason(this, 'needs nsenter (util-linux) to run ss in the namespace');
    ns = new TestNetns('lnl-ssf');
    dir = mkdtempSync(join(tmpdir(), 'lnl-ssf-'));
    child = await startIn(ns, process.execPath, [join(__dirname, 'filter-child.js'), dir]);
    // A packet socket (ARP on lo) where python3 can open one: Node cannot.
    if (has('python3', ['-c', 'import socket'])) {
      const script =
        'import socket,sys\ns=socket.socket(socket.AF_PACKET,socket.SOCK_RAW,socket.htons(0x0806))\ns.bind(("lo",0x0806))\n' +
        't=socket.socket(socket.AF_PACKET,socket.SOCK_DGRAM,socket.htons(0x0800))\nprint("ready",flush=True)\nsys.stdin.read()\n';
      packet = await startIn(ns, 'python3', ['-c', script]);
    }
  });
  after(async () => {
    await stopChild(child);
    await stopChild(packet);
    ns?.delete();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ours = async (args: string[]): Promise<string> => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (d: Buffer) => chunks.push(d));
    const code = await run(['-n', ns!.name, 'ss', ...args], { stdout, stderr });
    assert.equal(code, 0, (stderr.read() ?? '').toString());
    return Buffer.concat(chunks).toString();
  };
  const theirs = (args: string[]) => execFileSync('nsenter', [`--net=${ns!.path}`, 'ss', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const same = async (args: string[], atLeast: number): Promise<void> => {
    const expected = theirs(args);
    assert.equal(await ours(args), expected);
    // Each case is chosen to list sockets: a filter that dropped everything on both sides would prove nothing.
    assert.ok(expected.trimEnd().split('\n').length - 1 >= atLeast, `ss ${args.join(' ')} listed fewer than ${atLeast} sockets:\n${expected}`);
  };

  // DIR stands for the child's directory, known once the suite has started.
  const cases: Array<[string[], number]> = [
    // unix: path patterns (fnmatch, any case), in -x's family or named by `unix:`, ports as inodes.
    [['-xa', 'src', 'DIR/first*'], 1],
    [['-xa', 'src', 'DIR/FIRST.SOCK'], 1],
    [['-xa', 'src', 'DIR/[fs]*'], 2],
    [['-xa', 'src', 'DIR/?irst.sock', 'or', 'src', 'DIR/second.sock'], 2],
    [['-a', 'src', 'unix:DIR/*'], 2],
    [['-xa', 'not', 'src', 'DIR/*'], 2],
    // The abstract listener: '@lnl-filter-PID' (Node 18's libuv binds the name as a C string: autobound '@' and
    // 5 hex digits instead).
    [['-xl', 'src', '@*'], 1],
    [['-xa', 'dst', '*'], 5],
    [['-x', 'sport', '>', ':0'], 2],
    // -x reads addresses as paths; without it `:0` is a port, a unix socket's peer inode.
    [['-A', 'unix', '-a', 'dport', '=', ':0'], 3],
    [['-xa', 'autobound'], 1],
    [['-x', 'state', 'connected', 'src', 'DIR/*'], 1],
    // netlink: protocol and port id (kernel: 0); each tool's own sock_diag socket left out by the filter.
    [['-aA', 'netlink', 'src', 'netlink:rtnl'], 1],
    [['-a', 'src', 'netlink:*:kernel'], 4],
    [['-aA', 'netlink', 'sport', '=', ':0'], 4],
    [['-naA', 'netlink', 'src', 'netlink:uevent', 'or', 'src', 'netlink:genl'], 2],
    [['-aA', 'netlink', 'not', 'src', 'netlink:tcpdiag'], 4],
    // service names: a named port, one in the ephemeral range (numeric although /etc/services names it), udp's.
    [['-ta'], 4],
    [['-ua'], 1],
    [['-tua'], 5],
    [['-ta', 'sport', '=', ':ssh'], 2],
    [['-ua', 'sport', '=', ':sip'], 1],
    [['-tan', 'dport', '=', ':22', 'or', 'sport', '=', '57000'], 2],
    // DCCP (-d): the listing of a kernel without it is the header alone, laid out for one table, as ss's.
    [['-da'], 0],
  ];
  for (const [args, atLeast] of cases) {
    it(`prints what ss prints for a filter or names: ss ${args.join(' ')}`, async function () {
      await same(args.map((a) => a.replace('DIR', dir)), atLeast);
    });
  }

  for (const args of [['-0a', 'src', 'link:arp'], ['-0', 'src', 'link:*:lo'], ['-aA', 'packet', 'sport', '=', ':1'], ['-0n', 'not', 'src', 'link:ip']]) {
    it(`prints what ss prints for packet sockets: ss ${args.join(' ')}`, async function () {
      if (!packet) skipWithReason(this, 'needs python3 to open a packet socket (Node cannot)');
      await same(args, 1);
    });
  }

  it('-j keeps the sockets a unix filter keeps', async () => {
    const text = theirs(['-xaH', 'src', `${dir}/*`]).trim().split('\n');
    const json = JSON.parse(await ours(['-xaj', 'src', `${dir}/*`])) as Array<{ local_address: string; local_port: number }>;
    assert.ok(text.length >= 3);
    assert.equal(json.length, text.length);
    assert.deepEqual(
      json.map((s) => `${s.local_address} ${s.local_port}`),
      text.map((l) => l.trim().split(/\s+/).slice(4, 6).join(' ')),
    );
  });

  // -r runs both tools inside the namespace, so both ask the same resolver (/etc/hosts; DNS is unreachable there).
  for (const args of [['-tar'], ['-tanr'], ['-4uar']]) {
    it(`resolves host names as ss does: ss ${args.join(' ')}`, function () {
      if (!hostsNameLoopback()) skipWithReason(this, 'needs /etc/hosts to name 127.0.0.1 (without it both tools print numbers)');
      const expected = ns!.exec('ss', args);
      assert.equal(ns!.exec(process.execPath, [BIN, 'ss', ...args]), expected);
      assert.match(expected, /localhost:/);
    });
  }

  it('says what is wrong with a filter ss refuses', async () => {
    await assert.rejects(ours(['-A', 'netlink', 'src', 'netlink:nosuchprotocol']), /Cannot parse dst\/src address/);
    await assert.rejects(ours(['-ta', 'sport', '=', ':no-such-service']), /does not look like a port/);
    await assert.rejects(ours(['-a', 'src', 'unix:/x', 'or', 'src', 'inet:127.0.0.1']), /cannot select inet sockets/);
  });
});

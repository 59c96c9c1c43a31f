// `linux-netlink ss` against iproute2's ss on the sockets of child.ts: the text line for line, and -j holding
// the same sockets. ss runs through nsenter (the namespace's network only: the host's mounts, so both see the
// same cgroup2 tree for `cgroup:`).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { resolve } from 'path';
import { PassThrough } from 'stream';
import { run } from '../../../lib/cli/main';
import { SLOWDOWN, skipWithReason } from '../../helpers/netns';
import { withSockets } from './sockets';

const BIN = resolve(__dirname, '..', '..', '..', '..', 'bin', 'linux-netlink.js');

const hasNsenter = (() => {
  try {
    execFileSync('nsenter', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Values that change between two runs a moment apart: TCP timers and times since the last packet.
function stable(text: string): string {
  return text
    .replace(/timer:\((\w+),[^,]*,/g, 'timer:($1,T,')
    .replace(/(lastsnd|lastrcv|lastack|busy):\d+/g, '$1:N')
    .replace(/ (rtt|minrtt|rcv_rtt|ato|rto):[\d./]+/g, ' $1:N')
    .replace(/ (send|pacing_rate|delivery_rate) [^ ]+/g, ' $1 N');
}

// Each tool's own sock_diag socket is in the netlink listing (port id and process differ): left out of both.
function withoutOwnDiagSocket(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(nl\s+)?UNCONN\s+\d+\s+\d+\s+(4|tcpdiag):(?!0\s|kernel)/.test(l))
    .map((l) => l.replace(/\s+/g, ' ').trimEnd())
    .join('\n');
}

describe('cli: linux-netlink ss (kernel)', function () {
  this.timeout(30000 * SLOWDOWN);
  const fixture = withSockets();
  before(function () {
    if (!fixture.value) this.skip();
    if (!hasNsenter) skipWithReason(this, 'needs nsenter (util-linux) to run ss in the namespace');
  });

  // The command runs in this process (as the bin would run it), so the suite stays cheap.
  const ours = async (args: string[]): Promise<string> => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (d: Buffer) => chunks.push(d));
    const code = await run(['-n', fixture.value.ns.name, 'ss', ...args], { stdout, stderr });
    assert.equal(code, 0, (stderr.read() ?? '').toString());
    return Buffer.concat(chunks).toString();
  };
  const theirs = (args: string[]) =>
    execFileSync('nsenter', [`--net=${fixture.value.ns.path}`, 'ss', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  const exact: string[][] = [
    ['-tan'],
    ['-ta'],
    ['-t'],
    ['-tln'],
    ['-uan'],
    ['-ua'],
    ['-xa'],
    ['-x'],
    ['-xae'],
    ['-xam'],
    ['-xap'],
    ['-tanH'],
    ['-ntaeo'],
    ['-tanm'],
    ['-tanp'],
    ['-tnaO'],
    ['-4an'],
    ['-6an'],
    ['-wan'],
    ['-tan', '--tos', '-e'],
    ['-tn', 'state', 'listening'],
    ['-tn', 'state', 'established', 'exclude', 'listening'],
    ['-tna', 'sport', '=', ':5001'],
    ['-tna', '(', 'dport', '=', ':5001', 'or', 'sport', '=', ':5001', ')'],
    ['-tna', 'dst', '127.0.0.1'],
    ['-tna', 'src', '[::1]'],
    ['-tna', 'sport', '>', ':5002'],
    ['-tna', 'not', 'sport', '>=', ':5003'],
    ['-tanoi'],
    ['-tan', 'sport', '=', ':5001', 'and', 'dport', '!=', ':0'],
    [],
  ];
  for (const args of exact) {
    // With timers (-o) or TCP info (-i), a value's width can change between the two runs, and with it the padding
    // of its column: there the lines are compared with runs of spaces collapsed.
    const timed = args.some((a) => /^-[a-zA-Z]*[oi]/.test(a));
    const same = (text: string) => (timed ? stable(text).replace(/ +/g, ' ') : stable(text));
    it(`prints what ss ${args.join(' ')} prints, line for line`, async () => {
      assert.equal(same(await ours(args)), same(theirs(args)));
    });
  }

  for (const args of [['-an'], ['-a'], ['-nA', 'netlink', '-a'], ['-0a'], ['-l']]) {
    it(`prints the sockets ss ${args.join(' ')} prints (netlink: each tool's own socket aside)`, async () => {
      assert.equal(withoutOwnDiagSocket(stable(await ours(args))), withoutOwnDiagSocket(stable(theirs(args))));
    });
  }

  it('-j prints the same sockets as a JSON array with snake_case fields', async () => {
    const text = theirs(['-tanH']).trim().split('\n');
    const json = JSON.parse(await ours(['-tanj'])) as Array<Record<string, unknown>>;
    assert.equal(json.length, text.length);
    json.forEach((s, i) => {
      const [state, recvQ, sendQ, local, peer] = text[i].trim().split(/\s+/);
      assert.equal(s.state, state);
      assert.equal(s.recv_q, Number(recvQ));
      assert.equal(s.send_q, Number(sendQ));
      assert.equal(local.endsWith(`:${s.local_port}`), true, `${local} ${String(s.local_port)}`);
      assert.equal(peer.endsWith(`:${s.peer_port === 0 ? '*' : s.peer_port}`), true);
    });
    const detailed = JSON.parse(await ours(['-tanjeimp', 'state', 'established', 'sport', '=', ':5001'])) as Array<Record<string, any>>;
    assert.equal(detailed.length, 1);
    const s = detailed[0];
    assert.equal(s.recv_q, 1000);
    assert.equal(typeof s.inode, 'number');
    assert.equal(s.tcp_info.bytes_received, 1000);
    assert.equal(typeof s.skmem.rmem_alloc, 'number');
    assert.equal(typeof s.congestion, 'string');
    assert.deepEqual(s.users.map((u: { pid: number }) => u.pid), [fixture.value.child.pid]);
  });

  it('-K closes the sockets the filter selects and prints them', async () => {
    const victim = fixture.value.child.victimPort;
    const before = await ours(['-tnH', 'sport', '=', `:${victim}`]);
    assert.match(before, /ESTAB/);
    const killed = await ours(['-tnHK', 'sport', '=', `:${victim}`]);
    assert.equal(killed, before);
    assert.equal(await ours(['-tnH', 'state', 'established', 'sport', '=', `:${victim}`]), '');
  });

  it('reads /proc when told to (--source=proc), with the same sockets', async () => {
    const proc = await ours(['-tnH', '--source=proc', 'state', 'established']);
    assert.equal(proc, await ours(['-tnH', 'state', 'established']));
  });

  it('says what is wrong with a bad command line (the installed command, exit code 1)', () => {
    assert.throws(() => execFileSync(process.execPath, [BIN, 'ss', '-t', 'state', 'nonsense'], { stdio: 'pipe' }), (err: { status: number; stderr: Buffer }) => {
      assert.equal(err.status, 1);
      assert.match(err.stderr.toString(), /wrong state name: nonsense/);
      return true;
    });
    assert.throws(() => execFileSync(process.execPath, [BIN, 'ss', '-t', 'sport', '=', ':99999'], { stdio: 'pipe' }), (err: { status: number; stderr: Buffer }) => {
      assert.equal(err.status, 1);
      assert.match(err.stderr.toString(), /does not look like a port/);
      return true;
    });
  });
});

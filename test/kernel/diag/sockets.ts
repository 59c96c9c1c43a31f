// A namespace with the sockets of child.ts in it, for the diag kernel tests: started in before(), ended after.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DiagClient } from '../../../lib/diag';
import { SLOWDOWN, TestNetns, skipUnlessRoot } from '../../helpers/netns';

export interface ChildSockets {
  pid: number;
  client4Port: number;
  client6Port: number;
  victimPort: number;
  abstract: string;
  /** The abstract listener's inode (from fstat), to find it whatever name this Node bound. */
  abstractInode: number;
}

export interface SocketsFixture {
  ns: TestNetns;
  child: ChildSockets;
  dir: string;
}

/** Declares, for the enclosing suite, a namespace holding the child's sockets. */
export function withSockets(): { readonly value: SocketsFixture } {
  const holder = { value: undefined as unknown as SocketsFixture };
  let proc: ChildProcess | undefined;
  let ns: TestNetns | undefined;
  let dir: string | undefined;
  before(async function () {
    skipUnlessRoot(this, 'needs root to create a network namespace');
    this.timeout(20000 * SLOWDOWN);
    ns = new TestNetns('lnl-diag');
    dir = mkdtempSync(join(tmpdir(), 'lnl-diag-'));
    proc = spawn('ip', ['netns', 'exec', ns.name, process.execPath, join(__dirname, 'child.js'), dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      proc!.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n')) resolve(text.split('\n')[0]);
      });
      proc!.once('exit', (code) => reject(new Error(`the socket child exited (${code})`)));
    });
    holder.value = { ns, child: JSON.parse(line) as ChildSockets, dir };
  });
  after(async () => {
    await stopChild(proc);
    ns?.delete();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return holder;
}

/** Ends a socket child (it exits when its stdin closes) and waits for it; nothing to do if it has exited. */
export async function stopChild(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.stdin!.end();
  await exited;
}

/** The lines `ss -nH ARGS` prints inside the namespace, without ss's detail lines (those start with a tab). */
export function ssOutput(ns: string, args: string[]): string[] {
  return execFileSync('ip', ['netns', 'exec', ns, 'ss', '-nH', ...args], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('\t'));
}

/** The child's sockets (withSockets) and a DiagClient opened in their namespace, for the enclosing suite. */
export function withSocketsAndClient(): { readonly fixture: SocketsFixture; readonly client: DiagClient } {
  const sockets = withSockets();
  const holder = { client: undefined as unknown as DiagClient };
  before(function () {
    if (!sockets.value) this.skip();
    holder.client = DiagClient.open({ netns: sockets.value.ns.name });
  });
  after(() => holder.client?.close());
  return {
    get fixture() {
      return sockets.value;
    },
    get client() {
      return holder.client;
    },
  };
}

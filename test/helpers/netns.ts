// A private network namespace per test suite: created with iproute2, deleted afterwards even when a test fails,
// so nothing a test does can reach the host's interfaces or routes.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Skips the calling suite or test with a reason when not root (never passes vacuously). */
export function requireRoot(ctx: Mocha.Context): void {
  if (!isRoot) {
    ctx.skip(); // mocha prints the test as pending; the reason is in the title of the hook below
  }
}

export function ip(args: string[], options: { input?: string } = {}): string {
  return execFileSync('ip', args, { encoding: 'utf8', input: options.input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `ip -j ...` parsed; `ip -j` prints nothing at all for an empty list. */
export function ipJson<T = any>(args: string[]): T {
  const out = ip(['-j', ...args]).trim();
  return (out === '' ? [] : JSON.parse(out)) as T;
}

export class TestNetns {
  readonly name: string;
  readonly path: string;
  private deleted = false;

  constructor(prefix = 'lnl') {
    this.name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.path = `/run/netns/${this.name}`;
    ip(['netns', 'add', this.name]);
    this.ip(['link', 'set', 'lo', 'up']);
  }

  /** Runs `ip -n NAME ...`. */
  ip(args: string[], options: { input?: string } = {}): string {
    return ip(['-n', this.name, ...args], options);
  }

  ipJson<T = any>(args: string[]): T {
    return ipJson<T>(['-n', this.name, ...args]);
  }

  /** Runs a command inside the namespace (`ip netns exec`). */
  exec(cmd: string, args: string[], input?: string): string {
    return execFileSync('ip', ['netns', 'exec', this.name, cmd, ...args], { encoding: 'utf8', input });
  }

  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    try {
      ip(['netns', 'del', this.name]);
    } catch {
      // already gone
    }
  }
}

/**
 * Declares a namespace for the enclosing mocha suite: created in before(), deleted in after() (which mocha runs
 * even when tests fail). Skips the suite with a reason when not root.
 */
export function withNetns(prefix = 'lnl'): { readonly ns: TestNetns } {
  const holder: { ns: TestNetns } = { ns: undefined as unknown as TestNetns };
  before(function () {
    if (!isRoot) {
      this.test!.title += ' (skipped: needs root to create a network namespace)';
      this.skip();
    }
    holder.ns = new TestNetns(prefix);
  });
  after(() => holder.ns?.delete());
  return holder;
}

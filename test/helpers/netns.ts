// A private network namespace per test suite: created with iproute2, deleted afterwards even when a test fails,
// so nothing a test does can reach the host's interfaces or routes.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Skips the calling test (or, from a hook, its whole suite) when not root. The reason goes into the titles the
 * reporter prints, so a skip is never silent.
 */
export function skipUnlessRoot(ctx: Mocha.Context, why = 'needs root'): void {
  if (!isRoot) skipWithReason(ctx, why);
}

/** Skips the calling test (or, from a hook, its whole suite), printing `why` with every test it skips. */
export function skipWithReason(ctx: Mocha.Context, why: string): never {
  const runnable = ctx.test as (Mocha.Runnable & { type?: string }) | undefined;
  const mark = (t: Mocha.Runnable) => {
    if (!t.title.includes('(skipped: ')) t.title += ` (skipped: ${why})`;
  };
  // From a hook, the suite's header is already printed: every test below it carries the reason instead.
  const markSuite = (suite: Mocha.Suite): void => {
    suite.tests.forEach(mark);
    suite.suites.forEach(markSuite);
  };
  if (runnable?.type === 'hook' && runnable.parent) markSuite(runnable.parent);
  else if (runnable) mark(runnable);
  return ctx.skip();
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
    skipUnlessRoot(this, 'needs root to create a network namespace');
    holder.ns = new TestNetns(prefix);
  });
  after(() => holder.ns?.delete());
  return holder;
}

/**
 * How much slower than this host the machine running the tests is: the emulated ARM1176 of the QEMU guest runs
 * 20-50 times slower, so time limits on child processes and hooks scale by this factor there.
 */
export const SLOWDOWN = process.env.LINUX_NETLINK_QEMU_GUEST === '1' ? 10 : 1;

// Runs a fixture script (compiled next to this file under fixtures/) in a child node process.
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { SLOWDOWN } from '../../helpers/netns';

export function fixturePath(name: string): string {
  return path.join(__dirname, 'fixtures', `${name}.js`);
}

/** Runs the fixture to completion and parses the JSON it prints last. Throws with its stderr on failure. */
export function runFixture<T = any>(name: string, args: string[] = [], nodeFlags: string[] = []): T {
  const out = execFileSync(process.execPath, [...nodeFlags, fixturePath(name), ...args], {
    encoding: 'utf8',
    timeout: 20000 * SLOWDOWN,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Runs the fixture and reports how it ended, without judging. */
export function spawnFixture(name: string, args: string[] = [], timeoutMs = 10000): { status: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, [fixturePath(name), ...args], { encoding: 'utf8', timeout: timeoutMs * SLOWDOWN });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, timedOut };
}

/** Workers started and terminated per worker test: each start takes seconds on the emulated BMC. */
export const WORKER_ROUNDS = SLOWDOWN > 1 ? 6 : 20;

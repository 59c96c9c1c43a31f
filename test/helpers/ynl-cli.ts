// The kernel's own YNL CLI (tools/net/ynl/cli.py from Debian's linux-source-6.12), an independent oracle for
// any spec'd family. scripts/genl-test-tools.sh unpacks it; tests skip with a reason when it is absent.
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

/** Where scripts/genl-test-tools.sh puts tools/net/ynl (or $LINUX_NETLINK_YNL). */
export const YNL_DIR = process.env.LINUX_NETLINK_YNL ?? join(homedir(), '.cache/linux-netlink/ynl-6.12');

/** Why the YNL CLI cannot run here, or undefined when it can. */
export function ynlMissing(): string | undefined {
  if (!existsSync(join(YNL_DIR, 'cli.py'))) return `the kernel's YNL CLI is not unpacked at ${YNL_DIR} (run scripts/genl-test-tools.sh)`;
  try {
    execFileSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
  } catch {
    return 'python3 with the yaml module (python3-yaml) is not installed';
  }
  return undefined;
}

/** Runs cli.py inside `netns` with a vendored spec; returns its parsed --output-json. */
export function ynlCli(netns: string, spec: string, args: string[]): unknown {
  const specFile = join(__dirname, '../../../specs/kernel', `${spec}.yaml`);
  const out = execFileSync('ip', ['netns', 'exec', netns, 'python3', join(YNL_DIR, 'cli.py'), '--no-schema', '--spec', specFile, ...args, '--output-json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
  return out === '' || out === 'None' ? undefined : JSON.parse(out);
}

/** Flag lists come out of YNL as Python sets, in no fixed order: sorted, the two can be compared. */
export function sortedFlags(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(sortedFlags);
    return items.every((x) => typeof x === 'string') ? [...(items as string[])].sort() : items;
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortedFlags(x)]));
  return v;
}

// On a kernel built from a stock configuration (the QEMU suite's --stock-config and --image), link kinds such as
// veth, bridge, macvlan, vxlan, dummy and nlmon may be missing, as on real BMCs. A test whose set-up creates one
// then fails with "Unknown device type". Under such a kernel only, these failures become skips that name the
// missing kind; everywhere else they stay failures.
import { skipWithReason } from './netns';

const CONFIG: Record<string, string> = {
  veth: 'CONFIG_VETH',
  bridge: 'CONFIG_BRIDGE',
  macvlan: 'CONFIG_MACVLAN',
  vxlan: 'CONFIG_VXLAN',
  dummy: 'CONFIG_DUMMY',
  nlmon: 'CONFIG_NLMON',
  vlan: 'CONFIG_VLAN_8021Q',
};
const EOPNOTSUPP = 95;

/** The reason to skip for, when `err` says the kernel does not know a link kind; undefined otherwise. */
export function missingLinkKind(err: unknown): string | undefined {
  const e = err as { message?: unknown; errno?: unknown; stderr?: unknown } | null;
  const text = `${String(e?.message ?? '')}\n${String(e?.stderr ?? '')}`;
  // iproute2: `Error: Unknown device type.`; the library: NetlinkError EOPNOTSUPP with the same ext-ack text.
  const fromIp = /Unknown device type/.test(text) && /Command failed: ip /.test(text);
  const fromLibrary = e?.errno === EOPNOTSUPP && /Unknown device type/.test(text);
  if (!fromIp && !fromLibrary) return undefined;
  const kinds = [...text.matchAll(/\btype (\w+)|\bkind[=: '"]+(\w+)/g)].map((m) => m[1] ?? m[2]).filter((k) => k in CONFIG);
  const kind = kinds[0];
  return kind === undefined
    ? 'this kernel lacks a link kind the test needs (stock configuration)'
    : `this kernel lacks ${kind} links (${CONFIG[kind]}, not in the stock configuration)`;
}

type Fn = (this: Mocha.Context, ...args: unknown[]) => unknown;

const MISSING = Symbol('missing link kind');
type Marked = Mocha.Suite & { [MISSING]?: string };

/** The reason an earlier test or hook of this suite (or of a suite around it) skipped for, if any. */
function missingInSuite(suite: Mocha.Suite | undefined): string | undefined {
  for (let s = suite as Marked | undefined; s !== undefined; s = s.parent as Marked | undefined) if (s[MISSING] !== undefined) return s[MISSING];
  return undefined;
}

function guard(runnable: Mocha.Runnable): void {
  const fn = runnable.fn as Fn | undefined;
  // Callback-style runnables (done) are left alone: none of the kernel tests use them.
  if (fn === undefined || fn.length > 0) return;
  const isAfterHook = (runnable as Mocha.Runnable & { type?: string }).type === 'hook' && /^"after/.test(runnable.title);
  runnable.fn = function (this: Mocha.Context) {
    // The tests of a suite build on each other's links: once one could not be made, the rest are skipped too
    // (after-hooks still run: they clean up).
    const earlier = missingInSuite(runnable.parent);
    if (earlier !== undefined && !isAfterHook) skipWithReason(this, `${earlier}; an earlier step of this suite needed them`);
    const skipIfMissing = (err: unknown): never => {
      const why = missingLinkKind(err);
      if (why !== undefined && !isAfterHook) {
        (runnable.parent as Marked)[MISSING] = why;
        skipWithReason(this, why);
      }
      throw err;
    };
    try {
      const result = fn.call(this) as Promise<unknown> | undefined;
      return result && typeof result.then === 'function' ? result.then(undefined, skipIfMissing) : result;
    } catch (err) {
      return skipIfMissing(err);
    }
  } as Mocha.Func;
}

/** Guards every test and hook under `suite` (call it from a root before-all hook, with the root suite). */
export function skipWhereLinkKindsAreMissing(suite: Mocha.Suite): void {
  const hooks = suite as unknown as Record<'_beforeAll' | '_beforeEach' | '_afterAll' | '_afterEach', Mocha.Hook[]>;
  for (const list of [hooks._beforeAll, hooks._beforeEach, hooks._afterAll, hooks._afterEach]) (list ?? []).forEach(guard);
  suite.tests.forEach(guard);
  suite.suites.forEach(skipWhereLinkKindsAreMissing);
}

// `npm run fuzz [-- --seconds N] [--count N] [--seed N] [--sample-every N] [--fresh-every N]`: mutated real
// datagrams and random bytes through every public decoder (see ./harness.ts for what is checked). The corpus:
// the rtnetlink dumps captured from this kernel in a private namespace (test/fixtures/route/*.hex), and uevents
// captured now in a private namespace (links added, renamed, enslaved and deleted, a synthetic event), as the kernel broadcasts them
// and re-framed in udev's format. Exits 1 when anything but a typed error came out, a well-formed input did not
// round-trip, or a result depended on what was decoded before. Not part of `npm test`: CI runs it for a bounded
// time after the suite.
import { execFileSync } from 'child_process';
import { join } from 'path';
import { runFuzz } from './harness';
import { buildTargets, Corpus, load, loadFresh } from './targets';
import { captureSockets } from './capture-sockets';
import { readCaptured } from '../unit/route/fixtures';
import { kernelDatagram, udevDatagram } from '../unit/uevent/wire';

const LIB = join(__dirname, '..', '..', 'lib');

interface Arguments {
  seconds?: number;
  count?: number;
  seed: number;
  sampleEvery?: number;
  freshEvery?: number;
}

function parseArguments(argv: string[]): Arguments {
  const out: Arguments = { seed: Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 0x7fffffff) };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number, got ${argv[i]}`);
    if (name === '--seconds') out.seconds = value;
    else if (name === '--count') out.count = value;
    else if (name === '--seed') out.seed = value >>> 0;
    else if (name === '--sample-every') out.sampleEvery = value;
    else if (name === '--fresh-every') out.freshEvery = value;
    else throw new Error(`unknown option ${name} (known: --seconds, --count, --seed, --sample-every, --fresh-every)`);
  }
  if (out.seconds === undefined && out.count === undefined) out.count = 1_000_000;
  return out;
}

/** Uevents the kernel broadcasts in a private namespace while links come and go (root only). */
async function captureUevents(lib: ReturnType<typeof load>): Promise<Buffer[]> {
  if (process.getuid?.() !== 0) return [];
  const ns = `lnl-fuzz-${process.pid}`;
  const ip = (...args: string[]) => execFileSync('ip', ['-n', ns, ...args], { stdio: 'ignore' });
  execFileSync('ip', ['netns', 'add', ns]);
  const captured: Buffer[] = [];
  try {
    const monitor = lib.uevent.UeventMonitor.open({ netns: ns, raw: true, receiveThread: false });
    monitor.on('uevent', (e) => e.raw !== undefined && captured.push(Buffer.from(e.raw)));
    try {
      ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
      ip('link', 'add', 'br0', 'type', 'bridge');
      ip('link', 'set', 'v1', 'master', 'br0');
      ip('link', 'add', 'mv0', 'link', 'v0', 'type', 'macvlan', 'mode', 'bridge');
      ip('link', 'add', 'ifb0', 'type', 'ifb');
      ip('link', 'set', 'ifb0', 'name', 'ifbzero');
      ip('link', 'set', 'v0', 'up');
      // A synthetic event with arguments: SYNTH_UUID and SYNTH_ARG_* properties.
      execFileSync('ip', ['netns', 'exec', ns, 'sh', '-c', 'echo "change 3f2504e0-4f89-11d3-9a0c-0305e82c3301 A=1 LONGER=xyz" > /sys/class/net/lo/uevent']);
      ip('link', 'del', 'mv0');
      ip('link', 'del', 'v0');
      ip('link', 'del', 'br0');
      ip('link', 'del', 'ifbzero');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      monitor.close();
    }
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
  return captured;
}

async function main(): Promise<number> {
  // Decode errors are Error objects: without stack traces they cost a fraction, and none is printed.
  Error.stackTraceLimit = 0;
  const args = parseArguments(process.argv.slice(2));
  const lib = load(LIB);
  const route = {
    link: readCaptured('link'),
    address: readCaptured('address'),
    route: readCaptured('route'),
    neighbour: readCaptured('neighbour'),
    rule: readCaptured('rule'),
  };
  let kernelUevents = await captureUevents(lib);
  const live = kernelUevents.length > 0;
  if (!live) {
    // Not root: uevents built to the kernel's format (lib/kobject_uevent.c) instead of captured ones.
    kernelUevents = ['add', 'remove', 'move'].map((action, i) =>
      kernelDatagram(action, `/devices/virtual/net/d${i}`, [['SUBSYSTEM', 'net'], ['INTERFACE', `d${i}`], ['IFINDEX', String(i + 2)]], String(4000 + i)),
    );
  }
  const udevUevents = kernelUevents.map((d) => {
    const text = d.toString('latin1');
    const entries = text.slice(text.indexOf('\0') + 1).split('\0').filter((e) => e.includes('='));
    return udevDatagram(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  });
  const sockets = await captureSockets(lib);
  const corpus: Corpus = { route, kernelUevents, udevUevents, sockets };
  const counts = Object.entries(route).map(([k, v]) => `${v.length} ${k}`).join(', ');
  const command = `npm run fuzz -- ${args.seconds !== undefined ? `--seconds ${args.seconds} ` : ''}${args.count !== undefined ? `--count ${args.count} ` : ''}--seed ${args.seed}`;
  console.log(`fuzz: seed ${args.seed} (repeat with: ${command})`);
  console.log(`fuzz: corpus ${counts} messages (test/fixtures/route), ${kernelUevents.length} uevents (${live ? 'captured now in a private namespace' : 'built: not root'})`);
  const socketCounts = `${sockets.inet.length} inet, ${sockets.unix.length} unix, ${sockets.netlink.length} netlink, ${sockets.packet.length} packet`;
  console.log(`fuzz: corpus ${socketCounts} sockets (sock_diag), ${sockets.proc.length} /proc/net tables, ${sockets.fib.length} FIB lookups (captured now)`);
  let nextReport = 100_000;
  const report = runFuzz({
    seed: args.seed,
    count: args.count,
    seconds: args.seconds,
    sampleEvery: args.sampleEvery,
    freshEvery: args.freshEvery,
    targets: buildTargets(lib, corpus),
    freshTargets: () => buildTargets(loadFresh(LIB), corpus),
    progress: (n) => {
      if (n >= nextReport) {
        console.error(`fuzz: ${n.toLocaleString('en')} inputs`);
        nextReport = n + 100_000;
      }
    },
  });
  const seconds = (report.elapsedMs / 1000).toFixed(1);
  console.log(`fuzz: ${report.inputs.toLocaleString('en')} inputs (${report.random.toLocaleString('en')} random) in ${seconds} s`);
  for (const [name, n] of Object.entries(report.perTarget)) console.log(`  ${name.padEnd(28)} ${n.toLocaleString('en')}`);
  console.log(`fuzz: typed errors ${report.typedErrors.toLocaleString('en')}, untyped errors or throws ${report.untyped}`);
  console.log(`fuzz: well-formed round trips checked ${report.roundTripsChecked.toLocaleString('en')}, failed ${report.roundTripFailures}`);
  console.log(
    `fuzz: (information) sampled mutated inputs that decoded without errors and were re-encoded: ${report.mutatedReencoded.toLocaleString('en')}, of which differ from their bytes: ${report.mutatedDifferences.toLocaleString('en')}`,
  );
  console.log(
    `fuzz: history checks ${report.historyChecks.toLocaleString('en')} (after other inputs) + ${report.freshChecks.toLocaleString('en')} (fresh decoders), effects ${report.historyEffects}`,
  );
  for (const f of report.failures) console.log(`FAIL ${f.kind} ${f.target}: ${f.detail}\n  input ${f.input}`);
  console.log(report.ok ? 'fuzz: OK' : `fuzz: FAILED (${command})`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);

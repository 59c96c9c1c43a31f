#!/usr/bin/env node
'use strict';
// Route benchmarks: dump and lookup, each contender a whole process, run side by side and interleaved in one run,
// reported as medians and ratios to the C/libmnl floor. See bench/README.md. Needs root, gcc, libmnl-dev,
// iproute2, GNU time (/usr/bin/time) and a built library (dist/).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BenchNetns } = require('./netns-routes');
const { summarizeProfile } = require('./profile-summary');

const TABLE = 100;
const here = __dirname;
const libraryEntry = path.join(here, '..', '..', 'dist', 'lib', 'main.js');
const cliEntry = path.join(here, '..', '..', 'bin', 'linux-netlink.js');

function parseArguments(argv) {
  const options = {
    sizes: [100000, 1000000],
    rounds: { 100000: 7, 1000000: 3 },
    defaultRounds: 5,
    lookups: 10000,
    lookupRounds: 7,
    profile: false,
    skipLibrary: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i].split(',').map(Number);
    else if (arg === '--rounds') {
      const n = Number(argv[++i]);
      options.rounds = {};
      options.defaultRounds = n;
      options.lookupRounds = n;
    } else if (arg === '--lookups') options.lookups = Number(argv[++i]);
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--skip-library') options.skipLibrary = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: node bench/route/run.js [--sizes 100000,1000000] [--rounds N] [--lookups N] [--profile] [--skip-library]
  --profile        also run each library contender once under node --cpu-prof and print where its time goes
  --skip-library   only the C floor, ip and node start-up (before the library is built)`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes: positive integers');
  return options;
}

function buildC(outDir) {
  const binaries = {};
  for (const name of ['route-dump', 'route-lookup', 'route-lookup-inflight']) {
    const output = path.join(outDir, name);
    const gcc = spawnSync('gcc', ['-O2', '-Wall', '-o', output, path.join(here, 'c', `${name}.c`), '-lmnl'], { encoding: 'utf8' });
    if (gcc.status !== 0) throw new Error(`building ${name} failed (is libmnl-dev installed?):\n${gcc.stderr}`);
    binaries[name] = output;
  }
  return binaries;
}

/** Runs one contender to completion; wall time in ms, measured around the whole process. */
function timeProcess(argv, { discardStdout = false } = {}) {
  const devNull = discardStdout ? fs.openSync('/dev/null', 'w') : undefined;
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', discardStdout ? devNull : 'pipe', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (devNull !== undefined) fs.closeSync(devNull);
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr}`);
  return { ms, stdout: result.stdout ?? '' };
}

/** Peak resident set (MiB) of one run, from GNU time's maximum RSS. */
function peakRssMiB(argv) {
  const report = path.join(os.tmpdir(), `lnl-bench-time-${process.pid}`);
  const devNull = fs.openSync('/dev/null', 'w');
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', report, ...argv], { stdio: ['ignore', devNull, 'pipe'] });
  fs.closeSync(devNull);
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  const kib = Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop());
  fs.unlinkSync(report);
  return kib / 1024;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function countIpJsonRoutes(ns) {
  const result = spawnSync('ip', ['-n', ns.name, '-j', 'route', 'show', 'table', String(TABLE)], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return (result.stdout.match(/"dst":/g) || []).length;
}

function expectCount(label, stdout, expected) {
  const count = Number(stdout.trim().split(/\s+/)[0]);
  if (count !== expected) throw new Error(`${label} counted ${stdout.trim()} routes, expected ${expected}`);
}

function runDumps(ns, size, rounds, binaries, withLibrary) {
  const contenders = [
    { label: 'C libmnl (floor)', argv: [binaries['route-dump'], ns.name, String(TABLE)], counts: true },
    { label: 'ip -j route show table', argv: ['ip', '-n', ns.name, '-j', 'route', 'show', 'table', String(TABLE)], discardStdout: true },
    { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
  ];
  if (withLibrary) {
    // The library's defaults (receive thread on), then the same without the thread.
    const dump = (mode, thread) => [process.execPath, path.join(here, 'lib-dump.js'), ns.name, String(TABLE), mode, ...(thread ? [thread] : [])];
    contenders.push({ label: 'linux-netlink (stream)', argv: dump('stream'), counts: true, library: true });
    contenders.push({ label: 'linux-netlink (batches)', argv: dump('batches'), counts: true, library: true });
    contenders.push({ label: 'linux-netlink (stream, no thread)', argv: dump('stream', 'nothread'), counts: true, library: true });
    contenders.push({ label: 'linux-netlink (batches, no thread)', argv: dump('batches', 'nothread'), counts: true, library: true });
    // The command-line tool doing what ip -j does (its output is checked against ip's by the CLI tests).
    contenders.push({ label: 'linux-netlink -j route show', argv: [process.execPath, cliEntry, '-n', ns.name, '-j', 'route', 'show', 'table', String(TABLE)], discardStdout: true });
  }
  const ipCount = countIpJsonRoutes(ns);
  if (ipCount !== size) throw new Error(`ip -j listed ${ipCount} routes, expected ${size}`);

  const times = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no contender always runs right after the same other one.
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const c = contenders[i];
      const { ms, stdout } = timeProcess(c.argv, { discardStdout: c.discardStdout });
      if (c.counts) expectCount(c.label, stdout, size);
      times[i].push(ms);
    }
  }
  const floor = median(times[0]);
  const startup = median(times[2]);
  // Ratios are taken round by round (each contender against the C floor and node -e 0 of the same round, run
  // minutes apart at most), then the median: the machine's speed drifts between rounds, and a difference of two
  // medians (the library minus node -e 0) would carry the drift of both.
  const ratio = (i) => median(times[i].map((ms, r) => ms / times[0][r]));
  const ratioMinusStartup = (i) => median(times[i].map((ms, r) => (ms - times[2][r]) / times[0][r]));
  const rows = contenders.map((c, i) => {
    const row = { contender: c.label, 'median ms': median(times[i]).toFixed(1), 'x C': ratio(i).toFixed(2) };
    if (c.argv[0] === process.execPath && i !== 2) row['x C minus node -e 0'] = ratioMinusStartup(i).toFixed(2);
    return row;
  });
  const rss = {};
  if (size >= 1000000) {
    for (const c of contenders) rss[c.label] = peakRssMiB(c.argv).toFixed(1);
  }
  // The library's default (routesStream) decides the targets; the best variant is reported next to it.
  const library = contenders
    .map((c, i) => ({ label: c.label, library: c.library, ratio: ratio(i), minusStartup: ratioMinusStartup(i) }))
    .filter((c) => c.library);
  const bestBy = (key) => (library.length ? library.reduce((a, b) => (b[key] < a[key] ? b : a)) : undefined);
  return { rows, rss, floor, startup, library: library[0], best: bestBy('ratio'), bestMinusStartup: bestBy('minusStartup') };
}

function runLookups(ns, count, rounds, binaries, withLibrary) {
  // 192.168.0.0/16 is on bench0: every lookup resolves; the span keeps the destinations varied.
  const c = [binaries['route-lookup'], ns.name, String(count), '192.168.1.1', '4096'];
  const lib = [process.execPath, path.join(here, 'lib-lookup.js'), ns.name, String(count), '192.168.1.1', '4096'];
  const perQuery = { c: [], lib: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [key, argv] of round % 2 ? [['lib', lib], ['c', c]] : [['c', c], ['lib', lib]]) {
      if (key === 'lib' && !withLibrary) continue;
      const [n, ns_] = timeProcess(argv).stdout.trim().split(/\s+/).map(Number);
      if (n !== count) throw new Error(`${argv[1]} did ${n} lookups, expected ${count}`);
      perQuery[key].push(ns_ / n / 1000);
    }
  }
  const result = { c: median(perQuery.c) };
  if (withLibrary) {
    result.lib = median(perQuery.lib);
    // Per round, like the dumps: each library loop against the C loop run next to it.
    result.ratio = median(perQuery.lib.map((us, r) => us / perQuery.c[r]));
    const inflight = [];
    const inflightC = [];
    for (let round = 0; round < rounds; round++) {
      const argv = [process.execPath, path.join(here, 'lib-inflight.js'), ns.name, String(count), '192.168.1.1', '4096'];
      const [n, ns_] = timeProcess(argv).stdout.trim().split(/\s+/).map(Number);
      if (n !== count) throw new Error(`lib-inflight did ${n} lookups, expected ${count}`);
      inflight.push(ns_);
      const [nc, nsC] = timeProcess([binaries['route-lookup-inflight'], ns.name, String(count), '192.168.1.1', '4096']).stdout.trim().split(/\s+/).map(Number);
      if (nc !== count) throw new Error(`route-lookup-inflight did ${nc} lookups, expected ${count}`);
      inflightC.push(nsC);
    }
    result.inflightPerSecondC = count / (median(inflightC) / 1e9);
    result.inflightPerSecond = count / (median(inflight) / 1e9);
  }
  return result;
}

function profileLibrary(ns, size) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lnl-bench-prof-'));
  const runs = [
    ['dump', [path.join(here, 'lib-dump.js'), ns.name, String(TABLE), 'stream']],
    ['lookup', [path.join(here, 'lib-lookup.js'), ns.name, '10000', '192.168.1.1', '4096']],
  ];
  for (const [label, args] of runs) {
    const before = new Set(fs.readdirSync(dir));
    timeProcess([process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, ...args]);
    const file = fs.readdirSync(dir).find((f) => !before.has(f));
    console.log(`\nWhere the library's ${label} spends its time (${label === 'dump' ? `${size} routes` : '10000 lookups'}; self time, top 15; profile ${path.join(dir, file)}):`);
    console.table(summarizeProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), 15));
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (process.getuid() !== 0) throw new Error('the route benchmarks need root (they create a network namespace)');
  const withLibrary = !options.skipLibrary && fs.existsSync(libraryEntry);
  if (!withLibrary && !options.skipLibrary) console.log(`(library not built: ${libraryEntry} is missing; running the other contenders only)`);

  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lnl-bench-c-'));
  const binaries = buildC(buildDir);
  const ns = new BenchNetns();
  const cleanUp = () => {
    ns.delete();
    fs.rmSync(buildDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    console.log(`node ${process.version}, ${os.cpus().length} CPUs, kernel ${os.release()}; netns ${ns.name}`);
    const summary = [];
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      const t0 = Date.now();
      ns.fillTable(TABLE, size);
      console.log(`\n== route dump, ${size} routes in table ${TABLE} (filled in ${((Date.now() - t0) / 1000).toFixed(1)} s) ==`);
      const rounds = options.rounds[size] ?? options.defaultRounds;
      const dump = runDumps(ns, size, rounds, binaries, withLibrary);
      console.table(dump.rows);
      if (Object.keys(dump.rss).length) console.log('peak RSS (MiB):', dump.rss);
      if (dump.library !== undefined) summary.push({ size, ...dump });
      if (options.profile && withLibrary && size === Math.max(...options.sizes)) profileLibrary(ns, size);
    }

    console.log(`\n== route lookups, ${options.lookups} sequential on one socket (routes in table ${TABLE}: ${ns.routes}) ==`);
    const lookups = runLookups(ns, options.lookups, options.lookupRounds, binaries, withLibrary);
    const rows = [{ contender: 'C libmnl (floor)', 'µs/query': lookups.c.toFixed(2), 'x C': '1.00' }];
    if (lookups.lib !== undefined) {
      rows.push({ contender: 'linux-netlink getRoute', 'µs/query': lookups.lib.toFixed(2), 'x C': lookups.ratio.toFixed(2) });
    }
    console.table(rows);
    if (lookups.inflightPerSecond !== undefined) {
      console.log(`${options.lookups} getRoute calls in flight at once: ${Math.round(lookups.inflightPerSecond)} lookups/s ` +
        `(${(1e6 / lookups.inflightPerSecond).toFixed(2)} µs each); C with all ${options.lookups} requests sent before reading: ` +
        `${Math.round(lookups.inflightPerSecondC)}/s (${(lookups.inflightPerSecondC / lookups.inflightPerSecond).toFixed(2)}x ours); ` +
        `C sequential ${(1e6 / lookups.c).toFixed(0)}/s`);
    }

    if (summary.length || lookups.lib !== undefined) {
      console.log('\n== targets ==');
      for (const s of summary) {
        if (s.size >= 1000000) {
          const ratio = s.library.ratio;
          console.log(`${s.size} routes whole process: ${ratio.toFixed(2)}x C (target <= 2, aim 1.5) ${ratio <= 2 ? 'MET' : 'MISSED'}` +
            ` (best: ${s.best.label} ${s.best.ratio.toFixed(2)}x)`);
          const rss = Number(s.rss['linux-netlink (stream)']);
          console.log(`${s.size} routes streaming peak RSS: ${rss.toFixed(1)} MiB (target < 150) ${rss < 150 ? 'MET' : 'MISSED'}` +
            ` (best: ${s.best.label} ${s.rss[s.best.label]} MiB)`);
        } else {
          const ratio = s.library.minusStartup;
          console.log(`${s.size} routes minus node start-up: ${ratio.toFixed(2)}x C (target <= 2) ${ratio <= 2 ? 'MET' : 'MISSED'}` +
            ` (best: ${s.bestMinusStartup.label} ${s.bestMinusStartup.minusStartup.toFixed(2)}x)`);
        }
      }
      if (lookups.lib !== undefined) {
        const ratio = lookups.ratio;
        console.log(`lookups: ${ratio.toFixed(2)}x C per query (target <= 2) ${ratio <= 2 ? 'MET' : 'MISSED'}`);
      }
    }
  } finally {
    cleanUp();
  }
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}

#!/usr/bin/env node
'use strict';
// Socket listing benchmark: 10,000 and 100,000 TCP sockets in a private namespace (held by several processes: one
// may hold at most 20,000 files here), listed by a C/libmnl inet_diag loop (the floor), the library in-process
// (sock_diag, and its /proc/net fallback), `linux-netlink ss -tan` and iproute2's `ss -tan` (whole processes).
// Rounds interleave the contenders; the report gives medians and ratios. See bench/README.md. Needs root, gcc,
// libmnl-dev, iproute2 and a built library (npm run build).
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const here = __dirname;
const cli = path.join(here, '..', '..', 'bin', 'linux-netlink.js');
const PER_PROCESS = 9000; // connections per holder: 18,001 sockets, under the 20,000-file limit

function parseArguments(argv) {
  const options = { sizes: [10000, 100000], rounds: 5 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') options.sizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node bench/diag/run.js [--sizes 10000,100000] [--rounds 5]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]} (try --help)`);
  }
  return options;
}

function buildC(dir) {
  for (const [name, libs] of [['sockets', []], ['inet-dump', ['-lmnl']]]) {
    execFileSync('gcc', ['-O2', '-Wall', '-o', path.join(dir, name), path.join(here, 'c', `${name}.c`), ...libs], { stdio: 'inherit' });
  }
}

/** Starts holders until `total` sockets exist in the namespace; resolves with them (end them with stop()). */
async function holdSockets(bin, netns, total) {
  const holders = [];
  let made = 0;
  for (let port = 61000; made < total; port++) {
    const connections = Math.min(PER_PROCESS, Math.ceil((total - made - 1) / 2));
    const child = spawn(bin, [netns, String(port), String(connections)], { stdio: ['pipe', 'pipe', 'inherit'] });
    holders.push(child);
    const line = await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
        if (text.includes('\n')) resolve(text.trim());
      });
      child.once('exit', (code) => reject(new Error(`socket holder exited with ${code}`)));
    });
    made += Number(line.split(' ')[1]);
  }
  return { holders, made, stop: () => Promise.all(holders.map((h) => new Promise((r) => (h.exitCode !== null ? r() : (h.once('exit', r), h.stdin.end()))))) };
}

function wholeProcess(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return { ms, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

async function benchSize(bins, size, rounds) {
  const netns = `lnl-bench-diag-${process.pid}`;
  execFileSync('ip', ['netns', 'add', netns]);
  let held;
  try {
    execFileSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    // This namespace's own limits, raised for the benchmark: ports for the clients (below the listeners', 61000 up),
    // a listen backlog.
    execFileSync('ip', ['netns', 'exec', netns, 'sysctl', '-q', '-w', 'net.ipv4.ip_local_port_range=1024 60999', 'net.core.somaxconn=4096']);
    held = await holdSockets(bins.sockets, netns, size);
    const procNetns = `/proc/${held.holders[0].pid}/ns/net`;
    const rows = { c: [], cInside: [], lib: [], libFirst: [], libBatches: [], proc: [], cli: [], ss: [], node: [] };
    let counts;
    for (let round = 0; round < rounds; round++) {
      const c = wholeProcess(bins.dump, [netns]);
      rows.c.push(c.ms);
      rows.cInside.push(Number(/us (\d+)/.exec(c.stderr)[1]) / 1000);
      const lib = JSON.parse(wholeProcess(process.execPath, [path.join(here, 'lib-list.js'), netns, 'netlink', '5']).stdout);
      rows.lib.push(lib.warmMs);
      rows.libFirst.push(lib.firstMs);
      rows.libBatches.push(JSON.parse(wholeProcess(process.execPath, [path.join(here, 'lib-list.js'), netns, 'batches', '5']).stdout).warmMs);
      const proc = JSON.parse(wholeProcess(process.execPath, [path.join(here, 'lib-list.js'), procNetns, 'proc', '3']).stdout);
      rows.proc.push(proc.warmMs);
      const ours = wholeProcess(process.execPath, [cli, '-n', netns, 'ss', '-tan']);
      rows.cli.push(ours.ms);
      const theirs = wholeProcess('ss', ['-N', netns, '-tan']);
      rows.ss.push(theirs.ms);
      rows.node.push(wholeProcess(process.execPath, ['-e', '0']).ms);
      counts = { c: Number(c.stdout), lib: lib.count, proc: proc.count, cli: ours.stdout.split('\n').length - 2, ss: theirs.stdout.split('\n').length - 2 };
    }
    return { size: held.made, rows, counts };
  } finally {
    if (held) await held.stop();
    execFileSync('ip', ['netns', 'del', netns]);
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (process.getuid() !== 0) throw new Error('needs root (network namespaces)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lnl-bench-diag-'));
  try {
    buildC(dir);
    const bins = { sockets: path.join(dir, 'sockets'), dump: path.join(dir, 'inet-dump') };
    console.log(`# ${new Date().toISOString()} ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, node ${process.version}`);
    for (const size of options.sizes) {
      const { size: made, rows, counts } = await benchSize(bins, size, options.rounds);
      const ratio = (a, b) => median(rows[a].map((x, i) => x / rows[b][i])).toFixed(2);
      console.log(`\n## ${made} TCP sockets (${options.rounds} rounds; counts ${JSON.stringify(counts)})`);
      console.log('| contender | median ms | range ms | ratio |');
      console.log('|---|---|---|---|');
      console.log(`| C inet_diag loop, inside the process | ${median(rows.cInside).toFixed(1)} | ${range(rows.cInside)} | 1 |`);
      console.log(`| library, warm listing (array) | ${median(rows.lib).toFixed(1)} | ${range(rows.lib)} | ${ratio('lib', 'cInside')}× C |`);
      console.log(`| library, warm listing (batches) | ${median(rows.libBatches).toFixed(1)} | ${range(rows.libBatches)} | ${ratio('libBatches', 'cInside')}× C |`);
      console.log(`| library, first listing (cold) | ${median(rows.libFirst).toFixed(1)} | ${range(rows.libFirst)} | ${ratio('libFirst', 'cInside')}× C |`);
      console.log(`| library, /proc/net/tcp{,6} source, warm | ${median(rows.proc).toFixed(1)} | ${range(rows.proc)} | ${ratio('proc', 'lib')}× the library |`);
      console.log(`| C loop, whole process | ${median(rows.c).toFixed(1)} | ${range(rows.c)} | |`);
      console.log(`| ss -tan, whole process | ${median(rows.ss).toFixed(1)} | ${range(rows.ss)} | 1 |`);
      console.log(`| linux-netlink ss -tan, whole process | ${median(rows.cli).toFixed(1)} | ${range(rows.cli)} | ${ratio('cli', 'ss')}× ss |`);
      console.log(`| node -e 0 | ${median(rows.node).toFixed(1)} | ${range(rows.node)} | |`);
      // The machine drifts between rounds: each round's own ratios say more than the medians.
      const perRound = (a, b) => rows[a].map((x, i) => (x / rows[b][i]).toFixed(2)).join(', ');
      console.log(`\nper round: linux-netlink ss / ss ${perRound('cli', 'ss')}; library / C ${perRound('lib', 'cInside')}; /proc source / library ${perRound('proc', 'lib')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

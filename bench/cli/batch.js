#!/usr/bin/env node
'use strict';
// `-batch` of N route additions: `ip -batch FILE` against `linux-netlink -batch FILE` (and with -force), each a
// whole process (start-up included), in a private namespace whose route table is emptied between runs (not
// timed). Rounds interleave the contenders (the order rotates); the report gives medians and, round by round, the
// ratio to ip. See bench/README.md. Needs root, iproute2 and a built library (npm run build).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BenchNetns } = require('../route/netns-routes');

const cli = path.join(__dirname, '..', '..', 'bin', 'linux-netlink.js');
const TABLE = 100;

function parseArguments(argv) {
  const options = { routes: 100000, rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--routes') options.routes = Number(argv[++i]);
    else if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node bench/cli/batch.js [--routes 100000] [--rounds 3]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]} (try --help)`);
  }
  if (!Number.isInteger(options.routes) || options.routes <= 0 || options.routes > 16777216) throw new Error('--routes: 1..16777216');
  return options;
}

/** One whole process, timed around its execution; its CPU time from the kernel's rusage of children. */
function timed(argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (process.getuid() !== 0) throw new Error('needs root (it builds a private network namespace)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lnl-bench-batch-'));
  const file = path.join(dir, 'routes');
  const lines = [];
  for (let i = 0; i < options.routes; i++) {
    const a = 10 * 16777216 + i;
    lines.push(`route add ${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/32 dev bench0 table ${TABLE}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const ns = new BenchNetns();
  const cleanUp = () => {
    ns.delete();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const contenders = {
      ip: ['ip', '-n', ns.name, '-batch', file],
      lnl: [process.execPath, cli, '-n', ns.name, '-batch', file],
      lnlForce: [process.execPath, cli, '-n', ns.name, '-force', '-batch', file],
      node: [process.execPath, '-e', '0'],
    };
    const rows = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    const names = Object.keys(contenders);
    for (let round = 0; round < options.rounds; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        rows[name].push(timed(contenders[name]));
        if (name !== 'node') {
          const listing = spawnSync('ip', ['-n', ns.name, 'route', 'show', 'table', String(TABLE)], { encoding: 'utf8', maxBuffer: 1 << 28 });
          const count = listing.stdout.split('\n').filter(Boolean).length;
          if (count !== options.routes) throw new Error(`${name}: ${count} routes in table ${TABLE}, expected ${options.routes}`);
          ns.ip(['route', 'flush', 'table', String(TABLE)]);
        }
      }
      console.error(`round ${round + 1}: ${names.map((n) => `${n} ${rows[n][round].toFixed(0)} ms`).join(', ')}`);
    }
    const ratio = (a) => median(rows[a].map((x, i) => x / rows.ip[i])).toFixed(2);
    const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
    console.log(`\n${options.routes} route additions by -batch, whole processes, ${options.rounds} rounds (load average ${os.loadavg()[0].toFixed(1)})\n`);
    console.log('| contender | median ms | range ms | ratio to ip (median of rounds) |');
    console.log('|---|---|---|---|');
    console.log(`| ip -batch | ${median(rows.ip).toFixed(0)} | ${range(rows.ip)} | 1 |`);
    console.log(`| linux-netlink -batch | ${median(rows.lnl).toFixed(0)} | ${range(rows.lnl)} | ${ratio('lnl')} |`);
    console.log(`| linux-netlink -force -batch | ${median(rows.lnlForce).toFixed(0)} | ${range(rows.lnlForce)} | ${ratio('lnlForce')} |`);
    console.log(`| node -e 0 | ${median(rows.node).toFixed(0)} | ${range(rows.node)} | ${ratio('node')} |`);
    const met = Number(ratio('lnl')) <= 1;
    console.log(`\nTarget (issue 19): linux-netlink -batch no slower than ip -batch: ${met ? 'MET' : 'MISSED'} (${ratio('lnl')}x)`);
  } finally {
    cleanUp();
  }
}

main();

'use strict';
// The benchmark's private network namespace: a veth pair, an address for lookups, and N /32 routes in one table,
// fed to `ip -batch` in chunks because its memory grows with every command it reads.
const { execFileSync } = require('child_process');
const { randomBytes } = require('crypto');

const CHUNK = 100000;

class BenchNetns {
  constructor() {
    this.name = `lnl-bench-${process.pid}-${randomBytes(2).toString('hex')}`;
    this.routes = 0;
    ip(['netns', 'add', this.name]);
    this.ip(['link', 'set', 'lo', 'up']);
    this.ip(['link', 'add', 'bench0', 'type', 'veth', 'peer', 'name', 'bench1']);
    this.ip(['link', 'set', 'bench0', 'up']);
    this.ip(['link', 'set', 'bench1', 'up']);
    // Lookups go to 192.168.0.0/16 through bench0 (main table); the dumped routes live in their own table.
    this.ip(['addr', 'add', '192.168.0.1/16', 'dev', 'bench0']);
  }

  ip(args, input) {
    return ip(['-n', this.name, ...args], input);
  }

  /** Grows the table to `total` routes: 10.0.0.0/32, 10.0.0.1/32, ... (route i is 10.0.0.0 + i). */
  fillTable(table, total) {
    while (this.routes < total) {
      const end = Math.min(total, this.routes + CHUNK);
      const lines = [];
      for (let i = this.routes; i < end; i++) {
        const a = 10 * 16777216 + i;
        lines.push(`route add ${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/32 dev bench0 table ${table}`);
      }
      this.ip(['-batch', '-'], lines.join('\n') + '\n');
      this.routes = end;
    }
  }

  delete() {
    try {
      ip(['netns', 'del', this.name]);
    } catch {
      // already gone
    }
  }
}

function ip(args, input) {
  return execFileSync('ip', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
}

module.exports = { BenchNetns };

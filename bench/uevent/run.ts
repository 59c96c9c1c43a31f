// Uevent receive benchmark: events per second drained from a full queue by the library (UeventMonitor: receive,
// sender check, parse, loss accounting, emit) and by the raw socket (receive only), against a C receive loop
// (recv and recvmmsg) draining an identical burst. Contenders take turns, each on a fresh burst of the same size
// generated while it is subscribed but not reading, so they never compete for the CPU. A last contender replays
// the batches the raw socket received through a monitor with no kernel underneath: the library's own cost.
// The monitor decodes every event in full (action, devpath, subsystem, seqnum and every property); each contender
// that gets events reads one of their properties, as a consumer would.
//
//   node dist/bench/uevent/run.js [--events N] [--rounds R]
//
// Needs root (a private network namespace, SO_RCVBUFFORCE) and gcc.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { availableParallelism, loadavg, tmpdir } from 'os';
import * as path from 'path';
import { createInterface } from 'readline';
import { EventEmitter } from 'events';
import { META_STRIDE, NetlinkSocket, Protocol } from '../../lib/core';
import { UeventMonitor, UeventSocket } from '../../lib/uevent';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const EVENTS = option('events', 100_000);
const ROUNDS = option('rounds', 3);
const BUFFER = 256 * 1024 * 1024;
const IDLE_MS = 1000;
const TARGET = 500_000;

interface Result {
  received: number;
  seconds: number;
  /** CPU time the drain took (user + system, every thread): what the load around the run does not change. */
  cpuSeconds: number;
  lost: number;
}

const source = path.resolve(__dirname, '../../../bench/uevent');
const work = mkdtempSync(path.join(tmpdir(), 'uevent-bench-'));
const netns = `lnl-uevbench-${process.pid}`;
const uevent = '/sys/class/net/ubench0/uevent';

function compile(name: string): string {
  const out = path.join(work, name);
  execFileSync('gcc', ['-O2', '-Wall', '-o', out, path.join(source, `${name}.c`)]);
  return out;
}

function burst(program: string): void {
  execFileSync('ip', ['netns', 'exec', netns, program, uevent, String(EVENTS)]);
}

async function cLoop(drain: string, burstProgram: string, mode: 'recv' | 'recvmmsg'): Promise<Result> {
  const child: ChildProcess = spawn(drain, [`/run/netns/${netns}`, String(EVENTS), mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== 'ready') throw new Error('drain did not start');
  burst(burstProgram);
  child.stdin!.write('go\n');
  const result = JSON.parse((await lines.next()).value as string);
  return { received: result.received, seconds: result.seconds, cpuSeconds: result.cpuSeconds, lost: EVENTS - result.received };
}

/**
 * Counts until EVENTS arrived, or the queue stayed empty for IDLE_MS; the time is that of the last arrival. The
 * contenders report their count through `arrived`, which reads the clock once per 64 arrivals and at the last one
 * (the C loop reads it once per recvmmsg of 64), so that the measuring costs the measured as little as it does C.
 */
function drainInLoop(start: bigint, count: () => number, extraLost: () => number): Promise<Result> {
  const cpuStart = process.cpuUsage();
  return new Promise((resolve) => {
    let lastAt = start;
    let sampled = 0;
    let done = false;
    const finish = (n: number) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      arrived = () => undefined;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      resolve({ received: n, seconds: Number(lastAt - start) / 1e9, cpuSeconds, lost: Math.max(0, EVENTS - n) + extraLost() });
    };
    arrived = (n) => {
      if (n >= EVENTS) {
        lastAt = process.hrtime.bigint();
        finish(n);
      } else if (n - sampled >= 64) {
        sampled = n;
        lastAt = process.hrtime.bigint();
      }
    };
    // Only for a burst that does not arrive in full: the end is then the queue staying empty.
    let lastCount = -1;
    let quietSince = process.hrtime.bigint();
    const timer = setInterval(() => {
      const n = count();
      const now = process.hrtime.bigint();
      if (n !== lastCount) {
        lastCount = n;
        quietSince = now;
      } else if (Number(now - quietSince) / 1e6 > IDLE_MS) {
        finish(n);
      }
    }, 50);
  });
}
let arrived: (count: number) => void = () => undefined;

async function library(burstProgram: string, receiveThread?: boolean): Promise<Result> {
  const monitor = UeventMonitor.open({ netns, receiveBufferSize: BUFFER, reportSeqnumGaps: false, receiveThread });
  let received = 0;
  monitor.on('uevent', (event) => {
    if (event.devpath === '/devices/virtual/net/ubench0' && event.properties.INTERFACE === 'ubench0') received++;
    arrived(received);
  });
  try {
    burst(burstProgram); // the event loop is blocked: the burst waits in the queue
    const start = process.hrtime.bigint();
    return await drainInLoop(start, () => received, () => monitor.stats.overruns + monitor.stats.malformed + monitor.stats.rejected);
  } finally {
    monitor.close();
  }
}

/** Batches the raw contender received, replayed through a monitor without the kernel: the library's own cost. */
let captured: Array<[Buffer, Int32Array, number]> = [];

class ReplaySocket extends EventEmitter {
  onBatch: ((buffer: Buffer, meta: Int32Array, count: number) => void) | null = null;
  closed = false;
  bind() {
    return { portId: 1, groups: 1 };
  }
  setOption() {}
  setReceiveBufferSize(bytes: number) {
    return bytes;
  }
  attachFilter() {}
  close() {
    this.closed = true;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
  pause() {
    return this;
  }
  resume() {
    return this;
  }
}

async function replay(): Promise<Result> {
  const socket = new ReplaySocket();
  const monitor = new UeventMonitor(socket as unknown as UeventSocket, { reportSeqnumGaps: false });
  let received = 0;
  monitor.on('uevent', (event) => {
    if (event.devpath === '/devices/virtual/net/ubench0' && event.properties.INTERFACE === 'ubench0') received++;
  });
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const [buffer, meta, count] of captured) socket.onBatch!(buffer, meta, count);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { received, seconds, cpuSeconds, lost: EVENTS - received + monitor.stats.malformed + monitor.stats.rejected };
}

async function rawSocket(burstProgram: string): Promise<Result> {
  const socket = NetlinkSocket.open({ protocol: Protocol.KobjectUevent, netns });
  let received = 0;
  let overruns = 0;
  socket.setReceiveBufferSize(BUFFER);
  socket.on('overrun', () => overruns++);
  captured = [];
  socket.onBatch = (buffer, meta, count) => {
    captured.push([buffer, meta.slice(0, count * META_STRIDE), count]);
    received += count;
    arrived(received);
  };
  socket.bind({ groups: 1 });
  try {
    burst(burstProgram);
    const start = process.hrtime.bigint();
    return await drainInLoop(start, () => received, () => overruns);
  } finally {
    socket.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const drain = compile('drain');
  const burstProgram = compile('burst');
  execFileSync('ip', ['netns', 'add', netns]);
  try {
    execFileSync('ip', ['-n', netns, 'link', 'add', 'ubench0', 'type', 'veth', 'peer', 'name', 'ubench1']);
    const contenders: Array<[string, () => Promise<Result>]> = [
      ['C recv loop', () => cLoop(drain, burstProgram, 'recv')],
      ['C recvmmsg loop', () => cLoop(drain, burstProgram, 'recvmmsg')],
      ['NetlinkSocket, receive only', () => rawSocket(burstProgram)],
      ['UeventMonitor, received + parsed', () => library(burstProgram)],
      ['  the same, no receive thread', () => library(burstProgram, false)],
      ['UeventMonitor, replay (no kernel)', () => replay()],
    ];
    const rates = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
    const cpuRates = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
    let anyLoss = false;
    const cpus = availableParallelism();
    console.log(`${EVENTS} uevents per burst, ${ROUNDS} rounds, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${cpus} CPUs usable: UeventMonitor's default receives on a native thread ${cpus > 1 ? 'here' : 'only where more than one CPU is usable (not here)'}`);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, run] of contenders) {
        const result = await run();
        if (result.lost > 0 || result.received < EVENTS) anyLoss = true;
        const rate = result.received / result.seconds;
        rates.get(name)!.push(rate);
        cpuRates.get(name)!.push(result.received / result.cpuSeconds);
        console.log(
          `round ${round}  ${name.padEnd(34)} ${Math.round(rate).toString().padStart(9)} events/s` +
            `  (${result.received} received, ${result.lost} lost or unaccounted, ${result.seconds.toFixed(3)} s, ` +
            `${result.cpuSeconds.toFixed(3)} s CPU)`,
        );
      }
    }
    const floor = median(rates.get('C recv loop')!);
    const floorBatched = median(rates.get('C recvmmsg loop')!);
    console.log('\nmedian events/s                     rate     vs C recv  vs C recvmmsg');
    for (const [name, values] of rates) {
      const m = median(values);
      console.log(`${name.padEnd(34)} ${Math.round(m).toString().padStart(9)}   ${(m / floor).toFixed(2)}x      ${(m / floorBatched).toFixed(2)}x`);
    }
    // Per CPU-second: the drain's own CPU time (every thread) instead of the clock, so that time spent waiting for a
    // core another process holds is left out. Not a wall-clock rate: a thread on a second core adds its time.
    const cpuFloor = median(cpuRates.get('C recvmmsg loop')!);
    console.log('\nmedian events per CPU-second          rate     vs C recvmmsg');
    for (const [name, values] of cpuRates) {
      const m = median(values);
      console.log(`${name.padEnd(34)} ${Math.round(m).toString().padStart(9)}   ${(m / cpuFloor).toFixed(2)}x`);
    }
    const parsed = median(rates.get('UeventMonitor, received + parsed')!);
    const verdict = parsed >= TARGET ? 'MET' : 'MISSED';
    console.log(`\ntarget (issue 4): ${TARGET} events/s received and parsed: ${verdict} (median ${Math.round(parsed)})`);
    console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (anyLoss) console.log('\nsome contender lost events (see the rounds above)');
  } finally {
    execFileSync('ip', ['netns', 'del', netns]);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

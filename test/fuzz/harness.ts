// The fuzzing engine behind `npm run fuzz`: mutates real datagrams (and makes random ones), feeds them to
// decoders, and checks three things. (1) Nothing but typed errors comes out: a decoder that throws, or returns
// an error without a code, is a failure. (2) Well-formed input round-trips byte for byte through the decoder's
// encoder (where it has one). (3) Decoding does not depend on history: a sample of inputs is decoded again later,
// after other inputs, and by a fresh copy of the decoders that has seen nothing; all three results must agree.
// It knows no decoder: targets are handed in (see ./targets.ts), so a deliberately broken one can prove that the
// engine fails when it should.

/** One decoder under test. */
export interface FuzzTarget {
  name: string;
  /** The real inputs it is fed mutated (captured datagrams, payloads, ...). */
  corpus: Buffer[];
  /** Decodes; whatever it returns is judged by `problem`, whatever it throws is a failure. */
  decode(input: Buffer): unknown;
  /** Why a result is not acceptable (an error without a code, say), or undefined when it is. */
  problem?(result: unknown): string | undefined;
  /** A plain, comparable rendering of a result (for the history checks). */
  summary(result: unknown): string;
  /**
   * Re-encodes a well-formed result: the bytes, or undefined when the result is not well-formed or the target
   * has no encoder (nothing is checked then). A throw counts as a round-trip failure.
   */
  reencode?(result: unknown, input: Buffer): Buffer | undefined;
  /**
   * A well-formed input made from a corpus item (valid framing, zero padding, values changed): these must
   * round-trip byte for byte. Arbitrary mutations are not held to it (a mutated padding byte cannot survive
   * re-encoding); their re-encoding differences are counted for information only.
   */
  wellFormed?(item: Buffer, random: Random): Buffer;
}

export interface FuzzOptions {
  seed: number;
  /** Stop after this many inputs... */
  count?: number;
  /** ...or after this many seconds, whichever comes first (at least one of them). */
  seconds?: number;
  targets: FuzzTarget[];
  /** Builds the same targets afresh (new module instances, nothing decoded yet), for the history check. */
  freshTargets?: () => FuzzTarget[];
  /** One input in this many is kept for the history checks (default 64). */
  sampleEvery?: number;
  /** A fresh copy of the decoders is made for every this many samples (default 200). */
  freshEvery?: number;
  /** Called about once a second with the inputs so far. */
  progress?: (inputs: number) => void;
}

export interface FuzzFailure {
  kind: 'thrown' | 'untyped' | 'round-trip' | 'history' | 'fresh';
  target: string;
  detail: string;
  /** The input, hex. */
  input: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  /** Of which random bytes (the rest are mutations of the corpus). */
  random: number;
  /** Inputs per target. */
  perTarget: Record<string, number>;
  /** Results that were typed errors (or objects carrying typed decode errors). */
  typedErrors: number;
  /** Decoder throws, and errors or problems without a type. */
  untyped: number;
  /** Well-formed inputs re-encoded, and those that did not come back byte for byte. */
  roundTripsChecked: number;
  roundTripFailures: number;
  /** Arbitrarily mutated inputs that decoded without errors (a sample) and re-encode differently: information. */
  mutatedReencoded: number;
  mutatedDifferences: number;
  historyChecks: number;
  freshChecks: number;
  historyEffects: number;
  elapsedMs: number;
  /** The first few failures of each kind, with their inputs. */
  failures: FuzzFailure[];
  ok: boolean;
}

/** A small, fast, seedable generator (mulberry32): the same seed gives the same run. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x3d /* = */, 0x40 /* @ */, 0x0a];
const INTERESTING_32 = [0, 1, 2, 3, 4, 8, 16, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

/** One mutation of `input` (a copy; the corpus is never changed). `other` is another input, for splicing. */
export function mutate(input: Buffer, other: Buffer, random: Random): Buffer {
  let b = Buffer.from(input);
  const rounds = 1 + random.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = b.length === 0 ? 0 : random.int(b.length);
    switch (random.int(11)) {
      case 0: // flip a bit
        if (b.length > 0) b[at] ^= 1 << random.int(8);
        break;
      case 1: // an interesting byte
        if (b.length > 0) b[at] = random.pick(INTERESTING_8);
        break;
      case 2: // an interesting 16-bit value: lengths and types live there
        if (b.length >= 2) b.writeUInt16LE(random.pick(INTERESTING_32) & 0xffff, random.int(b.length - 1) & ~(random.int(2) === 0 ? 1 : 3));
        break;
      case 3: // an interesting 32-bit value
        if (b.length >= 4) b.writeUInt32LE(random.pick(INTERESTING_32) >>> 0, random.int(b.length - 3) & ~(random.int(2) === 0 ? 0 : 3));
        break;
      case 4: // a length nudged by a little
        if (b.length >= 2) {
          const o = random.int(b.length - 1) & ~3;
          b.writeUInt16LE((b.readUInt16LE(o) + random.pick([-4, -1, 1, 2, 4, 8])) & 0xffff, o);
        }
        break;
      case 5: // truncate
        b = b.subarray(0, random.int(b.length + 1));
        break;
      case 6: // append random bytes
        b = Buffer.concat([b, random.bytes(1 + random.int(16))]);
        break;
      case 7: // delete a run
        if (b.length > 0) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + random.int(16)))]);
        break;
      case 8: // duplicate a run
        if (b.length > 0) {
          const run = b.subarray(at, Math.min(b.length, at + 4 + random.int(32)));
          b = Buffer.concat([b.subarray(0, at), run, b.subarray(at)]);
        }
        break;
      case 9: // splice in part of another input
        if (other.length > 0) {
          const from = random.int(other.length);
          b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + 1 + random.int(64)), b.subarray(at)]);
        }
        break;
      default: // random bytes over a run
        for (let i = at, n = Math.min(b.length, at + 1 + random.int(8)); i < n; i++) b[i] = random.int(256);
    }
  }
  return b;
}

interface Sample {
  target: number;
  input: Buffer;
  summary: string;
}

const MAX_FAILURES_PER_KIND = 5;

/** Runs the fuzzer. Deterministic for a seed and a count (a time limit may stop it earlier). */
export function runFuzz(options: FuzzOptions): FuzzReport {
  if (options.count === undefined && options.seconds === undefined) throw new TypeError('give a count or a time limit');
  const random = new Random(options.seed);
  const targets = options.targets;
  const sampleEvery = options.sampleEvery ?? 64;
  const freshEvery = options.freshEvery ?? 200;
  const report: FuzzReport = {
    seed: options.seed,
    inputs: 0,
    random: 0,
    perTarget: Object.fromEntries(targets.map((t) => [t.name, 0])),
    typedErrors: 0,
    untyped: 0,
    roundTripsChecked: 0,
    roundTripFailures: 0,
    mutatedReencoded: 0,
    mutatedDifferences: 0,
    historyChecks: 0,
    freshChecks: 0,
    historyEffects: 0,
    elapsedMs: 0,
    failures: [],
    ok: false,
  };
  const failureCounts = new Map<string, number>();
  const fail = (kind: FuzzFailure['kind'], target: string, detail: string, input: Buffer): void => {
    const n = failureCounts.get(kind) ?? 0;
    failureCounts.set(kind, n + 1);
    if (n < MAX_FAILURES_PER_KIND) report.failures.push({ kind, target, detail, input: input.toString('hex') });
  };
  const started = Date.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const limit = options.count ?? Infinity;
  let nextProgress = started + 1000;
  const pending: Sample[] = [];
  let fresh: Sample[] = [];

  /** Decodes one input with one target, judging what comes out; the summary when asked for. */
  const decodeOne = (target: FuzzTarget, input: Buffer, wantSummary: boolean, count: boolean, wellFormed = false): string | undefined => {
    let result: unknown;
    try {
      result = target.decode(input);
    } catch (err) {
      if (count) report.untyped++;
      fail('thrown', target.name, describe(err), input);
      return wantSummary ? `threw ${describe(err)}` : undefined;
    }
    const problem = target.problem?.(result);
    if (problem !== undefined) {
      if (count) report.untyped++;
      fail('untyped', target.name, problem, input);
    } else if (count && isTypedError(result)) {
      report.typedErrors++;
    }
    if (count && target.reencode !== undefined && (wellFormed || wantSummary)) {
      let bytes: Buffer | undefined;
      let threw: unknown;
      try {
        bytes = target.reencode(result, input);
      } catch (err) {
        threw = err;
      }
      if (threw !== undefined || bytes !== undefined) {
        const differs = threw !== undefined || !bytes!.equals(input);
        if (wellFormed) {
          report.roundTripsChecked++;
          if (differs) {
            report.roundTripFailures++;
            fail('round-trip', target.name, threw !== undefined ? `re-encoding threw ${describe(threw)}` : `re-encoded as ${bytes!.toString('hex')}`, input);
          }
        } else {
          report.mutatedReencoded++;
          if (differs) report.mutatedDifferences++;
        }
      }
    }
    return wantSummary ? target.summary(result) : undefined;
  };

  /** The samples decoded again by a copy of the decoders that has seen nothing else. */
  const checkFresh = (): void => {
    if (options.freshTargets === undefined || fresh.length === 0) return;
    const copies = options.freshTargets();
    for (const s of fresh) {
      report.freshChecks++;
      const again = decodeOne(copies[s.target], s.input, true, false)!;
      if (again !== s.summary) {
        report.historyEffects++;
        fail('fresh', targets[s.target].name, `after the run: ${s.summary.slice(0, 300)}\nfresh: ${again.slice(0, 300)}`, s.input);
      }
    }
    fresh = [];
  };

  while (report.inputs < limit) {
    if ((report.inputs & 255) === 0) {
      const now = Date.now();
      if (now >= deadline) break;
      if (now >= nextProgress) {
        options.progress?.(report.inputs);
        nextProgress = now + 1000;
      }
    }
    const t = random.int(targets.length);
    const target = targets[t];
    let input: Buffer;
    let wellFormed = false;
    const choice = random.int(16);
    if (target.corpus.length === 0 || choice === 0) {
      input = random.bytes(random.int(300));
      report.random++;
    } else if (target.wellFormed !== undefined && choice < 5) {
      input = target.wellFormed(random.pick(target.corpus), random);
      wellFormed = true;
    } else {
      input = mutate(random.pick(target.corpus), random.pick(target.corpus), random);
    }
    report.inputs++;
    report.perTarget[target.name]++;
    const sampled = random.int(sampleEvery) === 0;
    const summary = decodeOne(target, input, sampled, true, wellFormed);
    if (sampled) {
      const sample = { target: t, input, summary: summary! };
      pending.push(sample);
      fresh.push(sample);
      if (fresh.length >= freshEvery) checkFresh();
    }
    // A sample taken a while ago is decoded again now, after other inputs went through the same decoders.
    if (pending.length > 8) {
      const s = pending.splice(random.int(pending.length), 1)[0];
      report.historyChecks++;
      const again = decodeOne(targets[s.target], s.input, true, false)!;
      if (again !== s.summary) {
        report.historyEffects++;
        fail('history', targets[s.target].name, `first: ${s.summary.slice(0, 300)}\nlater: ${again.slice(0, 300)}`, s.input);
      }
    }
  }
  checkFresh();
  report.elapsedMs = Date.now() - started;
  report.ok = report.untyped === 0 && report.roundTripFailures === 0 && report.historyEffects === 0 && report.inputs > 0;
  return report;
}

function isTypedError(result: unknown): boolean {
  if (result instanceof Error) return true;
  const errors = (result as { decodeErrors?: unknown[] } | null)?.decodeErrors;
  return Array.isArray(errors) && errors.length > 0;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}${(err as { code?: string }).code ? ` [${(err as { code?: string }).code}]` : ''}: ${err.message}`;
  return String(err);
}

/**
 * A stable rendering of any decoded value: buffers as hex, bigints as text, maps and sets as entries, errors as
 * their name, code and message, class instances by their own enumerable fields (symbol-keyed bookkeeping left
 * out), so two copies of the same decoders give the same text for the same input.
 */
export function render(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return `hex:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
    if (v !== null && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return `hex:${Buffer.from((v as { data: number[] }).data).toString('hex')}`;
    }
    if (v instanceof Map) return { map: [...v.entries()] };
    if (v instanceof Set) return { set: [...v.values()] };
    if (v instanceof Error) return { error: v.name, code: (v as { code?: string }).code, message: v.message, offset: (v as { offset?: number }).offset };
    if (typeof v === 'number' && !Number.isFinite(v)) return `${v}`;
    return v;
  });
}

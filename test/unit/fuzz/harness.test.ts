// The fuzzing engine can fail: decoders broken on purpose (one that throws, one that remembers, one that does not
// round-trip) make it report failures, and sound ones pass, for the same seed.
import { expect } from 'chai';
import { FuzzTarget, mutate, Random, render, runFuzz } from '../../fuzz/harness';

// The emulated BMC runs 20-50 times slower: fewer inputs there, still enough for every broken decoder to be caught.
const RUNS = process.env.LINUX_NETLINK_QEMU_GUEST === '1' ? 0.25 : 1;

const corpus = [Buffer.from('0500010007000000', 'hex'), Buffer.from('08000200deadbeef', 'hex')];

/** A sound decoder: the bytes as hex, or a typed error for an odd first byte. It re-encodes exactly. */
function sound(name = 'sound'): FuzzTarget {
  return {
    name,
    corpus,
    decode: (b) => (b.length > 0 && b[0] & 1 ? Object.assign(new Error('odd'), { code: 'ERR_NETLINK_DECODE' }) : { hex: b.toString('hex') }),
    problem: (r) => (r instanceof Error && (r as { code?: string }).code === undefined ? 'no code' : undefined),
    summary: render,
    reencode: (r) => (r instanceof Error ? undefined : Buffer.from((r as { hex: string }).hex, 'hex')),
    wellFormed: (item) => Buffer.from(item),
  };
}

describe('fuzz harness', () => {
  it('passes sound decoders, and a seed gives the same run', () => {
    const a = runFuzz({ seed: 7, count: 3000 * RUNS, targets: [sound()], freshTargets: () => [sound()], sampleEvery: 8, freshEvery: 50 });
    const b = runFuzz({ seed: 7, count: 3000 * RUNS, targets: [sound()], freshTargets: () => [sound()], sampleEvery: 8, freshEvery: 50 });
    expect(a.ok, JSON.stringify(a.failures)).to.equal(true);
    expect(a.inputs).to.equal(3000 * RUNS);
    expect(a.historyChecks).to.be.greaterThan(0);
    expect(a.freshChecks).to.be.greaterThan(0);
    expect(a.roundTripsChecked).to.be.greaterThan(0);
    expect(a.typedErrors).to.be.greaterThan(0);
    expect({ ...a, elapsedMs: 0 }).to.deep.equal({ ...b, elapsedMs: 0 });
  });

  it('fails a decoder that throws, and one that returns an error without a code', () => {
    const throwing: FuzzTarget = { ...sound('throwing'), decode: (b) => (b.length > 6 && b[6] === 0x7f ? b.readUInt32LE(1000) : { hex: b.toString('hex') }) };
    const uncoded: FuzzTarget = { ...sound('uncoded'), decode: (b) => (b.length < 4 ? new Error('short') : { hex: b.toString('hex') }) };
    for (const target of [throwing, uncoded]) {
      const report = runFuzz({ seed: 1, count: 20000 * RUNS, targets: [target] });
      expect(report.ok, target.name).to.equal(false);
      expect(report.untyped, target.name).to.be.greaterThan(0);
      expect(report.failures[0].target).to.equal(target.name);
    }
  });

  it('fails a decoder whose result depends on what it decoded before (after other inputs, and against a fresh copy)', () => {
    const remembering = (): FuzzTarget => {
      let last = '';
      return {
        ...sound('remembering'),
        // Like the uevent parser's half-updated prediction once: a malformed input leaves state behind.
        decode: (b) => {
          const result = { hex: b.toString('hex'), carried: b.length > 0 && b[0] === 5 ? last : '' };
          if (b.length > 0 && b[b.length - 1] === 0xef) last = b.toString('hex');
          return result;
        },
        reencode: undefined,
      };
    };
    const report = runFuzz({ seed: 3, count: 20000 * RUNS, targets: [remembering()], freshTargets: () => [remembering()], sampleEvery: 4, freshEvery: 20 });
    expect(report.ok).to.equal(false);
    expect(report.historyEffects).to.be.greaterThan(0);
    expect(report.failures.map((f) => f.kind)).to.include.members(['history', 'fresh']);
  });

  it('fails a decoder whose well-formed results do not re-encode byte for byte', () => {
    const lossy: FuzzTarget = { ...sound('lossy'), reencode: (r) => (r instanceof Error ? undefined : Buffer.from((r as { hex: string }).hex.slice(0, 8), 'hex')) };
    const report = runFuzz({ seed: 5, count: 2000 * RUNS, targets: [lossy] });
    expect(report.ok).to.equal(false);
    expect(report.roundTripFailures).to.be.greaterThan(0);
  });

  it('mutations never change the corpus and stay deterministic', () => {
    const before = corpus.map((b) => b.toString('hex'));
    const one = new Random(9);
    const two = new Random(9);
    for (let i = 0; i < 500; i++) expect(mutate(corpus[0], corpus[1], one)).to.deep.equal(mutate(corpus[0], corpus[1], two));
    expect(corpus.map((b) => b.toString('hex'))).to.deep.equal(before);
  });
});

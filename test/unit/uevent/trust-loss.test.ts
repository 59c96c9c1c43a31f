import { expect } from 'chai';
import { checkSender, SeqnumTracker, TrustPolicy } from '../../../lib/uevent';

describe('uevent trust rules', () => {
  const both: TrustPolicy = { groupMask: 3, trustedUids: new Set([0]) };
  const kernelOnly: TrustPolicy = { groupMask: 1, trustedUids: new Set([0]) };

  it('kernel group: only port id 0, kernel format', () => {
    expect(checkSender(both, 0, 1, undefined, false)).to.equal(undefined);
    expect(checkSender(both, 0, 1, 0, false)).to.equal(undefined);
    expect(checkSender(both, 4242, 1, 0, false)).to.equal('kernel-group-sender');
    expect(checkSender(both, 0, 1, 0, true)).to.equal('format-mismatch');
  });

  it('udev group: credentials of a trusted uid, udev format', () => {
    expect(checkSender(both, 777, 2, 0, true)).to.equal(undefined);
    expect(checkSender(both, 777, 2, undefined, true)).to.equal('no-credentials');
    expect(checkSender(both, 777, 2, 1000, true)).to.equal('untrusted-uid');
    expect(checkSender(both, 777, 2, 0, false)).to.equal('format-mismatch');
    expect(checkSender({ groupMask: 2, trustedUids: new Set([0, 1000]) }, 777, 2, 1000, true)).to.equal(undefined);
  });

  it('unicast and unasked-for groups are never trusted', () => {
    expect(checkSender(both, 0, 0, 0, false)).to.equal('unicast');
    expect(checkSender(kernelOnly, 777, 2, 0, true)).to.equal('unexpected-group');
    expect(checkSender(both, 0, 4, 0, false)).to.equal('unexpected-group');
  });
});

describe('uevent loss accounting', () => {
  it('reports a gap after an overrun as certain, with the count, when it sees every uevent', () => {
    const tracker = new SeqnumTracker(true);
    expect(tracker.observe(10n)).to.equal(undefined);
    const overrun = tracker.overrun();
    expect(overrun).to.include({ reason: 'overrun', count: undefined, certain: true });
    expect(overrun.after).to.equal(10n);
    // Datagrams queued before the loss are read after the overrun report: no gap among them.
    expect(tracker.observe(11n)).to.equal(undefined);
    expect(tracker.observe(12n)).to.equal(undefined);
    const gap = tracker.observe(25n)!;
    expect(gap).to.deep.include({ reason: 'seqnum-gap', count: 12, after: 12n, before: 25n, certain: true });
    expect(tracker.observe(30n), 'a later gap is reported, but uncertain').to.deep.include({ count: 4, certain: false });
  });

  it('a monitor that does not see every uevent reports the loss after an overrun as certain, of unknown size', () => {
    const tracker = new SeqnumTracker(false);
    expect(tracker.observe(10n)).to.equal(undefined);
    expect(tracker.overrun()).to.include({ reason: 'overrun', count: undefined, certain: true });
    // Queued before the drop: a gap the filter made (13..19 were other devices' uevents), not the loss.
    expect(tracker.observe(11n)).to.equal(undefined);
    const gap = tracker.observe(20n)!;
    expect(gap).to.deep.include({ reason: 'seqnum-gap', after: 11n, before: 20n, certain: true });
    expect(gap.count, 'the gap size is not the number lost').to.equal(undefined);
    expect(tracker.observe(40n), 'later gaps are not loss when gaps are not reported').to.equal(undefined);
  });

  it('reports every gap as uncertain when asked to', () => {
    const tracker = new SeqnumTracker(true);
    tracker.observe(1n);
    expect(tracker.observe(2n)).to.equal(undefined);
    expect(tracker.observe(5n)).to.deep.include({ count: 2, certain: false });
  });

  it('treats a seqnum that goes back as a new start, not as loss', () => {
    const tracker = new SeqnumTracker(true);
    tracker.observe(100n);
    expect(tracker.observe(3n)).to.equal(undefined);
    expect(tracker.observe(4n)).to.equal(undefined);
  });
});

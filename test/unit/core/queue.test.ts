// The one bounded async queue: order, waiting readers, errors in line, the end, and the pressure mark.
import { expect } from 'chai';
import { AsyncQueue } from '../../../lib/core';

describe('core: AsyncQueue', () => {
  it('hands items out in order, to a reader waiting or later', async () => {
    const q = new AsyncQueue<number>();
    const waiting = q.next();
    q.push(1);
    q.push(2);
    q.push(3);
    expect(await waiting).to.deep.equal({ value: 1, done: false });
    expect(q.length).to.equal(2);
    expect(await q.next()).to.deep.equal({ value: 2, done: false });
    expect(await q.next()).to.deep.equal({ value: 3, done: false });
    expect(q.length).to.equal(0);
  });

  it('pushError rejects the next() that reaches it, and reading goes on after it', async () => {
    const q = new AsyncQueue<string>();
    const boom = new Error('boom');
    q.push('a');
    q.pushError(boom);
    q.push('b');
    expect((await q.next()).value).to.equal('a');
    expect(await q.next().catch((e: unknown) => e)).to.equal(boom);
    expect((await q.next()).value).to.equal('b');
    const waiting = q.next();
    q.pushError(boom);
    expect(await waiting.catch((e: unknown) => e)).to.equal(boom);
  });

  it('end() and fail() end it after the items queued before; nothing is queued after', async () => {
    const ended = new AsyncQueue<number>();
    ended.push(1);
    ended.end();
    ended.push(2);
    expect(ended.ended).to.equal(true);
    expect(await ended.next()).to.deep.equal({ value: 1, done: false });
    expect(await ended.next()).to.deep.equal({ value: undefined, done: true });
    const failed = new AsyncQueue<number>();
    const err = new Error('gone');
    failed.push(1);
    failed.fail(err);
    failed.push(2);
    expect((await failed.next()).value).to.equal(1);
    expect(await failed.next().catch((e: unknown) => e)).to.equal(err);
    expect(await failed.next()).to.deep.equal({ value: undefined, done: true });
    const waiting = new AsyncQueue<number>();
    const reader = waiting.next();
    waiting.end();
    expect(await reader).to.deep.equal({ value: undefined, done: true });
  });

  it('clear() drops items and errors; last() is the last item queued', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.push(2);
    expect(q.last()).to.equal(2);
    q.pushError(new Error('x'));
    expect(q.last()).to.equal(undefined);
    q.clear();
    expect(q.length).to.equal(0);
    q.push(3);
    expect((await q.next()).value).to.equal(3);
  });

  it('calls onPressure(true) when it reaches the high-water mark and false once a read takes it below', async () => {
    const calls: boolean[] = [];
    const q = new AsyncQueue<number>(3, (high) => calls.push(high));
    q.push(1);
    q.push(2);
    expect(calls).to.deep.equal([]);
    q.push(3);
    expect(calls).to.deep.equal([true]);
    q.push(4);
    await q.next();
    expect(calls).to.deep.equal([true]); // 3 left: still at the mark
    await q.next();
    expect(calls).to.deep.equal([true, false]);
    q.push(5);
    expect(calls).to.deep.equal([true, false, true]);
    q.clear();
    expect(calls).to.deep.equal([true, false, true, false]);
  });
});

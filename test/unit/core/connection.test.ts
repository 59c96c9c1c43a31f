// The request engine against a fake kernel: sequence matching, ACKs, dumps and their queue, NLM_F_DUMP_INTR,
// overruns and the barrier, late replies, close during pending work. No root, no kernel (the kernel tests in
// test/kernel/core/ run the same engine against the real one).
import { expect } from 'chai';
import { Connection, Message, MessageFlags, MessageType, NetlinkError, RequestError, SocketOption } from '../../../lib/core';
import { ack, datagram, done, FakeKernel, NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED, NLM_F_MULTI, reply, SentRequest } from '../../helpers/fake-kernel';

const GET = 0x12; // any type of a family's range
const NEW = 0x10;
const GROUP = 5;

function open(kernel: FakeKernel, typeName?: (type: number) => string | undefined): Connection {
  return new Connection({ protocol: 0, typeName }, kernel);
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/** Lets pending promise callbacks and immediates run. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const text = (m: Message): string => m.payload.toString();

describe('core: connection engine (fake kernel)', () => {
  describe('opening', () => {
    it('binds, asks for extended ACKs, capped ACKs and strict checking, and says which the kernel has', () => {
      const kernel = new FakeKernel(undefined, 77, [SocketOption.StrictCheck]);
      const conn = open(kernel);
      expect(conn.portId).to.equal(77);
      expect(conn.extAck).to.equal(true);
      expect(conn.strict).to.equal(false); // refused, as an older kernel does
      expect([...kernel.options.keys()]).to.have.members([SocketOption.ExtAck, SocketOption.CapAck]);
      expect(kernel.refed).to.equal(false); // idle: does not keep the process alive
      conn.close();
    });
  });

  describe('requests and ACKs', () => {
    it('matches replies to requests by sequence number, whatever order they come in', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const a = conn.request(GET, Buffer.from('a'));
      const b = conn.request(GET, Buffer.from('b'));
      const [ra, rb] = kernel.sent;
      expect(ra.seq).to.not.equal(rb.seq);
      expect(ra.flags).to.equal(MessageFlags.Request | MessageFlags.Ack);
      expect(ra.payload.toString()).to.equal('a');
      expect(kernel.refed).to.equal(true); // waiting work keeps the process alive
      kernel.enqueue(datagram(reply(rb, NEW, 'for b'), ack(rb)), datagram(reply(ra, NEW, 'for a'), ack(ra)));
      kernel.flush();
      expect((await a).map(text)).to.deep.equal(['for a']);
      expect((await b).map(text)).to.deep.equal(['for b']);
      expect(kernel.refed).to.equal(false);
      conn.close();
    });

    it('ignores replies with a sequence number it did not send, or from another port id', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const r = conn.request(GET, Buffer.alloc(0));
      const sent = kernel.last();
      kernel.enqueue(
        datagram({ type: NEW, seq: sent.seq + 1, portId: sent.portId, payload: Buffer.from('stray') }),
        datagram({ type: NEW, seq: sent.seq, portId: sent.portId + 1, payload: Buffer.from('not ours') }),
        datagram(reply(sent, NEW, 'ours'), ack(sent)),
      );
      kernel.flush();
      expect((await r).map(text)).to.deep.equal(['ours']);
      conn.close();
    });

    it('answered inside send, a request settles before the event loop turns', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req))]);
      const conn = open(kernel);
      expect(await conn.request(GET, Buffer.alloc(0))).to.deep.equal([]);
      expect(kernel.queued).to.equal(0);
      conn.close();
    });

    it('a refusal rejects with the errno, its code and the extended-ACK text', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req, 2, 'no such thing'))]);
      const conn = open(kernel, (t) => (t === GET ? 'RTM_GETTHING' : undefined));
      const err = await rejection(conn.request(GET, Buffer.alloc(0)));
      expect(err).to.be.instanceOf(NetlinkError);
      expect(err).to.include({ code: 'ENOENT', errno: 2, extAck: 'no such thing', operation: 'RTM_GETTHING', requestType: GET });
      expect((err as NetlinkError).seq).to.equal(kernel.last().seq);
      conn.close();
    });

    it('a request without ACK completes on its one reply; `decode` shapes the result and its throw rejects', async () => {
      const kernel = new FakeKernel((req) => [datagram(reply(req, NEW, 'one'))]);
      const conn = open(kernel);
      expect(await conn.request(GET, Buffer.alloc(0), { ack: false }, (replies) => replies.map(text).join())).to.equal('one');
      expect(kernel.last().flags).to.equal(MessageFlags.Request);
      const thrown = new Error('not what was asked');
      expect(
        await rejection(
          conn.request(GET, Buffer.alloc(0), { ack: false }, () => {
            throw thrown;
          }),
        ),
      ).to.equal(thrown);
      conn.close();
    });

    it('times out with ETIMEDOUT; the reply that comes later is dropped as a stray', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const err = await rejection(conn.request(GET, Buffer.alloc(0), { timeout: 5 }));
      expect(err).to.be.instanceOf(RequestError).with.property('code', 'ETIMEDOUT');
      const sent = kernel.last();
      kernel.enqueue(datagram(reply(sent, NEW, 'late'), ack(sent)));
      expect(kernel.flush()).to.equal(1);
      expect(kernel.refed).to.equal(false);
      conn.close();
    });

    it('an abort rejects with ABORT_ERR, before the send or after', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const early = new AbortController();
      early.abort();
      expect(await rejection(conn.request(GET, Buffer.alloc(0), { signal: early.signal }))).to.have.property('code', 'ABORT_ERR');
      expect(kernel.sent).to.have.length(0);
      const late = new AbortController();
      const r = conn.request(GET, Buffer.alloc(0), { signal: late.signal });
      late.abort();
      expect(await rejection(r)).to.have.property('code', 'ABORT_ERR');
      conn.close();
    });

    it('hands out sequence numbers that are not in use, wrapping past 2^32 - 1 to 1', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      (conn as unknown as { nextSeq: number }).nextSeq = 0xffffffff;
      const first = conn.request(GET, Buffer.alloc(0));
      const second = conn.request(GET, Buffer.alloc(0));
      expect(kernel.sent.map((r) => r.seq)).to.deep.equal([0xffffffff, 1]);
      (conn as unknown as { nextSeq: number }).nextSeq = 1; // 1 is pending: skipped
      const third = conn.request(GET, Buffer.alloc(0));
      expect(kernel.last().seq).to.equal(2);
      kernel.enqueue(...kernel.sent.map((s) => datagram(ack(s))));
      kernel.flush();
      await Promise.all([first, second, third]);
      conn.close();
    });
  });

  describe('late replies (an answer after the ACK, as NC-SI sends)', () => {
    it('with lateReply, the ACK alone does not complete the request: the reply that follows does', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req))]);
      const conn = open(kernel);
      let settled = false;
      const r = conn.request(GET, Buffer.alloc(0), { lateReply: true, ack: false }).finally(() => (settled = true));
      const sent = kernel.last();
      expect(sent.flags & MessageFlags.Ack).to.equal(MessageFlags.Ack); // implies an ACK
      await turn();
      expect(settled).to.equal(false);
      kernel.enqueue(datagram(reply(sent, NEW, 'response')));
      kernel.flush();
      expect((await r).map(text)).to.deep.equal(['response']);
      conn.close();
    });

    it('with lateReply, a reply before the ACK completes on the ACK as usual; a refusal still rejects', async () => {
      const kernel = new FakeKernel((req) => [datagram(reply(req, NEW, 'early'), ack(req))]);
      const conn = open(kernel);
      expect((await conn.request(GET, Buffer.alloc(0), { lateReply: true })).map(text)).to.deep.equal(['early']);
      kernel.onRequest((req) => [datagram(ack(req, 1))]);
      expect(await rejection(conn.request(GET, Buffer.alloc(0), { lateReply: true }))).to.have.property('code', 'EPERM');
      conn.close();
    });

    it('with lateReply and a timeout, a reply that never comes rejects with ETIMEDOUT', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req))]);
      const conn = open(kernel);
      expect(await rejection(conn.request(GET, Buffer.alloc(0), { lateReply: true, timeout: 5 }))).to.have.property('code', 'ETIMEDOUT');
      conn.close();
    });

    it('without it, the request completes on the ACK and the late reply is dropped as a stray', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req))]);
      const conn = open(kernel);
      expect(await conn.request(GET, Buffer.alloc(0))).to.deep.equal([]);
      kernel.enqueue(datagram(reply(kernel.last(), NEW, 'response')));
      expect(kernel.flush()).to.equal(1);
      conn.close();
    });
  });

  describe('requestOne()', () => {
    const asText = (type: number, buf: Buffer, start: number, end: number): string => `${type}:${buf.toString('utf8', start, end)}`;

    it('decodes an answer read inside the send, and one that comes later through the event loop', async () => {
      const kernel = new FakeKernel((req) => [datagram(reply(req, NEW, 'now'))]);
      const conn = open(kernel);
      expect(await conn.requestOne(GET, Buffer.alloc(0), undefined, asText)).to.equal(`${NEW}:now`);
      expect(kernel.last().flags).to.equal(MessageFlags.Request); // never with NLM_F_ACK
      kernel.onRequest(() => undefined);
      const later = conn.requestOne(GET, Buffer.alloc(0), undefined, asText);
      kernel.enqueue(datagram(reply(kernel.last(), NEW, 'later')));
      kernel.flush();
      expect(await later).to.equal(`${NEW}:later`);
      conn.close();
    });

    it('an error answer rejects with the NetlinkError; a datagram of another request read first still reaches it', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req, 19))]);
      const conn = open(kernel);
      expect(await rejection(conn.requestOne(GET, Buffer.alloc(0), undefined, asText))).to.have.property('code', 'ENODEV');
      // A request waiting for its answer; the next requestOne's send reads that answer first, then its own.
      kernel.onRequest(() => undefined);
      const waiting = conn.request(GET, Buffer.from('w'));
      const first = kernel.last();
      kernel.onRequest((req) => [datagram(ack(first)), datagram(reply(req, NEW, 'mine'))]);
      const one = conn.requestOne(GET, Buffer.alloc(0), undefined, asText);
      kernel.flush();
      expect(await waiting).to.deep.equal([]);
      expect(await one).to.equal(`${NEW}:mine`);
      conn.close();
    });

    it('an overrun during its send exposes it (or a requestAck()) to the barrier like any other request', async () => {
      for (const send of [(c: Connection) => c.requestOne(GET, Buffer.alloc(0), undefined, asText), (c: Connection) => c.requestAck(GET, Buffer.alloc(0))]) {
        const kernel = new FakeKernel();
        const conn = open(kernel);
        kernel.onRequest((req, k) => {
          if (req.type === GET) k.overrun(); // the kernel dropped what it would have answered
        });
        const lost = send(conn);
        await turn();
        const barrier = kernel.last();
        expect(barrier.type).to.equal(MessageType.Noop);
        kernel.enqueue(datagram(ack(barrier)));
        kernel.flush();
        expect(await rejection(lost)).to.have.property('code', 'ERR_NETLINK_OVERRUN');
        conn.close();
      }
    });
  });

  describe('requestAck()', () => {
    it('resolves on an ACK read inside the send, and on one that comes later through the event loop', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req))]);
      const conn = open(kernel);
      // Read inline, the ACK never goes through the connection's batch handler.
      let batches = 0;
      const handler = kernel.onBatch!;
      kernel.onBatch = (buf, meta, count) => {
        batches++;
        handler(buf, meta, count);
      };
      expect(await conn.requestAck(GET, Buffer.from('a'), { flags: 0x400 })).to.equal(undefined);
      expect(batches).to.equal(0);
      expect(kernel.last().flags).to.equal(MessageFlags.Request | MessageFlags.Ack | 0x400);
      expect(kernel.last().payload.toString()).to.equal('a');
      expect(kernel.queued).to.equal(0);
      expect(kernel.refed).to.equal(false);
      kernel.onRequest(() => undefined);
      const later = conn.requestAck(GET, Buffer.alloc(0));
      expect(kernel.refed).to.equal(true); // waiting for its ACK keeps the process alive
      kernel.enqueue(datagram(ack(kernel.last())));
      kernel.flush();
      expect(await later).to.equal(undefined);
      expect(batches).to.equal(1);
      expect(kernel.refed).to.equal(false);
      conn.close();
    });

    it('a refusal rejects as request() does: errno, code, extended-ACK text, operation, seq', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req, 17, 'already there'))]);
      const conn = open(kernel, (t) => (t === GET ? 'RTM_GETTHING' : undefined));
      const viaAck = await rejection(conn.requestAck(GET, Buffer.alloc(0)));
      const ackSeq = kernel.last().seq;
      const viaRequest = await rejection(conn.request(GET, Buffer.alloc(0)));
      for (const err of [viaAck, viaRequest]) {
        expect(err).to.be.instanceOf(NetlinkError);
        expect(err).to.include({ code: 'EEXIST', errno: 17, extAck: 'already there', operation: 'RTM_GETTHING', requestType: GET });
      }
      expect((viaAck as NetlinkError).seq).to.equal(ackSeq);
      expect(viaAck.message).to.equal(viaRequest.message);
      conn.close();
    });

    it('an ACK with a warning, a reply before the ACK, another request answered first: all settle as request() would', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req, 0, 'just a warning'))]);
      const conn = open(kernel);
      expect(await conn.requestAck(GET, Buffer.alloc(0))).to.equal(undefined);
      kernel.onRequest((req) => [datagram(reply(req, NEW, 'unasked'), ack(req))]);
      expect(await conn.requestAck(GET, Buffer.alloc(0))).to.equal(undefined);
      kernel.onRequest(() => undefined);
      const waiting = conn.request(GET, Buffer.from('w'));
      const first = kernel.last();
      kernel.onRequest((req) => [datagram(ack(first)), datagram(ack(req, 19))]);
      const mine = conn.requestAck(GET, Buffer.alloc(0));
      kernel.flush();
      expect(await waiting).to.deep.equal([]);
      expect(await rejection(mine)).to.have.property('code', 'ENODEV');
      conn.close();
    });

    it('an ACK with another seq or from another port id is not taken for its own', async () => {
      const kernel = new FakeKernel((req) => [datagram({ ...ack(req), seq: req.seq + 1 }), datagram({ ...ack(req), portId: req.portId + 1 })]);
      const conn = open(kernel);
      const r = conn.requestAck(GET, Buffer.alloc(0), { timeout: 20 });
      kernel.flush();
      expect(await rejection(r)).to.have.property('code', 'ETIMEDOUT');
      conn.close();
    });

    it('checks its arguments, and refuses on a closed connection or an aborted signal without sending', async () => {
      const kernel = new FakeKernel((req) => [datagram(ack(req))]);
      const conn = open(kernel);
      expect(await rejection(conn.requestAck(GET, 'x' as unknown as Buffer))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(await rejection(conn.requestAck(0x10000, Buffer.alloc(0)))).to.have.property('code', 'ERR_OUT_OF_RANGE');
      const aborted = new AbortController();
      aborted.abort();
      expect(await rejection(conn.requestAck(GET, Buffer.alloc(0), { signal: aborted.signal }))).to.have.property('code', 'ABORT_ERR');
      expect(kernel.sent).to.have.length(0);
      conn.close();
      expect(await rejection(conn.requestAck(GET, Buffer.alloc(0)))).to.have.property('code', 'ERR_NETLINK_CLOSED');
      expect(kernel.sent).to.have.length(0);
    });
  });

  describe('dumps', () => {
    it('gathers a multipart answer until NLMSG_DONE, with its flags', async () => {
      const kernel = new FakeKernel((req) => [
        datagram(reply(req, NEW, 'r1', NLM_F_MULTI), reply(req, NEW, 'r2', NLM_F_MULTI | NLM_F_DUMP_FILTERED)),
        datagram(reply(req, NEW, 'r3', NLM_F_MULTI), done(req)),
      ]);
      const conn = open(kernel);
      const result = await conn.dump(GET, Buffer.alloc(0));
      expect(kernel.last().flags).to.equal(MessageFlags.Request | 0x300);
      expect(result.messages.map(text)).to.deep.equal(['r1', 'r2', 'r3']);
      expect(result).to.include({ interrupted: false, filtered: true });
      conn.close();
    });

    it('runs one dump at a time: the next is sent once the first is done', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const first = conn.dump(GET, Buffer.from('1'));
      const second = conn.dump(GET, Buffer.from('2'));
      expect(kernel.sent.map((r) => r.payload.toString())).to.deep.equal(['1']);
      const a = kernel.last();
      kernel.enqueue(datagram(reply(a, NEW, 'a', NLM_F_MULTI), done(a)));
      kernel.flush();
      expect((await first).messages.map(text)).to.deep.equal(['a']);
      expect(kernel.sent.map((r) => r.payload.toString())).to.deep.equal(['1', '2']);
      const b = kernel.last();
      kernel.enqueue(datagram(done(b)));
      kernel.flush();
      expect((await second).messages).to.deep.equal([]);
      conn.close();
    });

    it('a queued dump cancelled before its turn is never sent', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const first = conn.dump(GET, Buffer.from('1'));
      const abort = new AbortController();
      const second = conn.dump(GET, Buffer.from('2'), { signal: abort.signal });
      const third = conn.dump(GET, Buffer.from('3'));
      abort.abort();
      expect(await rejection(second)).to.have.property('code', 'ABORT_ERR');
      kernel.enqueue(datagram(done(kernel.last())));
      kernel.flush();
      await first;
      expect(kernel.sent.map((r) => r.payload.toString())).to.deep.equal(['1', '3']);
      kernel.enqueue(datagram(done(kernel.last())));
      kernel.flush();
      await third;
      conn.close();
    });

    it('NLM_F_DUMP_INTR flags the result, and retryOnInterrupt runs the dump again', async () => {
      let runs = 0;
      const kernel = new FakeKernel((req) => {
        runs++;
        return [datagram(reply(req, NEW, `run ${runs}`, NLM_F_MULTI | (runs < 3 ? NLM_F_DUMP_INTR : 0)), done(req))];
      });
      const conn = open(kernel);
      expect(await conn.dump(GET, Buffer.alloc(0))).to.include({ interrupted: true });
      runs = 0;
      const retried = await conn.dump(GET, Buffer.alloc(0), { retryOnInterrupt: 5 });
      expect(retried.interrupted).to.equal(false);
      expect(retried.messages.map(text)).to.deep.equal(['run 3']);
      runs = 0;
      expect(await conn.dump(GET, Buffer.alloc(0), { retryOnInterrupt: 1 })).to.include({ interrupted: true });
      expect(runs).to.equal(2);
      conn.close();
    });

    it('an error in NLMSG_DONE (a dump that failed part-way) rejects the dump', async () => {
      const kernel = new FakeKernel((req) => [datagram(reply(req, NEW, 'x', NLM_F_MULTI), done(req, 0, 16))]);
      const conn = open(kernel);
      expect(await rejection(conn.dump(GET, Buffer.alloc(0)))).to.be.instanceOf(NetlinkError).with.property('code', 'EBUSY');
      conn.close();
    });

    it('streams a dump datagram by datagram, and says whether the kernel flagged it interrupted', async () => {
      const kernel = new FakeKernel((req) => [
        datagram(reply(req, NEW, 'a', NLM_F_MULTI), reply(req, NEW, 'b', NLM_F_MULTI)),
        datagram(reply(req, NEW, 'c', NLM_F_MULTI | NLM_F_DUMP_INTR)),
        datagram(done(req)),
      ]);
      const conn = open(kernel);
      const stream = conn.dumpStream(GET, Buffer.alloc(0));
      const batches: string[][] = [];
      for await (const batch of stream) batches.push(batch.map(text));
      expect(batches).to.deep.equal([['a', 'b'], ['c']]);
      expect(stream.interrupted).to.equal(true);
      conn.close();
    });

    it('stops reading while the consumer lags eight batches behind, and reads on once it catches up', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const chunks = conn.dumpChunks(GET, Buffer.alloc(0))[Symbol.asyncIterator]();
      const first = chunks.next(); // sends the request
      const sent = kernel.last();
      for (let i = 0; i < 12; i++) kernel.enqueue(datagram(reply(sent, NEW, `m${i}`, NLM_F_MULTI)));
      kernel.enqueue(datagram(done(sent)));
      for (let i = 0; i < 13 && !kernel.paused; i++) kernel.receiveNow(1);
      expect(kernel.paused).to.equal(true);
      expect(kernel.queued).to.equal(13 - 9); // one batch went straight to the waiting reader, eight are queued
      await first;
      for (let i = 0; i < 8; i++) await chunks.next();
      expect(kernel.paused).to.equal(false);
      kernel.flush();
      let rest = 0;
      while (!(await chunks.next()).done) rest++;
      expect(rest).to.equal(3);
      conn.close();
    });

    it('a stream abandoned by its consumer keeps the dump slot until the kernel ends the dump', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const stream = conn.dumpStream(GET, Buffer.from('1'));
      const iterator = stream[Symbol.asyncIterator]();
      const next = iterator.next();
      const sent = kernel.last();
      kernel.enqueue(datagram(reply(sent, NEW, 'a', NLM_F_MULTI)));
      kernel.flush();
      expect((await next).done).to.equal(false);
      await iterator.return!(undefined);
      const after = conn.dump(GET, Buffer.from('2'));
      expect(kernel.sent).to.have.length(1); // the kernel is still dumping for the first
      kernel.enqueue(datagram(reply(sent, NEW, 'b', NLM_F_MULTI), done(sent)));
      kernel.flush();
      expect(kernel.sent).to.have.length(2);
      kernel.enqueue(datagram(done(kernel.last())));
      kernel.flush();
      expect((await after).messages).to.deep.equal([]);
      conn.close();
    });
  });

  describe('overruns and the barrier', () => {
    it('fails requests sent before the overrun that the barrier shows were dropped; answered ones are kept', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel, (t) => (t === GET ? 'GET' : undefined));
      let overruns = 0;
      conn.on('overrun', () => overruns++);
      const lost = conn.request(GET, Buffer.from('lost'));
      const answered = conn.request(GET, Buffer.from('answered'));
      const [l, a] = kernel.sent;
      kernel.overrun();
      expect(overruns).to.equal(1);
      await turn();
      const barrier = kernel.last();
      expect(barrier).to.include({ type: MessageType.Noop, flags: MessageFlags.Request | MessageFlags.Ack });
      kernel.enqueue(datagram(ack(a)), datagram(ack(barrier)));
      kernel.flush();
      expect(await answered).to.deep.equal([]);
      const err = await rejection(lost);
      expect(err).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_OVERRUN');
      expect(err.message).to.contain('GET');
      expect((err as RequestError).seq).to.equal(l.seq);
      conn.close();
    });

    it('re-sends an unanswered barrier, and forgets the one before', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const lost = conn.request(GET, Buffer.alloc(0));
      kernel.overrun();
      await turn();
      const firstBarrier = kernel.last();
      // Unanswered, it is sent again after a backoff that starts at 50 ms.
      const deadline = Date.now() + 5000;
      while (kernel.last().seq === firstBarrier.seq && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      const secondBarrier = kernel.last();
      expect(secondBarrier.type).to.equal(MessageType.Noop);
      expect(secondBarrier.seq).to.not.equal(firstBarrier.seq);
      kernel.enqueue(datagram(ack(firstBarrier)), datagram(ack(secondBarrier)));
      kernel.flush();
      expect(await rejection(lost)).to.have.property('code', 'ERR_NETLINK_OVERRUN');
      conn.close();
    });

    it('sends no barrier when nothing is pending, and a dump is not exposed', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      kernel.overrun();
      const dump = conn.dump(GET, Buffer.alloc(0));
      kernel.overrun();
      await turn();
      expect(kernel.sent.map((r) => r.type)).to.deep.equal([GET]);
      kernel.enqueue(datagram(done(kernel.last())));
      kernel.flush();
      await dump;
      conn.close();
    });

    it('tells every subscription, as an event and as an error from its iterator', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const sub = conn.subscribe([GROUP]);
      const iterator = sub[Symbol.asyncIterator]();
      const events: string[] = [];
      sub.on('overrun', () => events.push('overrun'));
      kernel.overrun();
      expect(events).to.deep.equal(['overrun']);
      expect(await rejection(iterator.next())).to.have.property('code', 'ERR_NETLINK_OVERRUN');
      expect(sub.overruns).to.equal(1);
      conn.close();
    });
  });

  describe('subscriptions', () => {
    it('delivers notifications to the subscriptions of their group, with the group', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const five = conn.subscribe([GROUP]);
      const six = conn.subscribe([6]);
      expect(kernel.options.get(SocketOption.PktInfo)).to.equal(true);
      const got: string[] = [];
      six.on('message', (n) => got.push(`six ${n.group}`));
      const iterator = five[Symbol.asyncIterator]();
      kernel.enqueue({ group: GROUP, messages: [{ type: NEW, seq: 0, payload: Buffer.from('hello') }] });
      kernel.flush();
      const n = (await iterator.next()).value;
      expect(n).to.include({ type: NEW, group: GROUP, seq: 0 });
      expect(n.payload.toString()).to.equal('hello');
      expect(got).to.deep.equal([]);
      conn.close();
    });

    it('counts memberships: a group is left when its last subscription closes', () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const a = conn.subscribe([GROUP, 6]);
      const b = conn.subscribe([GROUP]);
      expect(kernel.memberships()).to.deep.equal([GROUP, 6]);
      expect(kernel.refed).to.equal(true);
      a.close();
      expect(kernel.memberships()).to.deep.equal([GROUP]);
      b.close();
      b.close();
      expect(kernel.memberships()).to.deep.equal([]);
      expect(kernel.refed).to.equal(false);
      conn.close();
    });

    it('joins all or nothing: a refused group leaves no membership behind', () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const join = kernel.addMembership.bind(kernel);
      kernel.addMembership = (g: number) => {
        if (g === 7) throw new Error('EINVAL');
        join(g);
      };
      expect(() => conn.subscribe([GROUP, 7])).to.throw('EINVAL');
      expect(kernel.memberships()).to.deep.equal([]);
      conn.close();
    });

    it('a malformed notification is an error event, not a crash', () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      conn.subscribe([GROUP]);
      const errors: Error[] = [];
      conn.on('error', (err: Error) => errors.push(err));
      kernel.enqueue({ group: GROUP, messages: [{ type: NEW, seq: 0, length: 100 }] });
      kernel.flush();
      expect(errors).to.have.length(1);
      expect(errors[0]).to.have.property('code', 'ERR_NETLINK_DECODE');
      conn.close();
    });
  });

  describe('broken replies', () => {
    it('a truncated datagram fails the request it answers', async () => {
      const kernel = new FakeKernel((req) => [{ ...datagram(reply(req, NEW, 'x'.repeat(100)), ack(req)), truncateTo: 40 }]);
      const conn = open(kernel);
      expect(await rejection(conn.request(GET, Buffer.alloc(0)))).to.have.property('code', 'ERR_NETLINK_TRUNCATED');
      conn.close();
    });

    it('a message whose length runs past its datagram fails the request it answers', async () => {
      const kernel = new FakeKernel((req) => [datagram({ ...reply(req, NEW, 'abc'), length: 400 })]);
      const conn = open(kernel);
      expect(await rejection(conn.request(GET, Buffer.alloc(0)))).to.have.property('code', 'ERR_NETLINK_DECODE');
      conn.close();
    });

    it('datagrams from another sender than the kernel are dropped unless acceptNonKernel', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const r = conn.request(GET, Buffer.alloc(0));
      const sent = kernel.last();
      kernel.enqueue({ from: 99, messages: [ack(sent, 1)] }, datagram(ack(sent)));
      kernel.flush();
      expect(await r).to.deep.equal([]);
      conn.close();
    });
  });

  describe('close', () => {
    it('rejects every pending request, running, queued and streamed dump, and closes subscriptions', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const request = conn.request(GET, Buffer.alloc(0));
      const one = conn.requestOne(GET, Buffer.alloc(0), undefined, () => 1);
      const running = conn.dump(GET, Buffer.alloc(0));
      const queued = conn.dump(GET, Buffer.alloc(0));
      const streamed = conn.dumpStream(GET, Buffer.alloc(0))[Symbol.asyncIterator]().next();
      const sub = conn.subscribe([GROUP]);
      const subNext = sub[Symbol.asyncIterator]().next();
      let closed = 0;
      conn.on('close', () => closed++);
      conn.close();
      for (const p of [request, one, running, queued, streamed]) {
        expect(await rejection(p)).to.be.instanceOf(RequestError).with.property('code', 'ERR_NETLINK_CLOSED');
      }
      expect(await subNext).to.deep.equal({ value: undefined, done: true });
      expect(sub.closed).to.equal(true);
      expect(kernel.closed).to.equal(true);
      await turn();
      expect(closed).to.equal(1);
      expect(await rejection(conn.request(GET, Buffer.alloc(0)))).to.have.property('code', 'ERR_NETLINK_CLOSED');
      expect(() => conn.subscribe([GROUP])).to.throw(RequestError);
    });

    it('a socket closed under the connection (by a listener, during a send) settles what was pending', async () => {
      const kernel = new FakeKernel();
      const conn = open(kernel);
      const waiting = conn.request(GET, Buffer.alloc(0));
      kernel.onRequest((_req: SentRequest, k) => void k.close());
      const one = conn.requestOne(GET, Buffer.alloc(0), undefined, () => 1);
      expect(conn.closed).to.equal(true);
      expect(await rejection(waiting)).to.have.property('code', 'ERR_NETLINK_CLOSED');
      expect(await rejection(one)).to.have.property('code', 'ERR_NETLINK_CLOSED');
    });
  });
});

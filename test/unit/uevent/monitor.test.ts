// The monitor's bookkeeping, driven through a stand-in socket that delivers hand-made batches (the kernel tests
// drive the same paths with real datagrams).
import { expect } from 'chai';
import { EventEmitter } from 'events';
import fc from 'fast-check';
import os = require('os');
import {
  LostReport, MalformedReport, RejectedReport, Uevent, UeventDecodeError, UeventMonitor, UeventSocket, parseKernelUevent,
} from '../../../lib/uevent'; // prettier-ignore
import { kernelDatagram, udevDatagram } from './wire';

interface Row {
  data: Buffer;
  portId?: number;
  groups?: number;
  uid?: number;
  truncated?: boolean;
}

class FakeSocket extends EventEmitter {
  onBatch: ((buffer: Buffer, meta: Int32Array, count: number) => void) | null = null;
  closed = false;
  bound: unknown;
  filters: unknown[] = [];
  options: Array<[unknown, unknown]> = [];
  bind(address: unknown) {
    this.bound = address;
    return { portId: 1234, groups: 1 };
  }
  setOption(option: unknown, value: unknown) {
    this.options.push([option, value]);
  }
  setReceiveBufferSize(bytes: number) {
    return bytes * 2;
  }
  attachFilter(program: unknown[]) {
    this.filters.push(program);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
  ref() {
    return this;
  }
  paused = false;
  pause() {
    this.paused = true;
    return this;
  }
  resume() {
    this.paused = false;
    return this;
  }
  unref() {
    return this;
  }
  deliver(rows: Row[]) {
    const buffer = Buffer.concat(rows.map((r) => r.data));
    const meta = new Int32Array(rows.length * 10);
    let offset = 0;
    rows.forEach((r, i) => {
      meta.set([offset, r.data.length, r.portId ?? 0, r.groups ?? 1, 0, 0, 0, r.uid ?? 0, 0, (r.truncated ? 1 : 0) | (r.uid !== undefined ? 2 : 0)], i * 10);
      offset += r.data.length;
    });
    this.onBatch!(buffer, meta, rows.length);
  }
}

function open(options: ConstructorParameters<typeof UeventMonitor>[1] = {}) {
  const socket = new FakeSocket();
  const monitor = new UeventMonitor(socket as unknown as UeventSocket, options);
  return { socket, monitor };
}

const net = (seq: number, action = 'change') =>
  kernelDatagram(action, '/devices/virtual/net/veth0', [['SUBSYSTEM', 'net'], ['INTERFACE', 'veth0']], String(seq));
const block = (seq: number) => kernelDatagram('add', '/devices/virtual/block/loop0', [['SUBSYSTEM', 'block']], String(seq));

describe('uevent monitor (stand-in socket)', () => {
  it('binds the kernel group, asks for a large buffer, and attaches a socket filter for a subsystem filter', () => {
    const { socket, monitor } = open({ filter: { subsystem: 'net' } });
    expect(socket.bound).to.deep.equal({ portId: 0, groups: 1 });
    expect(monitor.receiveBufferSize).to.equal(128 * 1024 * 1024);
    expect(socket.filters).to.have.length(1);
    expect(monitor.kernelFilter?.scanLimit).to.equal(512);
    const udev = open({ source: 'both' });
    expect(udev.socket.bound).to.deep.equal({ portId: 0, groups: 3 });
    expect(udev.socket.options, 'SO_PASSCRED for the udev group').to.have.length(1);
  });

  it('hands reading to the socket\'s receive thread when asked, and says so when the socket has none', () => {
    const threads: boolean[] = [];
    const socket = Object.assign(new FakeSocket(), { setReceiveThread: (on: boolean) => threads.push(on) });
    new UeventMonitor(socket as unknown as UeventSocket, { receiveThread: true });
    expect(threads).to.deep.equal([true]);
    open({ receiveThread: false });
    expect(() => open({ receiveThread: true })).to.throw(TypeError, /receive thread/);
  });

  it('reads on the receive thread by default only when the process may use more than one CPU', () => {
    const osModule = os as { availableParallelism?: () => number };
    const original = osModule.availableParallelism;
    const withCpus = (cpus: number, options = {}) => {
      osModule.availableParallelism = () => cpus;
      const threads: boolean[] = [];
      const socket = Object.assign(new FakeSocket(), { setReceiveThread: (on: boolean) => threads.push(on) });
      new UeventMonitor(socket as unknown as UeventSocket, options);
      return threads;
    };
    try {
      expect(withCpus(2)).to.deep.equal([true]);
      expect(withCpus(1), 'a single core: the threads would only take turns').to.deep.equal([]);
      expect(withCpus(2, { receiveThread: false })).to.deep.equal([]);
      expect(withCpus(1, { receiveThread: true })).to.deep.equal([true]);
      // A socket without a thread (a stand-in, another implementation) is read as before.
      osModule.availableParallelism = () => 2;
      expect(() => open()).not.to.throw();
    } finally {
      osModule.availableParallelism = original;
    }
  });

  it('delivers trusted events to listeners and counts what the filter drops', () => {
    const { socket, monitor } = open({ filter: { subsystem: 'net' } });
    const seen: Uevent[] = [];
    monitor.on('uevent', (e) => seen.push(e));
    socket.deliver([{ data: net(1) }, { data: block(2) }, { data: net(3) }]);
    expect(seen.map((e) => e.seqnum)).to.deep.equal([1n, 3n]);
    expect(monitor.stats).to.include({ datagrams: 3, delivered: 2, filtered: 1, rejected: 0, malformed: 0 });
  });

  it('rejects forged kernel-group and udev-group datagrams, counts them, and shows them to a listener that asks', () => {
    const { socket, monitor } = open({ source: 'both' });
    const rejected: RejectedReport[] = [];
    const seen: Uevent[] = [];
    monitor.on('rejected', (r) => rejected.push(r));
    monitor.on('uevent', (e) => seen.push(e));
    const udev = udevDatagram([['ACTION', 'add'], ['DEVPATH', '/devices/x'], ['SUBSYSTEM', 'x'], ['SEQNUM', '5']]);
    socket.deliver([
      { data: net(1), portId: 4242, groups: 1 },
      { data: udev, portId: 4243, groups: 2, uid: 1000 },
      { data: udev, portId: 4244, groups: 2 },
      { data: net(2), portId: 4245, groups: 0 },
      { data: net(3), portId: 0, groups: 1 },
      { data: udev, portId: 4246, groups: 2, uid: 0 },
    ]);
    expect(rejected.map((r) => r.reason)).to.deep.equal(['kernel-group-sender', 'untrusted-uid', 'no-credentials', 'unicast']);
    expect(rejected[0].sender).to.deep.equal({ portId: 4242, groups: 1 });
    expect(rejected[1].sender.creds).to.deep.equal({ pid: 0, uid: 1000, gid: 0 });
    expect(rejected[0].data.equals(net(1))).to.equal(true);
    expect(seen.map((e) => `${e.source}:${e.seqnum}`)).to.deep.equal(['kernel:3', 'udev:5']);
    expect(monitor.stats.rejected).to.equal(4);
  });

  it('delivers forged datagrams only when trust is turned off', () => {
    const { socket, monitor } = open({ trust: false });
    let count = 0;
    monitor.on('uevent', () => count++);
    socket.deliver([{ data: net(1), portId: 99 }]);
    expect(count).to.equal(1);
  });

  it('counts malformed datagrams with a typed error and keeps delivering', () => {
    const { socket, monitor } = open();
    const malformed: MalformedReport[] = [];
    const seen: Uevent[] = [];
    monitor.on('malformed', (r) => malformed.push(r));
    monitor.on('uevent', (e) => seen.push(e));
    socket.deliver([
      { data: Buffer.from('garbage') },
      { data: net(1), truncated: true },
      { data: Buffer.alloc(0) },
      { data: net(2) },
    ]);
    expect(malformed.map((r) => r.error.reason)).to.deep.equal(['no-header', 'truncated', 'empty']);
    expect(malformed[0].error.code).to.equal('ERR_UEVENT_DECODE');
    expect(seen).to.have.length(1);
    expect(monitor.stats.malformed).to.equal(3);
  });

  it('decodes a batch exactly as it decodes each datagram alone, errors and non-ASCII included (property test)', () => {
    // A plain-ASCII batch is decoded from one string: its datagrams, their errors and offsets must come out as
    // parseKernelUevent gives them one by one.
    const datagram = fc.oneof(
      fc.constantFrom(net(7), block(8), kernelDatagram('add', '/d', [['SUBSYSTEM', 's'], ['NAME', 'café']], '9')),
      fc.constantFrom('add@/d\0ACTION=add\0JUNK\0', 'add@/e\0ACTION=add\0DEVPATH=/d\0SUBSYSTEM=s\0SEQNUM=1\0', 'add@/d').map((t) => Buffer.from(t, 'latin1')),
      fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
    );
    const outcome = (r: Uevent | UeventDecodeError) =>
      r instanceof UeventDecodeError ? { reason: r.reason, offset: r.offset } : { ...r.toJSON() };
    fc.assert(
      fc.property(fc.array(datagram, { minLength: 1, maxLength: 8 }), (datagrams) => {
        const { socket, monitor } = open({ reportSeqnumGaps: false });
        const got: unknown[] = [];
        monitor.on('uevent', (e) => got.push(outcome(e)));
        monitor.on('malformed', (r) => got.push(outcome(r.error)));
        socket.deliver(datagrams.map((data) => ({ data })));
        const expected = datagrams.map((d) => (d.length === 0 ? { reason: 'empty', offset: 0 } : outcome(parseKernelUevent(d))));
        expect(got).to.deep.equal(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('reports an overrun at once and the seqnum gap that follows it, with its size when it sees every uevent', () => {
    for (const reportSeqnumGaps of [true, false]) {
      const { socket, monitor } = open({ reportSeqnumGaps });
      const lost: LostReport[] = [];
      monitor.on('lost', (r) => lost.push(r));
      socket.deliver([{ data: net(10) }]);
      socket.emit('overrun');
      socket.deliver([{ data: net(20) }, { data: net(21) }]);
      // Without every uevent in view, the first gap after the overrun may be one the filter made: size unknown.
      const count = reportSeqnumGaps ? 9 : undefined;
      expect(lost.map((r) => [r.reason, r.count, r.certain])).to.deep.equal([
        ['overrun', undefined, true],
        ['seqnum-gap', count, true],
      ]);
      expect(monitor.stats).to.include({ overruns: 1, lost: count ?? 0 });
    }
  });

  it('reports plain gaps as uncertain loss when asked to', () => {
    const { socket, monitor } = open({ reportSeqnumGaps: true });
    const lost: LostReport[] = [];
    monitor.on('lost', (r) => lost.push(r));
    socket.deliver([{ data: net(1) }, { data: net(4) }]);
    expect(lost).to.have.length(1);
    expect(lost[0]).to.deep.include({ reason: 'seqnum-gap', count: 2, certain: false });
  });

  it('iterates events and loss reports in order, and ends when the signal aborts', async () => {
    const controller = new AbortController();
    const { socket, monitor } = open({ signal: controller.signal, reportSeqnumGaps: true });
    socket.deliver([{ data: net(1) }, { data: net(3) }]);
    const iterator = monitor[Symbol.asyncIterator]();
    socket.deliver([{ data: net(5) }, { data: net(6) }]);
    const first = await iterator.next();
    const second = await iterator.next();
    const third = await iterator.next();
    expect([first.value?.kind, second.value?.kind, third.value?.kind]).to.deep.equal(['lost', 'uevent', 'uevent']);
    const pending = iterator.next();
    controller.abort();
    expect((await pending).done).to.equal(true);
    expect(monitor.closed).to.equal(true);
    expect(socket.closed).to.equal(true);
  });

  it('bounds the iterator queue and reports what a slow consumer missed', async () => {
    const { socket, monitor } = open({ queueLimit: 2 });
    const iterator = monitor[Symbol.asyncIterator]();
    socket.deliver([1, 2, 3, 4, 5].map((s) => ({ data: net(s) })));
    const kinds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { value } = await iterator.next();
      kinds.push(value!.kind === 'lost' ? `lost:${value!.count}` : `uevent:${(value as Uevent).seqnum}`);
    }
    expect(kinds).to.deep.equal(['uevent:1', 'uevent:2', 'lost:3']);
    expect(monitor.stats.lost).to.equal(3);
    await iterator.return!();
    expect(monitor.closed).to.equal(true);
  });

  it("reports plain gaps by default only when unfiltered, kernel-only and not in another namespace ('auto')", () => {
    expect(open({ filter: { subsystem: 'net' } }).monitor.reportsSeqnumGaps).to.equal(false);
    expect(open({ netns: 'elsewhere' }).monitor.reportsSeqnumGaps).to.equal(false);
    expect(open({ source: 'both' }).monitor.reportsSeqnumGaps).to.equal(false);
    expect(open({ reportSeqnumGaps: true, filter: { subsystem: 'net' } }).monitor.reportsSeqnumGaps).to.equal(true);
  });

  it('pauses and resumes reading on the socket', () => {
    const { socket, monitor } = open();
    monitor.pause();
    expect(socket.paused).to.equal(true);
    monitor.resume();
    expect(socket.paused).to.equal(false);
  });

  it('stops at once when a listener closes it mid-batch', () => {
    const { socket, monitor } = open();
    let count = 0;
    monitor.on('uevent', () => {
      count++;
      monitor.close();
    });
    socket.deliver([{ data: net(1) }, { data: net(2) }]);
    expect(count).to.equal(1);
  });
});

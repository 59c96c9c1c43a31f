// Bad arguments are typed errors before anything reaches the kernel. (Opening a NETLINK_ROUTE socket needs no
// privileges, so these run as any user.)
import { expect } from 'chai';
import { nativeBinding, NativeSocketHandle } from '../../../lib/socket/binding';

const binding = nativeBinding();
import { META_STRIDE, NetlinkSocket, SocketOption } from '../../../lib/socket/netlink-socket';

const withCode = (code: string) => (e: NodeJS.ErrnoException) => e.code === code;

describe('socket: argument checking', function () {
  it('open() checks the protocol and the namespace', function () {
    expect(() => NetlinkSocket.open(undefined as never)).to.throw(TypeError);
    expect(() => NetlinkSocket.open({ protocol: '0' as never })).to.throw(TypeError).that.satisfies(withCode('ERR_INVALID_ARG_TYPE'));
    expect(() => NetlinkSocket.open({ protocol: -1 })).to.throw(RangeError).that.satisfies(withCode('ERR_OUT_OF_RANGE'));
    expect(() => NetlinkSocket.open({ protocol: 0.5 })).to.throw(RangeError);
    expect(() => NetlinkSocket.open({ protocol: 0, netns: '' })).to.throw(TypeError).that.satisfies(withCode('ERR_INVALID_ARG_VALUE'));
    expect(() => NetlinkSocket.open({ protocol: 0, netns: '..' })).to.throw(TypeError).that.satisfies(withCode('ERR_INVALID_ARG_VALUE'));
    expect(() => NetlinkSocket.open({ protocol: 0, netns: 'a\0b' })).to.throw(TypeError);
    expect(() => NetlinkSocket.open({ protocol: 0, netns: -1 })).to.throw(RangeError);
    expect(() => NetlinkSocket.open({ protocol: 0, netns: {} as never })).to.throw(TypeError);
  });

  it('new NetlinkSocket() from JavaScript says to use open()', function () {
    const Socket = NetlinkSocket as unknown as new (...args: unknown[]) => unknown;
    for (const args of [[], [0, { netns: 'x' }], [{}, 0]]) {
      expect(() => new Socket(...args)).to.throw(TypeError, /NetlinkSocket\.open\(options\)/).that.satisfies(withCode('ERR_ILLEGAL_CONSTRUCTOR'));
    }
  });

  it('methods check their arguments', function () {
    const s = NetlinkSocket.open({ protocol: 0 });
    try {
      expect(() => s.bind({ portId: -1 })).to.throw(RangeError);
      expect(() => s.bind({ groups: 2 ** 32 })).to.throw(RangeError);
      expect(() => s.send('hello' as never)).to.throw(TypeError);
      expect(() => s.send(Buffer.alloc(16), { portId: 1.5 })).to.throw(RangeError);
      expect(() => s.sendReceive({} as never)).to.throw(TypeError);
      expect(() => s.sendReceive(Buffer.alloc(16), { groups: -1 })).to.throw(RangeError);
      expect(() => s.addMembership(0)).to.throw(RangeError);
      expect(() => s.dropMembership('1' as never)).to.throw(TypeError);
      expect(() => s.setOption('ExtAck' as never, true)).to.throw(TypeError);
      expect(() => s.getOption(-1 as SocketOption)).to.throw(TypeError);
      expect(() => s.setReceiveBufferSize(2 ** 31)).to.throw(RangeError);
      expect(() => {
        s.onBatch = 'f' as never;
      }).to.throw(TypeError);
      expect(s.onBatch).to.equal(null);
    } finally {
      s.close();
    }
  });

  it('the addon\'s sendReceive takes only the arrays it can write into, and never writes out of bounds', function () {
    const handle = new binding.Socket(0, null, -1);
    try {
      const data = Buffer.alloc(16);
      const meta = new Int32Array(10);
      const into = Buffer.alloc(64);
      expect(() => handle.sendReceive(data, 0, 0, new Uint16Array(4) as never, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceive(data, 0, 0, into, 0, new Float64Array(10) as never)).to.throw(TypeError);
      expect(() => handle.sendReceive(new Int32Array(4) as never, 0, 0, into, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceive(data, 0, 0, into, '0' as never, meta)).to.throw(TypeError);
      expect(() => handle.sendReceive(data, '0' as never, 0, into, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceive(data, 0, null as never, into, 0, meta)).to.throw(TypeError);
      // Not typed arrays at all (the addon asks V8 for a typed array's contents and takes a refusal as the answer).
      expect(() => handle.sendReceive({ length: 16 } as never, 0, 0, into, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceive(data, 0, 0, new ArrayBuffer(64) as never, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceive(data, 0, 0, into, 0, new DataView(new ArrayBuffer(40)) as never)).to.throw(TypeError);
      expect(() => (handle.sendReceive as (...a: unknown[]) => number)(data, 0, 0, into)).to.throw(TypeError);
    } finally {
      handle.close();
    }
  });

  it('the raw binding checks what it is given too, with Node\'s codes, before acting on it', function () {
    const Socket = binding.Socket as unknown as new (...args: unknown[]) => NativeSocketHandle;
    const type = withCode('ERR_INVALID_ARG_TYPE');
    const range = withCode('ERR_OUT_OF_RANGE');
    const value = withCode('ERR_INVALID_ARG_VALUE');
    // A NaN protocol opened NETLINK_ROUTE; an fd of 2^40 was fd 0; a path with a NUL byte was cut at it.
    expect(() => new Socket(NaN, null, -1)).to.throw(RangeError, /"protocol".*Received NaN/).that.satisfies(range);
    expect(() => new Socket(-1, null, -1)).to.throw(RangeError).that.satisfies(range);
    expect(() => new Socket('0', null, -1)).to.throw(TypeError).that.satisfies(type);
    expect(() => new Socket(0, null, 2 ** 40)).to.throw(RangeError, /"netnsFd".*1099511627776/).that.satisfies(range);
    expect(() => new Socket(0, null, 1.5)).to.throw(RangeError).that.satisfies(range);
    expect(() => new Socket(0, '/proc/self/ns/net\0x', -1)).to.throw(TypeError).that.satisfies(value);
    expect(() => new Socket(0, '', -1)).to.throw(TypeError).that.satisfies(value);
    expect(() => new Socket(0, {}, -1)).to.throw(TypeError, /instance of Object/).that.satisfies(type);
    expect(() => new Socket(0)).to.throw(TypeError).that.satisfies(type);
    const s = new Socket(0, null, -1);
    try {
      // 65,537 instructions were attached as one (the count cut to 16 bits).
      expect(() => s.attachFilter(new Uint8Array(8 * 65537))).to.throw(RangeError, /4096 instructions. Received 65537/).that.satisfies(range);
      expect(() => s.attachFilter(new Uint8Array(0))).to.throw(RangeError).that.satisfies(range);
      expect(() => s.attachFilter(new Uint8Array(12))).to.throw(TypeError).that.satisfies(value);
      expect(() => s.attachFilter(new Uint16Array(4) as never)).to.throw(TypeError, /Uint16Array/).that.satisfies(type);
      expect(() => s.bind('1' as never, 0)).to.throw(TypeError).that.satisfies(type);
      expect(() => s.bind(NaN, 0)).to.throw(RangeError).that.satisfies(range);
      expect(() => s.bind(0, 2 ** 32)).to.throw(RangeError).that.satisfies(range);
      expect(() => s.send(Buffer.alloc(16), -1, 0)).to.throw(RangeError).that.satisfies(range);
      expect(() => s.send(new Uint32Array(4) as never, 0, 0)).to.throw(TypeError).that.satisfies(type);
      expect(() => s.sendReceive(Buffer.alloc(16), 0, 0.5, Buffer.alloc(64), 0, new Int32Array(META_STRIDE))).to.throw(RangeError).that.satisfies(range);
      expect(() => s.sendReceiveKernel(Buffer.alloc(16), Buffer.alloc(64), 65, new Int32Array(META_STRIDE))).to.throw(RangeError).that.satisfies(range);
      expect(() => s.sendReceiveKernel(Buffer.alloc(16), Buffer.alloc(64), NaN, new Int32Array(META_STRIDE))).to.throw(RangeError).that.satisfies(range);
      expect(() => s.sendReceiveKernel(Buffer.alloc(16), Buffer.alloc(64), 0, new Int32Array(META_STRIDE - 1))).to.throw(TypeError).that.satisfies(value);
      expect(() => s.setReading('yes' as never)).to.throw(TypeError).that.satisfies(type);
      expect(() => s.setReceiveThread(1 as never)).to.throw(TypeError).that.satisfies(type);
      expect(() => s.setRef(undefined as never)).to.throw(TypeError).that.satisfies(type);
      expect(() => s.receiveNow(-1)).to.throw(RangeError).that.satisfies(range);
      expect(() => s.setIntOption(270, 11, 2 ** 31, 'NETLINK_EXT_ACK')).to.throw(RangeError).that.satisfies(range);
      expect(() => s.setIntOption(270, 11, 1, 5 as never)).to.throw(TypeError).that.satisfies(type);
      expect(() => s.getIntOption(NaN, 11, 'x')).to.throw(RangeError).that.satisfies(range);
      expect(() => s.setBufferSize(true, 0)).to.throw(RangeError).that.satisfies(range);
      expect(() => s.setBufferSize(true, 2 ** 31)).to.throw(RangeError).that.satisfies(range);
      // Nothing was acted on: the socket is as it was, unbound and without a filter.
      expect(s.address()).to.deep.equal({ portId: 0, groups: 0 });
      expect(() => s.detachFilter()).to.throw().that.satisfies(withCode('ENOENT'));
    } finally {
      s.close();
    }
    expect(() => binding.setCallbacks({ batch: () => undefined } as never)).to.throw(TypeError, /callbacks\.overrun/).that.satisfies(type);
  });

  it('the addon\'s sendReceiveKernel checks its arrays alike, belongs to its own socket, and fails once that is closed', function () {
    const handle = new binding.Socket(0, null, -1);
    const other = new binding.Socket(0, null, -1);
    const data = Buffer.alloc(16);
    const meta = new Int32Array(10);
    const into = Buffer.alloc(64);
    try {
      expect(handle.sendReceiveKernel).to.be.a('function').and.not.equal(other.sendReceiveKernel);
      expect(Object.keys(handle)).to.include('sendReceiveKernel');
      expect(() => handle.sendReceiveKernel(data, new Uint16Array(4) as never, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceiveKernel(data, into, 0, new Float64Array(10) as never)).to.throw(TypeError);
      expect(() => handle.sendReceiveKernel(new Int32Array(4) as never, into, 0, meta)).to.throw(TypeError);
      expect(() => handle.sendReceiveKernel(data, into, '0' as never, meta)).to.throw(TypeError);
      expect(() => handle.sendReceiveKernel({ length: 16 } as never, into, 0, meta)).to.throw(TypeError);
      expect(() => (handle.sendReceiveKernel as (...a: unknown[]) => number)(data, into, 0)).to.throw(TypeError);
      // The function works on the socket it was made for, whatever `this` it is called with.
      other.close();
      const detached = handle.sendReceiveKernel;
      expect(() => detached.call(other, data, into, 0, meta)).to.not.throw();
      handle.close();
      expect(() => detached.call(handle, data, into, 0, meta)).to.throw().that.satisfies(withCode('EBADF'));
    } finally {
      handle.close();
      other.close();
    }
  });
});

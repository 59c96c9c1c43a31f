// Classic BPF programs as the kernel reads them: struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }.
import { expect } from 'chai';
import { endianness } from 'os';
import { encodeBpfProgram } from '../../../lib/socket/bpf';

describe('socket: encodeBpfProgram', function () {
  it('lays out each instruction in 8 bytes, host byte order', function () {
    const bytes = encodeBpfProgram(
      [
        { code: 0x20, jt: 0, jf: 0, k: 0xfffff004 }, // ld [SKF_AD_OFF + 4]
        { code: 0x15, jt: 1, jf: 2, k: 0x12345678 }, // jeq #0x12345678
        { code: 0x06, jt: 0, jf: 0, k: 0xffffffff }, // ret #-1
      ],
      4096,
    );
    const le = endianness() === 'LE';
    const expected = le
      ? '2000 00 00 04f0ffff' + '1500 01 02 78563412' + '0600 00 00 ffffffff'
      : '0020 00 00 fffff004' + '0015 01 02 12345678' + '0006 00 00 ffffffff';
    expect(bytes.toString('hex')).to.equal(expected.replace(/ /g, ''));
  });

  it('accepts k written as a negative int32', function () {
    const a = encodeBpfProgram([{ code: 0x20, jt: 0, jf: 0, k: -0x1000 + 4 }], 4096);
    const b = encodeBpfProgram([{ code: 0x20, jt: 0, jf: 0, k: 0xfffff004 }], 4096);
    expect(a.equals(b)).to.equal(true);
  });

  it('rejects bad shapes with typed errors', function () {
    const ok = { code: 6, jt: 0, jf: 0, k: 0 };
    const code = (e: NodeJS.ErrnoException) => e.code;
    expect(() => encodeBpfProgram([], 4096)).to.throw(RangeError).that.satisfies((e: NodeJS.ErrnoException) => code(e) === 'ERR_OUT_OF_RANGE');
    expect(() => encodeBpfProgram(new Array(5).fill(ok), 4)).to.throw(RangeError);
    expect(() => encodeBpfProgram('x' as never, 4096)).to.throw(TypeError);
    expect(() => encodeBpfProgram([null as never], 4096)).to.throw(TypeError);
    expect(() => encodeBpfProgram([{ ...ok, code: 0x10000 }], 4096)).to.throw(RangeError);
    expect(() => encodeBpfProgram([{ ...ok, jt: 256 }], 4096)).to.throw(RangeError);
    expect(() => encodeBpfProgram([{ ...ok, jf: -1 }], 4096)).to.throw(RangeError);
    expect(() => encodeBpfProgram([{ ...ok, k: 2 ** 32 }], 4096)).to.throw(RangeError);
    expect(() => encodeBpfProgram([{ ...ok, k: 1.5 }], 4096)).to.throw(RangeError);
    expect(() => encodeBpfProgram([{ ...ok, k: '1' as never }], 4096)).to.throw(TypeError);
  });
});

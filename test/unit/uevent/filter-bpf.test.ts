import { expect } from 'chai';
import fc from 'fast-check';
import {
  BPF_DROP,
  BPF_PASS,
  compileFilter,
  compileUeventBpf,
  globToRegExp,
  parseKernelUevent,
  stringHash32,
  Uevent,
} from '../../../lib/uevent';
import { runBpf } from './bpf-interpreter';
import { kernelDatagram, udevDatagram } from './wire';

function event(action: string, devpath: string, extra: Array<[string, string]>): Uevent {
  return parseKernelUevent(kernelDatagram(action, devpath, extra)) as Uevent;
}

describe('uevent filters', () => {
  const disk = event('add', '/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda', [
    ['SUBSYSTEM', 'block'],
    ['DEVTYPE', 'disk'],
    ['DEVNAME', 'sda'],
    ['ID_BUS', 'ata'],
  ]);
  const veth = event('remove', '/devices/virtual/net/veth0', [
    ['SUBSYSTEM', 'net'],
    ['INTERFACE', 'veth0'],
  ]);

  const cases: Array<[string, Parameters<typeof compileFilter>[0], boolean, boolean]> = [
    ['no criteria', {}, true, true],
    ['subsystem', { subsystem: 'block' }, true, false],
    ['any of several subsystems', { subsystem: ['net', 'block'] }, true, true],
    ['devtype (devices without one never match)', { devtype: 'disk' }, true, false],
    ['subsystem and devtype', { subsystem: 'block', devtype: 'partition' }, false, false],
    ['action', { action: 'remove' }, false, true],
    ['devpath prefix on a segment boundary', { devpath: '/devices/virtual/net' }, false, true],
    ['devpath prefix that is not a segment', { devpath: '/devices/virtual/ne' }, false, false],
    ['devpath glob within a segment', { devpath: '/devices/virtual/net/veth*' }, false, true],
    ['devpath glob * does not cross /', { devpath: '/devices/*/veth0' }, false, false],
    ['devpath glob ** crosses /', { devpath: '/devices/**/block/sd?' }, true, false],
    ['property exact', { property: { INTERFACE: 'veth0' } }, false, true],
    ['property glob', { property: { DEVNAME: 'sd[a-c]' } }, true, false],
    ['property absent', { property: { ID_BUS: 'usb' } }, false, false],
  ]; // prettier-ignore
  for (const [what, filter, wantDisk, wantVeth] of cases) {
    it(what, () => {
      const accepts = compileFilter(filter);
      expect(accepts(disk), 'disk').to.equal(wantDisk);
      expect(accepts(veth), 'veth').to.equal(wantVeth);
    });
  }

  it('ignores the action criterion when asked (coldplug)', () => {
    expect(compileFilter({ action: 'add', subsystem: 'net' })(veth, false)).to.equal(true);
  });

  it('globs: character classes and negation', () => {
    expect(globToRegExp('eth[0-3]', false).test('eth2')).to.equal(true);
    expect(globToRegExp('eth[!0-3]', false).test('eth2')).to.equal(false);
    expect(globToRegExp('a.b', false).test('axb')).to.equal(false);
  });
});

describe('uevent BPF compiler', () => {
  const netFilter = compileUeventBpf({ subsystem: 'net' })!;

  it('compiles nothing for a filter without subsystem or devtype', () => {
    expect(compileUeventBpf({ action: 'add', devpath: '/devices' })).to.equal(undefined);
  });

  it('keeps every program within BPF_MAXINSNS and every jump in range', () => {
    const many = Array.from({ length: 64 }, (_, i) => `subsystem${i}`);
    for (const program of [netFilter, compileUeventBpf({ subsystem: many, devtype: many })!]) {
      expect(program.length).to.be.at.most(4096);
      expect(program[program.length - 1].code & 0x07, 'ends with RET').to.equal(0x06);
      for (const insn of program) {
        expect(insn.jt).to.be.within(0, 255);
        expect(insn.jf).to.be.within(0, 255);
      }
    }
  });

  it('kernel format: passes the wanted subsystem and drops others, at any header length', () => {
    for (let len = 1; len < 400; len += 7) {
      const devpath = '/devices/' + 'x'.repeat(len);
      const net = kernelDatagram('change', devpath, [['SUBSYSTEM', 'net'], ['IFINDEX', '3']]);
      const block = kernelDatagram('change', devpath, [['SUBSYSTEM', 'block']]);
      const netdev = kernelDatagram('change', devpath, [['SUBSYSTEM', 'netdev']]);
      expect(runBpf(netFilter, net), `net, devpath ${len}`).to.equal(BPF_PASS);
      expect(runBpf(netFilter, block), `block, devpath ${len}`).to.equal(BPF_DROP);
      expect(runBpf(netFilter, netdev), `netdev (prefix of net), devpath ${len}`).to.equal(BPF_DROP);
    }
  });

  it('kernel format: passes a header longer than the scan (user space decides)', () => {
    const program = compileUeventBpf({ subsystem: 'net' }, { scanLimit: 64 })!;
    const long = kernelDatagram('change', '/devices/' + 'y'.repeat(100), [['SUBSYSTEM', 'block']]);
    expect(runBpf(program, long)).to.equal(BPF_PASS);
    const short = kernelDatagram('change', '/devices/y', [['SUBSYSTEM', 'block']]);
    expect(runBpf(program, short)).to.equal(BPF_DROP);
  });

  it('never drops by faulting: short and odd datagrams pass to user space unless certainly unwanted', () => {
    expect(runBpf(netFilter, Buffer.alloc(0))).to.equal(BPF_PASS);
    expect(runBpf(netFilter, Buffer.from('a@b'))).to.equal(BPF_PASS);
    expect(runBpf(netFilter, Buffer.from('a@b\0ACTION=a\0'))).to.equal(BPF_PASS);
    expect(runBpf(netFilter, Buffer.from('libudev\0\x00\x00\x00\x00' + 'x'.repeat(40)))).to.equal(BPF_PASS);
  });

  it('udev format: compares the header hashes of subsystem and devtype', () => {
    const program = compileUeventBpf({ subsystem: ['block', 'usb'], devtype: 'disk' }, { littleEndian: true })!;
    const props: Array<[string, string]> = [['ACTION', 'add']];
    const msg = (subsystem: string, devtype: string) =>
      udevDatagram(props, { subsystemHash: stringHash32(subsystem, true), devtypeHash: stringHash32(devtype, true) });
    expect(runBpf(program, msg('block', 'disk'))).to.equal(BPF_PASS);
    expect(runBpf(program, msg('usb', 'disk'))).to.equal(BPF_PASS);
    expect(runBpf(program, msg('block', 'partition'))).to.equal(BPF_DROP);
    expect(runBpf(program, msg('net', 'disk'))).to.equal(BPF_DROP);
  });

  it('agrees with the user-space filter on random kernel-format uevents (property test)', () => {
    const name = fc.stringMatching(/^[a-z_]{1,12}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
        name,
        fc.stringMatching(/^\/devices(\/[a-z0-9:._-]{1,20}){1,8}$/),
        fc.constantFrom('add', 'remove', 'change', 'move', 'bind', 'unbind', 'online', 'offline'),
        fc.array(fc.tuple(fc.stringMatching(/^[A-Z]{1,8}$/), fc.string({ maxLength: 20 }).filter((v) => !v.includes('\0'))), { maxLength: 6 }),
        (wanted, subsystem, devpath, action, extra) => {
          const datagram = kernelDatagram(action, devpath, [['SUBSYSTEM', subsystem], ...extra.filter(([k]) => !['ACTION', 'DEVPATH', 'SUBSYSTEM', 'SEQNUM'].includes(k))]);
          const program = compileUeventBpf({ subsystem: wanted })!;
          const kernelSays = runBpf(program, datagram) === BPF_PASS;
          expect(kernelSays).to.equal(wanted.includes(subsystem));
        },
      ),
      { numRuns: 500 },
    );
  });
});

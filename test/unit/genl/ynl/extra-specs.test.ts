// What the project's own specs (specs/extra) and the compiler pieces they brought need: a spec's checks applied
// to requests, strings of fixed size inside structs, and notifications that share an id with a reply.
import { expect } from 'chai';
import { spec } from '../../../../lib/core';
import { CompiledFamily, describeFamily, familyDescription } from '../../../../lib/genl/ynl';
import { RequestChecks } from '../../../../lib/genl/ynl/checks';
import { fixedString } from '../../../../lib/genl/ynl/codecs';

const checked = describeFamily({
  name: 'checked',
  protocol: 'genetlink',
  definitions: [{ name: 'limit', type: 'const', value: 4 }],
  'attribute-sets': [
    {
      name: 'main',
      attributes: [
        { name: 'index', type: 'u32', checks: { min: 1 } },
        { name: 'level', type: 's16', checks: { min: -5, max: 's8-max' } },
        { name: 'label', type: 'string', checks: { 'max-len': 'limit' } },
        { name: 'key', type: 'binary', checks: { 'exact-len': 16 } },
        { name: 'cookie', type: 'binary', checks: { 'min-len': 2, 'max-len': 8 } },
        { name: 'inner', type: 'nest', 'nested-attributes': 'main', 'multi-attr': true },
        { name: 'unchecked', type: 'u32', checks: { max: 'no-such-constant' } },
      ],
    },
  ],
  operations: { list: [{ name: 'get', 'attribute-set': 'main', do: { request: { attributes: ['index'] } } }] },
});

describe('ynl: request checks (the spec\'s checks:)', () => {
  const checks = new RequestChecks(checked);
  const fails = (request: object) => {
    try {
      checks.check('main', request, 'checked get');
    } catch (err) {
      return err as RangeError & { code: string };
    }
    return undefined;
  };

  it('passes values inside every limit, and leaves absent attributes alone', () => {
    expect(fails({})).to.equal(undefined);
    expect(fails({ index: 1, level: 127, label: 'abcd', key: Buffer.alloc(16), cookie: Buffer.alloc(8) })).to.equal(undefined);
    expect(fails({ level: -5, cookie: Buffer.alloc(2), index: 0xffffffff })).to.equal(undefined);
  });

  it('refuses integers outside min/max (numbers, named limits), naming the attribute like Node\'s range errors', () => {
    const err = fails({ index: 0 })!;
    expect(err).to.be.instanceOf(RangeError);
    expect(err.code).to.equal('ERR_OUT_OF_RANGE');
    expect(err.message).to.equal('The value of "checked get.index" is out of range. It must be >= 1. Received 0');
    expect(fails({ level: 128 })!.message).to.include('It must be >= -5 and <= 127. Received 128');
    expect(fails({ level: -6 })).to.be.instanceOf(RangeError);
  });

  it('refuses strings and binaries of the wrong length (constants resolved; a string counted without its NUL)', () => {
    expect(fails({ label: 'abcde' })!.message).to.include('at most 4 bytes long (without its NUL). Received 5 bytes');
    expect(fails({ label: 'éé' })).to.equal(undefined); // 4 bytes in UTF-8
    expect(fails({ label: 'ééé' })).to.be.instanceOf(RangeError);
    expect(fails({ key: Buffer.alloc(15) })!.message).to.include('exactly 16 bytes long');
    expect(fails({ cookie: Buffer.alloc(1) })!.message).to.include('2 to 8 bytes long');
    expect(fails({ cookie: new Uint8Array(9) })).to.be.instanceOf(RangeError);
  });

  it('checks nested sets and every element of a multi-attr, with the path to the value', () => {
    expect(fails({ inner: [{ index: 3 }, { inner: [{ index: 1 }] }] })).to.equal(undefined);
    expect(fails({ inner: [{ index: 3 }, { inner: [{ index: 0 }] }] })!.message).to.include('"checked get.inner.inner.index"');
  });

  it('leaves wrong types to the encoder and limits named by an unknown constant to the kernel', () => {
    expect(fails({ index: 'zero', label: 7, key: 'not bytes' })).to.equal(undefined);
    expect(fails({ unchecked: 0xffffffff })).to.equal(undefined);
  });
});

describe('ynl: fixed-size strings in structs', () => {
  const comm = fixedString(8);

  it('decodes up to the first NUL (or the whole field), encodes NUL-padded', () => {
    const bytes = Buffer.from('sleep\0\0\0');
    expect(comm.decode(bytes, 0, 8)).to.equal('sleep');
    expect(comm.decode(Buffer.from('abcdefgh'), 0, 8)).to.equal('abcdefgh');
    expect(Buffer.from(comm.encode('sleep') as Uint8Array)).to.deep.equal(bytes);
  });

  it('refuses a string that does not fit with its NUL, or a value that is not a string', () => {
    expect(() => comm.encode('abcdefgh')).to.throw(/does not fit in 8 bytes/);
    expect(() => comm.encode(7 as unknown as string)).to.throw(/expected a string/);
  });

  it("TASKSTATS' struct decodes ac_comm as a string, from bytes laid out as linux/taskstats.h says", () => {
    const ts = new CompiledFamily(familyDescription('TASKSTATS'));
    const struct = ts.struct('taskstats');
    const raw = Buffer.alloc(416);
    raw.writeUInt16LE(13, 0); // version
    raw.writeUInt8(5, 9); // ac_nice
    raw.write('node', 80); // ac_comm[32] at 80
    raw.writeUInt32LE(1234, 128); // ac_pid
    raw.writeBigUInt64LE(99n, 272); // nvcsw
    const decoded = spec.decodeStruct(struct, raw, 0, raw.length) as Record<string, unknown>;
    expect(decoded).to.include({ version: 13, acNice: 5, acComm: 'node', acPid: 1234 });
    expect(decoded.nvcsw).to.equal(99n);
  });
});

describe('ynl: the project\'s own specs', () => {
  it("acpi_event's struct is the kernel's struct acpi_genl_event (44 bytes: two names, a pad, type, data)", () => {
    const acpi = new CompiledFamily(familyDescription('acpi_event'));
    const struct = acpi.struct('acpi-genl-event');
    expect(struct.size).to.equal(44);
    const raw = Buffer.alloc(44);
    raw.write('button/power', 0);
    raw.write('LNXPWRBN:00', 20);
    raw.writeUInt32LE(0x80, 36);
    raw.writeUInt32LE(1, 40);
    expect(spec.decodeStruct(struct, raw, 0, 44)).to.deep.equal({ deviceClass: 'button/power', busId: 'LNXPWRBN:00', type: 0x80, data: 1 });
  });

  it('a thermal notification is named by its event, not by the request reply that shares its id', () => {
    const thermal = new CompiledFamily(familyDescription('thermal'));
    // THERMAL_GENL_EVENT_TZ_CREATE and THERMAL_GENL_CMD_TZ_GET_ID are both 1; SAMPLING_TEMP is 0
    expect(thermal.operationByReply(1)!.name).to.equal('tz-get-id');
    expect(thermal.operationByNotification(1)!.name).to.equal('tz-create');
    expect(thermal.operationByNotification(0)!.name).to.equal('sampling-temp');
    expect(thermal.operationByNotification(19)!.name).to.equal('threshold-down');
    // a family whose notifications do not collide keeps naming them by reply id (netdev's dev-get)
    const netdev = new CompiledFamily(familyDescription('netdev'));
    expect(netdev.operationByNotification(netdev.operation('dev-get')!.replyValue!)!.name).to.equal('dev-get');
  });

  it("TASKSTATS numbers its request and reply attributes as linux/taskstats.h does", () => {
    const d = familyDescription('TASKSTATS');
    expect(d.attributeSets['taskstats'].attributes.map((a) => [a.name, a.id])).to.deep.equal([
      ['pid', 1], ['tgid', 2], ['stats', 3], ['aggr-pid', 4], ['aggr-tgid', 5], ['null', 6],
    ]);
    expect(d.attributeSets['listener'].attributes.filter((a) => a.type !== 'unused').map((a) => [a.name, a.id])).to.deep.equal([
      ['register-cpumask', 3], ['deregister-cpumask', 4],
    ]);
    // TASKSTATS_CMD_GET is 1, its answer TASKSTATS_CMD_NEW 2
    expect(d.operations.map((o) => [o.name, o.requestValue, o.replyValue])).to.deep.equal([
      ['get', 1, 2], ['listener', 1, undefined], ['new', undefined, 2],
    ]);
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import {
  parseKernelUevent,
  parseUdevUevent,
  Uevent,
  UeventDecodeError,
  murmurHash2,
  stringHash32,
  stringBloom64,
} from '../../../lib/uevent';
import { kernelDatagram, MURMUR2_VECTORS, udevDatagram } from './wire';

function parsedKernel(buf: Buffer): Uevent {
  const result = parseKernelUevent(buf);
  if (result instanceof UeventDecodeError) throw result;
  return result;
}

/** Everything a parse result says, as plain data, for comparing two parses of the same bytes. */
function summary(result: Uevent | UeventDecodeError): unknown {
  if (result instanceof UeventDecodeError) return { error: result.reason, offset: result.offset, message: result.message };
  return { json: JSON.parse(JSON.stringify(result)), entries: result.entries(), duplicates: result.duplicates };
}

function decodeError(result: Uevent | UeventDecodeError): UeventDecodeError {
  expect(result).to.be.instanceOf(UeventDecodeError);
  return result as UeventDecodeError;
}

describe('uevent kernel-format parser', () => {
  it('decodes a block device uevent with every well-known field', () => {
    const event = parsedKernel(
      kernelDatagram(
        'add',
        '/devices/virtual/block/loop0',
        [
          ['SUBSYSTEM', 'block'],
          ['MAJOR', '7'],
          ['MINOR', '0'],
          ['DEVNAME', 'loop0'],
          ['DEVTYPE', 'disk'],
          ['DISKSEQ', '9'],
          ['DRIVER', 'loop'],
        ],
        '4242',
      ),
    );
    expect(event.source).to.equal('kernel');
    expect(event.action).to.equal('add');
    expect(event.devpath).to.equal('/devices/virtual/block/loop0');
    expect(event.subsystem).to.equal('block');
    expect(event.devtype).to.equal('disk');
    expect(event.devname).to.equal('loop0');
    expect(event.major).to.equal(7);
    expect(event.minor).to.equal(0);
    expect(event.driver).to.equal('loop');
    expect(event.seqnum).to.equal(4242n);
    expect(event.synthUuid).to.equal(undefined);
    expect(Object.entries(event.properties)).to.deep.equal([
      ['ACTION', 'add'],
      ['DEVPATH', '/devices/virtual/block/loop0'],
      ['SUBSYSTEM', 'block'],
      ['MAJOR', '7'],
      ['MINOR', '0'],
      ['DEVNAME', 'loop0'],
      ['DEVTYPE', 'disk'],
      ['DISKSEQ', '9'],
      ['DRIVER', 'loop'],
      ['SEQNUM', '4242'],
    ]);
  });

  it('keeps a seqnum beyond 2^53 exact', () => {
    const event = parsedKernel(kernelDatagram('change', '/devices/x', [['SUBSYSTEM', 'x']], '18446744073709551615'));
    expect(event.seqnum).to.equal(18446744073709551615n);
    expect(JSON.parse(JSON.stringify(event)).seqnum).to.equal('18446744073709551615');
  });

  it("keeps values that contain '=' intact, and exposes synthetic-event fields", () => {
    const event = parsedKernel(
      kernelDatagram('change', '/devices/virtual/net/lo', [
        ['SUBSYSTEM', 'net'],
        ['SYNTH_UUID', '2d8b8b4e-3a6d-4b8e-9c1e-0c5a0b7d9f10'],
        ['SYNTH_ARG_MODE', 'a=b=c'],
        ['SYNTH_ARG_EMPTY', ''],
        ['INTERFACE', 'lo'],
        ['IFINDEX', '1'],
      ]),
    );
    expect(event.synthUuid).to.equal('2d8b8b4e-3a6d-4b8e-9c1e-0c5a0b7d9f10');
    expect(event.synthArgs).to.deep.equal({ MODE: 'a=b=c', EMPTY: '' });
    expect(event.properties.SYNTH_ARG_MODE).to.equal('a=b=c');
    expect(event.properties.INTERFACE).to.equal('lo');
  });

  it('keeps repeated keys, prototype-like keys and UTF-8 keys and values', () => {
    const event = parsedKernel(
      kernelDatagram('add', '/devices/y', [
        ['SUBSYSTEM', 'y'],
        ['__proto__', 'p'],
        ['constructor', 'c'],
        ['NAME', 'café'],
        ['NAME', 'second'],
        ['CLÉ', 'ü'],
      ]),
    );
    expect(event.properties.__proto__).to.equal('p');
    expect(event.properties.constructor).to.equal('c');
    expect(event.properties.NAME).to.equal('café');
    expect(event.properties['CLÉ'], 'a non-ASCII key is UTF-8 too, not latin1').to.equal('ü');
    expect(event.duplicates).to.deep.equal([['NAME', 'second']]);
  });

  const malformed: Array<[string, Buffer, string]> = [
    ['an empty datagram', Buffer.alloc(0), 'empty'],
    ['no NUL at all', Buffer.from('add@/devices/x'), 'no-header'],
    ['a header without @', Buffer.from('add/devices/x\0ACTION=add\0'), 'no-header'],
    ['a header with nothing after @', Buffer.from('add@\0ACTION=add\0'), 'no-header'],
    ['an entry without =', Buffer.from('add@/d\0ACTION=add\0JUNK\0'), 'bad-property'],
    ['an empty key', Buffer.from('add@/d\0ACTION=add\0=v\0'), 'bad-property'],
    ['an unterminated last entry', Buffer.from('add@/d\0ACTION=add\0DEVPATH=/d'), 'unterminated-property'],
    ['no SEQNUM', Buffer.from('add@/d\0ACTION=add\0DEVPATH=/d\0SUBSYSTEM=s\0'), 'missing-field'],
    ['a non-numeric SEQNUM', kernelDatagram('add', '/d', [['SUBSYSTEM', 's']], '12x'), 'bad-seqnum'],
    ['a header disagreeing with ACTION', Buffer.from('remove@/d\0ACTION=add\0DEVPATH=/d\0SUBSYSTEM=s\0SEQNUM=1\0'), 'header-mismatch'],
    ['a header disagreeing with DEVPATH', Buffer.from('add@/e\0ACTION=add\0DEVPATH=/d\0SUBSYSTEM=s\0SEQNUM=1\0'), 'header-mismatch'],
  ]; // prettier-ignore
  for (const [what, datagram, reason] of malformed) {
    it(`reports ${what} as '${reason}'`, () => {
      const error = decodeError(parseKernelUevent(datagram));
      expect(error.reason).to.equal(reason);
      expect(error.code).to.equal('ERR_UEVENT_DECODE');
    });
  }

  it('throws a RangeError for bounds outside the buffer (a caller\'s mistake, not wire data)', () => {
    const datagram = kernelDatagram('add', '/devices/z', [['SUBSYSTEM', 'z']], '7');
    const udev = udevDatagram([['ACTION', 'add'], ['DEVPATH', '/x'], ['SUBSYSTEM', 's'], ['SEQNUM', '9']]);
    for (const [start, end] of [[0, datagram.length + 1], [-1, 4]]) {
      expect(() => parseKernelUevent(datagram, start, end)).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    }
    expect(() => parseUdevUevent(udev, 0, udev.length + 1)).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
  });

  it('decodes a datagram inside a larger buffer by its bounds', () => {
    const datagram = kernelDatagram('add', '/devices/z', [['SUBSYSTEM', 'z']], '7');
    const batch = Buffer.concat([Buffer.from('garbage\0'), datagram, Buffer.from('JUNK')]);
    const event = parseKernelUevent(batch, 8, 8 + datagram.length) as Uevent;
    expect(event.devpath).to.equal('/devices/z');
    expect(event.seqnum).to.equal(7n);
  });

  const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/).filter((k) => !['ACTION', 'DEVPATH', 'SEQNUM', 'SUBSYSTEM'].includes(k));
  const value = fc.string({ maxLength: 40 }).filter((v) => !v.includes('\0'));

  it('round-trips any set of properties exactly (property test)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: (p) => p[0], maxLength: 20 }), fc.bigUintN(64), (extra, seq) => {
        const props: Array<[string, string]> = [['SUBSYSTEM', 'sub'], ...extra];
        const event = parsedKernel(kernelDatagram('change', '/devices/p', props, seq.toString()));
        expect(event.seqnum).to.equal(seq);
        for (const [k, v] of props) expect(event.properties[k]).to.equal(v);
        expect(Object.keys(event.properties).length).to.equal(props.length + 3);
      }),
    );
  });

  it('decodes a run of datagrams whose keys change, repeat and are not ASCII exactly (property test)', () => {
    // The parser predicts each datagram's keys from the previous one's: a run of similar datagrams with keys added,
    // dropped, reordered and repeated checks that a prediction never stands in for what was sent.
    const pool = ['A', 'B', 'AB', 'SUBSYSTEM', 'LONGER_KEY_NAME', 'KÉ', 'ACTION'];
    const entry = fc.tuple(fc.constantFrom(...pool), fc.constantFrom('', 'x', 'x=y', 'é', '12345678901234'));
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 8 }), { minLength: 2, maxLength: 12 }), (run) => {
        for (const extra of run) {
          const props: Array<[string, string]> = [['SUBSYSTEM', 's'], ...extra];
          const event = parsedKernel(kernelDatagram('add', '/devices/r', props, '5'));
          // What was sent, first occurrence of a key in `properties`, later ones in `duplicates`, in order.
          const sent: Array<[string, string]> = [['ACTION', 'add'], ['DEVPATH', '/devices/r'], ...props, ['SEQNUM', '5']];
          const first = new Map<string, string>();
          const later: Array<[string, string]> = [];
          for (const [k, v] of sent) {
            if (first.has(k)) later.push([k, v]);
            else first.set(k, v);
          }
          expect(Object.entries(event.properties)).to.deep.equal([...first]);
          expect(event.duplicates).to.deep.equal(later.length > 0 ? later : undefined);
          expect(event.subsystem).to.equal('s');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a malformed datagram leaves no half-updated prediction behind: a repeated key still goes to duplicates', () => {
    const good = kernelDatagram('add', '/devices/h', [['SUBSYSTEM', 'h']], '1');
    // ACTION twice, then an entry that is not KEY=VALUE: once, the second ACTION stayed predicted at position 2
    // while the prediction still claimed four different keys, and the next datagram's second ACTION overwrote
    // the first (and failed the header check) instead of going to duplicates.
    const malformed = Buffer.from('add@/devices/h\0ACTION=add\0DEVPATH=/devices/h\0ACTION=evil\0BROKEN\0', 'latin1');
    const repeated = kernelDatagram('add', '/devices/h', [['ACTION', 'evil'], ['SUBSYSTEM', 'h']], '2');
    const fresh = summary(parseKernelUevent(repeated));
    expect(parseKernelUevent(good)).to.be.instanceOf(Uevent);
    expect(decodeError(parseKernelUevent(malformed)).reason).to.equal('bad-property');
    const after = parsedKernel(repeated);
    expect(after.properties.ACTION).to.equal('add');
    expect(after.duplicates).to.deep.equal([['ACTION', 'evil']]);
    expect(summary(after)).to.deep.equal(fresh);
  });

  it('decodes the same bytes the same way whatever came before, malformed datagrams included (property test)', () => {
    const pool = ['ACTION', 'DEVPATH', 'SEQNUM', 'SUBSYSTEM', 'A', 'B', '7'];
    const entry = fc.tuple(fc.constantFrom(...pool), fc.constantFrom('', 'add', '/devices/q', '12', 'x=y'));
    // A datagram: header line, the required entries around random ones (so that many are well formed), sometimes
    // cut short or with a broken entry spliced in.
    const datagram = fc
      .tuple(fc.array(entry, { maxLength: 6 }), fc.nat(9), fc.constantFrom('none', 'none', 'cut', 'broken', 'empty-key'))
      .map(([entries, at, damage]) => {
        const parts = ['add@/devices/q', 'ACTION=add', 'DEVPATH=/devices/q', ...entries.map(([k, v]) => `${k}=${v}`), 'SUBSYSTEM=s', 'SEQNUM=12'];
        if (damage === 'broken') parts.splice(1 + Math.min(at, entries.length), 0, 'NOEQUALS');
        if (damage === 'empty-key') parts.splice(1 + Math.min(at, entries.length), 0, '=v');
        const buf = Buffer.from(parts.map((p) => p + '\0').join(''), 'latin1');
        return damage === 'cut' ? buf.subarray(0, Math.max(1, buf.length - at)) : buf;
      });
    fc.assert(
      fc.property(fc.array(datagram, { minLength: 2, maxLength: 10 }), (run) => {
        const inRun = run.map((d) => summary(parseKernelUevent(d)));
        // The same datagrams again, each right after a reference one instead of after its neighbour.
        const reference = kernelDatagram('add', '/devices/q', [['SUBSYSTEM', 's']], '1');
        const alone = run.map((d) => (parseKernelUevent(reference), summary(parseKernelUevent(d))));
        expect(inRun).to.deep.equal(alone);
      }),
      { numRuns: 300 },
    );
  });

  it('lists properties in wire order through entries(), integer-like keys included', () => {
    const extra: Array<[string, string]> = [['SUBSYSTEM', 's'], ['B', 'b'], ['10', 'ten'], ['2', 'two'], ['A', 'a'], ['02', 'z']];
    const wire: Array<[string, string]> = [['ACTION', 'add'], ['DEVPATH', '/devices/o'], ...extra, ['SEQNUM', '3']];
    for (let round = 0; round < 3; round++) {
      // Several rounds: the later ones meet a prediction made from the first.
      const event = parsedKernel(kernelDatagram('add', '/devices/o', extra, '3'));
      expect(event.entries()).to.deep.equal(wire);
      expect(event.properties['10']).to.equal('ten');
    }
    const plain = parsedKernel(kernelDatagram('add', '/devices/o', [['SUBSYSTEM', 's'], ['B', 'b']], '4'));
    expect(plain.entries().map(([k]) => k)).to.deep.equal(['ACTION', 'DEVPATH', 'SUBSYSTEM', 'B', 'SEQNUM']);
  });

  it('never throws on garbage, and every truncation of a valid datagram is an error or a valid event (property test)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = parseKernelUevent(Buffer.from(bytes));
        expect(result instanceof Uevent || result instanceof UeventDecodeError).to.equal(true);
      }),
      { numRuns: 2000 },
    );
    const full = kernelDatagram('add', '/devices/t', [['SUBSYSTEM', 't'], ['A', '1']], '99');
    for (let cut = 0; cut < full.length; cut++) {
      const result = parseKernelUevent(full.subarray(0, cut));
      // Every strict prefix loses SEQNUM or cuts an entry: none of them may pass as an event.
      expect(result, `cut at ${cut}`).to.be.instanceOf(UeventDecodeError);
    }
  });
});

describe('uevent udev-format parser', () => {
  const props: Array<[string, string]> = [
    ['ACTION', 'add'],
    ['DEVPATH', '/devices/virtual/block/loop1'],
    ['SUBSYSTEM', 'block'],
    ['DEVTYPE', 'disk'],
    ['SEQNUM', '1234'],
    ['USEC_INITIALIZED', '99'],
    ['ID_FS_LABEL', 'x=y'],
    ['TAGS', ':systemd:seat:'],
  ];

  it('decodes the header and keeps every property, the first one included', () => {
    const event = parseUdevUevent(
      udevDatagram(props, { subsystemHash: stringHash32('block'), devtypeHash: stringHash32('disk'), bloomHigh: 0x01020304, bloomLow: 0xa0b0c0d0 }),
      0,
      undefined,
      true,
    ) as Uevent;
    expect(event).to.be.instanceOf(Uevent);
    expect(event.source).to.equal('udev');
    expect(Object.entries(event.properties)).to.deep.equal(props);
    expect(event.action).to.equal('add');
    expect(event.devtype).to.equal('disk');
    expect(event.seqnum).to.equal(1234n);
    expect(event.tags).to.deep.equal(['systemd', 'seat']);
    expect(event.udev).to.deep.equal({
      headerSize: 40,
      subsystemHash: 0xf0031db7,
      devtypeHash: 0x7bcbc5ee,
      tagBloom: 0x01020304a0b0c0d0n,
    });
  });

  it('honours a properties offset beyond a larger header', () => {
    const base = udevDatagram(props);
    const padded = Buffer.concat([base.subarray(0, 40), Buffer.alloc(24, 0xee), base.subarray(40)]);
    padded.writeUInt32LE(48, 12);
    padded.writeUInt32LE(64, 16);
    const event = parseUdevUevent(padded, 0, undefined, true) as Uevent;
    expect(event.properties.ID_FS_LABEL).to.equal('x=y');
    expect(event.udev?.headerSize).to.equal(48);
  });

  const bad: Array<[string, Buffer, string]> = [
    ['a short header', udevDatagram(props).subarray(0, 39), 'bad-bounds'],
    ['a wrong magic', udevDatagram(props, { magic: 0xcafefeed }), 'bad-magic'],
    ['a header size below 40', udevDatagram(props, { headerSize: 16 }), 'bad-bounds'],
    ['properties beyond the datagram', udevDatagram(props, { propertiesLength: 10_000 }), 'bad-bounds'],
    ['an offset inside the header', udevDatagram(props, { propertiesOffset: 8 }), 'bad-bounds'],
    ['a huge offset (overflow)', udevDatagram(props, { propertiesOffset: 0xffffffff, propertiesLength: 2 }), 'bad-bounds'],
    ['properties cut mid-entry', udevDatagram(props, { propertiesLength: 20 }), 'unterminated-property'],
  ]; // prettier-ignore
  for (const [what, datagram, reason] of bad) {
    it(`reports ${what} as '${reason}'`, () => {
      expect(decodeError(parseUdevUevent(datagram, 0, undefined, true)).reason).to.equal(reason);
    });
  }

  it('never throws on garbage behind a valid prefix, nor on any truncation (property test)', () => {
    const prefix = udevDatagram(props).subarray(0, 12);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, withPrefix) => {
        const datagram = withPrefix ? Buffer.concat([prefix, Buffer.from(bytes)]) : Buffer.from(bytes);
        const result = parseUdevUevent(datagram, 0, undefined, true);
        expect(result instanceof Uevent || result instanceof UeventDecodeError).to.equal(true);
      }),
      { numRuns: 2000 },
    );
    const full = udevDatagram(props);
    for (let cut = 0; cut < full.length; cut++) {
      expect(parseUdevUevent(full.subarray(0, cut), 0, undefined, true), `cut at ${cut}`).to.be.instanceOf(UeventDecodeError);
    }
  });
});

describe('MurmurHash2 as libudev uses it', () => {
  it('matches the reference C implementation', () => {
    for (const [text, expected] of MURMUR2_VECTORS) {
      expect(stringHash32(text, true), JSON.stringify(text)).to.equal(expected);
    }
  });

  it('reads 4-byte blocks in the given byte order', () => {
    const data = Buffer.from('abcdefgh');
    const swapped = Buffer.from('dcbahgfe');
    expect(murmurHash2(data, false)).to.equal(murmurHash2(swapped, true));
  });

  it('sets four bloom bits chosen by the hash', () => {
    const hash = stringHash32('systemd', true);
    const expected = [0, 6, 12, 18].reduce((bits, s) => bits | (1n << BigInt((hash >>> s) & 63)), 0n);
    expect(stringBloom64('systemd', true)).to.equal(expected);
  });
});

// Nexthop objects without a kernel: golden bytes written out by hand from linux/nexthop.h (struct nhmsg, struct
// nexthop_grp, the NHA_* attributes), malformed and unknown attributes, and the spec translation's checks.
import { expect } from 'chai';
import { decodeNexthopObject, encodeNexthopObject } from '../../../lib/route/messages';
import { nexthopObjectInput, type NexthopObjectSpec } from '../../../lib/route/nexthop-specs';
import { RouteInputError } from '../../../lib/route/inputs';
import { formatG } from '../../../lib/cli/format/nexthop';
import { parseModify } from '../../../lib/cli/nexthop';
import { UsageError } from '../../../lib/cli/args';
import type { Link } from '../../../lib/route/messages/link';
import { plain } from './helpers';
import { rejection } from '../../helpers/rejection';

const hex = (...words: string[]): Buffer => Buffer.from(words.join('').replace(/\s+/g, ''), 'hex');
const resolver = { ifindex: async (ref: string | number) => (typeof ref === 'number' ? ref : 7) };

describe('nexthop objects: encode and decode', () => {
  it('a resilient group with weights: nhmsg, NHA_ID, NHA_GROUP (weight_high past 256), NHA_GROUP_TYPE, NHA_RES_GROUP', () => {
    const bytes = encodeNexthopObject({
      family: 'unspec',
      id: 10,
      group: [
        { id: 1, weight: 1 },
        { id: 2, weight: 3 },
        { id: 3, weight: 300 },
      ],
      groupType: 'resilient',
      resGroup: { buckets: 8, idleTimer: 6000 },
    });
    const golden = hex(
      '00 00 00 00 00000000', //                  nhmsg: family, scope, protocol, resvd, flags
      '0800 0100 0a000000', //                    NHA_ID 10
      '1c00 0200', //                             NHA_GROUP, 3 × struct nexthop_grp
      '  01000000 00 00 0000', //                   id 1, weight 1 - 1
      '  02000000 02 00 0000', //                   id 2, weight 3 - 1
      '  03000000 2b 01 0000', //                   id 3, weight 300 - 1 = 0x12b: weight 0x2b, weight_high 0x01
      '0600 0300 0100 0000', //                   NHA_GROUP_TYPE resilient (u16) + pad
      '1400 0c80', //                             NHA_RES_GROUP | NLA_F_NESTED
      '  0600 0100 0800 0000', //                   NHA_RES_GROUP_BUCKETS 8
      '  0800 0200 70170000', //                    NHA_RES_GROUP_IDLE_TIMER 6000
    );
    expect(bytes.toString('hex')).to.equal(golden.toString('hex'));
    const back = decodeNexthopObject(golden, 104);
    expect(back.decodeErrors).to.equal(undefined);
    expect(plain(back)).to.deep.equal({
      family: 'unspec',
      scope: 'universe',
      protocol: 'unspec',
      flags: [],
      id: 10,
      group: [
        { id: 1, weight: 1 },
        { id: 2, weight: 3 },
        { id: 3, weight: 300 },
      ],
      groupType: 'resilient',
      resGroup: { buckets: 8, idleTimer: 6000 },
    });
  });

  it('a single nexthop: header fields, oif, gateway, onlink, and the blackhole and fdb flags', () => {
    const golden = hex(
      '0a fd 04 00 04000000', //                  inet6, scope link, proto static, flags onlink
      '0800 0100 01000000', //                    NHA_ID 1
      '0800 0500 03000000', //                    NHA_OIF 3
      '1400 0600 20010db8000000000000000000000002', // NHA_GATEWAY 2001:db8::2
      '0400 0400', //                             NHA_BLACKHOLE
      '0400 0b00', //                             NHA_FDB
    );
    const nh = decodeNexthopObject(golden);
    expect(plain(nh)).to.deep.equal({ family: 'inet6', scope: 'link', protocol: 'static', flags: ['onlink'], id: 1, oif: 3, gateway: '2001:db8::2', blackhole: true, fdb: true });
    expect(encodeNexthopObject(nh).toString('hex')).to.equal(golden.toString('hex'));
  });

  it("a group's per-member counters (NHA_GROUP_STATS): u32 and u64 packets alike", () => {
    const golden = hex(
      '00 00 00 00 00000000',
      '0800 0100 0a000000', //                    NHA_ID 10
      '3000 0f80', //                             NHA_GROUP_STATS | NESTED
      '  1800 0180', //                             NHA_GROUP_STATS_ENTRY | NESTED
      '    0800 0100 01000000', //                    ID 1
      '    0c00 0200 0000000002000000', //            PACKETS 2^33 (u64)
      '  1400 0180', //                             NHA_GROUP_STATS_ENTRY | NESTED
      '    0800 0100 02000000', //                    ID 2
      '    0800 0200 05000000', //                    PACKETS 5 (u32)
      '0800 1000 01000000', //                    NHA_HW_STATS_ENABLE 1
      '0800 0e00 00000080', //                    NHA_OP_FLAGS: NHA_OP_FLAG_RESP_GRP_RESVD_0
    );
    const nh = decodeNexthopObject(golden);
    expect(nh.decodeErrors).to.equal(undefined);
    expect(plain(nh.groupStats)).to.deep.equal({ entry: [{ id: 1, packets: 2n ** 33n }, { id: 2, packets: 5 }] });
    expect(nh.hwStatsEnable).to.equal(1);
    expect(nh.opFlags).to.deep.equal(['respGrpResvd0']);
    expect(encodeNexthopObject(nh).toString('hex')).to.equal(golden.toString('hex'));
  });

  it('a truncated group array is reported, kept as bytes, and encodes back unchanged', () => {
    const golden = hex(
      '00 00 00 00 00000000',
      '0800 0100 0a000000', //                    NHA_ID 10
      '1000 0200 01000000 00000000 02000000', //  NHA_GROUP of 12 bytes: one member and a half
    );
    const nh = decodeNexthopObject(golden);
    expect(nh.id).to.equal(10);
    expect(nh.group).to.equal(undefined);
    expect(nh.decodeErrors).to.have.length.of.at.least(1);
    expect(nh.decodeErrors![0].message).to.match(/nexthop group|group/);
    expect(plain(nh.unknownAttributes)).to.deep.equal([{ type: 2, value: hex('01000000 00000000 02000000') }]);
    expect(encodeNexthopObject(nh).toString('hex')).to.equal(golden.toString('hex'));
  });

  it('an attribute newer than this code is kept and encodes back unchanged', () => {
    const golden = hex('02 00 00 00 00000000', '0800 0100 05000000', '0800 6300 2a000000'); // NHA_ID 5, type 99
    const nh = decodeNexthopObject(golden);
    expect(nh.decodeErrors).to.equal(undefined);
    expect(plain(nh.unknownAttributes)).to.deep.equal([{ type: 99, value: hex('2a000000') }]);
    expect(encodeNexthopObject(nh).toString('hex')).to.equal(golden.toString('hex'));
  });

  it('refuses group members it cannot encode', () => {
    expect(() => encodeNexthopObject({ group: [{ id: 1, weight: 0 }] })).to.throw(/weight/);
    expect(() => encodeNexthopObject({ group: [{ id: 1, weight: 65537 }] })).to.throw(/weight/);
    expect(() => encodeNexthopObject({ group: [{ id: -1, weight: 1 }] })).to.throw(/id/);
    expect(() => encodeNexthopObject({ group: 'x' as never })).to.throw(/array/);
  });
});

describe('nexthop objects: specs', () => {
  it('chooses the family as ip does, and maps names', async () => {
    expect(plain(await nexthopObjectInput({ id: 1, via: '10.0.0.2', dev: 'v0', onlink: true, protocol: 'static' }, resolver))).to.deep.equal({
      flags: ['onlink'],
      id: 1,
      gateway: '10.0.0.2',
      oif: 7,
      protocol: 'static',
      family: 'inet',
    });
    expect((await nexthopObjectInput({ via: '2001:db8::1' }, resolver)).family).to.equal('inet6');
    expect((await nexthopObjectInput({ blackhole: true }, resolver)).family).to.equal('inet');
    expect((await nexthopObjectInput({ blackhole: true, family: 'inet6' }, resolver)).family).to.equal('inet6');
    expect((await nexthopObjectInput({ dev: 3 }, resolver)).oif).to.equal(3);
    const group = await nexthopObjectInput({ id: 9, group: [1, { id: 2, weight: 5 }], type: 'resilient', resilient: { buckets: 16, idleTimer: 60, unbalancedTimer: 0 } }, resolver);
    expect(plain(group)).to.deep.equal({
      flags: [],
      id: 9,
      group: [
        { id: 1, weight: 1 },
        { id: 2, weight: 5 },
      ],
      groupType: 'resilient',
      resGroup: { buckets: 16, idleTimer: 6000, unbalancedTimer: 0 },
      family: 'unspec',
    });
  });

  const bad: Array<[string, NexthopObjectSpec | unknown]> = [
    ['id 0', { id: 0, blackhole: true }],
    ['a fractional id', { id: 1.5, blackhole: true }],
    ['an id past u32', { id: 2 ** 32, blackhole: true }],
    ['an empty group', { group: [] }],
    ['a group that is no array', { group: 5 }],
    ['weight 0', { group: [{ id: 1, weight: 0 }] }],
    ['weight 65537', { group: [{ id: 1, weight: 65537 }] }],
    ['a member without id', { group: [{ weight: 2 }] }],
    ['an unknown group type', { group: [1], type: 'random' }],
    ['resilient parameters of an mpath group', { group: [1], resilient: { buckets: 4 } }],
    ['70000 buckets', { group: [1], type: 'resilient', resilient: { buckets: 70000 } }],
    ['a negative timer', { group: [1], type: 'resilient', resilient: { idleTimer: -1 } }],
    ['a via of the other family', { family: 'inet6', via: '10.0.0.1' }],
    ['a via that is no address', { via: 'gateway' }],
    ['encap without its type', { dev: 1, encap: Buffer.alloc(8) }],
    ['an unknown protocol', { blackhole: true, protocol: 'nosuchprotocol' }],
    ['a family that is not IP', { blackhole: true, family: 'bridge' }],
    ['no object', null],
  ];
  for (const [what, spec] of bad) {
    it(`rejects ${what} with a RouteInputError`, async () => {
      const err = await rejection(nexthopObjectInput(spec as NexthopObjectSpec, resolver));
      expect(err).to.be.instanceOf(RouteInputError);
      expect(err.code).to.equal('ERR_ROUTE_INPUT');
    });
  }
});

describe('nexthop objects: the command line', () => {
  const links = [{ ifindex: 3, ifname: 'v0' }] as Link[];

  it("reads ip nexthop add's grammar", () => {
    expect(parseModify(['id', '1', 'via', '10.0.0.2', 'dev', 'v0', 'onlink', 'proto', 'static'], links, 0)).to.deep.equal({ id: 1, via: '10.0.0.2', dev: 3, onlink: true, protocol: 4, family: 'inet' });
    expect(parseModify(['id', '2', 'via', 'inet6', '2001:db8::2'], links, 0)).to.deep.equal({ id: 2, via: '2001:db8::2', family: 'inet6' });
    expect(parseModify(['id', '3', 'blackhole'], links, 10)).to.deep.equal({ id: 3, blackhole: true, family: 'inet6' });
    expect(parseModify(['id', '10', 'group', '1/2,3', 'type', 'resilient', 'buckets', '8', 'idle_timer', '60', 'unbalanced_timer', '5'], links, 0)).to.deep.equal({
      id: 10,
      group: [1, { id: 2, weight: 3 }],
      type: 'resilient',
      resilient: { buckets: 8, idleTimer: 60, unbalancedTimer: 5 },
    });
    expect(parseModify(['id', '0x10', 'group', '5', 'fdb'], links, 0)).to.deep.equal({ id: 16, group: [5], fdb: true });
  });

  const errors: Array<[string[], string]> = [
    [['id', 'x'], 'Error: argument "x" is wrong: invalid id value'],
    [['id', '1', 'bogus'], 'Error: argument "bogus" is wrong: '],
    [['id', '1', 'dev', 'nope0'], 'Error: argument "nope0" is wrong: Device does not exist\n'],
    [['id', '1', 'group', '1,0'], 'Error: argument "0" is wrong: "weight" is invalid\n'],
    [['id', '1', 'group', '1,257'], 'Error: argument "257" is wrong: "weight" is invalid\n'],
    [['id', '1', 'group', 'a/b'], 'Error: argument "a/b" is wrong: "group" value is invalid\n'],
    [['id', '1', 'group', '1', 'type', 'foo'], 'Error: argument "foo" is wrong: "type" value is invalid\n'],
    [['id', '1', 'dev', 'v0', 'via', '2001:db8::1'], 'Error: inet address is expected rather than "2001:db8::1".'],
    [['id', '1', 'via', 'nowhere'], 'Error: any valid address is expected rather than "nowhere".'],
    [['id', '1', 'via'], 'Command line is not complete. Try option "help"'],
    [['id', '1', 'protocol', 'nosuch'], 'Error: argument "nosuch" is wrong: "protocol" value is invalid\n'],
  ];
  for (const [args, message] of errors) {
    it(`add ${args.join(' ')}: ip's message`, () => {
      expect(() => parseModify(args, links, 0))
        .to.throw(UsageError)
        .with.property('message', message);
    });
  }

  it("prints timers with C's %g, as ip does", () => {
    expect([0, 60, 0.5, 1.25, 123.456789, 1234567, 0.00001, 120].map(formatG)).to.deep.equal(['0', '60', '0.5', '1.25', '123.457', '1.23457e+06', '1e-05', '120']);
  });
});

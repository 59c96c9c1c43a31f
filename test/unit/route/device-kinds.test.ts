// The attribute sets of the virtual device kinds (bond and its ports, ipvlan, vrf and its ports, tun, netkit)
// checked against two independent sources: the kernel's rt_link.yaml (specs/kernel, through its generated
// description) and the installed uapi headers; and golden bytes written out by hand from the uapi layouts.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import { attributeIds } from '../../../lib/core/family';
import { AttributeSet } from '../../../lib/core/spec';
import { description } from '../../../lib/genl/ynl/generated/rtLink';
import { bondData, bondPortData, decodeLink, encodeLink, ipvlanData, netkitData, tunData, vrfData, vrfPortData } from '../../../lib/route/messages';
import { skipWithReason } from '../../helpers/netns';
import { cCompiler, uapiValues } from '../../helpers/uapi';
import { plain } from './helpers';

type YamlAttribute = { name: string; id: number; type: string; subType?: string; displayHint?: string };
const yamlSets = (description as unknown as { attributeSets: Record<string, { attributes: YamlAttribute[] }> }).attributeSets;

const ours: Array<{ set: AttributeSet<any>; yaml?: string; prefix: string }> = [
  { set: bondData, yaml: 'linkinfo-bond-attrs', prefix: 'IFLA_BOND_' },
  { set: bondPortData, yaml: 'bond-slave-attrs', prefix: 'IFLA_BOND_SLAVE_' },
  { set: vrfData, yaml: 'linkinfo-vrf-attrs', prefix: 'IFLA_VRF_' },
  { set: tunData, yaml: 'linkinfo-tun-attrs', prefix: 'IFLA_TUN_' },
  { set: netkitData, yaml: 'linkinfo-netkit-attrs', prefix: 'IFLA_NETKIT_' },
  { set: ipvlanData, prefix: 'IFLA_IPVLAN_' }, // rt_link.yaml has no ipvlan set
  { set: vrfPortData, prefix: 'IFLA_VRF_PORT_' }, // nor a vrf port one
];

/** Where we knowingly differ from rt_link.yaml, and why. */
const YAML_DIFFERENCES: Record<string, string> = {
  'bond-slave-attrs.prio': 'the kernel writes it with nla_put_s32 and ip reads it signed; the yaml says u32',
};

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const uapiName = (prefix: string, name: string): string => prefix + name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** What a field of ours looks like on the wire, in rt_link.yaml's words: 'u8', 's32', 'binary', 'nest', ... */
function wireType(type: unknown): string {
  if (typeof type === 'string') return type;
  const t = type as { kind: string; size?: number; name?: string; signed?: boolean };
  if (t.kind === 'nested') return 'nest';
  if (t.kind === 'indexed') return 'indexed-array';
  if (t.kind === 'codec' && t.name === 'link-layer address') return 'binary';
  if (t.kind === 'codec' && t.size !== undefined) return `u${t.size * 8}`; // enumOf / flagsOf of an unsigned integer
  return 'binary';
}

describe('route: device link kinds against rt_link.yaml and the uapi headers', () => {
  it('every attribute rt_link.yaml lists has our id, name and wire type; ours beyond it are newer', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const { set, yaml } of ours) {
      if (yaml === undefined) continue;
      const fields = set.fields as Record<string, { id: number; type: unknown }>;
      const attributes = yamlSets[yaml]?.attributes;
      expect(attributes, yaml).to.be.an('array');
      const yamlMax = Math.max(...attributes.map((a) => a.id));
      for (const a of attributes) {
        if (a.type === 'pad') continue;
        const field = fields[camel(a.name)];
        compared++;
        if (field === undefined) problems.push(`${yaml}.${a.name} (${a.id}): we have no ${camel(a.name)}`);
        else if (field.id !== a.id) problems.push(`${yaml}.${a.name}: id ${field.id}, yaml ${a.id}`);
        else if (wireType(field.type) !== a.type && YAML_DIFFERENCES[`${yaml}.${a.name}`] === undefined) {
          problems.push(`${yaml}.${a.name}: ${wireType(field.type)}, yaml ${a.type}`);
        }
      }
      const known = new Set(attributes.map((a) => camel(a.name)));
      for (const [name, field] of Object.entries(fields)) {
        if (!known.has(name) && field.id <= yamlMax) problems.push(`${set.name}.${name} (${field.id}) is not in ${yaml} yet not newer than it`);
      }
    }
    expect(problems).to.deep.equal([]);
    expect(compared).to.be.above(50);
  });

  it('every id the installed if_link.h declares matches ours; the others are above its *_MAX', function () {
    if (!cCompiler || !existsSync('/usr/include/linux/if_link.h')) skipWithReason(this, 'needs a C compiler and /usr/include/linux/if_link.h');
    const header = readFileSync('/usr/include/linux/if_link.h', 'utf8');
    const declared: Array<[string, number]> = [];
    const newer: Array<[string, number, string]> = [];
    for (const { set, prefix } of ours) {
      const max = `${prefix}MAX`;
      if (!new RegExp(`\\b${max}\\b`).test(header)) continue; // the whole set is newer than the header (netkit here)
      for (const [key, id] of Object.entries(attributeIds(set))) {
        if (typeof id !== 'number') continue;
        const name = uapiName(prefix, key);
        if (new RegExp(`\\b${name}\\b`).test(header)) declared.push([name, id]);
        else newer.push([name, id, max]);
      }
    }
    const values = uapiValues(['linux/if_link.h'], [...declared.map(([n]) => n), ...newer.map(([, , max]) => max)]);
    expect(declared.length).to.be.above(50);
    expect(declared.flatMap(([n, id], i) => (id === values[i] ? [] : [`${n}: ours ${id}, header ${values[i]}`]))).to.deep.equal([]);
    expect(newer.flatMap(([n, id, max], i) => (id > values[declared.length + i] ? [] : [`${n} (${id}) not above ${max}`]))).to.deep.equal([]);
  });
});

const hex = (...words: string[]): string => words.join('').replace(/\s+/g, '');
const IFINFOMSG = '00 00 0000 00000000 00000000 00000000';

describe('route: device link kinds, golden bytes', () => {
  it('a bond with its mode, miimon and ARP targets encodes as the uapi layout and decodes back', () => {
    const bytes = encodeLink({
      ifname: 'b0',
      linkinfo: { kind: 'bond', data: { mode: 'active-backup', miimon: 100, arpIpTarget: ['10.0.0.1', '10.0.0.2'] } },
    });
    expect(bytes.toString('hex')).to.equal(
      hex(
        IFINFOMSG,
        '0700 0300 62300000', //                   IFLA_IFNAME "b0\0" + pad
        '3800 1280', //                            IFLA_LINKINFO | NESTED, len 56
        '  0900 0100 626f6e64 00000000', //          IFLA_INFO_KIND "bond\0" + pad
        '  2800 0280', //                            IFLA_INFO_DATA | NESTED, len 40
        '    0500 0100 01000000', //                   IFLA_BOND_MODE u8 1 (active-backup) + pad
        '    0800 0300 64000000', //                   IFLA_BOND_MIIMON u32 100
        '    1400 0880', //                            IFLA_BOND_ARP_IP_TARGET | NESTED, len 20
        '      0800 0000 0a000001', //                   [0] 10.0.0.1 (be32)
        '      0800 0100 0a000002', //                   [1] 10.0.0.2
      ),
    );
    const back = decodeLink(bytes);
    expect(plain(back.linkinfo)).to.deep.equal({ kind: 'bond', data: { mode: 'active-backup', miimon: 100, arpIpTarget: ['10.0.0.1', '10.0.0.2'] } });
  });

  it("a bond port's slave data decodes with its states by name", () => {
    const payload = Buffer.from(
      hex(
        IFINFOMSG,
        '3800 1280', //                           IFLA_LINKINFO, len 56
        '  0900 0400 626f6e64 00000000', //         IFLA_INFO_SLAVE_KIND "bond"
        '  2800 0580', //                           IFLA_INFO_SLAVE_DATA, len 40
        '    0500 0100 01000000', //                  STATE u8 1 (backup)
        '    0500 0200 00000000', //                  MII_STATUS u8 0 (up)
        '    0a00 0400 020000000001 0000', //         PERM_HWADDR 02:00:00:00:00:01
        '    0800 0900 feffffff', //                  PRIO s32 -2
      ),
      'hex',
    );
    expect(plain(decodeLink(payload).linkinfo)).to.deep.equal({
      slaveKind: 'bond',
      slaveData: { state: 'backup', miiStatus: 'up', permHwaddr: '02:00:00:00:00:01', prio: -2 },
    });
  });

  it('netkit data (the kernel here cannot create one) decodes from bytes laid out as if_link.h says', () => {
    // IFLA_NETKIT_PRIMARY 2 (u8), POLICY 3 (u32, NETKIT_PASS 0), PEER_POLICY 4 (NETKIT_DROP 2), MODE 5 (NETKIT_L3 1),
    // SCRUB 6 (NETKIT_SCRUB_DEFAULT 1), PEER_SCRUB 7 (NONE 0), HEADROOM 8 (u16), TAILROOM 9 (u16).
    const payload = Buffer.from(
      hex(
        IFINFOMSG,
        '5400 1280', //                            IFLA_LINKINFO, len 84
        '  0b00 0100 6e65746b 69740000', //          IFLA_INFO_KIND "netkit\0" + pad
        '  4400 0280', //                            IFLA_INFO_DATA, len 68
        '    0500 0200 01000000', //                   PRIMARY 1
        '    0800 0300 00000000', //                   POLICY forward
        '    0800 0400 02000000', //                   PEER_POLICY blackhole
        '    0800 0500 01000000', //                   MODE l3
        '    0800 0600 01000000', //                   SCRUB default
        '    0800 0700 00000000', //                   PEER_SCRUB none
        '    0600 0800 4000 0000', //                  HEADROOM 64
        '    0600 0900 2000 0000', //                  TAILROOM 32
      ),
      'hex',
    );
    const link = decodeLink(payload);
    expect(link.decodeErrors).to.equal(undefined);
    expect(plain(link.linkinfo)).to.deep.equal({
      kind: 'netkit',
      data: { primary: 1, policy: 'forward', peerPolicy: 'blackhole', mode: 'l3', scrub: 'default', peerScrub: 'none', headroom: 64, tailroom: 32 },
    });
    expect(encodeLink(link).equals(payload), 're-encodes to the same bytes').to.equal(true);
  });

  it('ipvlan mode and flags, vrf table and tun data decode by name', () => {
    const ipvlan = decodeLink(Buffer.from(hex(IFINFOMSG, '2800 1280', '  0b00 0100 69707674 61700000', '  1800 0280', '    0600 0100 0200 0000', '    0600 0200 0100 0000', '    0400 0300'), 'hex'));
    expect(plain(ipvlan.linkinfo)).to.deep.include({ kind: 'ipvtap', data: { mode: 'l3s', flags: ['private'], unknownAttributes: [{ type: 3, value: Buffer.alloc(0) }] } });
    const vrf = decodeLink(Buffer.from(hex(IFINFOMSG, '1800 1280', '  0800 0100 76726600', '  0c00 0280', '    0800 0100 0a000000'), 'hex'));
    expect(plain(vrf.linkinfo)).to.deep.equal({ kind: 'vrf', data: { table: 10 } });
    const tap = decodeLink(Buffer.from(hex(IFINFOMSG, '2800 1280', '  0800 0100 74756e00', '  1c00 0280', '    0500 0300 02000000', '    0500 0400 00000000', '    0500 0600 01000000'), 'hex'));
    expect(plain(tap.linkinfo)).to.deep.equal({ kind: 'tun', data: { type: 'tap', pi: 0, persist: 1 } });
  });
});

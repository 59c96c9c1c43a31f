// The spec compiler: the checked-in output is what the vendored specs compile to, loadSpec() reads a spec the
// same way at run time, and what the kernel's specs get wrong or leave open is handled as described.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { expect } from 'chai';
import { skipWithReason } from '../../../helpers/netns';
import { spec } from '../../../../lib/core';
import * as ynl from '../../../../lib/genl/ynl';
import { CompiledFamily, describeFamily, familyDescription, loadSpec, SpecError } from '../../../../lib/genl/ynl';

const root = join(__dirname, '../../../../..');

describe('ynl: the spec compiler', () => {
  it('lib/genl/ynl/generated and its tests are what scripts/ynl/generate.js makes of specs/ (run it after a refresh)', function () {
    if (!existsSync(join(root, 'lib/genl/ynl/generated/index.ts'))) skipWithReason(this, 'compares with the TypeScript sources, which are not at hand here');
    const { generateAll } = require(join(root, 'scripts/ynl/generate.js')) as { generateAll(): Record<string, string> };
    const files = generateAll();
    expect(Object.keys(files).filter((f) => f.startsWith('lib/genl/ynl/generated/') && f !== 'lib/genl/ynl/generated/index.ts')).to.have.length.at.least(19);
    for (const [rel, text] of Object.entries(files)) expect(readFileSync(join(root, rel), 'utf8'), rel).to.equal(text);
  });

  it('names each family\'s types under ynl.<module> without loading a family', () => {
    // compile-time: the typed module's open() gives the class named in the family's type namespace
    const open: (options?: ynl.FamilyClientOptions) => ynl.fou.Fou = (options) => ynl.familyModule('fou').open(options);
    const attrs: ynl.ethtool.LinkmodesAttrs = { speed: 1000 };
    expect(open).to.be.a('function');
    expect(attrs.speed).to.equal(1000);
    // run time: the namespaces are types only, so the module gains no property that would load a family
    expect(Object.keys(ynl)).to.include('families').and.not.include('fou').and.not.include('ethtool');
  });

  it('loadSpec() reads a YAML spec into the description the build compiled', () => {
    expect(loadSpec(join(root, 'specs/kernel/ethtool.yaml'))).to.deep.equal(familyDescription('ethtool'));
  });

  it('numbers attributes, enums, flags and operations as the kernel does', () => {
    const ethtool = familyDescription('ethtool');
    const header = ethtool.attributeSets['header'].attributes;
    // ETHTOOL_A_HEADER_* in linux/ethtool_netlink.h
    expect(header.map((a) => [a.name, a.id])).to.deep.equal([['dev-index', 1], ['dev-name', 2], ['flags', 3], ['phy-index', 4]]);
    expect(ethtool.enums['header-flags'].entries).to.deep.equal({ 'compact-bitsets': 1, 'omit-reply': 2, stats: 4 });
    // directional (linux/ethtool_netlink.h): ETHTOOL_MSG_LINKINFO_GET 2, its reply 2, ETHTOOL_MSG_LINKINFO_NTF 3
    const op = (name: string) => ethtool.operations.find((o) => o.name === name)!;
    expect([op('linkinfo-get').requestValue, op('linkinfo-get').replyValue]).to.deep.equal([2, 2]);
    expect(op('linkinfo-ntf').replyValue).to.equal(3);
    const rtLink = familyDescription('rt-link');
    expect(rtLink.protonum).to.equal(0);
    expect(rtLink.operations.find((o) => o.name === 'getlink')!.requestValue).to.equal(18);
  });

  it('keeps attributes a newer kernel sends, and enum values it does not know, instead of failing', () => {
    const netdev = new CompiledFamily(familyDescription('netdev'));
    const set = netdev.set('dev');
    const bytes = Buffer.concat([spec.encodeAttributes(set, { ifindex: 7 }), Buffer.from([8, 0, 99, 0, 1, 2, 3, 4])]);
    const decoded = spec.decodeAttributes(set, bytes) as Record<string, any>;
    expect(decoded.ifindex).to.equal(7);
    expect(decoded.unknownAttributes).to.deep.equal([{ type: 99, value: Buffer.from([1, 2, 3, 4]) }]);
    expect(Buffer.compare(spec.encodeAttributes(set, decoded as never), bytes)).to.equal(0);
  });

  it('names what a malformed spec lacks', () => {
    expect(() => describeFamily({ name: 'x', protocol: 'netlink-raw', operations: { list: [] } })).to.throw(SpecError, /protonum/);
    expect(() =>
      describeFamily({ name: 'x', 'attribute-sets': [{ name: 'a', attributes: [{ name: 'n', type: 'nest', 'nested-attributes': 'missing' }] }] }),
    ).to.throw(SpecError, /no attribute set missing/);
  });
});

// The NCSI spec against the uapi header, and the client's shaping of replies laid out as ncsi-netlink.c writes them.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { AttributeWriter, DecodeError, spec } from '../../../lib/core';
import { commandResultOf, packagesOf } from '../../../lib/ncsi';
import { CompiledFamily } from '../../../lib/genl/ynl';
import { description } from '../../../lib/genl/ynl/generated/ncsi';

/** The entries of `enum name { ... }` in a uapi header, numbered as C numbers them. */
function uapiEnum(header: string, name: string): Record<string, number> {
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(header)?.[1];
  if (body === undefined) throw new Error(`no enum ${name}`);
  const out: Record<string, number> = {};
  let next = 0;
  for (const entry of body.replace(/\/\*[\s\S]*?\*\//g, '').split(',')) {
    const [id, value] = entry.trim().split(/\s*=\s*/);
    if (!id || value !== undefined) continue; // the *_MAX aliases
    out[id] = next++;
  }
  return out;
}

const ids = (set: string): Record<string, number> =>
  Object.fromEntries(description.attributeSets[set].attributes.filter((a) => a.type !== 'unused').map((a) => [a.name, a.id]));

describe('ncsi: the spec and the client\'s replies', () => {
  const compiled = new CompiledFamily(description);
  const decode = (operation: string, body: Buffer): Record<string, unknown> => spec.decodeAttributes(compiled.layout(compiled.operation(operation)!).set, body) as Record<string, unknown>;

  it('numbers commands and attributes as linux/ncsi.h does', function () {
    let header: string;
    try {
      header = readFileSync('/usr/include/linux/ncsi.h', 'utf8');
    } catch {
      this.skip(); // no kernel headers installed (linux-libc-dev)
    }
    const upper = (prefix: string, n: string): string => prefix + n.toUpperCase().replace(/-/g, '_');
    const commands = uapiEnum(header!, 'ncsi_nl_commands');
    for (const op of description.operations) expect(op.requestValue, op.name).to.equal(commands[upper('NCSI_CMD_', op.name)]);
    const attrs = uapiEnum(header!, 'ncsi_nl_attrs');
    for (const [name, id] of Object.entries(ids('attrs'))) expect(id, name).to.equal(attrs[upper('NCSI_ATTR_', name)]);
    const pkg = uapiEnum(header!, 'ncsi_nl_pkg_attrs');
    expect(ids('package-list')).to.deep.equal({ package: pkg.NCSI_PKG_ATTR });
    for (const [name, id] of Object.entries(ids('package'))) expect(id, name).to.equal(pkg[upper('NCSI_PKG_ATTR_', name)]);
    const channel = uapiEnum(header!, 'ncsi_nl_channel_attrs');
    expect(ids('channel-list')).to.deep.equal({ channel: channel.NCSI_CHANNEL_ATTR });
    for (const [name, id] of Object.entries(ids('channel'))) expect(id, name).to.equal(channel[upper('NCSI_CHANNEL_ATTR_', name)]);
    expect(ids('vlan-list')).to.deep.equal({ 'vlan-id': channel.NCSI_CHANNEL_ATTR_VLAN_ID });
  });

  it('shapes a pkg-info reply (nests without NLA_F_NESTED, in ncsi_write_package_info\'s order) into packages', () => {
    // NCSI_ATTR_PACKAGE_LIST (2) > NCSI_PKG_ATTR (1) > ID (2), FORCED (3), CHANNEL_LIST (4) > NCSI_CHANNEL_ATTR (1) >
    // ID (2), LINK_STATE (6), ACTIVE (7), FORCED (8), VERSION_MAJOR (3), VERSION_MINOR (4), VERSION_STR (5),
    // VLAN_LIST (9) > VLAN_ID (10) u16 each.
    const channel = (w: AttributeWriter, id: number, active: boolean, vids: number[]): void => {
      w.nested(1, (c) => {
        c.u32(2, id).u32(6, active ? 0x6f : 0);
        if (active) c.flag(7).flag(8);
        c.u32(3, 1).u32(4, 1).string(5, 'ACME NIC');
        c.nested(9, (v) => vids.forEach((vid) => v.u16(10, vid)), false);
      }, false);
    };
    const body = new AttributeWriter()
      .nested(2, (list) => {
        list.nested(1, (p) => {
          p.u32(2, 0).flag(3);
          p.nested(4, (cl) => {
            channel(cl, 0, true, [100, 200]);
            channel(cl, 1, false, []);
          }, false);
        }, false);
      }, false)
      .toBuffer();
    expect(packagesOf(decode('pkg-info', body))).to.deep.equal([
      {
        id: 0,
        forced: true,
        channels: [
          { id: 0, active: true, forced: true, linkState: 0x6f, linkUp: true, versionMajor: 1, versionMinor: 1, version: 'ACME NIC', vlanIds: [100, 200] },
          { id: 1, active: false, forced: false, linkState: 0, linkUp: false, versionMajor: 1, versionMinor: 1, version: 'ACME NIC', vlanIds: [] },
        ],
      },
    ]);
    expect(packagesOf(undefined)).to.deep.equal([]);
  });

  it('a send-cmd reply without NCSI_ATTR_DATA is the kernel\'s timeout; with it, the response decoded', () => {
    // ncsi_send_netlink_timeout: IFINDEX, PACKAGE_ID, CHANNEL_ID (0x1f: no channel), no DATA.
    const timeout = decode('send-cmd', new AttributeWriter().u32(1, 2).u32(3, 0).u32(4, 0x1f).toBuffer());
    expect(commandResultOf(timeout, 2, 0, 0)).to.deep.equal({ ifindex: 2, packageId: 0, channelId: 0x1f, timedOut: true });
    const frame = Buffer.from('0001000195000004000000000000000000037fff00000000', 'hex');
    const answered = commandResultOf(decode('send-cmd', new AttributeWriter().u32(1, 2).u32(3, 0).u32(4, 0).binary(5, frame).toBuffer()), 2, 0, 0);
    expect([answered.timedOut, answered.data, answered.response?.command, answered.response?.codeName]).to.deep.equal([false, frame, 'get-version-id', 'unsupported']);
  });

  it('a response too short for its codes resolves with its bytes and the DecodeError, not a rejection', () => {
    // libslirp 4.7's answer to OEM: payload length 0, its checksum where the response and reason codes belong
    // (0x10000_0000 - (0x0001 + 0x0001 + 0xd000)), then the Ethernet padding the kernel passes on.
    const frame = Buffer.concat([Buffer.from('00010001' + 'd0000000' + '00000000' + '00000000' + 'ffff2ffe', 'hex'), Buffer.alloc(26)]);
    const result = commandResultOf(decode('send-cmd', new AttributeWriter().u32(1, 2).u32(3, 0).u32(4, 0).binary(5, frame).toBuffer()), 2, 0, 0);
    expect([result.timedOut, result.data, result.response]).to.deep.equal([false, frame, undefined]);
    expect(result.decodeError).to.be.instanceOf(DecodeError);
    expect(result.decodeError!.message).to.match(/payload length 0/);
  });
});

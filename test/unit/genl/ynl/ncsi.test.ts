// The hand-written NCSI spec (specs/extra/ncsi.yaml) against a pkg-info reply laid out by hand as
// net/ncsi/ncsi-netlink.c writes it (nests without NLA_F_NESTED, VLAN ids as NCSI_CHANNEL_ATTR_VLAN_ID).
import { expect } from 'chai';
import { familyDescription, FamilyClient } from '../../../../lib/genl/ynl';

function attr(type: number, value: Buffer): Buffer {
  const len = 4 + value.length;
  const out = Buffer.alloc((len + 3) & ~3);
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  value.copy(out, 4);
  return out;
}
const u32 = (n: number) => Buffer.from(Uint32Array.of(n).buffer);
const u16 = (n: number) => Buffer.from(Uint16Array.of(n).buffer);

describe('ynl: the NCSI spec (hand-written)', () => {
  it('decodes a pkg-info reply as the kernel lays it out, and encodes it back to the same bytes', () => {
    const channel = attr(1, Buffer.concat([
      attr(2, u32(1)), // NCSI_CHANNEL_ATTR_ID
      attr(3, u32(1)), // VERSION_MAJOR
      attr(4, u32(0)), // VERSION_MINOR
      attr(5, Buffer.from('1.0\0')), // VERSION_STR
      attr(6, u32(0x21)), // LINK_STATE
      attr(7, Buffer.alloc(0)), // ACTIVE
      attr(9, Buffer.concat([attr(10, u16(5)), attr(10, u16(7))])), // VLAN_LIST of VLAN_IDs
    ]));
    const pkg = attr(1, Buffer.concat([attr(2, u32(0)), attr(3, Buffer.alloc(0)), attr(4, channel)]));
    const body = Buffer.concat([attr(1, u32(2)), attr(2, pkg)]); // NCSI_ATTR_IFINDEX, NCSI_ATTR_PACKAGE_LIST
    const client = new FamilyClient(familyDescription('NCSI'));
    try {
      const reply = client.decodeReply('pkg-info', body);
      expect(JSON.parse(JSON.stringify(reply))).to.deep.equal({
        ifindex: 2,
        packageList: {
          package: [{ id: 0, forced: true, channelList: { channel: [{ id: 1, versionMajor: 1, versionMinor: 0, versionStr: '1.0', linkState: 0x21, active: true, vlanList: { vlanId: [5, 7] } }] } }],
        },
      });
      expect(client.encodeRequest('pkg-info', reply).equals(body)).to.equal(true);
      // requests: NCSI_CMD_SEND_CMD (4) with the family's version 0
      const request = client.encodeGenlRequest('send-cmd', { ifindex: 2, packageId: 0, channelId: 0, data: Buffer.from([0x50, 0]) });
      expect([...request.subarray(0, 4)]).to.deep.equal([4, 0, 0, 0]);
    } finally {
      client.close();
    }
  });
});

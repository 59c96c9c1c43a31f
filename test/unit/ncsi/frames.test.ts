// NC-SI control packets against bytes laid out by hand from DSP0222 (and the kernel's net/ncsi/ncsi-pkt.h), field
// by field. The checksums were summed by hand too: two's complement of the sum of the big-endian 16-bit words.
import { expect } from 'chai';
import { DecodeError, EncodeError } from '../../../lib/core';
import { decodeCommand, decodeHeader, decodeResponse, encodeCommand, ncsiChecksum } from '../../../lib/ncsi';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ''), 'hex');

describe('ncsi: control packets (DSP0222)', () => {
  it('encodes Get Version ID: header, no payload, checksum', () => {
    expect(encodeCommand({ command: 'get-version-id' }, { instanceId: 1 })).to.deep.equal(hex(`
      00          // MC id
      01          // header revision
      00          // reserved
      01          // instance id
      15          // type: Get Version ID
      00          // package 0 (bits 7:5), channel 0 (bits 4:0)
      0000        // payload length 0
      0000000000000000 // reserved
      ffffeafe    // checksum: -(0x0001 + 0x0001 + 0x1500)
    `));
  });

  it('encodes an OEM command to package 2 channel 1: manufacturer id, vendor data', () => {
    const frame = encodeCommand({ command: 'oem', manufacturerId: 0x8119, data: Buffer.from([0, 0, 0x1b, 0]) }, { packageId: 2, channelId: 1, instanceId: 2 });
    expect(frame).to.deep.equal(hex(`
      00 01 00 02 // MC id, revision, reserved, instance id 2
      50          // type: OEM
      41          // package 2 << 5 | channel 1
      0008        // payload length 8
      0000000000000000
      00008119    // manufacturer id (IANA 33049)
      00001b00    // vendor data
      ffff139b    // checksum
    `));
    expect(decodeCommand(frame).command).to.deep.equal({ command: 'oem', manufacturerId: 0x8119, data: Buffer.from([0, 0, 0x1b, 0]) });
    expect(decodeHeader(frame)).to.deep.equal({ mcId: 0, revision: 1, instanceId: 2, type: 0x50, packageId: 2, channelId: 1, payloadLength: 8 });
  });

  it('pads a raw payload to 4 bytes before the checksum, and decodes it back', () => {
    const frame = encodeCommand({ command: 'raw', type: 0x09, payload: Buffer.from([1, 2, 3, 4, 5]) });
    expect(frame.length).to.equal(16 + 8 + 4);
    expect(frame.readUInt16BE(6)).to.equal(5);
    expect(frame.subarray(16, 24)).to.deep.equal(Buffer.from([1, 2, 3, 4, 5, 0, 0, 0]));
    expect(frame.readUInt32BE(24)).to.equal(ncsiChecksum(frame.subarray(0, 21)));
    expect(decodeCommand(frame).command).to.deep.equal({ command: 'raw', type: 9, payload: Buffer.from([1, 2, 3, 4, 5]) });
  });

  it('refuses what it cannot encode, with EncodeError', () => {
    expect(() => encodeCommand({ command: 'get-version-id' }, { packageId: 8 })).to.throw(EncodeError, /package id/);
    expect(() => encodeCommand({ command: 'get-version-id' }, { channelId: 0x20 })).to.throw(EncodeError, /channel id/);
    expect(() => encodeCommand({ command: 'raw', type: 0x80 })).to.throw(EncodeError, /command type/);
    expect(() => encodeCommand({ command: 'oem', manufacturerId: -1 })).to.throw(EncodeError, /manufacturer/);
    expect(() => encodeCommand({ command: 'nope' } as never)).to.throw(EncodeError, /unknown NC-SI command 'nope'/);
    expect(() => encodeCommand({ command: 'raw', type: 1, payload: Buffer.alloc(4096) })).to.throw(EncodeError, /4095/);
  });

  it('decodes a Get Link Status response', () => {
    const r = decodeResponse(hex(`
      00 01 00 01 // MC id, revision, reserved, instance id
      8a          // type: Get Link Status response
      00          // package 0 channel 0
      0010        // payload length 16
      0000000000000000
      0000 0000   // response code: completed; reason: no error
      0000006f    // link status: up (bit 0), 1000BASE-T full (bits 4:1 = 7), autoneg enabled (5) and complete (6)
      00000001    // other indications: host NC driver status
      00000000    // OEM link status
      ffff757e    // checksum
    `));
    expect(r.command).to.equal('get-link-status');
    expect([r.code, r.codeName, r.reason, r.reasonName, r.checksumValid, r.commandType]).to.deep.equal([0, 'completed', 0, 'no-error', true, 0x0a]);
    expect(r.command === 'get-link-status' && r.linkStatus).to.deep.equal({
      status: 0x6f,
      linkUp: true,
      speedDuplex: 7,
      speedDuplexName: '1000BASE-T full',
      autonegEnabled: true,
      autonegComplete: true,
      parallelDetection: false,
      serdesLink: false,
      otherIndications: 1,
      oemLinkStatus: 0,
    });
  });

  it('decodes a Get Version ID response', () => {
    const r = decodeResponse(hex(`
      00 01 00 01 95 00 0028 0000000000000000 // type 0x95, payload length 40
      0000 0000   // completed, no error
      f1 f1 ff 00 // NC-SI version: major 1, minor 1, update 0xff (not given: 0), alpha1 none
      000000      // reserved
      00          // alpha2
      41434d45204e494300000000 // firmware name 'ACME NIC', NUL-padded to 12
      01020304    // firmware version 1.2.3.4
      1234 8086 5678 8086 // PCI device, vendor, subsystem, subsystem vendor
      00000157    // manufacturer id (IANA 343)
      fffb12b7    // checksum
    `));
    expect(r.command === 'get-version-id' && r.versionId).to.deep.equal({
      ncsiVersion: { major: 1, minor: 1, update: 0, alpha1: 0, alpha2: 0 },
      firmwareName: 'ACME NIC',
      firmwareVersion: 0x01020304,
      firmwareVersionString: '1.2.3.4',
      pciDeviceId: 0x1234,
      pciVendorId: 0x8086,
      pciSubsystemId: 0x5678,
      pciSubsystemVendorId: 0x8086,
      manufacturerId: 343,
    });
    expect(r.checksumValid).to.equal(true);
  });

  it('decodes a Get Capabilities response', () => {
    const r = decodeResponse(hex(`
      00 01 00 01 96 00 0020 0000000000000000 // type 0x96, payload length 32
      0000 0000   // completed, no error
      0000001f    // capabilities flags
      0000000f    // broadcast packet filter capabilities
      00000007    // multicast packet filter capabilities
      00010000    // buffering capability
      00000007    // AEN control support
      08 00 04 02 // VLAN, mixed, multicast, unicast filter counts
      0000        // reserved
      05          // VLAN mode support
      01          // channel count
      ffff589e    // checksum
    `));
    expect(r.command === 'get-capabilities' && r.capabilities).to.deep.equal({
      capabilities: 0x1f,
      broadcastFilterCapabilities: 0xf,
      multicastFilterCapabilities: 7,
      bufferingCapability: 0x10000,
      aenControlSupport: 7,
      vlanFilterCount: 8,
      mixedFilterCount: 0,
      multicastFilterCount: 4,
      unicastFilterCount: 2,
      vlanModeSupport: 5,
      channelCount: 1,
    });
  });

  it('decodes a Get Parameters response with its MAC and VLAN filters', () => {
    const r = decodeResponse(hex(`
      00 01 00 01 97 00 0028 0000000000000000 // type 0x97, payload length 40
      0000 0000   // completed, no error
      01 0000 01  // MAC address count 1, reserved, MAC address flags (filter 0 enabled)
      01 00 0001  // VLAN tag count 1, reserved, VLAN tag flags (filter 0 enabled)
      00000001    // link settings
      00000001    // broadcast packet filter settings
      00000003    // configuration flags
      01 00 0000  // VLAN mode, flow control enable, reserved
      00000007    // AEN control
      525400123456 // MAC address filter 0
      0064        // VLAN tag filter 0: 100
      fffedea8    // checksum
    `));
    expect(r.command === 'get-parameters' && r.parameters).to.deep.equal({
      macAddressCount: 1,
      macAddressFlags: 1,
      vlanTagCount: 1,
      vlanTagFlags: 1,
      linkSettings: 1,
      broadcastFilterSettings: 1,
      configurationFlags: 3,
      vlanMode: 1,
      flowControlEnable: 0,
      aenControl: 7,
      macAddresses: ['52:54:00:12:34:56'],
      vlanTags: [100],
    });
  });

  it('decodes an OEM response and a failed command: codes named, payload kept, no typed part', () => {
    const oem = decodeResponse(hex('00 01 00 02 d0 41 000c 0000000000000000  0000 0000  00008119  00011b00  00000000'));
    expect(oem.command === 'oem' && oem.oem).to.deep.equal({ manufacturerId: 0x8119, data: Buffer.from([0, 1, 0x1b, 0]) });
    expect(oem.header).to.include({ packageId: 2, channelId: 1 });
    expect(oem.checksumValid, 'a zero checksum is "not computed"').to.equal(undefined);
    const failed = decodeResponse(hex('00 01 00 01 95 00 0004 0000000000000000  0003 7fff  00000000'));
    expect([failed.command, failed.codeName, failed.reasonName]).to.deep.equal(['get-version-id', 'unsupported', 'unknown-command-type']);
    expect(failed.command === 'get-version-id' && failed.versionId).to.equal(undefined);
    const vendor = decodeResponse(hex('00 01 00 01 e0 00 0004 0000000000000000  8001 0042'));
    expect([vendor.command, vendor.codeName, vendor.reasonName, vendor.commandType]).to.deep.equal(['raw', 'vendor-0x8001', '0x42', 0x60]);
  });

  it('says when a checksum does not match', () => {
    const frame = hex('00 01 00 01 8a 00 0010 0000000000000000 0000 0000 0000006f 00000001 00000000 ffff757e');
    frame[23] = 0x6e;
    expect(decodeResponse(frame).checksumValid).to.equal(false);
  });

  it('refuses what is not a response, with DecodeError and where', () => {
    expect(() => decodeResponse(Buffer.alloc(10))).to.throw(DecodeError, /at least 16 bytes/);
    expect(() => decodeResponse(encodeCommand({ command: 'get-link-status' }))).to.throw(DecodeError, /is a command/);
    expect(() => decodeResponse(hex('00 01 00 01 8a 00 0010 0000000000000000 0000 0000'))).to.throw(DecodeError, /payload length 16/);
  });
});

// NC-SI control packets (DMTF DSP0222) as typed objects: commands encoded for NCSI_CMD_SEND_CMD, responses decoded
// from what its reply carries. Every multi-byte field is big-endian on the wire.
import { DecodeError, EncodeError } from '../core';

/** Length of the NC-SI control packet header. */
export const NCSI_HEADER_LENGTH = 16;
/** The channel id that addresses a package as a whole (DSP0222: internal channel 0x1f). */
export const NCSI_PACKAGE_CHANNEL = 0x1f;

/** The command types this module encodes and decodes as objects (their responses are these + 0x80). */
export const NcsiCommandType = {
  GetLinkStatus: 0x0a,
  GetVersionId: 0x15,
  GetCapabilities: 0x16,
  GetParameters: 0x17,
  Oem: 0x50,
} as const;

/** Response codes (DSP0222 table "Generic response code values"); 0x8000 and above are vendor codes. */
export const NcsiResponseCode: Readonly<Record<number, string>> = {
  0x0000: 'completed',
  0x0001: 'failed',
  0x0002: 'unavailable',
  0x0003: 'unsupported',
};

/** Reason codes (DSP0222 table "Generic reason code values"). */
export const NcsiReasonCode: Readonly<Record<number, string>> = {
  0x0000: 'no-error',
  0x0001: 'interface-initialization-required',
  0x0002: 'parameter-invalid',
  0x0003: 'channel-not-ready',
  0x0004: 'package-not-ready',
  0x0005: 'invalid-payload-length',
  0x0006: 'information-not-available',
  0x7fff: 'unknown-command-type',
};

/** Speed and duplex of the Link Status field, bits 4:1 (DSP0222 table "Link Status field bit definitions"). */
export const NcsiSpeedDuplex: Readonly<Record<number, string>> = {
  0x0: 'none',
  0x1: '10BASE-T half',
  0x2: '10BASE-T full',
  0x3: '100BASE-TX half',
  0x4: '100BASE-T4',
  0x5: '100BASE-TX full',
  0x6: '1000BASE-T half',
  0x7: '1000BASE-T full',
  0x8: '10G-BASE-T',
  0x9: '20G',
  0xa: '25G',
  0xb: '40G',
  0xc: '50G',
  0xd: '100G',
  0xe: '2.5G',
  0xf: 'extended',
};

/** The 16-byte header every NC-SI control packet starts with. */
export interface NcsiHeader {
  /** Management controller id (0 unless the MC was given another). */
  mcId: number;
  /** Header revision (0x01). */
  revision: number;
  /** Instance id: pairs a response with its command (the kernel sets its own on what it sends). */
  instanceId: number;
  /** Control packet type: the command, or the command + 0x80 for its response. */
  type: number;
  /** Package id (bits 7:5 of the channel id byte). */
  packageId: number;
  /** Internal channel id (bits 4:0); 0x1f addresses the package. */
  channelId: number;
  /** Payload length (12 bits): what follows the header, without padding and checksum. */
  payloadLength: number;
}

/** A command to send: one of the typed ones, or any type with a raw payload. */
export type NcsiCommand =
  | {
      /** Get Version ID (0x15). */
      command: 'get-version-id';
    }
  | {
      /** Get Capabilities (0x16). */
      command: 'get-capabilities';
    }
  | {
      /** Get Link Status (0x0a). */
      command: 'get-link-status';
    }
  | {
      /** Get Parameters (0x17). */
      command: 'get-parameters';
    }
  /** An OEM command: the vendor's IANA enterprise number, then its data. */
  | {
      /** OEM command (0x50). */
      command: 'oem';
      /** The vendor's IANA enterprise number. */
      manufacturerId: number;
      /** The vendor's data after it. */
      data?: Uint8Array;
    }
  /** Any other control packet type, its payload as given. */
  | {
      /** Any control packet type. */
      command: 'raw';
      /** The control packet type. */
      type: number;
      /** The payload, as given. */
      payload?: Uint8Array;
    };

/** Where a command goes and how it is stamped; the kernel re-stamps instance id and channel when it sends. */
export interface NcsiAddress {
  /** Package id (0 to 7; default 0). */
  packageId?: number;
  /** Internal channel id (0 to 0x1f; default 0). */
  channelId?: number;
  /** Instance id (default 1). */
  instanceId?: number;
  /** Management controller id (default 0). */
  mcId?: number;
}

/** Get Version ID response payload. */
export interface NcsiVersionId {
  /** NC-SI version as the kernel reads it: packed BCD digits, 0xF nibbles as 0. */
  ncsiVersion: {
    /** Major version digits. */
    major: number;
    /** Minor version digits. */
    minor: number;
    /** Update version digits. */
    update: number;
    /** First alpha character (0: none). */
    alpha1: number;
    /** Second alpha character (0: none). */
    alpha2: number;
  };
  /** Firmware name string (up to 12 bytes, NUL-padded). */
  firmwareName: string;
  /** Firmware version, a 32-bit value (commonly four bytes a.b.c.d). */
  firmwareVersion: number;
  /** firmwareVersion as dotted bytes ('1.2.3.4'). */
  firmwareVersionString: string;
  /** PCI device id of the controller. */
  pciDeviceId: number;
  /** PCI vendor id of the controller. */
  pciVendorId: number;
  /** PCI subsystem id of the controller. */
  pciSubsystemId: number;
  /** PCI subsystem vendor id of the controller. */
  pciSubsystemVendorId: number;
  /** The manufacturer's IANA enterprise number. */
  manufacturerId: number;
}

/** Get Capabilities response payload. */
export interface NcsiCapabilities {
  /** The Capabilities Flags field. */
  capabilities: number;
  /** The Broadcast Packet Filter Capabilities field. */
  broadcastFilterCapabilities: number;
  /** The Multicast Packet Filter Capabilities field. */
  multicastFilterCapabilities: number;
  /** The Buffering Capability field (bytes). */
  bufferingCapability: number;
  /** The AEN Control Support field. */
  aenControlSupport: number;
  /** How many VLAN filters the channel has. */
  vlanFilterCount: number;
  /** How many mixed MAC address filters the channel has. */
  mixedFilterCount: number;
  /** How many multicast MAC address filters the channel has. */
  multicastFilterCount: number;
  /** How many unicast MAC address filters the channel has. */
  unicastFilterCount: number;
  /** The VLAN Mode Support field. */
  vlanModeSupport: number;
  /** The Channel Count field. */
  channelCount: number;
}

/** Get Link Status response payload. */
export interface NcsiLinkStatus {
  /** The Link Status field as sent. */
  status: number;
  /** Bit 0. */
  linkUp: boolean;
  /** Bits 4:1, and their name. */
  speedDuplex: number;
  /** speedDuplex's name ('1000-full', ...). */
  speedDuplexName: string;
  /** Bit 5: auto-negotiation enabled. */
  autonegEnabled: boolean;
  /** Bit 6: auto-negotiation complete. */
  autonegComplete: boolean;
  /** Bit 7: parallel detection was used. */
  parallelDetection: boolean;
  /** Bit 20: the SerDes link is up. */
  serdesLink: boolean;
  /** The Other Indications field. */
  otherIndications: number;
  /** The OEM Link Status field. */
  oemLinkStatus: number;
}

/** Get Parameters response payload. */
export interface NcsiParameters {
  /** The MAC Address Count field. */
  macAddressCount: number;
  /** One bit per MAC address filter: enabled. */
  macAddressFlags: number;
  /** The VLAN Tag Count field. */
  vlanTagCount: number;
  /** One bit per VLAN filter: enabled. */
  vlanTagFlags: number;
  /** The Link Settings field. */
  linkSettings: number;
  /** The Broadcast Packet Filter Settings field. */
  broadcastFilterSettings: number;
  /** The Configuration Flags field. */
  configurationFlags: number;
  /** The VLAN Mode field. */
  vlanMode: number;
  /** The Flow Control Enable field. */
  flowControlEnable: number;
  /** The AEN Control field. */
  aenControl: number;
  /** The MAC address filters ('aa:bb:cc:dd:ee:ff'), macAddressCount of them. */
  macAddresses: string[];
  /** The VLAN tag filters, vlanTagCount of them. */
  vlanTags: number[];
}

/** OEM response payload. */
export interface NcsiOemResponse {
  /** The manufacturer's IANA enterprise number. */
  manufacturerId: number;
  /** The vendor's data after it. */
  data: Buffer;
}

/** What every decoded response has. */
export interface NcsiResponseBase {
  /** The packet's header. */
  header: NcsiHeader;
  /** The command type this answers (header type − 0x80). */
  commandType: number;
  /** The Response Code field. */
  code: number;
  /** 'completed', 'failed', 'unavailable', 'unsupported', or 'vendor-0x8001' and the like. */
  codeName: string;
  /** The Reason Code field. */
  reason: number;
  /** reason's name ('no-error', 'parameter-invalid', ..., or its number in hex). */
  reasonName: string;
  /** The checksum matched; undefined when the sender left it 0 (DSP0222 allows that) or the frame ends before it. */
  checksumValid: boolean | undefined;
  /** The payload after response and reason codes. */
  payload: Buffer;
}

/** A decoded NC-SI response: its common part, and the typed payload of the commands this module knows. */
export type NcsiResponse =
  | (NcsiResponseBase & {
      /** The command answered. */
      command: 'get-version-id';
      /** The decoded Get Version ID payload (absent when the command failed or the payload is short). */
      versionId?: NcsiVersionId;
    })
  | (NcsiResponseBase & {
      /** The command answered. */
      command: 'get-capabilities';
      /** The decoded Get Capabilities payload (absent when the command failed or the payload is short). */
      capabilities?: NcsiCapabilities;
    })
  | (NcsiResponseBase & {
      /** The command answered. */
      command: 'get-link-status';
      /** The decoded Get Link Status payload (absent when the command failed or the payload is short). */
      linkStatus?: NcsiLinkStatus;
    })
  | (NcsiResponseBase & {
      /** The command answered. */
      command: 'get-parameters';
      /** The decoded Get Parameters payload (absent when the command failed or the payload is short). */
      parameters?: NcsiParameters;
    })
  | (NcsiResponseBase & {
      /** The command answered. */
      command: 'oem';
      /** The decoded OEM payload (absent when the command failed or the payload is short). */
      oem?: NcsiOemResponse;
    })
  | (NcsiResponseBase & {
      /** The command answered. */
      command: 'raw';
    });

const COMMAND_TYPES: Record<Exclude<NcsiCommand['command'], 'raw'>, number> = {
  'get-version-id': NcsiCommandType.GetVersionId,
  'get-capabilities': NcsiCommandType.GetCapabilities,
  'get-link-status': NcsiCommandType.GetLinkStatus,
  'get-parameters': NcsiCommandType.GetParameters,
  oem: NcsiCommandType.Oem,
};

/** The command names this module knows, for parsers (the CLI's `ncsi send`). */
export const NCSI_COMMAND_NAMES: readonly string[] = Object.keys(COMMAND_TYPES);

/**
 * DSP0222's checksum: the 32-bit two's complement of the sum of the header and payload as big-endian 16-bit words
 * (an odd last byte counts as the high byte of a word).
 */
export function ncsiChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum = (sum + ((bytes[i] << 8) | (i + 1 < bytes.length ? bytes[i + 1] : 0))) >>> 0;
  return (0x100000000 - sum) >>> 0;
}

function checkByte(value: number | undefined, max: number, what: string): number {
  const v = value ?? 0;
  if (!Number.isInteger(v) || v < 0 || v > max) throw new EncodeError(`NC-SI ${what} must be an integer from 0 to ${max}, got ${String(value)}`);
  return v;
}

/**
 * Encodes a command as a whole control packet: header, payload, padding to 4 bytes, checksum. This is what
 * NCSI_ATTR_DATA takes (the kernel reads the type and payload length from the header and the payload after it).
 */
export function encodeCommand(command: NcsiCommand, address: NcsiAddress = {}): Buffer {
  if (typeof command !== 'object' || command === null) throw new EncodeError('an NC-SI command must be an object');
  let type: number;
  let payload: Uint8Array;
  if (command.command === 'raw') {
    type = checkByte(command.type, 0x7f, 'command type');
    payload = command.payload ?? Buffer.alloc(0);
  } else if (command.command === 'oem') {
    type = NcsiCommandType.Oem;
    const data = command.data ?? Buffer.alloc(0);
    const p = Buffer.alloc(4 + data.length);
    p.writeUInt32BE(checkUint32(command.manufacturerId, 'manufacturer id'), 0);
    p.set(data, 4);
    payload = p;
  } else {
    type = COMMAND_TYPES[command.command];
    if (type === undefined) throw new EncodeError(`unknown NC-SI command '${String(command.command)}' (known: ${[...NCSI_COMMAND_NAMES, 'raw'].join(', ')})`);
    payload = Buffer.alloc(0);
  }
  if (!(payload instanceof Uint8Array)) throw new EncodeError('an NC-SI payload must be a Buffer or Uint8Array');
  if (payload.length > 0xfff) throw new EncodeError(`an NC-SI payload is at most 4095 bytes, got ${payload.length}`);
  const padded = (payload.length + 3) & ~3;
  const frame = Buffer.alloc(NCSI_HEADER_LENGTH + padded + 4);
  frame[0] = checkByte(address.mcId, 0xff, 'MC id');
  frame[1] = 0x01;
  frame[3] = checkByte(address.instanceId, 0xff, 'instance id');
  frame[4] = type;
  frame[5] = (checkByte(address.packageId, 7, 'package id') << 5) | checkByte(address.channelId ?? 0, 0x1f, 'channel id');
  frame.writeUInt16BE(payload.length, 6);
  frame.set(payload, NCSI_HEADER_LENGTH);
  frame.writeUInt32BE(ncsiChecksum(frame.subarray(0, NCSI_HEADER_LENGTH + payload.length)), NCSI_HEADER_LENGTH + padded);
  return frame;
}

function checkUint32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new EncodeError(`NC-SI ${what} must be a u32, got ${String(value)}`);
  return value;
}

/** Decodes the 16-byte header. */
export function decodeHeader(frame: Uint8Array): NcsiHeader {
  if (frame.length < NCSI_HEADER_LENGTH) throw new DecodeError(`an NC-SI packet is at least 16 bytes, got ${frame.length}`, 0);
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  return {
    mcId: b[0],
    revision: b[1],
    instanceId: b[3],
    type: b[4],
    packageId: b[5] >> 5,
    channelId: b[5] & 0x1f,
    payloadLength: b.readUInt16BE(6) & 0xfff,
  };
}

/** Decodes a command packet back to the object encodeCommand took (for tools and tests), with its address. */
export function decodeCommand(frame: Uint8Array): {
  /** The packet's header. */
  header: NcsiHeader;
  /** The command it carries. */
  command: NcsiCommand;
} {
  const header = decodeHeader(frame);
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  if (NCSI_HEADER_LENGTH + header.payloadLength > b.length) throw new DecodeError(`NC-SI payload length ${header.payloadLength} runs past the ${b.length}-byte packet`, 6);
  const payload = b.subarray(NCSI_HEADER_LENGTH, NCSI_HEADER_LENGTH + header.payloadLength);
  const name = commandName(header.type);
  if (name === 'oem' && payload.length >= 4) return { header, command: { command: 'oem', manufacturerId: payload.readUInt32BE(0), data: payload.subarray(4) } };
  if (name !== 'raw' && name !== 'oem' && payload.length === 0) return { header, command: { command: name } };
  return { header, command: { command: 'raw', type: header.type, payload } };
}

function commandName(type: number): NcsiResponse['command'] {
  for (const [name, t] of Object.entries(COMMAND_TYPES)) if (t === type) return name as NcsiResponse['command'];
  return 'raw';
}

function macAt(b: Buffer, at: number): string {
  return Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
}

function bcd(x: number): number {
  const lo = x & 0xf;
  const hi = x >> 4;
  return (lo < 10 ? lo : 0) + (hi < 10 ? hi : 0) * 10;
}

/**
 * Decodes a response packet (NCSI_ATTR_DATA of a send-cmd reply). The typed payload is there when the command
 * completed and the payload is long enough; otherwise only the common part, with the bytes in `payload`. Throws
 * DecodeError when the packet is not a response (shorter than its header and codes, a type below 0x80).
 */
export function decodeResponse(frame: Uint8Array): NcsiResponse {
  const header = decodeHeader(frame);
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  if (header.type < 0x80) throw new DecodeError(`NC-SI packet type 0x${header.type.toString(16)} is a command, not a response`, 4);
  if (header.payloadLength < 4 || NCSI_HEADER_LENGTH + header.payloadLength > b.length) {
    throw new DecodeError(`NC-SI response payload length ${header.payloadLength} does not fit the ${b.length}-byte packet (it holds at least the response and reason codes)`, 6);
  }
  const code = b.readUInt16BE(16);
  const reason = b.readUInt16BE(18);
  const end = NCSI_HEADER_LENGTH + header.payloadLength;
  const checksumAt = NCSI_HEADER_LENGTH + ((header.payloadLength + 3) & ~3);
  let checksumValid: boolean | undefined;
  if (checksumAt + 4 <= b.length) {
    const sent = b.readUInt32BE(checksumAt);
    if (sent !== 0) checksumValid = sent === ncsiChecksum(b.subarray(0, end));
  }
  const commandType = header.type - 0x80;
  const base: NcsiResponseBase = {
    header,
    commandType,
    code,
    codeName: NcsiResponseCode[code] ?? (code >= 0x8000 ? `vendor-0x${code.toString(16)}` : `0x${code.toString(16)}`),
    reason,
    reasonName: NcsiReasonCode[reason] ?? `0x${reason.toString(16)}`,
    checksumValid,
    payload: b.subarray(20, end),
  };
  const p = base.payload;
  const ok = code === 0;
  switch (commandName(commandType)) {
    case 'get-version-id':
      return { ...base, command: 'get-version-id', ...(ok && p.length >= 36 ? { versionId: versionIdOf(p) } : {}) };
    case 'get-capabilities':
      return { ...base, command: 'get-capabilities', ...(ok && p.length >= 28 ? { capabilities: capabilitiesOf(p) } : {}) };
    case 'get-link-status':
      return { ...base, command: 'get-link-status', ...(ok && p.length >= 12 ? { linkStatus: linkStatusOf(p) } : {}) };
    case 'get-parameters': {
      const parameters = ok && p.length >= 28 ? parametersOf(p) : undefined;
      return { ...base, command: 'get-parameters', ...(parameters ? { parameters } : {}) };
    }
    case 'oem':
      return { ...base, command: 'oem', ...(p.length >= 4 ? { oem: { manufacturerId: p.readUInt32BE(0), data: p.subarray(4) } } : {}) };
    default:
      return { ...base, command: 'raw' };
  }
}

function versionIdOf(p: Buffer): NcsiVersionId {
  const name = p.subarray(8, 20);
  const nul = name.indexOf(0);
  const fw = p.readUInt32BE(20);
  return {
    ncsiVersion: { major: bcd(p[0]), minor: bcd(p[1]), update: bcd(p[2]), alpha1: p[3], alpha2: p[7] },
    firmwareName: name.subarray(0, nul < 0 ? 12 : nul).toString('latin1'),
    firmwareVersion: fw,
    firmwareVersionString: [p[20], p[21], p[22], p[23]].join('.'),
    pciDeviceId: p.readUInt16BE(24),
    pciVendorId: p.readUInt16BE(26),
    pciSubsystemId: p.readUInt16BE(28),
    pciSubsystemVendorId: p.readUInt16BE(30),
    manufacturerId: p.readUInt32BE(32),
  };
}

function capabilitiesOf(p: Buffer): NcsiCapabilities {
  return {
    capabilities: p.readUInt32BE(0),
    broadcastFilterCapabilities: p.readUInt32BE(4),
    multicastFilterCapabilities: p.readUInt32BE(8),
    bufferingCapability: p.readUInt32BE(12),
    aenControlSupport: p.readUInt32BE(16),
    vlanFilterCount: p[20],
    mixedFilterCount: p[21],
    multicastFilterCount: p[22],
    unicastFilterCount: p[23],
    vlanModeSupport: p[26],
    channelCount: p[27],
  };
}

function linkStatusOf(p: Buffer): NcsiLinkStatus {
  const status = p.readUInt32BE(0);
  const speedDuplex = (status >>> 1) & 0xf;
  return {
    status,
    linkUp: (status & 1) !== 0,
    speedDuplex,
    speedDuplexName: NcsiSpeedDuplex[speedDuplex],
    autonegEnabled: (status & (1 << 5)) !== 0,
    autonegComplete: (status & (1 << 6)) !== 0,
    parallelDetection: (status & (1 << 7)) !== 0,
    serdesLink: (status & (1 << 20)) !== 0,
    otherIndications: p.readUInt32BE(4),
    oemLinkStatus: p.readUInt32BE(8),
  };
}

function parametersOf(p: Buffer): NcsiParameters {
  const macAddressCount = p[0];
  const vlanTagCount = p[4];
  const macAddresses: string[] = [];
  const vlanTags: number[] = [];
  let at = 28;
  // The filters follow as far as the payload holds them (some controllers count more than they send).
  for (let i = 0; i < macAddressCount && at + 6 <= p.length; i++, at += 6) macAddresses.push(macAt(p, at));
  for (let i = 0; i < vlanTagCount && at + 2 <= p.length; i++, at += 2) vlanTags.push(p.readUInt16BE(at) & 0xfff);
  return {
    macAddressCount,
    macAddressFlags: p[3],
    vlanTagCount,
    vlanTagFlags: p.readUInt16BE(6),
    linkSettings: p.readUInt32BE(8),
    broadcastFilterSettings: p.readUInt32BE(12),
    configurationFlags: p.readUInt32BE(16),
    vlanMode: p[20],
    flowControlEnable: p[21],
    aenControl: p.readUInt32BE(24),
    macAddresses,
    vlanTags,
  };
}

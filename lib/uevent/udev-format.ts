// The udev daemon's monitor format, as re-broadcast on NETLINK_KOBJECT_UEVENT group 2 (and between libudev
// monitors): a 40-byte header, then KEY=VALUE\0 properties at the offset the header names.
//
//   0  char     prefix[8]          "libudev\0"
//   8  u32      magic              0xfeedcafe, network byte order
//  12  u32      header_size        host byte order
//  16  u32      properties_off     host byte order, from the start of the datagram
//  20  u32      properties_len     host byte order
//  24  u32      subsystem_hash     MurmurHash2 of SUBSYSTEM, network byte order
//  28  u32      devtype_hash       MurmurHash2 of DEVTYPE (0 when none), network byte order
//  32  u32      tag_bloom_hi       network byte order
//  36  u32      tag_bloom_lo       network byte order
import { endianness } from 'os';
import { boundsError, UeventDecodeError } from './errors';
import { Uevent } from './event';
import { decodeUevent, lastTextIsAscii, readText } from './properties';

export const UDEV_PREFIX = Buffer.from('libudev\0', 'latin1');
/** The magic of a udev monitor message header (0xfeedcafe, in network byte order at offset 8). */
export const UDEV_MAGIC = 0xfeedcafe;
/** The size of the udev monitor message header, in bytes (struct monitor_netlink_header). */
export const UDEV_HEADER_SIZE = 40;
/** Byte offsets of the udev monitor message header fields (see the layout at the top of this file). */
export const UdevHeaderOffset = {
  Magic: 8,
  HeaderSize: 12,
  PropertiesOffset: 16,
  PropertiesLength: 20,
  SubsystemHash: 24,
  DevtypeHash: 28,
  TagBloomHigh: 32,
  TagBloomLow: 36,
} as const;

const hostLittleEndian = endianness() === 'LE';

/** Whether buf[start, end) begins with the "libudev\0" prefix (the only thing that tells the formats apart). */
export function hasUdevPrefix(buf: Buffer, start = 0, end = buf.length): boolean {
  if (end - start < UDEV_PREFIX.length) return false;
  for (let i = 0; i < UDEV_PREFIX.length; i++) if (buf[start + i] !== UDEV_PREFIX[i]) return false;
  return true;
}

/** Decodes one udev-format datagram buf[start, end). Bad bytes never throw: they yield the error instead (bounds outside buf are a RangeError). */
export function parseUdevUevent(
  buf: Buffer,
  start = 0,
  end = buf.length,
  littleEndian = hostLittleEndian,
): Uevent | UeventDecodeError {
  const length = end - start;
  if (length <= 0) return new UeventDecodeError('empty', 0, 'empty uevent datagram');
  if (start < 0 || end > buf.length) throw boundsError(start, end, buf.length);
  if (length < UDEV_HEADER_SIZE || !hasUdevPrefix(buf, start, end)) {
    return new UeventDecodeError('bad-bounds', 0, `udev message shorter than its ${UDEV_HEADER_SIZE}-byte header`);
  }
  const magic = buf.readUInt32BE(start + UdevHeaderOffset.Magic);
  if (magic !== UDEV_MAGIC) {
    return new UeventDecodeError('bad-magic', UdevHeaderOffset.Magic, `udev magic 0x${magic.toString(16)}`);
  }
  const u32 = (offset: number) =>
    littleEndian ? buf.readUInt32LE(start + offset) : buf.readUInt32BE(start + offset);
  const headerSize = u32(UdevHeaderOffset.HeaderSize);
  const propertiesOffset = u32(UdevHeaderOffset.PropertiesOffset);
  const propertiesLength = u32(UdevHeaderOffset.PropertiesLength);
  if (headerSize < UDEV_HEADER_SIZE || headerSize > length) {
    return new UeventDecodeError('bad-bounds', UdevHeaderOffset.HeaderSize, `udev header size ${headerSize}`);
  }
  if (propertiesOffset < headerSize || propertiesOffset + propertiesLength > length) {
    return new UeventDecodeError(
      'bad-bounds',
      UdevHeaderOffset.PropertiesOffset,
      `udev properties [${propertiesOffset}, +${propertiesLength}) outside the ${length}-byte datagram`,
    );
  }
  const propertiesStart = start + propertiesOffset;
  // Text positions count from the properties block, error offsets from the datagram.
  const text = readText(buf, propertiesStart, propertiesStart + propertiesLength);
  const event = decodeUevent('udev', buf, propertiesStart, text, 0, propertiesLength, lastTextIsAscii(), -propertiesOffset, -1);
  if (event instanceof UeventDecodeError) return event;
  event.udev = {
    headerSize,
    subsystemHash: buf.readUInt32BE(start + UdevHeaderOffset.SubsystemHash),
    devtypeHash: buf.readUInt32BE(start + UdevHeaderOffset.DevtypeHash),
    tagBloom:
      (BigInt(buf.readUInt32BE(start + UdevHeaderOffset.TagBloomHigh)) << 32n) |
      BigInt(buf.readUInt32BE(start + UdevHeaderOffset.TagBloomLow)),
  };
  return event;
}

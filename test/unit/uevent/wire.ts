// Test-side builders for uevent datagrams, written from the formats' definitions (lib/kobject_uevent.c and
// systemd's monitor_netlink_header), independently of the library's parsers.

export function kernelDatagram(action: string, devpath: string, extra: Array<[string, string]>, seqnum = '1'): Buffer {
  const entries = [
    `${action}@${devpath}`,
    `ACTION=${action}`,
    `DEVPATH=${devpath}`,
    ...extra.map(([k, v]) => `${k}=${v}`),
    `SEQNUM=${seqnum}`,
  ];
  return Buffer.from(entries.map((e) => e + '\0').join(''), 'utf8');
}

export interface UdevHeaderFields {
  magic?: number;
  headerSize?: number;
  propertiesOffset?: number;
  propertiesLength?: number;
  subsystemHash?: number;
  devtypeHash?: number;
  bloomHigh?: number;
  bloomLow?: number;
}

/** A udev monitor datagram for a little-endian sender. */
export function udevDatagram(properties: Array<[string, string]>, fields: UdevHeaderFields = {}): Buffer {
  const body = Buffer.from(properties.map(([k, v]) => `${k}=${v}\0`).join(''), 'utf8');
  const header = Buffer.alloc(40);
  header.write('libudev\0', 0, 'latin1');
  header.writeUInt32BE(fields.magic ?? 0xfeedcafe, 8);
  header.writeUInt32LE(fields.headerSize ?? 40, 12);
  header.writeUInt32LE(fields.propertiesOffset ?? 40, 16);
  header.writeUInt32LE(fields.propertiesLength ?? body.length, 20);
  header.writeUInt32BE(fields.subsystemHash ?? 0, 24);
  header.writeUInt32BE(fields.devtypeHash ?? 0, 28);
  header.writeUInt32BE(fields.bloomHigh ?? 0, 32);
  header.writeUInt32BE(fields.bloomLow ?? 0, 36);
  return Buffer.concat([header, body]);
}

/** MurmurHash2 values computed by the reference C implementation (seed 0, little-endian host). */
export const MURMUR2_VECTORS: Array<[string, number]> = [
  ['', 0x00000000],
  ['a', 0x92685f5e],
  ['ab', 0x1aa14063],
  ['abc', 0x13577c9b],
  ['abcd', 0x26873021],
  ['abcde', 0x5f09a8de],
  ['net', 0xa74d3cc8],
  ['block', 0xf0031db7],
  ['usb', 0x0577c5e5],
  ['disk', 0x7bcbc5ee],
  ['partition', 0xcb234489],
  ['systemd', 0xa75f972a],
  ['seat', 0x435b3e40],
  ['uaccess', 0xe88ed0cc],
  ['usb_interface', 0xb1024765],
  ['scsi_device', 0x7db506b5],
];

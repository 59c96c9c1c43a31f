// The decoded form of one uevent, whichever wire format it arrived in.

/** Where a uevent came from: the kernel's own broadcast (group 1) or the udev daemon's re-broadcast (group 2). */
export type UeventSource = 'kernel' | 'udev';

export type UeventAction =
  | 'add'
  | 'remove'
  | 'change'
  | 'move'
  | 'online'
  | 'offline'
  | 'bind'
  | 'unbind'
  | (string & {});

/** What a udev-format header carries besides the properties (values as found in the header). */
export interface UdevHeaderInfo {
  /** Header size as declared by the sender. */
  headerSize: number;
  /** MurmurHash2 of SUBSYSTEM and DEVTYPE (0 when absent), used by in-kernel socket filters. */
  subsystemHash: number;
  devtypeHash: number;
  /** The 64-bit bloom filter of the device's tags. */
  tagBloom: bigint;
}

export class Uevent {
  readonly kind = 'uevent' as const;
  /** Every property exactly as sent, in order (values containing '=' intact). */
  readonly properties: Record<string, string>;
  /** A KEY that appeared more than once: the later occurrences, so that nothing sent is lost. */
  duplicates: Array<[string, string]> | undefined = undefined;
  action: UeventAction = '';
  devpath = '';
  subsystem = '';
  devtype: string | undefined = undefined;
  devname: string | undefined = undefined;
  major: number | undefined = undefined;
  minor: number | undefined = undefined;
  /** The kernel's 64-bit sequence number, exact. */
  seqnum = 0n;
  driver: string | undefined = undefined;
  /** SYNTH_UUID of a synthetic event (written to a `uevent` file); '0' when the writer gave none. */
  synthUuid: string | undefined = undefined;
  /** SYNTH_ARG_KEY=VALUE of a synthetic event, keyed by KEY. */
  synthArgs: Record<string, string> | undefined = undefined;
  /** udev format only. */
  udev: UdevHeaderInfo | undefined = undefined;
  /** udev format only: TAGS split on ':'. */
  tags: string[] | undefined = undefined;
  /** The datagram, when the monitor was asked to keep it (`raw: true`). */
  raw: Buffer | undefined = undefined;

  constructor(
    readonly source: UeventSource,
    properties: Record<string, string>,
  ) {
    this.properties = properties;
  }

  /** JSON has no bigint: the seqnum is written as a decimal string, everything else as is. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      source: this.source,
      action: this.action,
      devpath: this.devpath,
      subsystem: this.subsystem,
      seqnum: this.seqnum.toString(),
    };
    if (this.devtype !== undefined) out.devtype = this.devtype;
    if (this.devname !== undefined) out.devname = this.devname;
    if (this.major !== undefined) out.major = this.major;
    if (this.minor !== undefined) out.minor = this.minor;
    if (this.driver !== undefined) out.driver = this.driver;
    if (this.synthUuid !== undefined) out.synthUuid = this.synthUuid;
    if (this.synthArgs !== undefined) out.synthArgs = this.synthArgs;
    if (this.tags !== undefined) out.tags = this.tags;
    if (this.udev !== undefined) out.udev = { ...this.udev, tagBloom: this.udev.tagBloom.toString() };
    out.properties = this.properties;
    if (this.duplicates !== undefined) out.duplicates = this.duplicates;
    return out;
  }
}

// The decoded form of one uevent, whichever wire format it arrived in. The parsers decode every property of a
// datagram at once: values are substrings of one string decoded for the datagram, or, in a monitor, for the whole
// receive batch. A long value (13 characters or more; DEVPATH excepted) shares that string, so an event kept for a
// long time keeps the text of its batch too (at most 64 datagrams, some KiB for kernel uevents), never its bytes.

/** Where a uevent came from: the kernel's own broadcast (group 1) or the udev daemon's re-broadcast (group 2). */
export type UeventSource = 'kernel' | 'udev';

/**
 * The ACTION of a uevent: the kernel's own actions (enum kobject_action) or, for a synthetic or udev event, any other
 * string.
 */
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
  /** MurmurHash2 of DEVTYPE (0 when the device has none), used by in-kernel socket filters. */
  devtypeHash: number;
  /** The 64-bit bloom filter of the device's tags. */
  tagBloom: bigint;
}

const SYNTH_ARG = 'SYNTH_ARG_';

/**
 * One uevent as a monitor or parser decoded it, from the kernel (`source` `'kernel'`) or from udev (`'udev'`): the
 * device it is about, what happened to it, and every property sent.
 */
export class Uevent {
  /** Always 'uevent', to tell events from the LostReport items a monitor's iterator also yields. */
  readonly kind = 'uevent' as const;
  /** Which broadcast the event came from: `'kernel'` (group 1) or `'udev'` (group 2, after udev processed it). */
  readonly source: UeventSource;
  /** ACTION: what happened to the device (`'add'`, `'remove'`, `'change'`, `'bind'`, ...). */
  action: UeventAction;
  /** DEVPATH: the device's path below the sysfs mount (`'/devices/virtual/net/lo'`). */
  devpath: string;
  /** SUBSYSTEM: the device's subsystem (`'net'`, `'block'`, `'usb'`, ...). */
  subsystem: string;
  /**
   * Every property exactly as sent (values containing '=' intact), by KEY; the first of a repeated KEY. For
   * lookups: an object lists integer-like keys ('2', '10') before the others, so for the datagram's own order
   * use entries().
   */
  readonly properties: Record<string, string>;
  /** A KEY that appeared more than once: its later occurrences, so that nothing sent is lost. */
  readonly duplicates: Array<[string, string]> | undefined;
  /** udev format only. */
  udev: UdevHeaderInfo | undefined = undefined;
  /** The datagram, when the monitor was asked to keep it (`raw: true`). */
  raw: Buffer | undefined = undefined;

  #seqnumNumber: number;
  #seqnumBigint: bigint | undefined;
  /** The keys of `properties` in wire order when that is not the object's own order (an integer-like key came). */
  #order: string[] | undefined;

  /** An event as a parser decoded it: action, devpath and subsystem are the first of those properties. */
  constructor(
    source: UeventSource,
    action: string,
    devpath: string,
    subsystem: string,
    properties: Record<string, string>,
    duplicates: Array<[string, string]> | undefined,
    seqnum: number | bigint,
    order?: string[],
  ) {
    this.source = source;
    this.action = action;
    this.devpath = devpath;
    this.subsystem = subsystem;
    this.properties = properties;
    this.duplicates = duplicates;
    this.#order = order;
    if (typeof seqnum === 'number') {
      this.#seqnumNumber = seqnum;
      this.#seqnumBigint = undefined;
    } else {
      this.#seqnumBigint = seqnum;
      this.#seqnumNumber = seqnum <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seqnum) : NaN;
    }
  }

  /** The properties as [KEY, value] pairs in the order the datagram sent them (the first of a repeated KEY). */
  entries(): Array<[string, string]> {
    const p = this.properties;
    if (this.#order === undefined) return Object.entries(p);
    return this.#order.map((key): [string, string] => [key, p[key]]);
  }

  /** The kernel's 64-bit sequence number, exact. */
  get seqnum(): bigint {
    return (this.#seqnumBigint ??= BigInt(this.#seqnumNumber));
  }

  /** Replaces SEQNUM (and `seqnumNumber` with it). */
  set seqnum(value: bigint) {
    this.#seqnumBigint = value;
    this.#seqnumNumber = value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : NaN;
  }

  /**
   * The seqnum as a number where that is exact (NaN above 2^53), for bookkeeping that runs per event and
   * should not allocate a bigint each time.
   */
  get seqnumNumber(): number {
    return this.#seqnumNumber;
  }

  /**
   * DEVTYPE: the device's type within its subsystem (`'disk'`, `'partition'`, `'usb_device'`, ...); undefined when the
   * device has none.
   */
  get devtype(): string | undefined {
    return this.properties.DEVTYPE;
  }

  /** DEVNAME: the device node's name below /dev (`'sda'`, `'input/event3'`); undefined for devices without a node. */
  get devname(): string | undefined {
    return this.properties.DEVNAME;
  }

  /** DRIVER: the name of the driver bound to the device; undefined when none is (or the event does not say). */
  get driver(): string | undefined {
    return this.properties.DRIVER;
  }

  /** MAJOR: the device node's major number; undefined for devices without a node (or a value that is not a number). */
  get major(): number | undefined {
    return deviceNumber(this.properties.MAJOR);
  }

  /** MINOR: the device node's minor number; undefined for devices without a node (or a value that is not a number). */
  get minor(): number | undefined {
    return deviceNumber(this.properties.MINOR);
  }

  /** SYNTH_UUID of a synthetic event (written to a `uevent` file); '0' when the writer gave none. */
  get synthUuid(): string | undefined {
    return this.properties.SYNTH_UUID;
  }

  /** SYNTH_ARG_KEY=VALUE of a synthetic event, keyed by KEY; undefined for events that are not synthetic. */
  get synthArgs(): Record<string, string> | undefined {
    const p = this.properties;
    if (p.SYNTH_UUID === undefined) return undefined;
    const args: Record<string, string> = {};
    for (const key of Object.keys(p)) if (key.startsWith(SYNTH_ARG)) args[key.slice(SYNTH_ARG.length)] = p[key];
    return args;
  }

  /** udev format: TAGS split on ':'. */
  get tags(): string[] | undefined {
    if (this.source !== 'udev') return undefined;
    return this.properties.TAGS?.split(':').filter((t) => t !== '');
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
    const optional = {
      devtype: this.devtype,
      devname: this.devname,
      major: this.major,
      minor: this.minor,
      driver: this.driver,
      synthUuid: this.synthUuid,
      synthArgs: this.synthArgs,
      tags: this.tags,
      udev: this.udev && { ...this.udev, tagBloom: this.udev.tagBloom.toString() },
    };
    for (const [key, value] of Object.entries(optional)) if (value !== undefined) out[key] = value;
    out.properties = this.properties;
    if (this.duplicates !== undefined) out.duplicates = this.duplicates;
    return out;
  }
}

function deviceNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
}

// Coldplug: the devices that exist already, read from /sys, and synthetic uevents asked of them (what
// `udevadm trigger` does). A service that opens its monitor first, then enumerates or triggers, starts from a
// complete picture: a device that appears in between is seen by the monitor, one that existed is enumerated.
//
// /sys shows the devices of the network namespace that mounted it: network devices of another namespace are
// visible only through a sysfs mounted inside it (`sysfs` option; e.g. /proc/PID/root/sys of a process that
// runs in that namespace under `ip netns exec`, which mounts one).
import { checkCString, checkObject, checkOneOf, checkSignal, checkTimeout } from '../core/validate';
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { SysfsError } from './errors';
import { Uevent } from './event';
import { checkFilter, compileFilter, listOf, UeventFilter } from './filter';
import { UeventMonitor } from './monitor';

/** A device found in /sys, with the properties its `uevent` file shows. */
export interface SysDevice {
  /** Absolute path under the sysfs mount ('/sys/devices/virtual/net/lo'). */
  syspath: string;
  /** As in uevents: the path below the sysfs mount ('/devices/virtual/net/lo'). */
  devpath: string;
  /** SUBSYSTEM: the device's subsystem (the name of its `subsystem` link: `'net'`, `'block'`, ...). */
  subsystem: string;
  /** DEVTYPE from the `uevent` file; undefined when the device has none. */
  devtype?: string;
  /** DEVNAME: the device node's name below /dev; undefined for devices without a node. */
  devname?: string;
  /** MAJOR: the device node's major number; undefined for devices without a node. */
  major?: number;
  /** MINOR: the device node's minor number; undefined for devices without a node. */
  minor?: number;
  /** The driver bound to the device (DRIVER from the `uevent` file, or else the name of its `driver` link); undefined when none is. */
  driver?: string;
  /** The `uevent` file's KEY=VALUE lines, exactly. */
  properties: Record<string, string>;
}

/** Options of {@link enumerateDevices}. */
export interface EnumerateOptions {
  /** The same filter a monitor takes; its `action` criterion is ignored (devices in /sys have no action). */
  filter?: UeventFilter;
  /** Where sysfs is mounted. Default '/sys'. */
  sysfs?: string;
}

/**
 * Every device under /sys/bus/<subsystem>/devices and /sys/class/<subsystem>, deduplicated, sorted by devpath.
 * Rejects with SysfsError when the sysfs tree cannot be read; a device that vanishes meanwhile is left out.
 */
export async function enumerateDevices(options: EnumerateOptions = {}): Promise<SysDevice[]> {
  checkObject(options, 'options');
  checkFilter(options.filter, 'options.filter');
  if (options.sysfs !== undefined) checkCString(options.sysfs, 'options.sysfs');
  const sysfs = options.sysfs ?? '/sys';
  const filter = options.filter ?? {};
  const accepts = compileFilter(filter);
  const wanted = listOf(filter.subsystem);
  await checkSysfs(sysfs);
  const parents: string[] = [];
  for (const [dir, suffix] of [['bus', 'devices'], ['class', '']] as const) {
    const subsystems = wanted.length > 0 ? wanted : await listDirectory(path.join(sysfs, dir));
    for (const subsystem of subsystems) parents.push(path.join(sysfs, dir, subsystem, suffix));
  }
  const syspaths = new Set<string>();
  for (const parent of parents) {
    for (const name of await listDirectory(parent)) {
      // The entries are symlinks into /sys/devices; resolved by hand (not realpath) so that a sysfs reached
      // through /proc/PID/root stays under that prefix.
      const entry = path.join(parent, name);
      const link = await fs.readlink(entry).catch(() => undefined);
      syspaths.add(link === undefined ? entry : path.resolve(parent, link));
    }
  }
  const devices: SysDevice[] = [];
  for (const syspath of syspaths) {
    const device = await readDevice(syspath, sysfs);
    if (device !== undefined && accepts(device, false)) devices.push(device);
  }
  return devices.sort((a, b) => (a.devpath < b.devpath ? -1 : a.devpath > b.devpath ? 1 : 0));
}

/** Reads one device directory; undefined when it is not a device (no `uevent` file) or vanished meanwhile. */
export async function readDevice(syspath: string, sysfs = '/sys'): Promise<SysDevice | undefined> {
  const text = await fs.readFile(path.join(syspath, 'uevent'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const subsystemLink = await fs.readlink(path.join(syspath, 'subsystem')).catch(() => undefined);
  if (subsystemLink === undefined) return undefined;
  const properties: Record<string, string> = Object.create(null);
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) properties[line.slice(0, equals)] = line.slice(equals + 1);
  }
  const driverLink = await fs.readlink(path.join(syspath, 'driver')).catch(() => undefined);
  const root = path.resolve(sysfs);
  const device: SysDevice = {
    syspath,
    devpath: syspath.startsWith(root) ? syspath.slice(root.length) : syspath,
    subsystem: path.basename(subsystemLink),
    properties,
  };
  if (properties.DEVTYPE !== undefined) device.devtype = properties.DEVTYPE;
  if (properties.DEVNAME !== undefined) device.devname = properties.DEVNAME;
  if (/^[0-9]+$/.test(properties.MAJOR ?? '')) device.major = Number(properties.MAJOR);
  if (/^[0-9]+$/.test(properties.MINOR ?? '')) device.minor = Number(properties.MINOR);
  const driver = properties.DRIVER ?? (driverLink !== undefined ? path.basename(driverLink) : undefined);
  if (driver !== undefined) device.driver = driver;
  return device;
}

/** The sysfs root must be a readable directory with a bus or class directory: else nothing could be found. */
async function checkSysfs(sysfs: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(sysfs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new SysfsError(sysfs, code, `cannot read sysfs at ${sysfs}: ${(err as Error).message}`, err as Error);
  }
  if (!entries.includes('bus') && !entries.includes('class')) {
    throw new SysfsError(sysfs, 'ENOTSYSFS', `${sysfs} is not a sysfs mount: it has no bus or class directory`);
  }
}

/**
 * A directory's entries, sorted. A missing one has none: a subsystem exists under bus or class only, and a
 * device can vanish between two reads. Any other failure (EACCES, ...) would hide devices, so it is thrown.
 */
async function listDirectory(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new SysfsError(dir, code, `cannot read ${dir}: ${(err as Error).message}`, err as Error);
  }
}

/** The actions a device's `uevent` file accepts (what `udevadm trigger --action` writes). */
export type TriggerAction = 'add' | 'change' | 'remove' | 'move' | 'online' | 'offline' | 'bind' | 'unbind';

/** Options of {@link triggerDevices}. */
export interface TriggerOptions extends EnumerateOptions {
  /** Default 'change' (as `udevadm trigger`); 'add' replays the devices' appearance. */
  action?: TriggerAction;
  /** Identifies the answers (SYNTH_UUID). Default: a random UUID. */
  uuid?: string;
  /** Extra SYNTH_ARG_KEY=VALUE properties for the answers (keys and values: letters and digits). */
  args?: Record<string, string>;
  /**
   * Collect the answers on this monitor (open it first; its filter must let them through). Without it the
   * promise resolves as soon as everything is written.
   */
  monitor?: UeventMonitor;
  /** How long to wait for answers, in milliseconds. Default 5000. */
  timeout?: number;
  /**
   * Aborting stops the writes (a device not yet written is neither triggered nor failed) and the wait for
   * answers; the promise then resolves with what was done so far.
   */
  signal?: AbortSignal;
}

/** What {@link triggerDevices} did. */
export interface TriggerResult {
  /** The SYNTH_UUID written with each event (the one given, or a random one): answers carry it as `synthUuid`. */
  uuid: string;
  /** Devices whose `uevent` file accepted the write. */
  triggered: SysDevice[];
  /** Devices whose `uevent` file refused it (some devices do not take synthetic events). */
  failed: Array<{
    /** The device whose `uevent` file refused the write. */
    device: SysDevice;
    /** The error the write failed with (its `code` the errno name). */
    error: NodeJS.ErrnoException;
  }>;
  /** With a monitor: the synthetic uevents that answered, by devpath. */
  answers: Map<string, Uevent>;
  /** With a monitor: devpaths of triggered devices that did not answer in time. */
  unanswered: string[];
}

/** Writes "<action> <uuid> [KEY=VALUE...]" to each matching device's `uevent` file and gathers the answers. */
export async function triggerDevices(options: TriggerOptions = {}): Promise<TriggerResult> {
  checkObject(options, 'options');
  checkOneOf(options.action, 'options.action', ['add', 'change', 'remove', 'move', 'online', 'offline', 'bind', 'unbind']);
  if (options.uuid !== undefined) checkCString(options.uuid, 'options.uuid');
  checkObject(options.args, 'options.args');
  checkTimeout(options.timeout, 'options.timeout');
  checkSignal(options.signal, 'options.signal');
  const uuid = options.uuid ?? randomUUID();
  const action = options.action ?? 'change';
  const args = Object.entries(options.args ?? {});
  // The kernel takes only letters and digits on either side (lib/kobject_uevent.c, kobject_action_args).
  for (const [key, value] of args) {
    if (!/^[A-Za-z0-9]+$/.test(key) || !/^[A-Za-z0-9]+$/.test(value)) {
      throw new TypeError(`synthetic uevent argument ${JSON.stringify(`${key}=${value}`)}: letters and digits only`);
    }
  }
  const command = [action, uuid, ...args.map(([k, v]) => `${k}=${v}`)].join(' ');
  const devices = await enumerateDevices(options);
  const result: TriggerResult = { uuid, triggered: [], failed: [], answers: new Map(), unanswered: [] };

  const monitor = options.monitor;
  const listener = (event: Uevent) => {
    if (event.synthUuid === uuid) result.answers.set(event.devpath, event);
  };
  monitor?.on('uevent', listener);
  try {
    for (const device of devices) {
      // Checked before every write: each one makes the kernel broadcast a uevent to every listener.
      if (options.signal?.aborted) break;
      try {
        await fs.writeFile(path.join(device.syspath, 'uevent'), command);
        result.triggered.push(device);
      } catch (err) {
        result.failed.push({ device, error: err as NodeJS.ErrnoException });
      }
    }
    if (monitor !== undefined) {
      await waitUntil(
        () => result.triggered.every((d) => result.answers.has(d.devpath)) || monitor.closed,
        monitor,
        options.timeout ?? 5000,
        options.signal,
      );
      result.unanswered = result.triggered.map((d) => d.devpath).filter((p) => !result.answers.has(p));
    }
  } finally {
    monitor?.off('uevent', listener);
  }
  return result;
}

/** Resolves when `done()` holds after an event, on timeout, or on abort. */
function waitUntil(done: () => boolean, monitor: UeventMonitor, timeout: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (done() || signal?.aborted) return resolve();
    const finish = () => {
      clearTimeout(timer);
      monitor.off('uevent', check);
      monitor.off('close', finish);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const check = () => {
      if (done()) finish();
    };
    const timer = setTimeout(finish, timeout);
    monitor.on('uevent', check);
    monitor.on('close', finish);
    signal?.addEventListener('abort', finish, { once: true });
  });
}

// `linux-netlink uevent { monitor | list | trigger }`: kernel device events, the devices in /sys, and
// synthetic events asked of them.
import {
  enumerateDevices,
  SysDevice,
  triggerDevices,
  TriggerAction,
  Uevent,
  UeventFilter,
  UeventMonitor,
  LostReport,
} from '../uevent';
import { ArgReader, UsageError, parseU32, pickKeyword, wantsHelp } from './args';
import type { CommandRunner, GlobalOptions } from './options';

export const USAGE = `Usage: linux-netlink uevent monitor [ FILTER ] [ --kernel ] [ --udev ]
       linux-netlink uevent list [ FILTER ] [ --sysfs PATH ]
       linux-netlink uevent trigger [ FILTER ] [ --action { add | change } ] [ --timeout MS ] [ --sysfs PATH ]
FILTER := [ --subsystem S ]... [ --devtype T ]... [ --action A ]... [ --devpath PREFIX-OR-GLOB ]...
          [ --property KEY=VALUE ]...
monitor  prints device events until interrupted (Ctrl-C), then exits 0: the kernel's (--kernel, the default),
         udev's (--udev), or both. Events from senders other than the kernel (or root, for udev) are dropped.
         Lost events (receive queue overruns, sequence-number gaps) are reported on stderr.
list     prints the devices that exist now, from /sys.
trigger  asks each matching device for a synthetic event (default action "change"), with a fresh SYNTH_UUID,
         and prints the answers.
With -j each event or device is one JSON object per line (action, devpath, subsystem, seqnum, properties, ...);
-d prints every property in text mode. With -n NAME, monitor listens inside that namespace (where its network
devices' events are delivered); list and trigger read /sys of the current namespace: run them under
"ip netns exec NAME" or give --sysfs for another namespace's network devices.
`;

const COMMANDS = ['monitor', 'list', 'trigger', 'help'] as const;

interface Parsed {
  filter: UeventFilter;
  kernel: boolean;
  udev: boolean;
  sysfs?: string;
  timeout?: number;
}

function parseArguments(args: readonly string[], command: 'monitor' | 'list' | 'trigger'): Parsed {
  const reader = new ArgReader(args);
  const subsystem: string[] = [];
  const devtype: string[] = [];
  const action: string[] = [];
  const devpath: string[] = [];
  const property: Record<string, string[]> = {};
  const parsed: Parsed = { filter: {}, kernel: false, udev: false };
  while (!reader.done) {
    const arg = reader.next()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? reader.value(flag);
    switch (flag) {
      case '--subsystem':
      case '-s':
        subsystem.push(value());
        break;
      case '--devtype':
        devtype.push(value());
        break;
      case '--action':
        action.push(value());
        break;
      case '--devpath':
      case '-p':
        devpath.push(value());
        break;
      case '--property': {
        const text = value();
        const equals = text.indexOf('=');
        if (equals <= 0) throw new UsageError(`--property needs KEY=VALUE, not "${text}"`);
        (property[text.slice(0, equals)] ??= []).push(text.slice(equals + 1));
        break;
      }
      case '--kernel':
        if (command !== 'monitor') throw new UsageError(`"${flag}" applies to uevent monitor only`);
        parsed.kernel = true;
        break;
      case '--udev':
        if (command !== 'monitor') throw new UsageError(`"${flag}" applies to uevent monitor only`);
        parsed.udev = true;
        break;
      case '--sysfs':
        if (command === 'monitor') throw new UsageError(`"${flag}" applies to uevent list and trigger only`);
        parsed.sysfs = value();
        break;
      case '--timeout':
        if (command !== 'trigger') throw new UsageError(`"${flag}" applies to uevent trigger only`);
        parsed.timeout = parseU32(value(), 'timeout');
        break;
      default:
        throw new UsageError(`Argument "${arg}" is unknown, try "linux-netlink uevent help".`);
    }
  }
  if (subsystem.length > 0) parsed.filter.subsystem = subsystem;
  if (devtype.length > 0) parsed.filter.devtype = devtype;
  if (devpath.length > 0) parsed.filter.devpath = devpath;
  if (Object.keys(property).length > 0) parsed.filter.property = property;
  if (action.length > 0) {
    if (command === 'trigger') {
      if (action.length > 1 || (action[0] !== 'add' && action[0] !== 'change')) {
        throw new UsageError('uevent trigger --action takes "add" or "change"');
      }
    } else if (command === 'list') {
      throw new UsageError('uevent list has no --action: devices in /sys have none');
    }
    parsed.filter.action = action;
  }
  return parsed;
}

export const run: CommandRunner = async (args, options) => {
  const command = args.length === 0 || wantsHelp(args.slice(0, 1)) ? 'help' : pickKeyword(args[0], COMMANDS);
  if (command === undefined) throw new UsageError(`Command "${args[0]}" is unknown, try "linux-netlink uevent help".`);
  if (command === 'help' || wantsHelp(args.slice(1))) {
    options.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArguments(args.slice(1), command);
  if (command === 'monitor') return monitor(parsed, options);
  if (options.netns !== undefined && parsed.sysfs === undefined) {
    throw new UsageError(
      `uevent ${command} reads /sys of the current namespace; run it under "ip netns exec ${options.netns}" or give --sysfs`,
    );
  }
  return command === 'list' ? list(parsed, options) : trigger(parsed, options);
};

async function monitor(parsed: Parsed, options: GlobalOptions): Promise<number> {
  const source = parsed.udev ? (parsed.kernel ? 'both' : 'udev') : 'kernel';
  const signal = options.signal;
  if (signal?.aborted) return 0;
  const monitor = UeventMonitor.open({ source, filter: parsed.filter, netns: options.netns, signal });
  const closed = new Promise<void>((resolve) => monitor.once('close', resolve));
  // A slow reader pauses the monitor: events wait in the kernel's queue (and any overflow is reported as lost).
  let waiting = false;
  monitor.on('uevent', (event) => {
    if (!options.stdout.write(formatEvent(event, options)) && !waiting) {
      waiting = true;
      monitor.pause();
      options.stdout.once('drain', () => {
        waiting = false;
        monitor.resume();
      });
    }
  });
  monitor.on('lost', (report) => options.stderr.write(describeLoss(report)));
  await closed;
  return 0;
}

async function list(parsed: Parsed, options: GlobalOptions): Promise<number> {
  const devices = await enumerateDevices({ filter: parsed.filter, sysfs: parsed.sysfs });
  for (const device of devices) options.stdout.write(formatDevice(device, options));
  return 0;
}

async function trigger(parsed: Parsed, options: GlobalOptions): Promise<number> {
  const action = (parsed.filter.action?.[0] ?? 'change') as TriggerAction;
  const filter: UeventFilter = { ...parsed.filter, action: undefined };
  // Listen first, so that no answer can come before the monitor exists.
  const monitor = UeventMonitor.open({ filter, netns: options.netns });
  try {
    const result = await triggerDevices({
      filter,
      action,
      sysfs: parsed.sysfs,
      monitor,
      timeout: parsed.timeout,
      signal: options.signal,
    });
    for (const device of result.triggered) {
      const answer = result.answers.get(device.devpath);
      if (answer !== undefined) options.stdout.write(formatEvent(answer, options));
    }
    for (const { device, error } of result.failed) {
      options.stderr.write(`linux-netlink: ${device.devpath}: ${error.code ?? error.message}\n`);
    }
    for (const devpath of result.unanswered) options.stderr.write(`linux-netlink: ${devpath}: no answer\n`);
    options.stderr.write(
      `triggered ${result.triggered.length} devices (SYNTH_UUID=${result.uuid}): ${result.answers.size} answered` +
        `${result.unanswered.length > 0 ? `, ${result.unanswered.length} unanswered` : ''}` +
        `${result.failed.length > 0 ? `, ${result.failed.length} refused` : ''}\n`,
    );
    return result.triggered.length === 0 && result.failed.length > 0 ? 2 : 0;
  } finally {
    monitor.close();
  }
}

function formatEvent(event: Uevent, options: GlobalOptions): string {
  if (options.json) return JSON.stringify(event) + '\n';
  const head = `${event.source === 'kernel' ? 'KERNEL' : 'UDEV'}[${event.seqnum}] ${event.action.padEnd(8)} ${event.devpath} (${event.subsystem})\n`;
  return options.details ? head + formatProperties(event.entries()) + '\n' : head;
}

function formatDevice(device: SysDevice, options: GlobalOptions): string {
  if (options.json) {
    const { devpath, subsystem, devtype, devname, major, minor, driver, properties } = device;
    return JSON.stringify({ devpath, subsystem, devtype, devname, major, minor, driver, properties }) + '\n';
  }
  const head = `${device.devpath} (${device.subsystem})\n`;
  return options.details ? head + formatProperties(Object.entries(device.properties)) + '\n' : head;
}

function formatProperties(entries: Array<[string, string]>): string {
  return entries
    .map(([key, value]) => `    ${key}=${value}\n`)
    .join('');
}

function describeLoss(report: LostReport): string {
  if (report.reason === 'overrun') return 'linux-netlink: the kernel dropped events (receive queue overrun)\n';
  if (report.reason === 'queue-full') return `linux-netlink: ${report.count} events dropped (output fell behind)\n`;
  if (report.count === undefined) {
    return `linux-netlink: events missing since seqnum ${report.after} (how many is unknown)\n`;
  }
  return (
    `linux-netlink: ${report.count} events missing between seqnum ${report.after} and ${report.before}` +
    `${report.certain ? '' : ' (possibly events of other network namespaces)'}\n`
  );
}

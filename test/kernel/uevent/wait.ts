// Waiting for uevents in kernel tests: collect matching events until a condition holds, or fail after a
// generous deadline (a missing event is a failure, not a slow pass).
import { ChildProcess, spawn } from 'child_process';
import { Uevent, UeventMonitor } from '../../../lib/uevent';

export function collect(
  monitor: UeventMonitor,
  matches: (e: Uevent) => boolean,
  done: (events: Uevent[]) => boolean,
  timeoutMs = 10_000,
): Promise<Uevent[]> {
  return new Promise((resolve, reject) => {
    const events: Uevent[] = [];
    const finish = (err?: Error) => {
      clearTimeout(timer);
      monitor.off('uevent', onEvent);
      if (err) reject(err);
      else resolve(events);
    };
    const onEvent = (e: Uevent) => {
      if (!matches(e)) return;
      events.push(e);
      if (done(events)) finish();
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `timed out with ${events.length} events (${events.map((e) => `${e.action} ${e.devpath}`).join(', ')}); ` +
              `monitor stats ${JSON.stringify(monitor.stats)}`,
          ),
        ),
      timeoutMs,
    );
    monitor.on('uevent', onEvent);
  });
}

/** Lets the event loop run (and the monitor read) until `condition` holds or the deadline passes. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A process parked inside the namespace under `ip netns exec`, which mounts a sysfs of that namespace: its
 * /proc/PID/root/sys shows the namespace's network devices to this process.
 */
export class NamespaceSysfs {
  private readonly child: ChildProcess;
  constructor(netnsName: string) {
    this.child = spawn('ip', ['netns', 'exec', netnsName, 'sleep', '600'], { stdio: 'ignore' });
  }
  /** The sysfs path, once the child has entered the namespace and exec'd sleep. */
  async path(): Promise<string> {
    const { readFile } = await import('fs/promises');
    await until(() => this.child.pid !== undefined);
    const pid = this.child.pid!;
    for (let i = 0; i < 500; i++) {
      // comm, not exe: where sleep is a busybox applet (the QEMU guest), exe is /bin/busybox.
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      if (comm.trim() === 'sleep') return `/proc/${pid}/root/sys`;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the namespace sysfs holder did not start');
  }
  close(): void {
    this.child.kill();
  }
}

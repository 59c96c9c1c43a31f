// Devices coming and going, for a while: node examples/uevent-monitor.mjs [MILLISECONDS] [SUBSYSTEM...]
// (as root, `udevadm trigger --subsystem-match=net` in another terminal makes some events).
import { UeventMonitor } from 'linux-netlink';

const ms = Number(process.argv[2] ?? 2000);
const subsystems = process.argv.slice(3);
const monitor = UeventMonitor.open({
  filter: subsystems.length > 0 ? { subsystem: subsystems } : undefined,
  signal: AbortSignal.timeout(ms), // ends the iteration below
});
let events = 0;
for await (const item of monitor) {
  if (item.kind === 'uevent') {
    events++;
    console.log(item.seqnum, item.action, item.devpath, item.properties.INTERFACE ?? item.devname ?? '');
  } else {
    console.warn('lost:', item.reason, item.count ?? 'unknown number of', 'events'); // never silent
  }
}
console.log(`${events} uevents in ${ms} ms; ${monitor.stats.datagrams} datagrams read`);

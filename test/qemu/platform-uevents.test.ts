// Uevents of real platform devices of the emulated AST2500 (the ASPEED SoC's UARTs, timers, ...), which a
// container or a VM with virtio devices does not have. Writing "change UUID KEY=VALUE" to a device's uevent
// file makes the kernel broadcast a synthetic event (KEY may hold letters and digits only, else EINVAL); the
// library's monitor must receive it with every property the kernel reports for that device in /sys.
import { expect } from 'chai';
import { randomUUID } from 'crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Uevent, UeventMonitor } from '../../lib/uevent';
import { skipBecause, skipUnlessGuest } from './guest';

/** Platform devices that have a driver bound (found by walking /sys/bus/platform/devices). */
function boundPlatformDevices(): string[] {
  const dir = '/sys/bus/platform/devices';
  return readdirSync(dir)
    .map((name) => realpathSync(path.join(dir, name)))
    .filter((dev) => existsSync(path.join(dev, 'driver')) && existsSync(path.join(dev, 'uevent')))
    .sort();
}

function nextEvent(monitor: UeventMonitor, matches: (e: Uevent) => boolean, timeoutMs = 20_000): Promise<Uevent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off('uevent', onEvent);
      reject(new Error(`no matching uevent within ${timeoutMs} ms; monitor stats ${JSON.stringify(monitor.stats)}`));
    }, timeoutMs);
    const onEvent = (e: Uevent) => {
      if (!matches(e)) return;
      clearTimeout(timer);
      monitor.off('uevent', onEvent);
      resolve(e);
    };
    monitor.on('uevent', onEvent);
  });
}

describe('guest: uevents of real platform devices', function () {
  before(function () {
    skipUnlessGuest(this);
  });

  it('receives a synthetic change uevent of a bound platform device with its /sys properties', async function () {
    const devices = boundPlatformDevices();
    if (devices.length === 0) skipBecause(this, 'no platform device with a bound driver');
    const device = devices[0];
    const devpath = device.slice('/sys'.length);
    const uuid = randomUUID();
    const monitor = UeventMonitor.open({ filter: { subsystem: 'platform' } });
    try {
      const received = nextEvent(monitor, (e) => e.synthUuid === uuid);
      writeFileSync(path.join(device, 'uevent'), `change ${uuid} LNQTEST=1`);
      const event = await received;
      expect(event.action).to.equal('change');
      expect(event.devpath).to.equal(devpath);
      expect(event.subsystem).to.equal('platform');
      expect(event.synthArgs).to.deep.equal({ LNQTEST: '1' });
      expect(event.driver).to.equal(path.basename(readlinkSync(path.join(device, 'driver'))));
      // Every KEY=VALUE the kernel shows in the uevent file (MODALIAS, OF_NAME, OF_COMPATIBLE_N...) is in the event.
      const fromSys = readFileSync(path.join(device, 'uevent'), 'utf8').trim().split('\n').filter(Boolean);
      expect(fromSys.length).to.be.greaterThan(0);
      for (const line of fromSys) {
        const eq = line.indexOf('=');
        expect(event.properties[line.slice(0, eq)], line.slice(0, eq)).to.equal(line.slice(eq + 1));
      }
      expect(event.seqnum > 0n).to.equal(true);
    } finally {
      monitor.close();
    }
  });

  it('sees one uevent per written device, in the order the kernel sent them', async function () {
    const devices = boundPlatformDevices().slice(0, 4);
    if (devices.length < 2) skipBecause(this, 'fewer than two bound platform devices');
    const uuid = randomUUID();
    const monitor = UeventMonitor.open({ filter: { subsystem: 'platform' } });
    try {
      const events: Uevent[] = [];
      const all = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${events.length} of ${devices.length} events`)), 20_000);
        monitor.on('uevent', (e: Uevent) => {
          if (e.synthUuid !== uuid) return;
          events.push(e);
          if (events.length === devices.length) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      for (const device of devices) writeFileSync(path.join(device, 'uevent'), `change ${uuid}`);
      await all;
      expect(events.map((e) => e.devpath)).to.deep.equal(devices.map((d) => d.slice('/sys'.length)));
      for (let i = 1; i < events.length; i++) expect(events[i].seqnum > events[i - 1].seqnum).to.equal(true);
    } finally {
      monitor.close();
    }
  });
});

// Coldplug over a sysfs-shaped tree in a temporary directory: class/bus entries as symlinks into devices/, a
// `uevent` file per device (a regular file here, so a trigger's write can be read back).
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { enumerateDevices, SysfsError, triggerDevices } from '../../../lib/uevent';

describe('uevent coldplug (a fake sysfs)', () => {
  let sys: string;

  function device(devpath: string, subsystem: string, uevent: string, links: string[], driver?: string) {
    const dir = path.join(sys, devpath);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'uevent'), uevent);
    mkdirSync(path.join(sys, 'class', subsystem), { recursive: true });
    symlinkSync(path.relative(dir, path.join(sys, 'class', subsystem)), path.join(dir, 'subsystem'));
    if (driver) symlinkSync(`../../bus/x/drivers/${driver}`, path.join(dir, 'driver'));
    for (const link of links) {
      mkdirSync(path.dirname(path.join(sys, link)), { recursive: true });
      symlinkSync(path.relative(path.dirname(path.join(sys, link)), dir), path.join(sys, link));
    }
  }

  beforeEach(() => {
    sys = mkdtempSync(path.join(tmpdir(), 'uevent-sysfs-'));
    device('/devices/virtual/net/lo', 'net', 'INTERFACE=lo\nIFINDEX=1\n', ['class/net/lo']);
    device('/devices/virtual/net/br0', 'net', 'DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=2\n', ['class/net/br0']);
    device('/devices/virtual/block/loop0', 'block', 'MAJOR=7\nMINOR=0\nDEVNAME=loop0\nDEVTYPE=disk\nDISKSEQ=1\n', ['class/block/loop0']);
    device('/devices/platform/serial8250', 'platform', 'MODALIAS=platform:serial8250\n', ['bus/platform/devices/serial8250'], 'serial8250');
    mkdirSync(path.join(sys, 'class', 'empty'), { recursive: true });
  });
  afterEach(() => rmSync(sys, { recursive: true, force: true }));

  it('finds every device once, with its subsystem, properties and driver, sorted by devpath', async () => {
    const devices = await enumerateDevices({ sysfs: sys });
    expect(devices.map((d) => [d.devpath, d.subsystem])).to.deep.equal([
      ['/devices/platform/serial8250', 'platform'],
      ['/devices/virtual/block/loop0', 'block'],
      ['/devices/virtual/net/br0', 'net'],
      ['/devices/virtual/net/lo', 'net'],
    ]);
    const loop = devices[1];
    expect(loop).to.deep.include({ devtype: 'disk', devname: 'loop0', major: 7, minor: 0, syspath: path.join(sys, 'devices/virtual/block/loop0') });
    expect({ ...loop.properties }).to.deep.equal({ MAJOR: '7', MINOR: '0', DEVNAME: 'loop0', DEVTYPE: 'disk', DISKSEQ: '1' });
    expect(devices[0].driver).to.equal('serial8250');
  });

  it('applies the monitor filter, ignoring its action', async () => {
    const net = await enumerateDevices({ sysfs: sys, filter: { subsystem: 'net', action: 'remove' } });
    expect(net.map((d) => d.devpath)).to.deep.equal(['/devices/virtual/net/br0', '/devices/virtual/net/lo']);
    const bridges = await enumerateDevices({ sysfs: sys, filter: { devtype: 'bridge' } });
    expect(bridges.map((d) => d.devpath)).to.deep.equal(['/devices/virtual/net/br0']);
    const byProperty = await enumerateDevices({ sysfs: sys, filter: { property: { IFINDEX: '1' } } });
    expect(byProperty.map((d) => d.devpath)).to.deep.equal(['/devices/virtual/net/lo']);
    expect(await enumerateDevices({ sysfs: sys, filter: { subsystem: 'nonexistent' } })).to.deep.equal([]);
  });

  it('triggers by writing "<action> <uuid> KEY=VALUE" to each uevent file', async () => {
    const uuid = '2d8b8b4e-3a6d-4b8e-9c1e-0c5a0b7d9f10';
    const result = await triggerDevices({ sysfs: sys, filter: { subsystem: 'net' }, action: 'add', uuid, args: { WHY: 'coldplug' } });
    expect(result.uuid).to.equal(uuid);
    expect(result.triggered.map((d) => d.devpath)).to.deep.equal(['/devices/virtual/net/br0', '/devices/virtual/net/lo']);
    expect(readFileSync(path.join(sys, 'devices/virtual/net/lo/uevent'), 'utf8')).to.equal(`add ${uuid} WHY=coldplug`);
    expect(readFileSync(path.join(sys, 'devices/virtual/block/loop0/uevent'), 'utf8')).to.match(/^MAJOR=7/);
  });

  it('refuses synthetic arguments the kernel would refuse', async () => {
    let error: unknown;
    await triggerDevices({ sysfs: sys, args: { 'A-B': 'x' } }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    error = undefined;
    await triggerDevices({ sysfs: sys, args: { A: 'x=y' } }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
  });

  async function sysfsError(promise: Promise<unknown>): Promise<SysfsError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(SysfsError);
    expect((err as SysfsError).code).to.equal('ERR_UEVENT_SYSFS');
    return err as SysfsError;
  }

  it('rejects a sysfs root that is missing, not a directory, or not a sysfs, instead of finding no devices', async () => {
    expect(await sysfsError(enumerateDevices({ sysfs: path.join(sys, 'nonexistent') }))).to.include({ reason: 'ENOENT' });
    expect(await sysfsError(enumerateDevices({ sysfs: path.join(sys, 'devices/virtual/net/lo/uevent') }))).to.include({ reason: 'ENOTDIR' });
    expect(await sysfsError(enumerateDevices({ sysfs: path.join(sys, 'devices') }))).to.include({ reason: 'ENOTSYSFS' });
    expect(await sysfsError(triggerDevices({ sysfs: path.join(sys, 'nonexistent') }))).to.include({ reason: 'ENOENT' });
  });

  it('rejects a subsystem directory it cannot read, but not one that is absent', async () => {
    symlinkSync('loop', path.join(sys, 'class', 'loop')); // ELOOP on readdir
    expect(await sysfsError(enumerateDevices({ sysfs: sys }))).to.include({ reason: 'ELOOP' });
    expect((await enumerateDevices({ sysfs: sys, filter: { subsystem: 'net' } })).map((d) => d.devpath)).to.have.length(2);
  });

  it('rejects with EACCES when the reader may not list sysfs', function () {
    if (process.getuid?.() !== 0) this.skip(); // needs root to run the reader as another user
    const script = `require(${JSON.stringify(require.resolve('../../../lib/uevent'))}).enumerateDevices({ sysfs: ${JSON.stringify(sys)} })
      .then((d) => console.log(JSON.stringify({ devices: d.length })), (e) => console.log(JSON.stringify({ name: e.name, reason: e.reason })));`;
    // The temporary directory is mode 0700 and owned by root: nobody (65534) may not list it.
    const child = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(child.status, child.stderr).to.equal(0);
    expect(JSON.parse(child.stdout)).to.deep.equal({ name: 'SysfsError', reason: 'EACCES' });
  });

  it('writes no uevent file once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await triggerDevices({ sysfs: sys, filter: { subsystem: 'net' }, signal: controller.signal });
    expect(result.triggered).to.deep.equal([]);
    expect(result.failed).to.deep.equal([]);
    expect(readFileSync(path.join(sys, 'devices/virtual/net/lo/uevent'), 'utf8')).to.equal('INTERFACE=lo\nIFINDEX=1\n');
    expect(readFileSync(path.join(sys, 'devices/virtual/net/br0/uevent'), 'utf8')).to.equal('DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=2\n');
  });

  it('stops writing when the signal aborts between two writes', async () => {
    const controller = new AbortController();
    // Abort right after the first write lands (br0 comes first by devpath), as a caller might between two devices.
    const uevent = path.join(sys, 'devices/virtual/net/br0/uevent');
    const fsPromises = require('fs').promises as { writeFile: (...args: unknown[]) => Promise<void> };
    const originalWriteFile = fsPromises.writeFile;
    fsPromises.writeFile = async (...args: unknown[]) => {
      await originalWriteFile(...args);
      controller.abort();
    };
    try {
      const result = await triggerDevices({ sysfs: sys, filter: { subsystem: 'net' }, signal: controller.signal });
      expect(result.triggered.map((d) => d.devpath)).to.deep.equal(['/devices/virtual/net/br0']);
      expect(readFileSync(uevent, 'utf8')).to.match(/^change /);
      expect(readFileSync(path.join(sys, 'devices/virtual/net/lo/uevent'), 'utf8')).to.equal('INTERFACE=lo\nIFINDEX=1\n');
    } finally {
      fsPromises.writeFile = originalWriteFile;
    }
  });
});

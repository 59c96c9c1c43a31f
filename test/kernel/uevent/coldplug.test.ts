// Coldplug against the namespace's own sysfs: enumeration checked against iproute2, and synthetic 'add' events
// recognised by their SYNTH_UUID on a monitor opened in the same namespace.
import { expect } from 'chai';
import { enumerateDevices, triggerDevices, UeventMonitor } from '../../../lib/uevent';
import { withNetns } from '../../helpers/netns';
import { NamespaceSysfs } from './wait';

describe('uevent coldplug on the kernel (private netns)', () => {
  const holder = withNetns('lnl-cold');
  let sysfs: NamespaceSysfs;
  let sys: string;

  before(async () => {
    holder.ns.ip(['link', 'add', 'cva', 'type', 'veth', 'peer', 'name', 'cvb']);
    holder.ns.ip(['link', 'add', 'cbr', 'type', 'bridge']);
    sysfs = new NamespaceSysfs(holder.ns.name);
    sys = await sysfs.path();
  });
  after(() => sysfs?.close());

  it('enumerates the network devices iproute2 shows, with their ifindex and devtype', async () => {
    const devices = await enumerateDevices({ sysfs: sys, filter: { subsystem: 'net' } });
    const links = holder.ns.ipJson<Array<{ ifname: string; ifindex: number; linkinfo?: { info_kind: string } }>>(['-d', 'link', 'show']);
    expect(devices.map((d) => d.properties.INTERFACE).sort()).to.deep.equal(links.map((l) => l.ifname).sort());
    for (const link of links) {
      const device = devices.find((d) => d.properties.INTERFACE === link.ifname)!;
      expect(Number(device.properties.IFINDEX)).to.equal(link.ifindex);
      expect(device.subsystem).to.equal('net');
      expect(device.devpath).to.equal(`/devices/virtual/net/${link.ifname}`);
      expect(device.devtype).to.equal(link.linkinfo?.info_kind === 'bridge' ? 'bridge' : undefined);
    }
  });

  it("triggers synthetic 'add' events and recognises every answer by its UUID", async () => {
    const monitor = UeventMonitor.open({ netns: holder.ns.name, filter: { subsystem: 'net' } });
    try {
      const result = await triggerDevices({ sysfs: sys, filter: { subsystem: 'net' }, action: 'add', monitor, args: { SOURCE: 'test' } });
      expect(result.failed).to.deep.equal([]);
      expect(result.triggered.map((d) => d.properties.INTERFACE).sort()).to.deep.equal(['cbr', 'cva', 'cvb', 'lo']);
      expect(result.unanswered).to.deep.equal([]);
      for (const device of result.triggered) {
        const answer = result.answers.get(device.devpath)!;
        expect(answer.action).to.equal('add');
        expect(answer.synthUuid).to.equal(result.uuid);
        expect(answer.synthArgs).to.deep.equal({ SOURCE: 'test' });
        for (const [key, value] of Object.entries(device.properties)) expect(answer.properties[key], key).to.equal(value);
      }
    } finally {
      monitor.close();
    }
  });
});

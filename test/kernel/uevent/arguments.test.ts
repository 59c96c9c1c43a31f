// UeventMonitor and coldplug with options they cannot take: Node-style errors before a socket is opened.
import { readdirSync } from 'fs';
import { expect } from 'chai';
import { UeventMonitor, enumerateDevices, triggerDevices } from '../../../lib/uevent';
import { withNetns } from '../../helpers/netns';
import { rejection } from '../../helpers/rejection';

const openFds = () => readdirSync('/proc/self/fd').length;

describe('UeventMonitor: options (kernel)', () => {
  const holder = withNetns('lnl-uargs');

  const bad: Array<[string, unknown, string]> = [
    ["source: 'bogus'", { source: 'bogus' }, 'ERR_INVALID_ARG_VALUE'],
    ['queueLimit: -1', { queueLimit: -1 }, 'ERR_OUT_OF_RANGE'],
    ['queueLimit: 1.5', { queueLimit: 1.5 }, 'ERR_OUT_OF_RANGE'],
    ["trustedUids: ['x']", { trust: { trustedUids: ['x'] } }, 'ERR_INVALID_ARG_TYPE'],
    ['trustedUids: -1', { trust: { trustedUids: [-1] } }, 'ERR_OUT_OF_RANGE'],
    ['trust: null', { trust: null }, 'ERR_INVALID_ARG_TYPE'],
    ['filter: null', { filter: null }, 'ERR_INVALID_ARG_TYPE'],
    ['filter.subsystem: 5', { filter: { subsystem: 5 } }, 'ERR_INVALID_ARG_TYPE'],
    ["signal: 'x'", { signal: 'x' }, 'ERR_INVALID_ARG_TYPE'],
    ["reportSeqnumGaps: 'always'", { reportSeqnumGaps: 'always' }, 'ERR_INVALID_ARG_TYPE'],
    ['receiveBufferSize: -1', { receiveBufferSize: -1 }, 'ERR_OUT_OF_RANGE'],
  ];

  it('refuses each bad option with a Node-style error, before opening a socket', () => {
    const open = UeventMonitor.open as (o: unknown) => UeventMonitor;
    const before = openFds();
    for (const [what, options, code] of bad) {
      expect(() => open({ netns: holder.ns.name, ...(options as object) }), what).to.throw().with.property('code', code);
    }
    expect(() => open(null)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(openFds()).to.equal(before);
    const fine = UeventMonitor.open({ netns: holder.ns.name, source: 'both', queueLimit: 1, trust: { trustedUids: [0, 1000] } });
    fine.close();
  });

  it('coldplug refuses bad options', async () => {
    expect(await rejection(enumerateDevices(null as never))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(await rejection(enumerateDevices({ filter: { devpath: [1] as never } }))).to.have.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(await rejection(triggerDevices({ action: 'bogus' as never }))).to.have.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(await rejection(triggerDevices({ timeout: -1 }))).to.have.property('code', 'ERR_OUT_OF_RANGE');
  });
});

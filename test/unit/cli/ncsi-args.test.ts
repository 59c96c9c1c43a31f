// `linux-netlink ncsi` argument parsing: each command's shape, defaults, and the usage errors.
import { expect } from 'chai';
import { UsageError } from '../../../lib/cli/args';
import { formatPackages, formatResult, parseNcsiArguments } from '../../../lib/cli/ncsi';
import { commandResultOf } from '../../../lib/ncsi';

describe('cli: ncsi arguments', () => {
  it('show defaults to eth0 and takes a device by name, by index, and a package', () => {
    expect(parseNcsiArguments([])).to.deep.equal({ command: 'show', device: { dev: 'eth0' } });
    expect(parseNcsiArguments(['show', 'dev', 'eth1'])).to.deep.equal({ command: 'show', device: { dev: 'eth1' } });
    expect(parseNcsiArguments(['s', 'eth1', 'package', '1'])).to.deep.equal({ command: 'show', device: { dev: 'eth1' }, packageId: 1 });
    expect(parseNcsiArguments(['show', 'ifindex', '2'])).to.deep.equal({ command: 'show', device: { ifindex: 2 } });
  });

  it('set-interface, clear-interface and the masks', () => {
    expect(parseNcsiArguments(['set-interface', 'dev', 'eth0', 'package', '0', 'channel', '1'])).to.deep.equal({ command: 'set-interface', device: { dev: 'eth0' }, packageId: 0, channelId: 1 });
    expect(parseNcsiArguments(['clear-interface', 'eth0'])).to.deep.equal({ command: 'clear-interface', device: { dev: 'eth0' } });
    expect(parseNcsiArguments(['set-package-mask', 'eth0', '0x3', 'multi'])).to.deep.equal({ command: 'set-package-mask', device: { dev: 'eth0' }, mask: 3, multi: true });
    expect(parseNcsiArguments(['set-channel-mask', 'eth0', 'package', '0', '0x1', 'channel', '0'])).to.deep.equal({ command: 'set-channel-mask', device: { dev: 'eth0' }, packageId: 0, mask: 1, channelId: 0 });
  });

  it('send takes a typed command, an OEM command with its payload, or a raw type', () => {
    expect(parseNcsiArguments(['send', 'dev', 'eth0', 'package', '0', 'channel', '0', 'get-version-id'])).to.deep.equal({
      command: 'send', device: { dev: 'eth0' }, packageId: 0, channelId: 0, ncsiCommand: { command: 'get-version-id' },
    });
    expect(parseNcsiArguments(['send', 'dev', 'eth0', 'package', '0', 'channel', '0x1f', 'oem', '0x8119', '00001b00', 'timeout', '2000'])).to.deep.equal({
      command: 'send', device: { dev: 'eth0' }, packageId: 0, channelId: 0x1f, timeout: 2000,
      ncsiCommand: { command: 'oem', manufacturerId: 0x8119, data: Buffer.from([0, 0, 0x1b, 0]) },
    });
    expect(parseNcsiArguments(['send', 'ifindex', '2', 'package', '0', 'channel', '0', 'raw', '0x0a'])).to.deep.equal({
      command: 'send', device: { ifindex: 2 }, packageId: 0, channelId: 0, ncsiCommand: { command: 'raw', type: 10 },
    });
  });

  it('refuses what it cannot run, with UsageError and the reason', () => {
    const refuse = (args: string[], why: RegExp): Chai.Assertion => expect(() => parseNcsiArguments(args)).to.throw(UsageError, why);
    refuse(['frobnicate'], /Command "frobnicate" is unknown/);
    refuse(['set-interface', 'dev', 'eth0'], /needs "package P"/);
    refuse(['clear-interface'], /needs an interface/);
    refuse(['send', 'dev', 'eth0', 'package', '0', 'get-link-status'], /needs "channel C"/);
    refuse(['send', 'dev', 'eth0', 'package', '0', 'channel', '0'], /needs a command: get-version-id/);
    refuse(['show', 'package', '8'], /invalid package "8"/);
    refuse(['send', 'dev', 'eth0', 'package', '0', 'channel', '32', 'get-link-status'], /invalid channel "32"/);
    refuse(['send', 'dev', 'eth0', 'package', '0', 'channel', '0', 'oem', '1', 'xyz'], /"xyz" is unexpected/);
    refuse(['set-package-mask', 'eth0'], /needs a MASK/);
    refuse(['show', 'dev'], /"dev" needs an argument/);
  });

  it('prints packages and a timed-out or decoded answer', () => {
    expect(formatPackages([{ id: 0, forced: true, channels: [{ id: 0, active: true, forced: false, linkState: 0x6f, linkUp: true, versionMajor: 1, versionMinor: 1, version: 'ACME', vlanIds: [5] }] }])).to.equal(
      'package 0 forced\n    channel 0 active link up link-state 0x6f ncsi 1.1 firmware "ACME" vlan 5\n',
    );
    expect(formatResult(commandResultOf({ ifindex: 2, packageId: 0, channelId: 0x1f }, 2, 0, 0))).to.equal('package 0 channel 0x1f: timed out\n');
    const data = Buffer.from('00010001950000040000000000000000' + '00037fff', 'hex');
    expect(formatResult(commandResultOf({ ifindex: 2, packageId: 0, channelId: 0, data }, 2, 0, 0))).to.equal('package 0 channel 0x0: get-version-id unsupported (reason unknown-command-type)\n');
    // An OEM answer with no room for its codes (libslirp 4.7's): the reason, then the bytes.
    const short = Buffer.from('00010001d00000000000000000000000' + 'ffff2ffe', 'hex');
    expect(formatResult(commandResultOf({ ifindex: 2, packageId: 0, channelId: 0, data: short }, 2, 0, 0))).to.equal(
      'package 0 channel 0x0: malformed response (NC-SI response payload length 0 does not fit the 20-byte packet (it holds at least the response and reason codes) (at byte 6))\n' +
        '    data 00010001d00000000000000000000000ffff2ffe\n',
    );
  });
});

// The command line as ip reads it: global options, abbreviations, route selectors and lookups, error reports.
import { expect } from 'chai';
import { PassThrough } from 'stream';
import { NetlinkError } from '../../../lib/core/errors';
import { UsageError, matches, parseU32, pickKeyword } from '../../../lib/cli/args';
import { parseGlobalOptions, report, run } from '../../../lib/cli/main';
import { parseGet, parseShowSelector } from '../../../lib/cli/route';
import { groupsFor, parseObjects } from '../../../lib/cli/monitor';

function streams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (s: PassThrough) => (s.read() ?? '').toString();
  return { io: { stdout, stderr }, out: () => text(stdout), err: () => text(stderr) };
}

describe('cli/args', () => {
  it('abbreviates keywords as ip does: the first keyword in order that the word begins', () => {
    expect(matches('sh', 'show')).to.equal(true);
    expect(matches('', 'show')).to.equal(false);
    expect(matches('showx', 'show')).to.equal(false);
    const objects = ['address', 'route', 'rule', 'neighbour', 'link'] as const;
    expect(pickKeyword('a', objects)).to.equal('address');
    expect(pickKeyword('r', objects)).to.equal('route');
    expect(pickKeyword('ru', objects)).to.equal('rule');
    expect(pickKeyword('x', objects)).to.equal(undefined);
  });

  it('reads numbers in decimal and hex, and rejects the rest', () => {
    expect(parseU32('0x10', 'mark')).to.equal(16);
    expect(parseU32('4294967295', 'mark')).to.equal(0xffffffff);
    expect(() => parseU32('4294967296', 'mark')).to.throw(UsageError, 'invalid mark');
    expect(() => parseU32('-1', 'mark')).to.throw(UsageError);
    expect(() => parseU32('12abc', 'mark')).to.throw(UsageError);
  });

  it('parses global options in their short, long and ip forms', () => {
    const { io } = streams();
    const parsed = parseGlobalOptions(['-n', 'x', '-j', '-d', '-6', 'route', 'show'], io);
    expect(parsed).to.not.be.a('string');
    if (typeof parsed === 'string') return;
    expect(parsed.options).to.include({ netns: 'x', json: true, details: true, family: 'inet6' });
    expect(parsed.rest).to.deep.equal(['route', 'show']);
    const long = parseGlobalOptions(['--netns=y', '--json', '--details', '-f', 'inet', 'link'], io);
    if (typeof long === 'string') throw new Error('expected options');
    expect(long.options).to.include({ netns: 'y', json: true, details: true, family: 'inet' });
    const ipStyle = parseGlobalOptions(['-netns', 'z', '-json', '-details', 'addr'], io);
    if (typeof ipStyle === 'string') throw new Error('expected options');
    expect(ipStyle.options).to.include({ netns: 'z', json: true, details: true });
    expect(parseGlobalOptions(['--help'], io)).to.equal('help');
    expect(() => parseGlobalOptions(['-x'], io)).to.throw(UsageError, 'Option "-x" is unknown');
    expect(() => parseGlobalOptions(['-n'], io)).to.throw(UsageError, 'needs an argument');
  });

  it('parses route selectors with names and numbers', () => {
    expect(parseShowSelector([])).to.deep.equal({ table: 254 });
    expect(parseShowSelector(['table', 'all'])).to.deep.equal({ table: 'all' });
    expect(parseShowSelector(['t', 'local', 'dev', 'v0', 'proto', 'static', 'type', 'blackhole', 'scope', 'link'])).to.deep.equal({
      table: 255, dev: 'v0', protocol: 4, type: 6, scope: 253,
    });
    expect(parseShowSelector(['table', '1000'])).to.deep.equal({ table: 1000 });
    expect(() => parseShowSelector(['table'])).to.throw(UsageError, '"table" needs an argument');
    expect(() => parseShowSelector(['table', 'nosuchtable'])).to.throw(UsageError, 'invalid table id');
    expect(() => parseShowSelector(['bogus'])).to.throw(UsageError, '"bogus"');
  });

  it('parses route get like ip route get', () => {
    expect(parseGet(['10.0.0.1'])).to.deep.equal({ destination: '10.0.0.1', lookup: {} });
    expect(parseGet(['to', '10.0.0.1/32', 'from', '10.0.0.2', 'iif', 'v0', 'oif', 'v1', 'mark', '0x10', 'uid', '7', 'fibmatch'])).to.deep.equal({
      destination: '10.0.0.1',
      lookup: { from: '10.0.0.2', iif: 'v0', oif: 'v1', mark: 16, uid: 7, fibMatch: true },
    });
    expect(() => parseGet([])).to.throw(UsageError, 'need at least a destination address');
    expect(() => parseGet(['10.0.0.1', '10.0.0.2'])).to.throw(UsageError, 'garbage');
    expect(() => parseGet(['10.0.0.1', 'mark'])).to.throw(UsageError, '"mark" needs an argument');
  });

  it('chooses monitor groups per object and family, always following links for their names', () => {
    expect([...parseObjects([])]).to.deep.equal(['link', 'address', 'route', 'neigh', 'rule', 'nexthop']);
    expect([...parseObjects(['r', 'ru'])]).to.deep.equal(['route', 'rule']);
    expect(() => parseObjects(['bogus'])).to.throw(UsageError);
    expect(groupsFor(new Set(['route']), undefined)).to.deep.equal(['link', 'ipv4-route', 'ipv6-route']);
    expect(groupsFor(new Set(['address', 'rule']), 'inet6')).to.deep.equal(['link', 'ipv6-addr', 'ipv6-rule']);
  });

  it('reports kernel errors as ip does: the extended ACK when there is one, else the errno text', () => {
    const { io, err } = streams();
    const plain = new NetlinkError({ errno: 101, seq: 1, requestType: 26 });
    expect(report(plain, io.stderr)).to.equal(2);
    expect(err()).to.equal('RTNETLINK answers: Network is unreachable\n');
    const extAck = new NetlinkError({ errno: 22, seq: 1, requestType: 26, extAck: 'ipv4: FIB table does not exist' });
    expect(report(extAck, io.stderr)).to.equal(2);
    expect(err()).to.equal('Error: ipv4: FIB table does not exist.\n');
    expect(report(new UsageError('need at least a destination address'), io.stderr)).to.equal(1);
    expect(err()).to.equal('need at least a destination address\n');
  });

  it('prints help for the tool and for each object, and usage errors with exit status 1', async () => {
    const help = streams();
    expect(await run(['--help'], help.io)).to.equal(0);
    expect(help.out()).to.contain('Usage: linux-netlink');
    for (const object of ['link', 'addr', 'route', 'neigh', 'rule', 'monitor']) {
      const s = streams();
      expect(await run([object, 'help'], s.io), object).to.equal(0);
      expect(s.out(), object).to.match(/^Usage: linux-netlink /);
    }
    const unknown = streams();
    expect(await run(['frobnicate'], unknown.io)).to.equal(1);
    expect(unknown.err()).to.contain('Object "frobnicate" is unknown');
    const command = streams();
    expect(await run(['route', 'frobnicate'], command.io)).to.equal(255);
    expect(command.err()).to.equal('Command "frobnicate" is unknown, try "linux-netlink route help".\n');
    const nothing = streams();
    expect(await run([], nothing.io)).to.equal(1);
    expect(nothing.err()).to.contain('Usage:');
  });
});

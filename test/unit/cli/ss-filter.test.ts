// ss's filter tree without a kernel: how host conditions are read (families, prefixes, ports), what the tree
// compiles to for inet sockets, and how run_ssfilter's rules apply to unix, netlink and packet sockets.
import { strict as assert } from 'assert';
import { existsSync } from 'fs';
import { fnmatchCasefold, FilterNames, hostCond, inetFilter, matchesSsFilter, parseExpression, SsSocket } from '../../../lib/cli/ss-filter';
import { serviceName } from '../../../lib/cli/ss-names';
import { skipWithReason } from '../../helpers/netns';

const names: FilterNames = {
  service: (name) => (name === 'ssh' ? { tcp: 22, udp: 22 } : name === 'odd' ? { tcp: 1, udp: 2 } : {}),
  interfaceIndex: (name) => (name === 'lo' ? 1 : undefined),
  etherProtocol: (name) => (name === 'arp' ? 0x0806 : undefined),
  netlinkProtocol: (name) => (name === 'rtnl' ? 0 : name === 'uevent' ? 15 : undefined),
};

const unix = (name: string | undefined, inode = 10, peer = 0): SsSocket => ({ family: 'unix', name, lport: inode, rport: peer, iface: 0 });
const netlink = (protocol: number, portId: number): SsSocket => ({ family: 'netlink', protocol, lport: portId, rport: -1, iface: 0 });
const packet = (protocol: number, index: number): SsSocket => ({ family: 'packet', protocol, lport: index, rport: 0, iface: index });

function keeps(args: string[], s: SsSocket, preferred: Parameters<typeof parseExpression>[2] = 'unspec'): boolean {
  const e = parseExpression(args, names, preferred);
  return e.root === undefined || matchesSsFilter(e.root, s);
}

describe('cli: ss filter tree (unit)', () => {
  it('fnmatch: *, ?, brackets, escapes, any case; * crosses slashes', () => {
    assert.equal(fnmatchCasefold('/run/*', '/run/a/b.sock'), true);
    assert.equal(fnmatchCasefold('/RUN/?.sock', '/run/a.sock'), true);
    assert.equal(fnmatchCasefold('/run/[!a]*', '/run/a.sock'), false);
    assert.equal(fnmatchCasefold('/run/[]a]x', '/run/]x'), true);
    assert.equal(fnmatchCasefold('a\\*', 'a*'), true);
    assert.equal(fnmatchCasefold('a\\*', 'ab'), false);
    assert.equal(fnmatchCasefold('', ''), true);
    assert.equal(fnmatchCasefold('[', '['), true);
  });

  it('reads host conditions in the preferred family unless a prefix names one, and reports the family chosen', () => {
    assert.equal(hostCond('/tmp/x', false, 'unix', names).pattern, '/tmp/x');
    assert.equal(hostCond('unix:/tmp/*', false, 'unspec', names).family, 'unix');
    const nl = hostCond('netlink:uevent:kernel', false, 'unspec', names);
    assert.deepEqual([nl.family, nl.port, nl.bitlen, nl.bytes.readUInt32LE(0)], ['netlink', 0, 32, 15]);
    const link = hostCond('link:arp:lo', false, 'unspec', names);
    assert.deepEqual([link.family, link.port, link.bytes.readUInt32LE(0)], ['packet', 1, 0x0806]);
    const inet = hostCond('[::1]:0x16', false, 'unspec', names);
    assert.deepEqual([inet.family, inet.port, inet.bitlen, inet.text], ['unspec', 22, 128, '::1']);
    assert.equal(hostCond(':ssh', true, 'unspec', names).port, 22);
    assert.throws(() => hostCond(':odd', true, 'unspec', names), /ambiguous port "odd"/);
    assert.throws(() => hostCond('netlink:nosuch', false, 'unspec', names), /Cannot parse dst\/src address/);
    assert.throws(() => hostCond('inet:::1', false, 'unspec', names), /an inet prefix is expected/);
    assert.equal(parseExpression(['src', 'unix:/a', 'or', 'src', '/b'], names).family, 'unix');
    assert.equal(parseExpression(['sport', '=', ':22'], names).family, undefined);
  });

  it('compiles to the library filter for inet sockets, and refuses what inet sockets cannot be asked', () => {
    assert.deepEqual(inetFilter(parseExpression(['sport', '>', ':1024', 'and', 'dst', '10.0.0.0/8'], names).root), {
      all: [{ not: { localPort: { le: 1024 } } }, { remoteAddress: '10.0.0.0/8' }],
    });
    assert.deepEqual(inetFilter(parseExpression(['src', '*'], names).root), { localPort: { ge: 0 } });
    assert.throws(() => inetFilter(parseExpression(['src', 'unix:/x'], names).root), /cannot select inet sockets/);
    assert.throws(() => inetFilter(parseExpression(['autobound'], names).root), /autobound/);
  });

  it('matches unix sockets by path pattern (-x or unix:), inode and peer inode as ports, and autobound names', () => {
    assert.equal(keeps(['src', '/tmp/*'], unix('/tmp/a.sock'), 'unix'), true);
    assert.equal(keeps(['src', '/tmp/*'], unix(undefined), 'unix'), false);
    assert.equal(keeps(['src', 'unix:*'], unix(undefined)), true);
    assert.equal(keeps(['dst', 'unix:*'], unix('/x')), true);
    assert.equal(keeps(['dst', 'unix:/x'], unix('/x')), false); // ss's record has no peer name
    assert.equal(keeps(['sport', '=', ':10'], unix('/x', 10)), true);
    assert.equal(keeps(['dport', '>=', ':5'], unix('/x', 10, 4)), false);
    assert.equal(keeps(['src', '127.0.0.1'], unix('/x')), false);
    assert.equal(keeps(['src', '0.0.0.0/0'], unix('/x')), true);
    assert.equal(keeps(['autobound'], unix('@0a1f3')), true);
    assert.equal(keeps(['autobound'], unix('@name')), false);
    assert.equal(keeps(['fwmark', '=', '0'], unix('/x')), true);
    assert.equal(keeps(['dev', '=', 'lo'], unix('/x')), false);
  });

  it('matches netlink sockets by protocol and port id, packet sockets by protocol and interface', () => {
    assert.equal(keeps(['src', 'netlink:rtnl'], netlink(0, 1234)), true);
    assert.equal(keeps(['src', 'netlink:rtnl:kernel'], netlink(0, 1234)), false);
    assert.equal(keeps(['src', 'netlink:*:kernel'], netlink(15, 0)), true);
    assert.equal(keeps(['not', 'src', 'netlink:uevent'], netlink(15, 0)), false);
    assert.equal(keeps(['dport', '=', ':0'], netlink(0, 0)), false); // rport is -1
    assert.equal(keeps(['src', 'link:arp'], packet(0x0806, 0)), true);
    assert.equal(keeps(['src', 'link:*:lo'], packet(3, 1)), true);
    assert.equal(keeps(['dev', '=', 'lo'], packet(3, 2)), false);
    assert.equal(keeps(['autobound'], packet(0, 0)), true);
  });

  it('names services as ss: raw sockets by IP protocol, udp and tcp by their own table', function () {
    if (!existsSync('/etc/services') || !existsSync('/etc/protocols')) skipWithReason(this, 'needs /etc/services and /etc/protocols (netbase)');

    assert.equal(serviceName(1, 'raw'), 'icmp');
    assert.equal(serviceName(254, 'raw'), 'ipproto-254'); // no name in /etc/protocols
    assert.equal(serviceName(5060, 'udp'), 'sip');
    assert.equal(serviceName(57000, 'tcp'), undefined); // dircproxy, but in the ephemeral range
    assert.equal(serviceName(22, undefined), 'ssh'); // before any of ss's tables: any protocol's name
    assert.equal(serviceName(22, 'tcp'), 'ssh');
    assert.equal(serviceName(53, 'udp'), 'domain');
  });
});

// Address, neighbour, rule and link formatting against what iproute2 6.1 printed for the same objects.
import { expect } from 'chai';
import type { Address } from '../../../lib/route/messages/address';
import type { Link } from '../../../lib/route/messages/link';
import type { Neighbour } from '../../../lib/route/messages/neighbour';
import type { Rule } from '../../../lib/route/messages/rule';
import { formatAddress } from '../../../lib/cli/format/address';
import { formatLink } from '../../../lib/cli/format/link';
import { formatNeighbour, shownByDefault } from '../../../lib/cli/format/neighbour';
import { formatRule } from '../../../lib/cli/format/rule';
import { formatLinkKindData } from '../../../lib/cli/format/link-kinds';
import type { FormatContext } from '../../../lib/cli/format/context';

const context: FormatContext = { details: false, names: new Map([[3, 'v0'], [2, 'v1'], [4, 'br0']]) };
const forever = { preferred: 0xffffffff, valid: 0xffffffff, cstamp: 0, tstamp: 0 };

describe('cli/format: addresses, neighbours, rules, links', () => {
  it('prints an IPv4 address with a peer, and a dynamic one with a label and lifetimes', () => {
    const peer = { family: 'inet', prefixlen: 32, flags: ['permanent'], scope: 'universe', ifindex: 3, local: '10.9.0.1', address: '10.9.0.2', label: 'v0', cacheinfo: forever } as unknown as Address;
    expect(formatAddress(peer).json).to.deep.equal({
      family: 'inet', local: '10.9.0.1', address: '10.9.0.2', prefixlen: 32, scope: 'global', label: 'v0',
      valid_life_time: 4294967295, preferred_life_time: 4294967295,
    });
    const dynamic = { family: 'inet', prefixlen: 24, flags: [], scope: 'universe', ifindex: 3, local: '10.0.1.1', address: '10.0.1.1', label: 'v0:lab', cacheinfo: { preferred: 500, valid: 1000, cstamp: 0, tstamp: 0 } } as unknown as Address;
    const printed = formatAddress(dynamic);
    expect(printed.json).to.deep.equal({
      family: 'inet', local: '10.0.1.1', prefixlen: 24, scope: 'global', dynamic: true, label: 'v0:lab',
      valid_life_time: 1000, preferred_life_time: 500,
    });
    expect(printed.text).to.equal('    inet 10.0.1.1/24 scope global dynamic v0:lab\n       valid_lft 1000sec preferred_lft 500sec\n');
  });

  it('calls an IPv6 secondary address temporary and lists IPv6 flags as booleans', () => {
    const a = { family: 'inet6', prefixlen: 64, flags: ['secondary', 'nodad', 'noprefixroute', 'permanent'], scope: 'universe', ifindex: 3, address: '2001:db8::5', cacheinfo: forever } as unknown as Address;
    expect(formatAddress(a).json).to.deep.equal({
      family: 'inet6', local: '2001:db8::5', prefixlen: 64, scope: 'global', temporary: true, nodad: true, noprefixroute: true,
      valid_life_time: 4294967295, preferred_life_time: 4294967295,
    });
  });

  it('prints neighbours with ip\'s state names and leaves NOARP entries out by default', () => {
    const n = { family: 'inet6', ifindex: 3, state: ['reachable'], flags: ['router'], type: 1, dst: '2001:db8::2', lladdr: '02:00:00:00:00:03' } as unknown as Neighbour;
    expect(formatNeighbour(n, context).json).to.deep.equal({ dst: '2001:db8::2', dev: 'v0', lladdr: '02:00:00:00:00:03', router: null, state: ['REACHABLE'] });
    expect(formatNeighbour(n, context, { devFiltered: true }).json).to.not.have.property('dev');
    expect(shownByDefault(n)).to.equal(true);
    expect(shownByDefault({ ...n, state: ['noarp'] } as unknown as Neighbour)).to.equal(false);
    expect(shownByDefault({ ...n, state: [], flags: [] } as unknown as Neighbour)).to.equal(false);
  });

  it('prints rules: selectors, fwmark/mask in hex, uid ranges, negation, actions and protocols', () => {
    const fwmark = { family: 'inet', dstLen: 0, srcLen: 0, tos: 0, table: 100, action: 'toTbl', flags: [], priority: 1000, fwmark: 16, fwmask: 255, protocol: 'unspec' } as unknown as Rule;
    expect(formatRule(fwmark, false).json).to.deep.equal({ priority: 1000, src: 'all', fwmark: '0x10', fwmask: '0xff', table: '100' });
    expect(formatRule(fwmark, true).json).to.include({ protocol: 'unspec' });
    expect(formatRule(fwmark, false).text).to.equal('1000:\tfrom all fwmark 0x10/0xff lookup 100\n');
    const prohibit = { family: 'inet', dstLen: 0, srcLen: 12, tos: 0, table: 0, action: 'prohibit', flags: ['invert'], priority: 1005, src: '172.16.0.0', oifname: 'v0', protocol: 'unspec' } as unknown as Rule;
    expect(formatRule(prohibit, true).json).to.deep.equal({
      priority: 1005, not: null, src: '172.16.0.0', srclen: 12, oif: 'v0', action: 'prohibit', protocol: 'unspec',
    });
    const uid = { family: 'inet6', dstLen: 0, srcLen: 0, tos: 0, table: 254, action: 'toTbl', flags: [], priority: 1, uidRange: { start: 1000, end: 2000 }, suppressPrefixlen: 0, protocol: 'kernel' } as unknown as Rule;
    expect(formatRule(uid, false).json).to.deep.equal({ priority: 1, src: 'all', uid_start: 1000, uid_end: 2000, table: 'main', suppress_prefixlen: 0 });
  });

  it('prints a link with its lower device, master and flags as ip does', () => {
    const link = {
      family: 'unspec', type: 'ether', ifindex: 2, flags: ['up', 'broadcast', 'running', 'multicast', 'lowerUp'], change: [],
      ifname: 'v1', link: 3, master: 4, mtu: 1500, qdisc: 'noqueue', operstate: 'up', linkmode: 'default', group: 0, txqlen: 1000,
      address: '12:39:5c:d1:2a:46', broadcast: 'ff:ff:ff:ff:ff:ff',
    } as unknown as Link;
    const printed = formatLink(link, context, { linkObject: true });
    expect(printed.json).to.deep.equal({
      ifindex: 2, link: 'v0', ifname: 'v1', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'noqueue',
      master: 'br0', operstate: 'UP', linkmode: 'DEFAULT', group: 'default', txqlen: 1000, link_type: 'ether',
      address: '12:39:5c:d1:2a:46', broadcast: 'ff:ff:ff:ff:ff:ff',
    });
    expect(printed.text).to.equal(
      '2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n' +
        '    link/ether 12:39:5c:d1:2a:46 brd ff:ff:ff:ff:ff:ff\n',
    );
    const noCarrier = formatLink({ ...link, flags: ['up', 'broadcast', 'multicast'] } as unknown as Link, context, { linkObject: true });
    expect(noCarrier.json.flags).to.deep.equal(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
  });

  it('prints vlan data (not creatable on the development kernel) as ip\'s vlan_print_opt does', () => {
    const data = { protocol: '802.1Q', id: 10, flags: { flags: ['reorderHdr', 'gvrp'], mask: [] }, egressQos: { mapping: [{ from: 0, to: 3 }] } };
    const printed = formatLinkKindData('vlan', data, context)!;
    expect(printed.json).to.deep.equal({ protocol: '802.1Q', id: 10, flags: ['REORDER_HDR', 'GVRP'], egress_qos: [{ from: 0, to: 3 }] });
    expect(printed.text).to.equal('protocol 802.1Q id 10 <REORDER_HDR,GVRP> \n      egress-qos-map { 0:3 } ');
    expect(formatLinkKindData('veth', {}, context), 'ip prints no info_data for veth').to.equal(undefined);
    expect(formatLinkKindData('unknownkind', Buffer.alloc(4), context)).to.equal(undefined);
  });
});

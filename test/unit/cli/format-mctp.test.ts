// `linux-netlink mctp` output: the lines of CodeConstruct's mctp tool (src/mctp.c's display_* functions) and the
// JSON objects with the same fields, and its EID syntax.
import { expect } from 'chai';
import { formatMctpAddress, formatMctpLink, formatMctpNeighbour, formatMctpRoute, mctpContext } from '../../../lib/cli/format/mctp';
import { parseEid } from '../../../lib/cli/mctp';
import { UsageError } from '../../../lib/cli/args';
import type { Link, MctpAddress, MctpNeighbour, MctpRoute } from '../../../lib/route/messages';

const lo = { family: 'unspec', ifindex: 1, ifname: 'lo', flags: ['up', 'loopback'], mtu: 65536, address: '00:00:00:00:00:00', afSpec: { mctp: { net: 1 } } } as unknown as Link;
const serial = { family: 'unspec', ifindex: 3, ifname: 'mctpserial0', flags: [], mtu: 68, afSpec: { mctp: { net: 2 } } } as unknown as Link;
const i2c = { family: 'unspec', ifindex: 4, ifname: 'mctpi2c1', flags: ['up'], mtu: 68, address: '1d', afSpec: { mctp: { net: 2 } } } as unknown as Link;
const eth = { family: 'unspec', ifindex: 5, ifname: 'eth0', flags: ['up'], mtu: 1500, afSpec: { inet6: {} } } as unknown as Link;
const context = mctpContext([lo, serial, i2c, eth]);

describe('cli: mctp output', () => {
  it('links: address as colon hex, one byte as 0x.., none; net, mtu, up or down', () => {
    expect(formatMctpLink(lo).text).to.equal('dev lo index 1 address 00:00:00:00:00:00 net 1 mtu 65536 up\n');
    expect(formatMctpLink(serial).text).to.equal('dev mctpserial0 index 3 address none net 2 mtu 68 down\n');
    expect(formatMctpLink(i2c).text).to.equal('dev mctpi2c1 index 4 address 0x1d net 2 mtu 68 up\n');
    expect(formatMctpLink(serial).json).to.deep.equal({ dev: 'mctpserial0', index: 3, address: null, net: 2, mtu: 68, state: 'down' });
  });

  it('knows the network of each MCTP link and no other', () => {
    expect([...context.nets]).to.deep.equal([
      [1, 1],
      [3, 2],
      [4, 2],
    ]);
  });

  it('addresses, routes and neighbours with the network of their link', () => {
    const address = { family: 'mctp', ifindex: 3, local: 8, address: 8 } as MctpAddress;
    expect(formatMctpAddress(address, context).text).to.equal('eid 8 net 2 dev mctpserial0\n');
    expect(formatMctpAddress(address, context, { deleted: true }).text).to.equal('Deleted eid 8 net 2 dev mctpserial0\n');
    expect(formatMctpAddress(address, context).json).to.deep.equal({ eid: 8, net: 2, dev: 'mctpserial0' });
    const route = { family: 'mctp', dst: 20, dstLen: 4, oif: 3, type: 'unicast', metrics: { mtu: 254 } } as MctpRoute;
    expect(formatMctpRoute(route, context).text).to.equal('eid min 20 max 24 net 2 dev mctpserial0 mtu 254\n');
    expect(formatMctpRoute({ ...route, metrics: {}, oif: 9 } as MctpRoute, context).text).to.equal('eid min 20 max 24 net 0 dev if9 mtu 0\n');
    expect(formatMctpRoute(route, context).json).to.deep.equal({ eid_min: 20, eid_max: 24, net: 2, dev: 'mctpserial0', mtu: 254, type: 'unicast' });
    const neighbour = { family: 'mctp', ifindex: 1, dst: 9, lladdr: '02:00:00:00:00:09' } as MctpNeighbour;
    expect(formatMctpNeighbour(neighbour, context).text).to.equal('eid 9 net 1 dev lo lladdr 02:00:00:00:00:09\n');
    expect(formatMctpNeighbour({ ...neighbour, ifindex: 3, lladdr: '' } as MctpNeighbour, context).text).to.equal('eid 9 net 2 dev mctpserial0 lladdr none\n');
  });

  it('reads EIDs as mctp does (strtoul base 0), 0..255', () => {
    expect(['8', '0x1d', '010', '255', '0'].map(parseEid)).to.deep.equal([8, 29, 8, 255, 0]);
    for (const bad of ['256', '-1', 'x', '', '0x', '8a', '09']) expect(() => parseEid(bad), bad).to.throw(UsageError);
  });
});

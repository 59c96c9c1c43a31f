// The AF_MCTP codecs against messages the QEMU guest's 6.1 kernel sent (test/fixtures/route/mctp.hex, captured by
// capture-mctp.js with requests built byte by byte): each decodes to the objects written out below (read off the
// kernel's fill functions in net/mctp and the annotations, not off our decoder) and re-encodes to the same bytes;
// and the request payloads RouteClient sends for `mctp addr|route|neigh add|del`.
import { expect } from 'chai';
import {
  decodeLink,
  decodeMctpAddress,
  decodeMctpNeighbour,
  decodeMctpRoute,
  encodeLink,
  encodeMctpAddress,
  encodeMctpNeighbour,
  encodeMctpRoute,
} from '../../../lib/route/messages';
import { mctpAddressRequest, mctpNeighbourRequest, mctpRouteQuery, mctpRouteRequest, checkMctpNet } from '../../../lib/route/mctp';
import { RouteInputError } from '../../../lib/route/inputs';
import { readCaptured } from './fixtures';
import { pick } from './helpers';

const messages = readCaptured('mctp');
const ofKind = (what: string) => messages.filter((m) => m.kind === what);
const resolver = { ifindex: async (ref: string | number) => (typeof ref === 'number' ? ref : ref === 'lo' ? 1 : 4) };

describe('MCTP messages captured from the guest kernel', () => {
  it('has addresses, routes, neighbours and a link AF_MCTP part', () => {
    expect(ofKind('address').length).to.equal(2);
    expect(ofKind('route').length).to.equal(4);
    expect(ofKind('neighbour').length).to.equal(2);
    expect(ofKind('af-spec').length).to.equal(1);
  });

  it('decodes local EIDs (IFA_LOCAL and IFA_ADDRESS, one byte each)', () => {
    const decoded = ofKind('address').map((m) => decodeMctpAddress(m.payload, m.type));
    expect(decoded.map((a) => pick(a, ['family', 'ifindex', 'local', 'address', 'decodeErrors', 'unknownAttributes']))).to.deep.equal([
      { family: 'mctp', ifindex: 1, local: 8, address: 8 },
      { family: 'mctp', ifindex: 2, local: 0x1d, address: 0x1d },
    ]);
  });

  it('decodes routes: EID ranges with rtm_dst_len as their extent, the MTU metric, local routes', () => {
    const decoded = ofKind('route').map((m) => decodeMctpRoute(m.payload, m.type));
    expect(decoded.map((r) => pick(r, ['family', 'dst', 'dstLen', 'oif', 'type', 'table', 'protocol', 'scope', 'metrics', 'decodeErrors', 'unknownAttributes']))).to.have.deep.members([
      { family: 'mctp', dst: 8, dstLen: 0, oif: 1, type: 'local', table: 253, protocol: 'static', scope: 'link', metrics: {} },
      { family: 'mctp', dst: 0x1d, dstLen: 0, oif: 2, type: 'local', table: 253, protocol: 'static', scope: 'link', metrics: {} },
      { family: 'mctp', dst: 20, dstLen: 4, oif: 2, type: 'unicast', table: 253, protocol: 'static', scope: 'link', metrics: { mtu: 254 } },
      { family: 'mctp', dst: 40, dstLen: 0, oif: 2, type: 'unicast', table: 253, protocol: 'static', scope: 'link', metrics: {} },
    ]);
  });

  it('decodes neighbours: an EID and a physical address as long as the link has (none on a tun link)', () => {
    const decoded = ofKind('neighbour').map((m) => decodeMctpNeighbour(m.payload, m.type));
    expect(decoded.map((n) => pick(n, ['family', 'ifindex', 'state', 'type', 'dst', 'lladdr', 'decodeErrors', 'unknownAttributes']))).to.have.deep.members([
      { family: 'mctp', ifindex: 1, state: ['permanent'], type: 'unicast', dst: 9, lladdr: '02:00:00:00:00:09' },
      { family: 'mctp', ifindex: 2, state: ['permanent'], type: 'unicast', dst: 41, lladdr: '' },
    ]);
  });

  it("decodes a link's IFLA_AF_SPEC → AF_MCTP → IFLA_MCTP_NET", () => {
    const [spec] = ofKind('af-spec');
    const header = Buffer.alloc(16);
    header.writeInt32LE(2, 4);
    const link = decodeLink(Buffer.concat([header, spec.payload]));
    expect(link.decodeErrors).to.equal(undefined);
    const mctp = link.afSpec && !Buffer.isBuffer(link.afSpec) ? link.afSpec.mctp : undefined;
    expect([mctp?.net, mctp?.physBinding]).to.deep.equal([7, undefined]);
    expect(Object.keys(link.afSpec!)).to.deep.equal(['mctp', 'inet', 'inet6']);
    expect(encodeLink(link)).to.deep.equal(Buffer.concat([header, spec.payload]));
  });

  it('re-encodes every captured message to the same bytes', () => {
    const encoders: Record<string, (payload: Buffer, type: number) => Buffer> = {
      address: (p, t) => encodeMctpAddress(decodeMctpAddress(p, t)),
      route: (p, t) => encodeMctpRoute(decodeMctpRoute(p, t)),
      neighbour: (p, t) => encodeMctpNeighbour(decodeMctpNeighbour(p, t)),
    };
    for (const m of messages) {
      if (m.kind in encoders) expect(encoders[m.kind](m.payload, m.type).toString('hex'), m.text).to.equal(m.payload.toString('hex'));
    }
  });
});

describe('MCTP requests', () => {
  it('an address: ifaddrmsg of family AF_MCTP with the link, and IFA_LOCAL as one byte', async () => {
    expect((await mctpAddressRequest({ eid: 8, link: 'lo' }, resolver)).toString('hex')).to.equal('2d00000001000000' + '0500020008000000');
  });

  it('a route: rtmsg of a unicast range, RTA_DST, RTA_OIF and the MTU in RTA_METRICS (only when adding)', async () => {
    const header = '2d040000' + '00000001' + '00000000'; // family AF_MCTP, dst_len 4, ..., type RTN_UNICAST, flags
    expect((await mctpRouteRequest({ eid: 20, extent: 4, link: 4, mtu: 254 }, resolver, 'new')).toString('hex')).to.equal(
      header + '0500010014000000' + '0800040004000000' + '0c000880' + '08000200fe000000', // NLA_F_NESTED: 6.1 refuses RTA_METRICS without it
    );
    expect((await mctpRouteRequest({ eid: 20, extent: 4, link: 4, mtu: 254 }, resolver, 'del')).toString('hex')).to.equal(header + '0500010014000000' + '0800040004000000');
  });

  it('a neighbour: ndmsg with the link in its header, NDA_DST as one byte and NDA_LLADDR (only when adding)', async () => {
    const header = '2d00000001000000' + '00000000';
    expect((await mctpNeighbourRequest({ eid: 9, link: 'lo', lladdr: '02:00:00:00:00:09' }, resolver, 'new')).toString('hex')).to.equal(
      header + '0500010009000000' + '0a000200' + '02000000' + '00090000',
    );
    expect((await mctpNeighbourRequest({ eid: 9, link: 'lo' }, resolver, 'del')).toString('hex')).to.equal(header + '0500010009000000');
  });

  it('refuses what the kernel could not be sent, with typed errors', async () => {
    const refusals: Array<Promise<unknown>> = [
      mctpAddressRequest({ eid: 256, link: 'lo' }, resolver),
      mctpAddressRequest({ eid: -1, link: 'lo' }, resolver),
      mctpAddressRequest({ eid: 8.5, link: 'lo' }, resolver),
      mctpAddressRequest({ eid: 8, link: {} as unknown as string }, resolver),
      mctpRouteRequest({ eid: 250, extent: 10, link: 4 }, resolver, 'new'),
      mctpRouteRequest({ eid: 20, link: 4, mtu: -1 }, resolver, 'new'),
      mctpNeighbourRequest({ eid: 9, link: 'lo' }, resolver, 'new'),
    ];
    for (const p of refusals) {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(RouteInputError);
    }
    expect(() => checkMctpNet(0)).to.throw(RouteInputError, /net must be an integer from 1/);
    expect(checkMctpNet(0xffffffff)).to.equal(0xffffffff);
  });

  it('keeps only AF_MCTP objects from a dump (a kernel without MCTP answers with every family)', async () => {
    const query = await mctpRouteQuery({ link: 4 }, resolver);
    expect(query.accept({ family: 'mctp', oif: 4 } as never)).to.equal(true);
    expect(query.accept({ family: 'mctp', oif: 1 } as never)).to.equal(false);
    expect(query.accept({ family: 'inet', oif: 4 } as never)).to.equal(false);
  });
});

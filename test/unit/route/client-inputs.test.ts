// The client's input handling, without a kernel: address and prefix parsing checked against Node's own parser,
// the lookup request's bytes read back with the core's attribute parser, and the client's checks around its
// requests on a stand-in connection.
import { expect } from 'chai';
import fc from 'fast-check';
import { isIPv4 } from 'net';
import { parseAttributes } from '../../../lib/core';
import { addressBytes, parseIPv4Fast, parsePrefix, tableNumber, RouteInputError } from '../../../lib/route/inputs';
import { routeLookupRequest, RTMSG_LENGTH } from '../../../lib/route/requests';
import { NoReplyError, RouteClient } from '../../../lib/route/client';
import type { Connection, Message } from '../../../lib/core';

describe('route client inputs', () => {
  it('parses IPv4 exactly when net.isIPv4 accepts, to the right bytes', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (parts) => {
        const text = parts.join('.');
        expect([...parseIPv4Fast(text)!]).to.deep.equal(parts);
      }),
    );
    fc.assert(
      fc.property(fc.stringOf(fc.constantFrom('0', '1', '2', '5', '9', '.', 'a', ':', ' ', '-'), { maxLength: 17 }), (text) => {
        expect(parseIPv4Fast(text) !== undefined, JSON.stringify(text)).to.equal(isIPv4(text));
      }),
    );
  });

  it('parses IPv6 to the bytes Node would format back', () => {
    for (const text of ['::', '::1', '2001:db8::1', 'fe80::1:2', '2001:db8:0:0:1:0:0:1', '::ffff:10.1.2.3', '1:2:3:4:5:6:7:8']) {
      const b = addressBytes(text);
      expect(b.length).to.equal(16);
      const groups = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16));
      const expanded = new URL(`http://[${text}]/`).hostname.replace(/[[\]]/g, '');
      const canonical = new URL(`http://[${groups.join(':')}]/`).hostname.replace(/[[\]]/g, '');
      expect(canonical, text).to.equal(expanded);
    }
    expect([...addressBytes('fe80::1%eth0')]).to.deep.equal([...addressBytes('fe80::1')]); // the zone is not the address
    for (const bad of [':::1', '1:2:3:4:5:6:7:8:9', '2001:db8::g', '1.2.3', 'localhost', '']) {
      expect(() => addressBytes(bad), bad).to.throw(RouteInputError);
    }
  });

  it('reads prefixes, default, and refuses bad lengths with a typed error', () => {
    expect(parsePrefix('10.0.0.0/8')).to.deep.equal({ family: 2, address: '10.0.0.0', prefixLength: 8 });
    expect(parsePrefix('2001:db8::/32')).to.deep.equal({ family: 10, address: '2001:db8::', prefixLength: 32 });
    expect(parsePrefix('10.1.2.3')).to.deep.equal({ family: 2, address: '10.1.2.3', prefixLength: 32 });
    expect(parsePrefix('default', 10)).to.deep.equal({ family: 10, address: '::', prefixLength: 0 });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/a', '::/129', 'eth0', '']) {
      expect(() => parsePrefix(bad), bad).to.throw(RouteInputError);
    }
  });

  it('knows the reserved table names and takes numbers up to 2^32-1', () => {
    expect(tableNumber('main')).to.equal(254);
    expect(tableNumber('local')).to.equal(255);
    expect(tableNumber('1000')).to.equal(1000);
    expect(tableNumber(4294967295)).to.equal(4294967295);
    expect(() => tableNumber('nosuchtable')).to.throw(RouteInputError);
    expect(() => tableNumber(-1)).to.throw(RouteInputError);
  });

  it('builds lookup requests as ip route get does: full-length RTA_DST/RTA_SRC and the options as attributes', () => {
    const b = routeLookupRequest('10.1.2.3', { from: '10.0.0.1', oif: 7, iif: 3, mark: 0x10, uid: 1000, fibMatch: true, ipProto: 6, dport: 443 });
    expect([b[0], b[1], b[2]]).to.deep.equal([2, 32, 32]); // AF_INET, dst_len, src_len
    expect(b.readUInt32LE(8)).to.equal(0x1000 | 0x2000); // RTM_F_LOOKUP_TABLE | RTM_F_FIB_MATCH
    const { attributes, error } = parseAttributes(b, RTMSG_LENGTH, b.length);
    expect(error).to.equal(undefined);
    const byType = new Map(attributes.map((a) => [a.type, a.value]));
    expect([...byType.get(1)!]).to.deep.equal([10, 1, 2, 3]);
    expect([...byType.get(2)!]).to.deep.equal([10, 0, 0, 1]);
    expect(byType.get(3)!.readUInt32LE(0)).to.equal(3);
    expect(byType.get(4)!.readUInt32LE(0)).to.equal(7);
    expect(byType.get(16)!.readUInt32LE(0)).to.equal(0x10);
    expect(byType.get(25)!.readUInt32LE(0)).to.equal(1000);
    expect(byType.get(27)![0]).to.equal(6);
    expect(byType.get(29)!.readUInt16BE(0)).to.equal(443);
    const six = routeLookupRequest('2001:db8::1');
    expect([six[0], six[1]]).to.deep.equal([10, 128]);
    expect(() => routeLookupRequest('10.0.0.1', { from: '2001:db8::1' })).to.throw(RouteInputError);
    expect(() => routeLookupRequest('10.0.0.1', { mark: -1 })).to.throw(RouteInputError);
  });

  describe('requests on a stand-in connection', () => {
    /** Records requests and answers each with the given replies. */
    function clientAnswering(replies: Message[]): { client: RouteClient; requests: Array<{ type: number; flags?: number }> } {
      const requests: Array<{ type: number; flags?: number }> = [];
      const connection = {
        // Like Connection.request: replies, or what `decode` makes of them.
        request: async (type: number, _payload: Buffer, options: { flags?: number } = {}, decode?: (r: Message[]) => unknown) => {
          requests.push({ type, flags: options.flags });
          return decode ? decode(replies) : replies;
        },
        // Like Connection.requestOne: what `decode` makes of the first reply (an empty NLMSG_ERROR when there is none).
        requestOne: async (type: number, _payload: Buffer, options: { flags?: number } = {}, decode: (t: number, b: Buffer, s: number, e: number) => unknown) => {
          requests.push({ type, flags: options.flags });
          const m = replies[0];
          return m === undefined ? decode(2, Buffer.alloc(0), 0, 0) : decode(m.type, m.payload, 0, m.payload.length);
        },
      };
      return { client: new RouteClient(connection as unknown as Connection), requests };
    }

    it('takes only the write modes it names, not the names an object inherits', async () => {
      const { client, requests } = clientAnswering([]);
      for (const mode of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'bogus']) {
        let caught: unknown;
        await client.addRoute({ dst: '10.0.0.0/24', type: 'blackhole' }, { mode: mode as 'add' }).catch((err) => (caught = err));
        expect(caught, mode).to.be.instanceOf(RouteInputError);
      }
      expect(requests).to.deep.equal([]);
      await client.addRoute({ dst: '10.0.0.0/24', type: 'blackhole' }, { mode: 'append' });
      expect(requests).to.deep.equal([{ type: 24, flags: 0x400 | 0x800 }]); // RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND
    });

    it('an acknowledgement without the object asked for rejects with ERR_ROUTE_NO_REPLY', async () => {
      const { client } = clientAnswering([]);
      for (const request of [() => client.getLink('eth0'), () => client.getRoute('10.0.0.1')]) {
        let caught: any;
        await request().catch((err) => (caught = err));
        expect(caught).to.be.instanceOf(NoReplyError);
        expect(caught.code).to.equal('ERR_ROUTE_NO_REPLY');
        expect(caught.message).to.match(/acknowledged without a reply/);
      }
    });
  });
});

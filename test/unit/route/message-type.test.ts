import { expect } from 'chai';
import { DecodeError } from '../../../lib/core/errors';
import { decodeAddress, decodeLink, decodeNeighbour, decodeNexthopObject, decodeRoute, decodeRule, encodeAddress, encodeLink, encodeNeighbour, encodeNexthopObject, encodeRoute, encodeRule } from '../../../lib/route/messages';

// RTM_NEWLINK 16, RTM_NEWADDR 20, RTM_NEWROUTE 24, RTM_NEWNEIGH 28, RTM_NEWRULE 32, RTM_NEWNEXTHOP 104 (linux/rtnetlink.h).
const kinds = [
  { what: 'link', decode: decodeLink, payload: encodeLink({ ifname: 'x' }), own: 16 },
  { what: 'address', decode: decodeAddress, payload: encodeAddress({ family: 'inet', prefixlen: 24 }), own: 20 },
  { what: 'route', decode: decodeRoute, payload: encodeRoute({ family: 'inet', dstLen: 32 }), own: 24 },
  { what: 'neighbour', decode: decodeNeighbour, payload: encodeNeighbour({ family: 'inet' }), own: 28 },
  { what: 'rule', decode: decodeRule, payload: encodeRule({ family: 'inet' }), own: 32 },
  { what: 'nexthop object', decode: decodeNexthopObject, payload: encodeNexthopObject({ family: 'inet', id: 1 }), own: 104 },
];

describe('route messages: the nlmsg_type a decoder is handed', () => {
  for (const { what, decode, payload, own } of kinds) {
    it(`a ${what} decoder accepts its own type and flags another one, keeping the object`, () => {
      expect((decode(payload, own) as { decodeErrors?: DecodeError[] }).decodeErrors).to.equal(undefined);
      const wrong = decode(payload, own === 24 ? 16 : 24) as { decodeErrors?: DecodeError[]; family?: unknown };
      expect(wrong.decodeErrors).to.have.length(1);
      expect(wrong.decodeErrors![0]).to.be.instanceOf(DecodeError);
      expect(wrong.decodeErrors![0].message).to.match(new RegExp(`is not an? ${what} message`));
    });
  }
});

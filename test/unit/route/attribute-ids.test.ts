// The attribute ids derived from rtnetlink's attribute sets (LinkAttribute, RouteAttribute, ...) against the
// installed uapi headers: a C program prints the real values of every name the headers declare. A name the headers
// lack must be newer than they are (an id above their *_MAX), or one of the few set fields not spelled as uapi.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import { AddressAttribute, LinkAttribute, LinkInfoAttribute, NeighbourAttribute, NexthopObjectAttribute, RouteAttribute, RouteMetric, RuleAttribute } from '../../../lib/route';
import { skipWithReason } from '../../helpers/netns';
import { cCompiler, uapiValues } from '../../helpers/uapi';

const groups: Array<{ ids: Record<string, string | number>; prefix: string; header: string }> = [
  { ids: LinkAttribute, prefix: 'IFLA_', header: 'if_link.h' },
  { ids: LinkInfoAttribute, prefix: 'IFLA_INFO_', header: 'if_link.h' },
  { ids: AddressAttribute, prefix: 'IFA_', header: 'if_addr.h' },
  { ids: RouteAttribute, prefix: 'RTA_', header: 'rtnetlink.h' },
  { ids: RouteMetric, prefix: 'RTAX_', header: 'rtnetlink.h' },
  { ids: NeighbourAttribute, prefix: 'NDA_', header: 'neighbour.h' },
  { ids: RuleAttribute, prefix: 'FRA_', header: 'fib_rules.h' },
  { ids: NexthopObjectAttribute, prefix: 'NHA_', header: 'nexthop.h' },
];
/** Set fields named otherwise than in uapi (NDA_IFINDEX is `remoteIfindex`: `ifindex` is ndmsg's member). */
const NOT_UAPI_NAMES = new Set(['NDA_REMOTE_IFINDEX']);

const uapiName = (prefix: string, name: string) => prefix + name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

describe('route: attribute ids derived from the attribute sets match the uapi headers', function () {
  before(function () {
    if (!cCompiler || !existsSync('/usr/include/linux/if_link.h')) skipWithReason(this, 'needs a C compiler and /usr/include/linux/if_link.h');
  });

  it('every name the headers declare has their value; every other one is newer than they are', () => {
    const declared: Array<[name: string, ours: number]> = [];
    const newer: Array<[name: string, ours: number, max: string]> = [];
    for (const { ids, prefix, header } of groups) {
      const text = readFileSync(`/usr/include/linux/${header}`, 'utf8');
      for (const [key, id] of Object.entries(ids)) {
        if (typeof id !== 'number') continue; // the reverse entries (id → name)
        const name = uapiName(prefix, key);
        if (new RegExp(`\\b${name}\\b`).test(text)) declared.push([name, id]);
        else if (!NOT_UAPI_NAMES.has(name)) newer.push([name, id, `${prefix}MAX`]);
      }
    }
    expect(declared.length).to.be.above(150);
    const includes = [...new Set(groups.map((g) => `linux/${g.header}`))];
    const values = uapiValues(includes, [...declared.map(([name]) => name), ...newer.map(([, , max]) => max)]);
    const wrong = declared.flatMap(([name, ours], i) => (ours === values[i] ? [] : [`${name}: ours ${ours}, header ${values[i]}`]));
    const notNewer = newer.flatMap(([name, ours, max], i) => {
      const headerMax = values[declared.length + i];
      return ours > headerMax ? [] : [`${name} (${ours}) is not above ${max} (${headerMax})`];
    });
    expect(wrong).to.deep.equal([]);
    expect(notNewer).to.deep.equal([]);
  });
});

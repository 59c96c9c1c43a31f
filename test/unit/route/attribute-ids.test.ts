// The attribute ids derived from rtnetlink's attribute sets (LinkAttribute, RouteAttribute, ...) against the
// installed uapi headers: a C program prints the real values of every name the headers declare. A name the headers
// lack must be newer than they are (an id above their *_MAX), or one of the few set fields not spelled as uapi.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AddressAttribute, LinkAttribute, LinkInfoAttribute, NeighbourAttribute, RouteAttribute, RouteMetric, RuleAttribute } from '../../../lib/route';
import { skipWithReason } from '../../helpers/netns';

const groups: Array<{ ids: Record<string, string | number>; prefix: string; header: string }> = [
  { ids: LinkAttribute, prefix: 'IFLA_', header: 'if_link.h' },
  { ids: LinkInfoAttribute, prefix: 'IFLA_INFO_', header: 'if_link.h' },
  { ids: AddressAttribute, prefix: 'IFA_', header: 'if_addr.h' },
  { ids: RouteAttribute, prefix: 'RTA_', header: 'rtnetlink.h' },
  { ids: RouteMetric, prefix: 'RTAX_', header: 'rtnetlink.h' },
  { ids: NeighbourAttribute, prefix: 'NDA_', header: 'neighbour.h' },
  { ids: RuleAttribute, prefix: 'FRA_', header: 'fib_rules.h' },
];
/** Set fields named otherwise than in uapi (NDA_IFINDEX is `remoteIfindex`: `ifindex` is ndmsg's member). */
const NOT_UAPI_NAMES = new Set(['NDA_REMOTE_IFINDEX']);

const uapiName = (prefix: string, name: string) => prefix + name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

const compiler = ['cc', 'gcc'].find((cc) => {
  try {
    execFileSync(cc, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

describe('route: attribute ids derived from the attribute sets match the uapi headers', function () {
  before(function () {
    if (!compiler || !existsSync('/usr/include/linux/if_link.h')) skipWithReason(this, 'needs a C compiler and /usr/include/linux/if_link.h');
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
    const dir = mkdtempSync(join(tmpdir(), 'lnl-route-ids-'));
    try {
      const printed = [...declared.map(([name]) => name), ...newer.map(([, , max]) => max)];
      const src = [
        '#include <stdio.h>',
        '#include <sys/socket.h>',
        ...[...new Set(groups.map((g) => g.header))].map((h) => `#include <linux/${h}>`),
        'int main(void) {',
        ...printed.map((name) => `  printf("%ld\\n", (long)(${name}));`),
        '  return 0;',
        '}',
      ].join('\n');
      writeFileSync(join(dir, 'c.c'), src);
      execFileSync(compiler!, ['-o', join(dir, 'c'), join(dir, 'c.c')]);
      const values = execFileSync(join(dir, 'c'), { encoding: 'utf8' }).trim().split('\n').map(Number);
      const wrong = declared.filter(([, ours], i) => ours !== values[i]).map(([name, ours]) => `${name}: ours ${ours}, header ${values[declared.findIndex((d) => d[0] === name)]}`);
      const notNewer = newer.filter(([, ours], i) => ours <= values[declared.length + i]).map(([name, ours, max]) => `${name} (${ours}) is not above ${max}`);
      expect(wrong).to.deep.equal([]);
      expect(notNewer).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

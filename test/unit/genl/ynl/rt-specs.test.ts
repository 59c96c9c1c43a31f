// The kernel's rt-link, rt-addr and rt-route specs against rtnetlink's hand descriptions (lib/route): the same
// attribute ids under the same names, and compatible types, so the two cannot drift apart unnoticed. Where they
// differ, the hand description is right (checked against the uapi headers and this kernel) and the spec's error is
// listed here; the hand descriptions also know attributes newer than 6.12's specs. lib/route keeps its own.
import { expect } from 'chai';
import { route, spec } from '../../../../lib';
import { familyDescription } from '../../../../lib/genl/ynl';

type Class = 'int' | 'string' | 'binary' | 'nest' | 'flag';

function handClass(t: spec.ValueType): Class {
  if (typeof t === 'string') return t === 'string' ? 'string' : t === 'binary' ? 'binary' : t === 'flag' ? 'flag' : 'int';
  if (t.kind === 'codec') return t.integer ? 'int' : 'binary';
  if (t.kind === 'nested' || t.kind === 'select' || t.kind === 'indexed') return 'nest';
  return 'binary'; // struct, message
}

function specClass(type: string): Class {
  if (type === 'string' || type === 'binary' || type === 'flag') return type;
  if (type === 'nest' || type === 'indexed-array' || type === 'sub-message') return 'nest';
  return 'int';
}

const CASES = [
  {
    hand: route.linkAttributes as spec.AttributeSet<any>,
    family: 'rt-link',
    set: 'link-attrs',
    prefix: '',
    newer: ['maxPacingOffloadHorizon', 'netnsImmutable', 'headroom', 'tailroom'],
    specErrors: {
      cost: 'typed string; IFLA_COST is unused by the kernel (kept as binary by hand)',
      priority: 'typed string; IFLA_PRIORITY is a u32',
      wireless: 'typed string; IFLA_WIRELESS carries binary wireless events',
      protinfo: 'typed string; IFLA_PROTINFO is a nest per family (kept as binary by hand)',
      vfinfoList: 'a nest the hand description keeps as bytes (SR-IOV, absent here)',
      vfPorts: 'a nest the hand description keeps as bytes (SR-IOV, absent here)',
      portSelf: 'a nest the hand description keeps as bytes (SR-IOV, absent here)',
      protoDownReason: 'typed string; IFLA_PROTO_DOWN_REASON is a nest',
      dpllPin: 'a nest the hand description keeps as bytes (no DPLL here)',
    } as Record<string, string>,
  },
  {
    hand: route.addressAttributes as spec.AttributeSet<any>,
    family: 'rt-addr',
    set: 'addr-attrs',
    prefix: 'ifa-',
    newer: [],
    specErrors: { targetNetnsid: 'typed binary; IFA_TARGET_NETNSID is an s32' } as Record<string, string>,
  },
  {
    hand: route.routeAttributes as spec.AttributeSet<any>,
    family: 'rt-route',
    set: 'route-attrs',
    prefix: 'rta-',
    newer: ['flowlabel'],
    unused: ['rta-protoinfo', 'rta-session', 'rta-mp-algo'], // no longer used by the kernel (rtnetlink.h)
    specErrors: { expires: 'not an error: a u32 the hand decodes with a codec of its own (u32 or u64 clock ticks)' } as Record<string, string>,
  },
];

describe('ynl: the rt-* specs against the hand descriptions of lib/route', () => {
  for (const c of CASES) {
    it(`${c.family} ${c.set}: the same ids and names; the hand knows what 6.12 lacks`, () => {
      const attrs = familyDescription(c.family).attributeSets[c.set].attributes;
      const norm = (n: string) => n.toLowerCase().replace(/[-_]/g, '');
      const missing: string[] = [];
      for (const [name, def] of Object.entries(c.hand.fields as spec.FieldDefs)) {
        const a = attrs.find((x) => x.id === def.id);
        if (a === undefined) missing.push(name);
        else expect(norm(a.name.slice(a.name.startsWith(c.prefix) ? c.prefix.length : 0)), `id ${def.id}`).to.equal(norm(name));
      }
      expect(missing).to.deep.equal(c.newer);
      // every attribute of the spec is described by hand (ids the hand leaves out are pads and unspec)
      const handIds = new Set(Object.values(c.hand.fields as spec.FieldDefs).map((d) => d.id));
      expect(attrs.filter((a) => !handIds.has(a.id) && !['pad', 'unused'].includes(a.type) && !/unspec|pad$/.test(a.name)).map((a) => a.name)).to.deep.equal(
        (c as { unused?: string[] }).unused ?? [],
      );
    });

    it(`${c.family} ${c.set}: compatible types (the spec's known errors listed)`, () => {
      const attrs = familyDescription(c.family).attributeSets[c.set].attributes;
      const differ: string[] = [];
      for (const [name, def] of Object.entries(c.hand.fields as spec.FieldDefs)) {
        const a = attrs.find((x) => x.id === def.id);
        if (!a) continue;
        const hand = handClass(def.type);
        const theirs = a.struct ? 'binary' : specClass(a.type);
        if (hand !== theirs) differ.push(name);
        // multi-byte integers: big-endian where the hand says so (rta-sport/dport: the spec forgets byte-order)
        if (typeof def.type === 'string' && def.type.endsWith('be') && a.byteOrder !== 'big-endian') differ.push(`${name} (byte order)`);
      }
      expect(differ.sort()).to.deep.equal(
        Object.keys(c.specErrors).concat(c.family === 'rt-route' ? ['dport (byte order)', 'sport (byte order)'] : []).sort(),
      );
    });
  }
});

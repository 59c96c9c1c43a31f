// What every generated family test checks: each attribute set, struct and message layout builds, and a sample
// value made from the description encodes, decodes to the same value, and encodes again to the same bytes.
import { expect } from 'chai';
import { spec } from '../../../../lib/core';
import { CompiledFamily, camelCase } from '../../../../lib/genl/ynl';
import type { AttributeDescription, FamilyDescription } from '../../../../lib/genl/ynl';

const INT: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

function sampleOf(f: FamilyDescription, a: AttributeDescription, depth: number): unknown {
  if (a.type === 'string') return `${a.name}-x`;
  if (a.type === 'flag') return true;
  if (a.type === 'binary') {
    if (a.struct || a.subType) return undefined;
    if (a.displayHint === 'ipv4') return '192.0.2.1';
    if (a.displayHint === 'ipv6') return '2001:db8::1';
    if (a.displayHint === 'mac') return '02:00:00:00:00:01';
    return Buffer.from([1, 2, 3]);
  }
  if (a.type === 'nest' && depth < 2) return sampleSet(f, a.nestedAttributes!, depth + 1);
  const size = INT[a.type];
  if (size === undefined) return undefined;
  if (a.displayHint === 'ipv4' && size === 4) return '192.0.2.2';
  if (a.enum && size <= 4) {
    const e = f.enums[a.enum];
    const names = Object.keys(e.entries);
    if (e.type === 'flags' || a.enumAsFlags) return names.length ? [names[0]] : [];
    return names.length ? names[names.length - 1] : 1;
  }
  if (a.enum && size === 8 && (f.enums[a.enum].type === 'flags' || a.enumAsFlags)) return Object.keys(f.enums[a.enum].entries).slice(0, 1);
  if (size === 8) return a.type.startsWith('s') ? -5n : 0x1_0000_0001n;
  return a.type.startsWith('s') ? -3 : Math.min(2 ** (size * 8) - 1, 200);
}

function sampleSet(f: FamilyDescription, name: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of f.attributeSets[name].attributes) {
    if (a.type === 'pad' || a.type === 'unused') continue;
    const v = sampleOf(f, a, depth);
    if (v !== undefined) out[camelCase(a.name)] = a.multiAttr ? [v, v] : v;
  }
  return out;
}

/** The checks a generated family test runs. */
export function checkFamily(description: FamilyDescription): void {
  // the description is plain JSON (what lib/genl/ynl/generated holds)
  expect(JSON.parse(JSON.stringify(description))).to.deep.equal(description);
  const compiled = new CompiledFamily(description);
  for (const name of Object.keys(description.structs)) expect(compiled.struct(name).size).to.equal(description.structs[name].size);
  for (const op of description.operations) compiled.layout(op);
  for (const name of Object.keys(description.attributeSets)) {
    const set = compiled.set(name);
    const sample = sampleSet(description, name, 0);
    const bytes = spec.encodeAttributes(set, sample as never);
    const decoded = spec.decodeAttributes(set, bytes) as Record<string, unknown>;
    expect(decoded.decodeErrors, `${description.name} ${name}`).to.equal(undefined);
    expect(Buffer.compare(spec.encodeAttributes(set, decoded as never), bytes), `${description.name} ${name}: bytes again`).to.equal(0);
    expect(JSON.parse(JSON.stringify(decoded, plain)), `${description.name} ${name}: values`).to.deep.equal(JSON.parse(JSON.stringify(sample, plain)));
  }
}

function plain(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') return v;
  return v;
}

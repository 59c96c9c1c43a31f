// Decoded values under the spec's own names, as the kernel's YNL CLI prints them (`--output-json`): dash-case
// keys, nests as objects, binary as hex, pads left out; and the reverse for requests written that way (YNL's
// `--json`). Values keep their types (bigints stay bigints; ynlJson() writes them as JSON numbers).
import type { CompiledFamily } from './compiled';
import { camelCase } from './compiled';
import type { AttributeDescription, OperationDescription } from './description';

type Obj = Record<string, unknown>;

/** The layout names (set and fixed header) an operation's messages use. */
function layoutNames(family: CompiledFamily, op: OperationDescription): { set?: string; header?: string } {
  const via = op.notify ? family.operation(op.notify) : undefined;
  return {
    set: op.attributeSet ?? via?.attributeSet,
    header: op.fixedHeader ?? via?.fixedHeader ?? family.description.fixedHeader,
  };
}

/** A decoded message of `op` under the spec's names. */
export function toSpecNames(family: CompiledFamily, op: OperationDescription, value: Record<string, unknown>): Record<string, unknown> {
  const { set, header } = layoutNames(family, op);
  const out: Obj = {};
  if (header) Object.assign(out, structToSpec(family, header, value));
  if (set) Object.assign(out, setToSpec(family, set, value));
  return out;
}

/** A request written with the spec's names (YNL's --json) as this library's property names. */
export function fromSpecNames(family: CompiledFamily, op: OperationDescription, value: Record<string, unknown>): Record<string, unknown> {
  const { set, header } = layoutNames(family, op);
  const out: Obj = {};
  const members = header ? new Set(family.description.structs[header].members.map((m) => m.name)) : new Set<string>();
  for (const [k, v] of Object.entries(value)) {
    if (members.has(k)) out[camelCase(k)] = v;
  }
  if (set) Object.assign(out, setFromSpec(family, set, Object.fromEntries(Object.entries(value).filter(([k]) => !members.has(k)))));
  return out;
}

function structToSpec(family: CompiledFamily, name: string, value: Obj): Obj {
  const out: Obj = {};
  for (const m of family.description.structs[name].members) {
    const v = value[camelCase(m.name)];
    if (m.type === 'pad' || v === undefined) continue;
    out[m.name] = m.struct && v && typeof v === 'object' ? structToSpec(family, m.struct, v as Obj) : plainValue(v);
  }
  return out;
}

function setToSpec(family: CompiledFamily, setName: string, value: Obj): Obj {
  const out: Obj = {};
  const attrs = family.description.attributeSets[setName]?.attributes ?? [];
  for (const a of attrs) {
    const v = value[camelCase(a.name)];
    if (v === undefined || a.type === 'pad') continue;
    out[a.name] = a.multiAttr && Array.isArray(v) ? v.map((x) => attrToSpec(family, a, x, value)) : attrToSpec(family, a, v, value);
  }
  const unknown = value.unknownAttributes as Array<{ type: number; value: Buffer }> | undefined;
  if (unknown?.length) out['unknown-attributes'] = unknown.map((u) => ({ type: u.type, value: u.value.toString('hex') }));
  return out;
}

function attrToSpec(family: CompiledFamily, a: AttributeDescription, v: unknown, siblings: Obj): unknown {
  if (a.type === 'nest' && isObj(v)) return setToSpec(family, a.nestedAttributes!, v);
  if (a.type === 'indexed-array' && Array.isArray(v)) {
    return v.map((x) => (isObj(x) && a.nestedAttributes && (a.subType ?? 'nest') === 'nest' ? setToSpec(family, a.nestedAttributes, x) : isObj(x) && a.struct ? structToSpec(family, a.struct, x) : plainValue(x)));
  }
  if (a.struct && isObj(v)) return structToSpec(family, a.struct, v);
  if (a.type === 'sub-message' && isObj(v)) {
    const selector = siblings[camelCase(a.selector!)];
    const format = family.description.subMessages[a.subMessage!].find((f) => f.value === selector);
    const out: Obj = {};
    if (format?.fixedHeader) Object.assign(out, structToSpec(family, format.fixedHeader, v));
    if (format?.attributeSet) Object.assign(out, setToSpec(family, format.attributeSet, v));
    return out;
  }
  return plainValue(v);
}

function setFromSpec(family: CompiledFamily, setName: string, value: Obj): Obj {
  const out: Obj = {};
  const attrs = family.description.attributeSets[setName]?.attributes ?? [];
  for (const [k, v] of Object.entries(value)) {
    const a = attrs.find((x) => x.name === k);
    if (!a) {
      out[k] = v; // the encoder names what it does not know
      continue;
    }
    const one = (x: unknown): unknown =>
      a.type === 'nest' && isObj(x) ? setFromSpec(family, a.nestedAttributes!, x) : a.struct && isObj(x) ? structFromSpec(family, a.struct, x) : x;
    out[camelCase(k)] = a.type === 'indexed-array' && Array.isArray(v) ? v.map((x) => (isObj(x) && a.nestedAttributes ? setFromSpec(family, a.nestedAttributes, x) : x)) : a.multiAttr && Array.isArray(v) ? v.map(one) : one(v);
  }
  return out;
}

function structFromSpec(family: CompiledFamily, name: string, value: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) out[camelCase(k)] = v;
  return out;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function plainValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}

/** JSON text in which bigints are written as plain numbers (as YNL prints u64 values), whatever their size. */
export function ynlJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(ynlJson).join(', ')}]`;
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('hex'));
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${ynlJson(v)}`).join(', ')}}`;
}

// The spec's `checks:` (the kernel's policy ranges and lengths) applied to a request before it is sent: the
// kernel would refuse the same value, but often with no more than ERANGE or EINVAL; here the error names the
// attribute, its limits and the value, the way Node's own range errors do.
import { outOfRange } from '../../core/validate';
import type { AttributeDescription, ChecksDescription, FamilyDescription } from './description';
import { camelCase } from './compiled';

/** The limits YNL's specs may name instead of a number. */
const NAMED_LIMITS: Record<string, number | bigint> = {
  'u8-max': 0xff,
  'u16-max': 0xffff,
  'u32-max': 0xffffffff,
  'u64-max': 0xffffffffffffffffn,
  's8-min': -0x80,
  's8-max': 0x7f,
  's16-min': -0x8000,
  's16-max': 0x7fff,
  's32-min': -0x80000000,
  's32-max': 0x7fffffff,
  's64-min': -0x8000000000000000n,
  's64-max': 0x7fffffffffffffffn,
};

const INTEGER = /^(u|s)(8|16|32|64)$|^(uint|sint)$/;

interface Limits {
  min?: number | bigint;
  max?: number | bigint;
  minLen?: number;
  maxLen?: number;
  exactLen?: number;
}

interface CheckedAttribute {
  property: string;
  name: string;
  kind: 'integer' | 'string' | 'binary' | 'nest';
  limits: Limits;
  /** For nests: the nested set, whose attributes are checked in turn. */
  nested?: string;
}

/** Checks requests of one family against its spec's checks (built per attribute set on first use). */
export class RequestChecks {
  private readonly sets = new Map<string, CheckedAttribute[]>();

  constructor(private readonly description: FamilyDescription) {}

  /**
   * Throws a RangeError (ERR_OUT_OF_RANGE) naming `what` and the attribute when a value of `request` breaks a
   * check of set `setName`. Values of the wrong type are left to the encoder, which says what it expected.
   */
  check(setName: string, request: object, what: string): void {
    this.checkSet(setName, request as Record<string, unknown>, what, 0);
  }

  private checkSet(setName: string, value: Record<string, unknown>, path: string, depth: number): void {
    // a spec's nests may refer to themselves (thermal's): the request object is finite, but stay bounded anyway
    if (depth > 32) return;
    for (const a of this.attributesOf(setName)) {
      const v = value[a.property];
      if (v === undefined) continue;
      const values = Array.isArray(v) && a.kind !== 'binary' ? v : [v];
      for (const one of values) this.checkValue(a, one, `${path}.${a.name}`, depth);
    }
  }

  private checkValue(a: CheckedAttribute, v: unknown, path: string, depth: number): void {
    const { limits } = a;
    if (a.kind === 'integer') {
      if (typeof v !== 'number' && typeof v !== 'bigint') return;
      if ((limits.min !== undefined && v < limits.min) || (limits.max !== undefined && v > limits.max)) {
        throw outOfRange(path, rangeText(limits), v);
      }
    } else if (a.kind === 'string' || a.kind === 'binary') {
      const length = a.kind === 'string' ? (typeof v === 'string' ? Buffer.byteLength(v) : undefined) : v instanceof Uint8Array ? v.length : undefined;
      if (length === undefined) return;
      if (
        (limits.exactLen !== undefined && length !== limits.exactLen) ||
        (limits.minLen !== undefined && length < limits.minLen) ||
        (limits.maxLen !== undefined && length > limits.maxLen)
      ) {
        throw outOfRange(path, lengthText(limits, a.kind), `${length} bytes`);
      }
    } else if (a.nested && typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
      this.checkSet(a.nested, v as Record<string, unknown>, path, depth + 1);
    }
  }

  private attributesOf(setName: string): CheckedAttribute[] {
    let list = this.sets.get(setName);
    if (list === undefined) {
      list = [];
      for (const a of this.description.attributeSets[setName]?.attributes ?? []) {
        const checked = this.checked(a);
        if (checked) list.push(checked);
      }
      this.sets.set(setName, list);
    }
    return list;
  }

  private checked(a: AttributeDescription): CheckedAttribute | undefined {
    const base = { property: camelCase(a.name), name: a.name };
    if ((a.type === 'nest' || a.type === 'indexed-array') && a.nestedAttributes) {
      return { ...base, kind: 'nest', limits: {}, nested: a.nestedAttributes };
    }
    if (!a.checks) return undefined;
    const limits = this.limits(a.checks);
    if (INTEGER.test(a.type) && !a.enum) return { ...base, kind: 'integer', limits };
    if (a.type === 'string') return { ...base, kind: 'string', limits };
    if (a.type === 'binary' && !a.struct) return { ...base, kind: 'binary', limits };
    return undefined;
  }

  private limits(checks: ChecksDescription): Limits {
    const out: Limits = {};
    const min = this.resolve(checks.min);
    const max = this.resolve(checks.max);
    if (min !== undefined) out.min = min;
    if (max !== undefined) out.max = max;
    for (const [key, to] of [['min-len', 'minLen'], ['max-len', 'maxLen'], ['exact-len', 'exactLen']] as const) {
      const n = this.resolve(checks[key]);
      if (n !== undefined) out[to] = Number(n);
    }
    return out;
  }

  // A limit the spec names by a constant it does not define is not checked here; the kernel still checks it.
  private resolve(limit: unknown): number | bigint | undefined {
    if (typeof limit === 'number') return limit;
    if (typeof limit !== 'string') return undefined;
    if (limit in NAMED_LIMITS) return NAMED_LIMITS[limit];
    const c = this.description.consts[limit];
    return typeof c === 'number' ? c : undefined;
  }
}

function rangeText(l: Limits): string {
  if (l.min !== undefined && l.max !== undefined) return `>= ${l.min} and <= ${l.max}`;
  return l.min !== undefined ? `>= ${l.min}` : `<= ${l.max}`;
}

function lengthText(l: Limits, kind: 'string' | 'binary'): string {
  const unit = kind === 'string' ? 'bytes long (without its NUL)' : 'bytes long';
  if (l.exactLen !== undefined) return `exactly ${l.exactLen} ${unit}`;
  if (l.minLen !== undefined && l.maxLen !== undefined) return `${l.minLen} to ${l.maxLen} ${unit}`;
  return l.minLen !== undefined ? `at least ${l.minLen} ${unit}` : `at most ${l.maxLen} ${unit}`;
}

// Compilation: a value type resolved once into a Kind for fast dispatch (the interpreter switches on it, the
// generator emits reads for it, the encoder writes by it).
import { Codec, IntegerType, ScalarType, ValueType } from './types';

export const enum Kind {
  U8,
  U16,
  U32,
  U64,
  S8,
  S16,
  S32,
  S64,
  U16BE,
  U32BE,
  String,
  Binary,
  Flag,
  Codec,
  Nested,
  Indexed,
  Select,
  Struct,
  Message,
}

export const SCALAR_KIND: Record<ScalarType, Kind> = {
  u8: Kind.U8,
  u16: Kind.U16,
  u32: Kind.U32,
  u64: Kind.U64,
  s8: Kind.S8,
  s16: Kind.S16,
  s32: Kind.S32,
  s64: Kind.S64,
  u16be: Kind.U16BE,
  u32be: Kind.U32BE,
  string: Kind.String,
  binary: Kind.Binary,
  flag: Kind.Flag,
};

export const SCALAR_SIZE: Partial<Record<ScalarType, number>> = {
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  s8: 1,
  s16: 2,
  s32: 4,
  s64: 8,
  u16be: 2,
  u32be: 4,
};

/** A value type resolved for fast dispatch. */
export interface Compiled {
  kind: Kind;
  /** Expected value length for fixed-size scalars, -1 otherwise. */
  size: number;
  type: ValueType;
}

export function compile(type: ValueType): Compiled {
  if (typeof type === 'string') {
    const kind = SCALAR_KIND[type];
    if (kind === undefined) throw new TypeError(`unknown attribute value type '${type}'`);
    return { kind, size: SCALAR_SIZE[type] ?? -1, type };
  }
  switch (type.kind) {
    case 'codec':
      return { kind: Kind.Codec, size: -1, type };
    case 'nested':
      return { kind: Kind.Nested, size: -1, type };
    case 'indexed':
      return { kind: Kind.Indexed, size: -1, type };
    case 'select':
      return { kind: Kind.Select, size: -1, type };
    case 'struct':
      return { kind: Kind.Struct, size: -1, type };
    case 'message':
      return { kind: Kind.Message, size: -1, type };
  }
  throw new TypeError('unknown attribute value type');
}

export interface CompiledField extends Compiled {
  id: number;
  name: string;
  multi: boolean;
  /** Position in declaration order. */
  position: number;
  /** Non-zero when a message header member of the same name comes first (rtm_table then RTA_TABLE): the
   * attribute replaces the header's value once instead of counting as a repeat. */
  shadowBit: number;
  /** The type of the header member this field widens (see shadowBit). */
  shadowType?: IntegerType | Codec<any>;
}

/** A set of attributes (one nlattr namespace), described by name → { id, type }. */

export function typeName(c: Compiled): string {
  return typeof c.type === 'string' ? c.type : c.type.kind === 'codec' ? c.type.name : c.type.kind;
}

const compiledCache = new WeakMap<object, Compiled>();
const compiledScalars = new Map<string, Compiled>();
export function compiledOf(type: ValueType): Compiled {
  if (typeof type === 'string') {
    let c = compiledScalars.get(type);
    if (c === undefined) compiledScalars.set(type, (c = compile(type)));
    return c;
  }
  let c = compiledCache.get(type);
  if (c === undefined) compiledCache.set(type, (c = compile(type)));
  return c;
}

export function scalarTypeOf(k: Kind): ScalarType {
  return (Object.keys(SCALAR_KIND) as ScalarType[]).find((t) => SCALAR_KIND[t] === k)!;
}


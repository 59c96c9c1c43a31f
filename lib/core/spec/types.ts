// The value types a description is written in, the TypeScript types of decoded values read from descriptions,
// and the builders of compound value types.
import type { AttributeWriter } from '../attributes';
import type { DecodeError } from '../errors';
import type { AttributeSet, MessageSpec, StructSpec } from './descriptions';

export type IntegerType = 'u8' | 'u16' | 'u32' | 's8' | 's16' | 's32' | 'u16be' | 'u32be';
export type BigIntegerType = 'u64' | 's64';
export type ScalarType = IntegerType | BigIntegerType | 'string' | 'binary' | 'flag';

/** Returned by a codec's decode when the bytes are not a valid value. */
export const INVALID: unique symbol = Symbol('invalid');

/** A custom value representation (IP addresses, MAC addresses, enums, flag sets, ...). */
export interface Codec<T> {
  readonly kind: 'codec';
  readonly name: string;
  /** The fixed size in bytes, for codecs that can be struct members. */
  readonly size?: number;
  /** Decodes the value in [start, end) of buf, or returns INVALID. Must not throw. */
  decode(buf: Buffer, start: number, end: number): T | typeof INVALID;
  /** Encodes a value; throws EncodeError when it cannot be represented. */
  encode(value: T): Uint8Array;
  /** For enumerations and flag sets: the integer type, and the decoding of a number (lets decoders inline it). */
  readonly integer?: IntegerType;
  fromNumber?(value: number): T;
  /** For enumerations: fromNumber(n) for every n below table.length, so decoders can inline the lookup. */
  readonly table?: ReadonlyArray<T>;
  /** The inverse of fromNumber; throws EncodeError for values without a number. */
  toNumber?(value: T): number;
  /** Writes the value as attribute `rawType` straight into a writer (saves a temporary Buffer on hot paths). */
  encodeInto?(w: AttributeWriter, rawType: number, value: T): void;
}

export interface NestedType<S extends AttributeSet<FieldDefs>> {
  readonly kind: 'nested';
  readonly set: () => S;
}

/** A nest whose members are numbered 1..n (or from `base`), each holding one item: decoded as an array. */
export interface IndexedType<T extends ValueType> {
  readonly kind: 'indexed';
  readonly item: T;
  readonly base: number;
}

/** A value whose layout depends on a sibling already decoded (IFLA_INFO_DATA by IFLA_INFO_KIND). */
export interface SelectType<C extends Record<string, ValueType>> {
  readonly kind: 'select';
  readonly by: string;
  readonly choices: C;
}

export interface StructType<S extends StructSpec<StructMembers>> {
  readonly kind: 'struct';
  readonly struct: S;
}

/** A fixed struct followed by attributes, as in a whole message (a veth peer carries a full ifinfomsg). */
export interface MessageType<M extends MessageSpec<StructMembers, FieldDefs>> {
  readonly kind: 'message';
  readonly message: () => M;
}

export type ValueType =
  | ScalarType
  | Codec<any>
  | NestedType<any>
  | IndexedType<any>
  | SelectType<any>
  | StructType<any>
  | MessageType<any>;

export interface FieldDef {
  readonly id: number;
  readonly type: ValueType;
  /** The attribute may repeat; decoded as an array in wire order. */
  readonly multi?: boolean;
}

export type FieldDefs = Record<string, FieldDef>;

// ---------------------------------------------------------------------------------------------------------------
// Types of decoded values, read from the descriptions

// (`any` is cut short: descriptions typed `any` would otherwise make these types recurse without end.)
export type ValueOf<T> = 0 extends 1 & T
  ? any
  : T extends IntegerType
  ? number
  : T extends BigIntegerType
    ? bigint
    : T extends 'string'
      ? string
      : T extends 'binary'
        ? Buffer
        : T extends 'flag'
          ? boolean
          : T extends Codec<infer V>
            ? V
            : T extends NestedType<infer S>
              ? SetValue<S>
              : T extends IndexedType<infer I>
                ? Array<ValueOf<I>>
                : T extends SelectType<infer C>
                  ? ValueOf<C[keyof C]> | Buffer
                  : T extends StructType<infer S>
                    ? StructValue<S>
                    : T extends MessageType<infer M>
                      ? MessageValue<M>
                      : never;

export interface RawAttribute {
  /** nla_type without its flag bits (the flags are remembered in the wire order). */
  type: number;
  value: Buffer;
}

export type FieldsValue<F extends FieldDefs> = {
  -readonly [K in keyof F]?: F[K]['multi'] extends true ? Array<ValueOf<F[K]['type']>> : ValueOf<F[K]['type']>;
} & { unknownAttributes?: RawAttribute[] };

export type SetValue<S> = S extends { readonly fields: infer F extends FieldDefs } ? FieldsValue<F> : never;

export type StructMembers = Record<string, readonly [offset: number, type: IntegerType | BigIntegerType | Codec<any>]>;

export type StructValue<S> =
  S extends StructSpec<infer M>
    ? { -readonly [K in keyof M]: M[K][1] extends Codec<infer V> ? V : M[K][1] extends BigIntegerType ? bigint : number }
    : never;

export type MessageValue<M> =
  M extends MessageSpec<infer H, infer F> ? StructValue<StructSpec<H>> & FieldsValue<F> & { decodeErrors?: DecodeError[] } : never;

// ---------------------------------------------------------------------------------------------------------------
// Builders

export function nested<S extends AttributeSet<any>>(set: S | (() => S)): NestedType<S> {
  return { kind: 'nested', set: typeof set === 'function' ? set : () => set };
}

export function indexed<T extends ValueType>(item: T, base = 1): IndexedType<T> {
  return { kind: 'indexed', item, base };
}

export function select<const C extends Record<string, ValueType>>(by: string, choices: C): SelectType<C> {
  return { kind: 'select', by, choices };
}

export function struct<S extends StructSpec<StructMembers>>(spec: S): StructType<S> {
  return { kind: 'struct', struct: spec };
}

export function message<M extends MessageSpec<StructMembers, FieldDefs>>(spec: M | (() => M)): MessageType<M> {
  return { kind: 'message', message: typeof spec === 'function' ? spec : () => spec };
}


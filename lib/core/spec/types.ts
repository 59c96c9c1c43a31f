// The value types a description is written in, the TypeScript types of decoded values read from descriptions,
// and the builders of compound value types.
import type { AttributeWriter } from '../attributes';
import type { DecodeError } from '../errors';
import type { AttributeSet, MessageSpec, StructSpec } from './descriptions';

/** The integer types a number holds: unsigned and signed 8 to 32 bits, host byte order, and big-endian u16/u32. */
export type IntegerType = 'u8' | 'u16' | 'u32' | 's8' | 's16' | 's32' | 'u16be' | 'u32be';
/** The 64-bit integer types, decoded as bigint. */
export type BigIntegerType = 'u64' | 's64';
/** The value types that need no description: integers, a NUL-terminated string, bytes, and a flag (presence). */
export type ScalarType = IntegerType | BigIntegerType | 'string' | 'binary' | 'flag';

/** Returned by a codec's decode when the bytes are not a valid value. */
export const INVALID: unique symbol = Symbol('invalid');

/** A custom value representation (IP addresses, MAC addresses, enums, flag sets, ...). */
export interface Codec<T> {
  /** Always 'codec': tells a codec from the other value types. */
  readonly kind: 'codec';
  /** A name for messages ('ipv4', 'mac', an enum's name). */
  readonly name: string;
  /** The fixed size in bytes, for codecs that can be struct members. */
  readonly size?: number;
  /** Decodes the value in [start, end) of buf, or returns INVALID. Must not throw. */
  decode(buf: Buffer, start: number, end: number): T | typeof INVALID;
  /** Encodes a value; throws EncodeError when it cannot be represented. */
  encode(value: T): Uint8Array;
  /** For enumerations and flag sets: the integer type, and the decoding of a number (lets decoders inline it). */
  readonly integer?: IntegerType;
  /** For enumerations and flag sets: the value of a number (the inverse of toNumber). */
  fromNumber?(value: number): T;
  /** For enumerations: fromNumber(n) for every n below table.length, so decoders can inline the lookup. */
  readonly table?: ReadonlyArray<T>;
  /** The inverse of fromNumber; throws EncodeError for values without a number. */
  toNumber?(value: T): number;
  /** Writes the value as attribute `rawType` straight into a writer (saves a temporary Buffer on hot paths). */
  encodeInto?(w: AttributeWriter, rawType: number, value: T): void;
}

/** A nest: an attribute whose value is attributes of another set, decoded as an object. */
export interface NestedType<S extends AttributeSet<FieldDefs>> {
  /** Always 'nested'. */
  readonly kind: 'nested';
  /** The attribute set of the nest's members (a function, so sets can refer to each other). */
  readonly set: () => S;
}

/** A nest whose members are numbered 1..n (or from `base`), each holding one item: decoded as an array. */
export interface IndexedType<T extends ValueType> {
  /** Always 'indexed'. */
  readonly kind: 'indexed';
  /** The value type of each member. */
  readonly item: T;
  /** The number of the first member (usually 1). */
  readonly base: number;
}

/** A value whose layout depends on a sibling already decoded (IFLA_INFO_DATA by IFLA_INFO_KIND). */
export interface SelectType<C extends Record<string, ValueType>> {
  /** Always 'select'. */
  readonly kind: 'select';
  /** The sibling field whose value chooses the layout (IFLA_INFO_KIND's 'kind'). */
  readonly by: string;
  /** The layout for each value of that sibling; others keep their bytes. */
  readonly choices: C;
}

/** An attribute holding a fixed C struct, decoded as an object of its members. */
export interface StructType<S extends StructSpec<StructMembers>> {
  /** Always 'struct'. */
  readonly kind: 'struct';
  /** The struct's description. */
  readonly struct: S;
}

/** A fixed struct followed by attributes, as in a whole message (a veth peer carries a full ifinfomsg). */
export interface MessageType<M extends MessageSpec<StructMembers, FieldDefs>> {
  /** Always 'message'. */
  readonly kind: 'message';
  /** The message's description (a function, so a message may hold itself, as a veth's peer does). */
  readonly message: () => M;
}

/** How an attribute's value is read and written: a scalar type, a codec, or a compound type made by the builders. */
export type ValueType =
  | ScalarType
  | Codec<any>
  | NestedType<any>
  | IndexedType<any>
  | SelectType<any>
  | StructType<any>
  | MessageType<any>;

/** One field of an attribute set: its attribute id and value type. */
export interface FieldDef {
  /** The attribute id (nla_type). */
  readonly id: number;
  /** How the attribute's value is read and written. */
  readonly type: ValueType;
  /** The attribute may repeat; decoded as an array in wire order. */
  readonly multi?: boolean;
}

/** The fields of an attribute set, by name. */
export type FieldDefs = Record<string, FieldDef>;

// ---------------------------------------------------------------------------------------------------------------
// Types of decoded values, read from the descriptions

// (`any` is cut short: descriptions typed `any` would otherwise make these types recurse without end.)
/** The TypeScript type of a decoded value of type `T`. */
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

/** An attribute the description does not know, kept with its bytes so it re-encodes unchanged. */
export interface RawAttribute {
  /** nla_type without its flag bits (the flags are remembered in the wire order). */
  type: number;
  /** Its payload bytes. */
  value: Buffer;
}

/** The decoded value of fields `F`: each optional, plus the attributes that were not known. */
export type FieldsValue<F extends FieldDefs> = {
  -readonly [K in keyof F]?: F[K]['multi'] extends true ? Array<ValueOf<F[K]['type']>> : ValueOf<F[K]['type']>;
} & {
  /** The attributes this description does not know, or could not decode, as sent (type and bytes; they encode back unchanged). */
  unknownAttributes?: RawAttribute[];
};

/** The decoded value of attribute set `S`. */
export type SetValue<S> = S extends {
  /** The set's fields. */
  readonly fields: infer F extends FieldDefs;
}
  ? FieldsValue<F>
  : never;

/** The members of a struct, by name: [byte offset, type]. */
export type StructMembers = Record<string, readonly [offset: number, type: IntegerType | BigIntegerType | Codec<any>]>;

/** The decoded value of struct description `S`. */
export type StructValue<S> =
  S extends StructSpec<infer M>
    ? { -readonly [K in keyof M]: M[K][1] extends Codec<infer V> ? V : M[K][1] extends BigIntegerType ? bigint : number }
    : never;

/** The decoded value of message description `M`: its header's members and its attributes in one object. */
export type MessageValue<M> =
  M extends MessageSpec<infer H, infer F> ? StructValue<StructSpec<H>> & FieldsValue<F> & DecodeProblems : never;

// (A type literal, not an interface: decoded values stay assignable to records.)
/** What a decoder could not decode, listed on the object it returns (decoders never throw on wire data). */
export type DecodeProblems = {
  /** The problems met, each with its byte offset; absent when there were none. */
  decodeErrors?: DecodeError[];
};

// ---------------------------------------------------------------------------------------------------------------
// Builders

/** A nest of the attributes of `set` (or of the set a function returns, for sets that refer to each other). */
export function nested<S extends AttributeSet<any>>(set: S | (() => S)): NestedType<S> {
  return { kind: 'nested', set: typeof set === 'function' ? set : () => set };
}

/** A nest of numbered members (1..n, or from `base`), each an `item`: decoded as an array. */
export function indexed<T extends ValueType>(item: T, base = 1): IndexedType<T> {
  return { kind: 'indexed', item, base };
}

/** A value whose layout is chosen by the sibling field `by` (IFLA_INFO_DATA by IFLA_INFO_KIND). */
export function select<const C extends Record<string, ValueType>>(by: string, choices: C): SelectType<C> {
  return { kind: 'select', by, choices };
}

/** An attribute holding the struct `spec` describes. */
export function struct<S extends StructSpec<StructMembers>>(spec: S): StructType<S> {
  return { kind: 'struct', struct: spec };
}

/** A value that is a whole message payload: a header struct then attributes (a veth's peer is a link message). */
export function message<M extends MessageSpec<StructMembers, FieldDefs>>(spec: M | (() => M)): MessageType<M> {
  return { kind: 'message', message: typeof spec === 'function' ? spec : () => spec };
}


// Declarative attribute sets and fixed structs: one description per message kind drives decoding, encoding and
// the TypeScript type of the decoded object. No family knowledge lives here.
//
// Decoding never throws on wire data. Malformed values become DecodeErrors (with their byte offset) collected on
// the top-level object's `decodeErrors`, and their bytes are kept in `unknownAttributes` next to attributes the
// spec does not know. Every decoded set remembers the order and flag bits of its attributes on the wire (under
// the WIRE_ORDER symbol), so encoding a decoded object reproduces the original bytes exactly.
//
// The decoder is on the hot path of million-route dumps: it walks attributes with direct buffer reads, finds each
// attribute's description in an array indexed by attribute id, and shares one frozen wire-order array between
// all objects that arrived with the same attribute order.
import { AttributeFlags, NLA_TYPE_MASK } from './constants';
import { AttributeWriter } from './attributes';
import { DecodeError, EncodeError } from './errors';

// ---------------------------------------------------------------------------------------------------------------
// Value types

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

export interface NestedType<S extends AttributeSet<any>> {
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

export interface StructType<S extends StructSpec<any>> {
  readonly kind: 'struct';
  readonly struct: S;
}

/** A fixed struct followed by attributes, as in a whole message (a veth peer carries a full ifinfomsg). */
export interface MessageType<M extends MessageSpec<any, any>> {
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

export function struct<S extends StructSpec<any>>(spec: S): StructType<S> {
  return { kind: 'struct', struct: spec };
}

export function message<M extends MessageSpec<any, any>>(spec: M | (() => M)): MessageType<M> {
  return { kind: 'message', message: typeof spec === 'function' ? spec : () => spec };
}

// ---------------------------------------------------------------------------------------------------------------
// Symbols under which decoded objects remember what plain fields cannot express

/** The raw nla_type (flag bits included) of each attribute, in wire order. Shared and frozen; never mutate. */
export const WIRE_ORDER: unique symbol = Symbol('netlink.wireOrder');
/** Attributes whose bytes the value alone does not reproduce (e.g. a string without its NUL). */
const WIRE_OVERRIDES: unique symbol = Symbol('netlink.wireOverrides');
/** Bytes after the last whole attribute that did not parse. */
const WIRE_TRAILER: unique symbol = Symbol('netlink.wireTrailer');
/** Bytes of a struct beyond the size this code knows (a newer kernel grew it). */
export const STRUCT_EXTRA: unique symbol = Symbol('netlink.structExtra');
/** The length a struct had on the wire when shorter than its full size (an older kernel). */
const STRUCT_LENGTH: unique symbol = Symbol('netlink.structLength');
/** Member ids (with flag bits) of a decoded indexed array. */
const INDEX_IDS: unique symbol = Symbol('netlink.indexIds');

interface Override {
  index: number;
  value: unknown;
  raw: Buffer;
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled descriptions

const enum Kind {
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

const SCALAR_KIND: Record<ScalarType, Kind> = {
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

const SCALAR_SIZE: Partial<Record<ScalarType, number>> = {
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
interface Compiled {
  kind: Kind;
  /** Expected value length for fixed-size scalars, -1 otherwise. */
  size: number;
  type: ValueType;
}

function compile(type: ValueType): Compiled {
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

interface CompiledField extends Compiled {
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
export class AttributeSet<F extends FieldDefs> {
  readonly name: string;
  readonly fields: F;
  /** Field descriptions indexed by attribute id (holes for unknown ids). */
  private readonly byId: Array<CompiledField | undefined>;
  /** Declaration order, used when encoding an object that was not decoded. */
  private readonly list: CompiledField[];
  private readonly byName: Map<string, CompiledField>;

  constructor(name: string, fields: F) {
    this.name = name;
    this.fields = fields;
    this.list = [];
    this.byName = new Map();
    let max = 0;
    for (const key of Object.keys(fields)) max = Math.max(max, fields[key].id);
    this.byId = new Array<CompiledField | undefined>(max + 1).fill(undefined);
    for (const key of Object.keys(fields)) {
      const def = fields[key];
      if (!Number.isInteger(def.id) || def.id < 0 || def.id > NLA_TYPE_MASK) throw new TypeError(`${name}.${key}: bad id ${def.id}`);
      if (this.byId[def.id]) throw new TypeError(`${name}: id ${def.id} used by ${this.byId[def.id]!.name} and ${key}`);
      const field: CompiledField = { ...compile(def.type), id: def.id, name: key, multi: def.multi === true, position: this.list.length, shadowBit: 0 };
      this.byId[def.id] = field;
      this.list.push(field);
      this.byName.set(key, field);
    }
  }

  /** @internal */
  fieldById(id: number): CompiledField | undefined {
    return id < this.byId.length ? this.byId[id] : undefined;
  }
  /** @internal */
  fieldByName(name: string): CompiledField | undefined {
    return this.byName.get(name);
  }
  /** @internal */
  fieldList(): readonly CompiledField[] {
    return this.list;
  }
  /** @internal Marks a field as the wider form of a header member of the same name. */
  shadowHeader(name: string, headerType: IntegerType | Codec<any>): void {
    const field = this.byName.get(name);
    if (field === undefined || field.shadowBit !== 0) return;
    field.shadowType = headerType;
    const used = this.list.filter((f) => f.shadowBit !== 0).length;
    if (used >= 30) throw new TypeError(`${this.name}: too many header-shadowing fields`);
    field.shadowBit = 1 << used;
  }
  /** The attribute id of a field, for code that builds requests by hand (filters). */
  idOf(name: keyof F & string): number {
    return this.byName.get(name)!.id;
  }
}

export function attributeSet<const F extends FieldDefs>(name: string, fields: F): AttributeSet<F> {
  return new AttributeSet(name, fields);
}

/** A fixed C struct: members at fixed offsets. Longer input is accepted (extra bytes kept); shorter input
 * decodes the members that fit when it is at least `minSize` long. */
export class StructSpec<M extends StructMembers> {
  readonly name: string;
  readonly size: number;
  readonly minSize: number;
  readonly members: M;
  /** @internal */ readonly names: string[];
  /** @internal */ readonly offsets: number[];
  /** @internal */ readonly kinds: Kind[];
  /** @internal */ readonly sizes: number[];
  /** @internal */ readonly codecs: Array<Codec<any> | undefined>;

  constructor(name: string, size: number, members: M, minSize = size) {
    this.name = name;
    this.size = size;
    this.minSize = minSize;
    this.members = members;
    this.names = [];
    this.offsets = [];
    this.kinds = [];
    this.sizes = [];
    this.codecs = [];
    for (const key of Object.keys(members)) {
      const [offset, type] = members[key];
      const c = compile(type);
      const memberSize = c.kind === Kind.Codec ? (type as Codec<any>).size : c.size;
      if (memberSize === undefined || memberSize < 0) throw new TypeError(`${name}.${key}: struct members need a fixed size`);
      if (offset + memberSize > size) throw new TypeError(`${name}.${key}: does not fit in ${size} bytes`);
      this.names.push(key);
      this.offsets.push(offset);
      this.kinds.push(c.kind);
      this.sizes.push(memberSize);
      this.codecs.push(c.kind === Kind.Codec ? (type as Codec<any>) : undefined);
    }
  }
}

export function structSpec<const M extends StructMembers>(name: string, size: number, members: M, minSize = size): StructSpec<M> {
  return new StructSpec(name, size, members, minSize);
}

/** A whole message payload: a fixed header struct followed by an attribute set. */
export class MessageSpec<H extends StructMembers, F extends FieldDefs> {
  constructor(
    readonly name: string,
    readonly header: StructSpec<H>,
    readonly attributes: AttributeSet<F>,
  ) {
    for (const member of header.names) attributes.shadowHeader(member, header.members[member][1] as IntegerType | Codec<any>);
  }
}

export function messageSpec<H extends StructMembers, F extends FieldDefs>(
  name: string,
  header: StructSpec<H>,
  attributes: AttributeSet<F>,
): MessageSpec<H, F> {
  return new MessageSpec(name, header, attributes);
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding
//
// Each attribute set, struct and message gets a decoder generated from its description the first time it is
// used: a switch over attribute ids with the value reads inlined and the property names written as literals, so
// V8 sees plain monomorphic property stores. Everything unusual (errors, unknown attributes, nested values) goes
// through the ordinary functions below.

/** Errors of the decode in progress; decoding is synchronous and codecs may recurse, so one sink suffices. */
let errors: DecodeError[] | null = null;
/** Offset of the start of the top-level buffer region, so error offsets count from the message payload. */
let errorBase = 0;

function report(message: string, offset: number): void {
  const e = new DecodeError(message, offset - errorBase);
  if (errors === null) errors = [e];
  else errors.push(e);
}

// Wire orders are interned, so a million routes with the same attribute order share one frozen array. The order
// is identified by a hash computed while decoding and confirmed by re-reading the attribute types.
const EMPTY_ORDER: readonly number[] = Object.freeze([]);
const INTERN_SLOTS = 1024;
const internCache: Array<readonly number[] | undefined> = new Array(INTERN_SLOTS).fill(undefined);
const internHashes = new Int32Array(INTERN_SLOTS);
/** A second, independent hash per cached order: when both hashes and the count match, the order is taken without
 * re-reading the attribute types. */
const internHashes2 = new Int32Array(INTERN_SLOTS);
const internTable = new Map<number, Array<readonly number[]>>();
let internCount = 0;
const INTERN_LIMIT = 4096;

function sameOrder(order: readonly number[], buf: Buffer, start: number, n: number): boolean {
  if (order.length !== n) return false;
  let off = start;
  for (let i = 0; i < n; i++) {
    if (order[i] !== (buf[off + 2] | (buf[off + 3] << 8))) return false;
    off += ((buf[off] | (buf[off + 1] << 8)) + 3) & ~3;
  }
  return true;
}

function internOrder(buf: Buffer, start: number, hash: number, hash2: number, n: number): readonly number[] {
  if (n === 0) return EMPTY_ORDER;
  const key = (Math.imul(hash, 31) + n) | 0;
  const slot = key & (INTERN_SLOTS - 1);
  const cached = internCache[slot];
  if (cached !== undefined && internHashes[slot] === key && sameOrder(cached, buf, start, n)) {
    internHashes2[slot] = hash2;
    return cached;
  }
  const bucket = internTable.get(key);
  if (bucket !== undefined) {
    for (let b = 0; b < bucket.length; b++) {
      if (sameOrder(bucket[b], buf, start, n)) {
        internCache[slot] = bucket[b];
        internHashes[slot] = key;
        internHashes2[slot] = hash2;
        return bucket[b];
      }
    }
  }
  const types = new Array<number>(n);
  let off = start;
  for (let i = 0; i < n; i++) {
    types[i] = buf[off + 2] | (buf[off + 3] << 8);
    off += ((buf[off] | (buf[off + 1] << 8)) + 3) & ~3;
  }
  const order = Object.freeze(types);
  // Garbage input could make unboundedly many distinct orders: stop remembering them past a bound.
  if (internCount < INTERN_LIMIT) {
    internCount++;
    if (bucket === undefined) internTable.set(key, [order]);
    else bucket.push(order);
    internCache[slot] = order;
    internHashes[slot] = key;
    internHashes2[slot] = hash2;
  }
  return order;
}

/** Where in the wire order each kept attribute stood, so re-encoding puts it back in its place. */
const unknownPositions = new WeakMap<RawAttribute, number>();

function addUnknown(out: any, type: number, value: Buffer, orderIndex: number): void {
  const raw = { type, value };
  unknownPositions.set(raw, orderIndex);
  const list: RawAttribute[] | undefined = out.unknownAttributes;
  if (list === undefined) out.unknownAttributes = [raw];
  else list.push(raw);
}

function addOverride(out: any, index: number, value: unknown, raw: Buffer): void {
  const list: Override[] | undefined = out[WIRE_OVERRIDES];
  if (list === undefined) out[WIRE_OVERRIDES] = [{ index, value, raw }];
  else list.push({ index, value, raw });
}

function typeName(c: Compiled): string {
  return typeof c.type === 'string' ? c.type : c.type.kind === 'codec' ? c.type.name : c.type.kind;
}

/** Decodes a string attribute; remembers the exact bytes when the string alone would not reproduce them. */
function decodeStringAttribute(out: any, buf: Buffer, start: number, end: number, orderIndex: number): string {
  let nul = start;
  while (nul < end && buf[nul] !== 0) nul++;
  const s = buf.toString('utf8', start, nul);
  // Invalid UTF-8 decodes to U+FFFD, which would not encode back to the same bytes.
  const lossy = s.indexOf('\ufffd') !== -1 && !Buffer.from(s, 'utf8').equals(buf.subarray(start, nul));
  if (nul !== end - 1 || lossy) addOverride(out, orderIndex, s, buf.subarray(start, end));
  return s;
}

/** Decodes one value of a compiled type, or returns INVALID after reporting why. `out` is the enclosing object
 * (a select type reads its discriminating sibling from it). */
function decodeValue(c: Compiled, buf: Buffer, start: number, end: number, out: any, what: string): any {
  const len = end - start;
  switch (c.kind) {
    case Kind.U8:
      if (len === 1) return buf[start];
      break;
    case Kind.U16:
      if (len === 2) return buf[start] | (buf[start + 1] << 8);
      break;
    case Kind.U32:
      if (len === 4) return buf.readUInt32LE(start);
      break;
    case Kind.U64:
      if (len === 8) return buf.readBigUInt64LE(start);
      break;
    case Kind.S8:
      if (len === 1) return buf.readInt8(start);
      break;
    case Kind.S16:
      if (len === 2) return buf.readInt16LE(start);
      break;
    case Kind.S32:
      if (len === 4) return buf.readInt32LE(start);
      break;
    case Kind.S64:
      if (len === 8) return buf.readBigInt64LE(start);
      break;
    case Kind.U16BE:
      if (len === 2) return (buf[start] << 8) | buf[start + 1];
      break;
    case Kind.U32BE:
      if (len === 4) return buf.readUInt32BE(start);
      break;
    case Kind.String: {
      let nul = start;
      while (nul < end && buf[nul] !== 0) nul++;
      return buf.toString('utf8', start, nul);
    }
    case Kind.Binary:
      return buf.subarray(start, end);
    case Kind.Flag:
      if (len === 0) return true;
      break;
    case Kind.Codec: {
      const v = (c.type as Codec<any>).decode(buf, start, end);
      if (v !== INVALID) return v;
      break;
    }
    case Kind.Nested: {
      const obj = {};
      setDecoder((c.type as NestedType<any>).set())(buf, start, end, obj);
      return obj;
    }
    case Kind.Indexed:
      return decodeIndexed(c.type as IndexedType<any>, buf, start, end, what);
    case Kind.Select: {
      const sel = c.type as SelectType<any>;
      const key = out[sel.by];
      const choice: ValueType | undefined = typeof key === 'string' ? sel.choices[key] : undefined;
      // An unknown kind (or a discriminator that has not arrived) keeps the bytes as they are.
      if (choice === undefined) return buf.subarray(start, end);
      return decodeValue(compiledOf(choice), buf, start, end, out, what);
    }
    case Kind.Struct: {
      const s = (c.type as StructType<any>).struct as StructSpec<any>;
      if (len < s.minSize) break;
      const decode = structDecoder(s);
      return decode(buf, start, end, new decode.Decoded());
    }
    case Kind.Message: {
      const m = (c.type as MessageType<any>).message() as MessageSpec<any, any>;
      if (len < m.header.minSize) break;
      return messageDecoder(m)(buf, start, end);
    }
  }
  return invalid(what, c, start, len);
}

/** Reports a value that does not parse; the offset is that of its attribute's header. */
function invalid(what: string, c: Compiled, start: number, len: number): typeof INVALID {
  report(`${what}: ${len} bytes are not a valid ${typeName(c)}`, start - 4);
  return INVALID;
}

const compiledCache = new WeakMap<object, Compiled>();
const compiledScalars = new Map<string, Compiled>();
function compiledOf(type: ValueType): Compiled {
  if (typeof type === 'string') {
    let c = compiledScalars.get(type);
    if (c === undefined) compiledScalars.set(type, (c = compile(type)));
    return c;
  }
  let c = compiledCache.get(type);
  if (c === undefined) compiledCache.set(type, (c = compile(type)));
  return c;
}

function decodeIndexed(t: IndexedType<any>, buf: Buffer, start: number, end: number, what: string): any[] {
  const item = compiledOf(t.item);
  const result: any[] = [];
  // The member ids (flag bits included) as received: they need not be base, base+1, ..., and they mark the array
  // as decoded, so re-encoding follows the wire rather than the defaults.
  const ids: number[] = [];
  const holder = {};
  let off = start;
  while (off + 4 <= end) {
    const len = buf[off] | (buf[off + 1] << 8);
    const rawType = buf[off + 2] | (buf[off + 3] << 8);
    if (len < 4 || off + len > end) break;
    const v = decodeValue(item, buf, off + 4, off + len, holder, `${what}[${result.length}]`);
    result.push(v === INVALID ? buf.subarray(off + 4, off + len) : v);
    ids.push(rawType);
    off += (len + 3) & ~3;
  }
  if (off < end) report(`${what}: ${end - off} bytes after the last member do not form an attribute`, off);
  (result as any)[INDEX_IDS] = ids;
  return result;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
let wordsBuf: Uint8Array | null = null;
let wordsView: Int32Array | null = null;

/**
 * `buf`'s memory as 32-bit words (word i is bytes 4i..4i+3 of buf), or null when it cannot be read that way: memory
 * not 4-byte aligned, a big-endian host (the decoders read little-endian), a buffer whose memory may grow. A u32
 * is then one load instead of four byte loads and the arithmetic joining them, which is most of a decoder's cost
 * until V8 has optimized it (the first thousands of lookups). The last buffer's view is kept: decoding walks one
 * buffer's messages one after the other (a dump's batch, a connection's answers), so the view is made once.
 */
function wordsOf(buf: Uint8Array): Int32Array | null {
  if (buf === wordsBuf) return wordsView;
  const memory = buf.buffer as ArrayBuffer & { resizable?: boolean; growable?: boolean };
  wordsBuf = buf;
  wordsView =
    LITTLE_ENDIAN && (buf.byteOffset & 3) === 0 && memory.resizable !== true && memory.growable !== true
      ? new Int32Array(memory, buf.byteOffset, buf.length >> 2)
      : null;
  return wordsView;
}

/** The helpers generated decoders call; passed in rather than captured so the generated code stays small. */
const runtime = {
  INVALID,
  wordsOf,
  internCache,
  internHashes,
  internHashes2,
  WIRE_ORDER,
  WIRE_TRAILER,
  STRUCT_EXTRA,
  STRUCT_LENGTH,
  internOrder,
  addUnknown,
  decodeValue,
  decodeStringAttribute,
  invalid,
  report,
  /** A malformed (reported here unless `malformed` is null: already reported) or repeated attribute. */
  keep(out: any, field: CompiledField, what: string, buf: Buffer, vs: number, ve: number, n: number, malformed: boolean | null): void {
    if (malformed === true) invalid(what, field, vs, ve - vs);
    addUnknown(out, field.id, buf.subarray(vs, ve), n - 1);
  },
  structDecoderOf(field: CompiledField): StructDecoder {
    return structDecoder((field.type as StructType<any>).struct as StructSpec<any>);
  },
  trailer(out: any, name: string, buf: Buffer, off: number, end: number): void {
    report(`${name}: ${end - off} trailing bytes do not form an attribute`, off);
    out[WIRE_TRAILER] = buf.subarray(off, end);
  },
};

/**
 * Generated decoders take the buffer's words (wordsOf(buf)) from a caller that has them, and look them up
 * otherwise; they read whole aligned u32/s32 values through them when the region starts 4-byte aligned.
 */
type SetDecoder = (buf: Buffer, start: number, end: number, out: any, words?: Int32Array | null) => void;
/** Fills `out` and returns it. */
type StructDecoder = ((buf: Buffer, start: number, end: number, out: any, words?: Int32Array | null) => any) & {
  /** Makes the object a struct decodes into when it stands alone (an attribute's value): see reservingConstructor. */
  Decoded: new () => object;
};
type MessageDecoder = (buf: Buffer, start: number, end: number) => any;

// Generated decoders are kept on the descriptions themselves (a property load is cheaper than a WeakMap lookup).
const DECODER: unique symbol = Symbol('netlink.decoder');

const lit = (s: string): string => JSON.stringify(s);

/**
 * An expression reading integer kind k at byte expression `at` of `buf`. With `aligned`, `at` is a multiple of 4
 * from the region's start and its four bytes are in the region: a u32/s32 is then read as one word through `WD`
 * (the generated function's words, null when the region is not aligned).
 */
function readExpression(k: Kind, at: string, aligned = false): string | undefined {
  if (aligned && (k === Kind.U32 || k === Kind.S32)) {
    return `(WD !== null ? WD[(${at}) >> 2]${k === Kind.U32 ? ' >>> 0' : ''} : ${readExpression(k, at)})`;
  }
  switch (k) {
    case Kind.U8:
      return `buf[${at}]`;
    case Kind.U16:
      return `(buf[${at}] | (buf[${at} + 1] << 8))`;
    case Kind.U32:
      return `((buf[${at}] | (buf[${at} + 1] << 8) | (buf[${at} + 2] << 16)) + buf[${at} + 3] * 0x1000000)`;
    case Kind.U64:
      return `buf.readBigUInt64LE(${at})`;
    case Kind.S8:
      return `((buf[${at}] << 24) >> 24)`;
    case Kind.S16:
      return `(((buf[${at}] | (buf[${at} + 1] << 8)) << 16) >> 16)`;
    case Kind.S32:
      return `(buf[${at}] | (buf[${at} + 1] << 8) | (buf[${at} + 2] << 16) | (buf[${at} + 3] << 24))`;
    case Kind.S64:
      return `buf.readBigInt64LE(${at})`;
    case Kind.U16BE:
      return `((buf[${at}] << 8) | buf[${at} + 1])`;
    case Kind.U32BE:
      return `(buf[${at}] * 0x1000000 + ((buf[${at} + 1] << 16) | (buf[${at} + 2] << 8) | buf[${at} + 3]))`;
  }
  return undefined;
}

/**
 * An expression decoding enumeration codec `codec` (reachable as `ref`, its table as `table`) from the integer
 * expression `read`, through the temporary `v`: a table lookup, and the codec's own fromNumber beyond the table.
 */
function enumExpression(codec: Codec<any>, ref: string, table: string, read: string): string {
  return `((v = ${read}) >= 0 && v < ${codec.table!.length} ? ${table}[v] : ${ref}.fromNumber(v))`;
}

const inlinesEnum = (codec: Codec<any> | undefined): boolean =>
  codec?.table !== undefined && codec.fromNumber !== undefined && codec.integer !== undefined;

function setDecoder(set: AttributeSet<any>): SetDecoder {
  let d: SetDecoder | undefined = (set as any)[DECODER];
  if (d !== undefined) return d;
  const fields = set.fieldList();
  // Each case is kept short (TurboFan compiles every case of the switch): the common path reads and stores; a
  // malformed or repeated attribute goes to rt.keep, which reports it and keeps its bytes.
  const cases = fields.map((f, i) => {
    const prop = `out[${lit(f.name)}]`;
    // The rare path only records which field and why; the code after the switch keeps the bytes (one copy of
    // that call instead of one per case keeps the function small, which V8 optimizes sooner).
    const keep = (malformed: string) => `bad = ${i}; malformed = ${malformed};`;
    // vs is 4-byte aligned when the set starts so, and each read is guarded by the value's exact length.
    const scalar = readExpression(f.kind, 'vs', true);
    let read: string;
    let malformed: string;
    if (scalar !== undefined) {
      read = `vl === ${f.size} ? ${scalar} : INVALID`;
      malformed = `vl !== ${f.size}`;
    } else if (f.kind === Kind.Flag) {
      read = `vl === 0 ? true : INVALID`;
      malformed = 'vl !== 0';
    } else if (f.kind === Kind.String) {
      read = `rt.decodeStringAttribute(out, buf, vs, ve, n - 1)`;
      malformed = 'false';
    } else if (f.kind === Kind.Binary) {
      read = `buf.subarray(vs, ve)`;
      malformed = 'false';
    } else if (f.kind === Kind.Codec && inlinesEnum(f.type as Codec<any>) && (f.type as Codec<any>).size !== undefined) {
      const codec = f.type as Codec<any>;
      read = `vl === ${codec.size} ? ${enumExpression(codec, `K${i}`, `T${i}`, readExpression(SCALAR_KIND[codec.integer!], 'vs', true)!)} : INVALID`;
      malformed = `vl !== ${codec.size}`;
    } else if (f.kind === Kind.Codec) {
      read = `K${i}.decode(buf, vs, ve)`;
      malformed = 'v === INVALID';
    } else if (f.kind === Kind.Struct) {
      // Too short: decodeValue reports it (and returns INVALID).
      const struct = (f.type as StructType<any>).struct as StructSpec<any>;
      read = `vl >= ${struct.minSize} ? S${i}(buf, vs, ve, new S${i}.Decoded(), WD) : rt.decodeValue(F[${i}], buf, vs, ve, out, ${lit(`${set.name}.${f.name}`)})`;
      malformed = 'null';
    } else {
      // decodeValue reports what it cannot parse itself.
      read = `rt.decodeValue(F[${i}], buf, vs, ve, out, ${lit(`${set.name}.${f.name}`)})`;
      malformed = 'null';
    }
    let body: string;
    if (f.multi) {
      body = `v = ${read}; if (v === INVALID) { ${keep(malformed)} break; } if (${prop} === undefined) ${prop} = [v]; else ${prop}.push(v);`;
    } else if (f.shadowBit !== 0) {
      body = `v = ${read}; if (v === INVALID || (shadowed & ${f.shadowBit}) !== 0) { ${keep(malformed)} break; } shadowed |= ${f.shadowBit}; ${prop} = v;`;
    } else {
      // A repeated single-valued attribute: the first one wins, the others are kept with their bytes.
      body = `v = ${read}; if (v === INVALID || ${prop} !== undefined) { ${keep(malformed)} break; } ${prop} = v;`;
    }
    return `case ${f.id}: ${body} break;`;
  });
  const codecs = fields
    .map((f, i) => {
      if (f.kind === Kind.Struct) return `const S${i} = rt.structDecoderOf(F[${i}]);`;
      if (f.kind !== Kind.Codec) return '';
      return `const K${i} = F[${i}].type;` + (inlinesEnum(f.type as Codec<any>) ? ` const T${i} = K${i}.table;` : '');
    })
    .join(' ');
  const source = `
    const INVALID = rt.INVALID, WIRE_ORDER = rt.WIRE_ORDER;
    ${codecs}
    const internCache = rt.internCache, internHashes = rt.internHashes, internHashes2 = rt.internHashes2;
    return function decodeAttributes_${set.name.replace(/\W/g, '_')}(buf, start, end, out, words) {
      const WD = (start & 3) !== 0 ? null : words === undefined ? rt.wordsOf(buf) : words;
      let off = start, hash = 0, hash2 = 0, n = 0, shadowed = 0, v, bad = -1, malformed = null, len = 0, rawType = 0;
      while (off + 4 <= end) {
        // Attributes are 4-byte aligned: each header is one word (length, then type) when the set starts aligned.
        if (WD !== null) {
          const header = WD[off >> 2];
          len = header & 0xffff;
          rawType = header >>> 16;
        } else {
          len = buf[off] | (buf[off + 1] << 8);
          rawType = buf[off + 2] | (buf[off + 3] << 8);
        }
        if (len < 4 || off + len > end) break;
        hash = (hash * 31 + rawType) | 0;
        hash2 = ((hash2 ^ rawType) * 0x1003f) | 0;
        n++;
        const vs = off + 4, ve = off + len, vl = len - 4;
        switch (rawType & ${NLA_TYPE_MASK}) {
          ${cases.join('\n          ')}
          default: rt.addUnknown(out, rawType & ${NLA_TYPE_MASK}, buf.subarray(vs, ve), n - 1);
        }
        if (bad >= 0) {
          rt.keep(out, F[bad], W[bad], buf, vs, ve, n, malformed);
          bad = -1;
        }
        off += (len + 3) & ~3;
      }
      if (off < end) rt.trailer(out, ${lit(set.name)}, buf, off, end);
      const key = (hash * 31 + n) | 0, slot = key & ${INTERN_SLOTS - 1};
      const cached = internCache[slot];
      out[WIRE_ORDER] = cached !== undefined && internHashes[slot] === key && internHashes2[slot] === hash2 && cached.length === n
        ? cached
        : rt.internOrder(buf, start, hash, hash2, n);
    };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const what = fields.map((f) => `${set.name}.${f.name}`);
  d = new Function('rt', 'F', 'W', source)(runtime, fields, what) as SetDecoder;
  (set as any)[DECODER] = d;
  return d;
}

/**
 * Member read expressions of a struct, reading from `base`; codec members that need a call get a statement. The
 * generated function defines WD (see readExpression) and runs these only when the whole struct is there.
 */
function structMemberCode(s: StructSpec<any>, base: string): { expr: string[]; isCodec: boolean[] } {
  const expr: string[] = [];
  const isCodec: boolean[] = [];
  for (let i = 0; i < s.names.length; i++) {
    const at = `${base} + ${s.offsets[i]}`;
    const aligned = s.offsets[i] % 4 === 0;
    const scalar = readExpression(s.kinds[i], at, aligned);
    const codec = s.codecs[i];
    if (scalar !== undefined) {
      expr.push(scalar);
      isCodec.push(false);
    } else if (inlinesEnum(codec)) {
      expr.push(enumExpression(codec!, `C[${i}]`, `T${i}`, readExpression(SCALAR_KIND[codec!.integer!], at, aligned)!));
      isCodec.push(false);
    } else if (codec?.fromNumber !== undefined && codec.integer !== undefined) {
      expr.push(`C[${i}].fromNumber(${readExpression(SCALAR_KIND[codec.integer], at, aligned)})`);
      isCodec.push(false);
    } else {
      expr.push(`C[${i}].decode(buf, ${at}, ${at} + ${s.sizes[i]})`);
      isCodec.push(true);
    }
  }
  return { expr, isCodec };
}

/** Declarations of the enumeration tables structMemberCode's expressions use (codecs reachable as C[i]). */
function enumTables(s: StructSpec<any>): string {
  return s.codecs.map((c, i) => (inlinesEnum(c) ? `const T${i} = C[${i}].table;` : '')).join(' ');
}

/** The generic, member-by-member path for structs shorter than their full size. */
function decodeStructPartial(s: StructSpec<any>, buf: Buffer, start: number, end: number, out: any): void {
  const avail = end - start;
  for (let i = 0; i < s.names.length; i++) {
    if (s.offsets[i] + s.sizes[i] > avail) continue;
    const at = start + s.offsets[i];
    const c = s.codecs[i];
    const v = c === undefined ? decodeValue(compiledOf(scalarTypeOf(s.kinds[i])), buf, at, at + s.sizes[i], out, s.names[i]) : c.decode(buf, at, at + s.sizes[i]);
    if (v === INVALID) report(`${s.name}.${s.names[i]}: not a valid ${c?.name ?? 'value'}`, at);
    else out[s.names[i]] = v;
  }
  out[STRUCT_LENGTH] = avail;
}

function scalarTypeOf(k: Kind): ScalarType {
  return (Object.keys(SCALAR_KIND) as ScalarType[]).find((t) => SCALAR_KIND[t] === k)!;
}

function structDecoder(s: StructSpec<any>): StructDecoder {
  let d: StructDecoder | undefined = (s as any)[DECODER];
  if (d !== undefined) return d;
  const { expr, isCodec } = structMemberCode(s, 'start');
  const lines = s.names.map((name, i) =>
    isCodec[i]
      ? `v = ${expr[i]}; if (v === INVALID) rt.report(${lit(`${s.name}.${name}: not a valid ${s.codecs[i]!.name}`)}, start + ${s.offsets[i]}); else out[${lit(name)}] = v;`
      : `out[${lit(name)}] = ${expr[i]};`,
  );
  const source = `
    const INVALID = rt.INVALID;
    ${enumTables(s)}
    ${reservingConstructor(s.names.length + 2)}
    function decode_${s.name.replace(/\W/g, '_')}(buf, start, end, out, words) {
      let v;
      if (end - start < ${s.size}) { partial(buf, start, end, out); return out; }
      const WD = (start & 3) !== 0 ? null : words === undefined ? rt.wordsOf(buf) : words;
      ${lines.join('\n      ')}
      if (end - start > ${s.size}) out[rt.STRUCT_EXTRA] = buf.subarray(start + ${s.size}, end);
      return out;
    }
    decode_${s.name.replace(/\W/g, '_')}.Decoded = Decoded;
    return decode_${s.name.replace(/\W/g, '_')};`;
  const partial = (buf: Buffer, start: number, end: number, out: any) => decodeStructPartial(s, buf, start, end, out);
  d = new Function('rt', 'C', 'partial', source)(runtime, s.codecs, partial) as StructDecoder;
  (s as any)[DECODER] = d;
  return d;
}

/**
 * Source of `function Decoded()`, the constructor of decoded objects. Objects made by a constructor keep their
 * properties inside the object itself, where a literal `{}` moves all but four of them to a separate array that
 * is regrown as properties are added: V8 sizes a constructor's objects by the this.x assignments its source
 * contains, then trims the room to what the first objects used (slack tracking). The branch never runs; its
 * assignments only count. The prototype stays Object's, so the objects are plain.
 */
function reservingConstructor(slots: number): string {
  const reserve = Array.from({ length: slots }, (_, i) => `this.p${i} = 0;`).join(' ');
  return `function Decoded(never) { if (never) { ${reserve} } }
    Decoded.prototype = Object.prototype;`;
}

/** A message decoder makes one object per message, header members first, so every message of a kind shares one shape. */
function messageDecoder(m: MessageSpec<any, any>): MessageDecoder {
  let d: MessageDecoder | undefined = (m as any)[DECODER];
  if (d !== undefined) return d;
  const h = m.header;
  const { expr, isCodec } = structMemberCode(h, 'start');
  const stores = h.names.map((name, i) => `out[${lit(name)}] = ${isCodec[i] ? 'undefined' : expr[i]};`).join(' ');
  const fixups = h.names
    .map((name, i) =>
      isCodec[i]
        ? `v = ${expr[i]}; if (v === INVALID) { delete out[${lit(name)}]; rt.report(${lit(`${h.name}.${name}: not a valid ${h.codecs[i]!.name}`)}, start + ${h.offsets[i]}); } else out[${lit(name)}] = v;`
        : '',
    )
    .join('\n      ');
  const attributesAt = (h.size + 3) & ~3;
  // Room for every header member and attribute, the wire order and the lists of unknown attributes and errors.
  const slots = h.names.length + m.attributes.fieldList().length + 3;
  const source = `
    const INVALID = rt.INVALID;
    ${enumTables(h)}
    ${reservingConstructor(slots)}
    return function decode_${m.name.replace(/\W/g, '_')}(buf, start, end) {
      let out, v;
      if (end - start >= ${h.size}) {
        const WD = (start & 3) !== 0 ? null : rt.wordsOf(buf);
        out = new Decoded();
        ${stores}
        ${fixups}
        decodeAttributes(buf, end - start >= ${attributesAt} ? start + ${attributesAt} : end, end, out, WD);
      } else {
        out = {};
        headerPartial(buf, start, end, out);
        out[rt.WIRE_ORDER] = rt.internOrder(buf, start, 0, 0, 0);
      }
      return out;
    };`;
  const headerPartial = (buf: Buffer, start: number, end: number, out: any) => decodeStructPartial(h, buf, start, end, out);
  d = new Function('rt', 'C', 'decodeAttributes', 'headerPartial', source)(runtime, h.codecs, setDecoder(m.attributes), headerPartial) as MessageDecoder;
  (m as any)[DECODER] = d;
  return d;
}

/**
 * Decodes a message payload (header struct + attributes). Never throws: problems are listed in `decodeErrors`
 * (offsets counted from `start`), and bytes that could not be decoded are kept.
 */
export function decodeMessage<M extends MessageSpec<any, any>>(m: M, buf: Buffer, start = 0, end = buf.length): MessageValue<M> {
  return decodeTopLevel(m, (m as any)[DECODER] ?? messageDecoder(m), buf, start, end);
}

/**
 * decodeMessage(m, ...) bound to one kind, for hot loops: a single call per message instead of three. The
 * decoder is generated on the first call.
 */
export function messageDecoderAt<M extends MessageSpec<any, any>>(m: M): (buf: Buffer, start: number, end: number) => MessageValue<M> {
  let decoder: MessageDecoder | undefined;
  return function decodeAt(buf: Buffer, start: number, end: number): MessageValue<M> {
    return decodeTopLevel(m, (decoder ??= messageDecoder(m)), buf, start, end);
  };
}

/** A message decoded from the top: a fresh error sink, and what it collected attached to the result. */
function decodeTopLevel(m: MessageSpec<any, any>, decoder: MessageDecoder, buf: Buffer, start: number, end: number): any {
  // Generated decoders never re-enter decodeMessage (nested messages use their decoder directly), so the error
  // sink needs no saving; it is reset here even if a faulty codec threw during the previous decode.
  errors = null;
  errorBase = start;
  if (end - start < m.header.minSize) {
    report(`${m.name}: ${end - start} bytes are shorter than the ${m.header.minSize}-byte ${m.header.name}`, start);
  }
  const out = decoder(buf, start, end);
  if (errors !== null) {
    out.decodeErrors = errors;
    errors = null;
  }
  return out;
}

/** Decodes a bare attribute set (for codecs and families whose payload has no header). */
export function decodeAttributes<S extends AttributeSet<any>>(set: S, buf: Buffer, start = 0, end = buf.length): SetValue<S> & { decodeErrors?: DecodeError[] } {
  const out: any = {};
  const own = withOwnErrors(start, () => setDecoder(set)(buf, start, end, out));
  if (own !== null) out.decodeErrors = own;
  return out;
}

/** Runs a decode with an error sink of its own (offsets from `start`) and returns what it collected, leaving the
 * sink of any decode in progress as it was. */
function withOwnErrors(start: number, decode: () => void): DecodeError[] | null {
  const savedErrors = errors;
  const savedBase = errorBase;
  errors = null;
  errorBase = start;
  try {
    decode();
    return errors;
  } finally {
    errors = savedErrors;
    errorBase = savedBase;
  }
}

/**
 * Decodes a bare struct (never throws; a struct shorter than its minimum size gives the members that fit, and a
 * member its codec rejects is left out and listed in `decodeErrors`). Called from inside another decode, it keeps
 * its errors to itself: the decode in progress is not charged with them.
 */
export function decodeStruct<S extends StructSpec<any>>(s: S, buf: Buffer, start = 0, end = buf.length): StructValue<S> & { decodeErrors?: DecodeError[] } {
  const decode = structDecoder(s);
  const out: any = new decode.Decoded();
  const own = withOwnErrors(start, () => decode(buf, start, end, out));
  if (own !== null) out.decodeErrors = own;
  return out;
}

/**
 * For codecs that decode attributes inside their own value (multipath next hops): decodes into `out`, reporting
 * problems to the decode in progress.
 */
export function decodeNestedAttributes(set: AttributeSet<any>, buf: Buffer, start: number, end: number, out: object): void {
  setDecoder(set)(buf, start, end, out);
}

/** For codecs: reports a problem to the decode in progress. */
export function reportDecodeError(message: string, offset: number): void {
  report(message, offset);
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

const INTEGER_LIMITS: Partial<Record<Kind, readonly [number, number, string]>> = {
  [Kind.U8]: [0, 0xff, 'u8'],
  [Kind.U16]: [0, 0xffff, 'u16'],
  [Kind.U32]: [0, 0xffffffff, 'u32'],
  [Kind.S8]: [-0x80, 0x7f, 's8'],
  [Kind.S16]: [-0x8000, 0x7fff, 's16'],
  [Kind.S32]: [-0x80000000, 0x7fffffff, 's32'],
  [Kind.U16BE]: [0, 0xffff, 'u16'],
  [Kind.U32BE]: [0, 0xffffffff, 'u32'],
};
const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;

function toBigInt(v: unknown, min: bigint, max: bigint, what: string, type: string): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new EncodeError(`${what}: ${String(v)} is not a ${type} (use a bigint above 2^53)`);
  if (b < min || b > max) throw new EncodeError(`${what}: ${b} is out of range for a ${type}`);
  return b;
}

/** Writes a fixed-size integer of kind k at buf[at], checking its range (encoders of structs and codecs). */
function writeInteger(buf: Buffer, at: number, kind: Kind, v: any, what: string): void {
  if (kind === Kind.U64) {
    buf.writeBigUInt64LE(toBigInt(v, 0n, U64_MAX, what, 'u64'), at);
    return;
  }
  if (kind === Kind.S64) {
    buf.writeBigInt64LE(toBigInt(v, S64_MIN, S64_MAX, what, 's64'), at);
    return;
  }
  const limits = INTEGER_LIMITS[kind];
  if (limits === undefined) throw new EncodeError(`${what}: not an integer type`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < limits[0] || v > limits[1]) {
    throw new EncodeError(`${what}: ${String(v)} is not a ${limits[2]} (${limits[0]}..${limits[1]})`);
  }
  switch (kind) {
    case Kind.U8:
    case Kind.S8:
      buf[at] = v & 0xff;
      return;
    case Kind.U16:
    case Kind.S16:
      buf[at] = v & 0xff;
      buf[at + 1] = (v >> 8) & 0xff;
      return;
    case Kind.U32:
    case Kind.S32:
      buf.writeUInt32LE(v >>> 0, at);
      return;
    case Kind.U16BE:
      buf[at] = (v >> 8) & 0xff;
      buf[at + 1] = v & 0xff;
      return;
    case Kind.U32BE:
      buf.writeUInt32BE(v >>> 0, at);
      return;
  }
}

/** The value bytes of a scalar (no attribute header). */
function scalarBytes(kind: Kind, v: any, what: string): Buffer {
  switch (kind) {
    case Kind.String:
      if (typeof v !== 'string') throw new EncodeError(`${what}: expected a string`);
      return Buffer.from(v + '\0', 'utf8');
    case Kind.Binary:
      if (!(v instanceof Uint8Array)) throw new EncodeError(`${what}: expected a Buffer`);
      return Buffer.from(v);
    case Kind.Flag:
      return Buffer.alloc(0);
  }
  const size = kind === Kind.U64 || kind === Kind.S64 ? 8 : kind === Kind.U32 || kind === Kind.S32 || kind === Kind.U32BE ? 4 : kind === Kind.U8 || kind === Kind.S8 ? 1 : 2;
  const buf = Buffer.allocUnsafe(size);
  writeInteger(buf, 0, kind, v, what);
  return buf;
}

function writeScalar(w: AttributeWriter, id: number, kind: Kind, v: any, what: string): void {
  switch (kind) {
    case Kind.U8:
      w.u8(id, v);
      return;
    case Kind.U16:
      w.u16(id, v);
      return;
    case Kind.U32:
      w.u32(id, v);
      return;
    case Kind.U64:
      w.u64(id, v);
      return;
    case Kind.S8:
      w.s8(id, v);
      return;
    case Kind.S16:
      w.s16(id, v);
      return;
    case Kind.S32:
      w.s32(id, v);
      return;
    case Kind.S64:
      w.s64(id, v);
      return;
    case Kind.U16BE:
      w.u16be(id, v);
      return;
    case Kind.U32BE:
      w.u32be(id, v);
      return;
    case Kind.String:
      if (typeof v !== 'string') throw new EncodeError(`${what}: expected a string`);
      w.string(id, v);
      return;
    case Kind.Binary:
      if (!(v instanceof Uint8Array)) throw new EncodeError(`${what}: expected a Buffer`);
      w.binary(id, v);
      return;
    case Kind.Flag:
      w.flag(id);
      return;
  }
  throw new EncodeError(`${what}: not a scalar`);
}

/** Writes one attribute `rawType` (flag bits included) holding value v of compiled type c. */
function writeValue(w: AttributeWriter, rawType: number, c: Compiled, v: any, whatPrefix: string, parent: any, member?: string): void {
  const what = member === undefined ? whatPrefix : `${whatPrefix}.${member}`;
  const id = rawType & NLA_TYPE_MASK;
  const flags = rawType & ~NLA_TYPE_MASK & 0xffff;
  switch (c.kind) {
    case Kind.Codec: {
      if (v === undefined || v === null) throw new EncodeError(`${what}: missing value`);
      const codec = c.type as Codec<any>;
      if (flags === 0 && codec.toNumber !== undefined && codec.integer !== undefined) {
        writeScalar(w, id, SCALAR_KIND[codec.integer], codec.toNumber(v), what);
        return;
      }
      if (codec.encodeInto !== undefined) codec.encodeInto(w, rawType, v);
      else w.raw(rawType, codec.encode(v));
      return;
    }
    case Kind.Nested: {
      if (typeof v !== 'object' || v === null) throw new EncodeError(`${what}: expected an object`);
      const set = (c.type as NestedType<any>).set();
      w.nested(id, (inner) => encodeSetInto(set, v, inner, what), flags === 0 ? !(WIRE_ORDER in v) : (flags & AttributeFlags.Nested) !== 0);
      return;
    }
    case Kind.Indexed: {
      if (!Array.isArray(v)) throw new EncodeError(`${what}: expected an array`);
      const t = c.type as IndexedType<any>;
      const item = compiledOf(t.item);
      const ids: number[] | undefined = (v as any)[INDEX_IDS];
      w.nested(
        id,
        (inner) => {
          for (let i = 0; i < v.length; i++) {
            const memberType = ids !== undefined && i < ids.length ? ids[i] : t.base + i;
            if (v[i] instanceof Uint8Array && item.kind !== Kind.Binary) inner.raw(memberType, v[i]);
            else writeValue(inner, memberType, item, v[i], `${what}[${i}]`, v);
          }
        },
        flags === 0 ? ids === undefined : (flags & AttributeFlags.Nested) !== 0,
      );
      return;
    }
    case Kind.Select: {
      const sel = c.type as SelectType<any>;
      const key = parent?.[sel.by];
      const choice: ValueType | undefined = typeof key === 'string' ? sel.choices[key] : undefined;
      if (choice === undefined || v instanceof Uint8Array) {
        if (!(v instanceof Uint8Array)) throw new EncodeError(`${what}: no layout known for ${sel.by} '${String(key)}'; pass a Buffer`);
        w.raw(rawType, v);
        return;
      }
      writeValue(w, rawType, compiledOf(choice), v, what, parent);
      return;
    }
    case Kind.Struct: {
      if (typeof v !== 'object' || v === null) throw new EncodeError(`${what}: expected an object`);
      w.raw(rawType, encodeStruct((c.type as StructType<any>).struct, v, what));
      return;
    }
    case Kind.Message: {
      if (typeof v !== 'object' || v === null) throw new EncodeError(`${what}: expected an object`);
      const m = (c.type as MessageType<any>).message() as MessageSpec<any, any>;
      const inner = new AttributeWriter();
      encodeMessageInto(m, v, inner, what);
      w.raw(rawType, inner.toBuffer());
      return;
    }
    case Kind.Flag:
      if (v !== true) return;
      break;
  }
  if (flags === 0) writeScalar(w, id, c.kind, v, what);
  else w.raw(rawType, scalarBytes(c.kind, v, what));
}

/** Encodes the fields of `value` described by `set` as attributes, in wire order when the value was decoded. */
export function encodeSetInto(set: AttributeSet<any>, value: any, w: AttributeWriter, what = set.name, afterHeader = false): void {
  const order: readonly number[] | undefined = value[WIRE_ORDER];
  if (order === undefined && value.unknownAttributes === undefined && value[WIRE_TRAILER] === undefined) {
    encodeFields(set, value, w, what, afterHeader);
    return;
  }
  const unknown: RawAttribute[] = value.unknownAttributes ?? [];
  const usedUnknown = new Uint8Array(unknown.length);
  const overrides: Override[] | undefined = value[WIRE_OVERRIDES];
  const done = new Set<string>();
  const multiCursor = new Map<string, number>();
  // Kept attributes that remember their place in the wire order go back exactly there.
  const unknownAt = new Map<number, number>();
  unknown.forEach((u, i) => {
    const at = unknownPositions.get(u);
    if (at !== undefined && order !== undefined && at < order.length && (order[at] & NLA_TYPE_MASK) === u.type) unknownAt.set(at, i);
  });

  const takeUnknown = (id: number, rawType: number): void => {
    for (let u = 0; u < unknown.length; u++) {
      if (usedUnknown[u] === 0 && unknown[u].type === id && !unknownPositions.has(unknown[u])) {
        usedUnknown[u] = 1;
        w.raw(rawType, unknown[u].value);
        return;
      }
    }
  };

  if (order !== undefined) {
    for (let i = 0; i < order.length; i++) {
      const rawType = order[i];
      const id = rawType & NLA_TYPE_MASK;
      const kept = unknownAt.get(i);
      if (kept !== undefined) {
        usedUnknown[kept] = 1;
        w.raw(rawType, unknown[kept].value);
        continue;
      }
      const field = set.fieldById(id);
      if (field !== undefined && !done.has(field.name)) {
        const v = value[field.name];
        if (field.multi) {
          const at = multiCursor.get(field.name) ?? 0;
          if (Array.isArray(v) && at < v.length) {
            multiCursor.set(field.name, at + 1);
            const o = overrides?.find((x) => x.index === i);
            if (o !== undefined && o.value === v[at]) w.raw(rawType, o.raw);
            else writeValue(w, rawType, field, v[at], `${what}.${field.name}[${at}]`, value);
            continue;
          }
        } else if (v !== undefined) {
          done.add(field.name);
          const o = overrides?.find((x) => x.index === i);
          if (o !== undefined && o.value === v) w.raw(rawType, o.raw);
          else writeValue(w, rawType, field, v, `${what}.${field.name}`, value);
          continue;
        }
      }
      takeUnknown(id, rawType);
    }
  }
  // Fields set by the caller (or added after decoding), in declaration order.
  for (const field of set.fieldList()) {
    if (done.has(field.name)) continue;
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    if (field.multi) {
      if (!Array.isArray(v)) throw new EncodeError(`${what}.${field.name}: expected an array`);
      for (let at = multiCursor.get(field.name) ?? 0; at < v.length; at++) {
        writeValue(w, field.id, field, v[at], `${what}.${field.name}[${at}]`, value);
      }
    } else {
      if (field.kind === Kind.Flag && v === false) continue;
      // A value the message header already carries in full (table 254 in rtm_table) needs no attribute.
      if (afterHeader && field.shadowBit !== 0 && headerHolds(field, v, what)) continue;
      writeValue(w, field.id, field, v, `${what}.${field.name}`, value);
    }
  }
  for (let u = 0; u < unknown.length; u++) {
    if (usedUnknown[u] === 0) w.raw(unknown[u].type, unknown[u].value);
  }
  const trailer: Buffer | undefined = value[WIRE_TRAILER];
  if (trailer !== undefined) w.bytes(trailer);
}

/** The common case of a value built by the caller: its fields in declaration order, nothing to put back. */
function encodeFields(set: AttributeSet<any>, value: any, w: AttributeWriter, what: string, afterHeader: boolean): void {
  // Requests set a few of many fields: walk the value's keys, then put the fields found in declaration order.
  const fields: CompiledField[] = [];
  for (const key in value) {
    const field = set.fieldByName(key);
    if (field !== undefined) fields.push(field);
  }
  if (fields.length > 1) fields.sort((a, b) => a.position - b.position);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    if (field.multi) {
      if (!Array.isArray(v)) throw new EncodeError(`${what}.${field.name}: expected an array`);
      for (let at = 0; at < v.length; at++) writeValue(w, field.id, field, v[at], `${what}.${field.name}[${at}]`, value);
    } else {
      if (field.kind === Kind.Flag && v === false) continue;
      if (afterHeader && field.shadowBit !== 0 && headerHolds(field, v, what)) continue;
      writeValue(w, field.id, field, v, what, value, field.name);
    }
  }
}

/** Whether the header member that `field` widens represents value v exactly (same integer on both sides). */
function headerHolds(field: CompiledField, v: unknown, what: string): boolean {
  const asNumber = (bytes: Uint8Array): number => Buffer.from(bytes).readUIntLE(0, Math.min(6, bytes.length));
  const header = field.shadowType!;
  const headerBytes = typeof header === 'string' ? scalarBytes(SCALAR_KIND[header], v, what) : header.encode(v);
  const fieldBytes = field.kind === Kind.Codec ? (field.type as Codec<any>).encode(v) : scalarBytes(field.kind, v, what);
  return asNumber(headerBytes) === asNumber(fieldBytes);
}

/** The bytes of a struct value: its full size (or the shorter size it arrived with) plus any extra bytes kept. */
export function encodeStruct(s: StructSpec<any>, value: any, what = s.name): Buffer {
  const shortLength: number | undefined = value[STRUCT_LENGTH];
  const extra: Buffer | undefined = value[STRUCT_EXTRA];
  const buf = Buffer.alloc(s.size + (extra?.length ?? 0));
  encodeStructInto(s, value, buf, 0, what);
  if (extra !== undefined) buf.set(extra, s.size);
  return shortLength !== undefined && extra === undefined ? buf.subarray(0, shortLength) : buf;
}

/** Writes a struct's members into zeroed bytes at buf[base]. */
function encodeStructInto(s: StructSpec<any>, value: any, buf: Buffer, base: number, what: string): void {
  for (let i = 0; i < s.names.length; i++) {
    const v = value[s.names[i]];
    if (v === undefined) continue;
    const at = base + s.offsets[i];
    const codec = s.codecs[i];
    if (codec === undefined) {
      writeInteger(buf, at, s.kinds[i], v, `${what}.${s.names[i]}`);
    } else if (codec.toNumber !== undefined && codec.integer !== undefined) {
      writeInteger(buf, at, SCALAR_KIND[codec.integer], codec.toNumber(v), `${what}.${s.names[i]}`);
    } else {
      const bytes = codec.encode(v);
      if (bytes.length !== s.sizes[i]) throw new EncodeError(`${what}.${s.names[i]}: encodes to ${bytes.length} bytes, not ${s.sizes[i]}`);
      buf.set(bytes, at);
    }
  }
}

function encodeMessageInto(m: MessageSpec<any, any>, value: any, w: AttributeWriter, what: string): void {
  if (value[STRUCT_LENGTH] === undefined && value[STRUCT_EXTRA] === undefined) {
    const at = w.zeros(m.header.size); // (before reading w.storage: reserving may move it)
    encodeStructInto(m.header, value, w.storage, at, what);
  } else {
    w.bytes(encodeStruct(m.header, value, what));
  }
  encodeSetInto(m.attributes, value, w, what, true);
}

/** The writer's bytes, without the alignment padding the writer added after an unaligned trailer it kept. */
function finish(w: AttributeWriter, value: any): Buffer {
  const out = w.toBuffer();
  const trailer: Buffer | undefined = value[WIRE_TRAILER];
  return trailer !== undefined && trailer.length % 4 !== 0 ? out.subarray(0, out.length - (4 - (trailer.length % 4))) : out;
}

/** Encodes a message payload (header struct + attributes). Throws EncodeError on values that cannot be encoded. */
export function encodeMessage<M extends MessageSpec<any, any>>(m: M, value: Partial<MessageValue<M>>): Buffer {
  const w = new AttributeWriter(128);
  encodeMessageInto(m, value, w, m.name);
  return finish(w, value);
}

/** Encodes a bare attribute set. */
export function encodeAttributes<S extends AttributeSet<any>>(set: S, value: Partial<SetValue<S>>): Buffer {
  const w = new AttributeWriter(128);
  encodeSetInto(set, value, w);
  return finish(w, value);
}

// ---------------------------------------------------------------------------------------------------------------
// Codecs every family needs

function readInteger(type: IntegerType, buf: Buffer, at: number): number {
  switch (type) {
    case 'u8':
      return buf[at];
    case 'u16':
      return buf.readUInt16LE(at);
    case 'u32':
      return buf.readUInt32LE(at);
    case 's8':
      return buf.readInt8(at);
    case 's16':
      return buf.readInt16LE(at);
    case 's32':
      return buf.readInt32LE(at);
    case 'u16be':
      return buf.readUInt16BE(at);
    case 'u32be':
      return buf.readUInt32BE(at);
  }
}

function integerBytes(type: IntegerType, value: number, what: string): Buffer {
  return scalarBytes(SCALAR_KIND[type], value, what);
}

/**
 * An enumeration: known values decode to their names, others to the bare number (so nothing is lost and the
 * value still encodes). Encoding accepts a name or a number.
 */
export function enumOf<const N extends Record<number, string>>(name: string, type: IntegerType, names: N): Codec<N[keyof N] | number> {
  const size = SCALAR_SIZE[type]!;
  const byNumber: Array<string | undefined> = [];
  const byName = new Map<string, number>();
  for (const key of Object.keys(names)) {
    const n = Number(key);
    if (n >= 0 && n < 4096) byNumber[n] = names[n];
    byName.set(names[n], n);
  }
  const fromNumber = (n: number): any => (n >= 0 && n < byNumber.length ? byNumber[n] ?? n : (names as any)[n] ?? n);
  const table = Array.from({ length: byNumber.length }, (_, n) => byNumber[n] ?? n) as Array<N[keyof N] | number>;
  const toNumber = (value: unknown): number => {
    const n = typeof value === 'number' ? value : byName.get(value as string);
    if (n === undefined) throw new EncodeError(`${name}: unknown value '${String(value)}' (known: ${[...byName.keys()].join(', ')})`);
    return n;
  };
  return {
    kind: 'codec',
    name,
    size,
    integer: type,
    fromNumber,
    table,
    decode(buf, start, end) {
      if (end - start !== size) return INVALID;
      return fromNumber(readInteger(type, buf, start));
    },
    toNumber,
    encode(value) {
      return integerBytes(type, toNumber(value), name);
    },
  };
}

/** Reverse lookup for an enumeration built with enumOf's table: name or number → number. */
export function enumValue(names: Record<number, string>, value: string | number, what: string): number {
  if (typeof value === 'number') return value;
  for (const key of Object.keys(names)) if (names[Number(key)] === value) return Number(key);
  throw new EncodeError(`${what}: unknown value '${value}'`);
}

/**
 * A bit set: decodes to the names of the set bits, in bit order; set bits without a name appear as their
 * numeric value (1 << n). Encoding accepts the same array (names and numbers).
 */
export function flagsOf<const N extends Record<number, string>>(name: string, type: IntegerType, names: N): Codec<Array<N[keyof N] | number>> {
  const size = SCALAR_SIZE[type]!;
  const bits: Array<string | undefined> = [];
  const byName = new Map<string, number>();
  for (const key of Object.keys(names)) {
    const n = Number(key);
    const bit = 31 - Math.clz32(n);
    if (n !== 1 << bit && !(bit === 31 && n === 0x80000000)) throw new TypeError(`${name}: ${n} is not a single bit`);
    bits[bit] = names[n];
    byName.set(names[n], n);
  }
  // Decoded flag arrays are frozen and shared between objects with the same value (a million routes with
  // flags 0 share one empty array).
  const small: Array<ReadonlyArray<string | number> | undefined> = new Array(1024).fill(undefined);
  const cache = new Map<number, ReadonlyArray<string | number>>();
  const fromNumber = (v: number): any => {
    let a = v >= 0 && v < 1024 ? small[v] : cache.get(v);
    if (a === undefined) {
      a = Object.freeze(flagNames(v >>> 0, bits));
      if (v >= 0 && v < 1024) small[v] = a;
      else if (cache.size < 1024) cache.set(v, a);
    }
    return a;
  };
  return {
    kind: 'codec',
    name,
    size,
    integer: type,
    fromNumber,
    decode(buf, start, end) {
      if (end - start !== size) return INVALID;
      return fromNumber(readInteger(type, buf, start));
    },
    toNumber(value) {
      return flagBits(value as Array<string | number>, byName, name);
    },
    encode(value) {
      return integerBytes(type, flagBits(value as Array<string | number>, byName, name), name);
    },
  };
}

function flagNames(v: number, bits: Array<string | undefined>): Array<string | number> {
  const out: Array<string | number> = [];
  for (let bit = 0; v !== 0 && bit < 32; bit++) {
    const mask = bit === 31 ? 0x80000000 : 1 << bit;
    if ((v & mask) === 0) continue;
    v = (v & ~mask) >>> 0;
    out.push(bits[bit] ?? mask);
  }
  return out;
}

/** Flag names (or numbers) → bit mask; for encoders and codecs built on flagsOf tables. */
export function flagBits(value: ReadonlyArray<string | number>, byName: Map<string, number> | Record<number, string>, what: string): number {
  if (!Array.isArray(value)) throw new EncodeError(`${what}: expected an array of flag names`);
  const map = byName instanceof Map ? byName : new Map(Object.keys(byName).map((k) => [byName[Number(k)], Number(k)] as const));
  let v = 0;
  for (const f of value) {
    const n = typeof f === 'number' ? f : map.get(f);
    if (n === undefined) throw new EncodeError(`${what}: unknown flag '${String(f)}' (known: ${[...map.keys()].join(', ')})`);
    v |= n;
  }
  return v >>> 0;
}

/** Decodes a numeric flag value with a flagsOf-style table (for code outside the attribute engine). */
export function decodeFlags<const N extends Record<number, string>>(value: number, names: N): Array<N[keyof N] | number> {
  const bits: Array<string | undefined> = [];
  for (const key of Object.keys(names)) bits[31 - Math.clz32(Number(key))] = names[Number(key)];
  return flagNames(value >>> 0, bits) as any;
}

// IP addresses: 4 bytes → dotted quad, 16 bytes → RFC 5952 text (as inet_ntop prints it).

const OCTETS: string[] = [];
for (let i = 0; i < 256; i++) OCTETS.push(String(i));
const DOTTED_OCTETS = OCTETS.map((octet) => `${octet}.`);
// The last "a.b.c." prefixes formatted, direct-mapped by their 24 bits. Addresses in a table or a stream of
// lookups share their first three octets far more often than not; a hit makes one string instead of seven (a
// template literal allocates every intermediate), which halves what decoding a route allocates.
const PREFIX_SLOTS = 256;
const prefixKeys = new Int32Array(PREFIX_SLOTS).fill(-1);
const prefixTexts: string[] = new Array<string>(PREFIX_SLOTS).fill('');

export function formatIPv4(buf: Buffer | Uint8Array, at: number): string {
  const a = buf[at];
  const b = buf[at + 1];
  const c = buf[at + 2];
  const key = (a << 16) | (b << 8) | c;
  const slot = (key ^ (key >>> 8) ^ (key >>> 16)) & (PREFIX_SLOTS - 1);
  let prefix: string;
  if (prefixKeys[slot] === key) {
    prefix = prefixTexts[slot];
  } else {
    prefix = DOTTED_OCTETS[a] + DOTTED_OCTETS[b] + DOTTED_OCTETS[c];
    prefixKeys[slot] = key;
    prefixTexts[slot] = prefix;
  }
  return prefix + OCTETS[buf[at + 3]];
}

export function formatIPv6(buf: Buffer | Uint8Array, at: number): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) words[i] = (buf[at + 2 * i] << 8) | buf[at + 2 * i + 1];
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  // Like inet_ntop: ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped) keep the dotted quad.
  if (bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
    return (bestLen === 5 ? '::ffff:' : '::') + formatIPv4(buf, at + 12);
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (s !== '' && !s.endsWith(':')) s += ':';
    s += words[i].toString(16);
  }
  return s;
}

export function parseIPv4(text: string, out: Buffer = Buffer.alloc(4)): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a final '.' closes the last part
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || part > 3) return undefined;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  return part === 4 ? out : undefined;
}

export function parseIPv6(text: string): Buffer | undefined {
  const out = Buffer.alloc(16);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIPv4(item);
        if (v4 === undefined) return undefined;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        groups.push(parseInt(item, 16));
      }
    }
    return groups;
  };
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  head.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  tail.forEach((g, i) => out.writeUInt16BE(g, 16 - 2 * (tail.length - i)));
  return out;
}

/** An IPv4 or IPv6 address as text → its 4 or 16 bytes; throws EncodeError otherwise. */
export function ipAddressBytes(text: string, what = 'IP address'): Buffer {
  const b = typeof text === 'string' ? (text.includes(':') ? parseIPv6(text) : parseIPv4(text)) : undefined;
  if (b === undefined) throw new EncodeError(`${what}: '${String(text)}' is not an IPv4 or IPv6 address`);
  return b;
}

const ipv4Scratch = Buffer.alloc(4);

/** IPv4 or IPv6 address, told apart by length (what rtnetlink does for every attribute that carries one). */
export const ipAddress: Codec<string> = {
  kind: 'codec',
  name: 'IP address',
  decode(buf, start, end) {
    const len = end - start;
    if (len === 4) return formatIPv4(buf, start);
    if (len === 16) return formatIPv6(buf, start);
    return INVALID;
  },
  encode(value) {
    return ipAddressBytes(value);
  },
  encodeInto(w, rawType, value) {
    // The writer copies the bytes at once, so one scratch buffer serves every IPv4 address.
    if (typeof value === 'string' && !value.includes(':') && parseIPv4(value, ipv4Scratch) !== undefined) w.raw(rawType, ipv4Scratch);
    else w.raw(rawType, ipAddressBytes(value));
  },
};

/** Only an IPv4 address (IFLA_VXLAN_GROUP, ...). */
export const ipv4Address: Codec<string> = {
  kind: 'codec',
  name: 'IPv4 address',
  size: 4,
  decode(buf, start, end) {
    return end - start === 4 ? formatIPv4(buf, start) : INVALID;
  },
  encode(value) {
    const b = typeof value === 'string' ? parseIPv4(value) : undefined;
    if (b === undefined) throw new EncodeError(`'${String(value)}' is not an IPv4 address`);
    return b;
  },
};

/** Only an IPv6 address (IFLA_VXLAN_GROUP6, IFLA_INET6_TOKEN, ...). */
export const ipv6Address: Codec<string> = {
  kind: 'codec',
  name: 'IPv6 address',
  size: 16,
  decode(buf, start, end) {
    return end - start === 16 ? formatIPv6(buf, start) : INVALID;
  },
  encode(value) {
    const b = typeof value === 'string' ? parseIPv6(value) : undefined;
    if (b === undefined) throw new EncodeError(`'${String(value)}' is not an IPv6 address`);
    return b;
  },
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A link-layer address of any length as colon-separated hex ('02:00:00:00:00:01'), as iproute2 prints it. */
export const linkLayerAddress: Codec<string> = {
  kind: 'codec',
  name: 'link-layer address',
  decode(buf, start, end) {
    let s = '';
    for (let i = start; i < end; i++) s += i === start ? HEX[buf[i]] : ':' + HEX[buf[i]];
    return s;
  },
  encode(value) {
    if (typeof value !== 'string' || (value !== '' && !/^[0-9a-fA-F]{1,2}([:-][0-9a-fA-F]{1,2})*$/.test(value))) {
      throw new EncodeError(`'${String(value)}' is not a link-layer address (like 02:00:00:00:00:01)`);
    }
    return value === '' ? Buffer.alloc(0) : Buffer.from(value.split(/[:-]/).map((h) => parseInt(h, 16)));
  },
};

/** A packed array of integers (IFLA_INET_CONF, IFLA_INET6_CONF): decoded as number[]. */
export function integerArray(type: IntegerType): Codec<number[]> {
  const size = SCALAR_SIZE[type]!;
  return {
    kind: 'codec',
    name: `${type} array`,
    decode(buf, start, end) {
      if ((end - start) % size !== 0) return INVALID;
      const out = new Array<number>((end - start) / size);
      for (let i = 0; i < out.length; i++) out[i] = readInteger(type, buf, start + i * size);
      return out;
    },
    encode(value) {
      if (!Array.isArray(value)) throw new EncodeError(`${type} array: expected an array`);
      return Buffer.concat(value.map((v, i) => integerBytes(type, v, `${type} array[${i}]`)));
    },
  };
}

/** A packed array of u64 counters (IFLA_INET6_STATS, IFLA_INET6_ICMP6STATS): decoded as bigint[]. */
export const u64Array: Codec<bigint[]> = {
  kind: 'codec',
  name: 'u64 array',
  decode(buf, start, end) {
    if ((end - start) % 8 !== 0) return INVALID;
    const out = new Array<bigint>((end - start) / 8);
    for (let i = 0; i < out.length; i++) out[i] = buf.readBigUInt64LE(start + i * 8);
    return out;
  },
  encode(value) {
    if (!Array.isArray(value)) throw new EncodeError('u64 array: expected an array');
    return Buffer.concat(value.map((v, i) => scalarBytes(Kind.U64, v, `u64 array[${i}]`)));
  },
};

/** NLA_UINT: a u32 when the value fits, else a u64 (bigint), as the kernel's nla_put_uint chooses. */
export const unsignedInteger: Codec<number | bigint> = {
  kind: 'codec',
  name: 'unsigned integer',
  decode(buf, start, end) {
    if (end - start === 4) return buf.readUInt32LE(start);
    if (end - start === 8) return buf.readBigUInt64LE(start);
    return INVALID;
  },
  encode(value) {
    return typeof value === 'bigint' ? scalarBytes(Kind.U64, value, 'unsigned integer') : scalarBytes(Kind.U32, value, 'unsigned integer');
  },
};

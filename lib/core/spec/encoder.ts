// Encoding: a value of a description to bytes. A value built by the caller goes in declaration order; a decoded
// one goes back in its wire order, with what it kept, byte for byte (the rules are in wire.ts).
import { AttributeFlags, NLA_TYPE_MASK } from '../constants';
import { AttributeWriter, S64_MAX, S64_MIN, toBigInt, U64_MAX } from '../attributes';
import { EncodeError } from '../errors';
import { compiledOf, Compiled, CompiledField, Kind, SCALAR_KIND } from './compile';
import type { AttributeSet, MessageSpec, StructSpec } from './descriptions';
import { Codec, FieldDefs, IndexedType, StructMembers, StructValue, MessageType, MessageValue, NestedType, RawAttribute, SelectType, SetValue, StructType, ValueType } from './types';
import { hasPlace, INDEX_IDS, keptPlaces, originalBytes, remembersWire, STRUCT_EXTRA, STRUCT_LENGTH, WIRE_ORDER, WIRE_TRAILER, withoutTrailerPadding } from './wire';

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
export function scalarBytes(kind: Kind, v: any, what: string): Buffer {
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
      const set = (c.type as NestedType<AttributeSet<FieldDefs>>).set();
      const at = w.length;
      w.nested(id, (inner) => encodeSet(set, v, inner, what), flags === 0 ? !(WIRE_ORDER in v) : (flags & AttributeFlags.Nested) !== 0);
      // Content that did not parse ends in a kept trailer, padded by the writer: the nest's nla_len is the
      // original one without that padding (byte-exact), as finish() does for a whole message.
      const trailer: Buffer | undefined = v[WIRE_TRAILER];
      if (trailer !== undefined && trailer.length % 4 !== 0) w.storage.writeUInt16LE(w.length - at - (4 - (trailer.length % 4)), at);
      return;
    }
    case Kind.Indexed: {
      if (!Array.isArray(v)) throw new EncodeError(`${what}: expected an array`);
      const t = c.type as IndexedType<ValueType>;
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
      const sel = c.type as SelectType<Record<string, ValueType>>;
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
      w.raw(rawType, encodeStruct((c.type as StructType<StructSpec<StructMembers>>).struct, v, what));
      return;
    }
    case Kind.Message: {
      if (typeof v !== 'object' || v === null) throw new EncodeError(`${what}: expected an object`);
      const m = (c.type as MessageType<MessageSpec<StructMembers, FieldDefs>>).message() as MessageSpec<StructMembers, FieldDefs>;
      const inner = new AttributeWriter();
      encodeMessageInto(m, v, inner, what);
      w.raw(rawType, finish(inner, v));
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
export function encodeSetInto<S extends AttributeSet<FieldDefs>>(set: S, value: Partial<SetValue<S>>, w: AttributeWriter, what?: string, afterHeader?: boolean): void {
  encodeSet(set, value, w, what, afterHeader);
}

function encodeSet(set: AttributeSet<FieldDefs>, value: any, w: AttributeWriter, what = set.name, afterHeader = false): void {
  if (!remembersWire(value)) {
    encodeFields(set, value, w, what, afterHeader);
    return;
  }
  const order: readonly number[] | undefined = value[WIRE_ORDER];
  const unknown: RawAttribute[] = value.unknownAttributes ?? [];
  const usedUnknown = new Uint8Array(unknown.length);
  const done = new Set<string>();
  const multiCursor = new Map<string, number>();
  // Kept attributes that remember their place in the wire order go back exactly there.
  const unknownAt = keptPlaces(unknown, order, NLA_TYPE_MASK);

  const takeUnknown = (id: number, rawType: number): void => {
    for (let u = 0; u < unknown.length; u++) {
      if (usedUnknown[u] === 0 && unknown[u].type === id && !hasPlace(unknown[u])) {
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
            const original = originalBytes(value, i, v[at]);
            if (original !== undefined) w.raw(rawType, original);
            else writeValue(w, rawType, field, v[at], `${what}.${field.name}[${at}]`, value);
            continue;
          }
        } else if (v !== undefined) {
          done.add(field.name);
          const original = originalBytes(value, i, v);
          if (original !== undefined) w.raw(rawType, original);
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
function encodeFields(set: AttributeSet<FieldDefs>, value: any, w: AttributeWriter, what: string, afterHeader: boolean): void {
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
export function encodeStruct<S extends StructSpec<StructMembers>>(s: S, value: Partial<StructValue<S>>, what?: string): Buffer;
export function encodeStruct(s: StructSpec<StructMembers>, value: any, what = s.name): Buffer {
  const shortLength: number | undefined = value[STRUCT_LENGTH];
  const extra: Buffer | undefined = value[STRUCT_EXTRA];
  const buf = Buffer.alloc(s.size + (extra?.length ?? 0));
  encodeStructInto(s, value, buf, 0, what);
  if (extra !== undefined) buf.set(extra, s.size);
  return shortLength !== undefined && extra === undefined ? buf.subarray(0, shortLength) : buf;
}

/** Writes a struct's members into zeroed bytes at buf[base]. */
function encodeStructInto(s: StructSpec<StructMembers>, value: any, buf: Buffer, base: number, what: string): void {
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

function encodeMessageInto(m: MessageSpec<StructMembers, FieldDefs>, value: any, w: AttributeWriter, what: string): void {
  if (value[STRUCT_LENGTH] === undefined && value[STRUCT_EXTRA] === undefined) {
    const at = w.zeros(m.header.size); // (before reading w.storage: reserving may move it)
    encodeStructInto(m.header, value, w.storage, at, what);
  } else {
    w.bytes(encodeStruct(m.header, value, what));
  }
  encodeSet(m.attributes, value, w, what, true);
}

/** The writer's bytes, without the alignment padding the writer added after an unaligned trailer it kept. */
function finish(w: AttributeWriter, value: any): Buffer {
  return withoutTrailerPadding(w.toBuffer(), value);
}

/** Encodes a message payload (header struct + attributes). Throws EncodeError on values that cannot be encoded. */
export function encodeMessage<M extends MessageSpec<StructMembers, FieldDefs>>(m: M, value: Partial<MessageValue<M>>): Buffer {
  const w = new AttributeWriter(128);
  encodeMessageInto(m, value, w, m.name);
  return finish(w, value);
}

/** Encodes a bare attribute set. */
export function encodeAttributes<S extends AttributeSet<FieldDefs>>(set: S, value: Partial<SetValue<S>>): Buffer {
  const w = new AttributeWriter(128);
  encodeSet(set, value, w);
  return finish(w, value);
}


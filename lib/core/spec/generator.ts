// The decoder generator: from an attribute set, struct or message description, the source of a decoder made with
// new Function, specialised to that description. It knows nothing of decoding otherwise: the helpers generated
// code calls come in as `runtime` (the interpreter's), so generator and interpreter do not import each other.
//
// Each attribute set, struct and message gets a decoder generated from its description the first time it is
// used: a switch over attribute ids with the value reads inlined and the property names written as literals, so
// V8 sees plain monomorphic property stores. Everything unusual (errors, unknown attributes, nested values) goes
// through the runtime's ordinary functions.
import { NLA_TYPE_MASK } from '../constants';
import { Kind, SCALAR_KIND, CompiledField, Compiled } from './compile';
import type { AttributeSet, MessageSpec, StructSpec } from './descriptions';
import type { Codec, FieldDefs, StructMembers, StructType, INVALID } from './types';
import { INTERN_SLOTS } from './wire';

/** The helpers generated decoders call; passed in rather than captured so the generated code stays small. */
export interface DecoderRuntime {
  readonly INVALID: typeof INVALID;
  readonly WIRE_ORDER: symbol;
  readonly WIRE_TRAILER: symbol;
  readonly STRUCT_EXTRA: symbol;
  readonly STRUCT_LENGTH: symbol;
  readonly internCache: Array<readonly number[] | undefined>;
  readonly internHashes: Int32Array;
  readonly internHashes2: Int32Array;
  wordsOf(buf: Uint8Array): Int32Array | null;
  internOrder(buf: Buffer, start: number, hash: number, hash2: number, n: number): readonly number[];
  addUnknown(out: any, type: number, value: Buffer, orderIndex: number): void;
  decodeValue(c: Compiled, buf: Buffer, start: number, end: number, out: any, what: string): any;
  decodeStringAttribute(out: any, buf: Buffer, start: number, end: number, orderIndex: number): string;
  decodeStructPartial(s: StructSpec<StructMembers>, buf: Buffer, start: number, end: number, out: any): void;
  invalid(what: string, c: Compiled, start: number, len: number): typeof INVALID;
  report(message: string, offset: number): void;
  keep(out: any, field: CompiledField, what: string, buf: Buffer, vs: number, ve: number, n: number, malformed: boolean | null): void;
  structDecoderOf(field: CompiledField): StructDecoder;
  trailer(out: any, name: string, buf: Buffer, off: number, end: number): void;
}

/**
 * Generated decoders take the buffer's words (wordsOf(buf)) from a caller that has them, and look them up
 * otherwise; they read whole aligned u32/s32 values through them when the region starts 4-byte aligned.
 */
export type SetDecoder = (buf: Buffer, start: number, end: number, out: any, words?: Int32Array | null) => void;
/** Fills `out` and returns it. */
export type StructDecoder = ((buf: Buffer, start: number, end: number, out: any, words?: Int32Array | null) => any) & {
  /** Makes the object a struct decodes into when it stands alone (an attribute's value): see reservingConstructor. */
  Decoded: new () => object;
};
export type MessageDecoder = (buf: Buffer, start: number, end: number) => any;

// Generated decoders are kept on the descriptions themselves (a property load is cheaper than a WeakMap lookup).
export const DECODER: unique symbol = Symbol('netlink.decoder');

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

export function setDecoder(set: AttributeSet<FieldDefs>, runtime: DecoderRuntime): SetDecoder {
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
      const struct = (f.type as StructType<StructSpec<StructMembers>>).struct as StructSpec<StructMembers>;
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
function structMemberCode(s: StructSpec<StructMembers>, base: string): { expr: string[]; isCodec: boolean[] } {
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
function enumTables(s: StructSpec<StructMembers>): string {
  return s.codecs.map((c, i) => (inlinesEnum(c) ? `const T${i} = C[${i}].table;` : '')).join(' ');
}

export function structDecoder(s: StructSpec<StructMembers>, runtime: DecoderRuntime): StructDecoder {
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
  const partial = (buf: Buffer, start: number, end: number, out: any) => runtime.decodeStructPartial(s, buf, start, end, out);
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
export function messageDecoder(m: MessageSpec<StructMembers, FieldDefs>, runtime: DecoderRuntime): MessageDecoder {
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
  const headerPartial = (buf: Buffer, start: number, end: number, out: any) => runtime.decodeStructPartial(h, buf, start, end, out);
  d = new Function('rt', 'C', 'decodeAttributes', 'headerPartial', source)(runtime, h.codecs, setDecoder(m.attributes, runtime), headerPartial) as MessageDecoder;
  (m as any)[DECODER] = d;
  return d;
}


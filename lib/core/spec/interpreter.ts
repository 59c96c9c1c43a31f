// Decoding: the interpreter (one value of any described type, struct members one by one), the error sink of the
// decode in progress, and the public entry points, which run the decoders the generator makes for each
// description (see generator.ts) with this module's helpers as their runtime.
//
// Decoding never throws on wire data. Malformed values become DecodeErrors (with their byte offset) collected on
// the top-level object's `decodeErrors`, and their bytes are kept (see wire.ts).
import { DecodeError } from '../errors';
import { compiledOf, Compiled, CompiledField, Kind, scalarTypeOf, typeName } from './compile';
import type { AttributeSet, MessageSpec, StructSpec } from './descriptions';
import {
  DECODER,
  DecoderRuntime,
  MessageDecoder,
  messageDecoder as generateMessageDecoder,
  setDecoder as generateSetDecoder,
  StructDecoder,
  structDecoder as generateStructDecoder,
  SetDecoder,
} from './generator';
import { Codec, DecodeProblems, FieldDefs, IndexedType, StructMembers, INVALID, MessageType, MessageValue, NestedType, SelectType, SetValue, StructType, StructValue, ValueType } from './types';
import { addUnknown, decodeStringAttribute, INDEX_IDS, internCache, internHashes, internHashes2, internOrder, STRUCT_EXTRA, STRUCT_LENGTH, WIRE_ORDER, WIRE_TRAILER } from './wire';


/** Errors of the decode in progress; decoding is synchronous and codecs may recurse, so one sink suffices. */
let errors: DecodeError[] | null = null;
/** Offset of the start of the top-level buffer region, so error offsets count from the message payload. */
let errorBase = 0;

function report(message: string, offset: number): void {
  const e = new DecodeError(message, offset - errorBase);
  if (errors === null) errors = [e];
  else errors.push(e);
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
      setDecoder((c.type as NestedType<AttributeSet<FieldDefs>>).set())(buf, start, end, obj);
      return obj;
    }
    case Kind.Indexed:
      return decodeIndexed(c.type as IndexedType<ValueType>, buf, start, end, what);
    case Kind.Select: {
      const sel = c.type as SelectType<Record<string, ValueType>>;
      const key = out[sel.by];
      const choice: ValueType | undefined = typeof key === 'string' ? sel.choices[key] : undefined;
      // An unknown kind (or a discriminator that has not arrived) keeps the bytes as they are.
      if (choice === undefined) return buf.subarray(start, end);
      return decodeValue(compiledOf(choice), buf, start, end, out, what);
    }
    case Kind.Struct: {
      const s = (c.type as StructType<StructSpec<StructMembers>>).struct as StructSpec<StructMembers>;
      if (len < s.minSize) break;
      const decode = structDecoder(s);
      return decode(buf, start, end, new decode.Decoded());
    }
    case Kind.Message: {
      const m = (c.type as MessageType<MessageSpec<StructMembers, FieldDefs>>).message() as MessageSpec<StructMembers, FieldDefs>;
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

function decodeIndexed(t: IndexedType<ValueType>, buf: Buffer, start: number, end: number, what: string): any[] {
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
const runtime: DecoderRuntime = {
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
  decodeStructPartial,
  invalid,
  report,
  /** A malformed (reported here unless `malformed` is null: already reported) or repeated attribute. */
  keep(out: any, field: CompiledField, what: string, buf: Buffer, vs: number, ve: number, n: number, malformed: boolean | null): void {
    if (malformed === true) invalid(what, field, vs, ve - vs);
    addUnknown(out, field.id, buf.subarray(vs, ve), n - 1);
  },
  structDecoderOf(field: CompiledField): StructDecoder {
    return structDecoder((field.type as StructType<StructSpec<StructMembers>>).struct as StructSpec<StructMembers>);
  },
  trailer(out: any, name: string, buf: Buffer, off: number, end: number): void {
    report(`${name}: ${end - off} trailing bytes do not form an attribute`, off);
    out[WIRE_TRAILER] = buf.subarray(off, end);
  },
};

/** The generic, member-by-member path for structs shorter than their full size. */
function decodeStructPartial(s: StructSpec<StructMembers>, buf: Buffer, start: number, end: number, out: any): void {
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

/**
 * Decodes a message payload (header struct + attributes). Never throws: problems are listed in `decodeErrors`
 * (offsets counted from `start`), and bytes that could not be decoded are kept.
 */
export function decodeMessage<M extends MessageSpec<StructMembers, FieldDefs>>(m: M, buf: Buffer, start = 0, end = buf.length): MessageValue<M> {
  return decodeTopLevel(m, (m as any)[DECODER] ?? messageDecoder(m), buf, start, end);
}

/**
 * decodeMessage(m, ...) bound to one kind, for hot loops: a single call per message instead of three. The
 * decoder is generated on the first call.
 */
export function messageDecoderAt<M extends MessageSpec<StructMembers, FieldDefs>>(m: M): (buf: Buffer, start: number, end: number) => MessageValue<M> {
  let decoder: MessageDecoder | undefined;
  return function decodeAt(buf: Buffer, start: number, end: number): MessageValue<M> {
    return decodeTopLevel(m, (decoder ??= messageDecoder(m)), buf, start, end);
  };
}

/** A message decoded from the top: a fresh error sink, and what it collected attached to the result. */
function decodeTopLevel(m: MessageSpec<StructMembers, FieldDefs>, decoder: MessageDecoder, buf: Buffer, start: number, end: number): any {
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
export function decodeAttributes<S extends AttributeSet<FieldDefs>>(set: S, buf: Buffer, start = 0, end = buf.length): SetValue<S> & DecodeProblems {
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
export function decodeStruct<S extends StructSpec<StructMembers>>(s: S, buf: Buffer, start = 0, end = buf.length): StructValue<S> & DecodeProblems {
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
export function decodeNestedAttributes(set: AttributeSet<FieldDefs>, buf: Buffer, start: number, end: number, out: object): void {
  setDecoder(set)(buf, start, end, out);
}

/** For codecs: reports a problem to the decode in progress. */
export function reportDecodeError(message: string, offset: number): void {
  report(message, offset);
}


function setDecoder(set: AttributeSet<FieldDefs>): SetDecoder {
  return generateSetDecoder(set, runtime);
}

function structDecoder(s: StructSpec<StructMembers>): StructDecoder {
  return generateStructDecoder(s, runtime);
}

function messageDecoder(m: MessageSpec<StructMembers, FieldDefs>): MessageDecoder {
  return generateMessageDecoder(m, runtime);
}

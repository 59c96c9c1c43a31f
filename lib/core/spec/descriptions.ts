// The descriptions a family writes: an attribute set (one nlattr namespace), a fixed C struct, and a message (a
// header struct followed by an attribute set). Each compiles its members once, when it is made.
import { NLA_TYPE_MASK } from '../constants';
import { compile, CompiledField, Kind } from './compile';
import { Codec, FieldDefs, IntegerType, StructMembers } from './types';

/** An attribute set: one nlattr namespace, its fields by name (made by {@link attributeSet}). */
export class AttributeSet<F extends FieldDefs> {
  /** The set's name, used in error messages ('link', 'linkinfo'). */
  readonly name: string;
  /** The fields, as described. */
  readonly fields: F;
  /** Field descriptions indexed by attribute id (holes for unknown ids). */
  private readonly byId: Array<CompiledField | undefined>;
  /** Declaration order, used when encoding an object that was not decoded. */
  private readonly list: CompiledField[];
  private readonly byName: Map<string, CompiledField>;

  /** Compiles the fields; throws a TypeError for a bad or repeated id. */
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
  shadowHeader(name: string, headerType: IntegerType | Codec<unknown>): void {
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

/** Describes an attribute set: field name → { id, type, multi? }. */
export function attributeSet<const F extends FieldDefs>(name: string, fields: F): AttributeSet<F> {
  return new AttributeSet(name, fields);
}

/** A fixed C struct: members at fixed offsets. Longer input is accepted (extra bytes kept); shorter input
 * decodes the members that fit when it is at least `minSize` long. */
export class StructSpec<M extends StructMembers> {
  /** The struct's C name, used in error messages ('ifinfomsg'). */
  readonly name: string;
  /** Its size in bytes (what is encoded). */
  readonly size: number;
  /** The shortest input that decodes (older kernels' shorter struct). */
  readonly minSize: number;
  /** The members, as described: name → [offset, type]. */
  readonly members: M;
  /** @internal */ readonly names: string[];
  /** @internal */ readonly offsets: number[];
  /** @internal */ readonly kinds: Kind[];
  /** @internal */ readonly sizes: number[];
  /** @internal */ readonly codecs: Array<Codec<unknown> | undefined>;

  /** Compiles the members; throws a TypeError for a member that has no fixed size or does not fit. */
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
      const memberSize = c.kind === Kind.Codec ? (type as Codec<unknown>).size : c.size;
      if (memberSize === undefined || memberSize < 0) throw new TypeError(`${name}.${key}: struct members need a fixed size`);
      if (offset + memberSize > size) throw new TypeError(`${name}.${key}: does not fit in ${size} bytes`);
      this.names.push(key);
      this.offsets.push(offset);
      this.kinds.push(c.kind);
      this.sizes.push(memberSize);
      this.codecs.push(c.kind === Kind.Codec ? (type as Codec<unknown>) : undefined);
    }
  }
}

/** Describes a fixed C struct of `size` bytes: member name → [offset, type]. */
export function structSpec<const M extends StructMembers>(name: string, size: number, members: M, minSize = size): StructSpec<M> {
  return new StructSpec(name, size, members, minSize);
}

/** A whole message payload: a fixed header struct followed by an attribute set. */
export class MessageSpec<H extends StructMembers, F extends FieldDefs> {
  /** Links the header's members to attributes of the same name that widen them. */
  constructor(
    /** The message's name, used in error messages ('link'). */
    readonly name: string,
    /** The fixed struct at the payload's start. */
    readonly header: StructSpec<H>,
    /** The attributes after it. */
    readonly attributes: AttributeSet<F>,
  ) {
    for (const member of header.names) attributes.shadowHeader(member, header.members[member][1] as IntegerType | Codec<unknown>);
  }
}

/** Describes a message payload: a header struct, then an attribute set. */
export function messageSpec<H extends StructMembers, F extends FieldDefs>(
  name: string,
  header: StructSpec<H>,
  attributes: AttributeSet<F>,
): MessageSpec<H, F> {
  return new MessageSpec(name, header, attributes);
}


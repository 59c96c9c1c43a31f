// A FamilyDescription turned into the core's spec model (attribute sets, structs, messages, codecs), built
// lazily, one set at a time, so a family pays only for the messages it uses. Property names are the spec's
// names in camelCase ('dev-name' → devName); `specName` maps them back for YNL-style output.
import { EncodeError, spec } from '../../core';
import type { AttributeDescription, FamilyDescription, MemberDescription, OperationDescription } from './description';
import { integerSize } from './description';
import { bitfield32, fixedBytes, fixedString, flags64, integerCodec, signedInteger, sized, typeValueNest } from './codecs';

type AnySet = spec.AttributeSet<spec.FieldDefs>;
type AnyStruct = spec.StructSpec<spec.StructMembers>;

/** 'dev-name' → 'devName' (the property name of a spec name). */
export function camelCase(name: string): string {
  return name.replace(/[-_.]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The layout of a message: the family's fixed header (if any), then an attribute set. */
export interface MessageLayout {
  /** The family's fixed header (struct) that precedes the attributes, for families that have one. */
  header?: spec.StructSpec<spec.StructMembers>;
  /** The attribute set the message's attributes belong to. */
  set: spec.AttributeSet<spec.FieldDefs>;
  /** The header and set as one message spec (when there is a header). */
  message?: spec.MessageSpec<spec.StructMembers, spec.FieldDefs>;
}

/**
 * A FamilyDescription turned into the core's codecs: the attribute sets, structs, enums and message layouts its
 * operations use, built lazily one set at a time, and its operations looked up by name or by the message id of a reply
 * or notification.
 */
export class CompiledFamily {
  private readonly sets = new Map<string, AnySet>();
  private readonly structs = new Map<string, AnyStruct>();
  private readonly enums = new Map<string, spec.Codec<any>>();
  private readonly layouts = new Map<string, MessageLayout>();
  private readonly byName = new Map<string, OperationDescription>();
  private readonly byReply = new Map<number, OperationDescription>();
  private readonly byNotification = new Map<number, OperationDescription>();

  /**
   * Indexes the operations of `description`; the codecs are built on first use.
   * @param description The family as its spec describes it, normalized (what the codecs are built from).
   */
  constructor(readonly description: FamilyDescription) {
    for (const op of description.operations) {
      this.byName.set(op.name, op);
      // the first operation with a reply id names it (an op's notification shares its do's reply id)
      if (op.replyValue !== undefined && !this.byReply.has(op.replyValue)) this.byReply.set(op.replyValue, op);
      const notifies = op.event !== undefined || op.notify !== undefined;
      if (notifies && op.replyValue !== undefined && !this.byNotification.has(op.replyValue)) this.byNotification.set(op.replyValue, op);
    }
  }

  /** An operation by its spec name ('linkinfo-get'). */
  operation(name: string): OperationDescription | undefined {
    return this.byName.get(name);
  }

  /** The operation (or notification) whose replies carry message id `value`. */
  operationByReply(value: number): OperationDescription | undefined {
    return this.byReply.get(value);
  }

  /**
   * The notification a multicast message with id `value` is: an event or notify operation first, since in a
   * directional family (thermal) a request's reply and an event may share an id; else the reply's operation.
   */
  operationByNotification(value: number): OperationDescription | undefined {
    return this.byNotification.get(value) ?? this.byReply.get(value);
  }

  /** The core attribute set for the spec's set `name`. */
  set(name: string): spec.AttributeSet<spec.FieldDefs> {
    let s = this.sets.get(name);
    if (s === undefined) {
      const d = this.description.attributeSets[name];
      if (!d) throw new EncodeError(`${this.description.name}: no attribute set '${name}'`);
      const fields: spec.FieldDefs = {};
      for (const a of d.attributes) {
        const type = this.attributeType(a, name);
        if (type === undefined) continue;
        fields[camelCase(a.name)] = a.multiAttr ? { id: a.id, type, multi: true } : { id: a.id, type };
      }
      s = spec.attributeSet(name, fields);
      this.sets.set(name, s);
    }
    return s;
  }

  /** The core struct for the spec's struct `name`. */
  struct(name: string): spec.StructSpec<spec.StructMembers> {
    let s = this.structs.get(name);
    if (s === undefined) {
      const d = this.description.structs[name];
      if (!d) throw new EncodeError(`${this.description.name}: no struct '${name}'`);
      const members: spec.StructMembers = {};
      for (const m of d.members) {
        if (m.type === 'pad') continue;
        members[camelCase(m.name)] = [m.offset, this.memberType(m)];
      }
      s = spec.structSpec(name, d.size, members);
      this.structs.set(name, s);
    }
    return s;
  }

  /** The layout of an operation's messages: its fixed header (the op's, else the family's) and its set. */
  layout(op: OperationDescription): MessageLayout {
    const setName = op.attributeSet ?? (op.notify ? this.operation(op.notify)?.attributeSet : undefined);
    const headerName = op.fixedHeader ?? (op.notify ? this.operation(op.notify)?.fixedHeader : undefined) ?? this.description.fixedHeader;
    const key = `${headerName ?? ''}/${setName ?? ''}`;
    let layout = this.layouts.get(key);
    if (layout === undefined) {
      const set = setName !== undefined ? this.set(setName) : spec.attributeSet(`${op.name} (no attributes)`, {});
      if (headerName !== undefined) {
        const header = this.struct(headerName);
        layout = { header, set, message: spec.messageSpec(`${this.description.name} ${op.name}`, header, set) };
      } else {
        layout = { set };
      }
      this.layouts.set(key, layout);
    }
    return layout;
  }

  /** The spec name of a property of set `setName` ('devName' → 'dev-name'), for YNL-style output. */
  specName(setName: string, property: string): string {
    return this.names(setName).get(property) ?? property;
  }

  private readonly nameMaps = new Map<string, Map<string, string>>();
  private names(setName: string): Map<string, string> {
    let m = this.nameMaps.get(setName);
    if (m === undefined) {
      m = new Map((this.description.attributeSets[setName]?.attributes ?? []).map((a) => [camelCase(a.name), a.name]));
      this.nameMaps.set(setName, m);
    }
    return m;
  }

  private enumCodec(name: string, integer: spec.IntegerType, asFlags: boolean): spec.Codec<any> {
    const key = `${name}/${integer}/${asFlags}`;
    let c = this.enums.get(key);
    if (c === undefined) {
      const d = this.description.enums[name];
      const names: Record<number, string> = {};
      for (const [entry, value] of Object.entries(d.entries)) names[value] = entry;
      c = asFlags || d.type === 'flags' ? spec.flagsOf(name, integer, names) : spec.enumOf(name, integer, names);
      this.enums.set(key, c);
    }
    return c;
  }

  private integerType(type: string, bigEndian: boolean, enumName: string | undefined, asFlags: boolean, hint: string | undefined): spec.ValueType | undefined {
    const size = integerSize(type);
    if (size === undefined) return undefined;
    const signed = type.startsWith('s');
    if (hint === 'ipv4' && size === 4) return spec.ipv4Address;
    const core = size === 8 ? (bigEndian ? undefined : type) : bigEndian && size > 1 ? (signed ? undefined : `${type}be`) : type;
    if (enumName !== undefined && core !== undefined && size <= 4) return this.enumCodec(enumName, core as spec.IntegerType, asFlags);
    if (enumName !== undefined && size === 8 && !bigEndian && (asFlags || this.description.enums[enumName].type === 'flags')) {
      return flags64(enumName, this.description.enums[enumName].entries);
    }
    return core !== undefined ? (core as spec.IntegerType | spec.BigIntegerType) : integerCodec(size as 1 | 2 | 4 | 8, signed, bigEndian);
  }

  private memberType(m: MemberDescription): spec.IntegerType | spec.BigIntegerType | spec.Codec<any> {
    const t = this.integerType(m.type, m.byteOrder === 'big-endian', m.enum, m.enumAsFlags === true, m.displayHint);
    if (t !== undefined) {
      return typeof t === 'string' ? (t as spec.IntegerType) : (t as spec.Codec<any>).size !== undefined ? (t as spec.Codec<any>) : sized(t as spec.Codec<any>, m.len);
    }
    if (m.struct) return structCodec(this.struct(m.struct));
    if (m.displayHint === 'ipv4' && m.len === 4) return spec.ipv4Address;
    if (m.displayHint === 'ipv6' && m.len === 16) return sized(spec.ipv6Address, 16);
    if (m.displayHint === 'mac') return sized(spec.linkLayerAddress, m.len);
    if (m.type === 'string') return fixedString(m.len);
    return fixedBytes(m.len);
  }

  /** The core value type of an attribute (undefined: `unused`, not part of the set). */
  private attributeType(a: AttributeDescription, setName: string): spec.ValueType | undefined {
    const bigEndian = a.byteOrder === 'big-endian';
    switch (a.type) {
      case 'unused':
        return undefined;
      case 'pad':
        return 'binary';
      case 'flag':
        return 'flag';
      case 'string':
        return 'string';
      case 'uint':
        return spec.unsignedInteger;
      case 'sint':
        return signedInteger;
      case 'bitfield32':
        return bitfield32;
      case 'nest':
        return spec.nested(() => this.set(a.nestedAttributes!));
      case 'indexed-array': {
        const item =
          a.subType === 'nest' || a.subType === undefined
            ? spec.nested(() => this.set(a.nestedAttributes!))
            : this.scalarItem(a.subType, a, setName);
        return spec.indexed(item);
      }
      case 'nest-type-value':
        return typeValueNest(a.typeValue?.length ?? 1, () => this.set(a.nestedAttributes!));
      case 'sub-message': {
        const choices: Record<string, spec.ValueType> = {};
        for (const f of this.description.subMessages[a.subMessage!]) {
          if (f.fixedHeader && f.attributeSet) {
            const header = this.struct(f.fixedHeader);
            const set = this.set(f.attributeSet);
            choices[f.value] = spec.message(() => spec.messageSpec(`${a.subMessage} ${f.value}`, header, set));
          } else if (f.fixedHeader) choices[f.value] = spec.struct(this.struct(f.fixedHeader));
          else if (f.attributeSet) {
            const name = f.attributeSet;
            choices[f.value] = spec.nested(() => this.set(name));
          }
        }
        return spec.select(camelCase(a.selector!), choices);
      }
      case 'binary':
        if (a.struct) return spec.struct(this.struct(a.struct));
        if (a.displayHint === 'ipv4') return spec.ipv4Address;
        if (a.displayHint === 'ipv6') return spec.ipv6Address;
        if (a.displayHint === 'mac') return spec.linkLayerAddress;
        if (a.subType && integerSize(a.subType)) return spec.integerArray(a.subType as spec.IntegerType);
        return 'binary';
      default: {
        const t = this.integerType(a.type, bigEndian, a.enum, a.enumAsFlags === true, a.displayHint);
        if (t === undefined) throw new EncodeError(`${this.description.name}: ${setName}.${a.name} has type '${a.type}', which this library does not know`);
        return t;
      }
    }
  }

  private scalarItem(subType: string, a: AttributeDescription, setName: string): spec.ValueType {
    if (subType === 'binary') return a.struct ? spec.struct(this.struct(a.struct)) : 'binary';
    if (subType === 'string') return 'string';
    const t = this.integerType(subType, a.byteOrder === 'big-endian', a.enum, a.enumAsFlags === true, a.displayHint);
    if (t === undefined) throw new EncodeError(`${this.description.name}: ${setName}.${a.name} has sub-type '${subType}'`);
    return t;
  }
}

/** A struct as a codec, for a struct member that is itself a struct. */
function structCodec(s: AnyStruct): spec.Codec<object> {
  return {
    kind: 'codec',
    name: s.name,
    size: s.size,
    decode(buf, start, end) {
      return end - start === s.size ? spec.decodeStruct(s, buf, start, end) : spec.INVALID;
    },
    encode(value) {
      return spec.encodeStruct(s, value);
    },
  };
}

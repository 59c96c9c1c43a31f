// A netlink spec in the kernel's YAML format (Documentation/netlink/specs), normalized: attribute ids, enum
// values and message ids computed once, subsets resolved, everything plain JSON. The build compiles the vendored
// YAML into these (lib/genl/ynl/generated), and loadSpec() does the same for a file a user brings.

/** The schema a spec follows (its `protocol:`; absent means genetlink). */
export type SpecProtocol = 'genetlink' | 'genetlink-c' | 'genetlink-legacy' | 'netlink-raw';

/** An enum or flags definition: entry name → value (for flags, the mask: 1 << position). */
export interface EnumDescription {
  /** Whether entries are values (`enum`) or bits (`flags`), which decides how a value decodes. */
  type: 'enum' | 'flags';
  /** Entry name → its value; for flags the mask (1 << position), so a value decodes to the names of its bits. */
  entries: Record<string, number>;
}

/** One member of a fixed struct, at `offset`. */
export interface MemberDescription {
  /** The spec's member name (dash-case); the decoded property is its camelCase. */
  name: string;
  /** The member's wire type: an integer type (u8 ... s64), `binary`, `string` or `pad`. */
  type: string;
  /** Where the member starts, in bytes from the start of the struct (the spec gives order and sizes only). */
  offset: number;
  /** Size in bytes (binary and pad members say it; integers have their own). */
  len: number;
  /** The integer's byte order when it is not the host's (`big-endian` for ports and addresses). */
  byteOrder?: 'big-endian' | 'little-endian';
  /** The enum or flags definition whose names the value decodes to. */
  enum?: string;
  /** Whether the value is a set of the enum's bits rather than one of its values. */
  enumAsFlags?: boolean;
  /** How the spec suggests showing the value (`hex`, `mac`, `ipv4`, ...); decoding ignores it. */
  displayHint?: string;
  /** A member that is itself a struct (tc's rate specs). */
  struct?: string;
}

/** A fixed struct (a family header such as nfgenmsg, or a binary attribute's layout). */
export interface StructDescription {
  /** The struct's size in bytes, as it is on the wire. */
  size: number;
  /** The members in order, pads included (decoding skips them). */
  members: MemberDescription[];
}

/** Value checks the kernel's policy applies (`checks:`). */
export interface ChecksDescription {
  /** The smallest value the kernel accepts: a number, or the name of one of the spec's constants. */
  min?: number | string;
  /** The largest value the kernel accepts: a number, or the name of one of the spec's constants. */
  max?: number | string;
  /** The shortest payload in bytes (binary and string attributes) the kernel accepts. */
  'min-len'?: number | string;
  /** The longest payload in bytes (binary and string attributes) the kernel accepts. */
  'max-len'?: number | string;
  /** The only payload length in bytes the kernel accepts. */
  'exact-len'?: number | string;
  /** Checks newer specs add (`unterminated-ok`, `sparse`, ...), kept as the spec wrote them. */
  [other: string]: unknown;
}

/** One attribute of a set. */
export interface AttributeDescription {
  /** The spec's attribute name (dash-case); the decoded property is its camelCase. */
  name: string;
  /** The attribute's type number on the wire (nla_type), as the spec's order or `value:` makes it. */
  id: number;
  /** The spec's attribute type: an integer type, `flag`, `string`, `binary`, `nest`, `indexed-array`, `sub-message`, ... */
  type: string;
  /** The spec's description of the attribute, when it has one. */
  doc?: string;
  /** The integer's byte order when it is not the host's (`big-endian` for ports and addresses). */
  byteOrder?: 'big-endian' | 'little-endian';
  /** The enum or flags definition whose names the value decodes to. */
  enum?: string;
  /** Whether the value is a set of the enum's bits rather than one of its values. */
  enumAsFlags?: boolean;
  /** For binary attributes: the struct whose layout the payload has, decoded member by member. */
  struct?: string;
  /** For nests and indexed arrays: the attribute set their contents belong to. */
  nestedAttributes?: string;
  /** For indexed arrays and binary arrays: the type of each element. */
  subType?: string;
  /** Whether the attribute may repeat in a message; it decodes to an array of its values. */
  multiAttr?: boolean;
  /** How the spec suggests showing the value (`hex`, `mac`, `ipv4`, ...); decoding ignores it. */
  displayHint?: string;
  /** For sub-messages: the sub-message whose format the selector attribute chooses. */
  subMessage?: string;
  /** For sub-messages: the sibling attribute whose value chooses the format (`kind` for rt-link's linkinfo). */
  selector?: string;
  /** For type-value nests: the names the nesting levels' attribute types stand for (the type is the value). */
  typeValue?: string[];
  /** What the kernel's policy accepts for the attribute, as the spec states it. */
  checks?: ChecksDescription;
  /** For fixed-size binary attributes: the payload length in bytes. */
  len?: number;
}

/** A named attribute set: the attributes one message (or one nest) may carry. */
export interface AttributeSetDescription {
  /** The set's attributes in id order, `unused` ones (id 0 usually) included so ids stay as the spec counts them. */
  attributes: AttributeDescription[];
}

/** One format of a sub-message: chosen when the selector attribute's value is `value`. */
export interface SubMessageFormat {
  /**
   * The selector attribute's value that chooses this format (`'vlan'`, `'bridge'`, ... for rt-link's linkinfo `kind`).
   */
  value: string;
  /** The attribute set the sub-message carries in this format, when it carries attributes. */
  attributeSet?: string;
  /** The struct the sub-message is (or starts with) in this format, when it has one. */
  fixedHeader?: string;
}

/** The attributes of one direction of an operation. */
export interface MessageDescription {
  /** The names of the attributes (in the operation's attribute set) this message may carry. */
  attributes: string[];
}

/** An operation or notification: its message ids, attribute set, and the messages of its do and dump. */
export interface OperationDescription {
  /** The spec's operation name (dash-case); the generated client's method is its camelCase. */
  name: string;
  /** The spec's description of the operation, when it has one. */
  doc?: string;
  /** The message id (genl cmd, or nlmsg_type for netlink-raw) of requests; absent for notifications. */
  requestValue?: number;
  /** The message id of replies and notifications. */
  replyValue?: number;
  /** The attribute set the operation's messages carry. */
  attributeSet?: string;
  /** The family header this operation uses, when it differs from the family's `fixedHeader`. */
  fixedHeader?: string;
  /** The operation's flags as the spec names them (`admin-perm`, ...): what the kernel requires of the caller. */
  flags?: string[];
  /** The request and reply of the operation's `do` (one object), when it has one. */
  do?: {
    /** What the request may carry; absent when the spec gives no request (nothing but the header is sent). */
    request?: MessageDescription;
    /** What the reply carries; absent when the operation answers with an ACK only. */
    reply?: MessageDescription;
  };
  /** The request and reply of the operation's `dump` (every object), when it has one. */
  dump?: {
    /** What the dump request may carry (filters); absent when the spec gives none. */
    request?: MessageDescription;
    /** What each object of the dump carries. */
    reply?: MessageDescription;
  };
  /** A notification with the named operation's reply. */
  notify?: string;
  /** A notification with its own attributes. */
  event?: MessageDescription;
  /** The multicast group a notification is sent to. */
  mcgrp?: string;
}

/** A family, normalized. */
export interface FamilyDescription {
  /** The family's name: the genl family name to resolve, or the raw family's name for messages. */
  name: string;
  /** The spec's description of the family, when it has one. */
  doc?: string;
  /** The schema the spec follows, which decides the socket and the message header. */
  protocol: SpecProtocol;
  /** netlink-raw: the netlink protocol number (NETLINK_ROUTE 0, NETLINK_NETFILTER 12). */
  protonum?: number;
  /** genetlink: the version sent in the genl header (the spec's `version:`, default 1). */
  version: number;
  /** Enum and flags definitions by name. */
  enums: Record<string, EnumDescription>;
  /** Fixed structs by name (family headers and binary attributes' layouts). */
  structs: Record<string, StructDescription>;
  /** Named constants the spec defines (used in checks and lengths). */
  consts: Record<string, number | string>;
  /** Attribute sets by name. */
  attributeSets: Record<string, AttributeSetDescription>;
  /** Sub-messages by name: the formats a selector attribute chooses between. */
  subMessages: Record<string, SubMessageFormat[]>;
  /** The family's operations and notifications, in the spec's order. */
  operations: OperationDescription[];
  /** Group name → its id for netlink-raw (genetlink groups are resolved by name at run time). */
  mcastGroups: Array<{
    /** The group's name in the spec (`'monitor'`, `'rtnlgrp-link'`, ...). */
    name: string;
    /** netlink-raw: the group's number, to join; absent for genetlink (the controller gives the id at run time). */
    value?: number;
  }>;
  /** The family's own header for every operation (`operations: fixed-header:`). */
  fixedHeader?: string;
}

/** A spec file that does not follow the schema, named with where. */
export class SpecError extends Error {
  /** A stable code to test for, as Node's own errors carry one. */
  readonly code = 'ERR_NETLINK_SPEC';
  /** `message` names the spec and where in it the problem is. */
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

// A parsed YAML mapping, read loosely: describeFamily checks each value it uses.
type Yaml = Record<string, any>;

const INTEGER_SIZE: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

/** The size in bytes of an integer type name, or undefined. */
export function integerSize(type: string): number | undefined {
  return INTEGER_SIZE[type];
}

/** Normalizes a spec already parsed from YAML. Throws SpecError for what the schema does not allow. */
export function describeFamily(parsed: Record<string, unknown>): FamilyDescription {
  const y = parsed as Yaml;
  if (y === null || typeof y !== 'object' || typeof y.name !== 'string') throw new SpecError('a spec needs a name');
  const where = `spec '${y.name}'`;
  const protocol: SpecProtocol = y.protocol ?? 'genetlink';
  if (!['genetlink', 'genetlink-c', 'genetlink-legacy', 'netlink-raw'].includes(protocol)) throw new SpecError(`${where}: unknown protocol '${protocol}'`);
  const out: FamilyDescription = {
    name: y.name,
    protocol,
    version: typeof y.version === 'number' ? y.version : 1,
    enums: {},
    structs: {},
    consts: {},
    attributeSets: {},
    subMessages: {},
    operations: [],
    mcastGroups: [],
  };
  if (typeof y.doc === 'string') out.doc = y.doc.trim();
  if (protocol === 'netlink-raw') {
    if (typeof y.protonum !== 'number') throw new SpecError(`${where}: a netlink-raw spec needs protonum`);
    out.protonum = y.protonum;
  }
  const structs = new Map<string, Yaml>();
  for (const d of list(y.definitions)) {
    if (d.type === 'const') out.consts[d.name] = d.value;
    else if (d.type === 'enum' || d.type === 'flags') out.enums[d.name] = describeEnum(d);
    else if (d.type === 'struct') structs.set(d.name, d);
  }
  // a struct may hold another defined after it (tc): each is described on first need
  const structOf = (name: string): StructDescription | undefined => {
    const d = structs.get(name);
    if (d !== undefined && out.structs[name] === undefined) out.structs[name] = describeStruct(d, out, `${where}: struct ${name}`, structOf);
    return out.structs[name];
  };
  for (const name of structs.keys()) structOf(name);
  for (const s of list(y['attribute-sets'])) {
    if (typeof s.name !== 'string') throw new SpecError(`${where}: an attribute set without a name`);
    const parent = s['subset-of'];
    const attributes: AttributeDescription[] = [];
    let id = 1;
    for (const a of list(s.attributes)) {
      if (parent !== undefined) {
        if (attributes.some((x) => x.name === a.name)) continue; // listed twice (devlink's dl-dpipe-tables)
        const real = out.attributeSets[parent]?.attributes.find((x) => x.name === a.name);
        if (!real) throw new SpecError(`${where}: set ${s.name} is a subset of ${parent}, which has no ${a.name}`);
        attributes.push({ ...real, ...describeAttribute({ ...a, type: a.type ?? real.type }, real.id) });
        continue;
      }
      if (typeof a.value === 'number') id = a.value;
      if (a.type === undefined) throw new SpecError(`${where}: ${s.name}.${a.name} has no type`);
      attributes.push(describeAttribute(a, id));
      id++;
    }
    out.attributeSets[s.name] = { attributes };
  }
  for (const m of list(y['sub-messages'])) {
    out.subMessages[m.name] = list(m.formats).map((f) => {
      const format: SubMessageFormat = { value: String(f.value) };
      if (f['attribute-set']) format.attributeSet = f['attribute-set'];
      if (f['fixed-header']) format.fixedHeader = f['fixed-header'];
      return format;
    });
  }
  const ops = y.operations ?? {};
  if (ops['fixed-header']) out.fixedHeader = ops['fixed-header'];
  out.operations = describeOperations(ops, where);
  for (const g of list(y['mcast-groups']?.list)) out.mcastGroups.push(typeof g.value === 'number' ? { name: g.name, value: g.value } : { name: g.name });
  checkReferences(out, where);
  return out;
}

function list(v: unknown): Yaml[] {
  return Array.isArray(v) ? (v as Yaml[]) : [];
}

function describeEnum(d: Yaml): EnumDescription {
  const type = d.type as 'enum' | 'flags';
  const entries: Record<string, number> = {};
  let value = typeof d['value-start'] === 'number' ? d['value-start'] : 0;
  for (const e of list(d.entries)) {
    const entry = typeof e === 'string' ? { name: e as string } : e;
    if (typeof entry.value === 'number') value = entry.value;
    entries[entry.name] = type === 'flags' ? 2 ** value : value;
    value++;
  }
  return { type, entries };
}

function describeStruct(d: Yaml, family: FamilyDescription, where: string, structOf: (name: string) => StructDescription | undefined): StructDescription {
  const members: MemberDescription[] = [];
  let offset = 0;
  for (const m of list(d.members)) {
    const len =
      INTEGER_SIZE[m.type] ??
      (typeof m.len === 'number' ? m.len : typeof m.len === 'string' ? Number(family.consts[m.len]) : m.struct ? structOf(m.struct)?.size ?? NaN : NaN);
    if (!Number.isInteger(len)) throw new SpecError(`${where}: member ${m.name} (${m.type}) has no size`);
    const member: MemberDescription = { name: m.name, type: m.type, offset, len };
    if (m['byte-order']) member.byteOrder = m['byte-order'];
    if (m.enum) member.enum = m.enum;
    if (m['enum-as-flags']) member.enumAsFlags = true;
    if (m['display-hint']) member.displayHint = m['display-hint'];
    if (m.struct) member.struct = m.struct;
    members.push(member);
    offset += len;
  }
  return { size: offset, members };
}

function describeAttribute(a: Yaml, id: number): AttributeDescription {
  const out: AttributeDescription = { name: a.name, id, type: a.type };
  if (typeof a.doc === 'string') out.doc = a.doc.trim();
  if (a['byte-order']) out.byteOrder = a['byte-order'];
  if (a.enum) out.enum = a.enum;
  if (a['enum-as-flags']) out.enumAsFlags = true;
  if (a.struct) out.struct = a.struct;
  if (a['nested-attributes']) out.nestedAttributes = a['nested-attributes'];
  if (a['sub-type']) out.subType = a['sub-type'];
  if (a['multi-attr']) out.multiAttr = true;
  if (a['display-hint']) out.displayHint = a['display-hint'];
  if (a['sub-message']) out.subMessage = a['sub-message'];
  if (a.selector) out.selector = a.selector;
  if (a['type-value']) out.typeValue = a['type-value'];
  if (a.checks) out.checks = a.checks;
  if (typeof a.len === 'number') out.len = a.len;
  return out;
}

function messageOf(m: Yaml | undefined): MessageDescription | undefined {
  return m ? { attributes: list(m.attributes) as unknown as string[] } : undefined;
}

/** Message ids the way the kernel's YNL assigns them (enum-model unified or directional). */
function describeOperations(ops: Yaml, where: string): OperationDescription[] {
  const directional = ops['enum-model'] === 'directional';
  const out: OperationDescription[] = [];
  let req = 1;
  let rsp = 1;
  for (const o of list(ops.list)) {
    const op: OperationDescription = { name: o.name };
    if (typeof o.doc === 'string') op.doc = o.doc.trim();
    if (o['attribute-set']) op.attributeSet = o['attribute-set'];
    if (o['fixed-header']) op.fixedHeader = o['fixed-header'];
    if (Array.isArray(o.flags)) op.flags = o.flags;
    if (o.mcgrp) op.mcgrp = o.mcgrp;
    for (const mode of ['do', 'dump'] as const) {
      if (o[mode]) op[mode] = pruned({ request: messageOf(o[mode].request), reply: messageOf(o[mode].reply) });
    }
    if (o.notify) op.notify = o.notify;
    if (o.event) op.event = messageOf(o.event);
    if (!directional) {
      if (typeof o.value === 'number') req = o.value;
      op.requestValue = op.replyValue = req;
      req++;
    } else if (o.notify !== undefined || o.event !== undefined) {
      if (typeof o.value === 'number') rsp = o.value;
      op.replyValue = rsp;
      rsp++;
    } else {
      const mode = o.do ?? o.dump;
      if (!mode) throw new SpecError(`${where}: operation ${o.name} has neither do, dump, notify nor event`);
      if (typeof mode.request?.value === 'number') req = mode.request.value;
      if (typeof mode.reply?.value === 'number') rsp = mode.reply.value;
      op.requestValue = req;
      if (mode.reply) op.replyValue = rsp;
      req++;
      if (mode.reply) rsp++;
    }
    out.push(op);
  }
  return out;
}

function pruned<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

function checkReferences(f: FamilyDescription, where: string): void {
  for (const [setName, set] of Object.entries(f.attributeSets)) {
    for (const a of set.attributes) {
      const at = `${where}: ${setName}.${a.name}`;
      if (a.nestedAttributes && !f.attributeSets[a.nestedAttributes]) throw new SpecError(`${at}: no attribute set ${a.nestedAttributes}`);
      if (a.struct && !f.structs[a.struct]) throw new SpecError(`${at}: no struct ${a.struct}`);
      if (a.enum && !f.enums[a.enum]) throw new SpecError(`${at}: no enum ${a.enum}`);
      if (a.subMessage && !f.subMessages[a.subMessage]) throw new SpecError(`${at}: no sub-message ${a.subMessage}`);
    }
  }
  for (const op of f.operations) {
    if (op.attributeSet && !f.attributeSets[op.attributeSet]) throw new SpecError(`${where}: operation ${op.name}: no attribute set ${op.attributeSet}`);
  }
}

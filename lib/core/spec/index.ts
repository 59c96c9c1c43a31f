// The spec model: descriptions of attribute sets, structs and messages, and the decoding and encoding they drive.
// No family knowledge lives here.
//
// The decoder is on the hot path of million-route dumps: it walks attributes with direct buffer reads, finds each
// attribute's description in an array indexed by attribute id, and shares one frozen wire-order array between
// all objects that arrived with the same attribute order.
export { INVALID, nested, indexed, select, struct, message } from './types';
export type {
  IntegerType,
  BigIntegerType,
  ScalarType,
  Codec,
  NestedType,
  IndexedType,
  SelectType,
  StructType,
  MessageType,
  ValueType,
  FieldDef,
  FieldDefs,
  ValueOf,
  RawAttribute,
  FieldsValue,
  SetValue,
  StructMembers,
  StructValue,
  MessageValue,
  DecodeProblems,
} from './types';
export { AttributeSet, attributeSet, StructSpec, structSpec, MessageSpec, messageSpec } from './descriptions';
export { WIRE_ORDER, STRUCT_EXTRA } from './wire';
export { decodeMessage, messageDecoderAt, decodeAttributes, decodeStruct, decodeNestedAttributes, reportDecodeError } from './interpreter';
export { encodeSetInto, encodeStruct, encodeMessage, encodeAttributes } from './encoder';
export * from '../values';

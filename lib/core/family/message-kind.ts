// A message kind: a family's message description turned into the decode / decodeAt / encode trio every kind
// offers, with the check of the nlmsg_type a message was handed over with.
import { DecodeError } from '../errors';
import { FieldDefs, MessageSpec, MessageValue, StructMembers, decodeMessage, encodeMessage, messageDecoderAt } from '../spec';

/** What a message kind offers: decoders for a payload, and the encoder of its input (any subset of its fields). */
export interface MessageKind<T> {
  /**
   * Decodes a payload (never throws: problems are listed in `decodeErrors`). With `messageType`, a type that is
   * not one of the kind's is flagged in `decodeErrors` too; the object is kept.
   */
  decode(payload: Buffer, messageType?: number): T;
  /** Decodes the payload in buf[start, end) without making a view of it first (for dump loops); no type check. */
  decodeAt(buf: Buffer, start: number, end: number): T;
  /** Encodes a payload. Fields left out are zero in the header and absent as attributes. */
  encode(value: Partial<T>): Buffer;
}

/**
 * The kind of messages described by `spec` and sent with one of the nlmsg_types in `types` (the NEW, DEL and GET
 * types of an rtnetlink object, say). `decodeAt` is the spec's generated decoder itself: a dump loop calls it
 * directly.
 */
export function messageKind<M extends MessageSpec<StructMembers, FieldDefs>>(spec: M, types: Iterable<number>): MessageKind<MessageValue<M>> {
  const accepted = new Set<number>(types);
  const what = `${/^[aeiou]/.test(spec.name) ? 'an' : 'a'} ${spec.name}`;
  return {
    decode: (payload, messageType) => checkMessageType(decodeMessage(spec, payload), messageType, accepted, what),
    decodeAt: messageDecoderAt(spec),
    encode: (value: Partial<MessageValue<M>>) => encodeMessage<M>(spec, value),
  };
}

/**
 * Flags (in `decodeErrors`) a message decoded as `what` although its nlmsg_type is not one of that kind's; the
 * object itself is kept, as for every other decoding problem.
 */
export function checkMessageType<T extends { decodeErrors?: DecodeError[] }>(
  value: T,
  messageType: number | undefined,
  accepted: ReadonlySet<number>,
  what: string,
): T {
  if (messageType !== undefined && !accepted.has(messageType)) {
    (value.decodeErrors ??= []).push(new DecodeError(`message type ${messageType} is not ${what} message`, 0));
  }
  return value;
}

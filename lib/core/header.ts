// struct nlmsghdr: encoding one, and splitting a datagram into the messages it holds.
import { NLMSG_HDRLEN } from './constants';
import { DecodeError } from './errors';
import { outOfRange } from './validate';

/** One netlink message; `payload` is a view of the bytes after the 16-byte header. */
export interface Message {
  /** nlmsg_type: what the message is (RTM_NEWLINK, NLMSG_ERROR, a genl family id, ...). */
  type: number;
  /** nlmsg_flags: NLM_F_* bits (see MessageFlags, GetFlags, NewFlags). */
  flags: number;
  /** nlmsg_seq: the sequence number of the request it answers (0 for most notifications). */
  seq: number;
  /** nlmsg_pid: the sender's port id in messages from the kernel (0), the requester's in replies. */
  portId: number;
  /** The bytes after the header, up to nlmsg_len (a view, not a copy). */
  payload: Buffer;
}

/** n rounded up to a multiple of 4 (NLMSG_ALIGN, NLA_ALIGN). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** The fields of a struct nlmsghdr. */
export interface HeaderFields {
  /** nlmsg_len: the whole message's length, header included. */
  length: number;
  /** nlmsg_type. */
  type: number;
  /** nlmsg_flags. */
  flags: number;
  /** nlmsg_seq. */
  seq: number;
  /** nlmsg_pid: the sender's port id (0: the kernel). */
  portId: number;
}

/** Writes a struct nlmsghdr into buf at offset. */
export function writeHeader(buf: Buffer, offset: number, h: HeaderFields): void {
  putHeader(buf, offset, h.length, h.type, h.flags, h.seq, h.portId);
}

/** writeHeader() with the fields as arguments, and no object made for them. */
export function putHeader(buf: Buffer, offset: number, length: number, type: number, flags: number, seq: number, portId: number): void {
  if (offset < 0 || offset + NLMSG_HDRLEN > buf.length) throw new RangeError(`no room for a netlink header at offset ${offset}`);
  checkTypeAndFlags(type, flags);
  // Byte stores rather than Buffer's checked writers (a typed array keeps the low 8 bits of each).
  buf[offset] = length;
  buf[offset + 1] = length >>> 8;
  buf[offset + 2] = length >>> 16;
  buf[offset + 3] = length >>> 24;
  buf[offset + 4] = type;
  buf[offset + 5] = type >>> 8;
  buf[offset + 6] = flags;
  buf[offset + 7] = flags >>> 8;
  buf[offset + 8] = seq;
  buf[offset + 9] = seq >>> 8;
  buf[offset + 10] = seq >>> 16;
  buf[offset + 11] = seq >>> 24;
  buf[offset + 12] = portId;
  buf[offset + 13] = portId >>> 8;
  buf[offset + 14] = portId >>> 16;
  buf[offset + 15] = portId >>> 24;
}

/** Throws a RangeError (code ERR_OUT_OF_RANGE) unless nlmsg_type and nlmsg_flags are 16-bit values (for writers of a header). */
export function checkTypeAndFlags(type: number, flags: number): void {
  if ((type & 0xffff) !== type) throw outOfRange('nlmsg_type', 'a 16-bit integer (0 to 65535)', type);
  if ((flags & 0xffff) !== flags) throw outOfRange('nlmsg_flags', 'a 16-bit integer (0 to 65535)', flags);
}

/** Reads a header, or returns a DecodeError when fewer than 16 bytes remain. */
export function readHeader(buf: Buffer, offset = 0): HeaderFields | DecodeError {
  if (buf.length - offset < NLMSG_HDRLEN) {
    return new DecodeError(`truncated netlink header: ${buf.length - offset} of ${NLMSG_HDRLEN} bytes`, offset);
  }
  return {
    length: buf.readUInt32LE(offset),
    type: buf.readUInt16LE(offset + 4),
    flags: buf.readUInt16LE(offset + 6),
    seq: buf.readUInt32LE(offset + 8),
    portId: buf.readUInt32LE(offset + 12),
  };
}

/**
 * A whole message: header (nlmsg_len set from the payload) followed by the payload, padded to 4 bytes. (Payloads
 * of a described message kind are made by spec's encodeMessage.)
 */
export function frameMessage(type: number, flags: number, seq: number, portId: number, payload: Buffer): Buffer {
  const length = NLMSG_HDRLEN + payload.length;
  const buf = Buffer.alloc(align4(length));
  writeHeader(buf, 0, { length, type, flags, seq, portId });
  payload.copy(buf, NLMSG_HDRLEN);
  return buf;
}

/** What splitMessages found: the messages, and where the bytes stopped making sense, if they did. */
export interface SplitResult {
  /** The messages, in the datagram's order. */
  messages: Message[];
  /** Set when the datagram holds bytes that are not a well-formed message; the messages before it are kept. */
  error?: DecodeError;
}

/**
 * Splits the bytes [start, end) of a datagram into messages. Never throws: a malformed message ends the split
 * with an error naming its offset. The last message may lack its alignment padding (some senders omit it).
 */
export function splitMessages(buf: Buffer, start = 0, end = buf.length): SplitResult {
  const messages: Message[] = [];
  let offset = start;
  while (offset < end) {
    const remaining = end - offset;
    if (remaining < NLMSG_HDRLEN) {
      return { messages, error: new DecodeError(`truncated netlink header: ${remaining} of ${NLMSG_HDRLEN} bytes`, offset) };
    }
    const length = buf.readUInt32LE(offset);
    if (length < NLMSG_HDRLEN) {
      return { messages, error: new DecodeError(`netlink message length ${length} is shorter than its header`, offset) };
    }
    if (length > remaining) {
      return { messages, error: new DecodeError(`netlink message length ${length} runs past the end (${remaining} bytes left)`, offset) };
    }
    messages.push({
      type: buf.readUInt16LE(offset + 4),
      flags: buf.readUInt16LE(offset + 6),
      seq: buf.readUInt32LE(offset + 8),
      portId: buf.readUInt32LE(offset + 12),
      payload: buf.subarray(offset + NLMSG_HDRLEN, offset + length),
    });
    offset += align4(length);
  }
  return { messages };
}

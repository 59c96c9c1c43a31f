// Reading nlmsghdr out of received bytes, for the connection's receive paths: byte reads rather than Buffer's
// checked readers, since they run for every message of a dump.
import { AckFlags, MessageFlags, MessageType, NLMSG_HDRLEN, NLMSG_MIN_TYPE } from '../constants';
import { align4, Message } from '../header';
import { DatagramFlags, Meta } from '../../socket/netlink-socket';

/** The little-endian u32 at buf[at] (the caller has checked that four bytes are there). */
export function u32At(buf: Buffer, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 0x1000000;
}

/** The nlmsg_type of the message at buf[at]. */
export function typeAt(buf: Buffer, at: number): number {
  return buf[at + 4] | (buf[at + 5] << 8);
}

/** The nlmsg_flags of the message at buf[at]. */
export function flagsAt(buf: Buffer, at: number): number {
  return buf[at + 6] | (buf[at + 7] << 8);
}

/** The nlmsg_seq of the message at buf[at]. */
export function seqAt(buf: Buffer, at: number): number {
  return u32At(buf, at + 8);
}

/** The nlmsg_pid (sender port id) of the message at buf[at]. */
export function portIdAt(buf: Buffer, at: number): number {
  return u32At(buf, at + 12);
}

/**
 * The nlmsg_len of the message at buf[offset] when it is whole within buf[offset, end), otherwise 0 (too few bytes
 * for a header, a length shorter than one, or a length running past the end).
 */
export function wholeLengthAt(buf: Buffer, offset: number, end: number): number {
  const remaining = end - offset;
  const length = remaining >= NLMSG_HDRLEN ? u32At(buf, offset) : 0;
  return length < NLMSG_HDRLEN || length > remaining ? 0 : length;
}

/** What a malformed message at buf[offset] says about itself, for the error reporting it. */
export function malformedLength(buf: Buffer, offset: number, end: number): string {
  const remaining = end - offset;
  return `length ${remaining >= NLMSG_HDRLEN ? u32At(buf, offset) : 0}, ${remaining} bytes left`;
}

/** The message at buf[offset] (whose length was checked) as an object, its payload a view of buf. */
export function messageAt(buf: Buffer, offset: number, length: number): Message {
  return {
    type: typeAt(buf, offset),
    flags: flagsAt(buf, offset),
    seq: seqAt(buf, offset),
    portId: portIdAt(buf, offset),
    payload: buf.subarray(offset + NLMSG_HDRLEN, offset + length),
  };
}

/**
 * The length of the message at the start of the datagram `meta` describes when it is one whole reply message, not
 * an error, done or multipart part, from the kernel, unicast, intact and without control data; otherwise 0. Given
 * the header's first two words, its length and `type | flags << 16`, read signed or unsigned (a length of 2^31 or
 * more read signed is negative, and refused like any other too short for a header).
 */
export function loneReplyLength(length: number, typeAndFlags: number, meta: Int32Array): number {
  if (!isLoneMessage(length, meta)) return 0;
  return (typeAndFlags & 0xffff) < NLMSG_MIN_TYPE || (typeAndFlags & (MessageFlags.Multi << 16)) !== 0 ? 0 : length;
}

/**
 * Whether the datagram `meta` describes is one plain ACK from the kernel: a lone NLMSG_ERROR whose error is 0
 * (`errno`, the word after the header), with no extended-ACK attributes (a warning goes the general way). Given
 * the header's first two words as loneReplyLength() takes them.
 */
export function isLoneAck(length: number, typeAndFlags: number, errno: number, meta: Int32Array): boolean {
  return (
    errno === 0 &&
    (typeAndFlags & 0xffff) === MessageType.Error &&
    (typeAndFlags & (AckFlags.AckTlvs << 16)) === 0 &&
    length >= NLMSG_HDRLEN + 4 &&
    isLoneMessage(length, meta)
  );
}

/** Whether the datagram `meta` describes holds one whole message of `length` bytes, from the kernel, unicast, intact. */
function isLoneMessage(length: number, meta: Int32Array): boolean {
  // A socket that once subscribed to a group asks for NETLINK_PKTINFO, which tags unicast answers too, with group 0.
  const flags = meta[Meta.Flags];
  if (meta[Meta.PortId] !== 0 || meta[Meta.Groups] !== 0 || (flags & ~DatagramFlags.HasGroup) !== 0 || meta[Meta.Group] !== 0) return false;
  const size = meta[Meta.Length];
  return size >= NLMSG_HDRLEN && length >= NLMSG_HDRLEN && length <= size && align4(length) >= size;
}

/** The lowest group of a legacy groups mask (the sender address names groups 1..32 as bits), 0 for none. */
export function lowestGroup(mask: number): number {
  if (mask === 0) return 0;
  return 32 - Math.clz32(mask & -mask);
}

/**
 * A buffer's memory as 32-bit words, for the connection's own buffers (which start 4-byte aligned; the decoders'
 * wordsOf in spec/ is the careful one, for any buffer).
 */
export function alignedWords(buf: Buffer): Int32Array {
  return new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
}

// NLMSG_ERROR (and a failed NLMSG_DONE): the error code and the extended-ACK attributes that follow it.
import { parseAttributes, readString, readU32 } from './attributes';
import { AckFlags, ErrorAttribute, NLMSG_HDRLEN, NLMSGERR_LENGTH } from './constants';
import { DecodeError } from './errors';
import { align4 } from './header';

/** A decoded NLMSG_ERROR or NLMSG_DONE: the error (0 for an ACK) and the extended ACK's attributes. */
export interface AckInfo {
  /** 0 for an ACK; otherwise the positive errno. */
  errno: number;
  /** Whether the kernel echoed only the request's header (NLM_F_CAPPED). */
  capped: boolean;
  /** NLMSGERR_ATTR_MSG: the kernel's message. */
  extAck?: string;
  /** NLMSGERR_ATTR_OFFS: the offset of the attribute at fault, from the start of the request's nlmsghdr. */
  badAttributeOffset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE: the type of a required attribute the request lacked. */
  missingAttribute?: number;
  /** NLMSGERR_ATTR_MISS_NEST: the offset of the nest it was missing from. */
  missingNest?: number;
  /** NLMSGERR_ATTR_COOKIE: the cookie the operation returned. */
  cookie?: Buffer;
}

/**
 * Decodes the payload of an NLMSG_ERROR (`done` false) or NLMSG_DONE (`done` true) message. Never throws:
 * a payload too short for its error code gives a DecodeError.
 */
export function decodeAck(payload: Buffer, messageFlags: number, done = false): AckInfo | DecodeError {
  if (payload.length < 4) {
    return done ? { errno: 0, capped: false } : new DecodeError(`NLMSG_ERROR payload of ${payload.length} bytes has no error code`, 0);
  }
  const error = payload.readInt32LE(0);
  const info: AckInfo = { errno: error === 0 ? 0 : -error, capped: (messageFlags & AckFlags.Capped) !== 0 };
  if (!(messageFlags & AckFlags.AckTlvs)) return info;
  let tlvStart: number;
  if (done) {
    tlvStart = 4;
  } else if (info.capped) {
    tlvStart = NLMSGERR_LENGTH; // only the request's header was echoed
  } else {
    // The whole request was echoed after the error code: skip it by its own length.
    const echoed = payload.length >= NLMSGERR_LENGTH ? payload.readUInt32LE(4) : NLMSG_HDRLEN;
    // A length claiming more than the payload holds leaves no room for attributes. (Checked before aligning:
    // align4 works in 32-bit signed arithmetic, and 0x80000000 or 0xfffffff0 would come out negative.)
    if (echoed > payload.length - 4) return info;
    tlvStart = 4 + align4(Math.max(echoed, NLMSG_HDRLEN));
  }
  if (tlvStart >= payload.length) return info;
  // Attributes that fail to parse are left out: the error code is what matters and it is already known.
  const { attributes } = parseAttributes(payload, tlvStart, payload.length);
  for (const a of attributes) {
    switch (a.type) {
      case ErrorAttribute.Msg:
        info.extAck = readString(a.value);
        break;
      case ErrorAttribute.Offs:
        info.badAttributeOffset = readU32(a.value);
        break;
      case ErrorAttribute.MissType:
        info.missingAttribute = readU32(a.value);
        break;
      case ErrorAttribute.MissNest:
        info.missingNest = readU32(a.value);
        break;
      case ErrorAttribute.Cookie:
        info.cookie = Buffer.from(a.value);
        break;
    }
  }
  return info;
}

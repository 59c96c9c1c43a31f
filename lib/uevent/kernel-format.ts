// The kernel's own uevent format, as broadcast on NETLINK_KOBJECT_UEVENT group 1:
//   ACTION@DEVPATH\0ACTION=...\0DEVPATH=...\0SUBSYSTEM=...\0[more KEY=VALUE\0]SEQNUM=...\0
// (lib/kobject_uevent.c: alloc_uevent_skb writes the header line, then the environment buffer.)
import { UeventDecodeError } from './errors';
import { Uevent } from './event';
import { sameBytes } from './bytes';
import { datagramText, decodeProperties, decodeSeqnum, decoded, readDatagramText } from './properties';

/** Decodes one kernel-format datagram buf[start, end). Never throws: bad input yields the error instead. */
export function parseKernelUevent(buf: Buffer, start = 0, end = buf.length): Uevent | UeventDecodeError {
  if (end <= start) return new UeventDecodeError('empty', 0, 'empty uevent datagram');
  readDatagramText(buf, start, end);
  const text = datagramText.text;
  const headerEnd = text.indexOf('\0');
  // The first '@' of the header line: ACTION has none, DEVPATH may.
  const firstAt = text.indexOf('@');
  if (headerEnd < 0 || firstAt <= 0 || firstAt >= headerEnd - 1) {
    return new UeventDecodeError('no-header', 0, 'kernel uevent without an ACTION@DEVPATH header line');
  }
  const error = decodeProperties(buf, start, headerEnd + 1, text.length, 0);
  if (error !== undefined) return error;
  // The header repeats ACTION and DEVPATH; a datagram where they disagree was not written by the kernel.
  const devpathLength = headerEnd - firstAt - 1;
  if (
    decoded.actionEnd - decoded.actionStart !== firstAt ||
    decoded.devpathEnd - decoded.devpathStart !== devpathLength ||
    !sameBytes(datagramText.view, start, start + decoded.actionStart, firstAt) ||
    !sameBytes(datagramText.view, start + firstAt + 1, start + decoded.devpathStart, devpathLength)
  ) {
    return new UeventDecodeError('header-mismatch', 0, 'header line disagrees with ACTION= or DEVPATH=');
  }
  const seqnum = decodeSeqnum(buf, start + decoded.seqnumStart, start + decoded.seqnumEnd);
  if (seqnum === undefined) {
    return new UeventDecodeError('bad-seqnum', decoded.seqnumStart, 'SEQNUM is not a decimal number');
  }
  const { action, devpath, subsystem, properties, duplicates } = decoded;
  return new Uevent('kernel', action!, devpath!, subsystem!, properties, duplicates, seqnum);
}

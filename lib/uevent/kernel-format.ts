// The kernel's own uevent format, as broadcast on NETLINK_KOBJECT_UEVENT group 1:
//   ACTION@DEVPATH\0ACTION=...\0DEVPATH=...\0SUBSYSTEM=...\0[more KEY=VALUE\0]SEQNUM=...\0
// (lib/kobject_uevent.c: alloc_uevent_skb writes the header line, then the environment buffer.)
import { UeventDecodeError } from './errors';
import { Uevent } from './event';
import { decodeUevent, readText } from './properties';

/** Decodes one kernel-format datagram buf[start, end). Never throws: bad input yields the error instead. */
export function parseKernelUevent(buf: Buffer, start = 0, end = buf.length): Uevent | UeventDecodeError {
  if (end <= start) return new UeventDecodeError('empty', 0, 'empty uevent datagram');
  const text = readText(buf, start, end);
  const headerEnd = text.indexOf('\0');
  // The first '@' of the header line: ACTION has none, DEVPATH may.
  const at = text.indexOf('@');
  if (headerEnd < 0 || at <= 0 || at >= headerEnd - 1) {
    return new UeventDecodeError('no-header', 0, 'kernel uevent without an ACTION@DEVPATH header line');
  }
  return decodeUevent('kernel', buf, start, text, headerEnd + 1, text.length, 0, at);
}

// The kernel's own uevent format, as broadcast on NETLINK_KOBJECT_UEVENT group 1:
//   ACTION@DEVPATH\0ACTION=...\0DEVPATH=...\0SUBSYSTEM=...\0[more KEY=VALUE\0]SEQNUM=...\0
// (lib/kobject_uevent.c: alloc_uevent_skb writes the header line, then the environment buffer.)
import { boundsError, UeventDecodeError } from './errors';
import { Uevent } from './event';
import { decodeUevent, lastTextIsAscii, readText } from './properties';

/**
 * Decodes one kernel-format datagram buf[start, end). Bad bytes never throw: they yield the error instead (bounds
 * outside buf are a RangeError).
 */
export function parseKernelUevent(buf: Buffer, start = 0, end = buf.length): Uevent | UeventDecodeError {
  if (end <= start) return new UeventDecodeError('empty', 0, 'empty uevent datagram');
  if (start < 0 || end > buf.length) throw boundsError(start, end, buf.length);
  const text = readText(buf, start, end);
  return parseKernelText(buf, text, start, lastTextIsAscii(), 0, end - start);
}

/**
 * The same for a datagram at text[from, to) of a string readText made of buf from `base` on (one string for a
 * whole receive batch saves a call per datagram). `ascii`: what lastTextIsAscii() said of that string.
 */
export function parseKernelText(buf: Buffer, text: string, base: number, ascii: boolean, from: number, to: number): Uevent | UeventDecodeError {
  if (to <= from) return new UeventDecodeError('empty', 0, 'empty uevent datagram');
  const headerEnd = text.indexOf('\0', from);
  // The first '@' of the header line: ACTION has none, DEVPATH may.
  const at = text.indexOf('@', from);
  if (headerEnd < 0 || headerEnd >= to || at <= from || at >= headerEnd - 1) {
    return new UeventDecodeError('no-header', 0, 'kernel uevent without an ACTION@DEVPATH header line');
  }
  return decodeUevent('kernel', buf, base, text, headerEnd + 1, to, ascii, from, at);
}

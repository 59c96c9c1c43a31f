// The kernel's own uevent format, as broadcast on NETLINK_KOBJECT_UEVENT group 1:
//   ACTION@DEVPATH\0ACTION=...\0DEVPATH=...\0SUBSYSTEM=...\0[more KEY=VALUE\0]SEQNUM=...\0
// (lib/kobject_uevent.c: alloc_uevent_skb writes the header line, then the environment buffer.)
import { UeventDecodeError } from './errors';
import { Uevent } from './event';
import { decodeProperties, deriveFields } from './properties';

const NUL = 0;
const AT = 0x40;

/** Decodes one kernel-format datagram buf[start, end). Never throws: bad input yields the error instead. */
export function parseKernelUevent(buf: Buffer, start = 0, end = buf.length): Uevent | UeventDecodeError {
  if (end <= start) return new UeventDecodeError('empty', 0, 'empty uevent datagram');
  let at = -1;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i];
    if (c === NUL) break;
    if (c === AT && at < 0) at = i;
  }
  if (i === end || at <= start || at === i - 1) {
    return new UeventDecodeError('no-header', 0, 'kernel uevent without an ACTION@DEVPATH header line');
  }
  const headerEnd = i;
  const event = new Uevent('kernel', Object.create(null));
  const propertyError = decodeProperties(buf, headerEnd + 1, end, event, start);
  if (propertyError !== undefined) return propertyError;
  const fieldError = deriveFields(event, start);
  if (fieldError !== undefined) return fieldError;
  // The header repeats ACTION and DEVPATH; a datagram where they disagree was not written by the kernel.
  if (
    buf.toString('latin1', start, at) !== event.action ||
    buf.toString('utf8', at + 1, headerEnd) !== event.devpath
  ) {
    return new UeventDecodeError('header-mismatch', 0, 'header line disagrees with ACTION= or DEVPATH=');
  }
  return event;
}

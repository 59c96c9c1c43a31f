// The kernel's own uevent format, as broadcast on NETLINK_KOBJECT_UEVENT group 1:
//   ACTION@DEVPATH\0ACTION=...\0DEVPATH=...\0SUBSYSTEM=...\0[more KEY=VALUE\0]SEQNUM=...\0
// (lib/kobject_uevent.c: alloc_uevent_skb writes the header line, then the environment buffer.)
import { UeventDecodeError } from './errors';
import { Uevent } from './event';
import { decodeSeqnum, decodeString, found, Found, scanProperties } from './properties';

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
  const error = scanProperties(buf, headerEnd + 1, end, start);
  if (error !== undefined) return error;
  // The header repeats ACTION and DEVPATH; a datagram where they disagree was not written by the kernel.
  if (
    !sameBytes(buf, start, at, found[Found.ActionStart], found[Found.ActionEnd]) ||
    !sameBytes(buf, at + 1, headerEnd, found[Found.DevpathStart], found[Found.DevpathEnd])
  ) {
    return new UeventDecodeError('header-mismatch', 0, 'header line disagrees with ACTION= or DEVPATH=');
  }
  const seqnum = decodeSeqnum(buf, found[Found.SeqnumStart], found[Found.SeqnumEnd]);
  if (seqnum === undefined) {
    return new UeventDecodeError('bad-seqnum', found[Found.SeqnumStart] - start, 'SEQNUM is not a decimal number');
  }
  const event = new Uevent('kernel', buf, headerEnd + 1, end);
  event.action = decodeString(buf, found[Found.ActionStart], found[Found.ActionEnd]);
  event.devpath = decodeString(buf, found[Found.DevpathStart], found[Found.DevpathEnd]);
  event.subsystem = decodeString(buf, found[Found.SubsystemStart], found[Found.SubsystemEnd]);
  if (typeof seqnum === 'number') event.setSafeSeqnum(seqnum);
  else event.seqnum = seqnum;
  return event;
}

function sameBytes(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (buf[aStart + i] !== buf[bStart + i]) return false;
  return true;
}

// The part both wire formats share: a run of NUL-terminated KEY=VALUE entries, and the well-known fields derived
// from them.
import { UeventDecodeError } from './errors';
import { Uevent } from './event';

const NUL = 0;
const EQUALS = 0x3d;

/**
 * Decodes buf[start, end) as KEY=VALUE\0 entries into event.properties (and event.duplicates). Keys are
 * decoded as latin1 (byte for byte); values as UTF-8 unless they are plain ASCII. Empty entries (stray NULs,
 * trailing padding) carry nothing and are skipped. `origin` is where the datagram starts, for error offsets.
 */
export function decodeProperties(
  buf: Buffer,
  start: number,
  end: number,
  event: Uevent,
  origin: number,
): UeventDecodeError | undefined {
  const properties = event.properties;
  let i = start;
  while (i < end) {
    const entryStart = i;
    let equals = -1;
    let ascii = true;
    let c = 0;
    for (; i < end; i++) {
      c = buf[i];
      if (c === NUL) break;
      if (c === EQUALS) {
        if (equals < 0) equals = i;
      } else if (c > 0x7f) {
        ascii = false;
      }
    }
    if (i === end) {
      return new UeventDecodeError(
        'unterminated-property',
        entryStart - origin,
        `property at offset ${entryStart - origin} is not NUL-terminated`,
      );
    }
    const entryEnd = i;
    i++; // past the NUL
    if (entryEnd === entryStart) continue;
    if (equals <= entryStart) {
      return new UeventDecodeError(
        'bad-property',
        entryStart - origin,
        equals < 0
          ? `entry at offset ${entryStart - origin} is not KEY=VALUE`
          : `entry at offset ${entryStart - origin} has an empty key`,
      );
    }
    const key = buf.toString('latin1', entryStart, equals);
    const value = ascii ? buf.toString('latin1', equals + 1, entryEnd) : buf.toString('utf8', equals + 1, entryEnd);
    if (properties[key] === undefined) {
      properties[key] = value;
    } else {
      (event.duplicates ??= []).push([key, value]);
    }
  }
  return undefined;
}

const DECIMAL = /^[0-9]{1,20}$/;
const SYNTH_ARG = 'SYNTH_ARG_';

/** Fills the typed fields from the properties; fails when a field every uevent has is missing or invalid. */
export function deriveFields(event: Uevent, origin: number): UeventDecodeError | undefined {
  const p = event.properties;
  const action = p.ACTION;
  const devpath = p.DEVPATH;
  const subsystem = p.SUBSYSTEM;
  const seqnum = p.SEQNUM;
  if (action === undefined || devpath === undefined || subsystem === undefined || seqnum === undefined) {
    const missing = ['ACTION', 'DEVPATH', 'SUBSYSTEM', 'SEQNUM'].filter((k) => p[k] === undefined);
    return new UeventDecodeError('missing-field', origin, `uevent without ${missing.join(', ')}`);
  }
  if (!DECIMAL.test(seqnum)) {
    return new UeventDecodeError('bad-seqnum', origin, `SEQNUM is not a decimal number: ${JSON.stringify(seqnum)}`);
  }
  event.action = action;
  event.devpath = devpath;
  event.subsystem = subsystem;
  event.seqnum = BigInt(seqnum);
  event.devtype = p.DEVTYPE;
  event.devname = p.DEVNAME;
  event.driver = p.DRIVER;
  event.major = deviceNumber(p.MAJOR);
  event.minor = deviceNumber(p.MINOR);
  const synthUuid = p.SYNTH_UUID;
  if (synthUuid !== undefined) {
    event.synthUuid = synthUuid;
    const args: Record<string, string> = {};
    for (const key in p) {
      if (key.startsWith(SYNTH_ARG)) args[key.slice(SYNTH_ARG.length)] = p[key];
    }
    event.synthArgs = args;
  }
  return undefined;
}

function deviceNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
}

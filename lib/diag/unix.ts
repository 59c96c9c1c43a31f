// unix_diag: the request (struct unix_diag_req) and the decoding of struct unix_diag_msg and its attributes.
import { DecodeError, spec } from '../core';
import { AddressFamily, SocketType, UnixDiagAttribute, UnixShow } from './constants';
import { addError, RawAttribute, SkMeminfo, SocketSource, SocketState, stateName } from './inet';
import { skMeminfoStruct, unixRqlenStruct, unixVfsStruct } from './structs';

/** Socket types by name, as unix and packet diag report them. */
export type SocketTypeName = 'stream' | 'dgram' | 'raw' | 'seqpacket';
const TYPE_NAMES: Record<number, SocketTypeName> = {
  [SocketType.Stream]: 'stream',
  [SocketType.Dgram]: 'dgram',
  [SocketType.Raw]: 'raw',
  [SocketType.SeqPacket]: 'seqpacket',
};

/** A socket type's name, or its number. */
export function socketTypeName(n: number): SocketTypeName | number {
  return TYPE_NAMES[n] ?? n;
}

/** One AF_UNIX socket. */
export interface UnixSocket {
  /** Where this description came from: sock_diag ('netlink') or /proc/net/unix ('proc', with fewer fields). */
  source: SocketSource;
  /** 'stream', 'dgram' or 'seqpacket', or the SOCK_* number. */
  type: SocketTypeName | number;
  /** 'listen', 'established' (connected) or 'close' (unconnected); connecting sockets show 'syn-sent'. */
  state: SocketState | number;
  /** The socket's inode (as in /proc/PID/fd: socket:[inode]). */
  inode: number;
  /** The kernel's socket cookie. */
  cookie: bigint;
  /** The bound name: a path, or '@' and the rest for an abstract name. Absent when unbound. */
  name?: string;
  /** The bound file's inode and device (path names only). */
  vfs?: {
    /** The bound file's inode. */
    inode: number;
    /** The device of the file system it is on. */
    device: number;
  };
  /** The peer's inode (connected sockets). */
  peer?: number;
  /** A listener's pending connections, by inode. */
  pending?: number[];
  /** Bytes queued to be read (a listener: connections waiting for accept()). */
  receiveQueue?: number;
  /** Bytes written and not yet read by the peer (a listener: its backlog). */
  sendQueue?: number;
  /** The SK_MEMINFO_* counters. */
  meminfo?: SkMeminfo;
  /** The shutdown() bits (1: no more receives, 2: no more sends). */
  shutdown?: number;
  /** The owner's uid. */
  uid?: number;
  /** Attributes this version does not decode, with their bytes. */
  unknownAttributes?: RawAttribute[];
  /** What could not be decoded (the socket is kept with the fields that could). */
  decodeErrors?: DecodeError[];
}

/** Everything unix_diag can show. */
export const UNIX_SHOW_ALL = UnixShow.Name | UnixShow.Vfs | UnixShow.Peer | UnixShow.Icons | UnixShow.Rqlen | UnixShow.Meminfo | UnixShow.Uid;

/** Encodes struct unix_diag_req for a dump of the states in `states` (a bit mask), or one socket by inode. */
export function encodeUnixRequest(states: number, show: number, inode = 0, cookie?: bigint): Buffer {
  const b = Buffer.alloc(24);
  b[0] = AddressFamily.Unix;
  b.writeUInt32LE(states >>> 0, 4);
  b.writeUInt32LE(inode, 8);
  b.writeUInt32LE(show, 12);
  const c = cookie ?? 0xffffffffffffffffn;
  b.writeUInt32LE(Number(c & 0xffffffffn), 16);
  b.writeUInt32LE(Number(c >> 32n), 20);
  return b;
}

/**
 * A bound sun_path as text: a path up to its first NUL; an abstract name ('\0' first) as '@' and every other
 * byte of it, NULs included (they are part of the name: a program that binds with the whole sockaddr_un gets
 * trailing NULs, and another name without them is a different socket).
 */
export function unixName(buf: Buffer, start: number, end: number): string {
  if (end > start && buf[start] === 0) return '@' + buf.toString('utf8', start + 1, end);
  const nul = buf.indexOf(0, start);
  return buf.toString('utf8', start, nul >= 0 && nul < end ? nul : end);
}

/** Decodes one unix_diag_msg payload. Never throws: problems go to `decodeErrors`. */
export function decodeUnixSocket(buf: Buffer, start: number, end: number): UnixSocket {
  if (end - start < 16) {
    return { source: 'netlink', type: 0, state: 0, inode: 0, cookie: 0n, decodeErrors: [new DecodeError(`unix_diag_msg: ${end - start} bytes, expected 16`, start)] };
  }
  const s: UnixSocket = {
    source: 'netlink',
    type: socketTypeName(buf[start + 1]),
    state: stateName(buf[start + 2]),
    inode: buf.readUInt32LE(start + 4),
    cookie: (BigInt(buf.readUInt32LE(start + 12)) << 32n) | BigInt(buf.readUInt32LE(start + 8)),
  };
  forEachAttribute(s, 'unix_diag', buf, start + 16, end, (type, v, n) => {
    switch (type) {
      case UnixDiagAttribute.Name:
        s.name = unixName(buf, v, v + n);
        return true;
      case UnixDiagAttribute.Vfs:
        s.vfs = take(s, spec.decodeStruct(unixVfsStruct, buf, v, v + n));
        return true;
      case UnixDiagAttribute.Peer:
        if (n < 4) return false;
        s.peer = buf.readUInt32LE(v);
        return true;
      case UnixDiagAttribute.Icons:
        s.pending = [];
        for (let i = 0; i + 4 <= n; i += 4) s.pending.push(buf.readUInt32LE(v + i));
        return true;
      case UnixDiagAttribute.Rqlen: {
        const q = take(s, spec.decodeStruct(unixRqlenStruct, buf, v, v + n));
        s.receiveQueue = q.receiveQueue;
        s.sendQueue = q.sendQueue;
        return true;
      }
      case UnixDiagAttribute.Meminfo:
        s.meminfo = take(s, spec.decodeStruct(skMeminfoStruct, buf, v, v + n));
        return true;
      case UnixDiagAttribute.Shutdown:
        if (n < 1) return false;
        s.shutdown = buf[v];
        return true;
      case UnixDiagAttribute.Uid:
        if (n < 4) return false;
        s.uid = buf.readUInt32LE(v);
        return true;
      default:
        (s.unknownAttributes ??= []).push({ type, value: buf.subarray(v, v + n) });
        return true;
    }
  });
  return s;
}

/** Moves a decoded struct's errors to its socket. */
export function take<T extends { decodeErrors?: DecodeError[] }>(s: { decodeErrors?: DecodeError[] }, value: T): T {
  if (value.decodeErrors) {
    for (const e of value.decodeErrors) addError(s, e);
    delete value.decodeErrors;
  }
  return value;
}

/**
 * Walks the attributes in buf[at, end), calling `visit(type, valueStart, valueLength)`; a visit that returns
 * false (a value too short) and a malformed header are recorded in the object's decodeErrors.
 */
export function forEachAttribute(
  s: { decodeErrors?: DecodeError[] },
  what: string,
  buf: Buffer,
  at: number,
  end: number,
  visit: (type: number, start: number, length: number) => boolean,
): void {
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    const type = buf.readUInt16LE(at + 2) & 0x3fff;
    if (len < 4 || at + len > end) {
      addError(s, new DecodeError(`${what} attribute ${type}: length ${len} overruns the message`, at));
      return;
    }
    if (!visit(type, at + 4, len - 4)) addError(s, new DecodeError(`${what} attribute ${type}: value too short`, at));
    at += (len + 3) & ~3;
  }
}

// The receive batch format shared by the addon and its readers: one Buffer holding the datagrams back to
// back, and a meta table of META_STRIDE int32 per datagram.

/** Int32 values per datagram in a batch's meta array (see {@link Meta}). */
export const META_STRIDE = 10;

/**
 * Column of a datagram's row in the meta table. PortId, Groups, Uid and Gid are unsigned 32-bit values
 * stored as int32: read them with `>>> 0`. Nsid is signed (-1: the peer namespace has no id here).
 */
export const enum Meta {
  /** Where the datagram starts in the batch's buffer. */
  Offset = 0,
  /** Its length in bytes (what was kept, if truncated). */
  Length = 1,
  /** The sender's port id (0: the kernel). */
  PortId = 2,
  /** The sender's nl_groups bitmap (the lowest 32 groups it was sent to). */
  Groups = 3,
  /** The multicast group it was sent to, with HasGroup (NETLINK_PKTINFO). */
  Group = 4,
  /** The sender's network namespace id, with HasNsid (-1: none here). */
  Nsid = 5,
  /** The sender's pid, with HasCreds. */
  Pid = 6,
  /** The sender's uid, with HasCreds. */
  Uid = 7,
  /** The sender's gid, with HasCreds. */
  Gid = 8,
  /** DatagramFlags bits. */
  Flags = 9,
}

/** Bits of a datagram's Flags column (see {@link Meta}). */
export const enum DatagramFlags {
  /**
   * The datagram was longer than the receive slot: only its first Length bytes are here, the rest is lost.
   * The socket has already grown its slots so the next read fits it (datagrams read in the same batch may
   * be truncated too: the slots are sized before the batch is read).
   */
  Truncated = 1,
  /** Pid/Uid/Gid hold SCM_CREDENTIALS (SocketOption.PassCred). */
  HasCreds = 2,
  /** Group holds the multicast group it was sent to (SocketOption.PktInfo). */
  HasGroup = 4,
  /** Nsid holds the sender's network namespace id (SocketOption.ListenAllNsid). */
  HasNsid = 8,
}

/** Receives one batch: `count` datagrams in `buffer`, described by `meta` (see {@link datagramsOf}). */
export type BatchHandler = (buffer: Buffer, meta: Int32Array, count: number) => void;

/** One datagram as an object, for code that is not on a hot path. */
export interface Datagram {
  /** The datagram's bytes (a view of the batch's buffer). */
  data: Buffer;
  /** The sender's port id (0: the kernel). */
  portId: number;
  /** The sender's nl_groups bitmap. */
  groups: number;
  /** The multicast group it was sent to (with SocketOption.PktInfo). */
  group?: number;
  /** The sender's network namespace id (with SocketOption.ListenAllNsid). */
  nsid?: number;
  /** The sender's credentials (SCM_CREDENTIALS, with SocketOption.PassCred). */
  creds?: {
    /** The sender's process id. */
    pid: number;
    /** Its user id. */
    uid: number;
    /** Its group id. */
    gid: number;
  };
  /** Longer than the receive slot: only the first bytes are here. */
  truncated: boolean;
}

/** The datagrams of one batch as objects (data, sender, groups, credentials, flags): the readable form of what `onBatch` receives. */
export function datagramsOf(buffer: Buffer, meta: Int32Array, count: number): Datagram[] {
  const out: Datagram[] = [];
  for (let i = 0; i < count; i++) {
    const row = i * META_STRIDE;
    const offset = meta[row + Meta.Offset];
    const flags = meta[row + Meta.Flags];
    const d: Datagram = {
      data: buffer.subarray(offset, offset + meta[row + Meta.Length]),
      portId: meta[row + Meta.PortId] >>> 0,
      groups: meta[row + Meta.Groups] >>> 0,
      truncated: (flags & DatagramFlags.Truncated) !== 0,
    };
    if (flags & DatagramFlags.HasGroup) d.group = meta[row + Meta.Group] >>> 0;
    if (flags & DatagramFlags.HasNsid) d.nsid = meta[row + Meta.Nsid];
    if (flags & DatagramFlags.HasCreds) {
      d.creds = { pid: meta[row + Meta.Pid], uid: meta[row + Meta.Uid] >>> 0, gid: meta[row + Meta.Gid] >>> 0 };
    }
    out.push(d);
  }
  return out;
}

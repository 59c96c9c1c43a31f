// Loads the native addon (a local build or a prebuild) and describes its surface. Nothing else loads it.
import * as path from 'path';

/**
 * One AF_NETLINK socket as the addon exposes it; NetlinkSocket is its only user. Every method checks its arguments
 * before acting on them and throws Node's errors (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_INVALID_ARG_VALUE), as
 * NetlinkSocket does first: numbers must be integers in range, flags booleans, bytes Uint8Arrays.
 */
export interface NativeSocketHandle {
  bind(portId: number, groups: number): { portId: number; groups: number };
  address(): { portId: number; groups: number };
  /** true: handed to the kernel now; false: queued behind EAGAIN, flushed from the event loop. */
  send(data: Uint8Array, portId: number, groups: number): boolean;
  /**
   * Sends like send(); then, if the datagram went out and the socket is being read on this thread, reads at most
   * one datagram already queued: into `into` at offset `at`, with its meta row in `meta` (returns its length), or,
   * when it does not fit there, through the batch callback. Returns -1 - n when nothing was put in `into` (n:
   * datagrams that went through the batch callback). `at` is an integer from 0 to into.length; `meta` holds at
   * least META_STRIDE elements.
   */
  sendReceive(data: Uint8Array, portId: number, groups: number, into: Uint8Array, at: number, meta: Int32Array): number;
  /**
   * sendReceive() to the kernel (port 0, no groups). An own property of each socket object, bound to its socket:
   * the call skips finding the socket behind the object, which costs as much as the rest of its argument handling.
   */
  sendReceiveKernel(data: Uint8Array, into: Uint8Array, at: number, meta: Int32Array): number;
  setReading(reading: boolean): void;
  /** true: a native thread reads the socket and hands batches to the loop; false: the loop reads it. */
  setReceiveThread(on: boolean): void;
  receiveNow(limit?: number): number;
  setIntOption(level: number, name: number, value: number, label: string): void;
  getIntOption(level: number, name: number, label: string): number;
  memberships(): number[];
  setBufferSize(receive: boolean, bytes: number): number;
  /** struct sock_filter[] in host byte order. */
  attachFilter(program: Uint8Array): void;
  detachFilter(): void;
  setRef(ref: boolean): void;
  close(): void;
  fd(): number;
}

export interface NativeCallbacks {
  /** Each is called with the NativeSocketHandle concerned as `this`. */
  /**
   * One receive batch: the datagrams at store[dataOffset, dataOffset + dataLength), and count meta rows
   * (Int32, META_STRIDE each) at store[metaOffset]. The store may be shared with other batches (small ones are
   * pooled) but no byte of it is ever written again.
   */
  batch(this: NativeSocketHandle, store: ArrayBuffer, dataOffset: number, dataLength: number, metaOffset: number, count: number): void;
  overrun(this: NativeSocketHandle): void;
  error(this: NativeSocketHandle, errno: number, syscall: string, detail: string): void;
  /** Builds the error the addon throws for a failed system call. */
  makeError(errno: number, syscall: string, detail: string): Error;
}

export interface SocketConstants {
  SOL_SOCKET: number;
  SOL_NETLINK: number;
  SO_PASSCRED: number;
  SO_RCVBUF: number;
  SO_SNDBUF: number;
  NETLINK_ADD_MEMBERSHIP: number;
  NETLINK_DROP_MEMBERSHIP: number;
  NETLINK_PKTINFO: number;
  NETLINK_BROADCAST_ERROR: number;
  NETLINK_NO_ENOBUFS: number;
  NETLINK_LISTEN_ALL_NSID: number;
  NETLINK_LIST_MEMBERSHIPS: number;
  NETLINK_CAP_ACK: number;
  NETLINK_EXT_ACK: number;
  NETLINK_GET_STRICT_CHK: number;
  BPF_MAXINSNS: number;
  SOCK_FILTER_SIZE: number;
}

export interface NativeBinding {
  Socket: new (protocol: number, netnsPath: string | null, netnsFd: number) => NativeSocketHandle;
  setCallbacks(callbacks: NativeCallbacks): void;
  constants: SocketConstants;
}

// This file runs as dist/lib/socket/binding.js; the package root (binding.gyp, build/, prebuilds/) is three
// directories up.
const packageRoot = path.join(__dirname, '..', '..', '..');

/**
 * A local build is what node-gyp-build would pick first too; loading it directly spares every process that
 * opens a socket node-gyp-build's directory scans (a few milliseconds of start-up). Anything else (prebuilds, or
 * node-gyp-build's PREBUILDS_ONLY and LINUX_NETLINK_PREBUILD overrides) is node-gyp-build's to find.
 */
function load(): NativeBinding {
  if (!process.env.PREBUILDS_ONLY && !process.env.LINUX_NETLINK_PREBUILD) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      return require(path.join(packageRoot, 'build', 'Release', 'linux_netlink.node')) as NativeBinding;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const nodeGypBuild: (dir: string) => unknown = require('node-gyp-build');
  return nodeGypBuild(packageRoot) as NativeBinding;
}

export const binding = load();

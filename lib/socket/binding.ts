// Loads the native addon (a local build or a prebuild), on first use, and describes its surface. Nothing else loads it.
import { readdirSync } from 'fs';
import * as path from 'path';
import { choosePrebuild, currentTarget, describeTarget } from './prebuilds';

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

/** The addon could not be loaded: no local build, and no prebuild fits this Node (or the one that fits failed). */
export class NativeAddonError extends Error {
  readonly code = 'ERR_LINUX_NETLINK_NO_ADDON';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'NativeAddonError';
  }
}

/**
 * A local build first (`npm rebuild` made it; loading it directly spares node-gyp-build's directory scans), then
 * the prebuild that fits this Node (prebuilds.ts: node-gyp-build's tags and the ARM float ABI). PREBUILDS_ONLY
 * skips the local build; LINUX_NETLINK_PREBUILD names another directory to take prebuilds/ from, as with
 * node-gyp-build.
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
  const root = process.env.LINUX_NETLINK_PREBUILD || packageRoot;
  const target = currentTarget();
  const dir = path.join(root, 'prebuilds', `linux-${target.arch}`);
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    // no prebuilds for this architecture
  }
  const chosen = choosePrebuild(files, target);
  let cause: unknown;
  if (chosen !== null) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      return require(path.join(dir, chosen)) as NativeBinding;
    } catch (err) {
      cause = err; // e.g. a C library older than the prebuild's (glibc 2.28)
    }
  }
  const why = chosen === null ? `no prebuild fits (${describeTarget(target)})` : `the prebuild ${chosen} does not load here: ${(cause as Error).message}`;
  throw new NativeAddonError(
    `linux-netlink: the native addon is missing: ${why}, and none was built. Install a C++ compiler, make and ` +
      'python3 (Debian/Ubuntu: apt-get install g++ make python3; Alpine: apk add g++ make python3; RHEL/Fedora: ' +
      'dnf install gcc-c++ make python3), then run `npm rebuild linux-netlink --build-from-source`. The parsers and ' +
      'encoders work without it; opening a socket needs it.',
    cause,
  );
}

let loaded: NativeBinding | undefined;

/**
 * The addon, loaded the first time something needs it (opening a socket, reading a socket option's number): the
 * rest of the package (parsers, encoders, specs) loads and works without it. Throws NativeAddonError.
 */
export function nativeBinding(): NativeBinding {
  return (loaded ??= load());
}

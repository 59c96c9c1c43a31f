// The socket a Connection speaks through, as an interface: the real NetlinkSocket satisfies it, and unit tests put
// a fake kernel behind it (test/helpers/fake-kernel.ts).
import { BatchHandler, NetlinkSocket, SocketAddress, SocketOption } from '../../socket/netlink-socket';

/**
 * What Connection needs of its socket: NetlinkSocket's methods of the same names, with the same contracts (see
 * lib/socket/netlink-socket.ts). Received datagrams go to `onBatch`; 'overrun', 'error' and 'close' are events.
 */
export interface ConnectionSocket {
  /** As {@link NetlinkSocket.closed}. */
  readonly closed: boolean;
  /** As {@link NetlinkSocket.onBatch}: where received datagrams go. */
  onBatch: BatchHandler | null;
  /** As {@link NetlinkSocket.receiveThread}. */
  readonly receiveThread: boolean;
  /** As {@link NetlinkSocket.bind}. */
  bind(address: Partial<SocketAddress>): SocketAddress;
  /** As {@link NetlinkSocket.address}. */
  address(): SocketAddress;
  /** As {@link NetlinkSocket.setOption}. */
  setOption(option: SocketOption, value: number | boolean): void;
  /** As {@link NetlinkSocket.setReceiveBufferSize}. */
  setReceiveBufferSize(bytes: number): number;
  /** As {@link NetlinkSocket.send}. */
  send(data: Uint8Array, to?: Partial<SocketAddress>): void;
  /** As {@link NetlinkSocket.receiveNow}. */
  receiveNow(limit?: number): number;
  /** As {@link NetlinkSocket.sendReceive}. */
  sendReceive(data: Uint8Array, to?: Partial<SocketAddress>): number;
  /** As {@link NetlinkSocket.sendReceiveInto}. */
  sendReceiveInto(data: Uint8Array, into: Uint8Array, at: number, meta: Int32Array, to?: Partial<SocketAddress>): number;
  /** As {@link NetlinkSocket.setReceiveThread}. */
  setReceiveThread(on: boolean): unknown;
  /** As {@link NetlinkSocket.pause}. */
  pause(): unknown;
  /** As {@link NetlinkSocket.resume}. */
  resume(): unknown;
  /** As {@link NetlinkSocket.ref}. */
  ref(): unknown;
  /** As {@link NetlinkSocket.unref}. */
  unref(): unknown;
  /** As {@link NetlinkSocket.addMembership}. */
  addMembership(group: number): void;
  /** As {@link NetlinkSocket.dropMembership}. */
  dropMembership(group: number): void;
  /** As {@link NetlinkSocket.memberships}. */
  memberships(): number[];
  /** As {@link NetlinkSocket.close}. */
  close(): void;
  /** Listens for the socket's 'overrun' and 'close' events (see {@link NetlinkSocketEvents}). */
  on(event: 'overrun' | 'close', listener: () => void): unknown;
  /** Listens for the socket's 'error' event (see {@link NetlinkSocketEvents}). */
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Opens the real socket for a connection. */
export function openSocket(protocol: number, netns: string | number | undefined): ConnectionSocket {
  return NetlinkSocket.open({ protocol, netns });
}

/** Turns a socket option on; false when the kernel is too old to have it. */
export function trySetOption(socket: ConnectionSocket, option: SocketOption): boolean {
  try {
    socket.setOption(option, true);
    return true;
  } catch {
    return false;
  }
}

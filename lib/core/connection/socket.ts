// The socket a Connection speaks through, as an interface: the real NetlinkSocket satisfies it, and unit tests put
// a fake kernel behind it (test/helpers/fake-kernel.ts).
import { BatchHandler, NetlinkSocket, SocketAddress, SocketOption } from '../../socket/netlink-socket';

/**
 * What Connection needs of its socket: NetlinkSocket's methods of the same names, with the same contracts (see
 * lib/socket/netlink-socket.ts). Received datagrams go to `onBatch`; 'overrun', 'error' and 'close' are events.
 */
export interface ConnectionSocket {
  readonly closed: boolean;
  onBatch: BatchHandler | null;
  readonly receiveThread: boolean;
  bind(address: Partial<SocketAddress>): SocketAddress;
  address(): SocketAddress;
  setOption(option: SocketOption, value: number | boolean): void;
  setReceiveBufferSize(bytes: number): number;
  send(data: Uint8Array, to?: Partial<SocketAddress>): void;
  receiveNow(limit?: number): number;
  sendReceive(data: Uint8Array, to?: Partial<SocketAddress>): number;
  sendReceiveInto(data: Uint8Array, into: Uint8Array, at: number, meta: Int32Array, to?: Partial<SocketAddress>): number;
  setReceiveThread(on: boolean): unknown;
  pause(): unknown;
  resume(): unknown;
  ref(): unknown;
  unref(): unknown;
  addMembership(group: number): void;
  dropMembership(group: number): void;
  memberships(): number[];
  close(): void;
  on(event: 'overrun' | 'close', listener: () => void): unknown;
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

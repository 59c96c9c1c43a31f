// The boolean/integer socket options a netlink socket can set, mapped to this platform's level and number.
import { nativeBinding } from './binding';

/** The boolean socket options of {@link NetlinkSocket.setOption} (NETLINK_* at SOL_NETLINK, SO_PASSCRED). */
export enum SocketOption {
  /** NETLINK_EXT_ACK: error messages carry the kernel's explanation and the offending attribute. */
  ExtAck,
  /** NETLINK_CAP_ACK: error messages do not echo the whole request back. */
  CapAck,
  /** NETLINK_GET_STRICT_CHK: the kernel validates dump requests and honours their filters. */
  StrictCheck,
  /** NETLINK_NO_ENOBUFS: never report ENOBUFS (drops become silent: use with care). */
  NoEnobufs,
  /** NETLINK_BROADCAST_ERROR: a multicast send reports delivery failures. */
  BroadcastError,
  /** NETLINK_LISTEN_ALL_NSID: receive multicast from every peer namespace, tagged with its nsid. */
  ListenAllNsid,
  /** NETLINK_PKTINFO: each datagram carries the multicast group it was sent to. */
  PktInfo,
  /** SO_PASSCRED: each datagram carries the sender's credentials. */
  PassCred,
}

export interface OptionAddress {
  level: number;
  name: number;
  label: string;
}

// Built on first use: reading the numbers loads the addon, which the rest of the package does without.
let table: Record<SocketOption, OptionAddress> | undefined;

function optionTable(): Record<SocketOption, OptionAddress> {
  const c = nativeBinding().constants;
  return {
    [SocketOption.ExtAck]: { level: c.SOL_NETLINK, name: c.NETLINK_EXT_ACK, label: 'NETLINK_EXT_ACK' },
    [SocketOption.CapAck]: { level: c.SOL_NETLINK, name: c.NETLINK_CAP_ACK, label: 'NETLINK_CAP_ACK' },
    [SocketOption.StrictCheck]: { level: c.SOL_NETLINK, name: c.NETLINK_GET_STRICT_CHK, label: 'NETLINK_GET_STRICT_CHK' },
    [SocketOption.NoEnobufs]: { level: c.SOL_NETLINK, name: c.NETLINK_NO_ENOBUFS, label: 'NETLINK_NO_ENOBUFS' },
    [SocketOption.BroadcastError]: { level: c.SOL_NETLINK, name: c.NETLINK_BROADCAST_ERROR, label: 'NETLINK_BROADCAST_ERROR' },
    [SocketOption.ListenAllNsid]: { level: c.SOL_NETLINK, name: c.NETLINK_LISTEN_ALL_NSID, label: 'NETLINK_LISTEN_ALL_NSID' },
    [SocketOption.PktInfo]: { level: c.SOL_NETLINK, name: c.NETLINK_PKTINFO, label: 'NETLINK_PKTINFO' },
    [SocketOption.PassCred]: { level: c.SOL_SOCKET, name: c.SO_PASSCRED, label: 'SO_PASSCRED' },
  };
}

/** undefined for anything that is not a SocketOption. */
export function optionAddress(option: SocketOption): OptionAddress | undefined {
  table ??= optionTable();
  return Object.prototype.hasOwnProperty.call(table, option) ? table[option] : undefined;
}

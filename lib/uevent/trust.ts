// Who may send a uevent. Any process with CAP_NET_ADMIN can send to the uevent multicast groups, so a monitor
// that believes every datagram can be fed forged device events. The rules (systemd's, made the default):
// kernel-format events must come from the kernel itself (sender port id 0) on group 1; udev-format events must
// carry SCM_CREDENTIALS of a trusted uid (root) on group 2; unicast datagrams are never trusted.

/** The multicast group the kernel broadcasts its uevents to (1). */
export const UEVENT_KERNEL_GROUP = 1;
/** The multicast group the udev daemon re-broadcasts processed uevents to (2). */
export const UEVENT_UDEV_GROUP = 2;

/**
 * Why a monitor's trust policy refused a datagram (see checkSender): a unicast, a forged kernel sender, missing or
 * untrusted credentials, the wrong format for its group, or a group not asked for.
 */
export type RejectReason =
  | 'unicast' // sent to this socket's port directly, not to a uevent group
  | 'kernel-group-sender' // on the kernel group, but not from port id 0
  | 'no-credentials' // on the udev group without SCM_CREDENTIALS
  | 'untrusted-uid' // on the udev group from a uid that is not trusted
  | 'format-mismatch' // kernel format on the udev group, or udev format on the kernel group
  | 'unexpected-group'; // on a group this monitor did not ask for

/** Who sent a datagram, as the socket saw it: the port id, the destination groups and the credentials. */
export interface SenderInfo {
  /** The sender's port id (0 = the kernel). */
  portId: number;
  /** The destination group mask the datagram was sent to (bit 0 = group 1). */
  groups: number;
  /** SCM_CREDENTIALS, when the kernel attached them. */
  creds?: {
    /** The sending process's id (0 for the kernel). */
    pid: number;
    /** The sender's user id: the one a udev-format message must come from to be trusted (`trustedUids`). */
    uid: number;
    /** The sender's group id. */
    gid: number;
  };
}

/** Which senders a monitor believes: the groups it listens to and the uids whose udev-format messages it trusts. */
export interface TrustPolicy {
  /** Which groups this monitor listens to, as a mask (bit 0 = kernel, bit 1 = udev). */
  groupMask: number;
  /** Uids whose udev-format messages are believed (root only, by default). */
  trustedUids: ReadonlySet<number>;
}

/** Undefined when the datagram is trusted, otherwise why not. */
export function checkSender(
  policy: TrustPolicy,
  portId: number,
  groups: number,
  uid: number | undefined,
  udevFormat: boolean,
): RejectReason | undefined {
  if (groups === 0) return 'unicast';
  if ((groups & policy.groupMask) === 0) return 'unexpected-group';
  if (groups & (1 << (UEVENT_KERNEL_GROUP - 1))) {
    if (portId !== 0) return 'kernel-group-sender';
    if (udevFormat) return 'format-mismatch';
    return undefined;
  }
  if (groups & (1 << (UEVENT_UDEV_GROUP - 1))) {
    if (uid === undefined) return 'no-credentials';
    if (!policy.trustedUids.has(uid)) return 'untrusted-uid';
    if (!udevFormat) return 'format-mismatch';
    return undefined;
  }
  return 'unexpected-group';
}

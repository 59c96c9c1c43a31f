// The netlink protocol numbers of <linux/netlink.h>, by name: for error messages that say which protocol
// a socket speaks. Numbers without a name (31, a module's own) print as `protocol N`.
const NAMES: ReadonlyArray<string | undefined> = [
  'NETLINK_ROUTE', undefined, 'NETLINK_USERSOCK', 'NETLINK_FIREWALL', 'NETLINK_SOCK_DIAG', 'NETLINK_NFLOG',
  'NETLINK_XFRM', 'NETLINK_SELINUX', 'NETLINK_ISCSI', 'NETLINK_AUDIT', 'NETLINK_FIB_LOOKUP', 'NETLINK_CONNECTOR',
  'NETLINK_NETFILTER', 'NETLINK_IP6_FW', 'NETLINK_DNRTMSG', 'NETLINK_KOBJECT_UEVENT', 'NETLINK_GENERIC', undefined,
  'NETLINK_SCSITRANSPORT', 'NETLINK_ECRYPTFS', 'NETLINK_RDMA', 'NETLINK_CRYPTO', 'NETLINK_SMC',
];

/** 'NETLINK_ROUTE (protocol 0)', or 'protocol 31' for a number <linux/netlink.h> does not name. */
export function describeProtocol(protocol: number): string {
  const name = NAMES[protocol];
  return name === undefined ? `protocol ${protocol}` : `${name} (protocol ${protocol})`;
}

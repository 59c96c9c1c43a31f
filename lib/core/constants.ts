// Netlink's own numbers (linux/netlink.h). test/unit/core/constants.test.ts checks every value against the
// installed uapi headers, so a transcription slip fails the build.

/** Netlink protocol numbers: the third argument of socket(AF_NETLINK, ...). */
export enum Protocol {
  /** NETLINK_ROUTE: links, addresses, routes, neighbours, rules (rtnetlink). */
  Route = 0,
  /** NETLINK_USERSOCK: reserved for user-space protocols. */
  Usersock = 2,
  /** NETLINK_FIREWALL: the old ip_queue (gone from current kernels). */
  Firewall = 3,
  /** NETLINK_SOCK_DIAG: socket listings (sock_diag; see the diag module). */
  SockDiag = 4,
  /** NETLINK_NFLOG: the old netfilter ULOG (gone from current kernels). */
  Nflog = 5,
  /** NETLINK_XFRM: IPsec states and policies. */
  Xfrm = 6,
  /** NETLINK_SELINUX: SELinux event notifications. */
  Selinux = 7,
  /** NETLINK_ISCSI: Open-iSCSI. */
  Iscsi = 8,
  /** NETLINK_AUDIT: the audit subsystem. */
  Audit = 9,
  /** NETLINK_FIB_LOOKUP: IPv4 FIB lookups (see the fiblookup module). */
  FibLookup = 10,
  /** NETLINK_CONNECTOR: the kernel connector (process events, ...). */
  Connector = 11,
  /** NETLINK_NETFILTER: nfnetlink (nftables, conntrack, nflog, nfqueue). */
  Netfilter = 12,
  /** NETLINK_IP6_FW: the old ip6_queue (gone from current kernels). */
  Ip6Fw = 13,
  /** NETLINK_DNRTMSG: DECnet routing messages (gone from current kernels). */
  Dnrtmsg = 14,
  /** NETLINK_KOBJECT_UEVENT: device events (uevents; see UeventMonitor). */
  KobjectUevent = 15,
  /** NETLINK_GENERIC: generic netlink families (see GenlClient). */
  Generic = 16,
  /** NETLINK_SCSITRANSPORT: SCSI transport events. */
  ScsiTransport = 18,
  /** NETLINK_ECRYPTFS: eCryptfs (gone from current kernels). */
  Ecryptfs = 19,
  /** NETLINK_RDMA: RDMA devices and resources. */
  Rdma = 20,
  /** NETLINK_CRYPTO: the crypto API's algorithms. */
  Crypto = 21,
  /** NETLINK_SMC: SMC sockets' diagnostics. */
  Smc = 22,
}

/** Control message types (nlmsg_type below NLMSG_MIN_TYPE). */
export enum MessageType {
  /** NLMSG_NOOP: ignored by the receiver. */
  Noop = 0x1,
  /** NLMSG_ERROR: an error, or an ACK (error 0). */
  Error = 0x2,
  /** NLMSG_DONE: the end of a dump. */
  Done = 0x3,
  /** NLMSG_OVERRUN: data lost (unused by current kernels). */
  Overrun = 0x4,
}

/** First message type available to families. */
export const NLMSG_MIN_TYPE = 0x10;

/** Flags valid on every message. */
export enum MessageFlags {
  /** NLM_F_REQUEST: a request (every message to the kernel). */
  Request = 0x01,
  /** NLM_F_MULTI: one part of a multipart answer, ended by NLMSG_DONE. */
  Multi = 0x02,
  /** NLM_F_ACK: answer with an ACK (an NLMSG_ERROR of 0) on success too. */
  Ack = 0x04,
  /** NLM_F_ECHO: echo the request back to the sender. */
  Echo = 0x08,
  /** NLM_F_DUMP_INTR: the dump was interrupted by a change: it may be inconsistent. */
  DumpIntr = 0x10,
  /** NLM_F_DUMP_FILTERED: the dump was filtered as the request asked (strict checking). */
  DumpFiltered = 0x20,
}

/** Modifiers of GET requests. */
export enum GetFlags {
  /** NLM_F_ROOT: the whole table, not one entry. */
  Root = 0x100,
  /** NLM_F_MATCH: every entry that matches. */
  Match = 0x200,
  /** NLM_F_ATOMIC: a snapshot of the table (unused by current kernels). */
  Atomic = 0x400,
  /** NLM_F_DUMP: Root | Match, a dump. */
  Dump = 0x300,
}

/** Modifiers of NEW requests. */
export enum NewFlags {
  /** NLM_F_REPLACE: replace an existing object. */
  Replace = 0x100,
  /** NLM_F_EXCL: fail (EEXIST) if the object exists. */
  Excl = 0x200,
  /** NLM_F_CREATE: create the object if it does not exist. */
  Create = 0x400,
  /** NLM_F_APPEND: add to the end of the object's list (a route's next hops, ...). */
  Append = 0x800,
}

/** Modifiers of DELETE requests. */
export enum DeleteFlags {
  /** NLM_F_NONREC: do not delete recursively. */
  NonRec = 0x100,
  /** NLM_F_BULK: delete every object the request matches (6.0 and later). */
  Bulk = 0x200,
}

/** Flags of an NLMSG_ERROR (ACK) message. */
export enum AckFlags {
  /** NLM_F_CAPPED: the echoed request was cut to its header. */
  Capped = 0x100,
  /** NLM_F_ACK_TLVS: extended ACK attributes follow the echoed request. */
  AckTlvs = 0x200,
}

/** Extended-ACK attributes carried after an NLMSG_ERROR. */
export enum ErrorAttribute {
  /** NLMSGERR_ATTR_UNUSED: never sent. */
  Unused = 0,
  /** NLMSGERR_ATTR_MSG: the error message (string). */
  Msg = 1,
  /** NLMSGERR_ATTR_OFFS: the offset of the attribute at fault in the request (u32). */
  Offs = 2,
  /** NLMSGERR_ATTR_COOKIE: an arbitrary cookie (binary). */
  Cookie = 3,
  /** NLMSGERR_ATTR_POLICY: the policy of the attribute at fault (nested). */
  Policy = 4,
  /** NLMSGERR_ATTR_MISS_TYPE: the type of a missing required attribute (u32). */
  MissType = 5,
  /** NLMSGERR_ATTR_MISS_NEST: the offset of the nest that lacks it (u32). */
  MissNest = 6,
}

/** High bits of nla_type. */
export enum AttributeFlags {
  /** NLA_F_NESTED: the attribute holds attributes. */
  Nested = 1 << 15,
  /** NLA_F_NET_BYTEORDER: the value is in network byte order. */
  NetByteOrder = 1 << 14,
}
/** The bits of nla_type that are the type (without NLA_F_NESTED and NLA_F_NET_BYTEORDER). */
export const NLA_TYPE_MASK = ~(AttributeFlags.Nested | AttributeFlags.NetByteOrder) & 0xffff;

/** SOL_NETLINK socket options. */
export enum NetlinkSocketOption {
  /** NETLINK_ADD_MEMBERSHIP: join a multicast group. */
  AddMembership = 1,
  /** NETLINK_DROP_MEMBERSHIP: leave a multicast group. */
  DropMembership = 2,
  /** NETLINK_PKTINFO: receive each datagram's group (struct nl_pktinfo). */
  PktInfo = 3,
  /** NETLINK_BROADCAST_ERROR: report failed broadcasts to the sender. */
  BroadcastError = 4,
  /** NETLINK_NO_ENOBUFS: no ENOBUFS when notifications are dropped. */
  NoEnobufs = 5,
  /** NETLINK_LISTEN_ALL_NSID: notifications of every peer namespace, with its nsid. */
  ListenAllNsid = 8,
  /** NETLINK_LIST_MEMBERSHIPS: the groups joined (getsockopt). */
  ListMemberships = 9,
  /** NETLINK_CAP_ACK: ACKs carry only the request's header. */
  CapAck = 10,
  /** NETLINK_EXT_ACK: extended ACKs (messages, offsets). */
  ExtAck = 11,
  /** NETLINK_GET_STRICT_CHK: strict checking of dump requests (filters honoured). */
  GetStrictChk = 12,
}

/** Messages start on multiples of this many bytes. */
export const NLMSG_ALIGNTO = 4;
/** The size of struct nlmsghdr. */
export const NLMSG_HDRLEN = 16;
/** Attributes start on multiples of this many bytes. */
export const NLA_ALIGNTO = 4;
/** The size of struct nlattr. */
export const NLA_HDRLEN = 4;
/** nla_len is a u16: no attribute, header included, can be longer. */
export const NLA_MAX_LENGTH = 0xffff;
/** struct nlmsgerr: int error + the echoed struct nlmsghdr. */
export const NLMSGERR_LENGTH = 4 + NLMSG_HDRLEN;

// Netlink's own numbers (linux/netlink.h). test/unit/core/constants.test.ts checks every value against the
// installed uapi headers, so a transcription slip fails the build.

/** Netlink protocol numbers: the third argument of socket(AF_NETLINK, ...). */
export enum Protocol {
  Route = 0,
  Usersock = 2,
  Firewall = 3,
  SockDiag = 4,
  Nflog = 5,
  Xfrm = 6,
  Selinux = 7,
  Iscsi = 8,
  Audit = 9,
  FibLookup = 10,
  Connector = 11,
  Netfilter = 12,
  Ip6Fw = 13,
  Dnrtmsg = 14,
  KobjectUevent = 15,
  Generic = 16,
  ScsiTransport = 18,
  Ecryptfs = 19,
  Rdma = 20,
  Crypto = 21,
  Smc = 22,
}

/** Control message types (nlmsg_type below NLMSG_MIN_TYPE). */
export enum MessageType {
  Noop = 0x1,
  Error = 0x2,
  Done = 0x3,
  Overrun = 0x4,
}

/** First message type available to families. */
export const NLMSG_MIN_TYPE = 0x10;

/** Flags valid on every message. */
export enum MessageFlags {
  Request = 0x01,
  Multi = 0x02,
  Ack = 0x04,
  Echo = 0x08,
  DumpIntr = 0x10,
  DumpFiltered = 0x20,
}

/** Modifiers of GET requests. */
export enum GetFlags {
  Root = 0x100,
  Match = 0x200,
  Atomic = 0x400,
  Dump = 0x300,
}

/** Modifiers of NEW requests. */
export enum NewFlags {
  Replace = 0x100,
  Excl = 0x200,
  Create = 0x400,
  Append = 0x800,
}

/** Modifiers of DELETE requests. */
export enum DeleteFlags {
  NonRec = 0x100,
  Bulk = 0x200,
}

/** Flags of an NLMSG_ERROR (ACK) message. */
export enum AckFlags {
  Capped = 0x100,
  AckTlvs = 0x200,
}

/** Extended-ACK attributes carried after an NLMSG_ERROR. */
export enum ErrorAttribute {
  Unused = 0,
  Msg = 1,
  Offs = 2,
  Cookie = 3,
  Policy = 4,
  MissType = 5,
  MissNest = 6,
}

/** High bits of nla_type. */
export enum AttributeFlags {
  Nested = 1 << 15,
  NetByteOrder = 1 << 14,
}
/** The bits of nla_type that are the type (without NLA_F_NESTED and NLA_F_NET_BYTEORDER). */
export const NLA_TYPE_MASK = ~(AttributeFlags.Nested | AttributeFlags.NetByteOrder) & 0xffff;

/** SOL_NETLINK socket options. */
export enum NetlinkSocketOption {
  AddMembership = 1,
  DropMembership = 2,
  PktInfo = 3,
  BroadcastError = 4,
  NoEnobufs = 5,
  ListenAllNsid = 8,
  ListMemberships = 9,
  CapAck = 10,
  ExtAck = 11,
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

// sock_diag's numbers (linux/sock_diag.h, inet_diag.h, unix_diag.h, netlink_diag.h, packet_diag.h, tcp_states.h).
// test/unit/diag/constants.test.ts checks them against the installed uapi headers.

/** nlmsg_type of sock_diag requests. */
export enum DiagMessageType {
  /** SOCK_DIAG_BY_FAMILY: list (dump) or get one socket of an address family. */
  ByFamily = 20,
  /** SOCK_DESTROY: close a socket (CONFIG_INET_DIAG_DESTROY, CAP_NET_ADMIN). */
  Destroy = 21,
}

/** Address families sock_diag answers for. */
export enum AddressFamily {
  Unix = 1,
  Inet = 2,
  Inet6 = 10,
  Netlink = 16,
  Packet = 17,
}

/** IP protocols inet_diag lists. */
export enum IpProtocol {
  Tcp = 6,
  Udp = 17,
  Dccp = 33,
  Raw = 255,
  Sctp = 132,
  UdpLite = 136,
  Mptcp = 262,
}

/** Socket types (SOCK_*), as unix and packet diag report them. */
export enum SocketType {
  Stream = 1,
  Dgram = 2,
  Raw = 3,
  SeqPacket = 5,
}

/** TCP states (include/net/tcp_states.h); unix and netlink diag reuse the numbering. */
export enum TcpState {
  Established = 1,
  SynSent = 2,
  SynRecv = 3,
  FinWait1 = 4,
  FinWait2 = 5,
  TimeWait = 6,
  Close = 7,
  CloseWait = 8,
  LastAck = 9,
  Listen = 10,
  Closing = 11,
  NewSynRecv = 12,
}

/** inet_diag_msg attributes (INET_DIAG_*). */
export enum InetDiagAttribute {
  Meminfo = 1,
  Info = 2,
  VegasInfo = 3,
  Cong = 4,
  Tos = 5,
  Tclass = 6,
  Skmeminfo = 7,
  Shutdown = 8,
  DctcpInfo = 9,
  Protocol = 10,
  Skv6only = 11,
  Locals = 12,
  Peers = 13,
  Pad = 14,
  Mark = 15,
  BbrInfo = 16,
  ClassId = 17,
  Md5sig = 18,
  UlpInfo = 19,
  SkBpfStorages = 20,
  CgroupId = 21,
  Sockopt = 22,
}

/** Attributes of an inet_diag request (INET_DIAG_REQ_*). */
export enum InetDiagRequestAttribute {
  Bytecode = 1,
  SkBpfStorages = 2,
  Protocol = 3,
}

/** Operation codes of the inet_diag bytecode filter (INET_DIAG_BC_*). */
export enum BytecodeOp {
  Nop = 0,
  Jmp = 1,
  SourcePortGe = 2,
  SourcePortLe = 3,
  DestPortGe = 4,
  DestPortLe = 5,
  Auto = 6,
  SourceCond = 7,
  DestCond = 8,
  DevCond = 9,
  MarkCond = 10,
  SourcePortEq = 11,
  DestPortEq = 12,
  CgroupCond = 13,
}

/** unix_diag_req.udiag_show bits (UDIAG_SHOW_*). */
export enum UnixShow {
  Name = 0x1,
  Vfs = 0x2,
  Peer = 0x4,
  Icons = 0x8,
  Rqlen = 0x10,
  Meminfo = 0x20,
  Uid = 0x40,
}

/** unix_diag_msg attributes (UNIX_DIAG_*). */
export enum UnixDiagAttribute {
  Name = 0,
  Vfs = 1,
  Peer = 2,
  Icons = 3,
  Rqlen = 4,
  Meminfo = 5,
  Shutdown = 6,
  Uid = 7,
}

/** netlink_diag_req.ndiag_show bits (NDIAG_SHOW_*). */
export enum NetlinkShow {
  Meminfo = 0x1,
  Groups = 0x2,
  RingCfg = 0x4,
  Flags = 0x8,
}

/** netlink_diag_msg attributes (NETLINK_DIAG_*). */
export enum NetlinkDiagAttribute {
  Meminfo = 0,
  Groups = 1,
  RxRing = 2,
  TxRing = 3,
  Flags = 4,
}

/** The protocol of a netlink_diag request that asks for every protocol (NDIAG_PROTO_ALL). */
export const NDIAG_PROTO_ALL = 255;

/** packet_diag_req.pdiag_show bits (PACKET_SHOW_*). */
export enum PacketShow {
  Info = 0x1,
  Mclist = 0x2,
  RingCfg = 0x4,
  Fanout = 0x8,
  Meminfo = 0x10,
  Filter = 0x20,
}

/** packet_diag_msg attributes (PACKET_DIAG_*). */
export enum PacketDiagAttribute {
  Info = 0,
  Mclist = 1,
  RxRing = 2,
  TxRing = 3,
  Fanout = 4,
  Uid = 5,
  Meminfo = 6,
  Filter = 7,
}

/** Index of each counter in INET_DIAG_SKMEMINFO / *_MEMINFO (SK_MEMINFO_*). */
export enum SkMeminfo {
  RmemAlloc = 0,
  Rcvbuf = 1,
  WmemAlloc = 2,
  Sndbuf = 3,
  FwdAlloc = 4,
  WmemQueued = 5,
  Optmem = 6,
  Backlog = 7,
  Drops = 8,
}

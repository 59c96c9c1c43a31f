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
  /** AF_UNIX: unix domain sockets (unix_diag). */
  Unix = 1,
  /** AF_INET: IPv4 sockets (inet_diag). */
  Inet = 2,
  /** AF_INET6: IPv6 sockets (inet_diag). */
  Inet6 = 10,
  /** AF_NETLINK: netlink sockets (netlink_diag). */
  Netlink = 16,
  /** AF_PACKET: packet sockets (packet_diag). */
  Packet = 17,
}

/** IP protocols inet_diag lists. */
export enum IpProtocol {
  /** IPPROTO_TCP. */
  Tcp = 6,
  /** IPPROTO_UDP. */
  Udp = 17,
  /** IPPROTO_DCCP. */
  Dccp = 33,
  /** IPPROTO_RAW: raw sockets (the protocol itself goes in INET_DIAG_REQ_PROTOCOL). */
  Raw = 255,
  /** IPPROTO_SCTP. */
  Sctp = 132,
  /** IPPROTO_UDPLITE. */
  UdpLite = 136,
  /** IPPROTO_MPTCP (above 255: sent in INET_DIAG_REQ_PROTOCOL). */
  Mptcp = 262,
}

/** Socket types (SOCK_*), as unix and packet diag report them. */
export enum SocketType {
  /** SOCK_STREAM. */
  Stream = 1,
  /** SOCK_DGRAM. */
  Dgram = 2,
  /** SOCK_RAW. */
  Raw = 3,
  /** SOCK_SEQPACKET. */
  SeqPacket = 5,
}

/** TCP states (include/net/tcp_states.h); unix and netlink diag reuse the numbering. */
export enum TcpState {
  /** TCP_ESTABLISHED: connected (a connected unix or netlink socket too). */
  Established = 1,
  /** TCP_SYN_SENT: connecting, SYN sent. */
  SynSent = 2,
  /** TCP_SYN_RECV: SYN received, SYN-ACK sent. */
  SynRecv = 3,
  /** TCP_FIN_WAIT1: closed locally, FIN sent. */
  FinWait1 = 4,
  /** TCP_FIN_WAIT2: our FIN acknowledged, waiting for the peer's. */
  FinWait2 = 5,
  /** TCP_TIME_WAIT: both sides closed, waiting out late segments. */
  TimeWait = 6,
  /** TCP_CLOSE: not connected (an unconnected UDP, unix or netlink socket too). */
  Close = 7,
  /** TCP_CLOSE_WAIT: the peer closed, we have not. */
  CloseWait = 8,
  /** TCP_LAST_ACK: closed on both sides, waiting for the ACK of our FIN. */
  LastAck = 9,
  /** TCP_LISTEN: listening (a listening unix socket too). */
  Listen = 10,
  /** TCP_CLOSING: both sides closed at once. */
  Closing = 11,
  /** TCP_NEW_SYN_RECV: a request socket of a listener (a connection not yet accepted). */
  NewSynRecv = 12,
}

/** inet_diag_msg attributes (INET_DIAG_*). */
export enum InetDiagAttribute {
  /** INET_DIAG_MEMINFO: struct inet_diag_meminfo (rmem, wmem, fmem, tmem). */
  Meminfo = 1,
  /** INET_DIAG_INFO: the protocol's info (struct tcp_info for TCP, mptcp_info for MPTCP). */
  Info = 2,
  /** INET_DIAG_VEGASINFO: struct tcpvegas_info. */
  VegasInfo = 3,
  /** INET_DIAG_CONG: the congestion control algorithm's name. */
  Cong = 4,
  /** INET_DIAG_TOS: the IPv4 type of service (u8). */
  Tos = 5,
  /** INET_DIAG_TCLASS: the IPv6 traffic class (u8). */
  Tclass = 6,
  /** INET_DIAG_SKMEMINFO: the SK_MEMINFO_* counters (u32 each). */
  Skmeminfo = 7,
  /** INET_DIAG_SHUTDOWN: the shutdown() bits (u8: 1 receive, 2 send). */
  Shutdown = 8,
  /** INET_DIAG_DCTCPINFO: struct tcp_dctcp_info. */
  DctcpInfo = 9,
  /** INET_DIAG_PROTOCOL: the IP protocol (u8), in answers about raw and multiplexed sockets. */
  Protocol = 10,
  /** INET_DIAG_SKV6ONLY: IPV6_V6ONLY (u8). */
  Skv6only = 11,
  /** INET_DIAG_LOCALS: an SCTP association's local addresses. */
  Locals = 12,
  /** INET_DIAG_PEERS: an SCTP association's peer addresses. */
  Peers = 13,
  /** INET_DIAG_PAD: alignment padding, no value. */
  Pad = 14,
  /** INET_DIAG_MARK: SO_MARK (u32; only to CAP_NET_ADMIN). */
  Mark = 15,
  /** INET_DIAG_BBRINFO: struct tcp_bbr_info. */
  BbrInfo = 16,
  /** INET_DIAG_CLASS_ID: the net_cls class id or the socket's priority (u32). */
  ClassId = 17,
  /** INET_DIAG_MD5SIG: the TCP-MD5 keys (struct tcp_diag_md5sig each; CAP_NET_ADMIN). */
  Md5sig = 18,
  /** INET_DIAG_ULP_INFO: the upper layer protocol (kTLS, MPTCP subflow) and its state, nested. */
  UlpInfo = 19,
  /** INET_DIAG_SK_BPF_STORAGES: the BPF socket storages asked for, nested. */
  SkBpfStorages = 20,
  /** INET_DIAG_CGROUP_ID: the cgroup v2 id of the socket (u64). */
  CgroupId = 21,
  /** INET_DIAG_SOCKOPT: struct inet_diag_sockopt (socket option bits). */
  Sockopt = 22,
}

/** Attributes of an inet_diag request (INET_DIAG_REQ_*). */
export enum InetDiagRequestAttribute {
  /** INET_DIAG_REQ_BYTECODE: the filter program (see {@link compileFilter}). */
  Bytecode = 1,
  /** INET_DIAG_REQ_SK_BPF_STORAGES: the BPF socket storage maps to report, nested. */
  SkBpfStorages = 2,
  /** INET_DIAG_REQ_PROTOCOL: the IP protocol as a u32 (MPTCP's 262 does not fit the header's u8). */
  Protocol = 3,
}

/** Operation codes of the inet_diag bytecode filter (INET_DIAG_BC_*). */
export enum BytecodeOp {
  /** INET_DIAG_BC_NOP: go on with the next instruction. */
  Nop = 0,
  /** INET_DIAG_BC_JMP: jump by `no` bytes. */
  Jmp = 1,
  /** INET_DIAG_BC_S_GE: local port at least the next word's port. */
  SourcePortGe = 2,
  /** INET_DIAG_BC_S_LE: local port at most the next word's port. */
  SourcePortLe = 3,
  /** INET_DIAG_BC_D_GE: remote port at least the next word's port. */
  DestPortGe = 4,
  /** INET_DIAG_BC_D_LE: remote port at most the next word's port. */
  DestPortLe = 5,
  /** INET_DIAG_BC_AUTO: the local port was bound automatically (ephemeral). */
  Auto = 6,
  /** INET_DIAG_BC_S_COND: local address and port match an inet_diag_hostcond. */
  SourceCond = 7,
  /** INET_DIAG_BC_D_COND: remote address and port match an inet_diag_hostcond. */
  DestCond = 8,
  /** INET_DIAG_BC_DEV_COND: bound to the interface index that follows. */
  DevCond = 9,
  /** INET_DIAG_BC_MARK_COND: mark and mask match the inet_diag_markcond that follows. */
  MarkCond = 10,
  /** INET_DIAG_BC_S_EQ: local port equals the next word's port. */
  SourcePortEq = 11,
  /** INET_DIAG_BC_D_EQ: remote port equals the next word's port. */
  DestPortEq = 12,
  /** INET_DIAG_BC_CGROUP_COND: in the cgroup v2 whose id (u64) follows. */
  CgroupCond = 13,
}

/** unix_diag_req.udiag_show bits (UDIAG_SHOW_*). */
export enum UnixShow {
  /** UDIAG_SHOW_NAME: the bound path or abstract name. */
  Name = 0x1,
  /** UDIAG_SHOW_VFS: the inode and device of a path-bound socket. */
  Vfs = 0x2,
  /** UDIAG_SHOW_PEER: the peer's inode. */
  Peer = 0x4,
  /** UDIAG_SHOW_ICONS: the inodes of pending connections (listeners). */
  Icons = 0x8,
  /** UDIAG_SHOW_RQLEN: the receive and send queue lengths. */
  Rqlen = 0x10,
  /** UDIAG_SHOW_MEMINFO: the SK_MEMINFO_* counters. */
  Meminfo = 0x20,
  /** UDIAG_SHOW_UID: the owner's uid. */
  Uid = 0x40,
}

/** unix_diag_msg attributes (UNIX_DIAG_*). */
export enum UnixDiagAttribute {
  /** UNIX_DIAG_NAME: the bound name (string; a leading NUL for an abstract name). */
  Name = 0,
  /** UNIX_DIAG_VFS: struct unix_diag_vfs (inode, device). */
  Vfs = 1,
  /** UNIX_DIAG_PEER: the peer's inode (u32). */
  Peer = 2,
  /** UNIX_DIAG_ICONS: the inodes of pending connections (u32 each). */
  Icons = 3,
  /** UNIX_DIAG_RQLEN: struct unix_diag_rqlen (receive and send queues). */
  Rqlen = 4,
  /** UNIX_DIAG_MEMINFO: the SK_MEMINFO_* counters. */
  Meminfo = 5,
  /** UNIX_DIAG_SHUTDOWN: the shutdown() bits (u8). */
  Shutdown = 6,
  /** UNIX_DIAG_UID: the owner's uid (u32). */
  Uid = 7,
}

/** netlink_diag_req.ndiag_show bits (NDIAG_SHOW_*). */
export enum NetlinkShow {
  /** NDIAG_SHOW_MEMINFO: the SK_MEMINFO_* counters. */
  Meminfo = 0x1,
  /** NDIAG_SHOW_GROUPS: the multicast groups joined. */
  Groups = 0x2,
  /** NDIAG_SHOW_RING_CFG: the mmap rings (gone from current kernels). */
  RingCfg = 0x4,
  /** NDIAG_SHOW_FLAGS: the NDIAG_FLAG_* socket flags. */
  Flags = 0x8,
}

/** netlink_diag_msg attributes (NETLINK_DIAG_*). */
export enum NetlinkDiagAttribute {
  /** NETLINK_DIAG_MEMINFO: the SK_MEMINFO_* counters. */
  Meminfo = 0,
  /** NETLINK_DIAG_GROUPS: the bitmap of joined groups. */
  Groups = 1,
  /** NETLINK_DIAG_RX_RING: the receive mmap ring (old kernels). */
  RxRing = 2,
  /** NETLINK_DIAG_TX_RING: the transmit mmap ring (old kernels). */
  TxRing = 3,
  /** NETLINK_DIAG_FLAGS: the NDIAG_FLAG_* bits (u32). */
  Flags = 4,
}

/** The protocol of a netlink_diag request that asks for every protocol (NDIAG_PROTO_ALL). */
export const NDIAG_PROTO_ALL = 255;

/** packet_diag_req.pdiag_show bits (PACKET_SHOW_*). */
export enum PacketShow {
  /** PACKET_SHOW_INFO: struct packet_diag_info (interface, version, options). */
  Info = 0x1,
  /** PACKET_SHOW_MCLIST: the memberships (PACKET_ADD_MEMBERSHIP). */
  Mclist = 0x2,
  /** PACKET_SHOW_RING_CFG: the receive and transmit rings. */
  RingCfg = 0x4,
  /** PACKET_SHOW_FANOUT: the fanout group and mode. */
  Fanout = 0x8,
  /** PACKET_SHOW_MEMINFO: the SK_MEMINFO_* counters. */
  Meminfo = 0x10,
  /** PACKET_SHOW_FILTER: the attached classic BPF program. */
  Filter = 0x20,
}

/** packet_diag_msg attributes (PACKET_DIAG_*). */
export enum PacketDiagAttribute {
  /** PACKET_DIAG_INFO: struct packet_diag_info. */
  Info = 0,
  /** PACKET_DIAG_MCLIST: struct packet_diag_mclist each. */
  Mclist = 1,
  /** PACKET_DIAG_RX_RING: struct packet_diag_ring. */
  RxRing = 2,
  /** PACKET_DIAG_TX_RING: struct packet_diag_ring. */
  TxRing = 3,
  /** PACKET_DIAG_FANOUT: the fanout id and mode (u32). */
  Fanout = 4,
  /** PACKET_DIAG_UID: the owner's uid (u32). */
  Uid = 5,
  /** PACKET_DIAG_MEMINFO: the SK_MEMINFO_* counters. */
  Meminfo = 6,
  /** PACKET_DIAG_FILTER: the classic BPF program (struct sock_filter each). */
  Filter = 7,
}

/** Index of each counter in INET_DIAG_SKMEMINFO / *_MEMINFO (SK_MEMINFO_*). */
export enum SkMeminfo {
  /** SK_MEMINFO_RMEM_ALLOC: bytes queued for receiving. */
  RmemAlloc = 0,
  /** SK_MEMINFO_RCVBUF: the receive buffer's size. */
  Rcvbuf = 1,
  /** SK_MEMINFO_WMEM_ALLOC: bytes of sent data not yet freed. */
  WmemAlloc = 2,
  /** SK_MEMINFO_SNDBUF: the send buffer's size. */
  Sndbuf = 3,
  /** SK_MEMINFO_FWD_ALLOC: memory reserved ahead for the socket. */
  FwdAlloc = 4,
  /** SK_MEMINFO_WMEM_QUEUED: bytes queued for sending. */
  WmemQueued = 5,
  /** SK_MEMINFO_OPTMEM: memory for options and filters. */
  Optmem = 6,
  /** SK_MEMINFO_BACKLOG: bytes in the backlog queue. */
  Backlog = 7,
  /** SK_MEMINFO_DROPS: packets dropped. */
  Drops = 8,
}

// The diag family's numbers and struct sizes against the installed uapi headers: a C program prints the real
// values, so a transcription slip fails the build.
import { strict as assert } from 'assert';
import { existsSync } from 'fs';
import * as d from '../../../lib/diag/constants';
import { tcpInfoStruct, skMeminfoStruct, packetInfoStruct, packetRingStruct } from '../../../lib/diag/structs';
import { skipWithReason } from '../../helpers/netns';
import { cCompiler, uapiValues } from '../../helpers/uapi';

const checks: Array<[string, number]> = Object.entries({
  SOCK_DIAG_BY_FAMILY: d.DiagMessageType.ByFamily,
  SOCK_DESTROY: d.DiagMessageType.Destroy,
  AF_UNIX: d.AddressFamily.Unix,
  AF_INET: d.AddressFamily.Inet,
  AF_INET6: d.AddressFamily.Inet6,
  AF_NETLINK: d.AddressFamily.Netlink,
  AF_PACKET: d.AddressFamily.Packet,
  IPPROTO_TCP: d.IpProtocol.Tcp,
  IPPROTO_UDP: d.IpProtocol.Udp,
  IPPROTO_DCCP: d.IpProtocol.Dccp,
  IPPROTO_RAW: d.IpProtocol.Raw,
  IPPROTO_SCTP: d.IpProtocol.Sctp,
  IPPROTO_UDPLITE: d.IpProtocol.UdpLite,
  IPPROTO_MPTCP: d.IpProtocol.Mptcp,
  INET_DIAG_MEMINFO: d.InetDiagAttribute.Meminfo,
  INET_DIAG_INFO: d.InetDiagAttribute.Info,
  INET_DIAG_CONG: d.InetDiagAttribute.Cong,
  INET_DIAG_SKMEMINFO: d.InetDiagAttribute.Skmeminfo,
  INET_DIAG_SHUTDOWN: d.InetDiagAttribute.Shutdown,
  INET_DIAG_PROTOCOL: d.InetDiagAttribute.Protocol,
  INET_DIAG_SKV6ONLY: d.InetDiagAttribute.Skv6only,
  INET_DIAG_MARK: d.InetDiagAttribute.Mark,
  INET_DIAG_BBRINFO: d.InetDiagAttribute.BbrInfo,
  INET_DIAG_CLASS_ID: d.InetDiagAttribute.ClassId,
  INET_DIAG_MD5SIG: d.InetDiagAttribute.Md5sig,
  INET_DIAG_ULP_INFO: d.InetDiagAttribute.UlpInfo,
  INET_DIAG_SK_BPF_STORAGES: d.InetDiagAttribute.SkBpfStorages,
  INET_DIAG_CGROUP_ID: d.InetDiagAttribute.CgroupId,
  INET_DIAG_SOCKOPT: d.InetDiagAttribute.Sockopt,
  INET_DIAG_REQ_BYTECODE: d.InetDiagRequestAttribute.Bytecode,
  INET_DIAG_REQ_PROTOCOL: d.InetDiagRequestAttribute.Protocol,
  INET_DIAG_BC_JMP: d.BytecodeOp.Jmp,
  INET_DIAG_BC_S_GE: d.BytecodeOp.SourcePortGe,
  INET_DIAG_BC_D_LE: d.BytecodeOp.DestPortLe,
  INET_DIAG_BC_S_COND: d.BytecodeOp.SourceCond,
  INET_DIAG_BC_DEV_COND: d.BytecodeOp.DevCond,
  INET_DIAG_BC_MARK_COND: d.BytecodeOp.MarkCond,
  INET_DIAG_BC_S_EQ: d.BytecodeOp.SourcePortEq,
  INET_DIAG_BC_D_EQ: d.BytecodeOp.DestPortEq,
  INET_DIAG_BC_CGROUP_COND: d.BytecodeOp.CgroupCond,
  UDIAG_SHOW_NAME: d.UnixShow.Name,
  UDIAG_SHOW_UID: d.UnixShow.Uid,
  UNIX_DIAG_UID: d.UnixDiagAttribute.Uid,
  UNIX_DIAG_ICONS: d.UnixDiagAttribute.Icons,
  NDIAG_SHOW_FLAGS: d.NetlinkShow.Flags,
  NETLINK_DIAG_FLAGS: d.NetlinkDiagAttribute.Flags,
  NDIAG_PROTO_ALL: d.NDIAG_PROTO_ALL,
  PACKET_SHOW_FILTER: d.PacketShow.Filter,
  PACKET_DIAG_FILTER: d.PacketDiagAttribute.Filter,
  PACKET_DIAG_UID: d.PacketDiagAttribute.Uid,
  SK_MEMINFO_DROPS: d.SkMeminfo.Drops,
  TCP_NEW_SYN_RECV: d.TcpState.NewSynRecv,
  'sizeof(struct inet_diag_req_v2)': 56,
  'sizeof(struct inet_diag_msg)': 72,
  'sizeof(struct unix_diag_msg)': 16,
  'sizeof(struct netlink_diag_msg)': 28,
  'sizeof(struct packet_diag_msg)': 16,
  'sizeof(struct packet_diag_info)': packetInfoStruct.size,
  'sizeof(struct packet_diag_ring)': packetRingStruct.size,
  'SK_MEMINFO_VARS * 4': skMeminfoStruct.size,
  'offsetof(struct tcp_info, tcpi_snd_wnd)': tcpInfoStruct.members.sndWnd[0],
  'offsetof(struct tcp_info, tcpi_bytes_retrans)': tcpInfoStruct.members.bytesRetrans[0],
  'offsetof(struct tcp_info, tcpi_delivery_rate)': tcpInfoStruct.members.deliveryRate[0],
});

describe('diag/constants: match the uapi headers', function () {
  before(function () {
    if (!cCompiler || !existsSync('/usr/include/linux/inet_diag.h')) skipWithReason(this, 'needs a C compiler and /usr/include/linux/inet_diag.h');
  });

  it(`all ${checks.length} values`, () => {
    const values = uapiValues(
      ['stddef.h', 'netinet/in.h', 'linux/sock_diag.h', 'linux/inet_diag.h', 'linux/unix_diag.h', 'linux/netlink_diag.h', 'linux/packet_diag.h', 'linux/tcp.h'],
      checks.map(([name]) => name),
      // IPPROTO_MPTCP is missing from older libc headers; TCP_NEW_SYN_RECV is in the kernel's tcp_states.h, not uapi.
      ['#ifndef IPPROTO_MPTCP', '#define IPPROTO_MPTCP 262', '#endif', '#define TCP_NEW_SYN_RECV 12'],
    );
    const mismatches = checks.filter(([, ours], i) => ours !== values[i]).map(([name, ours], i) => `${name}: ours ${ours}, header ${values[i]}`);
    assert.deepEqual(mismatches, []);
  });
});

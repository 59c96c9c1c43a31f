// sock_diag: list and destroy sockets (inet, unix, netlink, packet), with /proc/net as the fallback.
export { DiagClient, DestroyError, isMissingHandler } from './client';
export type { DiagClientOptions, InetQuery, UnixQuery, NetlinkQuery, SourceChoice, DiagFamily } from './client';
export { compileFilter, matchesFilter, parseAddressPrefix, FilterError } from './filter';
export type { SocketFilter, FilterConditions, PortMatch, AddressPrefix } from './filter';
export { decodeInetSocket, decodeTcpInfo, encodeInetRequest, stateMask, stateName, extensionMask, protocolName, ALL_EXTENSIONS, STATE_NAMES, PROTOCOL_NUMBERS } from './inet';
export type {
  InetSocket,
  InetSocketId,
  InetRequest,
  InetProtocol,
  InetExtension,
  InetMeminfo,
  InetSockopt,
  SkMeminfo,
  TcpInfo,
  VegasInfo,
  DctcpInfo,
  BbrInfo,
  SocketState,
  SocketSource,
  TimerName,
  RawAttribute,
} from './inet';
export { decodeUnixSocket, encodeUnixRequest, unixName, socketTypeName } from './unix';
export type { UnixSocket, SocketTypeName } from './unix';
export { decodeNetlinkSocket, encodeNetlinkRequest, netlinkProtocolName, netlinkProtocolNumber } from './netlink';
export type { NetlinkSocketInfo, NetlinkSocketFlag } from './netlink';
export { decodePacketSocket, encodePacketRequest } from './packet';
export type { PacketSocket, PacketInfo, PacketInfoFlag, PacketRing, PacketMembership, PacketFanout, SocketFilterInstruction } from './packet';
export { parseInetProc, parseUnixProc, parseNetlinkProc, parsePacketProc } from './procfs';
export type { ProcInetListing } from './procfs';
export { socketProcesses } from './processes';
export type { SocketOwner } from './processes';
export * from './constants';

// The protocol core: everything a family needs, and nothing family-specific.
export * from './constants';
export * from './errors';
export * from './header';
export * from './attributes';
export * from './ack';
/**
 * Describing netlink messages as data: attribute sets, structs, enums and flags, from which each family's
 * encoders, decoders and TypeScript types derive.
 */
export * as spec from './spec';
export { AsyncQueue } from './queue';
export { TypedEventEmitter } from '../socket/events';
export type { EventMap, EventListener } from '../socket/events';
export type { AttributeId } from './family';
export { Connection, Subscription } from './connection';
export type { DumpFlags, DumpIterable, ConnectionOptions, ConnectionEvents, SubscriptionEvents, RequestOptions, DumpOptions, DumpResult, Notification, MessageChunk, ConnectionSocket, OneReplyDecoder } from './connection';
export { NetlinkSocket, NetlinkSocketError, SocketOption, META_STRIDE, Meta, DatagramFlags, datagramsOf } from '../socket/netlink-socket';
export type { OpenSocketOptions, NetlinkSocketEvents, SocketAddress, Datagram, BatchHandler, BpfInstruction } from '../socket/netlink-socket';

// The request engine: a Connection and what it delivers.
export { Connection } from './connection';
export type { ConnectionEvents } from './connection';
export { Subscription } from './subscriptions';
export type { SubscriptionEvents } from './subscriptions';
export type { ConnectionSocket } from './socket';
export type { DumpFlags, DumpIterable } from './dump-stream';
export type { ConnectionOptions, RequestOptions, DumpOptions, DumpResult, Notification, MessageChunk, OneReplyDecoder } from './options';

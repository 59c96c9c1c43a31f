// The request engine: a Connection and what it delivers.
export { Connection } from './connection';
export { Subscription } from './subscriptions';
export type { ConnectionSocket } from './socket';
export type { ConnectionOptions, RequestOptions, DumpOptions, DumpResult, Notification, MessageChunk, OneReplyDecoder } from './options';

// The family kit: what every netlink family builds on besides the Connection (docs/adding-a-family.md).
export { messageKind, checkMessageType } from './message-kind';
export type { MessageKind } from './message-kind';
export { collect, lazyBatches, decodeBatch, flatten, throwIfAborted } from './dump';
export type { Decoder, DumpSettings, DumpQuery, StreamQuery, StreamSettings } from './dump';
export { PerKindSource, isMissingHandler } from './fallback';
export type { Source } from './fallback';
export { NoReplyError, DumpInterruptedError, replyOf } from './errors';
export { onFirstUse, exportOnFirstUse, namesOf } from './lazy';
export type { AllOf } from './lazy';
export { attributeIds } from './attribute-ids';
export type { AttributeIds, AttributeId } from './attribute-ids';

// The family kit: what every netlink family builds on besides the Connection (docs/adding-a-family.md).
export { messageKind, checkMessageType } from './message-kind';
export type { MessageKind } from './message-kind';
export { collect, lazyBatches, decodeBatch, flatten } from './dump';
export type { Decoder, DumpSettings, DumpQuery, StreamQuery } from './dump';
export { NoReplyError, DumpInterruptedError, replyOf } from './errors';
export { onFirstUse, exportOnFirstUse, namesOf } from './lazy';
export type { AllOf } from './lazy';
export { attributeIds } from './attribute-ids';
export type { AttributeIds, AttributeId } from './attribute-ids';

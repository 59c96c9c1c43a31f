// Generic netlink (NETLINK_GENERIC): the controller, families by name, the genl header, groups and policies; and
// `ynl`, every family the kernel's netlink specs describe (generic and raw), compiled into typed clients.
export { GenlClient, genlMessageOf, genlPayload } from './client';
export type { GenlClientOptions, GenlMessage, GenlRequestOptions, GenlDumpOptions, FamilyRef } from './client';
export { genlHeader, ctrlAttrs, ctrlMessage, familyFromMessage } from './controller';
export type { GenlFamily, GenlOperation, OpFlag, AttributePolicy, OperationPolicy, FamilyPolicy, CtrlMessage } from './controller';
export { FamilyNotFoundError, UnknownNameError } from './errors';
export { GENL_ID_CTRL, GENL_HDRLEN, GENL_CTRL_NOTIFY_GROUP, CtrlCommand, CTRL_VERSION, OP_FLAG_NAMES, POLICY_TYPE_NAMES } from './constants';
export type { PolicyAttributeType } from './constants';
export * as ynl from './ynl';

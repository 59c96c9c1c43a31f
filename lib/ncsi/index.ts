// NC-SI: the kernel's NCSI generic netlink family (a BMC's shared network controller) and the NC-SI control
// packets (DMTF DSP0222) its send-cmd operation carries.
export { NcsiClient, packagesOf, commandResultOf } from './client';
export type { NcsiClientOptions, NcsiChannel, NcsiPackage, NcsiCommandResult, NcsiSendOptions } from './client';
export {
  NCSI_HEADER_LENGTH,
  NCSI_PACKAGE_CHANNEL,
  NCSI_COMMAND_NAMES,
  NcsiCommandType,
  NcsiResponseCode,
  NcsiReasonCode,
  NcsiSpeedDuplex,
  ncsiChecksum,
  encodeCommand,
  decodeCommand,
  decodeHeader,
  decodeResponse,
} from './frames';
export type {
  NcsiHeader,
  NcsiCommand,
  NcsiAddress,
  NcsiResponse,
  NcsiResponseBase,
  NcsiVersionId,
  NcsiCapabilities,
  NcsiLinkStatus,
  NcsiParameters,
  NcsiOemResponse,
} from './frames';

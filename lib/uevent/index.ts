// Kernel uevents (NETLINK_KOBJECT_UEVENT): a trusted device-event monitor, its parsers, filters and coldplug.
export { Uevent } from './event';
export type { UeventSource, UeventAction, UdevHeaderInfo } from './event';
export { UeventDecodeError, SysfsError } from './errors';
export type { UeventDecodeReason } from './errors';
export { parseKernelUevent } from './kernel-format';
export { parseUdevUevent, hasUdevPrefix, UDEV_MAGIC, UDEV_HEADER_SIZE, UdevHeaderOffset } from './udev-format';
export { murmurHash2, stringHash32, stringBloom64 } from './murmurhash2';
export { compileFilter, globToRegExp } from './filter';
export type { UeventFilter, Filterable, FilterPredicate } from './filter';
export { compileUeventBpf, compileUeventProgram, BPF, BPF_PASS, BPF_DROP, DEFAULT_SCAN_LIMIT } from './bpf';
export type { BpfInstruction, UeventBpfOptions } from './bpf';
export { checkSender, UEVENT_KERNEL_GROUP, UEVENT_UDEV_GROUP } from './trust';
export type { RejectReason, SenderInfo, TrustPolicy } from './trust';
export { SeqnumTracker } from './loss';
export type { LostReport, LostReason } from './loss';
export { UeventMonitor, DEFAULT_RECEIVE_BUFFER } from './monitor';
export type {
  UeventMonitorOptions, UeventMonitorEvents, UeventMonitorStats, MalformedReport, RejectedReport, KernelFilterInfo, UeventSocket, MonitorItem,
} from './monitor'; // prettier-ignore
export { enumerateDevices, readDevice, triggerDevices } from './coldplug';
export type { SysDevice, EnumerateOptions, TriggerOptions, TriggerResult, TriggerAction } from './coldplug';

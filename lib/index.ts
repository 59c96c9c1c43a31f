// linux-netlink: the public surface. The protocol core at the top level, each family as a namespace (and its
// main class at the top level too), so names such as `Link` or a family's constants never collide.
// Registering a family is its `export * as` line here: the runtime entry, main.js, which loads each family the
// first time one of its names is read, is derived from this file at build (scripts/runtime-entry.js).
export * from './core';
export { RouteClient, RouteMonitor } from './route';
export { UeventMonitor, enumerateDevices, triggerDevices } from './uevent';
export { DiagClient } from './diag';
// The types of what those classes return and emit, at the top level too (types only: their values stay in
// the family's namespace).
export type {
  RouteClientOptions, RouteLookup, LinkFilter, AddressFilter, NeighbourFilter, RuleFilter, RouteFilter, WriteMode,
  Route, Link, Address, Neighbour, Rule, RouteMetrics, Nexthop, Via, LinkInfo,
  LinkSpec, LinkKind, KnownLinkKind, LinkChanges, AddressSpec, RouteSpec, NeighbourSpec, RuleSpec, InterfaceRef, NetnsRef,
  MonitorGroup, MonitorOptions, MonitorEvent, ChangeEvent, OverrunEvent, ObjectKind, RouteMonitorEvents,
} from './route';
export type {
  Uevent, UeventAction, UeventSource, UeventFilter, UeventMonitorOptions, UeventMonitorEvents, UeventMonitorStats,
  MonitorItem as UeventMonitorItem, LostReport, LostReason, MalformedReport, RejectedReport, RejectReason, SenderInfo,
  SysDevice, EnumerateOptions, TriggerOptions, TriggerResult, TriggerAction,
} from './uevent';
/**
 * rtnetlink (NETLINK_ROUTE): links, addresses, routes, neighbours, rules and nexthops, read, written and monitored
 * ({@link route.RouteClient}, {@link route.RouteMonitor}), and their typed messages.
 */
export * as route from './route';
/**
 * Kernel device events (NETLINK_KOBJECT_UEVENT): a monitor that checks senders and counts losses ({@link
 * uevent.UeventMonitor}), the kernel and udev wire formats, filters compiled to socket filters, and coldplug from
 * /sys.
 */
export * as uevent from './uevent';
/** NETLINK_FIB_LOOKUP: longest-prefix lookups in one IPv4 FIB table ({@link fiblookup.FibLookupClient}). */
export * as fiblookup from './fiblookup';
/**
 * sock_diag (NETLINK_SOCK_DIAG): list and destroy inet, unix, netlink and packet sockets, as `ss` does ({@link
 * diag.DiagClient}), with /proc/net as the fallback.
 */
export * as diag from './diag';
export { GenlClient, ynl } from './genl';
/**
 * Generic netlink (NETLINK_GENERIC): families resolved by name through the controller ({@link genl.GenlClient}), their
 * multicast groups and policies.
 */
export * as genl from './genl';
/** NC-SI on a BMC: the kernel's NCSI family ({@link ncsi.NcsiClient}) and DSP0222 control packets as objects. */
export * as ncsi from './ncsi';

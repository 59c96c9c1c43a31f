// rtnetlink: the client, the monitor, and the typed messages they speak.
export { RouteClient, DumpInterruptedError, NoReplyError } from './client';
export type { RouteClientOptions, LinkFilter, AddressFilter, NeighbourFilter, RuleFilter, NexthopFilter, NexthopBucketFilter, WriteMode, RouteLookup } from './client';
export type { NexthopObjectSpec, NexthopGroupMemberSpec } from './nexthop-specs';
export { RouteMonitor, expandGroups } from './monitor';
export type { MonitorGroup, MonitorOptions, RouteMonitorOptions, MonitorEvent, ChangeEvent, OverrunEvent, ObjectKind, ObjectTypes, RouteMonitorEvents } from './monitor';
export { objectKey, routeBaseKey } from './identity';
export type {
  InterfaceRef,
  NetnsRef,
  LinkSpec,
  LinkKind,
  KnownLinkKind,
  LinkChanges,
  BridgeOptions,
  VlanOptions,
  VxlanOptions,
  MacvlanOptions,
  TunnelLinkKind,
  AddressSpec,
  Lifetime,
  RouteSpec,
  NexthopSpec,
  RouteMetricsSpec,
  RouteFilter,
  NeighbourSpec,
  RuleSpec,
} from './user-specs';
export type { BondOptions, BondMode, BondXmitHashPolicy, BondArpValidate, BondArpAllTargets, BondPrimaryReselect, BondFailOverMac, BondLacpRate, BondAdSelect, EnumNames, IpvlanOptions, VrfOptions, DeviceKindOptions, DeviceLinkKind } from './device-kind-options';
export type { GreOptions, IpTunnelOptions, VtiOptions, GeneveOptions, BareudpOptions, XfrmOptions, TunnelEncapOptions } from './tunnel-options';
export { RouteInputError, parsePrefix } from './inputs';
export type { Prefix, Family } from './inputs';
export type { LookupOptions } from './requests';
export type { MctpAddressSpec, MctpRouteSpec, MctpNeighbourSpec, MctpFilter } from './mctp';
export * from './messages';
export * from './constants';

// linux-netlink: the public surface. The protocol core at the top level, each family as a namespace (and its
// main class at the top level too), so names such as `Link` or a family's constants never collide.
// Registering a family is its `export * as` line here: the runtime entry, main.js, which loads each family the
// first time one of its names is read, is derived from this file at build (scripts/runtime-entry.js).
export * from './core';
export { RouteClient, RouteMonitor } from './route';
export { UeventMonitor, enumerateDevices, triggerDevices } from './uevent';
export { DiagClient } from './diag';
export * as route from './route';
export * as uevent from './uevent';
export * as fiblookup from './fiblookup';
export * as diag from './diag';
export { GenlClient, ynl } from './genl';
export * as genl from './genl';

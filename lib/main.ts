// The package's runtime entry (bundled by scripts/bundle.js for package.json "main"): the exports of index.ts,
// the same names and values, except that each family is loaded the first time one of its names is read. A
// family's tables and decoders cost tens of milliseconds of start-up, which a program that only follows routes
// should not pay for uevents, nor the other way round. Types come from index.ts; the type below keeps the two
// lists of names the same.
import type * as Surface from './index';
import * as core from './core';

type FamilyExports = Omit<typeof Surface, keyof typeof core>;

// Kept once loaded: a getter read in a loop should not go through require()'s path resolution every time.
let route: typeof Surface.route | undefined;
let uevent: typeof Surface.uevent | undefined;
const loadRoute = (): typeof Surface.route => (route ??= require('./route/main'));
const loadUevent = (): typeof Surface.uevent => (uevent ??= require('./uevent'));

const families: { [K in keyof FamilyExports]: () => FamilyExports[K] } = {
  route: loadRoute,
  uevent: loadUevent,
  RouteClient: () => loadRoute().RouteClient,
  RouteMonitor: () => loadRoute().RouteMonitor,
  UeventMonitor: () => loadUevent().UeventMonitor,
  enumerateDevices: () => loadUevent().enumerateDevices,
  triggerDevices: () => loadUevent().triggerDevices,
};

for (const name of Object.keys(core)) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => (core as Record<string, unknown>)[name] });
}
for (const [name, load] of Object.entries(families)) {
  Object.defineProperty(exports, name, { enumerable: true, get: load });
}

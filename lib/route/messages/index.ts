// The typed rtnetlink messages: one module per message kind, each a declarative description (lib/core/spec)
// with decodeX / encodeX and the decoded object's type.
export * from './link';
export * from './address';
export * from './route';
export * from './neighbour';
export * from './rule';

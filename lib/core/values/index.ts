// Value codecs every family needs.
export * from './enum';
export { integerArray, u64Array, unsignedInteger } from './integers';
export * from './ip';
export * from './mac';

// NETLINK_FIB_LOOKUP: longest-prefix lookups in one IPv4 FIB table (the smallest family; docs/adding-a-family.md).
export { FibLookupClient } from './client';
export type { FibLookupClientOptions, FibLookupOptions, FibLookupResult } from './client';
export { FIB_LOOKUP, fibResultNl, fibLookupMessage, decodeFibResult, decodeFibResultAt, encodeFibResult } from './messages';
export type { FibResult } from './messages';

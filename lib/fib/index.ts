// NETLINK_FIB_LOOKUP: one-table IPv4 route lookups through the kernel's old fib_result_nl interface.
export { FibLookup, fibLookup, encodeFibQuery, decodeFibResult } from './lookup';
export type { FibLookupQuery, FibLookupResult, FibLookupOptions, FibRouteType, FibScope } from './lookup';

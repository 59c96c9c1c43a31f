// The flags of a route or nexthop as ip's print_rt_flags prints them, for routes, their hops and nexthop objects.
import { ROUTE_FLAGS as IP_ROUTE_FLAGS } from './names';
import type { Printed } from './printer';
import { namesOfBits } from './values';

/** ip's print_rt_flags: always an array in JSON, even when empty. */
export function addFlags(out: Printed, bits: number): void {
  const names = namesOfBits(bits, IP_ROUTE_FLAGS);
  out.key('flags', names);
  for (const name of names) out.say(`${name} `);
}

// What a formatter needs besides the object: whether -d was given, and the interface names ip prints in place
// of indexes.
import type { NexthopObject } from '../../route/messages/nexthop';

export type InterfaceNames = ReadonlyMap<number, string>;

export interface FormatContext {
  /** -d / --details */
  details: boolean;
  names: InterfaceNames;
  /**
   * IFF_* flags by index, when the caller read every link: a link whose lower device (same namespace) is not up,
   * or unknown, is shown with ip's M-DOWN flag. Without it, M-DOWN is never shown.
   */
  flags?: ReadonlyMap<number, number>;
  /** MCTP network of each link by index (for MCTP address events). */
  mctpNets?: ReadonlyMap<number, number>;
  /** -s given this many times (ip's show_stats). */
  stats?: number;
  /** The nexthop objects of nhid routes by id, for the `nh_info` ip -d prints (absent: none printed). */
  nexthops?: ReadonlyMap<number, NexthopObject>;
}

/** ip's ll_index_to_name: the name, or "if<N>" for an index it does not know. */
export function interfaceName(context: FormatContext, index: number): string {
  return context.names.get(index) ?? `if${index}`;
}

// rtnetlink's runtime entry (what the package's `route` namespace and RouteClient load): the exports of
// index.ts, the same names and values, except that the message kinds other than routes, the monitor and object
// identity load the first time one of their names is read. Their tables cost a program that only looks up or
// lists routes a good part of its start-up. Types come from index.ts; the checks below keep the names complete.
import type * as LinkKind from './messages/link';
import type * as DeviceKinds from './messages/device-kinds';
import type * as TunnelKinds from './messages/tunnel-kinds';
import type * as AddressKind from './messages/address';
import type * as NeighbourKind from './messages/neighbour';
import type * as RuleKind from './messages/rule';
import type * as NexthopObjectKind from './messages/nexthop';
import type * as MctpKind from './messages/mctp';
import type * as Monitor from './monitor';
import type * as Identity from './identity';
import { exportOnFirstUse, namesOf } from '../core/family';
import { RouteClient, DumpInterruptedError, NoReplyError } from './client';
import { RouteInputError, parsePrefix } from './inputs';
import * as routeKind from './messages/route';
import * as constants from './constants';

const lazyModules: Array<[load: () => Record<string, unknown>, names: readonly string[]]> = [
  [
    () => require('./messages/link'),
    namesOf<typeof LinkKind>()([
      'ifinfomsg', 'rtnlLinkStats64', 'rtnlLinkStats', 'rtnlLinkIfmap', 'bridgeId', 'bridgeData', 'bridgePortData',
      'vlanData', 'vxlanData', 'macvlanData', 'vethData', 'linkInfo', 'inet6Data', 'mctpLinkData', 'afSpec', 'xdpData',
      'linkAttributes', 'LinkAttribute', 'LinkInfoAttribute', 'linkMessage', 'decodeLinkAt', 'decodeLink', 'encodeLink',
    ]),
  ],
  [
    () => require('./messages/device-kinds'),
    namesOf<typeof DeviceKinds>()([
      'BOND_MODES', 'BOND_ARP_VALIDATE', 'BOND_ARP_ALL_TARGETS', 'BOND_PRIMARY_RESELECT', 'BOND_FAIL_OVER_MAC',
      'BOND_XMIT_HASH_POLICIES', 'BOND_LACP_RATES', 'BOND_AD_SELECT', 'BOND_PORT_STATES', 'BOND_PORT_MII_STATUS',
      'IPVLAN_MODES', 'IPVLAN_FLAGS', 'TUN_TYPES', 'NETKIT_POLICIES', 'NETKIT_MODES', 'NETKIT_SCRUB', 'bondAdInfo',
      'bondData', 'bondPortData', 'ipvlanData', 'vrfData', 'vrfPortData', 'tunData', 'netkitData', 'DEVICE_KIND_DATA',
      'DEVICE_KIND_PORT_DATA',
    ]),
  ],
  [
    () => require('./messages/tunnel-kinds'),
    namesOf<typeof TunnelKinds>()([
      'GRE_FLAGS', 'IP6_TUNNEL_FLAGS', 'TUNNEL_ENCAP_TYPES', 'TUNNEL_ENCAP_FLAGS', 'IP_TUNNEL_PROTOCOLS', 'ERSPAN_DIRECTIONS', 'GENEVE_DF',
      'SIT_ISATAP', 'greData', 'ip6greData', 'iptunData', 'ip6tnlData', 'vtiData', 'vti6Data', 'geneveData', 'bareudpData', 'xfrmData',
      'tunnelKindData',
    ]),
  ],
  [
    () => require('./messages/address'),
    namesOf<typeof AddressKind>()([
      'ifaddrmsg', 'ifaCacheinfo', 'addressAttributes', 'AddressAttribute', 'addressMessage', 'decodeAddressAt', 'decodeAddress', 'encodeAddress',
    ]),
  ],
  [
    () => require('./messages/neighbour'),
    namesOf<typeof NeighbourKind>()([
      'ndmsg', 'ndaCacheinfo', 'neighbourAttributes', 'NeighbourAttribute', 'neighbourMessage', 'decodeNeighbourAt', 'decodeNeighbour', 'encodeNeighbour',
    ]),
  ],
  [
    () => require('./messages/rule'),
    namesOf<typeof RuleKind>()([
      'fibRuleHdr', 'fibRuleUidRange', 'fibRulePortRange', 'ruleAttributes', 'RuleAttribute', 'ruleMessage', 'decodeRuleAt', 'decodeRule', 'encodeRule',
    ]),
  ],
  [
    () => require('./messages/nexthop'),
    namesOf<typeof NexthopObjectKind>()([
      'nhmsg', 'nexthopGroup', 'nexthopResilientGroup', 'nexthopBucket', 'nexthopGroupStatsEntry', 'nexthopGroupStats',
      'nexthopObjectAttributes', 'NexthopObjectAttribute', 'nexthopObjectMessage', 'decodeNexthopObjectAt', 'decodeNexthopObject', 'encodeNexthopObject',
    ]),
  ],
  [
    () => require('./messages/mctp'),
    namesOf<typeof MctpKind>()([
      'AF_MCTP', 'mctpIfaddrmsg', 'mctpAddressAttributes', 'mctpAddressMessage',
      'mctpRouteAttributes', 'mctpRouteMessage', 'mctpNeighbourAttributes', 'mctpNeighbourMessage',
      'decodeMctpAddress', 'decodeMctpAddressAt', 'encodeMctpAddress', 'decodeMctpRoute', 'decodeMctpRouteAt',
      'encodeMctpRoute', 'decodeMctpNeighbour', 'decodeMctpNeighbourAt', 'encodeMctpNeighbour',
    ]),
  ],
  [() => require('./monitor'), ['RouteMonitor', 'expandGroups'] satisfies ReadonlyArray<keyof typeof Monitor>],
  [() => require('./identity'), ['objectKey', 'routeBaseKey'] satisfies ReadonlyArray<keyof typeof Identity>],
];

const eager: Record<string, unknown> = { RouteClient, DumpInterruptedError, NoReplyError, RouteInputError, parsePrefix, ...routeKind, ...constants };

for (const [name, value] of Object.entries(eager)) {
  if (name !== '__esModule') Object.defineProperty(exports, name, { enumerable: true, value });
}
for (const [load, names] of lazyModules) exportOnFirstUse(exports, load, names);

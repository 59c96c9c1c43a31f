// linkinfo.info_data per link kind, as iproute2's <kind>_print_opt functions print it (ip/iplink_*.c).
// Kinds ip prints no data for (veth) give none; kinds we do not format yet give none either (see docs/cli.md).
import type { FormatContext } from './context';
import { DEVICE_KIND_PORT_PRINTERS, DEVICE_KIND_PRINTERS } from './device-kinds';
import { hex } from './names';
import { Printed } from './printer';
import { TUNNEL_PRINTERS } from './tunnel-kinds';

type Data = Record<string, unknown>;

/** How ip prints one kind's info_data (or a port's info_slave_data); `data` is the decoded attribute set. */
export type KindPrinter = (data: Data, context: FormatContext) => Printed;

/**
 * The kinds whose data ip prints, by kind name (ip's <kind>_link_util with a print_opt). A kind ip knows but
 * sends no data for still prints an empty info_data, as ip does.
 */
const KIND_PRINTERS: Readonly<Record<string, KindPrinter>> = {
  macvlan: (d) => macvlan(d),
  macvtap: (d) => macvlan(d),
  vxlan: (d, context) => vxlan(d, context),
  bridge: (d) => bridge(d),
  vlan: (d) => vlan(d),
  ...DEVICE_KIND_PRINTERS,
  ...TUNNEL_PRINTERS,
};

/** The ports whose data ip prints, by the master's kind (ip's <kind>_slave_link_util). */
const SLAVE_PRINTERS: Readonly<Record<string, KindPrinter>> = {
  bridge: (d) => bridgePort(d),
  ...DEVICE_KIND_PORT_PRINTERS,
};

function formatWith(printers: Readonly<Record<string, KindPrinter>>, kind: string, data: unknown, context: FormatContext): Printed | undefined {
  if (Buffer.isBuffer(data)) return undefined; // a kind the library keeps as raw bytes
  const printer = Object.prototype.hasOwnProperty.call(printers, kind) ? printers[kind] : undefined;
  if (printer === undefined) return undefined;
  return data === undefined || data === null ? new Printed() : printer(data as Data, context);
}

/** info_data of a link of this kind, as `ip -d link` prints it (undefined: ip prints none). */
export function formatLinkKindData(kind: string, data: unknown, context: FormatContext): Printed | undefined {
  return formatWith(KIND_PRINTERS, kind, data, context);
}

/** info_slave_data of a port of a master of this kind, as `ip -d link` prints it (undefined: ip prints none). */
export function formatLinkSlaveData(kind: string, data: unknown, context: FormatContext): Printed | undefined {
  return formatWith(SLAVE_PRINTERS, kind, data, context);
}

/** Numbers may arrive as booleans (u8 switches) or bigints (u64 timers); ip prints numbers. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

function macvlan(d: Data): Printed {
  const out = new Printed();
  const modes: Record<string, string> = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' };
  if (d.mode !== undefined) {
    // ip calls an unknown mode "unknown" (and prints passthru's name for the library's 'passthru').
    const mode = typeof d.mode === 'number' ? modes[d.mode] ?? 'unknown' : String(d.mode);
    out.add('mode', mode, `mode ${mode} `);
  }
  const flags = d.flags;
  const has = (bit: number, name: string): boolean =>
    typeof flags === 'number' ? (flags & bit) !== 0 : Array.isArray(flags) ? flags.includes(name) || flags.includes(bit) : false;
  if (has(1, 'nopromisc')) out.add('nopromisc', true, 'nopromisc ');
  if (has(2, 'nodst')) out.add('nodst', true, 'nodst ');
  const bcqueuelen = num(d.bcQueueLen);
  if (bcqueuelen !== undefined) out.add('bcqueuelen', bcqueuelen, `bcqueuelen ${bcqueuelen} `);
  const used = num(d.bcQueueLenUsed);
  if (used !== undefined) out.add('usedbcqueuelen', used, `usedbcqueuelen ${used} `);
  return out;
}

function isMulticastV4(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}

function vxlan(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  if (num(d.collectMetadata)) out.add('external', true, 'external ');
  if (num(d.vnifilter)) out.add('vnifilter', true, 'vnifilter');
  const id = num(d.id);
  if (id !== undefined) out.add('id', id, `id ${id} `);
  if (typeof d.group === 'string' && d.group !== '0.0.0.0') {
    if (isMulticastV4(d.group)) out.add('group', d.group, `group ${d.group} `);
    else out.add('remote', d.group, `remote ${d.group} `);
  } else if (typeof d.group6 === 'string' && d.group6 !== '::') {
    if (d.group6.toLowerCase().startsWith('ff')) out.add('group6', d.group6, `group ${d.group6} `);
    else out.add('remote6', d.group6, `remote ${d.group6} `);
  }
  if (typeof d.local === 'string') {
    if (d.local !== '0.0.0.0') out.add('local', d.local, `local ${d.local} `);
  } else if (typeof d.local6 === 'string' && d.local6 !== '::') {
    out.add('local6', d.local6, `local ${d.local6} `);
  }
  const link = num(d.link);
  if (link) {
    const name = context.names.get(link);
    if (name !== undefined) out.add('link', name, `dev ${name} `);
    else out.add('link_index', link, `dev ${link} `);
  }
  const range = d.portRange as { low?: number; high?: number } | undefined;
  if (range !== undefined) {
    out.key('port_range', { low: range.low ?? 0, high: range.high ?? 0 }).say(`srcport ${range.low ?? 0} ${range.high ?? 0} `);
  }
  const port = num(d.port);
  if (port !== undefined) out.add('port', port, `dstport ${port} `);
  const learning = num(d.learning);
  if (learning !== undefined) {
    out.key('learning', learning !== 0);
    if (!learning) out.say('nolearning ');
  }
  for (const [field, key] of [['proxy', 'proxy'], ['rsc', 'rsc'], ['l2miss', 'l2miss'], ['l3miss', 'l3miss']] as const) {
    if (num(d[field])) out.add(key, true, `${key} `);
  }
  const tos = num(d.tos);
  if (tos) out.key('tos', hex(tos)).say(tos === 1 ? 'tos inherit ' : `tos ${hex(tos)} `);
  if (num(d.ttlInherit)) out.add('ttl', 'inherit', 'ttl inherit ');
  else {
    const ttl = num(d.ttl);
    if (ttl !== undefined) out.key('ttl', ttl).say(ttl ? `ttl ${ttl} ` : 'ttl auto ');
  }
  if (d.df !== undefined) {
    const df = typeof d.df === 'number' ? (['unset', 'set', 'inherit'][d.df] ?? String(d.df)) : String(d.df);
    out.key('df', df);
    if (df !== 'unset') out.say(`df ${df} `);
  }
  const label = num(d.label);
  if (label) out.add('label', hex(label), `flowlabel ${hex(label)} `);
  const ageing = num(d.ageing);
  if (ageing !== undefined) out.add('ageing', ageing, ageing === 0 ? 'ageing none ' : `ageing ${ageing} `);
  const limit = num(d.limit);
  if (limit) out.add('limit', limit, `maxaddr ${limit} `);
  const switches: Array<[string, string, string]> = [
    ['udpCsum', 'udp_csum', 'udpcsum'],
    ['udpZeroCsum6Tx', 'udp_zero_csum6_tx', 'udp6zerocsumtx'],
    ['udpZeroCsum6Rx', 'udp_zero_csum6_rx', 'udp6zerocsumrx'],
  ];
  for (const [field, key, text] of switches) {
    const value = num(d[field]);
    if (value !== undefined) out.key(key, value !== 0).say(`${value ? '' : 'no'}${text} `);
  }
  if (num(d.remcsumTx)) out.add('remcsum_tx', true, 'remcsumtx ');
  if (num(d.remcsumRx)) out.add('remcsum_rx', true, 'remcsumrx ');
  if (d.gbp !== undefined && d.gbp !== false) out.add('gbp', true, 'gbp ');
  if (d.gpe !== undefined && d.gpe !== false) out.add('gpe', true, 'gpe ');
  return out;
}

type FieldKind = 'uint' | 'bool' | 'timer' | 'id' | 'hex' | 'hexString' | 'mac' | 'vlanProtocol' | 'name';
/** The library's field, ip's JSON key, how to print it, and ip's text keyword when it differs from the key. */
type Field = [field: string, key: string, kind: FieldKind, text?: string];

/** ip's bridge_print_opt, in its order; timers are in hundredths of a second and print as seconds. */
const BRIDGE_FIELDS: Field[] = [
  ['forwardDelay', 'forward_delay', 'uint'], ['helloTime', 'hello_time', 'uint'], ['maxAge', 'max_age', 'uint'],
  ['ageingTime', 'ageing_time', 'uint'], ['stpState', 'stp_state', 'uint'], ['priority', 'priority', 'uint'],
  ['vlanFiltering', 'vlan_filtering', 'uint'], ['vlanProtocol', 'vlan_protocol', 'vlanProtocol'],
  ['bridgeId', 'bridge_id', 'id'], ['rootId', 'root_id', 'id', 'designated_root'], ['rootPort', 'root_port', 'uint'],
  ['rootPathCost', 'root_path_cost', 'uint'], ['topologyChange', 'topology_change', 'uint'],
  ['topologyChangeDetected', 'topology_change_detected', 'uint'], ['helloTimer', 'hello_timer', 'timer'],
  ['tcnTimer', 'tcn_timer', 'timer'], ['topologyChangeTimer', 'topology_change_timer', 'timer'],
  ['gcTimer', 'gc_timer', 'timer'], ['vlanDefaultPvid', 'vlan_default_pvid', 'uint'],
  ['vlanStatsEnabled', 'vlan_stats_enabled', 'uint'], ['vlanStatsPerPort', 'vlan_stats_per_port', 'uint'],
  ['groupFwdMask', 'group_fwd_mask', 'hex'], ['groupAddr', 'group_addr', 'mac', 'group_address'],
  ['mcastSnooping', 'mcast_snooping', 'uint'],
];
const BRIDGE_MCAST_FIELDS: Field[] = [
  ['mcastRouter', 'mcast_router', 'uint'], ['mcastQueryUseIfaddr', 'mcast_query_use_ifaddr', 'uint'],
  ['mcastQuerier', 'mcast_querier', 'uint'], ['mcastHashElasticity', 'mcast_hash_elasticity', 'uint'],
  ['mcastHashMax', 'mcast_hash_max', 'uint'], ['mcastLastMemberCnt', 'mcast_last_member_cnt', 'uint', 'mcast_last_member_count'],
  ['mcastStartupQueryCnt', 'mcast_startup_query_cnt', 'uint', 'mcast_startup_query_count'],
  ['mcastLastMemberIntvl', 'mcast_last_member_intvl', 'uint', 'mcast_last_member_interval'],
  ['mcastMembershipIntvl', 'mcast_membership_intvl', 'uint', 'mcast_membership_interval'],
  ['mcastQuerierIntvl', 'mcast_querier_intvl', 'uint', 'mcast_querier_interval'],
  ['mcastQueryIntvl', 'mcast_query_intvl', 'uint', 'mcast_query_interval'],
  ['mcastQueryResponseIntvl', 'mcast_query_response_intvl', 'uint', 'mcast_query_response_interval'],
  ['mcastStartupQueryIntvl', 'mcast_startup_query_intvl', 'uint', 'mcast_startup_query_interval'],
  ['mcastStatsEnabled', 'mcast_stats_enabled', 'uint'],
  ['mcastIgmpVersion', 'mcast_igmp_version', 'uint'], ['mcastMldVersion', 'mcast_mld_version', 'uint'],
  ['nfCallIptables', 'nf_call_iptables', 'uint'], ['nfCallIp6tables', 'nf_call_ip6tables', 'uint'],
  ['nfCallArptables', 'nf_call_arptables', 'uint'],
];

/** ip's bridge_slave_print_opt, in its order. */
const BRIDGE_PORT_FIELDS: Field[] = [
  ['state', 'state', 'name'], ['priority', 'priority', 'uint'], ['cost', 'cost', 'uint'], ['mode', 'hairpin', 'bool'],
  ['guard', 'guard', 'bool'], ['protect', 'root_block', 'bool'], ['fastLeave', 'fastleave', 'bool'],
  ['learning', 'learning', 'bool'], ['unicastFlood', 'flood', 'bool'], ['id', 'id', 'hexString', 'port_id'],
  ['no', 'no', 'hexString', 'port_no'],
  ['designatedPort', 'designated_port', 'uint'], ['designatedCost', 'designated_cost', 'uint'],
  ['bridgeId', 'bridge_id', 'id', 'designated_bridge'], ['rootId', 'root_id', 'id', 'designated_root'],
  ['holdTimer', 'hold_timer', 'timer'],
  ['messageAgeTimer', 'message_age_timer', 'timer'], ['forwardDelayTimer', 'forward_delay_timer', 'timer'],
  ['topologyChangeAck', 'topology_change_ack', 'uint'], ['configPending', 'config_pending', 'uint'],
  ['proxyarp', 'proxy_arp', 'bool'], ['proxyarpWifi', 'proxy_arp_wifi', 'bool'],
  ['multicastRouter', 'multicast_router', 'uint', 'mcast_router'], ['fastLeave', '', 'bool', 'mcast_fast_leave'],
  ['mcastFlood', 'mcast_flood', 'bool'],
  ['bcastFlood', 'bcast_flood', 'bool'], ['mcastToUcast', 'mcast_to_unicast', 'bool'],
  ['neighSuppress', 'neigh_suppress', 'bool'],
];
const BRIDGE_PORT_TAIL: Field[] = [
  ['vlanTunnel', 'vlan_tunnel', 'bool'], ['isolated', 'isolated', 'bool'], ['locked', 'locked', 'bool'],
];

/** ip prints a bridge id's MAC with ether_ntoa, which drops leading zeros: 8000.ba:f4:6:54:ea:21. */
function bridgeIdText(id: string): string {
  const dot = id.indexOf('.');
  if (dot === -1) return id;
  const mac = id.slice(dot + 1).split(':').map((octet) => parseInt(octet, 16).toString(16));
  return `${id.slice(0, dot)}.${mac.join(':')}`;
}

function printFields(out: Printed, d: Data, fields: Field[]): void {
  for (const [field, key, kind, textName] of fields) {
    const value = d[field];
    if (value === undefined) continue;
    const n = num(value);
    const word = textName ?? key;
    // An empty key is a text-only repeat (ip prints IFLA_BRPORT_FAST_LEAVE twice, once only on screen).
    const put = (json: unknown, text: string): void => {
      if (key === '') out.say(`${word} ${text} `);
      else out.add(key, json, `${word} ${text} `);
    };
    switch (kind) {
      case 'id': {
        const id = bridgeIdText(String(value));
        put(id, id);
        break;
      }
      case 'timer': {
        const seconds = Math.round(n ?? 0) / 100;
        put(seconds, seconds.toFixed(2).padStart(7));
        break;
      }
      case 'hex':
        put(hex(n ?? 0), hex(n ?? 0));
        break;
      case 'hexString':
        put(`0x${(n ?? 0).toString(16)}`, `0x${(n ?? 0).toString(16)}`);
        break;
      case 'bool':
        put(n !== 0, n ? 'on' : 'off');
        break;
      case 'mac':
      case 'name':
        put(String(value), String(value));
        break;
      case 'vlanProtocol': {
        const protocol = typeof value === 'number' ? hex(value) : String(value);
        put(protocol, protocol);
        break;
      }
      default:
        if (n !== undefined) put(n, String(n));
    }
  }
}

function bridge(d: Data): Printed {
  const out = new Printed();
  printFields(out, d, BRIDGE_FIELDS);
  const boolopt = d.multiBoolopt as { optval?: number; optmask?: number } | undefined;
  if (boolopt !== undefined) {
    const noLinkLocalLearn = 1 << 0;
    const mcastVlanSnooping = 1 << 1;
    const mask = boolopt.optmask ?? 0;
    const value = boolopt.optval ?? 0;
    if (mask & noLinkLocalLearn) out.add('no_linklocal_learn', value & noLinkLocalLearn ? 1 : 0, `no_linklocal_learn ${value & noLinkLocalLearn ? 1 : 0} `);
    if (mask & mcastVlanSnooping) out.add('mcast_vlan_snooping', value & mcastVlanSnooping ? 1 : 0, `mcast_vlan_snooping ${value & mcastVlanSnooping ? 1 : 0} `);
  }
  printFields(out, d, BRIDGE_MCAST_FIELDS);
  return out;
}

/** info_slave_data of a bridge port. */
export function bridgePort(d: Data): Printed {
  const out = new Printed();
  printFields(out, d, BRIDGE_PORT_FIELDS);
  const mask = num(d.groupFwdMask);
  if (mask !== undefined) {
    out.add('group_fwd_mask', hex(mask), `group_fwd_mask ${hex(mask)} `);
    out.add('group_fwd_mask_str', `0x${mask.toString(16)}`, `group_fwd_mask_str 0x${mask.toString(16)} `);
  }
  printFields(out, d, BRIDGE_PORT_TAIL);
  return out;
}

/** ip's vlan_print_opt: protocol, id, flags in ip's order, QoS maps. */
function vlan(d: Data): Printed {
  const out = new Printed();
  if (d.protocol !== undefined) {
    const protocol = typeof d.protocol === 'number' ? ({ 0x8100: '802.1Q', 0x88a8: '802.1ad' } as Record<number, string>)[d.protocol] ?? hex(d.protocol) : String(d.protocol);
    out.add('protocol', protocol, `protocol ${protocol} `);
  }
  const id = num(d.id);
  if (id !== undefined) out.add('id', id, `id ${id} `);
  const flags = (d.flags as { flags?: Array<string | number> } | undefined)?.flags;
  if (flags !== undefined) {
    const order: Array<[string, number, string]> = [
      ['reorderHdr', 0x1, 'REORDER_HDR'], ['gvrp', 0x2, 'GVRP'], ['mvrp', 0x8, 'MVRP'],
      ['looseBinding', 0x4, 'LOOSE_BINDING'], ['bridgeBinding', 0x10, 'BRIDGE_BINDING'],
    ];
    let bits = 0;
    for (const f of flags) bits |= typeof f === 'number' ? f : order.find(([name]) => name === f)?.[1] ?? 0;
    const names: string[] = [];
    for (const [, bit, name] of order) {
      if (bits & bit) {
        names.push(name);
        bits &= ~bit;
      }
    }
    if (bits) names.push(bits.toString(16));
    out.key('flags', names).say(`<${names.join(',')}> `);
  }
  for (const [field, key, text] of [['ingressQos', 'ingress_qos', 'ingress-qos-map'], ['egressQos', 'egress_qos', 'egress-qos-map']] as const) {
    const map = (d[field] as { mapping?: Array<{ from: number; to: number }> } | undefined)?.mapping;
    if (d[field] === undefined) continue;
    const entries = map ?? [];
    out.key(key, entries.map((m) => ({ from: m.from, to: m.to })));
    out.say(`\n      ${text} { ${entries.map((m) => `${m.from}:${m.to} `).join('')}} `);
  }
  return out;
}

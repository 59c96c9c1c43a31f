// info_data of bond, ipvlan/ipvtap, vrf and tun links and info_slave_data of bond and vrf ports, as iproute2's
// bond_print_opt, bond_slave_print_opt, ipvlan_print_opt, vrf(_slave)_print_opt and tun_print_opt print them
// (iproute2 6.1). dummy, ifb, nlmon, team and wireguard have no printer in ip, and neither has netkit in 6.1.
import { readFileSync } from 'fs';
import { FormatContext, interfaceName } from './context';
import { Printed } from './printer';

type Data = Record<string, unknown>;

/** Numbers may arrive as booleans or bigints; ip prints numbers. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** A decoded enumeration as ip names it: the library's name when ip uses it, ip's word for an unnamed number. */
function named(value: unknown, unknown: (n: number) => string): string {
  return typeof value === 'number' ? unknown(value) : String(value);
}

/** ip's order and words for the bond's plain numbers (print_uint), by the library's field. */
const BOND_UINTS_1: Array<[field: string, key: string, text?: string]> = [
  ['miimon', 'miimon'], ['updelay', 'updelay'], ['downdelay', 'downdelay'], ['peerNotifDelay', 'peer_notify_delay'],
  ['useCarrier', 'use_carrier'], ['arpInterval', 'arp_interval'], ['missedMax', 'arp_missed_max'],
];
const BOND_UINTS_2: Array<[field: string, key: string, text?: string]> = [
  ['resendIgmp', 'resend_igmp'], ['numPeerNotif', 'num_peer_notif', 'num_grat_arp'], ['allSlavesActive', 'all_slaves_active'],
  ['minLinks', 'min_links'], ['lpInterval', 'lp_interval'], ['packetsPerSlave', 'packets_per_slave'],
];

function uints(out: Printed, d: Data, fields: Array<[string, string, string?]>): void {
  for (const [field, key, text] of fields) {
    const n = num(d[field]);
    if (n !== undefined) out.add(key, n, `${text ?? key} ${n} `);
  }
}

/** An enumeration ip prints by name (get_name: "UNKNOWN" for a number outside its table). */
function bondName(out: Printed, d: Data, field: string, key: string, text = key): void {
  if (d[field] === undefined) return;
  const name = named(d[field], () => 'UNKNOWN');
  out.add(key, name, `${text} ${name} `);
}

function addressList(out: Printed, key: string, addresses: unknown): void {
  if (!Array.isArray(addresses) || addresses.length === 0) return;
  const list = addresses.map(String);
  out.key(key, list).say(`${key} ${list.join(',')} `);
}

/** ip's bond_print_opt. */
export function bond(d: Data, context: FormatContext): Printed {
  const out = new Printed();
  bondName(out, d, 'mode', 'mode');
  const active = num(d.activeSlave);
  if (active) out.add('active_slave', interfaceName(context, active), `active_slave ${interfaceName(context, active)} `);
  uints(out, d, BOND_UINTS_1);
  addressList(out, 'arp_ip_target', d.arpIpTarget);
  addressList(out, 'ns_ip6_target', d.nsIp6Target);
  if (d.arpValidate !== undefined) {
    const name = named(d.arpValidate, () => 'UNKNOWN');
    // ip writes JSON null for "none" (0), and the name otherwise.
    out.key('arp_validate', name === 'none' ? null : name).say(`arp_validate ${name} `);
  }
  bondName(out, d, 'arpAllTargets', 'arp_all_targets');
  const primary = num(d.primary);
  if (primary) out.add('primary', interfaceName(context, primary), `primary ${interfaceName(context, primary)} `);
  bondName(out, d, 'primaryReselect', 'primary_reselect');
  bondName(out, d, 'failOverMac', 'fail_over_mac');
  bondName(out, d, 'xmitHashPolicy', 'xmit_hash_policy');
  uints(out, d, BOND_UINTS_2);
  if (d.adLacpActive !== undefined) {
    const n = num(d.adLacpActive);
    const name = n === 0 ? 'off' : n === 1 ? 'on' : 'UNKNOWN';
    out.add('ad_lacp_active', name, `lacp_active ${name} `);
  }
  bondName(out, d, 'adLacpRate', 'ad_lacp_rate', 'lacp_rate');
  bondName(out, d, 'adSelect', 'ad_select');
  const info = d.adInfo as Data | undefined;
  if (info !== undefined) {
    const json: Record<string, unknown> = {};
    for (const [field, key] of [['aggregator', 'aggregator'], ['numPorts', 'num_ports'], ['actorKey', 'actor_key'], ['partnerKey', 'partner_key']] as const) {
      const n = num(info[field]);
      if (n === undefined) continue;
      json[key] = n;
      out.say(`ad_${key} ${n} `);
    }
    if (info.partnerMac !== undefined) {
      json.partner_mac = String(info.partnerMac);
      out.say(`ad_partner_mac ${String(info.partnerMac)} `);
    }
    out.key('ad_info', json);
  }
  uints(out, d, [['adActorSysPrio', 'ad_actor_sys_prio'], ['adUserPortKey', 'ad_user_port_key']]);
  if (d.adActorSystem !== undefined) out.add('ad_actor_system', String(d.adActorSystem), `ad_actor_system ${String(d.adActorSystem)} `);
  uints(out, d, [['tlbDynamicLb', 'tlb_dynamic_lb']]);
  return out;
}

const PORT_STATES: Record<string, string> = { active: 'ACTIVE', backup: 'BACKUP' };
const MII_STATUS: Record<string, string> = { up: 'UP', fail: 'GOING_DOWN', down: 'DOWN', back: 'GOING_BACK' };
const LACP_STATE_BITS: Array<[number, string]> = [
  [0x1, 'active'], [0x2, 'short_timeout'], [0x4, 'aggregating'], [0x8, 'in_sync'],
  [0x10, 'collecting'], [0x20, 'distributing'], [0x40, 'defaulted'], [0x80, 'expired'],
];

/** A state ip prints by name, or (a number outside its table) as `<key>_index`. */
function portState(out: Printed, value: unknown, key: string, names: Record<string, string>): void {
  if (value === undefined) return;
  const name = typeof value === 'string' ? names[value] : undefined;
  if (name !== undefined) out.add(key, name, `${key} ${name} `);
  else out.add(`${key}_index`, num(value) ?? 0, `${key} ${num(value) ?? 0} `);
}

function lacpState(out: Printed, key: string, state: number): void {
  out.add(key, state, `${key} ${state} `);
  const words = LACP_STATE_BITS.filter(([bit]) => (state & 0xff & bit) !== 0).map(([, word]) => word);
  out.key(`${key}_str`, words).say(`${key}_str <${words.join(',')}> `);
}

/** ip's bond_slave_print_opt. */
export function bondPort(d: Data): Printed {
  const out = new Printed();
  portState(out, d.state, 'state', PORT_STATES);
  portState(out, d.miiStatus, 'mii_status', MII_STATUS);
  const count = num(d.linkFailureCount);
  if (count !== undefined) out.add('link_failure_count', count, `link_failure_count ${count} `);
  if (d.permHwaddr !== undefined) out.add('perm_hwaddr', String(d.permHwaddr), `perm_hwaddr ${String(d.permHwaddr)} `);
  for (const [field, key] of [['queueId', 'queue_id'], ['prio', 'prio'], ['adAggregatorId', 'ad_aggregator_id']] as const) {
    const n = num(d[field]);
    if (n !== undefined) out.add(key, n, `${key} ${n} `);
  }
  const actor = num(d.adActorOperPortState);
  if (actor !== undefined) lacpState(out, 'ad_actor_oper_port_state', actor);
  // ip reads the partner's state as a u8 although the kernel sends a u16.
  const partner = num(d.adPartnerOperPortState);
  if (partner !== undefined) lacpState(out, 'ad_partner_oper_port_state', partner & 0xff);
  return out;
}

/** ip's ipvlan_print_opt (also ipvtap). */
export function ipvlan(d: Data): Printed {
  const out = new Printed();
  if (d.mode !== undefined) {
    const mode = typeof d.mode === 'string' ? d.mode : 'unknown';
    out.add('mode', mode, ` mode ${mode} `);
  }
  if (d.flags !== undefined) {
    const flags = Array.isArray(d.flags) ? d.flags : [];
    const has = (name: string, bit: number): boolean => flags.some((f) => f === name || (typeof f === 'number' && (f & bit) !== 0));
    const word = has('private', 1) ? 'private' : has('vepa', 2) ? 'vepa' : 'bridge';
    out.add(word, true, `${word} `);
  }
  return out;
}

/** ip's vrf_print_opt and vrf_slave_print_opt: the routing table. */
export function vrfTable(d: Data): Printed {
  const out = new Printed();
  const table = num(d.table);
  if (table !== undefined) out.add('table', table, `table ${table} `);
  return out;
}

/** The name /etc/passwd or /etc/group gives an id (ip asks getpwuid/getgrgid), or undefined. */
function accountName(file: string, id: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && Number(fields[2]) === id && fields[2] !== '') return fields[0];
  }
  return undefined;
}

/** ip's tun_print_opt. */
export function tun(d: Data): Printed {
  const out = new Printed();
  if (d.type !== undefined) {
    const type = typeof d.type === 'string' ? d.type : `UNKNOWN:${num(d.type) ?? 0}`;
    out.add('type', type, `type ${type} `);
  }
  const onOff = (field: string, key: string): void => {
    const n = num(d[field]);
    if (n !== undefined) out.add(key, n !== 0, `${key} ${n ? 'on' : 'off'} `);
  };
  onOff('pi', 'pi');
  onOff('vnetHdr', 'vnet_hdr');
  if (!num(d.multiQueue)) out.key('multi_queue', false);
  else {
    out.add('multi_queue', true, 'multi_queue ');
    const queues = num(d.numQueues);
    if (queues !== undefined) out.add('numqueues', queues, `numqueues ${queues} `);
    const disabled = num(d.numDisabledQueues);
    if (disabled !== undefined) out.add('numdisabled', disabled, `numdisabled ${disabled} `);
  }
  onOff('persist', 'persist');
  for (const [field, key, file] of [['owner', 'user', '/etc/passwd'], ['group', 'group', '/etc/group']] as const) {
    const id = num(d[field]);
    if (id === undefined) continue;
    const name = accountName(file, id);
    out.add(key, name ?? id, `${key} ${name ?? id} `);
  }
  return out;
}

/** This file's printers by kind, for the table in ./link-kinds. */
export const DEVICE_KIND_PRINTERS = {
  bond: (d: Data, context: FormatContext) => bond(d, context),
  ipvlan: (d: Data) => ipvlan(d),
  ipvtap: (d: Data) => ipvlan(d),
  vrf: (d: Data) => vrfTable(d),
  tun: (d: Data) => tun(d),
};

/** This file's port printers by the master's kind, for the table in ./link-kinds. */
export const DEVICE_KIND_PORT_PRINTERS = {
  bond: (d: Data) => bondPort(d),
  vrf: (d: Data) => vrfTable(d),
};

// The words of `link add NAME type bond|ipvlan|ipvtap|vrf` (ip's iplink_bond.c, iplink_ipvlan.c, iplink_vrf.c
// syntax), registered as kind parsers: each turns its kind's words into the LinkSpec options the library encodes.
import { isIPv4, isIPv6 } from 'net';
import type { BondOptions } from '../route/device-kind-options';
import { tableNumber } from '../route/inputs';
import * as tables from '../route/messages/device-kinds';
import { UsageError, invalidArgument, matches } from './args';
import { kindNumber, registerLinkKind, unknownKindWord } from './link-kinds';

const U32 = 0xffffffff;

/** A name of an enumeration table, or its number (ip's get_index); ip's `invalid WORD` otherwise. */
function enumWord<T extends Record<number, string>>(table: T, text: string, why: string): T[keyof T] {
  const names = Object.values(table) as Array<T[keyof T]>;
  const byName = names.find((name) => name === text);
  if (byName !== undefined) return byName;
  if (/^[0-9]+$/.test(text) && table[Number(text)] !== undefined) return table[Number(text)] as T[keyof T];
  throw invalidArgument(text, why);
}

/** `arp_ip_target 192.0.2.1,192.0.2.2` (ns_ip6_target likewise): ip's list of up to 16 addresses. */
function targets(text: string, check: (a: string) => boolean, family: string): string[] {
  const list = text.split(',').filter((a) => a !== '');
  for (const address of list) {
    if (!check(address)) throw new UsageError(`Error: ${family} address is expected rather than "${address}".`, 1);
  }
  if (list.length > 16) throw invalidArgument(text, 'too many targets (at most 16)');
  return list;
}

registerLinkKind('bond', (args) => {
  const bond: BondOptions = {};
  const u32 = (word: string): number => kindNumber(args.need(), U32, `invalid ${word}`);
  const u16 = (word: string): number => kindNumber(args.need(), 0xffff, `invalid ${word}`);
  const u8 = (word: string): number => kindNumber(args.need(), 0xff, `invalid ${word}`);
  while (!args.done) {
    const word = args.next()!;
    switch (word) {
      case 'mode': bond.mode = enumWord(tables.BOND_MODES, args.need(), 'invalid mode'); break;
      case 'miimon': bond.miimon = u32(word); break;
      case 'updelay': bond.updelay = u32(word); break;
      case 'downdelay': bond.downdelay = u32(word); break;
      case 'peer_notify_delay': bond.peerNotifyDelay = u32(word); break;
      case 'use_carrier': bond.useCarrier = u8(word) !== 0; break;
      case 'arp_interval': bond.arpInterval = u32(word); break;
      case 'arp_ip_target': bond.arpIpTarget = targets(args.need(), isIPv4, 'inet'); break;
      case 'ns_ip6_target': bond.nsIp6Target = targets(args.need(), isIPv6, 'inet6'); break;
      case 'arp_validate': bond.arpValidate = enumWord(tables.BOND_ARP_VALIDATE, args.need(), 'invalid arp_validate'); break;
      case 'arp_all_targets': bond.arpAllTargets = enumWord(tables.BOND_ARP_ALL_TARGETS, args.need(), 'invalid arp_all_targets'); break;
      case 'arp_missed_max': bond.arpMissedMax = u8(word); break;
      case 'primary_reselect': bond.primaryReselect = enumWord(tables.BOND_PRIMARY_RESELECT, args.need(), 'invalid primary_reselect'); break;
      case 'fail_over_mac': bond.failOverMac = enumWord(tables.BOND_FAIL_OVER_MAC, args.need(), 'invalid fail_over_mac'); break;
      case 'xmit_hash_policy': bond.xmitHashPolicy = enumWord(tables.BOND_XMIT_HASH_POLICIES, args.need(), 'invalid xmit_hash_policy'); break;
      case 'resend_igmp': bond.resendIgmp = u32(word); break;
      case 'num_grat_arp':
      case 'num_unsol_na': bond.numPeerNotif = u8('num_grat_arp|num_unsol_na'); break;
      case 'all_slaves_active': bond.allSlavesActive = u8(word) !== 0; break;
      case 'min_links': bond.minLinks = u32(word); break;
      case 'lp_interval': bond.lpInterval = u32(word); break;
      case 'packets_per_slave': bond.packetsPerSlave = u32(word); break;
      case 'tlb_dynamic_lb': bond.tlbDynamicLb = u8(word) !== 0; break;
      case 'lacp_rate': bond.lacpRate = enumWord(tables.BOND_LACP_RATES, args.need(), 'invalid lacp_rate'); break;
      case 'lacp_active': {
        const value = args.need();
        if (value !== 'on' && value !== 'off') throw invalidArgument(value, 'invalid lacp_active');
        bond.lacpActive = value === 'on';
        break;
      }
      case 'ad_select': bond.adSelect = enumWord(tables.BOND_AD_SELECT, args.need(), 'invalid ad_select'); break;
      case 'ad_user_port_key': bond.adUserPortKey = u16(word); break;
      case 'ad_actor_sys_prio': bond.adActorSysPrio = u16(word); break;
      case 'ad_actor_system': {
        const value = args.need();
        if (!/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(value)) throw new UsageError(`"${value}" is invalid lladdr.`, 1);
        bond.adActorSystem = value.split(':').map((b) => b.padStart(2, '0')).join(':').toLowerCase();
        break;
      }
      default:
        // ip's primary, active_slave and clear_active_slave name ports by device: LinkSpec has no field for them.
        throw unknownKindWord('bond', word);
    }
  }
  return Object.keys(bond).length === 0 ? {} : { bond };
});

function ipvlanParser(kind: string) {
  registerLinkKind(kind, (args) => {
    let mode: 'l2' | 'l3' | 'l3s' | undefined;
    let flag: 'bridge' | 'private' | 'vepa' | undefined;
    while (!args.done) {
      const word = args.next()!;
      if (matches(word, 'mode')) {
        const value = args.need();
        if (value !== 'l2' && value !== 'l3' && value !== 'l3s') throw new UsageError('Error: argument of "mode" must be either "l2", "l3" or "l3s"', 1);
        mode = value;
      } else if (word === 'bridge' || word === 'private' || word === 'vepa') {
        flag = word;
      } else {
        throw new UsageError(`${kind}: unknown option "${word}"?`, 1);
      }
    }
    if (mode === undefined && flag === undefined) return {};
    return { ipvlan: { ...(mode === undefined ? {} : { mode }), ...(flag === undefined ? {} : { flag }) } };
  });
}

ipvlanParser('ipvlan');
ipvlanParser('ipvtap');

/** A table number or a name of /etc/iproute2/rt_tables, as ip's rtnl_rttable_a2n reads it. */
function vrfTable(text: string): number {
  try {
    return tableNumber(/^(0x[0-9a-f]+|[0-9]+)$/i.test(text) ? kindNumber(text, U32, '') : text);
  } catch {
    throw invalidArgument(text, 'invalid table ID\n');
  }
}

registerLinkKind('vrf', (args) => {
  let table: number | undefined;
  while (!args.done) {
    const word = args.next()!;
    if (!matches(word, 'table')) throw new UsageError(`vrf: unknown option "${word}"?`, 1);
    table = vrfTable(args.need());
  }
  return table === undefined ? {} : { vrf: { table } };
});

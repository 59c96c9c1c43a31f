// info_data of bond, ipvlan, vrf and tun links and info_slave_data of bond and vrf ports, against what iproute2
// 6.1's print functions (ip/iplink_bond.c, iplink_bond_slave.c, iplink_ipvlan.c, iplink_vrf.c, iptuntap.c) write
// for the same attributes. The kernel tests compare with ip itself wherever a kernel can create the kind.
import { expect } from 'chai';
import type { FormatContext } from '../../../lib/cli/format/context';
import { formatLinkKindData, formatLinkSlaveData } from '../../../lib/cli/format/link-kinds';

const context: FormatContext = { details: true, names: new Map([[5, 'd0'], [6, 'd1']]) };

describe('cli/format: device link kinds as ip 6.1 prints them', () => {
  it("a bond's data: names for enumerations, ifindexes as names, ARP targets as a list, ad_info as an object", () => {
    const data = {
      mode: '802.3ad', activeSlave: 5, miimon: 100, updelay: 0, downdelay: 0, peerNotifDelay: 0, useCarrier: 1,
      arpInterval: 0, missedMax: 2, arpIpTarget: ['10.0.0.1', '10.0.0.2'], arpValidate: 'none', arpAllTargets: 'any',
      primary: 7, primaryReselect: 'always', failOverMac: 'none', xmitHashPolicy: 'layer3+4', resendIgmp: 1,
      numPeerNotif: 1, allSlavesActive: 0, minLinks: 0, lpInterval: 1, packetsPerSlave: 1, adLacpActive: 1,
      adLacpRate: 'fast', adSelect: 'stable', adInfo: { aggregator: 1, numPorts: 2, actorKey: 9, partnerKey: 1, partnerMac: '00:00:00:00:00:00' },
      adActorSysPrio: 65535, adUserPortKey: 0, adActorSystem: '00:00:00:00:00:00', tlbDynamicLb: 1,
    };
    const printed = formatLinkKindData('bond', data, context)!;
    expect(printed.json).to.deep.equal({
      mode: '802.3ad', active_slave: 'd0', miimon: 100, updelay: 0, downdelay: 0, peer_notify_delay: 0, use_carrier: 1,
      arp_interval: 0, arp_missed_max: 2, arp_ip_target: ['10.0.0.1', '10.0.0.2'], arp_validate: null, arp_all_targets: 'any',
      primary: 'if7', primary_reselect: 'always', fail_over_mac: 'none', xmit_hash_policy: 'layer3+4', resend_igmp: 1,
      num_peer_notif: 1, all_slaves_active: 0, min_links: 0, lp_interval: 1, packets_per_slave: 1, ad_lacp_active: 'on',
      ad_lacp_rate: 'fast', ad_select: 'stable',
      ad_info: { aggregator: 1, num_ports: 2, actor_key: 9, partner_key: 1, partner_mac: '00:00:00:00:00:00' },
      ad_actor_sys_prio: 65535, ad_user_port_key: 0, ad_actor_system: '00:00:00:00:00:00', tlb_dynamic_lb: 1,
    });
    expect(printed.text).to.equal(
      'mode 802.3ad active_slave d0 miimon 100 updelay 0 downdelay 0 peer_notify_delay 0 use_carrier 1 arp_interval 0 ' +
        'arp_missed_max 2 arp_ip_target 10.0.0.1,10.0.0.2 arp_validate none arp_all_targets any primary if7 ' +
        'primary_reselect always fail_over_mac none xmit_hash_policy layer3+4 resend_igmp 1 num_grat_arp 1 ' +
        'all_slaves_active 0 min_links 0 lp_interval 1 packets_per_slave 1 lacp_active on lacp_rate fast ad_select stable ' +
        'ad_aggregator 1 ad_num_ports 2 ad_actor_key 9 ad_partner_key 1 ad_partner_mac 00:00:00:00:00:00 ' +
        'ad_actor_sys_prio 65535 ad_user_port_key 0 ad_actor_system 00:00:00:00:00:00 tlb_dynamic_lb 1 ',
    );
    expect(formatLinkKindData('bond', { mode: 9 }, context)!.json, 'a mode ip does not know').to.deep.equal({ mode: 'UNKNOWN' });
  });

  it("a bond port's data, with the 802.3ad port states spelled out", () => {
    const printed = formatLinkSlaveData('bond', {
      state: 'active', miiStatus: 'fail', linkFailureCount: 0, permHwaddr: '02:00:00:00:00:05', queueId: 0, prio: 0,
      adAggregatorId: 1, adActorOperPortState: 61, adPartnerOperPortState: 1,
    }, context)!;
    expect(printed.json).to.deep.equal({
      state: 'ACTIVE', mii_status: 'GOING_DOWN', link_failure_count: 0, perm_hwaddr: '02:00:00:00:00:05', queue_id: 0, prio: 0,
      ad_aggregator_id: 1, ad_actor_oper_port_state: 61, ad_actor_oper_port_state_str: ['active', 'aggregating', 'in_sync', 'collecting', 'distributing'],
      ad_partner_oper_port_state: 1, ad_partner_oper_port_state_str: ['active'],
    });
    expect(printed.text).to.equal(
      'state ACTIVE mii_status GOING_DOWN link_failure_count 0 perm_hwaddr 02:00:00:00:00:05 queue_id 0 prio 0 ad_aggregator_id 1 ' +
        'ad_actor_oper_port_state 61 ad_actor_oper_port_state_str <active,aggregating,in_sync,collecting,distributing> ' +
        'ad_partner_oper_port_state 1 ad_partner_oper_port_state_str <active> ',
    );
    expect(formatLinkSlaveData('bond', { state: 7 }, context)!.json, 'a state ip does not know').to.deep.equal({ state_index: 7 });
  });

  it('ipvlan, vrf (and its port) and tun', () => {
    const ipvlan = formatLinkKindData('ipvtap', { mode: 'l3s', flags: ['vepa'] }, context)!;
    expect([ipvlan.json, ipvlan.text]).to.deep.equal([{ mode: 'l3s', vepa: true }, ' mode l3s vepa ']);
    expect(formatLinkKindData('ipvlan', { mode: 'l2', flags: [] }, context)!.json).to.deep.equal({ mode: 'l2', bridge: true });
    expect(formatLinkKindData('vrf', { table: 10 }, context)!.text).to.equal('table 10 ');
    expect(formatLinkSlaveData('vrf', { table: 10 }, context)!.json).to.deep.equal({ table: 10 });
    const tun = formatLinkKindData('tun', { type: 'tun', pi: 0, vnetHdr: 1, multiQueue: 1, numQueues: 2, numDisabledQueues: 0, persist: 1, owner: 0 }, context)!;
    expect(tun.json).to.deep.equal({ type: 'tun', pi: false, vnet_hdr: true, multi_queue: true, numqueues: 2, numdisabled: 0, persist: true, user: 'root' });
    expect(tun.text).to.equal('type tun pi off vnet_hdr on multi_queue numqueues 2 numdisabled 0 persist on user root ');
  });

  it('kinds ip has no printer for print no info_data; a kind ip prints but with no data prints an empty one', () => {
    for (const kind of ['dummy', 'ifb', 'nlmon', 'team', 'wireguard', 'netkit']) {
      expect(formatLinkKindData(kind, undefined, context), kind).to.equal(undefined);
    }
    expect(formatLinkSlaveData('team', undefined, context)).to.equal(undefined);
    expect(formatLinkKindData('bond', undefined, context)!.json).to.deep.equal({});
  });
});

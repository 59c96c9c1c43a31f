// Everything the message decoders read from the kernel equals, field by field, what iproute2's `ip -j -d`
// reports for the same objects, in a private namespace holding veths, a bridge with a port, a macvlan, a vxlan,
// IPv4/IPv6 addresses with lifetimes, routes in several tables (multipath, metrics, RTA_VIA, table > 255),
// permanent neighbours and rules with fwmark, uid range and port ranges.
import { expect } from 'chai';
import { Connection } from '../../../lib/core/connection';
import { NewFlags } from '../../../lib/core/constants';
import { RouteMessageType } from '../../../lib/route/constants';
import {
  Address,
  Link,
  Neighbour,
  Route,
  Rule,
  decodeAddress,
  decodeLink,
  decodeNeighbour,
  decodeRoute,
  decodeRule,
  encodeAddress,
  encodeLink,
  encodeNeighbour,
  encodeRoute,
  encodeRule,
} from '../../../lib/route/messages';
import { SLOWDOWN, withNetns } from '../../helpers/netns';
import { waitUntilSettled } from '../../helpers/settle';

/** Collects differences so one failure lists all of them. */
class Diff {
  readonly problems: string[] = [];
  /** How many values were compared, so a mapping that matches nothing cannot pass silently. */
  compared = 0;
  eq(where: string, ours: unknown, theirs: unknown): void {
    if (theirs === undefined) return;
    this.compared++;
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) this.problems.push(`${where}: ours ${JSON.stringify(ours)}, ip ${JSON.stringify(theirs)}`);
  }
  near(where: string, ours: number | undefined, theirs: number | undefined, tolerance: number): void {
    if (theirs === undefined) return;
    this.compared++;
    if (ours === undefined || Math.abs(ours - theirs) > tolerance) this.problems.push(`${where}: ours ${ours}, ip ${theirs} (±${tolerance})`);
  }
  none(atLeast: number): void {
    expect(this.problems, this.problems.join('\n')).to.deep.equal([]);
    expect(this.compared, `values compared (${this.compared})`).to.be.at.least(atLeast);
    console.log(`      (${this.compared} values compared)`);
  }
}

/** ip prints a set flag as `"name": null` and leaves an unset one out. */
const present = (o: Record<string, unknown>, key: string): boolean => key in o;
/** iproute2 prints a bridge id's MAC bytes without zero padding (`8000.96:3c:f4:c3:9:f1`); ours are padded. */
const bridgeIdText = (v: unknown): unknown =>
  typeof v === 'string' ? v.replace(/\.(.*)$/, (_, mac: string) => '.' + mac.split(':').map((h) => h.padStart(2, '0')).join(':')) : v;
const upper = (s: unknown): unknown => (typeof s === 'string' ? s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() : s);
const bool = (n: unknown): boolean | undefined => (n === undefined ? undefined : n !== 0);
const SCOPE: Record<string, string> = { universe: 'global', site: 'site', link: 'link', host: 'host', nowhere: 'nowhere' };
const TABLE: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
const tableName = (t: number | undefined): string | undefined => (t === undefined ? undefined : TABLE[t] ?? String(t));

describe('route message decoders against the kernel and ip -j -d', function () {
  this.timeout(60000 * SLOWDOWN);
  const holder = withNetns('r1dec');
  let conn: Connection;
  let links: Link[] = [];
  let addresses: Address[] = [];
  let routes: Route[] = [];
  let neighbours: Neighbour[] = [];
  let rules: Rule[] = [];
  /** When our dump was taken: timers and lifetimes that ip reads later have moved on by up to this much. */
  let dumpedAt = 0;
  const sinceDump = (): number => (Date.now() - dumpedAt) / 1000;
  let vlanSkipReason: string | undefined;
  let vlanFilteringSkipReason: string | undefined;
  const names = new Map<number, string>();

  before(async () => {
    const ns = holder.ns;
    const script = [
      'link add v0 type veth peer name v1',
      'link add v2 type veth peer name v3',
      'link add br0 type bridge forward_delay 400 stp_state 0 hello_time 300',
      'link set v1 master br0',
      'link add mv0 link v0 type macvlan mode bridge',
      'link add vx0 type vxlan id 42 local 10.1.0.1 remote 10.1.0.9 dstport 4789 dev v0 ttl 16',
      'link add vx6 type vxlan id 43 local 2001:db8::1 group ff05::100 dstport 4790 dev v0 noudpcsum',
      'link set v0 up',
      'link set v1 up',
      'link set br0 up',
      'link set v2 mtu 9000',
      'link set v0 alias uplink',
      'link property add dev v0 altname vzero',
      'addr add 10.1.0.1/24 broadcast 10.1.0.255 dev v0 label v0:main',
      'addr add 10.1.0.2/24 dev v0',
      'addr add 10.1.1.1/32 peer 10.1.1.2/32 dev v0',
      'addr add 10.9.0.1/24 dev v0 valid_lft 3600 preferred_lft 1800',
      'addr add 2001:db8::1/64 dev v0 nodad valid_lft 3600 preferred_lft 1800',
      'addr add 2001:db8:2::1/64 dev v0 nodad noprefixroute',
      'route add 10.2.0.0/16 via 10.1.0.254 dev v0 proto static metric 20',
      'route add 10.3.0.0/16 dev v0 table 1000 metric 50 mtu 1400 advmss 1360 hoplimit 32',
      'route add 10.4.0.0/16 table 100 nexthop via 10.1.0.2 dev v0 weight 2 nexthop via 10.1.0.3 dev v0 weight 1',
      'route add 10.5.0.0/16 via inet6 2001:db8::9 dev v0 table 100',
      'route add blackhole 10.6.0.0/16 table 100',
      'route add unreachable 10.7.0.0/16 table 70000',
      'route add default via 10.1.0.254 dev v0 table 200 proto 99',
      'route add 2001:db8:1::/48 via 2001:db8::2 dev v0 pref high',
      'route add 2001:db8:3::/48 table 1000 nexthop via 2001:db8::3 dev v0 weight 3 nexthop via 2001:db8::4 dev v0',
      'neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev v0 nud permanent',
      'neigh add 2001:db8::7 lladdr 02:00:00:00:00:08 dev v0 nud permanent router',
      'rule add fwmark 0x10/0xff table 1000 pref 100',
      'rule add uidrange 1000-2000 table 100 pref 101',
      'rule add from 10.1.0.0/24 iif v0 lookup main suppress_prefixlength 0 pref 102',
      'rule add ipproto tcp dport 80-90 sport 1000-2000 table 100 pref 103',
      'rule add to 10.8.0.0/16 oif v0 prohibit pref 104',
      'rule add not from 10.9.0.0/16 table 70000 pref 105',
    ];
    ns.ip(['-batch', '-'], { input: script.join('\n') + '\n' });
    ns.ip(['-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '1000', 'pref', '200']);
    const why = (e: unknown) => String((e as Error).message).split('\n').find((l) => /error|Unknown|not supported/i.test(l)) ?? 'failed';
    try {
      ns.ip(['link', 'add', 'link', 'v2', 'name', 'v2.5', 'type', 'vlan', 'id', '5', 'protocol', '802.1ad']);
    } catch (e) {
      vlanSkipReason = `this kernel cannot create vlan links (${why(e)})`;
    }
    try {
      ns.ip(['link', 'add', 'brv', 'type', 'bridge', 'vlan_filtering', '1', 'vlan_default_pvid', '7']);
    } catch (e) {
      vlanFilteringSkipReason = `this kernel's bridges cannot filter vlans (${why(e)})`;
    }
    await waitUntilSettled(ns);
    conn = Connection.open({ protocol: 0, netns: ns.name });
    dumpedAt = Date.now();
    const dump = async (type: number, payload: Buffer) => (await conn.dump(type, payload)).messages;
    links = (await dump(RouteMessageType.GetLink, encodeLink({ extMask: 1 }))).map((m) => decodeLink(m.payload, m.type));
    addresses = (await dump(RouteMessageType.GetAddr, encodeAddress({}))).map((m) => decodeAddress(m.payload, m.type));
    routes = (await dump(RouteMessageType.GetRoute, encodeRoute({}))).map((m) => decodeRoute(m.payload, m.type));
    neighbours = (await dump(RouteMessageType.GetNeigh, encodeNeighbour({}))).map((m) => decodeNeighbour(m.payload, m.type));
    rules = (await dump(RouteMessageType.GetRule, encodeRule({}))).map((m) => decodeRule(m.payload, m.type));
    for (const l of links) names.set(l.ifindex, l.ifname!);
  });

  after(() => conn?.close());

  it('decodes every dumped message without errors', () => {
    for (const o of [...links, ...addresses, ...routes, ...neighbours, ...rules]) expect(o.decodeErrors).to.equal(undefined);
    expect(links.length).to.be.greaterThan(6);
    expect(routes.length).to.be.greaterThan(15);
  });

  it('links: every field ip -j -d -s shows', () => {
    const ip = holder.ns.ipJson<any[]>(['-d', '-s', 'link', 'show']);
    const d = new Diff();
    expect(links.map((l) => l.ifindex).sort()).to.deep.equal(ip.map((l) => l.ifindex).sort());
    for (const theirs of ip) {
      const l = links.find((x) => x.ifindex === theirs.ifindex)!;
      const at = `link ${theirs.ifname}`;
      d.eq(`${at} ifname`, l.ifname, theirs.ifname);
      d.eq(`${at} mtu`, l.mtu, theirs.mtu);
      d.eq(`${at} qdisc`, l.qdisc, theirs.qdisc);
      d.eq(`${at} operstate`, upper(l.operstate), theirs.operstate);
      d.eq(`${at} linkmode`, upper(l.linkmode), theirs.linkmode);
      d.eq(`${at} group`, l.group === 0 ? 'default' : String(l.group), theirs.group);
      d.eq(`${at} txqlen`, l.txqlen, theirs.txqlen);
      d.eq(`${at} link_type`, l.type, theirs.link_type);
      d.eq(`${at} address`, l.address, theirs.address);
      d.eq(`${at} broadcast`, l.broadcast, theirs.broadcast);
      for (const [ours, key] of [
        [l.promiscuity, 'promiscuity'], [l.allmulti, 'allmulti'], [l.minMtu, 'min_mtu'], [l.maxMtu, 'max_mtu'],
        [l.numTxQueues, 'num_tx_queues'], [l.numRxQueues, 'num_rx_queues'], [l.gsoMaxSize, 'gso_max_size'],
        [l.gsoMaxSegs, 'gso_max_segs'], [l.tsoMaxSize, 'tso_max_size'], [l.tsoMaxSegs, 'tso_max_segs'], [l.groMaxSize, 'gro_max_size'],
      ] as const) d.eq(`${at} ${key}`, ours, theirs[key]);
      d.eq(`${at} ifalias`, l.ifalias, theirs.ifalias);
      d.eq(`${at} altnames`, l.propList?.altIfname, theirs.altnames);
      d.eq(`${at} master`, l.master === undefined ? undefined : names.get(l.master), theirs.master);
      if (theirs.link !== undefined) d.eq(`${at} link`, names.get(l.link!), theirs.link);
      // ip prints every IFF_* flag except RUNNING, and adds NO-CARRIER / M-DOWN of its own.
      const ipFlags = (theirs.flags as string[]).filter((f) => f !== 'NO-CARRIER' && f !== 'M-DOWN').sort();
      d.eq(`${at} flags`, l.flags.filter((f) => f !== 'running').map(upper).sort(), ipFlags);
      d.eq(`${at} inet6_addr_gen_mode`, l.afSpec && !Buffer.isBuffer(l.afSpec) ? upper(l.afSpec.inet6?.addrGenMode)?.toString().toLowerCase() : undefined, theirs.inet6_addr_gen_mode);
      // Counters of links that send nothing stay put between the two dumps.
      if (!l.flags.includes('up') || l.ifname === 'lo') {
        const s = l.stats64!;
        const rx = theirs.stats64.rx;
        const tx = theirs.stats64.tx;
        d.eq(`${at} stats64`, [s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.multicast, s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.collisions].map(Number),
          [rx.bytes, rx.packets, rx.errors, rx.dropped, rx.multicast, tx.bytes, tx.packets, tx.errors, tx.dropped, tx.collisions]);
        d.eq(`${at} carrier_changes`, l.carrierChanges, tx.carrier_changes);
      }
      const li = theirs.linkinfo;
      d.eq(`${at} info_kind`, l.linkinfo?.kind, li?.info_kind);
      d.eq(`${at} info_slave_kind`, l.linkinfo?.slaveKind, li?.info_slave_kind);
      const data: any = l.linkinfo?.data;
      const ipData = li?.info_data;
      if (li?.info_kind === 'bridge') {
        for (const [ours, key] of [
          ['forwardDelay', 'forward_delay'], ['helloTime', 'hello_time'], ['maxAge', 'max_age'], ['ageingTime', 'ageing_time'],
          ['stpState', 'stp_state'], ['priority', 'priority'], ['vlanFiltering', 'vlan_filtering'], ['rootId', 'root_id'],
          ['bridgeId', 'bridge_id'], ['rootPort', 'root_port'], ['rootPathCost', 'root_path_cost'], ['topologyChange', 'topology_change'],
          ['topologyChangeDetected', 'topology_change_detected'], ['groupAddr', 'group_addr'], ['mcastSnooping', 'mcast_snooping'],
          ['mcastRouter', 'mcast_router'], ['mcastQueryUseIfaddr', 'mcast_query_use_ifaddr'], ['mcastQuerier', 'mcast_querier'],
          ['mcastHashElasticity', 'mcast_hash_elasticity'], ['mcastHashMax', 'mcast_hash_max'], ['mcastLastMemberCnt', 'mcast_last_member_cnt'],
          ['mcastStartupQueryCnt', 'mcast_startup_query_cnt'], ['mcastLastMemberIntvl', 'mcast_last_member_intvl'],
          ['mcastMembershipIntvl', 'mcast_membership_intvl'], ['mcastQuerierIntvl', 'mcast_querier_intvl'], ['mcastQueryIntvl', 'mcast_query_intvl'],
          ['mcastQueryResponseIntvl', 'mcast_query_response_intvl'], ['mcastStartupQueryIntvl', 'mcast_startup_query_intvl'],
          ['mcastStatsEnabled', 'mcast_stats_enabled'], ['mcastIgmpVersion', 'mcast_igmp_version'], ['mcastMldVersion', 'mcast_mld_version'],
          ['nfCallIptables', 'nf_call_iptables'], ['nfCallIp6tables', 'nf_call_ip6tables'], ['nfCallArptables', 'nf_call_arptables'],
          ['vlanDefaultPvid', 'vlan_default_pvid'], ['vlanStatsEnabled', 'vlan_stats_enabled'], ['vlanStatsPerPort', 'vlan_stats_per_port'],
        ]) d.eq(`${at} bridge ${key}`, typeof data[ours] === 'bigint' ? Number(data[ours]) : data[ours], key.endsWith('_id') ? bridgeIdText(ipData[key]) : ipData[key]);
        d.eq(`${at} bridge group_fwd_mask`, data.groupFwdMask.toString(16), ipData.group_fwd_mask);
        // (gc_timer is left out: it re-arms itself every few minutes, so two dumps can straddle a restart.)
        for (const [ours, key] of [['helloTimer', 'hello_timer'], ['tcnTimer', 'tcn_timer'], ['topologyChangeTimer', 'topology_change_timer']]) {
          d.near(`${at} bridge ${key}`, Number(data[ours]) / 100, ipData[key], 1 + sinceDump());
        }
      }
      if (li?.info_kind === 'macvlan') {
        d.eq(`${at} macvlan mode`, data.mode, ipData.mode);
        d.eq(`${at} macvlan bcqueuelen`, data.bcQueueLen, ipData.bcqueuelen);
        d.eq(`${at} macvlan usedbcqueuelen`, data.bcQueueLenUsed, ipData.usedbcqueuelen);
      }
      if (li?.info_kind === 'vxlan') {
        d.eq(`${at} vxlan id`, data.id, ipData.id);
        d.eq(`${at} vxlan remote`, data.group ?? data.group6, ipData.remote ?? ipData.group);
        d.eq(`${at} vxlan local`, data.local ?? data.local6, ipData.local);
        d.eq(`${at} vxlan link`, names.get(data.link), ipData.link);
        d.eq(`${at} vxlan port`, data.port, ipData.port);
        d.eq(`${at} vxlan port_range`, data.portRange, ipData.port_range);
        d.eq(`${at} vxlan learning`, bool(data.learning), ipData.learning);
        d.eq(`${at} vxlan ttl`, data.ttl, ipData.ttl);
        d.eq(`${at} vxlan ageing`, data.ageing, ipData.ageing);
        d.eq(`${at} vxlan df`, data.df, ipData.df);
        d.eq(`${at} vxlan udp_csum`, bool(data.udpCsum), ipData.udp_csum);
        d.eq(`${at} vxlan udp_zero_csum6_tx`, bool(data.udpZeroCsum6Tx), ipData.udp_zero_csum6_tx);
        d.eq(`${at} vxlan udp_zero_csum6_rx`, bool(data.udpZeroCsum6Rx), ipData.udp_zero_csum6_rx);
      }
      if (li?.info_slave_kind === 'bridge') {
        const p: any = l.linkinfo!.slaveData;
        const q = li.info_slave_data;
        d.eq(`${at} port state`, p.state, q.state);
        for (const [ours, key] of [['priority', 'priority'], ['cost', 'cost'], ['designatedPort', 'designated_port'], ['designatedCost', 'designated_cost'],
          ['bridgeId', 'bridge_id'], ['rootId', 'root_id'], ['topologyChangeAck', 'topology_change_ack'], ['configPending', 'config_pending'],
          ['multicastRouter', 'multicast_router']]) d.eq(`${at} port ${key}`, p[ours], key.endsWith('_id') ? bridgeIdText(q[key]) : q[key]);
        for (const [ours, key] of [['mode', 'hairpin'], ['guard', 'guard'], ['protect', 'root_block'], ['fastLeave', 'fastleave'],
          ['learning', 'learning'], ['unicastFlood', 'flood'], ['proxyarp', 'proxy_arp'], ['proxyarpWifi', 'proxy_arp_wifi'],
          ['mcastFlood', 'mcast_flood'], ['bcastFlood', 'bcast_flood'], ['mcastToUcast', 'mcast_to_unicast'], ['neighSuppress', 'neigh_suppress'],
          ['vlanTunnel', 'vlan_tunnel'], ['isolated', 'isolated'], ['locked', 'locked']]) d.eq(`${at} port ${key}`, bool(p[ours]), q[key]);
        d.eq(`${at} port id`, `0x${p.id.toString(16)}`, q.id);
        d.eq(`${at} port no`, `0x${p.no.toString(16)}`, q.no);
        for (const [ours, key] of [['holdTimer', 'hold_timer'], ['messageAgeTimer', 'message_age_timer'], ['forwardDelayTimer', 'forward_delay_timer']]) {
          d.near(`${at} port ${key}`, Number(p[ours]) / 100, q[key], 1 + sinceDump());
        }
      }
    }
    d.none(300);
  });

  it('links: a vlan (where the kernel has 8021q)', function () {
    if (vlanSkipReason !== undefined) {
      this.test!.title += ` (skipped: ${vlanSkipReason})`;
      this.skip();
    }
    const [theirs] = holder.ns.ipJson<any[]>(['-d', 'link', 'show', 'v2.5']);
    const l = links.find((x) => x.ifname === 'v2.5')!;
    const data: any = l.linkinfo!.data;
    expect([data.protocol, data.id]).to.deep.equal([theirs.linkinfo.info_data.protocol, theirs.linkinfo.info_data.id]);
  });

  it('links: a bridge with vlan filtering (where the kernel has it)', function () {
    if (vlanFilteringSkipReason !== undefined) {
      this.test!.title += ` (skipped: ${vlanFilteringSkipReason})`;
      this.skip();
    }
    const [theirs] = holder.ns.ipJson<any[]>(['-d', 'link', 'show', 'brv']);
    const data: any = links.find((x) => x.ifname === 'brv')!.linkinfo!.data;
    const ipData = theirs.linkinfo.info_data;
    expect([data.vlanFiltering, data.vlanProtocol, data.vlanDefaultPvid]).to.deep.equal([ipData.vlan_filtering, ipData.vlan_protocol, ipData.vlan_default_pvid]);
    expect(data.vlanFiltering).to.equal(1);
  });

  it('addresses: every field ip -j -d addr shows, lifetimes included', () => {
    const ip = holder.ns.ipJson<any[]>(['-d', 'addr', 'show']);
    const d = new Diff();
    let count = 0;
    for (const link of ip) {
      for (const theirs of link.addr_info) {
        count++;
        const a = addresses.find((x) => x.ifindex === link.ifindex && x.family === theirs.family && (x.local ?? x.address) === theirs.local);
        const at = `address ${theirs.local}`;
        if (a === undefined) {
          d.problems.push(`${at}: not decoded`);
          continue;
        }
        d.eq(`${at} prefixlen`, a.prefixlen, theirs.prefixlen);
        d.eq(`${at} broadcast`, a.broadcast, theirs.broadcast);
        d.eq(`${at} scope`, SCOPE[a.scope as string] ?? a.scope, theirs.scope);
        d.eq(`${at} label`, a.label, theirs.label);
        if (theirs.address !== undefined) d.eq(`${at} peer`, a.address, theirs.address);
        d.near(`${at} valid_life_time`, a.cacheinfo!.valid, theirs.valid_life_time, 2 + sinceDump());
        d.near(`${at} preferred_life_time`, a.cacheinfo!.preferred, theirs.preferred_life_time, 2 + sinceDump());
        const flags = a.flags as string[];
        d.eq(`${at} dynamic`, !flags.includes('permanent') || undefined, theirs.dynamic);
        for (const f of ['nodad', 'noprefixroute', 'deprecated', 'tentative', 'optimistic', 'dadfailed', 'mngtmpaddr', 'stable-privacy']) {
          const ours = f === 'mngtmpaddr' ? 'managetempaddr' : f === 'stable-privacy' ? 'stablePrivacy' : f;
          d.eq(`${at} ${f}`, flags.includes(ours) || undefined, theirs[f] ?? undefined);
        }
        d.eq(`${at} secondary`, (flags.includes('secondary') && a.family === 'inet') || undefined, theirs.secondary);
      }
    }
    expect(addresses.length).to.equal(count);
    expect(count).to.be.at.least(6);
    // ip prints prefixlen, scope and both lifetimes for every address.
    d.none(count * 4);
  });

  it('routes: every field ip -j -d route shows, IPv4 and IPv6, all tables', () => {
    const d = new Diff();
    for (const family of ['-4', '-6']) {
      const ip = holder.ns.ipJson<any[]>([family, '-d', 'route', 'show', 'table', 'all']);
      const ours = routes.filter((r) => r.family === (family === '-4' ? 'inet' : 'inet6'));
      expect(ours.length, `${family} route count`).to.equal(ip.length);
      for (const theirs of ip) {
        const hostLen = family === '-4' ? 32 : 128;
        const dstText = (r: Route) => (r.dstLen === 0 ? 'default' : r.dstLen === hostLen ? r.dst : `${r.dst}/${r.dstLen}`);
        const r = ours.find((x) => dstText(x) === theirs.dst && tableName(x.table) === theirs.table && (theirs.dev === undefined || names.get(x.oif!) === theirs.dev) && (x.priority ?? undefined) === theirs.metric && x.type === theirs.type);
        const at = `route ${theirs.type} ${theirs.dst} table ${theirs.table} dev ${theirs.dev}`;
        if (r === undefined) {
          d.problems.push(`${at}: not decoded`);
          continue;
        }
        d.eq(`${at} gateway`, r.gateway, theirs.gateway);
        d.eq(`${at} protocol`, r.protocol, theirs.protocol);
        d.eq(`${at} scope`, SCOPE[r.scope as string] ?? r.scope, theirs.scope);
        d.eq(`${at} prefsrc`, r.prefsrc, theirs.prefsrc);
        d.eq(`${at} pref`, r.pref, theirs.pref);
        d.eq(`${at} flags`, (r.flags as string[]).filter((f) => ['dead', 'onlink', 'pervasive', 'linkdown', 'unresolved'].includes(f)), theirs.flags);
        d.eq(`${at} via`, r.via && { family: r.via.family, host: r.via.address }, theirs.via);
        if (theirs.metrics !== undefined) d.eq(`${at} metrics`, [r.metrics], theirs.metrics);
        if (theirs.expires !== undefined) d.near(`${at} expires`, r.cacheinfo!.expires / 100, theirs.expires, 2 + sinceDump());
        if (theirs.nexthops !== undefined) {
          d.eq(`${at} nexthops`, r.multipath!.map((h) => ({ gateway: h.gateway, dev: names.get(h.oif), weight: h.weight, flags: h.flags })), theirs.nexthops);
        }
      }
    }
    d.none(100);
  });

  it('neighbours: every field ip -j -d neigh shows', () => {
    const ip = holder.ns.ipJson<any[]>(['-d', 'neigh', 'show']);
    const d = new Diff();
    expect(ip.length).to.be.greaterThan(1);
    for (const theirs of ip) {
      const n = neighbours.find((x) => x.dst === theirs.dst && names.get(x.ifindex) === theirs.dev);
      const at = `neighbour ${theirs.dst} dev ${theirs.dev}`;
      if (n === undefined) {
        d.problems.push(`${at}: not decoded`);
        continue;
      }
      d.eq(`${at} lladdr`, n.lladdr, theirs.lladdr);
      d.eq(`${at} state`, n.state.map(upper), theirs.state);
      d.eq(`${at} router`, (n.flags as string[]).includes('router'), present(theirs, 'router'));
      d.eq(`${at} probes`, n.probes, theirs.probes);
    }
    d.none(6);
  });

  it('rules: every field ip -j -d rule shows, IPv4 and IPv6', () => {
    const d = new Diff();
    for (const family of ['-4', '-6']) {
      const ip = holder.ns.ipJson<any[]>([family, '-d', 'rule', 'show']);
      const ours = rules.filter((r) => r.family === (family === '-4' ? 'inet' : 'inet6'));
      expect(ours.length, `${family} rule count`).to.equal(ip.length);
      for (const theirs of ip) {
        const r = ours.find((x) => (x.priority ?? 0) === theirs.priority && tableName(x.table) === (theirs.table ?? tableName(x.table)))!;
        const at = `rule ${family} pref ${theirs.priority}`;
        if (r === undefined) {
          d.problems.push(`${at}: not decoded`);
          continue;
        }
        d.eq(`${at} src`, r.srcLen === 0 ? 'all' : r.src, theirs.src);
        d.eq(`${at} srclen`, r.srcLen === 0 || r.srcLen === (family === '-4' ? 32 : 128) ? undefined : r.srcLen, theirs.srclen);
        d.eq(`${at} dst`, r.dst, theirs.dst);
        d.eq(`${at} dstlen`, r.dstLen === 0 ? undefined : r.dstLen, theirs.dstlen);
        d.eq(`${at} not`, (r.flags as string[]).includes('invert'), present(theirs, 'not'));
        d.eq(`${at} iif`, r.iifname, theirs.iif);
        d.eq(`${at} oif`, r.oifname, theirs.oif);
        d.eq(`${at} fwmark`, r.fwmark === undefined ? undefined : `0x${r.fwmark.toString(16)}`, theirs.fwmark);
        d.eq(`${at} fwmask`, r.fwmask === undefined || r.fwmask === 0xffffffff ? undefined : `0x${r.fwmask.toString(16)}`, theirs.fwmask);
        d.eq(`${at} uid range`, r.uidRange && [r.uidRange.start, r.uidRange.end], theirs.uid_start === undefined ? undefined : [theirs.uid_start, theirs.uid_end]);
        d.eq(`${at} ipproto`, r.ipProto, theirs.ipproto);
        d.eq(`${at} sport`, r.sportRange && [r.sportRange.start, r.sportRange.end], theirs.sport_start === undefined ? undefined : [theirs.sport_start, theirs.sport_end]);
        d.eq(`${at} dport`, r.dportRange && [r.dportRange.start, r.dportRange.end], theirs.dport_start === undefined ? undefined : [theirs.dport_start, theirs.dport_end]);
        d.eq(`${at} suppress_prefixlen`, r.suppressPrefixlen === -1 ? undefined : r.suppressPrefixlen, theirs.suppress_prefixlen);
        d.eq(`${at} protocol`, r.protocol, theirs.protocol);
        d.eq(`${at} table`, r.action === 'toTbl' ? tableName(r.table) : undefined, theirs.table);
        if (theirs.action !== undefined) d.eq(`${at} action`, r.action, theirs.action);
      }
    }
    d.none(60);
  });
});

// The other direction: requests built by the encoders (no iproute2 involved in creating anything) are seen by
// `ip -j -d` exactly as asked.
describe('route message encoders against the kernel and ip -j -d', function () {
  this.timeout(60000);
  const holder = withNetns('r1enc');
  let conn: Connection;
  const create = NewFlags.Create | NewFlags.Excl;
  const index = (name: string): number => holder.ns.ipJson<any[]>(['link', 'show', name])[0].ifindex;

  before(() => {
    conn = Connection.open({ protocol: 0, netns: holder.ns.name });
  });
  after(() => conn?.close());

  it('links: a veth pair, a bridge, a macvlan and a vxlan; then mtu, address, master and up on an existing link', async () => {
    await conn.request(RouteMessageType.NewLink, encodeLink({ ifname: 'e0', linkinfo: { kind: 'veth', data: { peer: { ifname: 'e1', mtu: 1400 } } } }), { flags: create });
    await conn.request(RouteMessageType.NewLink, encodeLink({ ifname: 'eb', linkinfo: { kind: 'bridge', data: { forwardDelay: 500, stpState: 1, priority: 4096, ageingTime: 10000 } } }), { flags: create });
    await conn.request(RouteMessageType.NewLink, encodeLink({ ifname: 'em', link: index('e0'), linkinfo: { kind: 'macvlan', data: { mode: 'private' } } }), { flags: create });
    await conn.request(
      RouteMessageType.NewLink,
      encodeLink({ ifname: 'ex', linkinfo: { kind: 'vxlan', data: { id: 77, group: '10.7.0.2', local: '10.7.0.1', link: index('e0'), port: 8472, ttl: 9, learning: 0 } } }),
      { flags: create },
    );
    await conn.request(RouteMessageType.NewLink, encodeLink({ ifindex: index('e1'), mtu: 1300, address: '02:00:00:00:0e:01', master: index('eb'), flags: ['up'], change: ['up'] }));

    const [e0, e1, eb, em, ex] = ['e0', 'e1', 'eb', 'em', 'ex'].map((n) => holder.ns.ipJson<any[]>(['-d', 'link', 'show', n])[0]);
    expect([e0.linkinfo.info_kind, e0.link, e1.link]).to.deep.equal(['veth', 'e1', 'e0']);
    expect([e1.mtu, e1.address, e1.master, e1.flags.includes('UP')]).to.deep.equal([1300, '02:00:00:00:0e:01', 'eb', true]);
    expect(e1.linkinfo.info_slave_kind).to.equal('bridge');
    expect(eb.linkinfo.info_data).to.include({ forward_delay: 500, stp_state: 1, priority: 4096, ageing_time: 10000 });
    expect([em.link, em.linkinfo.info_data.mode]).to.deep.equal(['e0', 'private']);
    expect(ex.linkinfo.info_data).to.include({ id: 77, remote: '10.7.0.2', local: '10.7.0.1', link: 'e0', port: 8472, ttl: 9, learning: false });
  });

  it('addresses: IPv4 with broadcast and label, IPv6 with flags beyond the header byte and lifetimes', async () => {
    const e0 = index('e0');
    await conn.request(RouteMessageType.NewLink, encodeLink({ ifindex: e0, flags: ['up'], change: ['up'] }));
    await conn.request(
      RouteMessageType.NewAddr,
      encodeAddress({ family: 'inet', prefixlen: 24, ifindex: e0, local: '10.7.0.1', address: '10.7.0.1', broadcast: '10.7.0.255', label: 'e0:x' }),
      { flags: create },
    );
    await conn.request(
      RouteMessageType.NewAddr,
      encodeAddress({ family: 'inet6', prefixlen: 64, ifindex: e0, address: '2001:db8:7::1', flags: ['nodad', 'noprefixroute'], cacheinfo: { preferred: 600, valid: 1200, cstamp: 0, tstamp: 0 } }),
      { flags: create },
    );
    const info = holder.ns.ipJson<any[]>(['addr', 'show', 'dev', 'e0'])[0].addr_info;
    const v4 = info.find((a: any) => a.local === '10.7.0.1');
    const v6 = info.find((a: any) => a.local === '2001:db8:7::1');
    expect(v4).to.include({ prefixlen: 24, broadcast: '10.7.0.255', label: 'e0:x' });
    expect(v6).to.include({ prefixlen: 64, nodad: true, noprefixroute: true });
    expect(v6.valid_life_time).to.be.within(1195, 1200);
    expect(v6.preferred_life_time).to.be.within(595, 600);
  });

  it('routes: multipath with weights and metrics in a table above 255, RTA_VIA, IPv6 with a preference', async () => {
    const e0 = index('e0');
    // The IPv6 address was added without its prefix route: add it, so the IPv6 gateways below are reachable.
    await conn.request(
      RouteMessageType.NewRoute,
      encodeRoute({ family: 'inet6', dstLen: 64, table: 254, protocol: 'kernel', scope: 'universe', type: 'unicast', dst: '2001:db8:7::', oif: e0 }),
      { flags: create },
    );
    await conn.request(
      RouteMessageType.NewRoute,
      encodeRoute({
        family: 'inet', dstLen: 16, table: 70000, protocol: 'static', scope: 'universe', type: 'unicast', dst: '10.70.0.0',
        metrics: { mtu: 1280, advmss: 1200 },
        multipath: [{ weight: 3, oif: e0, gateway: '10.7.0.2', flags: [] }, { weight: 1, oif: e0, gateway: '10.7.0.3', flags: [] }],
      }),
      { flags: create },
    );
    await conn.request(
      RouteMessageType.NewRoute,
      encodeRoute({ family: 'inet', dstLen: 24, table: 254, protocol: 'boot', scope: 'universe', type: 'unicast', dst: '10.71.0.0', via: { family: 'inet6', address: '2001:db8:7::9' }, oif: e0 }),
      { flags: create },
    );
    await conn.request(
      RouteMessageType.NewRoute,
      encodeRoute({ family: 'inet6', dstLen: 48, table: 254, protocol: 'static', scope: 'universe', type: 'unicast', dst: '2001:db8:70::', gateway: '2001:db8:7::2', oif: e0, priority: 77, pref: 'high' }),
      { flags: create },
    );
    const [multi] = holder.ns.ipJson<any[]>(['-d', 'route', 'show', 'table', '70000']);
    expect(multi).to.deep.include({ dst: '10.70.0.0/16', protocol: 'static', metrics: [{ mtu: 1280, advmss: 1200 }] });
    expect(multi.nexthops).to.deep.equal([
      { gateway: '10.7.0.2', dev: 'e0', weight: 3, flags: [] },
      { gateway: '10.7.0.3', dev: 'e0', weight: 1, flags: [] },
    ]);
    const [via] = holder.ns.ipJson<any[]>(['route', 'show', '10.71.0.0/24']);
    expect(via).to.deep.include({ dev: 'e0', via: { family: 'inet6', host: '2001:db8:7::9' } });
    const [v6] = holder.ns.ipJson<any[]>(['-6', 'route', 'show', '2001:db8:70::/48']);
    expect(v6).to.include({ gateway: '2001:db8:7::2', dev: 'e0', metric: 77, pref: 'high', protocol: 'static' });
  });

  it('neighbours and rules', async () => {
    const e0 = index('e0');
    await conn.request(
      RouteMessageType.NewNeigh,
      encodeNeighbour({ family: 'inet', ifindex: e0, state: ['permanent'], flags: [], type: 'unspec', dst: '10.7.0.8', lladdr: '02:00:00:00:07:08' }),
      { flags: create },
    );
    await conn.request(
      RouteMessageType.NewRule,
      encodeRule({ family: 'inet', table: 70000, action: 'toTbl', priority: 300, fwmark: 0x20, fwmask: 0xf0, uidRange: { start: 10, end: 20 } }),
      { flags: create },
    );
    await conn.request(
      RouteMessageType.NewRule,
      encodeRule({ family: 'inet', srcLen: 16, src: '10.70.0.0', table: 254, action: 'toTbl', priority: 301, ipProto: 'udp', dportRange: { start: 53, end: 60 }, suppressPrefixlen: 0 }),
      { flags: create },
    );
    const [n] = holder.ns.ipJson<any[]>(['neigh', 'show', '10.7.0.8']);
    expect(n).to.deep.include({ dev: 'e0', lladdr: '02:00:00:00:07:08', state: ['PERMANENT'] });
    const rules = holder.ns.ipJson<any[]>(['rule', 'show']);
    expect(rules.find((r) => r.priority === 300)).to.include({ fwmark: '0x20', fwmask: '0xf0', uid_start: 10, uid_end: 20, table: '70000' });
    expect(rules.find((r) => r.priority === 301)).to.include({ src: '10.70.0.0', srclen: 16, ipproto: 'udp', dport_start: 53, dport_end: 60, table: 'main', suppress_prefixlen: 0 });
  });
});

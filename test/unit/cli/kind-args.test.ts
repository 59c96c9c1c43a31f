// The bond, ipvlan/ipvtap, vrf and tunnel kinds' words after `link add NAME type KIND`: the LinkSpec each line
// becomes, the IFLA_INFO_DATA that spec encodes to (read back through the decoder), and ip's texts for mistakes.
import { expect } from 'chai';
import { UsageError } from '../../../lib/cli/args';
import { parseLinkOptions } from '../../../lib/cli/link-write';
import { parseKindArguments } from '../../../lib/cli/link-kinds';
import { decodeLink, encodeLink } from '../../../lib/route';
import type { LinkSpec } from '../../../lib/route';
import { linkInput } from '../../../lib/route/user-specs';

/** The LinkSpec `link add t type KIND WORDS...` makes (the kind's words only). */
function spec(kind: string, line: string): LinkSpec {
  return { name: 't', kind, ...parseKindArguments(kind, line === '' ? [] : line.split(' '), parseLinkOptions) };
}

const resolver = { ifindex: async (ref: string | number) => (typeof ref === 'number' ? ref : 7) };

/** The IFLA_INFO_DATA the line's spec encodes to, decoded again (the library's encoder is checked against ip elsewhere). */
async function infoData(kind: string, line: string): Promise<Record<string, unknown>> {
  const link = decodeLink(encodeLink(await linkInput(spec(kind, line), resolver, new Map())));
  expect(link.decodeErrors, 'decode errors').to.equal(undefined);
  expect(link.linkinfo?.kind).to.equal(kind);
  return Object.fromEntries(Object.entries(link.linkinfo?.data as Record<string, unknown>));
}

/** The UsageError a line gives: its text and exit status. */
function mistake(kind: string, line: string): { message: string; status: number } {
  try {
    spec(kind, line);
  } catch (err) {
    expect(err).to.be.instanceOf(UsageError);
    return { message: (err as UsageError).message, status: (err as UsageError).status };
  }
  throw new Error(`"${kind} ${line}" was accepted`);
}

describe('cli: link add options of bond, ipvlan, vrf and the tunnels', () => {
  it('vrf: table by number or by name', async () => {
    expect(spec('vrf', 'table 10')).to.deep.include({ vrf: { table: 10 } });
    expect(spec('vrf', 'table main')).to.deep.include({ vrf: { table: 254 } });
    expect(await infoData('vrf', 'table 0x20')).to.deep.equal({ table: 32 });
  });

  it('bond: every option ip names that LinkSpec has, by name or by number', async () => {
    const line =
      'mode 802.3ad miimon 100 updelay 200 downdelay 300 peer_notify_delay 400 use_carrier 0 arp_interval 0 ' +
      'arp_validate filter_backup arp_all_targets all arp_missed_max 3 primary_reselect better fail_over_mac follow ' +
      'xmit_hash_policy layer3+4 resend_igmp 2 num_grat_arp 5 all_slaves_active 1 min_links 2 lp_interval 3 ' +
      'packets_per_slave 4 tlb_dynamic_lb 0 lacp_rate fast lacp_active off ad_select count ad_user_port_key 9 ' +
      'ad_actor_sys_prio 100 ad_actor_system 2:0:0:0:0:A1 arp_ip_target 192.0.2.1,192.0.2.2 ns_ip6_target 2001:db8::1';
    expect(spec('bond', line).bond).to.deep.equal({
      mode: '802.3ad', miimon: 100, updelay: 200, downdelay: 300, peerNotifyDelay: 400, useCarrier: false, arpInterval: 0,
      arpValidate: 'filter_backup', arpAllTargets: 'all', arpMissedMax: 3, primaryReselect: 'better', failOverMac: 'follow',
      xmitHashPolicy: 'layer3+4', resendIgmp: 2, numPeerNotif: 5, allSlavesActive: true, minLinks: 2, lpInterval: 3,
      packetsPerSlave: 4, tlbDynamicLb: false, lacpRate: 'fast', lacpActive: false, adSelect: 'count', adUserPortKey: 9,
      adActorSysPrio: 100, adActorSystem: '02:00:00:00:00:a1', arpIpTarget: ['192.0.2.1', '192.0.2.2'], nsIp6Target: ['2001:db8::1'],
    });
    expect(await infoData('bond', 'mode 1 miimon 100 xmit_hash_policy encap3+4 min_links 2 lacp_rate slow all_slaves_active 1'))
      .to.deep.equal({ mode: 'active-backup', miimon: 100, xmitHashPolicy: 'encap3+4', minLinks: 2, adLacpRate: 'slow', allSlavesActive: 1 });
    expect(spec('bond', '')).to.deep.equal({ name: 't', kind: 'bond' });
  });

  it('ipvlan and ipvtap: mode and the sibling flag', async () => {
    expect(spec('ipvlan', 'mode l3s private')).to.deep.include({ ipvlan: { mode: 'l3s', flag: 'private' } });
    expect(await infoData('ipvtap', 'mode l2 vepa')).to.deep.equal({ mode: 'l2', flags: ['vepa'] });
    expect(await infoData('ipvlan', 'bridge')).to.deep.equal({ flags: [] });
  });

  it('gre, gretap and erspan: endpoints, keys, flags, ttl/tos, fwmark, encapsulation', async () => {
    const line = 'remote 192.0.2.1 local 192.0.2.2 dev u0 key 1.2.3.4 seq ocsum ttl inherit tos inherit nopmtudisc ignore-df fwmark 7 encap fou encap-dport 5555 encap-csum';
    expect(spec('gre', line).gre).to.deep.equal({
      remote: '192.0.2.1', local: '192.0.2.2', dev: 'u0', key: 0x01020304, seq: true, ocsum: true, ttl: 'inherit', tos: 'inherit',
      pmtudisc: false, ignoreDf: true, fwmark: 7, encap: { type: 'fou', dport: 5555, csum: true },
    });
    expect(await infoData('gre', line)).to.deep.equal({
      remote: '192.0.2.1', local: '192.0.2.2', link: 7, ikey: 0x01020304, okey: 0x01020304, iflags: ['seq', 'key'], oflags: ['seq', 'key', 'csum'],
      ttl: 0, tos: 1, pmtudisc: 0, ignoreDf: 1, fwmark: 7, encapType: 'fou', encapDport: 5555, encapSport: 0, encapFlags: ['csum'],
    });
    expect(await infoData('gretap', 'remote any local 192.0.2.9 ikey 5 okey 0x6 ttl 64')).to.deep.equal({
      local: '192.0.2.9', ikey: 5, okey: 6, iflags: ['key'], oflags: ['key'], ttl: 64,
    });
    expect(await infoData('erspan', 'remote 192.0.2.4 key 10 erspan_ver 2 erspan_dir egress erspan_hwid 7'))
      .to.include({ erspanVer: 2, erspanDir: 'egress', erspanHwid: 7 });
  });

  it('ip6gre and ip6tnl: IPv6 endpoints, hoplimit, encaplimit, tclass, flowlabel, dscp, mode', async () => {
    expect(await infoData('ip6gre', 'remote 2001:db8::1 hoplimit 33 encaplimit none tclass 0x20 flowlabel 0x12345 fwmark inherit allow-localremote'))
      .to.deep.equal({ remote: '2001:db8::1', ttl: 33, flowinfo: 0x02012345, flags: ['ignEncapLimit', 'useOrigFwmark', 'allowLocalRemote'] });
    expect(spec('ip6tnl', 'local 2001:db8::2 mode ipip6 encaplimit 4 tclass inherit dscp inherit').ipTunnel)
      .to.deep.equal({ local: '2001:db8::2', mode: 'ipip6', encapLimit: 4, tclass: 'inherit', dscpInherit: true });
    expect(await infoData('ip6tnl', 'local 2001:db8::2 mode ip/ipv6 encaplimit 4 tclass inherit dscp inherit'))
      .to.deep.equal({ local: '2001:db8::2', proto: 'ipip', encapLimit: 4, flags: ['useOrigTclass', 'rcvDscpCopy'] });
  });

  it('ipip and sit: mode words, ttl, tos, pmtudisc, isatap', async () => {
    expect(spec('ipip', 'remote 192.0.2.1 local 192.0.2.2 ttl 10 tos 0x10 pmtudisc mode any').ipTunnel)
      .to.deep.equal({ remote: '192.0.2.1', local: '192.0.2.2', ttl: 10, tos: 16, pmtudisc: true, mode: 'any' });
    expect(await infoData('sit', 'local 198.51.100.4 isatap mode ipv6/ipv4')).to.include({ flags: 1, proto: 'ipv6', local: '198.51.100.4' });
    expect(await infoData('ipip', 'remote 192.0.2.1 ttl 10 mode mplsip')).to.include({ remote: '192.0.2.1', ttl: 10, proto: 'mpls' });
  });

  it('vti and vti6, geneve, bareudp, xfrm', async () => {
    expect(await infoData('vti6', 'remote 2001:db8::6 ikey 1 okey 2 fwmark 5')).to.deep.equal({ remote: '2001:db8::6', ikey: 1, okey: 2, fwmark: 5 });
    expect(await infoData('vti', 'remote 192.0.2.6 key 9')).to.deep.equal({ remote: '192.0.2.6', ikey: 9, okey: 9 });
    expect(await infoData('geneve', 'id 100 remote 2001:db8::7 ttl inherit df set dstport 6082 noudpcsum'))
      .to.deep.equal({ id: 100, remote6: '2001:db8::7', ttlInherit: 1, df: 'set', port: 6082, udpCsum: 0 });
    expect(spec('geneve', 'vni 5 remote 192.0.2.7 tos inherit flowlabel 7 noexternal').geneve).to.deep.equal({ id: 5, remote: '192.0.2.7', tos: 'inherit', flowlabel: 7, external: false });
    expect(spec('geneve', 'external').geneve).to.deep.equal({ external: true });
    expect(await infoData('bareudp', 'dstport 6635 ethertype mpls_uc multiproto')).to.deep.equal({ port: 6635, ethertype: 0x8847, multiprotoMode: true });
    expect(spec('bareudp', 'dstport 1 ethertype 0x88b5 srcportmin 100').bareudp).to.deep.equal({ port: 1, ethertype: 0x88b5, srcportMin: 100 });
    expect(await infoData('xfrm', 'dev 3 if_id 0x42')).to.deep.equal({ link: 7, ifId: 0x42 });
    expect(spec('xfrm', 'external').xfrm).to.deep.equal({ external: true });
  });

  // Each text and status below is what iproute2 6.1's ip printed for the same words (ip parses a kind's words
  // before it talks to the kernel); test/kernel/cli/kind-mistakes.test.ts compares them with ip itself.
  it("mistakes: ip's texts and exit statuses", () => {
    const cases: Array<[string, string, string, number]> = [
      ['bond', 'mode bogus', 'Error: argument "bogus" is wrong: invalid mode', 255],
      ['bond', 'mode 9', 'Error: argument "9" is wrong: invalid mode', 255],
      ['bond', 'miimon 0x10000000000', 'Error: argument "0x10000000000" is wrong: invalid miimon', 255],
      ['bond', 'num_grat_arp 300', 'Error: argument "300" is wrong: invalid num_grat_arp|num_unsol_na', 255],
      ['bond', 'lacp_active x', 'Error: argument "x" is wrong: invalid lacp_active', 255],
      ['bond', 'ad_actor_system zz', '"zz" is invalid lladdr.', 1],
      ['bond', 'ns_ip6_target x', 'Error: inet6 address is expected rather than "x".', 1],
      ['bond', 'foo', 'bond: unknown command "foo"?', 1],
      ['bond', 'miimon', 'Command line is not complete. Try option "help"', 255],
      ['vrf', 'table nosuch', 'Error: argument "nosuch" is wrong: invalid table ID\n', 255],
      ['vrf', 'foo', 'vrf: unknown option "foo"?', 1],
      ['ipvlan', 'mode x', 'Error: argument of "mode" must be either "l2", "l3" or "l3s"', 1],
      ['ipvtap', 'bogus', 'ipvtap: unknown option "bogus"?', 1],
      ['gre', 'remote x', 'Error: inet address is expected rather than "x".', 1],
      ['gre', 'remote 2001:db8::1', 'Error: inet address is expected rather than "2001:db8::1".', 1],
      ['ip6gre', 'remote 1.2.3.4', 'Error: inet6 address is expected rather than "1.2.3.4".', 1],
      ['gre', 'ttl 300', 'Error: argument "300" is wrong: invalid TTL\n', 255],
      ['gre', 'tos 0x1000', 'Error: argument "0x1000" is wrong: bad TOS value', 255],
      ['gre', 'ikey x', 'invalid value for "ikey": "x"; it should be an unsigned integer', 255],
      ['gre', 'fwmark x', 'Error: argument "x" is wrong: invalid fwmark\n', 255],
      ['gre', 'encap x', 'Error: argument "x" is wrong: Invalid encap type.', 255],
      ['gre', 'encap-sport x', 'Error: argument "x" is wrong: Invalid source port.', 255],
      ['gre', 'encap-dport x', 'Error: argument "x" is wrong: Invalid destination port.', 255],
      ['ip6gre', 'encaplimit 300', 'Error: argument "300" is wrong: invalid ELIM', 255],
      ['ip6gre', 'hoplimit x', 'Error: argument "x" is wrong: invalid HLIM\n', 255],
      ['ip6gre', 'tclass x', 'Error: argument "x" is wrong: invalid TClass', 255],
      ['ip6gre', 'flowlabel x', 'Error: argument "x" is wrong: invalid Flowlabel', 255],
      ['ip6gre', 'dscp x', 'Error: argument "x" is wrong: not inherit', 255],
      ['ip6gre', 'erspan_ver 9', 'Error: argument "9" is wrong: erspan version must be 0/1/2\n', 255],
      ['erspan', 'erspan x', 'Error: argument "x" is wrong: invalid erspan index\n', 255],
      ['erspan', 'erspan_dir x', 'Error: argument "x" is wrong: Invalid erspan direction.', 255],
      ['erspan', 'erspan_hwid x', 'Error: argument "x" is wrong: invalid erspan hwid\n', 255],
      ['ipip', 'mode x', 'Error: argument "x" is wrong: Cannot guess tunnel mode.', 255],
      ['sit', 'mode ip6ip6', 'Error: argument "ip6ip6" is wrong: Cannot guess tunnel mode.', 255],
      ['ip6tnl', 'mode x', 'Error: argument "x" is wrong: Cannot guess tunnel mode.', 255],
      ['ip6tnl', 'fwmark x', 'Error: argument "x" is wrong: invalid fwmark\n', 255],
      ['ipip', 'ttl x', 'Error: argument "x" is wrong: invalid TTL\n', 255],
      ['vti', 'okey x', 'invalid value for "okey": "x"; it should be an unsigned integer', 255],
      ['vti', 'remote x', 'Error: inet address is expected rather than "x".', 1],
      ['vti', 'fwmark x', 'Error: argument "x" is wrong: invalid fwmark\n', 255],
      ['geneve', 'id x', 'Error: argument "x" is wrong: invalid id', 255],
      ['geneve', 'ttl 1', 'geneve: missing virtual network identifier', 1],
      ['geneve', 'id 1 udpcsum', 'geneve: remote link partner not specified', 1],
      ['gretap', 'erspan_ver 1', 'gretap: unknown command "erspan_ver"?', 1],
      ['geneve', 'id 1 ttl x', 'Error: argument "x" is wrong: invalid TTL', 255],
      ['geneve', 'id 1 dstport x', 'Error: argument "x" is wrong: dstport', 255],
      ['geneve', 'id 1 remote x', 'Error: any valid address is expected rather than "x".', 1],
      ['geneve', 'id 1 df x', "Error: argument \"x\" is wrong: DF must be 'unset', 'set' or 'inherit'", 255],
      ['geneve', 'id 1 flowlabel x', 'Error: argument "x" is wrong: invalid flowlabel', 255],
      ['geneve', 'id 1 tos x', 'Error: argument "x" is wrong: bad TOS value', 255],
      ['geneve', 'foo', 'geneve: unknown command "foo"?', 1],
      ['bareudp', 'dstport x', 'Error: argument "x" is wrong: dstport', 255],
      ['bareudp', 'ethertype ip', 'Error: argument "dstport" is required', 255],
      ['bareudp', 'dstport 1', 'Error: argument "ethertype" is required', 255],
      ['bareudp', 'dstport 1 ethertype x', 'Error: argument "x" is wrong: ethertype', 255],
      ['bareudp', 'dstport 1 srcportmin x', 'Error: argument "x" is wrong: srcportmin', 255],
      ['bareudp', 'foo', 'bareudp: unknown command "foo"?', 1],
      ['xfrm', 'if_id x', 'Error: argument "x" is wrong: if_id value is invalid', 255],
      ['xfrm', 'if_id 0', 'Error: argument "0" is wrong: if_id value is invalid', 255],
      ['xfrm', 'dev lo', 'Error: argument "IF_ID" is required', 255],
      ['gre', 'key', 'Command line is not complete. Try option "help"', 255],
    ];
    const wrong = cases.flatMap(([kind, line, message, status]) => {
      const got = mistake(kind, line);
      return got.message === message && got.status === status ? [] : [`${kind} ${line}: ${JSON.stringify(got)}`];
    });
    expect(wrong).to.deep.equal([]);
  });

  it('words ip takes but LinkSpec cannot express are refused, never dropped (exit 1, as ip for unknown words)', () => {
    for (const [kind, line] of [['bond', 'primary eth0'], ['bond', 'active_slave eth0'], ['gre', 'encaplimit 3'], ['ipip', '6rd-reset'], ['ipip', 'isatap'], ['sit', 'noisatap'], ['gre', 'encap-csum6']]) {
      expect(mistake(kind, line), `${kind} ${line}`).to.deep.equal({ message: `${kind}: unknown command "${line.split(' ')[0]}"?`, status: 1 });
    }
  });
});

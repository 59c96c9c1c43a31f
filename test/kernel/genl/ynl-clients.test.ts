// The typed clients compiled from the kernel's specs, on this kernel in a private namespace, each checked
// against an independent tool: ethtool, iproute2 (ip -j link, ip mptcp endpoint, ip tcp_metrics) and the
// kernel's own YNL CLI on the same requests.
import { execFileSync } from 'child_process';
import { expect } from 'chai';
import { ynl } from '../../../lib';
import type { Ethtool } from '../../../lib/genl/ynl/generated/ethtool';
import type { MptcpPm } from '../../../lib/genl/ynl/generated/mptcpPm';
import { skipWithReason, withNetns } from '../../helpers/netns';
import { needFamily } from '../../helpers/genl-family';
import { sortedFlags, ynlCli, ynlMissing } from '../../helpers/ynl-cli';

function tool(ns: string, cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (/No such file|not found/i.test(String((err as { stderr?: string }).stderr ?? ''))) return undefined;
    throw err;
  }
}

const ETHTOOL_OPS = ['linkinfo-get', 'linkmodes-get', 'linkstate-get', 'features-get', 'channels-get', 'tsinfo-get'] as const;

describe('ynl clients: netdev and ethtool on a veth pair (kernel)', function () {
  const env = withNetns('genl-eth');
  let ethtool: Ethtool;

  before(async function () {
    await needFamily(this, env.ns.name, 'ethtool');
    env.ns.ip(['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
    env.ns.ip(['link', 'set', 'va', 'up']);
    env.ns.ip(['link', 'set', 'vb', 'up']);
    ethtool = ynl.families.ethtool.open({ netns: env.ns.name });
  });
  after(() => ethtool?.close());

  it('netdev dev-get dumps every interface `ip -j link` lists, with its XDP features', async function () {
    await needFamily(this, env.ns.name, 'netdev');
    const netdev = ynl.families.netdev.open({ netns: env.ns.name });
    try {
      const devs = await netdev.devGetDump();
      const links = env.ns.ipJson<Array<{ ifindex: number }>>(['link', 'show']);
      expect(devs.map((d) => d.ifindex).sort()).to.deep.equal(links.map((l) => l.ifindex).sort());
      const va = links.find((l) => (l as { ifname?: string }).ifname === 'va')!;
      const one = await netdev.devGet({ ifindex: va.ifindex });
      expect(one?.xdpFeatures).to.include('basic');
    } finally {
      netdev.close();
    }
  });

  it('linkinfo, linkmodes and linkstate say what `ethtool DEV` says', async function () {
    const text = tool(env.ns.name, 'ethtool', ['va']);
    if (text === undefined) skipWithReason(this, 'ethtool is not installed');
    const header = { header: { devName: 'va' } };
    const info = (await ethtool.linkinfoGet(header))!;
    const modes = (await ethtool.linkmodesGet(header))!;
    const state = (await ethtool.linkstateGet(header))!;
    const field = (name: string) => new RegExp(`${name}: (.*)`).exec(text)![1].trim();
    expect(`${modes.speed}Mb/s`).to.equal(field('Speed'));
    expect(modes.duplex === 1 ? 'Full' : 'Half').to.equal(field('Duplex'));
    expect(modes.autoneg ? 'on' : 'off').to.equal(field('Auto-negotiation'));
    expect(info.port).to.equal(0); // PORT_TP
    expect(field('Port')).to.equal('Twisted Pair');
    expect(String(info.phyaddr)).to.equal(field('PHYAD'));
    expect(info.transceiver === 0 ? 'internal' : 'external').to.equal(field('Transceiver'));
    expect(state.link === 1 ? 'yes' : 'no').to.equal(field('Link detected'));
  });

  it('channels and timestamping say what `ethtool -l` and `ethtool -T` say', async function () {
    const channels = tool(env.ns.name, 'ethtool', ['-l', 'va']);
    const ts = tool(env.ns.name, 'ethtool', ['-T', 'va']);
    if (channels === undefined || ts === undefined) skipWithReason(this, 'ethtool is not installed');
    const c = (await ethtool.channelsGet({ header: { devName: 'va' } }))!;
    const [max, current] = channels.split(/Current hardware settings:/);
    expect(new RegExp(`RX:\\s+${c.rxMax}\\b`).test(max) && new RegExp(`TX:\\s+${c.txMax}\\b`).test(max)).to.equal(true);
    expect(new RegExp(`RX:\\s+${c.rxCount}\\b`).test(current) && new RegExp(`TX:\\s+${c.txCount}\\b`).test(current)).to.equal(true);
    const t = (await ethtool.tsinfoGet({ header: { devName: 'va' } }))!;
    const names = t.timestamping?.bits?.bit?.map((b) => b.name) ?? [];
    expect(names).to.have.length.greaterThan(0);
    for (const name of names) expect(ts).to.contain(name!);
  });

  it("features are on exactly where `ethtool -k` says so, and strset names every feature bit", async function () {
    const text = tool(env.ns.name, 'ethtool', ['-k', 'va']);
    if (text === undefined) skipWithReason(this, 'ethtool is not installed');
    const f = (await ethtool.featuresGet({ header: { devName: 'va' } }))!;
    // a bitset without a mask (nomask) lists only the bits that are set
    const active = new Set((f.active?.bits?.bit ?? []).filter((b) => b.value || f.active?.nomask).map((b) => b.name));
    let compared = 0;
    for (const line of text.split('\n')) {
      const m = /^\s*([a-z0-9-]+): (on|off)/.exec(line);
      if (!m || !(f.hw?.bits?.bit ?? []).some((b) => b.name === m[1])) continue; // ethtool's grouped names
      expect(active.has(m[1]), m[1]).to.equal(m[2] === 'on');
      compared++;
    }
    expect(compared).to.be.greaterThan(10);
    const ETH_SS_FEATURES = 4;
    const sets = (await ethtool.strsetGet({ header: { devName: 'va' }, stringsets: { stringset: [{ id: ETH_SS_FEATURES }] } }))!;
    const strings = (sets.stringsets?.stringset?.[0]?.strings ?? []).flatMap((s) => s.string ?? []).map((s) => s.value);
    for (const b of f.hw?.bits?.bit ?? []) expect(strings[b.index!]).to.equal(b.name);
  });

  it("reports a feature change (`ethtool -K`) on the monitor group as features-ntf", async function () {
    if (tool(env.ns.name, 'ethtool', ['--version']) === undefined) skipWithReason(this, 'ethtool is not installed');
    const hw = (await ethtool.featuresGet({ header: { devName: 'vb' } }))!.hw?.bits?.bit ?? [];
    const tso = hw.find((b) => b.name === 'tx-tcp-segmentation')!.index!;
    const events = await ethtool.subscribe(['monitor']);
    try {
      tool(env.ns.name, 'ethtool', ['-K', 'vb', 'tso', 'off']);
      for await (const e of events) {
        if (e.name !== 'features-ntf') continue;
        expect((e.value.header as { devName?: string }).devName).to.equal('vb');
        // notifications carry compact bitsets: `value` holds the bits as 32-bit words
        const active = (e.value as { active?: { value?: Buffer } }).active!.value!;
        expect(active.readUInt32LE(4 * Math.floor(tso / 32)) & (1 << tso % 32)).to.equal(0);
        break;
      }
    } finally {
      events.close();
    }
  });

  for (const op of ETHTOOL_OPS) {
    it(`${op}: the same JSON as the kernel's YNL CLI (linux-netlink ynl)`, async function () {
      const missing = ynlMissing();
      if (missing) skipWithReason(this, missing);
      const { run } = await import('../../../lib/cli/main');
      let out = '';
      const stdout = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
      const args = ['--do', op, '--json', '{"header": {"dev-name": "va"}}'];
      const code = await run(['-n', env.ns.name, 'ynl', '--family', 'ethtool', ...args], { stdout, stderr: process.stderr });
      expect(code).to.equal(0);
      expect(sortedFlags(JSON.parse(out))).to.deep.equal(sortedFlags(ynlCli(env.ns.name, 'ethtool', args)));
    });
  }

  it('netdev dev-get dump: the same JSON as the kernel\'s YNL CLI', async function () {
    await needFamily(this, env.ns.name, 'netdev');
    const missing = ynlMissing();
    if (missing) skipWithReason(this, missing);
    const { run } = await import('../../../lib/cli/main');
    let out = '';
    const stdout = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
    expect(await run(['-n', env.ns.name, 'ynl', '--family', 'netdev', '--dump', 'dev-get'], { stdout, stderr: process.stderr })).to.equal(0);
    expect(sortedFlags(JSON.parse(out))).to.deep.equal(sortedFlags(ynlCli(env.ns.name, 'netdev', ['--dump', 'dev-get'])));
  });
});

describe('ynl clients: mptcp_pm endpoints and tcp_metrics (kernel)', function () {
  const env = withNetns('genl-mptcp');
  let mptcp: MptcpPm;

  before(async function () {
    await needFamily(this, env.ns.name, 'mptcp_pm');
    env.ns.ip(['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
    env.ns.ip(['link', 'set', 'va', 'up']);
    env.ns.ip(['addr', 'add', '10.9.0.1/24', 'dev', 'va']);
    mptcp = ynl.families.mptcpPm.open({ netns: env.ns.name });
  });
  after(() => mptcp?.close());

  it('adds, lists, flags and deletes endpoints as `ip mptcp endpoint` sees them', async () => {
    // 6.12's spec has addr4 as a big-endian u32 without a display hint (YNL prints it as a number too)
    const addr4 = 0x0a090001; // 10.9.0.1
    // and its flags as a plain u32 (MPTCP_PM_ADDR_FLAG_SIGNAL 1, SUBFLOW 2, BACKUP 4)
    await mptcp.addAddr({ addr: { family: 2, addr4, id: 7, flags: 1 } });
    const text = () => env.ns.ip(['mptcp', 'endpoint', 'show']);
    expect(text()).to.match(/10\.9\.0\.1 id 7 signal/);
    const listed = await mptcp.getAddrDump();
    expect(listed.map((e) => [e.addr?.addr4, e.addr?.id, e.addr?.flags])).to.deep.equal([[addr4, 7, 1]]);
    await mptcp.setFlags({ addr: { id: 7, flags: 4 } }); // by id: no family, or the kernel wants the address too
    expect(text()).to.match(/10\.9\.0\.1 id 7 signal backup/);
    await mptcp.delAddr({ addr: { id: 7 } });
    expect(text().trim()).to.equal('');
    // and what ip adds, the client lists
    env.ns.ip(['mptcp', 'endpoint', 'add', '10.9.0.1', 'id', '9', 'subflow']);
    const again = await mptcp.getAddrDump();
    expect(again.map((e) => [e.addr?.id, e.addr?.flags])).to.deep.equal([[9, 2]]);
  });

  it('reads the limits `ip mptcp limits` shows, and sets them', async () => {
    await mptcp.setLimits({ rcvAddAddrs: 3, subflows: 2 });
    const limits = (await mptcp.getLimits({}))!;
    expect([limits.rcvAddAddrs, limits.subflows]).to.deep.equal([3, 2]);
    expect(env.ns.ip(['mptcp', 'limits', 'show'])).to.match(/add_addr_accepted 3 +subflows 2/);
  });

  it('tcp_metrics lists the destinations `ip tcp_metrics show` lists', async function () {
    env.ns.ip(['addr', 'add', '10.9.0.2/24', 'dev', 'va']);
    // One short TCP connection from 10.9.0.2 to 10.9.0.1 leaves a metrics entry (node, not python: the QEMU guest
    // has no python).
    execFileSync('ip', ['netns', 'exec', env.ns.name, process.execPath, '-e',
      "const net=require('net');const s=net.createServer((a)=>a.once('data',()=>{a.end();s.close()}));" +
      "s.listen(5555,'10.9.0.1',()=>{const c=net.connect({host:'10.9.0.1',port:5555,localAddress:'10.9.0.2'},()=>c.write(Buffer.alloc(100,120)));c.on('end',()=>c.end())})"]);
    const tm = ynl.families.tcpMetrics.open({ netns: env.ns.name });
    try {
      const ours = await tm.getDump();
      const theirs = env.ns.ip(['tcp_metrics', 'show']).trim().split('\n').filter(Boolean);
      expect(ours.map((m) => `${m.addrIpv4} ${m.saddrIpv4}`).sort()).to.deep.equal(theirs.map((l) => `${l.split(' ')[0]} ${/source (\S+)/.exec(l)?.[1]}`).sort());
      expect(ours.length).to.be.greaterThan(0);
      expect(ours[0].vals?.cwnd).to.equal(Number(/cwnd (\d+)/.exec(theirs[0])?.[1]));
    } finally {
      tm.close();
    }
  });
});

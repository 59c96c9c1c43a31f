// The families whose specs the project wrote (specs/extra: TASKSTATS, thermal, acpi_event), netdev's
// notifications and the specs' checks, on this kernel; each checked against what the kernel shows elsewhere
// (/proc, /sys/class/thermal, ip) rather than against our own encoder.
import { spawn } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { setPriority } from 'os';
import { expect } from 'chai';
import { ynl } from '../../../lib';
import { GenlClient } from '../../../lib/genl';
import { NetlinkError } from '../../../lib/core';
import { skipUnlessRoot, withNetns } from '../../helpers/netns';
import { needFamily } from '../../helpers/genl-family';

/** Field `n` (1-based, as proc(5) numbers them) of /proc/PID/stat; the command name may hold spaces. */
function statField(pid: number, n: number): string {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return rest[n - 3];
}

describe('ynl: TASKSTATS (kernel)', function () {
  before(async function () {
    skipUnlessRoot(this, 'TASKSTATS requests need CAP_NET_ADMIN');
    await needFamily(this, undefined, 'TASKSTATS');
  });

  it("get by pid says what /proc says of a reniced child: pid, parent, command, uid, nice", async function () {
    // a node child (the QEMU guest has no nice(1) or sleep(1) to spare), given niceness 7 by setpriority(2)
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const client = ynl.families.taskstats.open();
    try {
      await spawned;
      const pid = child.pid!;
      setPriority(pid, 7);
      const reply = await client.get({ pid });
      const stats = reply!.aggrPid!.stats!;
      expect(reply!.aggrPid!.pid).to.equal(pid);
      expect(stats.version).to.be.at.least(13);
      expect(stats.acPid).to.equal(pid);
      expect(stats.acPpid).to.equal(Number(statField(pid, 4)));
      expect(stats.acPpid).to.equal(process.pid);
      expect(stats.acComm).to.equal(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
      expect(stats.acNice).to.equal(Number(statField(pid, 19)));
      expect(stats.acNice).to.equal(7);
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
      expect(stats.acUid).to.equal(Number(uid));
      expect(stats.acBtime64).to.be.a('bigint');
    } finally {
      child.kill();
      client.close();
    }
  });

  it('get by tgid sums the context switches of every thread of this process', async function () {
    const client = ynl.families.taskstats.open();
    try {
      // /proc first: the counts only grow, and the kernel's sum covers every thread, /proc's line one thread each
      const counts = (key: string) =>
        readdirSync('/proc/self/task').reduce((sum, tid) => {
          const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
          return sum + Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)![1]);
        }, 0);
      const voluntary = counts('voluntary_ctxt_switches');
      const involuntary = counts('nonvoluntary_ctxt_switches');
      const reply = await client.get({ tgid: process.pid });
      expect(reply!.aggrTgid!.tgid).to.equal(process.pid);
      const stats = reply!.aggrTgid!.stats!;
      expect(Number(stats.nvcsw)).to.be.at.least(voluntary);
      expect(Number(stats.nivcsw)).to.be.at.least(involuntary);
      // and not wildly more: the request itself switches a few times at most
      expect(Number(stats.nvcsw)).to.be.below(voluntary + 1000);
    } finally {
      client.close();
    }
  });

  it('a pid that does not exist is ESRCH; a listener registers and deregisters a CPU mask', async function () {
    const client = ynl.families.taskstats.open();
    try {
      const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
      let free = max - 1;
      while (existsSync(`/proc/${free}`)) free--;
      const err = await client.get({ pid: free }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(NetlinkError).and.include({ code: 'ESRCH' });
      await client.listener({ registerCpumask: '0' });
      await client.listener({ deregisterCpumask: '0' });
      const bad = await client.listener({ registerCpumask: 'not-a-mask' }).then(() => undefined, (e: unknown) => e);
      expect(bad).to.be.instanceOf(NetlinkError).and.include({ code: 'EINVAL' });
    } finally {
      client.close();
    }
  });
});

describe('ynl: thermal (kernel)', function () {
  before(async function () {
    await needFamily(this, undefined, 'thermal');
  });

  it('lists the zones and cooling devices /sys/class/thermal lists, with their names', async function () {
    const sys = '/sys/class/thermal';
    const entries = existsSync(sys) ? readdirSync(sys) : [];
    const zones = entries.filter((e) => e.startsWith('thermal_zone')).map((e) => [Number(e.slice(12)), readFileSync(`${sys}/${e}/type`, 'utf8').trim()]);
    const cdevs = entries.filter((e) => e.startsWith('cooling_device')).map((e) => [Number(e.slice(14)), readFileSync(`${sys}/${e}/type`, 'utf8').trim()]);
    const client = ynl.families.thermal.open();
    try {
      const ours = (await client.tzGetIdDump()).flatMap((m) => m.tz ?? []).map((z) => [z.tzId, z.tzName]);
      expect(ours.sort()).to.deep.equal(zones.sort());
      const ourCdevs = (await client.cdevGetDump()).flatMap((m) => m.cdev ?? []).map((c) => [c.cdevId, c.cdevName]);
      expect(ourCdevs.sort()).to.deep.equal(cdevs.sort());
      for (const [id] of zones) {
        const temp = await client.tzGetTemp({ tzId: id as number });
        expect(temp!.tzId).to.equal(id);
        expect(temp!.tzTemp).to.be.a('number');
      }
    } finally {
      client.close();
    }
  });

  it('a zone that does not exist is a typed kernel error; a name longer than the policy allows fails before sending', async function () {
    const client = ynl.families.thermal.open();
    try {
      const sys = '/sys/class/thermal';
      let id = 1000;
      while (existsSync(`${sys}/thermal_zone${id}`)) id++;
      const err = await client.tzGetTemp({ tzId: id }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(NetlinkError).and.include({ code: 'EINVAL' });
      // through the untyped door: the typed request has no tz-name, and the check must hold there too
      const long = await client.do('tz-get-temp', { tzId: id, tzName: 'x'.repeat(21) }).then(() => undefined, (e: unknown) => e);
      expect(long).to.be.instanceOf(RangeError).and.include({ code: 'ERR_OUT_OF_RANGE' });
      expect((long as Error).message).to.include('thermal tz-get-temp.tz-name').and.include('at most 20 bytes');
    } finally {
      client.close();
    }
  });

  it('joins the sampling and event groups by name', async function () {
    const client = ynl.families.thermal.open();
    try {
      const events = await client.subscribe(['sampling', 'event']);
      const genl = GenlClient.open();
      try {
        const groups = (await genl.family('thermal')).groups;
        expect([...events.subscription.groups].sort()).to.deep.equal([groups.get('sampling'), groups.get('event')].sort());
      } finally {
        genl.close();
        events.close();
      }
    } finally {
      client.close();
    }
  });
});

describe('ynl: acpi_event (kernel)', function () {
  before(async function () {
    await needFamily(this, undefined, 'acpi_event');
  });

  it('joins acpi_mc_group, the group acpid listens on', async function () {
    const client = ynl.families.acpiEvent.open();
    try {
      const events = await client.subscribe(['acpi_mc_group']);
      const genl = GenlClient.open();
      try {
        expect([...events.subscription.groups]).to.deep.equal([(await genl.family('acpi_event')).groups.get('acpi_mc_group')]);
      } finally {
        genl.close();
        events.close();
      }
    } finally {
      client.close();
    }
  });
});

describe('ynl: netdev notifications (kernel)', function () {
  const env = withNetns('genl-ntf');

  it('reports a link created and deleted by ip as dev-add-ntf and dev-del-ntf, with ip\'s ifindex', async function () {
    await needFamily(this, env.ns.name, 'netdev');
    const netdev = ynl.families.netdev.open({ netns: env.ns.name });
    const events = await netdev.subscribe(['mgmt']);
    try {
      env.ns.ip(['link', 'add', 'na', 'type', 'veth', 'peer', 'name', 'nb']);
      const links = env.ns.ipJson<Array<{ ifindex: number; ifname: string }>>(['link', 'show']);
      const wanted = new Set(links.filter((l) => l.ifname === 'na' || l.ifname === 'nb').map((l) => l.ifindex));
      expect(wanted.size).to.equal(2);
      const added = new Set<number>();
      const deleted = new Set<number>();
      let deleting = false;
      for await (const e of events) {
        const ifindex = (e.value as { ifindex?: number }).ifindex!;
        if (e.name === 'dev-add-ntf' && wanted.has(ifindex)) added.add(ifindex);
        if (e.name === 'dev-del-ntf' && wanted.has(ifindex)) deleted.add(ifindex);
        if (added.size === 2 && !deleting) {
          deleting = true;
          env.ns.ip(['link', 'del', 'na']);
        }
        if (deleted.size === 2) break;
      }
      expect([...added].sort()).to.deep.equal([...wanted].sort());
      expect([...deleted].sort()).to.deep.equal([...wanted].sort());
    } finally {
      events.close();
      netdev.close();
    }
  });

  it('refuses an ifindex the spec\'s checks forbid (min 1) before the kernel sees it', async function () {
    await needFamily(this, env.ns.name, 'netdev');
    const netdev = ynl.families.netdev.open({ netns: env.ns.name });
    try {
      const err = await netdev.devGet({ ifindex: 0 }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(RangeError).and.include({ code: 'ERR_OUT_OF_RANGE' });
      expect((err as Error).message).to.equal('The value of "netdev dev-get.ifindex" is out of range. It must be >= 1. Received 0');
    } finally {
      netdev.close();
    }
  });
});

// `linux-netlink uevent ...` run in-process with its own streams, inside a private namespace.
import { expect } from 'chai';
import { PassThrough } from 'stream';
import { run } from '../../../lib/cli/uevent';
import { run as main } from '../../../lib/cli/main';
import { withNetns } from '../../helpers/netns';
import { NamespaceSysfs, until } from './wait';

function streams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { stdout, stderr, out: () => out, err: () => err };
}

describe('linux-netlink uevent (CLI, private netns)', () => {
  const holder = withNetns('lnl-uecli');
  let sysfs: NamespaceSysfs;
  let sys: string;

  before(async () => {
    sysfs = new NamespaceSysfs(holder.ns.name);
    sys = await sysfs.path();
  });
  after(() => sysfs?.close());

  it('monitor -j prints one JSON object per event and ends cleanly on abort', async () => {
    const io = streams();
    const controller = new AbortController();
    const done = run(['monitor', '--subsystem', 'net', '--action', 'add'], {
      netns: holder.ns.name, json: true, details: false, stdout: io.stdout, stderr: io.stderr, signal: controller.signal,
    }); // prettier-ignore
    try {
      await new Promise((r) => setImmediate(r));
      holder.ns.ip(['link', 'add', 'jva', 'type', 'veth', 'peer', 'name', 'jvb']);
      await until(() => io.out().split('\n').filter(Boolean).length >= 2);
    } finally {
      controller.abort(); // ends the command even when the wait failed, so no socket outlives the test
    }
    expect(await done).to.equal(0);
    const lines = io.out().trim().split('\n').map((l) => JSON.parse(l));
    const links = holder.ns.ipJson<Array<{ ifname: string; ifindex: number }>>(['link', 'show']);
    expect(lines.map((l) => l.properties.INTERFACE).sort()).to.deep.equal(['jva', 'jvb']);
    for (const line of lines) {
      expect(line).to.include({ action: 'add', subsystem: 'net', source: 'kernel' });
      expect(line.devpath).to.equal(`/devices/virtual/net/${line.properties.INTERFACE}`);
      expect(line.seqnum).to.match(/^[0-9]+$/);
      expect(line.properties.SEQNUM).to.equal(line.seqnum);
      expect(Number(line.properties.IFINDEX)).to.equal(links.find((l) => l.ifname === line.properties.INTERFACE)!.ifindex);
    }
    holder.ns.ip(['link', 'del', 'jva']);
  });

  it('list --sysfs prints the namespace devices; trigger prints the answers', async () => {
    holder.ns.ip(['link', 'add', 'tva', 'type', 'veth', 'peer', 'name', 'tvb']);
    const listed = streams();
    const base = { netns: holder.ns.name, json: true, details: false };
    expect(await run(['list', '--subsystem', 'net', '--sysfs', sys], { ...base, stdout: listed.stdout, stderr: listed.stderr })).to.equal(0);
    const devices = listed.out().trim().split('\n').map((l) => JSON.parse(l));
    const names = holder.ns.ipJson<Array<{ ifname: string }>>(['link', 'show']).map((l) => l.ifname).sort();
    expect(devices.map((d) => d.properties.INTERFACE).sort()).to.deep.equal(names);

    const triggered = streams();
    const code = await run(['trigger', '--subsystem', 'net', '--action', 'add', '--sysfs', sys], {
      ...base, stdout: triggered.stdout, stderr: triggered.stderr,
    }); // prettier-ignore
    expect(code).to.equal(0);
    const answers = triggered.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(answers.map((a) => a.properties.INTERFACE).sort()).to.deep.equal(names);
    const uuid = /SYNTH_UUID=([0-9a-f-]+)/.exec(triggered.err())![1];
    for (const answer of answers) expect(answer).to.include({ action: 'add', synthUuid: uuid });
    expect(triggered.err()).to.contain(`triggered ${names.length} devices`).and.contain(`${names.length} answered`);
    holder.ns.ip(['link', 'del', 'tva']);
  });

  it('refuses list/trigger with -n but no --sysfs, and unknown arguments, with a usage error', async () => {
    const io = streams();
    const base = { json: false, details: false, stdout: io.stdout, stderr: io.stderr };
    await expectUsage(run(['list'], { ...base, netns: holder.ns.name }), /ip netns exec/);
    await expectUsage(run(['monitor', '--bogus'], base), /unknown/);
    await expectUsage(run(['trigger', '--action', 'remove'], base), /add.*change/);
    await expectUsage(run(['list', '--action', 'add'], base), /no --action/);
    await expectUsage(run(['monitor', '--subsystem'], base), /needs an argument/);
    expect(await run(['monitor', '--help'], base)).to.equal(0);
    expect(await run(['--help'], base)).to.equal(0);
    expect(io.out()).to.contain('Usage: linux-netlink uevent monitor');
  });

  it('list and trigger with a sysfs that cannot be read print the error and exit non-zero, not an empty list', async () => {
    for (const command of ['list', 'trigger']) {
      const io = streams();
      const code = await main(['uevent', command, '--sysfs', '/nonexistent-sysfs'], { stdout: io.stdout, stderr: io.stderr });
      expect(code, command).to.not.equal(0);
      expect(io.err(), command).to.match(/cannot read sysfs at \/nonexistent-sysfs/);
      expect(io.out(), command).to.equal('');
    }
  });
});

async function expectUsage(promise: Promise<number>, message: RegExp): Promise<void> {
  let error: Error | undefined;
  await promise.catch((e: Error) => (error = e));
  expect(error?.name).to.equal('UsageError');
  expect(error?.message).to.match(message);
}

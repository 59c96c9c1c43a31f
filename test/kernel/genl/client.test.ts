// GenlClient against this kernel's controller, cross-checked with iproute2's `genl ctrl list` and
// `genl ctrl policy`: every family, operation, capability, group and policy attribute the same.
import { execFileSync } from 'child_process';
import { expect } from 'chai';
import { spec } from '../../../lib/core';
import {
  AttributePolicy,
  CtrlCommand,
  FamilyNotFoundError,
  GENL_CTRL_NOTIFY_GROUP,
  GENL_ID_CTRL,
  GenlClient,
  GenlFamily,
  ctrlAttrs,
  genlPayload,
} from '../../../lib/genl';
import { skipWithReason } from '../../helpers/netns';

function genl(args: string[]): string | undefined {
  try {
    return execFileSync('genl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

interface ListedFamily {
  name: string;
  id: number;
  version: number;
  hdrsize: number;
  maxattr: number;
  /** caps: when genl printed them (6.1 prints them for nlctrl only). */
  ops: Array<{ id: number; caps?: number }>;
  groups: Array<{ id: number; name: string }>;
}

/** `genl ctrl list`, parsed. */
function parseCtrlList(text: string): ListedFamily[] {
  const out: ListedFamily[] = [];
  let cur: ListedFamily | undefined;
  let op: { id: number; caps?: number } | undefined;
  for (const line of text.split('\n')) {
    let m = /^Name: (\S+)/.exec(line);
    if (m) {
      out.push((cur = { name: m[1], id: 0, version: 0, hdrsize: 0, maxattr: 0, ops: [], groups: [] }));
      continue;
    }
    if (!cur) continue;
    if ((m = /ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)/.exec(line))) {
      cur.id = Number(m[1]);
      cur.version = Number(m[2]);
      cur.hdrsize = Number(m[3]);
      cur.maxattr = Number(m[4]);
    } else if ((m = /#\d+:\s+ID-(0x[0-9a-f]+)\s+name: (\S+)/.exec(line))) {
      cur.groups.push({ id: Number(m[1]), name: m[2] });
    } else if ((m = /#\d+:\s+ID-(0x[0-9a-f]+)/.exec(line))) {
      cur.ops.push((op = { id: Number(m[1]) }));
    } else if ((m = /Capabilities \((0x[0-9a-f]+)\)/.exec(line)) && op) {
      op.caps = Number(m[1]);
    }
  }
  return out;
}

const CAP_BITS: Record<string, number> = { 'admin-perm': 1, 'cmd-cap-do': 2, 'cmd-cap-dump': 4, 'cmd-cap-haspol': 8, 'uns-admin-perm': 16 };

function asListed(f: GenlFamily): ListedFamily {
  return {
    name: f.name,
    id: f.id,
    version: f.version,
    hdrsize: f.hdrsize,
    maxattr: f.maxattr,
    ops: f.operations.map((o) => ({ id: o.id, caps: o.flags.reduce<number>((v, x) => v | (typeof x === 'number' ? x : CAP_BITS[x]), 0) })),
    groups: [...f.groups].map(([name, id]) => ({ id, name })),
  };
}

/** One policy attribute as `genl ctrl policy` (iproute2 6.1) prints it. */
function policyLine(p: AttributePolicy): string {
  const iproute2Types: Record<string, string> = {
    flag: 'FLAG', u8: 'U8', u16: 'U16', u32: 'U32', u64: 'U64', s8: 'S8', s16: 'S16', s32: 'S32', s64: 'S64',
    binary: 'BINARY', string: 'STRING', 'nul-string': 'NUL_STRING', nested: 'NESTED', 'nested-array': 'NESTED_ARRAY', bitfield32: 'BITFIELD32',
  };
  let text = `type=${iproute2Types[String(p.type)] ?? 'unknown'}`;
  if (p.minValue !== undefined && p.maxValue !== undefined) text += ` range:[${p.minValue},${p.maxValue}]`;
  if (p.minLength !== undefined) text += ` min len:${p.minLength}`;
  if (p.maxLength !== undefined) text += ` max len:${p.maxLength}`;
  if (p.policy !== undefined) text += ` policy:${p.policy} maxattr:${p.maxType}`;
  return text;
}

describe('GenlClient: the controller (kernel)', function () {
  let client: GenlClient;
  before(function () {
    client = GenlClient.open();
  });
  after(() => client?.close());

  it('lists the same families, ids, versions, operations, capabilities and groups as `genl ctrl list`', async function () {
    const text = genl(['ctrl', 'list']);
    if (text === undefined) skipWithReason(this, 'iproute2 genl is not installed');
    const expected = parseCtrlList(text);
    const families = await client.families();
    const listed = families.map(asListed);
    // compare capabilities where genl printed them (at least nlctrl's)
    let compared = 0;
    listed.forEach((f, i) =>
      f.ops.forEach((o, j) => {
        if (expected[i]?.ops[j]?.caps === undefined) delete o.caps;
        else compared++;
      }),
    );
    expect(compared).to.be.greaterThan(0);
    expect(listed).to.deep.equal(expected);
    expect(families.map((f) => f.name)).to.include.members(['nlctrl', 'ethtool']);
  });

  it('resolves one family by name, once per connection', async function () {
    const all = await client.families();
    if (!all.some((f) => f.name === 'ethtool')) skipWithReason(this, 'this kernel has no ethtool family');
    const first = client.family('ethtool');
    expect(client.family('ethtool')).to.equal(first);
    const ethtool = await first;
    expect(ethtool).to.deep.equal(all.find((f) => f.name === 'ethtool'));
    expect(ethtool.groups.get('monitor')).to.be.a('number');
  });

  it("forgets a family when nlctrl announces a change to it (a module reload moves its id)", async () => {
    const before = client.family('nlctrl');
    await before;
    // No module can reload on this kernel (nothing is modular), so the controller's announcement is handed to the
    // subscription the client keeps on nlctrl's notify group, as the kernel would send it.
    const watch = (client as unknown as { watch: { deliver(n: object): void } }).watch;
    const payload = Buffer.concat([genlPayload(CtrlCommand.DelFamily, 2), spec.encodeAttributes(ctrlAttrs, { familyName: 'nlctrl', familyId: 99 })]);
    watch.deliver({ type: GENL_ID_CTRL, flags: 0, seq: 0, portId: 0, payload, group: GENL_CTRL_NOTIFY_GROUP });
    const after = client.family('nlctrl');
    expect(after).to.not.equal(before);
    expect((await after).id).to.equal((await before).id);
  });

  it('names a missing family in a typed error, with the families the kernel has', async () => {
    const err = await client.family('no-such-family').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(FamilyNotFoundError);
    const e = err as FamilyNotFoundError;
    expect(e.code).to.equal('ENOENT');
    expect(e.family).to.equal('no-such-family');
    expect(e.message).to.contain("'no-such-family'");
    expect(e.known).to.include('nlctrl');
    // names are case-sensitive: TASKSTATS is upper case, so 'taskstats' is another (missing) name
    expect(await client.family('taskstats').then(() => 'found', (x: Error) => x.name)).to.equal('FamilyNotFoundError');
  });

  it('rejects a name that is not a string with ERR_INVALID_ARG_TYPE', async () => {
    const err = await client.family(42 as unknown as string).then(() => undefined, (e: NodeJS.ErrnoException) => e);
    expect(err?.code).to.equal('ERR_INVALID_ARG_TYPE');
  });

  for (const name of ['nlctrl', 'ethtool', 'netdev', 'mptcp_pm', 'tcp_metrics']) {
    it(`reads ${name}'s policies as \`genl ctrl policy\` does`, async function () {
      if (!(await client.families()).some((f) => f.name === name)) skipWithReason(this, `this kernel has no ${name} family`);
      const text = genl(['ctrl', 'policy', 'name', name]);
      if (text === undefined) skipWithReason(this, 'iproute2 genl is not installed');
      const expected = text.split('\n').filter((l) => l.includes('policy[')).map((l) => l.replace(/^.*?policy\[/, 'policy[').trim());
      const p = await client.policy(name);
      const lines: string[] = [];
      for (const [index, attrs] of [...p.policies].sort((a, b) => a[0] - b[0])) {
        for (const [attr, policy] of [...attrs].sort((a, b) => a[0] - b[0])) lines.push(`policy[${index}]:attr[${attr}]: ${policyLine(policy)}`);
      }
      expect(lines).to.deep.equal(expected.sort((a, b) => orderOf(a) - orderOf(b)));
      const ops = text.split('\n').filter((l) => / op \d+ policies:/.test(l)).map((l) => l.replace(/^.*? op /, 'op ').trim());
      expect([...p.operations].map(([op, o]) => `op ${op} policies:${o.do !== undefined ? ` do=${o.do}` : ''}${o.dump !== undefined ? ` dump=${o.dump}` : ''}`)).to.deep.equal(ops);
    });
  }

  it("reads one operation's policy (ethtool linkinfo-get)", async function () {
    const ethtool = await client.family('ethtool').catch((err: Error) => {
      if (err instanceof FamilyNotFoundError) skipWithReason(this, 'this kernel has no ethtool family');
      throw err;
    });
    const linkinfoGet = 2;
    const p = await client.policy(ethtool, linkinfoGet);
    expect([...p.operations.keys()]).to.deep.equal([linkinfoGet]);
    const doPolicy = p.policies.get(p.operations.get(linkinfoGet)!.do!)!;
    // ETHTOOL_A_LINKINFO_HEADER (1) is a nest of the header policy
    expect(doPolicy.get(1)?.type).to.equal('nested');
  });
});

function orderOf(line: string): number {
  const m = /policy\[(\d+)\]:attr\[(\d+)\]/.exec(line)!;
  return Number(m[1]) * 65536 + Number(m[2]);
}

// `linux-netlink genl` and `linux-netlink ynl`: what iproute2's genl lists, and friendly errors naming the choices.
import { execFileSync } from 'child_process';
import { expect } from 'chai';
import { run } from '../../../lib/cli/main';
import { skipWithReason } from '../../helpers/netns';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
  const stderr = { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream;
  const code = await run(args, { stdout, stderr });
  return { code, out, err };
}

describe('cli: genl and ynl (kernel)', () => {
  it('genl ctrl list -j: the families, ids, versions and groups `genl ctrl list` prints', async function () {
    let text: string;
    try {
      text = execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' });
    } catch {
      skipWithReason(this, 'iproute2 genl is not installed');
    }
    const r = await cli(['-j', 'genl', 'ctrl', 'list']);
    expect(r.code).to.equal(0);
    const families = JSON.parse(r.out) as Array<{ name: string; id: number; version: number; mcast_groups: Array<{ name: string; id: number }> }>;
    const listed = [...text.matchAll(/Name: (\S+)\n\s+ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(families.map((f) => [f.name, f.id, f.version])).to.deep.equal(listed);
    const groups = [...text.matchAll(/ID-(0x[0-9a-f]+)\s+name: (\S+)/g)].map((m) => `${m[2]}:${Number(m[1])}`);
    expect(families.flatMap((f) => f.mcast_groups.map((g) => `${g.name}:${g.id}`))).to.deep.equal(groups);
    // the text form has each family's header line as genl prints it
    const plain = await cli(['genl', 'ctrl', 'list']);
    for (const line of text.split('\n').filter((l) => l.startsWith('Name: ') || l.includes('Version: '))) expect(plain.out).to.contain(line);
  });

  it('genl ctrl get name NAME: one family; a missing one is named, with exit status 2', async () => {
    const r = await cli(['-j', 'genl', 'ctrl', 'get', 'name', 'nlctrl']);
    expect(JSON.parse(r.out).map((f: { name: string; id: number }) => [f.name, f.id])).to.deep.equal([['nlctrl', 16]]);
    const missing = await cli(['genl', 'ctrl', 'get', 'name', 'NCSI-not-here']);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.contain("'NCSI-not-here' is not registered").and.contain('nlctrl');
  });

  it('ynl names the choices for an unknown family, operation or group', async () => {
    const family = await cli(['ynl', '--family', 'ethtol', '--do', 'linkinfo-get']);
    expect([family.code, family.err]).to.satisfy(([c, e]: [number, string]) => c === 1 && e.includes('known: devlink, dpll, ethtool'));
    const op = await cli(['ynl', '--family', 'ethtool', '--do', 'linkinfo']);
    expect(op.code).to.equal(1);
    expect(op.err).to.contain('has no operation "linkinfo"').and.contain('linkinfo-get');
    const group = await cli(['ynl', '--family', 'ethtool', '--subscribe', 'monitr']);
    expect(group.err).to.contain("no 'monitr' (known: monitor)");
    const usage = await cli(['ynl', '--family', 'ethtool']);
    expect([usage.code, usage.err]).to.deep.equal([1, 'ynl needs --do OP, --dump OP, --subscribe GROUP or --list-ops\n']);
  });

  it("ynl shows the kernel's extended ACK when it refuses", async () => {
    const r = await cli(['ynl', '--family', 'ethtool', '--do', 'linkinfo-get', '--json', '{"header": {"dev-name": "no-such-dev0"}}']);
    expect(r.code).to.equal(2);
    expect(r.err).to.equal('Error: no device matches name.\n');
  });
});

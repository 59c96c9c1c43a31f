// The bond, ipvlan, vrf and tunnel kinds' mistakes given to ip and to the CLI in one private namespace: ip reads a
// kind's words before it talks to the kernel, so its message and exit status are the oracle even on a kernel that
// cannot create the kind. Each line fails while parsing in both tools; nothing is created.
import { expect } from 'chai';
import { SLOWDOWN, TestNetns, skipUnlessRoot } from '../../helpers/netns';
import { runCliHere, runIp } from './fixture';

const MISTAKES: string[] = [
  'bond mode bogus',
  'bond miimon x',
  'bond num_grat_arp 300',
  'bond lacp_rate x',
  'bond xmit_hash_policy x',
  'bond ad_select x',
  'bond arp_validate x',
  'bond ad_actor_system zz',
  'bond ns_ip6_target x',
  'vrf table nosuch',
  'ipvlan mode x',
  'gre remote x',
  'gre ttl 300',
  'gre tos 0x1000',
  'gre key x',
  'gre encap x',
  'ip6gre remote 1.2.3.4',
  'ip6gre encaplimit 300',
  'ip6gre flowlabel x',
  'ip6gre erspan_ver 9',
  'erspan erspan_dir x',
  'ipip mode x',
  'sit ttl x',
  'ip6tnl hoplimit x',
  'ip6tnl dscp x',
  'vti okey x',
  'vti6 fwmark x',
  'geneve id x',
  'geneve ttl 1',
  'geneve id 1 df x',
  'geneve id 1 udpcsum',
  'bareudp ethertype ip',
  'bareudp dstport 1',
  'xfrm if_id 0',
  'xfrm dev lo',
];

/** Unknown words: ip prints its usage after `KIND: unknown ...` (first line compared) or only its usage (status compared). */
const UNKNOWN_FIRST_LINE = ['bond foo', 'vrf foo', 'ipvlan foo', 'geneve foo', 'bareudp foo'];
const UNKNOWN_STATUS_ONLY = ['gre foo', 'ipip foo', 'ip6tnl foo', 'vti foo', 'xfrm foo', 'gretap erspan_ver', 'sit noisatap'];

describe('cli: link add kind options, mistakes as ip (kernel)', function () {
  this.timeout(20000 * SLOWDOWN);
  let ns: TestNetns | undefined;
  before(function () {
    skipUnlessRoot(this, 'needs root to create a network namespace');
    ns = new TestNetns('lnlkind');
  });
  after(() => ns?.delete());

  const both = async (line: string) => {
    const words = ['-n', ns!.name, 'link', 'add', 'lnlx0', 'type', ...line.split(' ')];
    return { theirs: runIp(words), ours: await runCliHere(words) };
  };

  for (const line of MISTAKES) {
    it(`link add lnlx0 type ${line}: ip's message and exit status`, async () => {
      const { theirs, ours } = await both(line);
      expect(theirs.status, 'ip refuses this line').to.not.equal(0);
      expect({ status: ours.status, stderr: ours.stderr }).to.deep.equal({ status: theirs.status, stderr: theirs.stderr });
    });
  }

  for (const line of UNKNOWN_FIRST_LINE) {
    it(`link add lnlx0 type ${line}: ip's first line and exit status`, async () => {
      const { theirs, ours } = await both(line);
      expect(theirs.status).to.equal(1);
      expect({ status: ours.status, line: ours.stderr.split('\n')[0] }).to.deep.equal({ status: theirs.status, line: theirs.stderr.split('\n')[0] });
    });
  }

  for (const line of UNKNOWN_STATUS_ONLY) {
    it(`link add lnlx0 type ${line}: ip's exit status (ip prints only its usage; the CLI names the word)`, async () => {
      const { theirs, ours } = await both(line);
      expect(theirs.stderr).to.match(/^Usage: /);
      const [kind, word] = line.split(' ');
      expect(ours.stderr).to.equal(`${kind}: unknown command "${word}"?\n`);
      expect(ours.status).to.equal(theirs.status);
    });
  }
});

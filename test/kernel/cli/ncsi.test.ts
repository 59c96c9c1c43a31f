// `linux-netlink ncsi` on a kernel without NC-SI (this host's, CI's): it says the family is not there, exits 2,
// and prints nothing on stdout. The guest tests cover a kernel with it.
import { expect } from 'chai';
import { runCli } from './fixture';
import { withNetns } from '../../helpers/netns';

describe('cli: ncsi on a kernel without NCSI (kernel)', function () {
  this.timeout(30000);
  const holder = withNetns('lnl-ncsi-cli');

  it('ncsi show fails cleanly with the typed "family NCSI not present" error', async function () {
    holder.ns.ip(['link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
    const r = await runCli(['-n', holder.ns.name, 'ncsi', 'show', 'dev', 'eth0']);
    if (r.status === 0 || /ENODEV|No such device/.test(r.stderr)) this.skip(); // this kernel has NC-SI
    expect(r.stderr).to.match(/^linux-netlink: generic netlink family 'NCSI' is not registered in this kernel/);
    expect([r.status, r.stdout]).to.deep.equal([2, '']);
  });

  it('ncsi show names a missing interface as ip does, exit 1', async () => {
    const r = await runCli(['-n', holder.ns.name, 'ncsi', 'show', 'dev', 'nope0']);
    expect([r.status, r.stderr, r.stdout]).to.deep.equal([1, 'Device "nope0" does not exist.\n', '']);
  });
});

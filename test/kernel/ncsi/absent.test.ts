// On a kernel without NC-SI (this host's, CI's): the client says so with the typed error, and nothing hangs.
import { expect } from 'chai';
import { FamilyNotFoundError } from '../../../lib/genl';
import { NcsiClient } from '../../../lib/ncsi';
import { withNetns } from '../../helpers/netns';

describe('ncsi: a kernel without the NCSI family (kernel)', function () {
  const holder = withNetns('lnl-ncsi');

  it('packageInfo and sendCommand reject with FamilyNotFoundError (ENOENT) naming NCSI', async function () {
    const client = NcsiClient.open({ netns: holder.ns.name, timeout: 5000 });
    try {
      for (const attempt of [() => client.packageInfo(1), () => client.sendCommand(1, 0, 0, { command: 'get-version-id' })]) {
        const err = await attempt().then(() => undefined, (e: unknown) => e);
        // This kernel has NC-SI (lo is not an NC-SI interface: ENODEV): test/qemu/ncsi.test.ts covers that.
        if (err === undefined || (err as { code?: string }).code === 'ENODEV') this.skip();
        if (!(err instanceof FamilyNotFoundError)) throw err;
        expect(err.family).to.equal('NCSI');
        expect([err.code, err.errno]).to.deep.equal(['ENOENT', 2]);
      }
    } finally {
      client.close();
    }
  });
});

// receiveNow(limit) reads at most `limit` datagrams, also on an environment's very first read (when the receive
// arena is allocated): checked in a fresh child process, since this process's arena already exists.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { SLOWDOWN } from '../../helpers/netns';

describe('socket: receiveNow(limit)', () => {
  it('reads at most limit datagrams, from the first read of a fresh process on', () => {
    const script = `
      const { NetlinkSocket } = require(${JSON.stringify(path.join(__dirname, '../../../lib/socket/netlink-socket.js'))});
      const a = NetlinkSocket.open({ protocol: 2 }), b = NetlinkSocket.open({ protocol: 2 });
      const port = a.bind().portId; b.bind();
      a.onBatch = () => {};
      for (let i = 0; i < 5; i++) b.send(Buffer.from('x' + i), { portId: port });
      const counts = [a.receiveNow(1), a.receiveNow(2), a.receiveNow()];
      console.log(JSON.stringify(counts)); a.close(); b.close();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000 * SLOWDOWN });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal([1, 2, 2]);
  });
});

// In the guest: the sock_diag client takes /proc/net by itself where the kernel has no INET_DIAG (the stock
// aspeed_g5_defconfig), and sock_diag where it has, with the same sockets either way.
import { strict as assert } from 'assert';
import * as net from 'net';
import { Connection, NetlinkError, Protocol } from '../../lib/core';
import { DiagClient } from '../../lib/diag';
import { encodeInetRequest } from '../../lib/diag/inet';
import { skipUnlessGuest } from './guest';

/** Whether this kernel answers an inet_diag dump, asked with the core alone (the client's logic aside). */
async function kernelHasInetDiag(): Promise<boolean> {
  const conn = Connection.open({ protocol: Protocol.SockDiag });
  try {
    await conn.dump(20, encodeInetRequest({ family: 2, protocol: 6, states: 0xffffffff, extensions: 0 }));
    return true;
  } catch (err) {
    if (err instanceof NetlinkError && err.code === 'ENOENT') return false;
    throw err;
  } finally {
    conn.close();
  }
}

describe('guest: sock_diag or its /proc fallback', function () {
  before(function () {
    skipUnlessGuest(this);
  });

  it('lists a TCP listener from the source the kernel allows, and says which', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    const client = DiagClient.open();
    try {
      const expected = (await kernelHasInetDiag()) ? 'netlink' : 'proc';
      const sockets = await client.inetSockets({ family: 'inet', states: ['listen'] });
      assert.equal(client.sources.tcp, expected);
      const mine = sockets.find((s) => s.localPort === port)!;
      assert.equal(mine.source, expected);
      assert.equal(mine.localAddress, '127.0.0.1');
      // The unix listing comes from unix_diag, which the stock defconfig has.
      await client.unixSockets();
      assert.equal(client.sources.unix, 'netlink');
    } finally {
      client.close();
      server.close();
    }
  });
});

// ENOBUFS: a receive queue that overflows is reported as an overrun and the socket keeps working.
import { expect } from 'chai';
import { withNetns } from '../../helpers/netns';
import { Collector, NETLINK_ROUTE, RTM_NEWADDR, RTNLGRP_IPV4_IFADDR, closeTracked, openSocket } from './support';

describe('socket: overrun (kernel)', function () {
  const env = withNetns('lnl-sock-ovr');
  afterEach(closeTracked);

  it('a tiny receive buffer under a flood of events emits overrun, then keeps receiving', async function () {
    env.ns.ip(['link', 'add', 'flood0', 'type', 'veth', 'peer', 'name', 'flood1']);
    const socket = openSocket({ protocol: NETLINK_ROUTE, netns: env.ns.path });
    try {
      socket.setReceiveBufferSize(4096);
      socket.addMembership(RTNLGRP_IPV4_IFADDR);
      let overruns = 0;
      socket.on('overrun', () => overruns++);
      const collector = new Collector(socket);
      // ip runs synchronously, so the loop cannot read while 2000 RTM_NEWADDR events are broadcast.
      const batch = Array.from({ length: 2000 }, (_, i) => `addr add 10.${(i >> 8) & 0xff}.${i & 0xff}.1/32 dev flood0`).join('\n');
      env.ns.ip(['-batch', '-'], { input: batch + '\n' });
      await new Promise<void>((resolve) => socket.once('overrun', () => resolve()));
      expect(overruns).to.be.greaterThan(0);
      // Whatever was queued before the drop is still delivered. The kernel keeps dropping until the queue has been
      // emptied once, so drain it before asking for a new event.
      while (socket.receiveNow() > 0);
      const backlog = collector.messages().filter((m) => m.type === RTM_NEWADDR).length;
      expect(backlog).to.be.within(1, 1999);
      env.ns.ip(['addr', 'add', '192.0.2.77/32', 'dev', 'flood0']);
      await collector.until(() => collector.messages().some((m) => m.type === RTM_NEWADDR && m.body.includes(Buffer.from([192, 0, 2, 77]))));
      expect(socket.closed).to.equal(false);
    } finally {
      socket.close();
    }
  });
});

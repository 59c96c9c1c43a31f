// Node-style errors of the socket layer.
import { expect } from 'chai';
import { constants } from 'os';
import { NetlinkSocketError, socketClosedError, systemError } from '../../../lib/socket/errors';
import { describeProtocol } from '../../../lib/socket/protocols';

describe('socket: errors', function () {
  it('a system call failure carries code, positive errno, syscall, and says what was being done', function () {
    const e = systemError(constants.errno.ENOENT, 'open', '/run/netns/x');
    expect(e).to.be.instanceOf(NetlinkSocketError).and.instanceOf(Error);
    expect(e.code).to.equal('ENOENT');
    expect(e.errno).to.equal(2);
    expect(e.syscall).to.equal('open');
    expect(e.detail).to.equal('/run/netns/x');
    expect(e.message).to.equal('open /run/netns/x: ENOENT (no such file or directory)');
    expect(systemError(constants.errno.EPERM, 'setsockopt', '').message).to.equal('setsockopt: EPERM (operation not permitted)');
  });

  it('an errno Node does not know still gives a usable error', function () {
    const e = systemError(4000, 'recvmmsg', '');
    expect(e.code).to.equal('E4000');
    expect(e.errno).to.equal(4000);
  });

  it('use after close is ERR_SOCKET_CLOSED', function () {
    const e = socketClosedError('send');
    expect(e.code).to.equal('ERR_SOCKET_CLOSED');
    expect(e.syscall).to.equal('send');
    expect(e.errno).to.equal(constants.errno.EBADF);
  });

  it('names a protocol as <linux/netlink.h> does, and a number it does not name by its number', function () {
    expect(describeProtocol(0)).to.equal('NETLINK_ROUTE (protocol 0)');
    expect(describeProtocol(2)).to.equal('NETLINK_USERSOCK (protocol 2)');
    expect(describeProtocol(16)).to.equal('NETLINK_GENERIC (protocol 16)');
    expect(describeProtocol(22)).to.equal('NETLINK_SMC (protocol 22)');
    for (const unnamed of [1, 17, 23, 31]) expect(describeProtocol(unnamed)).to.equal(`protocol ${unnamed}`);
  });
});

// Decoding sock_diag messages from bytes: a golden inet_diag_msg, tcp_info from older and newer kernels,
// malformed input (never a throw), the /proc parsers, and the fallback decision.
import { strict as assert } from 'assert';
import { NetlinkError } from '../../../lib/core';
import {
  decodeInetSocket,
  decodeNetlinkSocket,
  decodePacketSocket,
  decodeTcpInfo,
  decodeUnixSocket,
  DiagClient,
  encodeInetRequest,
  parseInetProc,
  parseNetlinkProc,
  parseUnixProc,
} from '../../../lib/diag';

function attr(type: number, value: Buffer): Buffer {
  const len = 4 + value.length;
  const b = Buffer.alloc((len + 3) & ~3);
  b.writeUInt16LE(len, 0);
  b.writeUInt16LE(type, 2);
  value.copy(b, 4);
  return b;
}

function inetMsg(): Buffer {
  const m = Buffer.alloc(72);
  m[0] = 2; // AF_INET
  m[1] = 1; // ESTABLISHED
  m[2] = 2; // keepalive timer
  m[3] = 1; // retransmits
  m.writeUInt16BE(22, 4);
  m.writeUInt16BE(40000, 6);
  Buffer.from([10, 0, 0, 1]).copy(m, 8);
  Buffer.from([192, 0, 2, 7]).copy(m, 24);
  m.writeUInt32LE(3, 40); // bound to ifindex 3
  m.writeUInt32LE(0x1234, 44); // cookie low
  m.writeUInt32LE(1, 48); // cookie high
  m.writeUInt32LE(7200000, 52);
  m.writeUInt32LE(5, 56);
  m.writeUInt32LE(6, 60);
  m.writeUInt32LE(1000, 64);
  m.writeUInt32LE(4242, 68);
  return m;
}

describe('diag/decode: sock_diag messages from bytes', () => {
  it('decodes inet_diag_msg and its attributes', () => {
    const mark = Buffer.alloc(4);
    mark.writeUInt32LE(0x10, 0);
    const cgroup = Buffer.alloc(8);
    cgroup.writeBigUInt64LE(0x123456789n, 0);
    const buf = Buffer.concat([inetMsg(), attr(8, Buffer.from([2])), attr(15, mark), attr(21, cgroup), attr(4, Buffer.from('cubic\0')), attr(22, Buffer.from([0x22, 0x01])), attr(99, Buffer.from([1, 2, 3]))]);
    const s = decodeInetSocket(6, buf, 0, buf.length);
    assert.deepEqual(
      { ...s },
      {
        source: 'netlink', family: 'inet', protocol: 'tcp', state: 'established', localAddress: '10.0.0.1', localPort: 22,
        remoteAddress: '192.0.2.7', remotePort: 40000, interface: 3, cookie: 0x100001234n, timer: 'keepalive', expires: 7200000,
        retransmits: 1, receiveQueue: 5, sendQueue: 6, uid: 1000, inode: 4242, shutdown: 2, mark: 0x10, cgroupId: 0x123456789n,
        congestion: 'cubic', sockopt: ['is_icsk', 'transparent', 'bind_address_no_port'],
        unknownAttributes: [{ type: 99, value: Buffer.from([1, 2, 3]) }],
      },
    );
  });

  it('reads tcp_info from a kernel that sends less, and keeps what a newer kernel adds', () => {
    const old = Buffer.alloc(104);
    old[6] = 0x97; // snd_wscale 7, rcv_wscale 9
    old.writeUInt32LE(3, 80); // snd_cwnd
    const a = decodeTcpInfo(old, 0, old.length);
    assert.equal(a.sndCwnd, 3);
    assert.equal(a.sndWscale, 7);
    assert.equal(a.rcvWscale, 9);
    assert.equal(a.pacingRate, undefined);
    assert.equal(a.decodeErrors, undefined);
    const grown = Buffer.alloc(280);
    grown.writeUInt32LE(65536, 228); // snd_wnd
    grown.writeUInt16LE(4, 240); // total_rto
    grown[270] = 0xee;
    const b = decodeTcpInfo(grown, 0, grown.length);
    assert.equal(b.sndWnd, 65536);
    assert.equal(b.totalRto, 4);
    assert.equal(b.extra!.length, 32);
    assert.equal(b.extra![22], 0xee);
  });

  it('never throws on malformed messages: what is wrong goes to decodeErrors', () => {
    const short = decodeInetSocket(6, Buffer.alloc(30), 0, 30);
    assert.equal(short.decodeErrors!.length, 1);
    const overrun = Buffer.concat([inetMsg(), Buffer.from([40, 0, 8, 0, 1, 0, 0, 0])]);
    const o = decodeInetSocket(6, overrun, 0, overrun.length);
    assert.match(o.decodeErrors![0].message, /overruns/);
    assert.equal(o.localPort, 22);
    const tooShortValue = Buffer.concat([inetMsg(), attr(15, Buffer.from([1]))]);
    assert.match(decodeInetSocket(6, tooShortValue, 0, tooShortValue.length).decodeErrors![0].message, /too short/);
    for (const decode of [decodeUnixSocket, decodeNetlinkSocket, decodePacketSocket]) {
      assert.equal(decode(Buffer.alloc(3), 0, 3).decodeErrors!.length, 1);
    }
    // Found by the fuzzer: a tcp_bbr_info shorter than its 20 bytes threw a TypeError (BigInt of a missing member).
    for (const length of [0, 4, 8, 19]) {
      const shortBbr = Buffer.concat([inetMsg(), attr(16, Buffer.alloc(length, 1))]);
      const b = decodeInetSocket(6, shortBbr, 0, shortBbr.length);
      assert.equal(b.bbrInfo, undefined);
      assert.match(b.decodeErrors![0].message, /tcp_bbr_info/);
    }
    const bbr = Buffer.concat([inetMsg(), attr(16, Buffer.from('0100000002000000030000000400000005000000', 'hex'))]);
    assert.deepEqual(decodeInetSocket(6, bbr, 0, bbr.length).bbrInfo, { bw: (2n << 32n) | 1n, minRtt: 3, pacingGain: 4, cwndGain: 5 });
  });

  it('decodes netlink groups beyond 32 from the bitmap', () => {
    const m = Buffer.alloc(28);
    m[0] = 16;
    m[2] = 0;
    m.writeInt32LE(77, 4);
    const groups = Buffer.alloc(8);
    groups[0] = 0b1; // group 1
    groups[4] = 0b1001; // groups 33 and 36
    const buf = Buffer.concat([m, attr(1, groups)]);
    const s = decodeNetlinkSocket(buf, 0, buf.length);
    assert.deepEqual(s.groups, [1, 33, 36]);
    assert.equal(s.protocolName, 'rtnl');
  });

  it('decodes unix names: a path up to its NUL, an abstract name with every byte', () => {
    const m = Buffer.alloc(16);
    m[0] = 1;
    m[1] = 1;
    m[2] = 10;
    const path = Buffer.concat([m, attr(0, Buffer.from('/run/x.sock\0'))]);
    assert.equal(decodeUnixSocket(path, 0, path.length).name, '/run/x.sock');
    const abstract = Buffer.concat([m, attr(0, Buffer.from('\0name\0\0'))]);
    assert.equal(decodeUnixSocket(abstract, 0, abstract.length).name, '@name\0\0');
  });

  it('encodes inet_diag_req_v2, with MPTCP in INET_DIAG_REQ_PROTOCOL', () => {
    const r = encodeInetRequest({ family: 10, protocol: 262, states: 1 << 10, extensions: 0x42 });
    assert.equal(r.length, 56 + 8);
    assert.deepEqual([...r.subarray(0, 8)], [10, 0, 0x42, 0, 0, 4, 0, 0]);
    assert.deepEqual([...r.subarray(56)], [8, 0, 3, 0, 6, 1, 0, 0]);
  });

  it('parses /proc/net/tcp6, unix and netlink text', () => {
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:1392 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 235383 1 0000000000000000 100 0 0 10 0',
      '   1: 0000000000000000FFFF00000100007F:9C40 0000000000000000FFFF00000100007F:1389 01 00000010:00000020 02:000000C8 00000003  1000        0 77 1 0000000000000000 20 4 30 10 -1',
      'garbage line',
    ].join('\n');
    const { sockets, skipped } = parseInetProc(tcp6, 'tcp', 'inet6');
    assert.equal(skipped, 1);
    assert.deepEqual(sockets.map((s) => [s.state, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.sendQueue, s.receiveQueue, s.timer, s.expires, s.retransmits, s.uid, s.inode]), [
      ['listen', '::1', 5010, '::', 0, 0, 0, 'off', 0, 0, 0, 235383],
      ['established', '::ffff:127.0.0.1', 40000, '::ffff:127.0.0.1', 5001, 16, 32, 'keepalive', 2000, 3, 1000, 77],
    ]);
    const unix = parseUnixProc(['Num       RefCount Protocol Flags    Type St Inode Path', '0000000000000000: 00000002 00000000 00010000 0001 01 235399 @lnl-diag@@', '0000000000000000: 00000003 00000000 00000000 0002 03 235400'].join('\n'));
    assert.deepEqual(unix.map((s) => [s.type, s.state, s.inode, s.name]), [['stream', 'listen', 235399, '@lnl-diag@@'], ['dgram', 'established', 235400, undefined]]);
    const nl = parseNetlinkProc(['sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode', '0000000000000000 0   4005       00000011 0        0        0     2        3        91713'].join('\n'));
    assert.deepEqual(nl.map((s) => [s.protocol, s.portId, s.groups, s.meminfo?.drops, s.inode]), [[0, 4005, [1, 5], 3, 91713]]);
  });

  it("falls back to /proc when the kernel has no handler for the family (ENOENT), and remembers it", async () => {
    // The engine's decision with a connection that answers as a kernel without INET_DIAG does (the QEMU guest's
    // stock kernel); the real kernel's side is in test/kernel/diag.
    const client = DiagClient.open();
    const conn = (client as unknown as { conn: { dumpChunks: (...a: unknown[]) => AsyncIterable<never> } }).conn;
    let asked = 0;
    conn.dumpChunks = () => ({
      async *[Symbol.asyncIterator]() {
        asked++;
        throw new NetlinkError({ errno: 2, seq: 1, requestType: 20 });
      },
    });
    try {
      const sockets = await client.inetSockets({ family: 'inet' });
      assert.equal(client.sources.tcp, 'proc');
      assert.ok(sockets.every((s) => s.source === 'proc'));
      await client.inetSockets({ family: 'inet' });
      assert.equal(asked, 1, 'the kernel is asked once');
      // Any other error is the caller's.
      conn.dumpChunks = () => ({
        async *[Symbol.asyncIterator]() {
          throw new NetlinkError({ errno: 1, seq: 2, requestType: 20 });
        },
      });
      await assert.rejects(client.unixSockets(), { code: 'EPERM' });
    } finally {
      client.close();
    }
    // Told to use sock_diag only, it does not fall back.
    const strict = DiagClient.open({ source: 'netlink' });
    (strict as unknown as { conn: typeof conn }).conn.dumpChunks = () => ({
      async *[Symbol.asyncIterator]() {
        throw new NetlinkError({ errno: 2, seq: 1, requestType: 20 });
      },
    });
    try {
      await assert.rejects(strict.inetSockets(), { code: 'ENOENT' });
    } finally {
      strict.close();
    }
  });
});

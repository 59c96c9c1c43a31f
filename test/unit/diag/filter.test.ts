// The filter language's bytecode: golden bytes (commented op by op), and the kernel's own interpreter
// (net/ipv4/inet_diag.c inet_diag_bc_run, written here from its source) agreeing with matchesFilter.
import { strict as assert } from 'assert';
import { compileFilter, FilterError, InetSocket, matchesFilter, SocketFilter } from '../../../lib/diag';

function socket(over: Partial<InetSocket>): InetSocket {
  return {
    source: 'netlink', family: 'inet', protocol: 'tcp', state: 'established', localAddress: '10.0.0.1', localPort: 22,
    remoteAddress: '192.0.2.7', remotePort: 40000, interface: 0, cookie: 1n, timer: 'off', expires: 0, retransmits: 0,
    receiveQueue: 0, sendQueue: 0, uid: 0, inode: 1, mark: 0, cgroupId: 1n, ...over,
  };
}

function addressBytes(s: InetSocket, address: string): Buffer {
  const { parseIPv4, parseIPv6 } = require('../../../lib/core').spec;
  return s.family === 'inet' ? parseIPv4(address) : parseIPv6(address);
}

/** The kernel's interpreter: true when the program runs off its end exactly. */
function run(bc: Buffer, s: InetSocket): boolean {
  let at = 0;
  let len = bc.length;
  while (len > 0) {
    const code = bc[at];
    let yes = true;
    switch (code) {
      case 0: break; // NOP
      case 1: yes = false; break; // JMP
      case 2: yes = s.localPort >= bc.readUInt16LE(at + 6); break;
      case 3: yes = s.localPort <= bc.readUInt16LE(at + 6); break;
      case 4: yes = s.remotePort >= bc.readUInt16LE(at + 6); break;
      case 5: yes = s.remotePort <= bc.readUInt16LE(at + 6); break;
      case 11: yes = s.localPort === bc.readUInt16LE(at + 6); break;
      case 12: yes = s.remotePort === bc.readUInt16LE(at + 6); break;
      case 7:
      case 8: {
        const family = bc[at + 4];
        const plen = bc[at + 5];
        const port = bc.readInt32LE(at + 8);
        const cond = bc.subarray(at + 12, at + 12 + (family === 2 ? 4 : family === 10 ? 16 : 0));
        const sport = code === 7 ? s.localPort : s.remotePort;
        if (port !== -1 && port !== sport) { yes = false; break; }
        let addr = addressBytes(s, code === 7 ? s.localAddress : s.remoteAddress);
        const sfamily = s.family === 'inet' ? 2 : 10;
        if (family !== 0 && family !== sfamily) {
          const mapped = sfamily === 10 && family === 2 && addr.subarray(0, 12).equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255]));
          if (!mapped) { yes = false; break; }
          addr = addr.subarray(12);
        }
        if (plen === 0) break;
        for (let bit = 0; bit < plen; bit++) {
          const m = 0x80 >> (bit % 8);
          if ((addr[bit >> 3] & m) !== (cond[bit >> 3] & m)) { yes = false; break; }
        }
        break;
      }
      case 9: yes = s.interface === bc.readUInt32LE(at + 4); break;
      case 10: yes = ((s.mark ?? 0) & bc.readUInt32LE(at + 8)) >>> 0 === bc.readUInt32LE(at + 4); break;
      case 13: yes = s.cgroupId === bc.readBigUInt64LE(at + 4); break;
      default: throw new Error(`unknown op ${code}`);
    }
    const step = yes ? bc[at + 1] : bc.readUInt16LE(at + 2);
    at += step;
    len -= step;
  }
  return len === 0;
}

describe('diag/filter: the typed filter language and its bytecode', () => {
  it('compiles one port to one op: S_EQ, yes past it, no to the end + 4', () => {
    assert.deepEqual(
      [...compileFilter({ localPort: 22 })],
      // code 11 (S_EQ), yes 8, no 12 | the port in op[1].no (little-endian u16 at byte 6)
      [11, 8, 12, 0, 0, 0, 22, 0],
    );
  });

  it('compiles or/not with jumps, as iproute2 does', () => {
    assert.deepEqual(
      [...compileFilter({ any: [{ localPort: 22 }, { remotePort: 80 }] })],
      [
        11, 8, 12, 0, 0, 0, 22, 0, // S_EQ 22: no → the JMP's end (+12): the second condition
        1, 4, 12, 0, // JMP: always its `no`, 12: past the second condition (accept)
        12, 8, 12, 0, 0, 0, 80, 0, // D_EQ 80: no → end + 4 (reject)
      ],
    );
    assert.deepEqual(
      [...compileFilter({ not: { localPort: 22 } })],
      [11, 8, 12, 0, 0, 0, 22, 0, /* JMP to reject */ 1, 4, 8, 0],
    );
  });

  it('compiles an address prefix to a host condition', () => {
    assert.deepEqual(
      [...compileFilter({ remoteAddress: '10.1.0.0/16' })],
      // D_COND, yes 16, no 20 | family 2, prefix 16, pad | port -1 | 10.1.0.0
      [8, 16, 20, 0, 2, 16, 0, 0, 255, 255, 255, 255, 10, 1, 0, 0],
    );
  });

  const filters: SocketFilter[] = [
    { localPort: 22 },
    { localPort: { ge: 20, le: 23 } },
    { localPort: { gt: 22 } },
    { localPort: { lt: 22 } },
    { remotePort: { ne: 40000 } },
    { localAddress: '10.0.0.0/8' },
    { localAddress: '10.0.0.1' },
    { remoteAddress: '192.0.2.0/25', remotePort: 40000 },
    { localAddress: '::/0' },
    { localAddress: '2001:db8::/32' },
    { mark: 5, mask: 0xf },
    { cgroup: 7n },
    { interface: 3 },
    { any: [{ localPort: 22 }, { remotePort: 22 }] },
    { all: [{ not: { localPort: 22 } }, { any: [{ localAddress: '10.0.0.0/8' }, { not: { remotePort: { le: 1024 } } }] }] },
    { not: { any: [{ localPort: 80 }, { all: [{ localAddress: '10.0.0.1' }, { remotePort: { ge: 30000 } }] }] } },
  ];
  const sockets: InetSocket[] = [
    socket({}),
    socket({ localPort: 80, remotePort: 22, mark: 0x15, cgroupId: 7n, interface: 3 }),
    socket({ localAddress: '192.0.2.1', localPort: 23, remoteAddress: '192.0.2.200' }),
    socket({ family: 'inet6', localAddress: '2001:db8::1', remoteAddress: '::ffff:10.0.0.9', localPort: 21, remotePort: 1000 }),
    socket({ family: 'inet6', localAddress: '::ffff:10.0.0.1', remoteAddress: '::1', localPort: 443, remotePort: 65535 }),
  ];
  it('runs in the kernel as matchesFilter runs in JavaScript, on every socket', () => {
    for (const f of filters) {
      const bc = compileFilter(f);
      for (const s of sockets) assert.equal(run(bc, s), matchesFilter(f, s), `${JSON.stringify(f, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))} on ${s.localAddress}:${s.localPort}`);
    }
  });

  it('rejects what cannot be compiled with a typed error', () => {
    const bad: unknown[] = [{ localPort: -1 }, { localPort: 1.5 }, { localPort: { between: 1 } }, { localAddress: 'nope' }, { localAddress: '10.0.0.0/40' }, { mask: 1 }, { all: [] }, { frobnicate: 1 }, null, { mark: -1 }, { cgroup: -5 }];
    for (const f of bad) assert.throws(() => compileFilter(f as SocketFilter), (err: unknown) => err instanceof FilterError && (err as FilterError).code === 'ERR_INVALID_ARG_VALUE', JSON.stringify(f));
  });
});

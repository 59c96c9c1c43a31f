// The batch format: datagramsOf reads a meta table as the addon writes it.
import { expect } from 'chai';
import { datagramsOf, DatagramFlags, Meta, META_STRIDE } from '../../../lib/socket/netlink-socket';

function row(values: Partial<Record<Meta, number>>): number[] {
  const r = new Array<number>(META_STRIDE).fill(0);
  for (const [k, v] of Object.entries(values)) r[Number(k)] = v as number;
  return r;
}

describe('socket: datagramsOf', function () {
  it('slices each datagram out of the shared buffer and reads its sender', function () {
    const buffer = Buffer.from('aaaabbbbbbbbcc');
    const meta = Int32Array.from([
      ...row({ [Meta.Offset]: 0, [Meta.Length]: 4, [Meta.PortId]: 0, [Meta.Groups]: 0 }),
      ...row({ [Meta.Offset]: 4, [Meta.Length]: 8, [Meta.PortId]: 1234, [Meta.Groups]: 0b100 }),
      ...row({ [Meta.Offset]: 12, [Meta.Length]: 2, [Meta.PortId]: -4096, [Meta.Groups]: -1 }),
    ]);
    const ds = datagramsOf(buffer, meta, 3);
    expect(ds.map((d) => d.data.toString())).to.deep.equal(['aaaa', 'bbbbbbbb', 'cc']);
    expect(ds.map((d) => d.portId)).to.deep.equal([0, 1234, 0xfffff000]);
    expect(ds.map((d) => d.groups)).to.deep.equal([0, 4, 0xffffffff]);
    // Slices share the batch's memory: no copies.
    expect(ds[1].data.buffer).to.equal(buffer.buffer);
  });

  it('sets the optional fields only when their flag says so', function () {
    const meta = Int32Array.from([
      ...row({ [Meta.Length]: 1, [Meta.Group]: 7, [Meta.Nsid]: 3, [Meta.Pid]: 99, [Meta.Uid]: 1000, [Meta.Gid]: 1000 }),
      ...row({
        [Meta.Offset]: 1,
        [Meta.Length]: 1,
        [Meta.Group]: 36,
        [Meta.Nsid]: -1,
        [Meta.Pid]: 4321,
        [Meta.Uid]: -2, // 4294967294, the kernel's overflow uid written as int32
        [Meta.Gid]: 0,
        [Meta.Flags]: DatagramFlags.HasGroup | DatagramFlags.HasNsid | DatagramFlags.HasCreds | DatagramFlags.Truncated,
      }),
    ]);
    const [plain, full] = datagramsOf(Buffer.from('xy'), meta, 2);
    expect(plain).to.deep.equal({ data: Buffer.from('x'), portId: 0, groups: 0, truncated: false });
    expect(full.group).to.equal(36);
    expect(full.nsid).to.equal(-1);
    expect(full.creds).to.deep.equal({ pid: 4321, uid: 4294967294, gid: 0 });
    expect(full.truncated).to.equal(true);
  });

  it('reads only count rows', function () {
    const meta = Int32Array.from([...row({ [Meta.Length]: 1 }), ...row({ [Meta.Offset]: 1, [Meta.Length]: 1 })]);
    expect(datagramsOf(Buffer.from('ab'), meta, 1)).to.have.length(1);
    expect(datagramsOf(Buffer.alloc(0), new Int32Array(0), 0)).to.deep.equal([]);
  });
});

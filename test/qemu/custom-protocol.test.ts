// A netlink protocol of a user's own (31) against a real kernel module, the tests' own (test/qemu/module), which
// the pipeline builds for the guest kernel and which is loaded here with insmod: requests, acknowledgements,
// errors with extended ACKs, a multipart dump, notifications, concurrent clients, and unloading.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { AttributeWriter, Connection, NetlinkError, NetlinkSocket, spec } from '../../lib/core';
import { withNetns } from '../helpers/netns';
import { inGuest, skipBecause, skipUnlessGuest } from './guest';
import { EntryChange, lnltEntry, LnltMessage, LnlTestClient, NETLINK_LNL_TEST } from './lnl-test-protocol';

const MODULE_FILE = path.join(__dirname, '..', '..', '..', 'test', 'qemu', 'module', 'lnl_test.ko');

function loaded(): boolean {
  return readFileSync('/proc/modules', 'utf8').split('\n').some((line) => line.startsWith('lnl_test '));
}

/** Offset of attribute `type` in a request built from `payload`, counted from its nlmsghdr (as extended ACKs do). */
function attributeOffset(payload: Buffer, type: number): number {
  for (let at = lnltEntry.header.size; at + 4 <= payload.length; at += (payload.readUInt16LE(at) + 3) & ~3) {
    if ((payload.readUInt16LE(at + 2) & 0x3fff) === type) return 16 + at;
  }
  throw new Error(`no attribute ${type}`);
}

async function refusal(promise: Promise<unknown>): Promise<NetlinkError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(NetlinkError);
    return error as NetlinkError;
  }
  throw new Error('the module accepted the request');
}

function until(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      if (condition()) resolve();
      else if (Date.now() - started > 20000) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('guest kernel: a custom netlink protocol (31) served by a kernel module', function () {
  before(function () {
    skipUnlessGuest(this);
    if (process.env.LINUX_NETLINK_QEMU_TEST_MODULE !== 'built') {
      skipBecause(this, 'the guest kernel has no module build files (--stock-config, --image or a ready zImage), so the test module was not built');
    }
    expect(existsSync('/proc/modules'), 'the pipeline built the module, so the kernel must have module support').to.equal(true);
    // Small dump batches: a dump of a few entries spans several datagrams.
    if (!loaded()) execFileSync('insmod', [MODULE_FILE, 'dump_batch=8']);
  });
  const env = withNetns('q-lnlt');
  let client: LnlTestClient;
  before(function () {
    if (inGuest) client = LnlTestClient.open(env.ns.name);
  });
  after(function () {
    client?.close();
    // Even when a test failed before the one that unloads it.
    if (inGuest && existsSync('/proc/modules') && loaded()) execFileSync('rmmod', ['lnl_test']);
  });

  it('creates, reads, updates and deletes an entry; the kernel acknowledges each change', async function () {
    await client.create({ id: 7, name: 'bmc-eth0', value: 42, address: '10.0.0.7' });
    expect(await client.get(7)).to.deep.include({ id: 7, flags: [], name: 'bmc-eth0', value: 42, address: '10.0.0.7', updates: 1n });
    await client.update({ id: 7, value: 43, flags: ['pinned'] });
    const updated = await client.get(7);
    expect(updated).to.deep.include({ id: 7, flags: ['pinned'], name: 'bmc-eth0', value: 43, address: '10.0.0.7', updates: 2n });
    expect(updated.decodeErrors).to.equal(undefined);
    const pinned = await refusal(client.delete(7));
    expect(pinned).to.include({ code: 'EBUSY', extAck: 'the entry is pinned', requestType: LnltMessage.Del });
    expect(pinned.message).to.match(/^LNLT_DEL failed: EBUSY \(.*\): the entry is pinned$/);
    await client.update({ id: 7, flags: [] });
    await client.delete(7);
    const gone = await refusal(client.get(7));
    expect(gone).to.include({ code: 'ENOENT', extAck: 'no entry with this id' });
  });

  it('refuses bad input with NLMSG_ERROR, the extended ACK text and the offending attribute', async function () {
    await client.create({ id: 1, name: 'one', value: 1 });
    const taken = await refusal(client.create({ id: 1, name: 'again' }));
    expect(taken).to.include({ code: 'EEXIST', extAck: 'an entry with this id exists' });

    const tooBig = spec.encodeMessage(lnltEntry, { id: 2, name: 'two', value: 5000 });
    const range = await refusal(client.connection.request(LnltMessage.New, tooBig, { flags: 0x400 }));
    expect(range).to.include({ code: 'ERANGE', extAck: 'value must be below 1000', badAttributeOffset: attributeOffset(tooBig, 2) });

    // The policy says a name has at most 15 characters: the kernel's own validation answers.
    const longName = spec.encodeMessage(lnltEntry, { id: 2, name: 'a-name-longer-than-15', value: 1 });
    const policy = await refusal(client.connection.request(LnltMessage.New, longName, { flags: 0x400 }));
    expect(policy.code).to.equal('EINVAL');
    expect(policy.extAck).to.match(/policy validation/);
    expect(policy.badAttributeOffset).to.equal(attributeOffset(longName, 1));

    // An attribute the module does not know (strict parsing), built by hand after the header.
    const unknown = new AttributeWriter();
    unknown.bytes(spec.encodeStruct(lnltEntry.header, { id: 2, flags: [] }));
    unknown.string(1, 'two');
    unknown.u32(9, 1);
    const unknownPayload = unknown.toBuffer();
    const strict = await refusal(client.connection.request(LnltMessage.New, unknownPayload, { flags: 0x400 }));
    expect(strict).to.include({ code: 'EINVAL', extAck: 'Unknown attribute type', badAttributeOffset: attributeOffset(unknownPayload, 9) });

    const nameless = await refusal(client.connection.request(LnltMessage.New, spec.encodeMessage(lnltEntry, { id: 2 }), { flags: 0x400 }));
    expect(nameless).to.include({ code: 'EINVAL', extAck: 'a new entry needs a name (LNLT_A_NAME)' });
    // updates is read-only: the policy rejects it (NLA_REJECT).
    const readOnlyPayload = spec.encodeMessage(lnltEntry, { id: 1, updates: 5n });
    const readOnly = await refusal(client.connection.request(LnltMessage.New, readOnlyPayload, { flags: 0x100 }));
    expect(readOnly).to.include({ code: 'EINVAL', badAttributeOffset: attributeOffset(readOnlyPayload, 4) });
    const short = await refusal(client.connection.request(LnltMessage.Get, Buffer.alloc(4)));
    expect(short).to.include({ code: 'EINVAL', extAck: 'message too short for its lnlt_msg header' });
    const unknownType = await refusal(client.connection.request(30, spec.encodeMessage(lnltEntry, { id: 1 })));
    expect(unknownType).to.include({ errno: 95, extAck: 'unknown message type' });
    // Nothing of it changed the table.
    expect((await client.list()).map((e) => e.id)).to.deep.equal([1]);
    await client.delete(1);
  });

  it('dumps every entry in id order, across several datagrams', async function () {
    const ids = [12, 3, 20, 5, 17, 1, 8, 14, 2, 19, 9, 6, 11, 4, 16, 10, 13, 7, 18, 15];
    await Promise.all(ids.map((id) => client.create({ id, name: `entry-${id}`, value: id * 10 })));
    const entries = await client.list();
    expect(entries.map((e) => e.id)).to.deep.equal([...ids].sort((a, b) => a - b));
    for (const e of entries) expect(e).to.deep.include({ name: `entry-${e.id}`, value: e.id * 10, updates: 1n });
    // dump_batch=8: 8 + 8 + 4 entries, one datagram each.
    const datagrams: number[] = [];
    for await (const chunk of client.connection.dumpChunks(LnltMessage.Get, spec.encodeMessage(lnltEntry, { id: 0 }))) {
      datagrams.push(chunk.index.length / 3);
    }
    expect(datagrams).to.deep.equal([8, 8, 4]);
    await Promise.all(ids.map((id) => client.delete(id)));
    expect(await client.list()).to.deep.equal([]);
  });

  it('multicasts every change to group 1, naming the port that asked for it', async function () {
    const watcher = LnlTestClient.open(env.ns.name);
    const changes: EntryChange[] = [];
    try {
      watcher.watch((change) => changes.push(change));
      await client.create({ id: 30, name: 'watched', value: 1 });
      await client.update({ id: 30, value: 2 });
      await client.delete(30);
      await until(() => changes.length >= 3, 'three notifications');
      const me = client.connection.socket.address().portId;
      expect(changes.map((c) => [c.kind, c.entry.id, c.entry.value, c.entry.updates, c.portId])).to.deep.equal([
        ['new', 30, 1, 1n, me],
        ['new', 30, 2, 2n, me],
        ['del', 30, 2, 2n, me],
      ]);
      // A refused request changes nothing and notifies nobody.
      await refusal(client.delete(30));
      await client.create({ id: 31, name: 'after' });
      await until(() => changes.length >= 4, 'the fourth notification');
      expect(changes.slice(3).map((c) => [c.kind, c.entry.id])).to.deep.equal([['new', 31]]);
      await client.delete(31);
    } finally {
      watcher.close();
    }
  });

  it('serves concurrent clients: requests in flight on several sockets, every watcher sees every change', async function () {
    const writers = [0, 1, 2, 3].map(() => LnlTestClient.open(env.ns.name));
    const watchers = [0, 1].map(() => LnlTestClient.open(env.ns.name));
    const seen = watchers.map(() => [] as EntryChange[]);
    try {
      watchers.forEach((w, i) => w.watch((change) => seen[i].push(change)));
      await Promise.all(writers.flatMap((w, i) => [0, 1, 2, 3, 4].map((j) => w.create({ id: 100 + i * 10 + j, name: `w${i}-${j}`, value: j }))));
      // Many GETs in flight on one socket: each answer goes to its own request.
      const got = await Promise.all(writers.map((w, i) => w.get(100 + i * 10 + 4)));
      expect(got.map((e) => e.name)).to.deep.equal(['w0-4', 'w1-4', 'w2-4', 'w3-4']);
      expect((await client.list()).length).to.equal(20);
      await until(() => seen.every((s) => s.length >= 20), 'twenty notifications per watcher');
      for (const s of seen) {
        expect(s.map((c) => c.entry.id).sort((a, b) => a - b)).to.deep.equal((await client.list()).map((e) => e.id));
        // Each change names the writer that made it.
        for (const c of s) expect(c.portId).to.equal(writers[Math.floor((c.entry.id - 100) / 10)].connection.socket.address().portId);
      }
      await Promise.all((await client.list()).map((e) => client.delete(e.id)));
    } finally {
      for (const c of [...writers, ...watchers]) c.close();
    }
  });

  it('joining a group past the protocol\'s says protocol 31 has 32 groups (the kernel\'s minimum)', function () {
    const socket = NetlinkSocket.open({ protocol: NETLINK_LNL_TEST, netns: env.ns.path });
    try {
      socket.addMembership(32);
      expect(() => socket.addMembership(33)).to.throw(/^setsockopt NETLINK_ADD_MEMBERSHIP group 33: EINVAL \(.*\): protocol 31 has 32 multicast groups on this kernel$/);
    } finally {
      socket.close();
    }
  });

  it('unloads; the protocol is then gone (EPROTONOSUPPORT)', function () {
    client.close();
    execFileSync('rmmod', ['lnl_test']);
    expect(loaded()).to.equal(false);
    expect(() => Connection.open({ protocol: NETLINK_LNL_TEST, netns: env.ns.name })).to.throw().with.property('code', 'EPROTONOSUPPORT');
  });
});

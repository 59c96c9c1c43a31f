// The custom netlink protocol of the tests' own kernel module (test/qemu/module/lnl_test.c), described with the
// library's spec model the way a user describes their own module's protocol: numbers, a header struct, an
// attribute set, and a small client over a Connection.
import { Connection, Message, NewFlags, spec, Subscription } from '../../lib/core';

/** The protocol number the module registers (netlink_kernel_create(net, 31, ...)). */
export const NETLINK_LNL_TEST = 31;
/** The multicast group every change is sent to. */
export const LNLT_GROUP_ENTRIES = 1;

export enum LnltMessage {
  New = 16,
  Del = 17,
  Get = 18,
}

const MESSAGE_NAMES: Record<number, string> = { 16: 'LNLT_NEW', 17: 'LNLT_DEL', 18: 'LNLT_GET' };

/** struct lnlt_msg: the entry's id and flags, before the attributes. */
export const lnltHeader = spec.structSpec('lnlt_msg', 8, {
  id: [0, 'u32'],
  flags: [4, spec.flagsOf('lnlt flags', 'u32', { 1: 'pinned' })],
});

/** LNLT_A_*: the entry's fields (updates is read-only: the module counts writes). */
export const lnltAttributes = spec.attributeSet('lnlt attributes', {
  name: { id: 1, type: 'string' },
  value: { id: 2, type: 'u32' },
  address: { id: 3, type: spec.ipv4Address },
  updates: { id: 4, type: 'u64' },
});

export const lnltEntry = spec.messageSpec('lnlt entry', lnltHeader, lnltAttributes);

/** One table entry as decoded (unknown attributes and decode errors, if any, ride along). */
export type Entry = spec.MessageValue<typeof lnltEntry>;
/** What a request carries: the id, and the fields to set. */
export type EntryInput = Pick<Entry, 'id'> & Partial<Omit<Entry, 'updates'>>;

/** A change as the module multicasts it: the entry, and the port id of the socket that asked for it. */
export interface EntryChange {
  kind: 'new' | 'del';
  entry: Entry;
  portId: number;
}

/** A client of the module's table, as a user would write one for their own module. */
export class LnlTestClient {
  private constructor(readonly connection: Connection) {}

  static open(netns?: string): LnlTestClient {
    return new LnlTestClient(Connection.open({ protocol: NETLINK_LNL_TEST, netns, typeName: (type) => MESSAGE_NAMES[type] }));
  }

  /** Creates an entry; EEXIST if the id is taken. */
  async create(entry: EntryInput): Promise<void> {
    await this.connection.request(LnltMessage.New, spec.encodeMessage(lnltEntry, entry), { flags: NewFlags.Create | NewFlags.Excl });
  }

  /** Updates an existing entry's given fields; ENOENT if there is none. */
  async update(entry: EntryInput): Promise<void> {
    await this.connection.request(LnltMessage.New, spec.encodeMessage(lnltEntry, entry), { flags: NewFlags.Replace });
  }

  async delete(id: number): Promise<void> {
    await this.connection.request(LnltMessage.Del, spec.encodeMessage(lnltEntry, { id }));
  }

  async get(id: number): Promise<Entry> {
    const replies = await this.connection.request(LnltMessage.Get, spec.encodeMessage(lnltEntry, { id }), { ack: false });
    return decodeEntry(replies[0]);
  }

  /** Every entry, in id order (a multipart dump). */
  async list(): Promise<Entry[]> {
    const { messages } = await this.connection.dump(LnltMessage.Get, spec.encodeMessage(lnltEntry, { id: 0 }));
    return messages.map(decodeEntry);
  }

  /** Changes as they happen (group 1). */
  watch(onChange: (change: EntryChange) => void): Subscription {
    const subscription = this.connection.subscribe([LNLT_GROUP_ENTRIES]);
    subscription.on('message', (message: Message) => {
      onChange({ kind: message.type === LnltMessage.Del ? 'del' : 'new', entry: decodeEntry(message), portId: message.portId });
    });
    return subscription;
  }

  close(): void {
    this.connection.close();
  }
}

export function decodeEntry(message: Message): Entry {
  return spec.decodeMessage(lnltEntry, message.payload);
}

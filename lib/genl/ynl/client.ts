// FamilyClient: the operations of one spec'd family by name. Generic netlink families go through GenlClient
// (resolved by name at run time); netlink-raw families (rtnetlink, nftables) through a Connection of their
// protocol. Requests are encoded and replies decoded with the core's spec model built from the description.
import { Connection, EncodeError, Message, RequestOptions, Subscription, spec } from '../../core';
import { DumpInterruptedError } from '../../core/family';
import { GenlClient, genlMessageOf, genlPayload } from '../client';
import { UnknownNameError } from '../errors';
import type { FamilyDescription, OperationDescription } from './description';
import { RequestChecks } from './checks';
import { CompiledFamily, MessageLayout } from './compiled';

/** How a FamilyClient opens its socket and how long its requests may take. */
export interface FamilyClientOptions {
  /** Open the socket in another network namespace: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  /** Milliseconds after which a request rejects with ETIMEDOUT (default: none). */
  timeout?: number;
  /** The socket's receive buffer in bytes (SO_RCVBUF): raise it for big dumps or busy notification groups. */
  receiveBufferSize?: number;
}

/** Options of one operation. */
export interface OperationOptions {
  /** nlmsg flags added to the request (netlink-raw writes: NLM_F_CREATE, NLM_F_EXCL, ...). */
  flags?: number;
  /** Milliseconds before the operation rejects with ETIMEDOUT; default: the client's `timeout` (none unless given). */
  timeout?: number;
  /** Aborts the operation: it rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * `do`: the reply follows the kernel's ACK as a separate message with the request's sequence number (NC-SI's
   * send-cmd answers so): wait for it after the ACK. Give it a timeout. (The core's RequestOptions.lateReply.)
   */
  lateReply?: boolean;
  /** Dumps: re-run one the kernel flags inconsistent (NLM_F_DUMP_INTR) up to this many times (default 3), then
   * reject with DumpInterruptedError. */
  retryOnInterrupt?: number;
}

/** A decoded notification: the operation (or event) that names it, and its value. */
export interface FamilyEvent<T = Record<string, unknown>> {
  /** The spec's name for the message ('linkinfo-ntf', 'dev-add-ntf'), or its number when the spec has none. */
  name: string | number;
  /** The message decoded by the spec: its fixed header's members and its attributes, by camelCase name. */
  value: T;
  /** The multicast group it came on. */
  group: number;
}

/** Every genl reply decodes to an object; a reply the spec cannot name keeps its raw bytes. */
export type Decoded = Record<string, unknown>;

/**
 * A client for any family described by a netlink spec: requests by operation name, replies and notifications
 * decoded by the spec. The generated clients (`ynl.families.ethtool.open()`) extend it with a typed method per
 * operation; use it directly for a spec of your own ({@link loadSpec}).
 */
export class FamilyClient {
  /** The family's spec, compiled to the core's model. */
  readonly compiled: CompiledFamily;
  private readonly genl: GenlClient | undefined;
  /** The connection requests go through. */
  readonly connection: Connection;
  private readonly timeout: number | undefined;
  private checks: RequestChecks | undefined;

  /**
   * Opens a socket of its own for the family: a generic family's id is resolved by name on first use (through
   * the genl controller); a netlink-raw family's socket uses the spec's protocol number.
   */
  constructor(description: FamilyDescription | CompiledFamily, options: FamilyClientOptions = {}) {
    this.compiled = description instanceof CompiledFamily ? description : new CompiledFamily(description);
    this.timeout = options.timeout;
    const d = this.compiled.description;
    if (d.protocol === 'netlink-raw') {
      this.connection = Connection.open({ protocol: d.protonum!, netns: options.netns, receiveBufferSize: options.receiveBufferSize });
    } else {
      this.genl = GenlClient.open({ netns: options.netns, receiveBufferSize: options.receiveBufferSize, timeout: options.timeout });
      this.connection = this.genl.connection;
    }
  }

  /** The spec's name of the family ('ethtool', 'rt-link'). */
  get name(): string {
    return this.compiled.description.name;
  }

  /** Runs an operation's `do`: resolves with its reply, or undefined when the kernel only acknowledged. */
  async do(operation: string, request: object = {}, options: OperationOptions = {}): Promise<Decoded | undefined> {
    const op = this.operationFor(operation, 'do');
    const layout = this.compiled.layout(op);
    const body = this.encodeChecked(op, layout, request);
    const requestOptions: RequestOptions = { flags: options.flags, timeout: options.timeout ?? this.timeout, signal: options.signal };
    if (options.lateReply) requestOptions.lateReply = true;
    if (this.genl) {
      const messages = await this.genl.request(this.name, op.requestValue!, body, requestOptions);
      return messages.length ? decodeBody(layout, messages[0].payload) : undefined;
    }
    const replies = await this.connection.request(op.requestValue!, body, requestOptions);
    return replies.length ? decodeBody(layout, replies[0].payload) : undefined;
  }

  /**
   * Runs an operation's `dump` (or, as YNL allows, a `do`-only operation with NLM_F_DUMP), with the request's
   * attributes as a filter; resolves with every reply.
   */
  async dump(operation: string, request: object = {}, options: OperationOptions = {}): Promise<Decoded[]> {
    const op = this.operationFor(operation, 'dump');
    const layout = this.compiled.layout(op);
    const body = this.encodeChecked(op, layout, request);
    const retries = options.retryOnInterrupt ?? 3;
    const dumpOptions = { flags: options.flags, timeout: options.timeout ?? this.timeout, signal: options.signal, retryOnInterrupt: retries };
    const r = this.genl
      ? await this.genl.dump(this.name, op.requestValue!, body, dumpOptions)
      : await this.connection.dump(op.requestValue!, body, dumpOptions);
    if (r.interrupted) throw new DumpInterruptedError(`${this.name} ${op.name}`, retries + 1);
    return r.messages.map((m) => decodeBody(layout, m.payload));
  }

  /**
   * Joins multicast groups by the spec's names and yields their notifications decoded. End it with `return()`
   * (a `break` out of `for await`) or close the client.
   */
  async subscribe(groups: readonly string[]): Promise<AsyncIterable<FamilyEvent> & {
    /** Leaves the groups and ends the iteration, without closing the client. */
    close(): void;
    /** The underlying subscription, for its statistics and overrun reports. */
    subscription: Subscription;
  }> {
    let subscription: Subscription;
    if (this.genl) subscription = await this.genl.subscribe(this.name, groups);
    else {
      const known = this.compiled.description.mcastGroups;
      subscription = this.connection.subscribe(
        groups.map((g) => {
          const found = known.find((k) => k.name === g);
          if (found?.value === undefined) throw new UnknownNameError(`family '${this.name}'`, g, known.map((k) => k.name));
          return found.value;
        }),
      );
    }
    const self = this;
    return {
      subscription,
      close: () => subscription.close(),
      async *[Symbol.asyncIterator]() {
        for await (const n of subscription) {
          const event = self.decodeNotification(n);
          if (event) yield { ...event, group: n.group };
        }
      },
    };
  }

  /** Decodes a notification of this family (undefined when it is not one: wrong family, too short). */
  decodeNotification(m: Message): Omit<FamilyEvent, 'group'> | undefined {
    let id: number;
    let payload: Buffer;
    if (this.genl) {
      const g = genlMessageOf(m);
      if (!g) return undefined;
      id = g.cmd;
      payload = g.payload;
    } else {
      id = m.type;
      payload = m.payload;
    }
    const op = this.compiled.operationByNotification(id);
    if (!op) return { name: id, value: { raw: payload } };
    return { name: op.name, value: decodeBody(this.compiled.layout(op), payload) };
  }

  /** Encodes an operation's request body (family header and attributes, without the genl header). */
  encodeRequest(operation: string, request: object): Buffer {
    const op = this.operationFor(operation);
    return this.encodeChecked(op, this.compiled.layout(op), request);
  }

  /** The whole genl payload of a request (genl header included), for byte-level tests and tools. */
  encodeGenlRequest(operation: string, request: object, version = this.compiled.description.version): Buffer {
    const op = this.operationFor(operation);
    return genlPayload(op.requestValue!, version, this.encodeRequest(operation, request));
  }

  /** Decodes an operation's reply body (after the genl header). */
  decodeReply(operation: string, body: Buffer): Decoded {
    return decodeBody(this.compiled.layout(this.operationFor(operation)), body);
  }

  /** Closes the socket; pending requests reject with ERR_NETLINK_CLOSED. */
  close(): void {
    if (this.genl) this.genl.close();
    else this.connection.close();
  }

  // The spec's checks first, so a value the kernel's policy refuses fails here, naming the attribute.
  private encodeChecked(op: OperationDescription, layout: MessageLayout, request: object): Buffer {
    const what = `${this.name} ${op.name}`;
    if (typeof request === 'object' && request !== null && op.attributeSet !== undefined) {
      this.checks ??= new RequestChecks(this.compiled.description);
      this.checks.check(op.attributeSet, request, what);
    }
    return encodeBody(layout, request, what);
  }

  private operationFor(name: string, mode?: 'do' | 'dump'): OperationDescription {
    const op = this.compiled.operation(name);
    const ops = this.compiled.description.operations;
    if (!op) throw new UnknownNameError(`family '${this.name}'`, name, ops.map((o) => o.name));
    // As the kernel's YNL does, a `do`-only operation may be dumped: some specs (6.12's nftables) list the dump
    // their doc promises only as a `do`.
    if (mode && !op[mode] && !(mode === 'dump' && op.do)) {
      throw new UnknownNameError(`family '${this.name}' (operations with ${mode})`, name, ops.filter((o) => o[mode]).map((o) => o.name));
    }
    if (op.requestValue === undefined) throw new EncodeError(`${this.name} ${name} is a notification, not a request`);
    return op;
  }
}

function encodeBody(layout: MessageLayout, value: object, what: string): Buffer {
  if (typeof value !== 'object' || value === null) throw new EncodeError(`${what}: the request must be an object`);
  if (layout.message) return spec.encodeMessage(layout.message, value as any);
  return spec.encodeAttributes(layout.set, value as any);
}

function decodeBody(layout: MessageLayout, body: Buffer): Decoded {
  if (layout.message) return spec.decodeMessage(layout.message, body) as Decoded;
  return spec.decodeAttributes(layout.set, body) as Decoded;
}

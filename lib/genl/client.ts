// GenlClient: generic netlink over one Connection. Resolves families by name through nlctrl (cached, and dropped
// when the controller announces a change), puts the genl header on requests, joins multicast groups by name and
// reads policies.
import {
  Connection,
  DumpOptions,
  Message,
  NetlinkError,
  parseAttributes,
  Protocol,
  RequestOptions,
  Subscription,
  spec,
} from '../core';
import { DumpInterruptedError } from '../core/family';
import { CTRL_VERSION, CtrlCommand, GENL_CTRL_NOTIFY_GROUP, GENL_HDRLEN, GENL_ID_CTRL } from './constants';
import {
  AttributePolicy,
  FamilyPolicy,
  GenlFamily,
  OperationPolicy,
  attributePolicyOf,
  ctrlAttrs,
  ctrlMessage,
  familyFromMessage,
} from './controller';
import { FamilyNotFoundError, UnknownNameError } from './errors';

/** How a GenlClient opens its socket and how long its requests may take. */
export interface GenlClientOptions {
  /** Open the socket in another network namespace: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  /** Receive buffer size in bytes. */
  receiveBufferSize?: number;
  /** Milliseconds after which a request rejects with ETIMEDOUT (default: none). */
  timeout?: number;
}

/** A generic netlink message: the genl header's fields and what follows it. */
export interface GenlMessage {
  /** The family's nlmsg_type. */
  type: number;
  /** The netlink header's flags (NLM_F_MULTI on a dump's parts, ...). */
  flags: number;
  /** The sequence number: a reply carries its request's, which is how it is matched to it. */
  seq: number;
  /** The family's command (the genl header's cmd): which operation or notification this is. */
  cmd: number;
  /** The family's protocol version the sender wrote in the genl header. */
  version: number;
  /** The bytes after the genl header: the family's own header (hdrsize bytes, usually none), then attributes. */
  payload: Buffer;
}

/** Options of a genl request. */
export interface GenlRequestOptions extends RequestOptions {
  /** The genl header's version (default: the version the family reports). */
  version?: number;
}

/** Options of a genl dump. */
export interface GenlDumpOptions extends DumpOptions {
  /** The genl header's version (default: the version the family reports). */
  version?: number;
}

/** A family named by its name, or already resolved. */
export type FamilyRef = string | GenlFamily;

/** Splits a genl message: returns undefined for one too short to hold the genl header. */
export function genlMessageOf(m: Message): GenlMessage | undefined {
  if (m.payload.length < GENL_HDRLEN) return undefined;
  return { type: m.type, flags: m.flags, seq: m.seq, cmd: m.payload[0], version: m.payload[1], payload: m.payload.subarray(GENL_HDRLEN) };
}

/** A genl message body: the 4-byte header, then `body` (a family header and attributes, already encoded). */
export function genlPayload(cmd: number, version: number, body?: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(GENL_HDRLEN + (body?.length ?? 0));
  out[0] = cmd;
  out[1] = version;
  out.writeUInt16LE(0, 2);
  if (body) out.set(body, GENL_HDRLEN);
  return out;
}

/**
 * A NETLINK_GENERIC socket that speaks to families by name: resolves them through the controller (cached, and
 * forgotten when the family is unregistered), sends requests and dumps with the genl header, joins groups.
 */
export class GenlClient {
  /** The connection underneath (NETLINK_GENERIC), for what this class does not wrap. */
  readonly connection: Connection;
  private readonly timeout: number | undefined;
  private readonly cache = new Map<string, Promise<GenlFamily>>();
  /** Family id → name, for error messages. */
  private readonly names = new Map<number, string>();
  private watch: Subscription | undefined;

  /** Opens a NETLINK_GENERIC socket (synchronous; throws the socket's ErrnoException). */
  static open(options: GenlClientOptions = {}): GenlClient {
    return new GenlClient(options);
  }

  /** Opens a NETLINK_GENERIC socket, as {@link GenlClient.open} does. */
  constructor(options: GenlClientOptions = {}) {
    this.timeout = options.timeout;
    this.connection = Connection.open({
      protocol: Protocol.Generic,
      netns: options.netns,
      receiveBufferSize: options.receiveBufferSize,
      typeName: (type) => (type === GENL_ID_CTRL ? 'nlctrl' : this.names.get(type)),
    });
  }

  /**
   * The family registered under `name` (case matters: 'TASKSTATS'), asked once per connection; the answer is
   * kept until the controller announces that the family changed. Rejects with FamilyNotFoundError when the
   * kernel has no such family.
   */
  family(name: string): Promise<GenlFamily> {
    if (typeof name !== 'string' || name === '') return Promise.reject(argumentError('family name', name));
    let found = this.cache.get(name);
    if (found === undefined) {
      found = this.lookUp(name);
      this.cache.set(name, found);
      found.catch(() => this.cache.get(name) === found && this.cache.delete(name));
    }
    return found;
  }

  /**
   * Every family the kernel has registered (a CTRL_CMD_GETFAMILY dump), in the kernel's order. A dump the kernel
   * flags inconsistent is re-run (`retryOnInterrupt`, default 3), then rejects with DumpInterruptedError.
   */
  async families(options: DumpOptions = {}): Promise<GenlFamily[]> {
    const retries = options.retryOnInterrupt ?? 3;
    const r = await this.connection.dump(GENL_ID_CTRL, genlPayload(CtrlCommand.GetFamily, CTRL_VERSION), this.withTimeout({ ...options, retryOnInterrupt: retries }));
    if (r.interrupted) throw new DumpInterruptedError('nlctrl getfamily', retries + 1);
    const out: GenlFamily[] = [];
    for (const m of r.messages) {
      const f = familyFromMessage(spec.decodeMessage(ctrlMessage, m.payload));
      if (f) out.push(f), this.names.set(f.id, f.name);
    }
    return out;
  }

  /**
   * What the kernel accepts, per operation and attribute (CTRL_CMD_GETPOLICY): for the whole family, or for one
   * command. Lets a caller check that the running kernel knows an attribute before sending it.
   */
  async policy(family: FamilyRef, cmd?: number, options: DumpOptions = {}): Promise<FamilyPolicy> {
    const f = await this.resolve(family);
    const request: spec.SetValue<typeof ctrlAttrs> = { familyName: f.name };
    if (cmd !== undefined) request.op = cmd;
    const body = spec.encodeAttributes(ctrlAttrs, request);
    const r = await this.connection.dump(GENL_ID_CTRL, genlPayload(CtrlCommand.GetPolicy, CTRL_VERSION, body), this.withTimeout(options));
    const operations = new Map<number, OperationPolicy>();
    const policies = new Map<number, Map<number, AttributePolicy>>();
    for (const m of r.messages) {
      const d = spec.decodeMessage(ctrlMessage, m.payload);
      if (d.opPolicy) {
        for (const [op, inner] of nestsOf(d.opPolicy)) {
          const entry: OperationPolicy = {};
          for (const [which, value] of nestsOf(inner)) {
            if (value.length < 4) continue;
            if (which === 1) entry.do = value.readUInt32LE(0);
            else if (which === 2) entry.dump = value.readUInt32LE(0);
          }
          operations.set(op, entry);
        }
      }
      if (d.policy) {
        for (const [index, attrs] of nestsOf(d.policy)) {
          let table = policies.get(index);
          if (table === undefined) policies.set(index, (table = new Map()));
          for (const [attr, value] of nestsOf(attrs)) table.set(attr, attributePolicyOf(value));
        }
      }
    }
    return { family: f, operations, policies };
  }

  /** Sends a request (NLM_F_ACK unless `ack: false`) and resolves with its replies. */
  async request(family: FamilyRef, cmd: number, body?: Uint8Array, options: GenlRequestOptions = {}): Promise<GenlMessage[]> {
    const f = await this.resolve(family);
    const payload = genlPayload(cmd, options.version ?? f.version, body);
    const replies = await this.connection.request(f.id, payload, this.withTimeout(options));
    return genlMessagesOf(replies);
  }

  /**
   * Runs a dump (NLM_F_DUMP), with attributes when the operation filters on them. `interrupted` says the kernel
   * flagged it inconsistent (after `retryOnInterrupt` re-runs, default none): the caller decides.
   */
  async dump(family: FamilyRef, cmd: number, body?: Uint8Array, options: GenlDumpOptions = {}): Promise<{
    /** The dump's messages, in the order the kernel sent them. */
    messages: GenlMessage[];
    /** Whether the kernel flagged the dump inconsistent (NLM_F_DUMP_INTR) after the last re-run. */
    interrupted: boolean;
  }> {
    const f = await this.resolve(family);
    const r = await this.connection.dump(f.id, genlPayload(cmd, options.version ?? f.version, body), this.withTimeout(options));
    return { messages: genlMessagesOf(r.messages), interrupted: r.interrupted };
  }

  /**
   * Joins a family's multicast groups by name (through memberships, so ids above 31 work). Rejects with
   * UnknownNameError naming the family's groups when one does not exist.
   */
  async subscribe(family: FamilyRef, groups: readonly string[]): Promise<Subscription> {
    const f = await this.resolve(family);
    const ids = groups.map((g) => {
      const id = f.groups.get(g);
      if (id === undefined) throw new UnknownNameError(`family '${f.name}'`, g, [...f.groups.keys()]);
      return id;
    });
    return this.connection.subscribe(ids);
  }

  /** Closes the socket; pending requests reject with ERR_NETLINK_CLOSED. */
  close(): void {
    this.watch?.close();
    this.connection.close();
  }

  private resolve(family: FamilyRef): Promise<GenlFamily> {
    return typeof family === 'string' ? this.family(family) : Promise.resolve(family);
  }

  private async lookUp(name: string): Promise<GenlFamily> {
    this.watchController();
    const body = spec.encodeAttributes(ctrlAttrs, { familyName: name });
    let replies: Message[];
    try {
      replies = await this.connection.request(GENL_ID_CTRL, genlPayload(CtrlCommand.GetFamily, CTRL_VERSION, body), this.withTimeout({}));
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === 2) {
        const known = await this.families().then((fs) => fs.map((f) => f.name), () => []);
        throw new FamilyNotFoundError(name, known);
      }
      throw err;
    }
    for (const m of replies) {
      const f = familyFromMessage(spec.decodeMessage(ctrlMessage, m.payload));
      if (f && f.name === name) {
        this.names.set(f.id, f.name);
        return f;
      }
    }
    throw new FamilyNotFoundError(name, []);
  }

  /** Drops cached families when the controller says one came, went or changed (a module reload moves its id). */
  private watchController(): void {
    if (this.watch !== undefined || this.connection.closed) return;
    this.watch = this.connection.subscribe([GENL_CTRL_NOTIFY_GROUP], { ref: false });
    this.watch.on('message', (n: Message) => {
      if (n.type !== GENL_ID_CTRL || n.payload.length < GENL_HDRLEN) return;
      const d = spec.decodeMessage(ctrlMessage, n.payload);
      if (d.familyName !== undefined) this.cache.delete(d.familyName);
      if (d.familyId !== undefined) this.names.delete(d.familyId);
    });
  }

  private withTimeout<T extends { timeout?: number }>(options: T): T {
    return options.timeout === undefined && this.timeout !== undefined ? { ...options, timeout: this.timeout } : options;
  }
}

function genlMessagesOf(messages: Message[]): GenlMessage[] {
  const out: GenlMessage[] = [];
  for (const m of messages) {
    const g = genlMessageOf(m);
    if (g) out.push(g);
  }
  return out;
}

/** The members of a nest whose ids are numbers (policy and op ids): [id, bytes] in wire order. */
function nestsOf(buf: Buffer): Array<[number, Buffer]> {
  return parseAttributes(buf, 0, buf.length).attributes.map((a) => [a.type, a.value]);
}

function argumentError(what: string, value: unknown): TypeError {
  const err = new TypeError(`The ${what} must be a non-empty string (received ${typeof value === 'string' ? "''" : typeof value})`) as TypeError & { code: string };
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

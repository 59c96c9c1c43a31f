// What every subcommand does around its own work: open a RouteClient in the chosen namespace, learn the
// interface names (ip resolves every ifindex it prints), and write output without losing it to backpressure.
import { RouteClient } from '../route/client';
import type { Link } from '../route/messages/link';
import type { GlobalOptions } from './options';
import type { InterfaceNames } from './format/context';
import { linkFlagBits, linkIndex } from './format/link';
import { CannotFindDeviceError, type CliOptions } from './args';
import { RouteTemplates } from './route-templates';

export async function withClient<T>(options: GlobalOptions, work: (client: RouteClient) => Promise<T>): Promise<T> {
  const shared = (options as { session?: WriteSession }).session;
  if (shared !== undefined) return work(shared.client);
  const client = RouteClient.open(options.netns === undefined ? {} : { netns: options.netns });
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

/**
 * Device names → indexes for the write commands, asked of the kernel once per name (RTM_GETLINK) and remembered
 * for the session: a batch of 100,000 routes through one device asks once. Link changes forget everything.
 */
export class DeviceIndexes {
  private readonly known = new Map<string, number>();

  constructor(private readonly client: RouteClient) {}

  /** The index of `name`; ip's `Cannot find device "name"` when there is none. */
  async index(name: string): Promise<number> {
    const known = this.known.get(name);
    if (known !== undefined) return known;
    let index: number;
    try {
      index = (await this.client.getLink(name)).ifindex;
    } catch (err) {
      if ((err as { code?: string }).code === 'ENODEV' || (err as { code?: string }).code === 'ERR_ROUTE_INPUT') throw new CannotFindDeviceError(name);
      throw err;
    }
    this.known.set(name, index);
    return index;
  }

  /** Forgets every name (after a link was added, renamed, moved or deleted). */
  forget(): void {
    this.known.clear();
  }
}

/** The options of a command run inside `-batch`: the one client (and resolved names) every line uses. */
export interface SessionOptions extends CliOptions {
  /** Inside `-batch`: the one client (and resolved names) every line uses. */
  session?: WriteSession;
}

/** What the write commands work with: the client, and the names it has resolved. A batch shares one. */
export interface WriteSession {
  client: RouteClient;
  devices: DeviceIndexes;
  /** Route requests by the shape of their line, for a batch's lines that differ only in their prefix. */
  routes: RouteTemplates;
}

/** Runs write work in the batch's session when there is one, else in a session of its own. */
export async function withWriteSession<T>(options: GlobalOptions, work: (session: WriteSession) => Promise<T>): Promise<T> {
  const shared = (options as { session?: WriteSession }).session;
  if (shared !== undefined) return work(shared);
  return withClient(options, (client) => work({ client, devices: new DeviceIndexes(client), routes: new RouteTemplates() }));
}

/** Index → name of every link, as ip's ll_init_map gathers them before printing anything else. */
export function interfaceNames(links: readonly Link[]): InterfaceNames {
  const names = new Map<number, string>();
  for (const link of links) names.set(linkIndex(link), link.ifname ?? `if${linkIndex(link)}`);
  return names;
}

/** Index → IFF_* flags of every link (ip's ll_index_to_flags reads the same map: M-DOWN needs a lower's flags). */
export function interfaceFlags(links: readonly Link[]): Map<number, number> {
  const flags = new Map<number, number>();
  for (const link of links) flags.set(linkIndex(link), linkFlagBits(link));
  return flags;
}

/** Finds a link by name (or alternative name) the way `dev NAME` does; ip's message when there is none. */
export function findLinkIndex(links: readonly Link[], name: string): number {
  for (const link of links) {
    if (link.ifname === name || (link.propList?.altIfname ?? []).includes(name)) return linkIndex(link);
  }
  throw new DeviceNotFoundError(name);
}

export class DeviceNotFoundError extends Error {
  readonly code = 'ERR_CLI_NO_DEVICE';
  constructor(name: string) {
    super(`Device "${name}" does not exist.`);
    this.name = 'DeviceNotFoundError';
  }
}

/** Writes to a stream, waiting for 'drain' when it is full, so a million routes never pile up in memory. */
export class Output {
  private pending = '';

  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** Buffers small pieces into ~64 KiB writes; the caller flushes when `full` (and at the end). */
  append(text: string): void {
    this.pending += text;
  }

  get full(): boolean {
    return this.pending.length >= 65536;
  }

  async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.removeListener('drain', done);
          this.stream.removeListener('error', done);
          this.stream.removeListener('close', done);
          resolve();
        };
        this.stream.once('drain', done);
        this.stream.once('error', done);
        this.stream.once('close', done);
      });
    }
  }
}

/**
 * Prints a list as ip does: with -j one JSON array (`[{...},{...}]` and a newline), streamed item by item;
 * otherwise each item's text.
 */
export class ListPrinter<T> {
  private count = 0;
  private readonly output: Output;

  constructor(
    stream: NodeJS.WritableStream,
    private readonly json: boolean,
    private readonly toJson: (item: T) => object,
    private readonly toText: (item: T) => string,
  ) {
    this.output = new Output(stream);
  }

  async add(item: T): Promise<void> {
    this.append(item);
    if (this.output.full) await this.output.flush();
  }

  /** Many items with one await at most per 64 KiB of output: a dump's batch goes through without a promise per item. */
  async addAll(items: readonly T[]): Promise<void> {
    if (this.json) {
      if (items.length === 0) return;
      // One JSON.stringify per batch instead of per item: each call has a fixed cost which, for small objects such
      // as routes, is as much as the serializing itself. The text is the same: the items joined by commas.
      const objects = new Array<object>(items.length);
      for (let i = 0; i < items.length; i++) objects[i] = this.toJson(items[i]);
      this.output.append((this.count === 0 ? '[' : ',') + JSON.stringify(objects).slice(1, -1));
      this.count += items.length;
      if (this.output.full) await this.output.flush();
      return;
    }
    for (const item of items) {
      this.append(item);
      if (this.output.full) await this.output.flush();
    }
  }

  private append(item: T): void {
    if (this.json) this.output.append((this.count === 0 ? '[' : ',') + JSON.stringify(this.toJson(item)));
    else this.output.append(this.toText(item));
    this.count++;
  }

  async end(): Promise<void> {
    if (this.json) this.output.append(this.count === 0 ? '[]\n' : ']\n');
    await this.output.flush();
  }
}

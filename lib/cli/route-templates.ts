// A batch's route lines that differ only in their IPv4 prefix (100,000 `route add 10.x.y.z/32 dev eth0 table 100`)
// reuse the request the library encoded for the first of them, with the new prefix written in: the line is read,
// resolved and encoded once per shape rather than once per line. Anything else takes the full path.
import { NewFlags } from '../core/constants';
import { RouteMessageType } from '../route/constants';
import { parseIPv4Into } from '../route/inputs';
import { encodeRoute } from '../route/messages/route';
import { routeInput, type RouteSpec } from '../route/user-specs';
import type { RouteClient } from '../route/client';

/** The route commands that write. */
export type RouteWrite = 'add' | 'del' | 'replace' | 'append';

/** NLM_F flags as ip chooses them for each command. */
const FLAGS: Record<RouteWrite, number> = {
  add: NewFlags.Create | NewFlags.Excl,
  replace: NewFlags.Create | NewFlags.Replace,
  append: NewFlags.Create | NewFlags.Append,
  del: 0,
};

const RTMSG_SIZE = 12;
const RTA_DST = 1;
const AF_INET = 2;

/** An encoded route request: message type, payload (rtmsg and attributes), NLM_F flags. */
export interface RouteRequest {
  type: number;
  payload: Buffer;
  flags: number;
}

interface Template extends RouteRequest {
  /** Where RTA_DST's four bytes are in the payload. */
  dstAt: number;
  /** Its words, but for the prefix (at `prefixAt`). */
  others: readonly string[];
  prefixAt: number;
}

/** The offset of RTA_DST's value in an rtmsg payload, or -1. */
function dstOffset(payload: Buffer): number {
  for (let at = RTMSG_SIZE; at + 4 <= payload.length; ) {
    const length = payload.readUInt16LE(at);
    if (length < 4) return -1;
    if (payload.readUInt16LE(at + 2) === RTA_DST) return length === 8 ? at + 4 : -1;
    at += (length + 3) & ~3;
  }
  return -1;
}

/** The prefix length of `word` when it is `a.b.c.d[/1..32]`, else 0 (and the address goes to `out`). */
function ipv4PrefixInto(word: string, out: Buffer, at: number): number {
  const slash = word.indexOf('/');
  const lengthText = slash === -1 ? '32' : word.slice(slash + 1);
  if (!/^[0-9]{1,2}$/.test(lengthText)) return 0;
  const length = Number(lengthText);
  if (length < 1 || length > 32) return 0;
  return parseIPv4Into(slash === -1 ? word : word.slice(0, slash), out, at) ? length : 0;
}

/** The shapes of route lines a session has encoded, by their words without the prefix. */
export class RouteTemplates {
  private readonly shapes = new Map<string, Template>();
  /** Where the prefix was among the words of the shapes seen (usually always the first word). */
  private readonly prefixPositions: number[] = [];

  /** The template matched last: consecutive lines of a batch are mostly of one shape. */
  private last: Template | undefined = undefined;
  private lastCommand: RouteWrite | undefined = undefined;
  private lastFamily: string | undefined = undefined;

  /**
   * The request for a route command's words (those after `route COMMAND`, from `words[from]` on) when a line of
   * the same shape was encoded before; undefined otherwise.
   */
  match(command: RouteWrite, words: readonly string[], family: string | undefined, from = 0): RouteRequest | undefined {
    for (const at of this.prefixPositions) {
      const word = words[from + at];
      if (word === undefined) continue;
      const template = this.lastMatches(command, family, words, from, at) ? this.last : this.shapes.get(shapeKey(command, family, words, from, at));
      if (template === undefined) continue;
      this.last = template;
      this.lastCommand = command;
      this.lastFamily = family;
      // The connection copies the payload as it sends, so one buffer serves every line of the shape.
      const length = ipv4PrefixInto(word, template.payload, template.dstAt);
      if (length === 0) return undefined;
      template.payload[1] = length;
      return template;
    }
    return undefined;
  }

  /** Encodes a route with the library; remembers it as a shape when only its IPv4 prefix can vary. */
  async encode(command: RouteWrite, words: readonly string[], family: string | undefined, prefixAt: number, spec: RouteSpec, client: RouteClient): Promise<RouteRequest> {
    const input = await routeInput(spec, { ifindex: (ref) => client.ifindex(ref) }, command === 'del' ? 'del' : 'new');
    const payload = encodeRoute(input);
    const type = command === 'del' ? RouteMessageType.DelRoute : RouteMessageType.NewRoute;
    const request = { type, payload, flags: FLAGS[command] };
    const dstAt = payload[0] === AF_INET && payload[1] > 0 ? dstOffset(payload) : -1;
    if (dstAt !== -1 && prefixAt >= 0 && ipv4PrefixInto(words[prefixAt], Buffer.alloc(4), 0) !== 0) {
      const key = shapeKey(command, family, words, 0, prefixAt);
      this.shapes.set(key, { ...request, payload: Buffer.from(payload), dstAt, others: words.filter((_, i) => i !== prefixAt), prefixAt });
      if (!this.prefixPositions.includes(prefixAt)) this.prefixPositions.push(prefixAt);
    }
    return request;
  }

  /** Forgets every shape (device indexes are written into them: a link change may change what they mean). */
  forget(): void {
    this.shapes.clear();
    this.last = undefined;
  }

  /** Whether the words are of the last matched shape (compared word by word: no key is built for them). */
  private lastMatches(command: RouteWrite, family: string | undefined, words: readonly string[], from: number, prefixAt: number): boolean {
    const last = this.last;
    if (last === undefined || command !== this.lastCommand || family !== this.lastFamily || prefixAt !== last.prefixAt) return false;
    const others = last.others;
    if (words.length - from !== others.length + 1) return false;
    for (let i = from, j = 0; i < words.length; i++) {
      if (i === from + prefixAt) continue;
      if (words[i] !== others[j++]) return false;
    }
    return true;
  }
}

function shapeKey(command: RouteWrite, family: string | undefined, words: readonly string[], from: number, prefixAt: number): string {
  // Words are joined with a newline, which no word of a batch line holds (a quoted word may hold a blank).
  let key = `${command}\n${family ?? ''}\n${prefixAt}`;
  for (let i = from; i < words.length; i++) if (i !== from + prefixAt) key += `\n${words[i]}`;
  return key;
}

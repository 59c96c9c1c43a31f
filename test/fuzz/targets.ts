// The public decoders `npm run fuzz` feeds, each with its corpus of real datagrams, its typed-error check, a
// comparable rendering and, where the library has an encoder, the re-encoding of well-formed results. The
// library is loaded through `load`, so that a fresh copy (new module instances: no key cache, no prediction)
// can decode the same inputs for the history check.
import type * as Core from '../../lib/core';
import type * as Route from '../../lib/route';
import type * as UeventLib from '../../lib/uevent';
import type * as Diag from '../../lib/diag';
import type * as FibLookup from '../../lib/fiblookup';
import { FuzzTarget, Random, render } from './harness';

/** The parts of the library the targets decode with. */
export interface Library {
  core: typeof Core;
  route: typeof Route;
  uevent: typeof UeventLib;
  diag: typeof Diag;
  fiblookup: typeof FibLookup;
}

/** sock_diag answers (payloads of SOCK_DIAG_BY_FAMILY), /proc/net tables and FIB lookup answers, captured now. */
export interface SocketCorpus {
  /** inet_diag_msg payloads, with the IP protocol they were asked for. */
  inet: Array<{ protocol: number; payload: Buffer }>;
  /** unix_diag_msg payloads. */
  unix: Buffer[];
  /** netlink_diag_msg payloads. */
  netlink: Buffer[];
  /** packet_diag_msg payloads. */
  packet: Buffer[];
  /** /proc/net tables, by name (tcp, tcp6, udp, unix, netlink, packet, ...). */
  proc: Array<{ table: string; text: Buffer }>;
  /** struct fib_result_nl answers. */
  fib: Buffer[];
}

/** The real inputs, by decoder. */
export interface Corpus {
  /** rtnetlink messages as the kernel dumped them: nlmsg_type and payload. */
  route: Record<'link' | 'address' | 'route' | 'neighbour' | 'rule', Array<{ type: number; payload: Buffer }>>;
  /** Kernel-format uevent datagrams. */
  kernelUevents: Buffer[];
  /** udev-format uevent datagrams. */
  udevUevents: Buffer[];
  /** What lib/diag and lib/fiblookup decode. */
  sockets: SocketCorpus;
}

/** The library as a fresh set of module instances (the native socket binding excepted: it loads once). */
export function loadFresh(libRoot: string): Library {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(libRoot) && !key.includes(`${libRoot}/socket/`)) delete require.cache[key];
  }
  return load(libRoot);
}

/** The library as loaded (and cached) by require. */
export function load(libRoot: string): Library {
  return {
    core: require(`${libRoot}/core`) as typeof Core,
    route: require(`${libRoot}/route`) as typeof Route,
    uevent: require(`${libRoot}/uevent`) as typeof UeventLib,
    diag: require(`${libRoot}/diag`) as typeof Diag,
    fiblookup: require(`${libRoot}/fiblookup`) as typeof FibLookup,
  };
}

const align4 = (n: number) => (n + 3) & ~3;

/** Whether every alignment gap after a TLV (u16 or u32 length at its start, header `min` bytes) is zero. */
function paddingIsZero(buf: Buffer, lengthBytes: 2 | 4, min: number): boolean {
  let off = 0;
  while (off + min <= buf.length) {
    const length = lengthBytes === 2 ? buf.readUInt16LE(off) : buf.readUInt32LE(off);
    if (length < min) return true; // malformed: the decoder says so; nothing to compare
    const next = off + align4(length);
    for (let i = off + length; i < Math.min(next, buf.length); i++) if (buf[i] !== 0) return false;
    off = next;
  }
  return true;
}

const codeOf = (v: unknown): unknown => (v as { code?: unknown } | null | undefined)?.code;

function decodeErrorsProblem(errors: unknown): string | undefined {
  if (errors === undefined) return undefined;
  if (!Array.isArray(errors)) return 'decodeErrors is not an array';
  for (const e of errors) if (!(e instanceof Error) || codeOf(e) !== 'ERR_NETLINK_DECODE') return `untyped decode error: ${String(e)}`;
  return undefined;
}

/** A result whose `error` (splitMessages, parseAttributes) is there but not a typed DecodeError. */
function errorFieldProblem(r: unknown): string | undefined {
  const e = (r as { error?: unknown }).error;
  return e === undefined || codeOf(e) === 'ERR_NETLINK_DECODE' ? undefined : `untyped error: ${String(e)}`;
}

const FIXED_HEADER = { link: 16, address: 8, route: 12, neighbour: 12, rule: 12 } as const;

/**
 * A header field the kernel derives from an attribute (rtm_table and fib_rule_hdr.table from the 32-bit table,
 * ifa_flags from IFA_FLAGS) set to match a new value of that attribute, as the kernel would send it. The
 * decoders read the attribute and the encoders derive the field again, so a disagreeing pair cannot round-trip
 * (a known limit, see the fuzz notes).
 */
function keepHeaderConsistent(kind: string, out: Buffer, type: number, value: Buffer): void {
  if (value.length !== 4) return;
  const v = value.readUInt32LE(0);
  if ((kind === 'route' || kind === 'rule') && type === 15) out[4] = v < 256 ? v : 252; // RTA_TABLE / FRA_TABLE
  if (kind === 'address' && type === 8) out[2] = v & 0xff; // IFA_FLAGS
}

/** Random text for a uevent value: printable ASCII, '=' included, sometimes UTF-8. */
function randomText(random: Random): string {
  const chars = 'abcXYZ019/._-=: ';
  let text = '';
  for (let i = random.int(24); i > 0; i--) text += random.int(20) === 0 ? 'é' : chars[random.int(chars.length)];
  return text;
}

/** The targets over one copy of the library. */
export function buildTargets(lib: Library, corpus: Corpus): FuzzTarget[] {
  const { core, route, uevent } = lib;
  const targets: FuzzTarget[] = [];
  const allMessages = Object.values(corpus.route).flat();

  // ---- core: a datagram into messages; attributes; ACKs ------------------------------------------------------
  const datagrams: Buffer[] = [];
  for (let i = 0; i < allMessages.length; i += 3) {
    const group = allMessages.slice(i, i + 3).map((m, k) => core.frameMessage(m.type, 2 /* NLM_F_MULTI */, 1000 + i, 0, m.payload).subarray(0, k === 2 ? 16 + m.payload.length : undefined));
    datagrams.push(Buffer.concat(group));
  }
  datagrams.push(core.frameMessage(3 /* NLMSG_DONE */, 2, 7, 0, Buffer.alloc(4)));
  targets.push({
    name: 'core.splitMessages',
    corpus: datagrams,
    decode: (b) => core.splitMessages(b),
    // Whole messages with any header values and real payloads, each padded with zeros.
    wellFormed: (_item, random) => {
      const parts: Buffer[] = [];
      for (let n = 1 + random.int(4); n > 0; n--) {
        const m = random.pick(allMessages);
        parts.push(core.frameMessage(random.int(0x10000), random.int(0x10000), random.int(0x100000000), random.int(0x100000000), m.payload));
      }
      return Buffer.concat(parts);
    },
    problem: errorFieldProblem,
    summary: render,
    reencode: (r, input) => {
      const { messages, error } = r as ReturnType<typeof core.splitMessages>;
      if (error !== undefined || !paddingIsZero(input, 4, 16)) return undefined;
      const out = Buffer.concat(messages.map((m) => core.frameMessage(m.type, m.flags, m.seq, m.portId, m.payload)));
      return out.subarray(0, input.length); // the last message may come without its padding
    },
  });

  const attributeRegions = (Object.keys(corpus.route) as Array<keyof typeof FIXED_HEADER>).flatMap((kind) =>
    corpus.route[kind].map((m) => m.payload.subarray(FIXED_HEADER[kind])),
  );
  targets.push({
    name: 'core.parseAttributes',
    corpus: attributeRegions,
    decode: (b) => core.parseAttributes(b, 0, b.length),
    // Attributes of any type and flags with values of any length, padded with zeros.
    wellFormed: (_item, random) => {
      const w = new core.AttributeWriter();
      for (let n = random.int(6); n > 0; n--) w.raw(random.int(0x10000), random.bytes(random.int(40)));
      return w.toBuffer();
    },
    problem: errorFieldProblem,
    summary: render,
    reencode: (r, input) => {
      const { attributes, error } = r as ReturnType<typeof core.parseAttributes>;
      if (error !== undefined || !paddingIsZero(input, 2, 4)) return undefined;
      const w = new core.AttributeWriter();
      for (const a of attributes) w.raw(core.rawAttributeType(a), a.value);
      return w.toBuffer().subarray(0, input.length);
    },
  });

  // decodeAck's input: two bytes of nlmsg_flags, one byte "NLMSG_DONE?", then the payload.
  const acks: Buffer[] = [];
  for (const m of allMessages.slice(0, 24)) {
    const echoed = core.frameMessage(m.type, 0x605, 77, 4242, m.payload);
    const w = new core.AttributeWriter();
    w.string(1, 'Unknown device type').u32(2, 36).u32(5, 3).u32(6, 32).binary(4, Buffer.from('0102030405060708', 'hex'));
    const tlvs = w.toBuffer();
    const errno = Buffer.alloc(4);
    errno.writeInt32LE(-22);
    acks.push(Buffer.concat([Buffer.from([0x00, 0x02, 0]), errno, echoed, tlvs])); // ACK_TLVS, whole request echoed
    acks.push(Buffer.concat([Buffer.from([0x00, 0x03, 0]), errno, echoed.subarray(0, 16), tlvs])); // capped
    acks.push(Buffer.concat([Buffer.from([0x00, 0x02, 1]), errno, tlvs])); // a failed dump's DONE
  }
  targets.push({
    name: 'core.decodeAck',
    corpus: acks,
    decode: (b) => (b.length < 3 ? core.decodeAck(b, 0) : core.decodeAck(b.subarray(3), b.readUInt16LE(0), b[2] === 1)),
    problem: (r) => (r instanceof Error && codeOf(r) !== 'ERR_NETLINK_DECODE' ? `untyped ack error: ${String(r)}` : undefined),
    summary: render,
  });

  // ---- rtnetlink messages: the checking decoder and the dump decoder ------------------------------------------
  const kinds = {
    link: [route.decodeLink, route.decodeLinkAt, route.encodeLink],
    address: [route.decodeAddress, route.decodeAddressAt, route.encodeAddress],
    route: [route.decodeRoute, route.decodeRouteAt, route.encodeRoute],
    neighbour: [route.decodeNeighbour, route.decodeNeighbourAt, route.encodeNeighbour],
    rule: [route.decodeRule, route.decodeRuleAt, route.encodeRule],
  } as const;
  for (const [kind, [decode, decodeAt, encode]] of Object.entries(kinds)) {
    const messages = corpus.route[kind as keyof typeof kinds];
    const type = messages[0]?.type;
    const header = FIXED_HEADER[kind as keyof typeof FIXED_HEADER];
    const common = {
      corpus: messages.map((m) => m.payload),
      // The captured message with one to three of its top-level scalar attributes (1, 2, 4 or 8 bytes) given random
      // values of the same size: valid netlink as the kernel frames it. (Structs and strings keep their bytes:
      // a struct's tail padding or a NUL inside a string is not something the kernel sends.)
      wellFormed: (item: Buffer, random: Random): Buffer => {
        const { attributes } = core.parseAttributes(item, header, item.length);
        const scalars = attributes.map((a, i) => ([1, 2, 4, 8].includes(a.value.length) ? i : -1)).filter((i) => i >= 0);
        const changed = new Set<number>();
        for (let n = 1 + random.int(3); n > 0 && scalars.length > 0; n--) changed.add(random.pick(scalars));
        const w = new core.AttributeWriter();
        w.bytes(item.subarray(0, header));
        attributes.forEach((a, i) => {
          const value = changed.has(i) ? random.bytes(a.value.length) : a.value;
          // Eight bytes may be a nest holding one attribute: keep that one's length whole, so no padding byte
          // inside it is random.
          if (changed.has(i) && value.length === 8 && value.readUInt16LE(0) >= 5 && value.readUInt16LE(0) <= 7) value[0] = 8;
          w.raw(core.rawAttributeType(a), value);
          if (changed.has(i)) keepHeaderConsistent(kind, w.storage, a.type, value);
        });
        return w.toBuffer();
      },
      problem: (r: unknown) => decodeErrorsProblem((r as { decodeErrors?: unknown }).decodeErrors),
      summary: render,
      reencode: (r: unknown) => ((r as { decodeErrors?: unknown }).decodeErrors === undefined ? (encode as (v: unknown) => Buffer)(r) : undefined),
    };
    targets.push({ name: `route.${kind}`, decode: (b) => (decode as (p: Buffer, t?: number) => unknown)(b, type), ...common });
    targets.push({ name: `route.${kind}At`, decode: (b) => (decodeAt as (buf: Buffer, s: number, e: number) => unknown)(b, 0, b.length), ...common });
  }

  // ---- uevents ------------------------------------------------------------------------------------------------
  const ueventSummary = (r: unknown): string => {
    if (r instanceof Error) return render(r);
    const e = r as UeventLib.Uevent;
    return render({ json: e.toJSON(), entries: e.entries(), duplicates: e.duplicates });
  };
  const ueventProblem = (r: unknown): string | undefined =>
    r instanceof Error && codeOf(r) !== 'ERR_UEVENT_DECODE' ? `untyped uevent error: ${String(r)}` : undefined;
  targets.push({
    name: 'uevent.parseKernelUevent',
    corpus: corpus.kernelUevents,
    // A captured event's keys with new values, a key dropped or added (never repeated), framed as the kernel does.
    wellFormed: (item, random) => {
      const entries = item.toString('latin1').split('\0').slice(1).filter((e) => e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]);
      const fixed = new Set(['ACTION', 'DEVPATH', 'SUBSYSTEM', 'SEQNUM']);
      const out = entries.filter(([k]) => fixed.has(k) || random.int(6) !== 0).map(([k, v]) => [k, fixed.has(k) ? v : randomText(random)]);
      if (random.int(3) === 0) out.splice(random.int(out.length + 1), 0, [random.pick(['NEWKEY', '2', '10', 'KÉY', 'X_Y']), randomText(random)]);
      const action = out.find(([k]) => k === 'ACTION')?.[1] ?? 'add';
      const devpath = out.find(([k]) => k === 'DEVPATH')?.[1] ?? '/devices/x';
      return Buffer.from([`${action}@${devpath}`, ...out.map(([k, v]) => `${k}=${v}`)].map((e) => e + '\0').join(''), 'latin1');
    },
    decode: (b) => uevent.parseKernelUevent(b),
    problem: ueventProblem,
    summary: ueventSummary,
    reencode: (r, input) => {
      // Well-formed: an event with no repeated key, no empty entry, and text that is valid UTF-8.
      if (r instanceof Error) return undefined;
      const e = r as UeventLib.Uevent;
      if (e.duplicates !== undefined || input.includes(Buffer.from([0, 0])) || input[input.length - 1] !== 0) return undefined;
      if (!Buffer.from(input.toString('utf8'), 'utf8').equals(input)) return undefined;
      const text = [`${e.properties.ACTION}@${e.properties.DEVPATH}`, ...e.entries().map(([k, v]) => `${k}=${v}`)].map((s) => s + '\0').join('');
      return Buffer.from(text, 'utf8');
    },
  });
  targets.push({
    name: 'uevent.parseUdevUevent',
    corpus: corpus.udevUevents,
    decode: (b) => uevent.parseUdevUevent(b),
    problem: ueventProblem,
    summary: ueventSummary,
  });
  targets.push(...socketTargets(lib, corpus.sockets));
  return targets;
}

/** A decoded value's own decodeErrors (sockets, FIB results), checked as every decoder's are. */
const ownDecodeErrors = (r: unknown): string | undefined => decodeErrorsProblem((r as { decodeErrors?: unknown }).decodeErrors);

/** lib/diag's decoders (sock_diag answers, tcp_info, /proc/net text) and lib/fiblookup's. */
function socketTargets(lib: Library, corpus: SocketCorpus): FuzzTarget[] {
  const { core, diag, fiblookup } = lib;
  const targets: FuzzTarget[] = [];
  const onlyIfAny = (t: FuzzTarget): void => {
    if (t.corpus.length > 0) targets.push(t);
  };
  // decodeInetSocket's input: the protocol asked for (one byte), then the inet_diag_msg payload.
  onlyIfAny({
    name: 'diag.decodeInetSocket',
    corpus: corpus.inet.map(({ protocol, payload }) => Buffer.concat([Buffer.from([protocol & 0xff]), payload])),
    decode: (b) => (b.length < 1 ? diag.decodeInetSocket(0, b, 0, 0) : diag.decodeInetSocket(b[0] === 6 || b[0] === 17 || b[0] === 255 ? b[0] : 262, b, 1, b.length)),
    problem: ownDecodeErrors,
    summary: render,
  });
  // tcp_info as the kernel sent it (INET_DIAG_INFO of the TCP sockets), of every length a kernel may send.
  const tcpInfos = corpus.inet
    .filter((s) => s.protocol === 6)
    .flatMap((s) => core.parseAttributes(s.payload, 72, s.payload.length).attributes.filter((a) => a.type === diag.InetDiagAttribute.Info).map((a) => Buffer.from(a.value)));
  onlyIfAny({ name: 'diag.decodeTcpInfo', corpus: tcpInfos, decode: (b) => diag.decodeTcpInfo(b, 0, b.length), problem: ownDecodeErrors, summary: render });
  onlyIfAny({ name: 'diag.decodeUnixSocket', corpus: corpus.unix, decode: (b) => diag.decodeUnixSocket(b, 0, b.length), problem: ownDecodeErrors, summary: render });
  onlyIfAny({ name: 'diag.decodeNetlinkSocket', corpus: corpus.netlink, decode: (b) => diag.decodeNetlinkSocket(b, 0, b.length), problem: ownDecodeErrors, summary: render });
  onlyIfAny({ name: 'diag.decodePacketSocket', corpus: corpus.packet, decode: (b) => diag.decodePacketSocket(b, 0, b.length), problem: ownDecodeErrors, summary: render });
  // /proc/net's text: a table's parser by the table's name; a line it cannot read is skipped, never thrown on.
  const parsers: Record<string, (text: string) => unknown> = {
    tcp: (t) => diag.parseInetProc(t, 'tcp', 'inet'),
    tcp6: (t) => diag.parseInetProc(t, 'tcp', 'inet6'),
    udp: (t) => diag.parseInetProc(t, 'udp', 'inet'),
    udp6: (t) => diag.parseInetProc(t, 'udp', 'inet6'),
    raw: (t) => diag.parseInetProc(t, 'raw', 'inet'),
    raw6: (t) => diag.parseInetProc(t, 'raw', 'inet6'),
    unix: (t) => diag.parseUnixProc(t),
    netlink: (t) => diag.parseNetlinkProc(t),
    packet: (t) => diag.parsePacketProc(t),
  };
  for (const [table, parse] of Object.entries(parsers)) {
    // The first lines of the table (a whole table of a busy host is large for a fuzzer's input).
    const texts = corpus.proc.filter((p) => p.table === table).map((p) => Buffer.from(p.text.toString('latin1').split('\n').slice(0, 12).join('\n'), 'latin1'));
    onlyIfAny({
      name: `diag.proc.${table}`,
      corpus: texts,
      decode: (b) => parse(b.toString('latin1')),
      problem: (r) => (r instanceof Error ? `${table} parser threw: ${String(r)}` : undefined),
      summary: render,
    });
  }
  const fibCommon = {
    corpus: corpus.fib,
    // Every 20 bytes are a well-formed fib_result_nl: its members cover the struct, with no padding.
    wellFormed: (_item: Buffer, random: Random) => random.bytes(20),
    problem: ownDecodeErrors,
    summary: render,
    reencode: (r: unknown) => ((r as { decodeErrors?: unknown }).decodeErrors === undefined ? fiblookup.encodeFibResult(r as FibLookup.FibResult) : undefined),
  };
  onlyIfAny({ name: 'fiblookup.decodeFibResult', decode: (b) => fiblookup.decodeFibResult(b, fiblookup.FIB_LOOKUP), ...fibCommon });
  onlyIfAny({ name: 'fiblookup.decodeFibResultAt', decode: (b) => fiblookup.decodeFibResultAt(b, 0, b.length), ...fibCommon });
  return targets;
}

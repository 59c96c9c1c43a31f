// A small typed filter language for inet sockets, compiled to the kernel's inet_diag bytecode (so only matching
// sockets cross into JavaScript) and evaluated in JavaScript too (for the /proc fallback, and as a cross-check).
import { spec } from '../core';
import { AddressFamily, BytecodeOp } from './constants';
import type { InetSocket } from './inet';

/** A port condition: one port, or a range given by any of its bounds. */
export type PortMatch =
  | number
  | {
      /** Equal to. */
      eq?: number;
      /** Not equal to. */
      ne?: number;
      /** At least. */
      ge?: number;
      /** Above. */
      gt?: number;
      /** At most. */
      le?: number;
      /** Below. */
      lt?: number;
    };

/**
 * Which inet sockets to keep. Conditions combine with `all` (and), `any` (or) and `not`; an object with several
 * keys is all of them.
 *
 * ```ts
 * { all: [{ localPort: 22 }, { remoteAddress: '10.0.0.0/8' }] }
 * { any: [{ localPort: { ge: 8000, le: 8099 } }, { mark: 0x10, mask: 0xff }] }
 * ```
 */
export type SocketFilter =
  | {
      /** Every one of these filters keeps the socket. */
      all: SocketFilter[];
    }
  | {
      /** At least one of these filters keeps the socket. */
      any: SocketFilter[];
    }
  | {
      /** This filter does not keep the socket. */
      not: SocketFilter;
    }
  | FilterConditions;

/** The leaf conditions of a SocketFilter. */
export interface FilterConditions {
  /** The local port: a number, or a comparison ({ ge: 8000, le: 8099 }). */
  localPort?: PortMatch;
  /** The peer's port: a number, or a comparison. */
  remotePort?: PortMatch;
  /** An address, or a prefix 'addr/len' (IPv4 prefixes also match IPv4-mapped IPv6 sockets). */
  localAddress?: string;
  /** The peer's address, or a prefix 'addr/len'. */
  remoteAddress?: string;
  /** (SO_MARK & mask) === mark; mask defaults to 0xffffffff. The kernel allows it to CAP_NET_ADMIN only. */
  mark?: number;
  /** The mask `mark` is compared under (default 0xffffffff). */
  mask?: number;
  /** The socket's cgroup v2 id (the inode number of the cgroup's directory). */
  cgroup?: bigint | number;
  /** The interface the socket is bound to (ifindex). */
  interface?: number;
}

/** A filter that cannot be compiled: a bad port, address or mark. */
export class FilterError extends TypeError {
  /** Always 'ERR_INVALID_ARG_VALUE', as Node's own argument errors. */
  readonly code = 'ERR_INVALID_ARG_VALUE';
  /** A filter error saying `message`. */
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

// A compiled piece: a list of ops; each op's `no` and `yes` are offsets from the op. REJECT marks a jump to
// the program's end + 4 (the kernel's "no match"), resolved when the pieces are joined.
interface Op {
  code: number;
  yes: number;
  no: number;
  /** The operand bytes after the 4-byte op. */
  data: Buffer;
}

const REJECT = -1;

function leaf(code: number, data: Buffer): Op[] {
  return [{ code, yes: 4 + data.length, no: REJECT, data }];
}

function portOperand(port: number, what: string): Buffer {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FilterError(`${what}: port ${JSON.stringify(port)} is not 0-65535`);
  const b = Buffer.alloc(4);
  b.writeUInt16LE(port, 2); // op[1].no holds the port
  return b;
}

function sizeOf(ops: Op[]): number {
  let n = 0;
  for (const op of ops) n += 4 + op.data.length;
  return n;
}

function and(a: Op[], b: Op[]): Op[] {
  return [...a, ...b];
}

// Joins in the style of iproute2's compiler: A or B is A, then a jump over B taken when A matched, then B, with
// A's rejections landing on B.
function or(a: Op[], b: Op[]): Op[] {
  const bSize = sizeOf(b);
  const aResolved = resolveRejects(a, 4); // A's "no match" lands right after the jump: on B
  return [...aResolved, { code: BytecodeOp.Jmp, yes: 4, no: bSize + 4, data: Buffer.alloc(0) }, ...b];
}

function not(a: Op[]): Op[] {
  // A's rejection lands past the jump (the end: accept); falling through hits the jump to rejection.
  return [...resolveRejects(a, 4), { code: BytecodeOp.Jmp, yes: 4, no: REJECT, data: Buffer.alloc(0) }];
}

/** Fixes the REJECT jumps of a piece to land `beyond` bytes past its end. */
function resolveRejects(ops: Op[], beyond: number): Op[] {
  const total = sizeOf(ops);
  let at = 0;
  return ops.map((op) => {
    const out = { ...op };
    if (op.no === REJECT) out.no = total - at + beyond;
    if (op.yes === REJECT) out.yes = total - at + beyond;
    at += 4 + op.data.length;
    return out;
  });
}

function compilePort(code: { eq: number; ge: number; le: number }, m: PortMatch, what: string): Op[] {
  if (typeof m === 'number') return leaf(code.eq, portOperand(m, what));
  if (m === null || typeof m !== 'object') throw new FilterError(`${what}: expected a port or a range, got ${JSON.stringify(m)}`);
  const parts: Op[][] = [];
  for (const key of Object.keys(m)) {
    const v = (m as Record<string, unknown>)[key];
    if (typeof v !== 'number') throw new FilterError(`${what}.${key}: expected a number, got ${JSON.stringify(v)}`);
    switch (key) {
      case 'eq':
        parts.push(leaf(code.eq, portOperand(v, what)));
        break;
      case 'ne':
        parts.push(not(leaf(code.eq, portOperand(v, what))));
        break;
      case 'ge':
        parts.push(leaf(code.ge, portOperand(v, what)));
        break;
      case 'le':
        parts.push(leaf(code.le, portOperand(v, what)));
        break;
      case 'gt':
        parts.push(v >= 65535 ? not(leaf(BytecodeOp.Nop, Buffer.alloc(0))) : leaf(code.ge, portOperand(v + 1, what)));
        break;
      case 'lt':
        parts.push(v <= 0 ? not(leaf(BytecodeOp.Nop, Buffer.alloc(0))) : leaf(code.le, portOperand(v - 1, what)));
        break;
      default:
        throw new FilterError(`${what}: unknown bound '${key}' (eq, ne, ge, gt, le, lt)`);
    }
  }
  if (parts.length === 0) throw new FilterError(`${what}: an empty range`);
  return parts.reduce(and);
}

/** An address or prefix of a filter, parsed. */
export interface AddressPrefix {
  /** AF_INET (2) or AF_INET6 (10). */
  family: number;
  /** The prefix length (the address's full length when no '/len' was given). */
  prefixLength: number;
  /** The address in network byte order (4 or 16 bytes). */
  bytes: Buffer;
}

/** Parses 'addr' or 'addr/len' into family, prefix length and bytes. */
export function parseAddressPrefix(text: string, what: string): AddressPrefix {
  if (typeof text !== 'string') throw new FilterError(`${what}: expected an address string, got ${JSON.stringify(text)}`);
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = spec.parseIPv4(addr);
  const bytes = v4 ?? spec.parseIPv6(addr);
  if (!bytes) throw new FilterError(`${what}: '${text}' is not an IP address or prefix`);
  const max = v4 ? 32 : 128;
  const lenText = slash < 0 ? String(max) : text.slice(slash + 1);
  const prefixLength = /^\d{1,3}$/.test(lenText) ? Number(lenText) : NaN;
  if (!(prefixLength >= 0 && prefixLength <= max)) throw new FilterError(`${what}: bad prefix length in '${text}'`);
  return { family: v4 ? AddressFamily.Inet : AddressFamily.Inet6, prefixLength, bytes };
}

function hostCond(code: number, text: string, what: string): Op[] {
  const p = parseAddressPrefix(text, what);
  const data = Buffer.alloc(8 + p.bytes.length);
  data[0] = p.family;
  data[1] = p.prefixLength;
  data.writeInt32LE(-1, 4); // any port
  p.bytes.copy(data, 8);
  return leaf(code, data);
}

function u32(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new FilterError(`${what}: expected a 32-bit unsigned integer, got ${JSON.stringify(v)}`);
  return v;
}

const SOURCE_PORT = { eq: BytecodeOp.SourcePortEq, ge: BytecodeOp.SourcePortGe, le: BytecodeOp.SourcePortLe };
const DEST_PORT = { eq: BytecodeOp.DestPortEq, ge: BytecodeOp.DestPortGe, le: BytecodeOp.DestPortLe };
const KNOWN = new Set(['localPort', 'remotePort', 'localAddress', 'remoteAddress', 'mark', 'mask', 'cgroup', 'interface']);

function compileNode(f: SocketFilter, what: string): Op[] {
  if (f === null || typeof f !== 'object') throw new FilterError(`${what}: expected a filter object, got ${JSON.stringify(f)}`);
  if ('all' in f || 'any' in f) {
    const list = 'all' in f ? f.all : f.any;
    const key = 'all' in f ? 'all' : 'any';
    if (!Array.isArray(list) || list.length === 0) throw new FilterError(`${what}.${key}: expected a non-empty array`);
    const parts = list.map((x, i) => compileNode(x, `${what}.${key}[${i}]`));
    return parts.reduce(key === 'all' ? and : or);
  }
  if ('not' in f) return not(compileNode(f.not, `${what}.not`));
  const c = f as FilterConditions;
  const parts: Op[][] = [];
  for (const key of Object.keys(c)) if (!KNOWN.has(key)) throw new FilterError(`${what}: unknown condition '${key}'`);
  if (c.localPort !== undefined) parts.push(compilePort(SOURCE_PORT, c.localPort, `${what}.localPort`));
  if (c.remotePort !== undefined) parts.push(compilePort(DEST_PORT, c.remotePort, `${what}.remotePort`));
  if (c.localAddress !== undefined) parts.push(hostCond(BytecodeOp.SourceCond, c.localAddress, `${what}.localAddress`));
  if (c.remoteAddress !== undefined) parts.push(hostCond(BytecodeOp.DestCond, c.remoteAddress, `${what}.remoteAddress`));
  if (c.mark !== undefined) {
    const data = Buffer.alloc(8);
    data.writeUInt32LE(u32(c.mark, `${what}.mark`), 0);
    data.writeUInt32LE(c.mask === undefined ? 0xffffffff : u32(c.mask, `${what}.mask`), 4);
    parts.push(leaf(BytecodeOp.MarkCond, data));
  } else if (c.mask !== undefined) {
    throw new FilterError(`${what}: 'mask' needs 'mark'`);
  }
  if (c.cgroup !== undefined) {
    const id = typeof c.cgroup === 'bigint' ? c.cgroup : Number.isSafeInteger(c.cgroup) && c.cgroup >= 0 ? BigInt(c.cgroup) : -1n;
    if (id < 0n || id > 0xffffffffffffffffn) throw new FilterError(`${what}.cgroup: expected a 64-bit cgroup id, got ${String(c.cgroup)}`);
    const data = Buffer.alloc(8);
    data.writeBigUInt64LE(id, 0);
    parts.push(leaf(BytecodeOp.CgroupCond, data));
  }
  if (c.interface !== undefined) {
    const data = Buffer.alloc(4);
    data.writeUInt32LE(u32(c.interface, `${what}.interface`), 0);
    parts.push(leaf(BytecodeOp.DevCond, data));
  }
  if (parts.length === 0) throw new FilterError(`${what}: an empty filter`);
  return parts.reduce(and);
}

/** Compiles a filter to inet_diag bytecode (the value of INET_DIAG_REQ_BYTECODE). Throws FilterError. */
export function compileFilter(filter: SocketFilter): Buffer {
  const ops = resolveRejects(compileNode(filter, 'filter'), 4);
  const out = Buffer.alloc(sizeOf(ops));
  let at = 0;
  for (const op of ops) {
    out[at] = op.code;
    out[at + 1] = op.yes;
    out.writeUInt16LE(op.no, at + 2);
    op.data.copy(out, at + 4);
    at += 4 + op.data.length;
  }
  if (out.length > 0xffff - 4) throw new FilterError('filter: the compiled program is too large');
  for (let i = 0; i < ops.length; i++) if (ops[i].yes > 255) throw new FilterError('filter: a condition is too large');
  return out;
}

function portMatches(m: PortMatch, port: number): boolean {
  if (typeof m === 'number') return port === m;
  return (
    (m.eq === undefined || port === m.eq) &&
    (m.ne === undefined || port !== m.ne) &&
    (m.ge === undefined || port >= m.ge) &&
    (m.gt === undefined || port > m.gt) &&
    (m.le === undefined || port <= m.le) &&
    (m.lt === undefined || port < m.lt)
  );
}

function addressMatches(text: string, family: 'inet' | 'inet6', address: string): boolean {
  const p = parseAddressPrefix(text, 'filter');
  let bytes = family === 'inet' ? spec.parseIPv4(address) : spec.parseIPv6(address);
  if (!bytes) return false;
  if (p.family === AddressFamily.Inet && bytes.length === 16) {
    // As the kernel does: an IPv4 condition matches an IPv4-mapped IPv6 socket by its IPv4 part.
    const mapped = bytes.subarray(0, 12).equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]));
    if (!mapped) return false;
    bytes = bytes.subarray(12);
  } else if (p.bytes.length !== bytes.length) {
    return false;
  }
  let bits = p.prefixLength;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (p.bytes[i] & mask)) return false;
  }
  return true;
}

/** Evaluates a filter on a decoded socket in JavaScript (what the kernel's bytecode does). Throws FilterError. */
export function matchesFilter(filter: SocketFilter, s: InetSocket): boolean {
  if ('all' in filter) return filter.all.every((f) => matchesFilter(f, s));
  if ('any' in filter) return filter.any.some((f) => matchesFilter(f, s));
  if ('not' in filter) return !matchesFilter(filter.not, s);
  const c = filter as FilterConditions;
  if (c.localPort !== undefined && !portMatches(c.localPort, s.localPort)) return false;
  if (c.remotePort !== undefined && !portMatches(c.remotePort, s.remotePort)) return false;
  if (c.localAddress !== undefined && !addressMatches(c.localAddress, s.family, s.localAddress)) return false;
  if (c.remoteAddress !== undefined && !addressMatches(c.remoteAddress, s.family, s.remoteAddress)) return false;
  if (c.mark !== undefined && ((s.mark ?? 0) & (c.mask ?? 0xffffffff)) >>> 0 !== c.mark) return false;
  if (c.cgroup !== undefined && s.cgroupId !== BigInt(c.cgroup)) return false;
  if (c.interface !== undefined && s.interface !== c.interface) return false;
  return true;
}

// IP addresses: formatted as Node's net module and iproute2 print them, parsed exactly as net.isIP accepts them.
import { EncodeError } from '../errors';
import { Codec, INVALID } from '../spec/types';

const OCTETS: string[] = [];
for (let i = 0; i < 256; i++) OCTETS.push(String(i));
const DOTTED_OCTETS = OCTETS.map((octet) => `${octet}.`);
// The last "a.b.c." prefixes formatted, direct-mapped by their 24 bits. Addresses in a table or a stream of
// lookups share their first three octets far more often than not; a hit makes one string instead of seven (a
// template literal allocates every intermediate), which halves what decoding a route allocates.
const PREFIX_SLOTS = 256;
const prefixKeys = new Int32Array(PREFIX_SLOTS).fill(-1);
const prefixTexts: string[] = new Array<string>(PREFIX_SLOTS).fill('');

/** The IPv4 address in buf[at, at + 4) as dotted-quad text ('192.0.2.1'). */
export function formatIPv4(buf: Buffer | Uint8Array, at: number): string {
  const a = buf[at];
  const b = buf[at + 1];
  const c = buf[at + 2];
  const key = (a << 16) | (b << 8) | c;
  const slot = (key ^ (key >>> 8) ^ (key >>> 16)) & (PREFIX_SLOTS - 1);
  let prefix: string;
  if (prefixKeys[slot] === key) {
    prefix = prefixTexts[slot];
  } else {
    prefix = DOTTED_OCTETS[a] + DOTTED_OCTETS[b] + DOTTED_OCTETS[c];
    prefixKeys[slot] = key;
    prefixTexts[slot] = prefix;
  }
  return prefix + OCTETS[buf[at + 3]];
}

/** The IPv6 address in buf[at, at + 16) as inet_ntop prints it ('2001:db8::1', '::ffff:192.0.2.1'). */
export function formatIPv6(buf: Buffer | Uint8Array, at: number): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) words[i] = (buf[at + 2 * i] << 8) | buf[at + 2 * i + 1];
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  // Like inet_ntop: ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped) keep the dotted quad.
  if (bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
    return (bestLen === 5 ? '::ffff:' : '::') + formatIPv4(buf, at + 12);
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (s !== '' && !s.endsWith(':')) s += ':';
    s += words[i].toString(16);
  }
  return s;
}

/** The 4 bytes of dotted-quad text, written into `out`; undefined when the text is not an IPv4 address. */
export function parseIPv4(text: string, out: Buffer = Buffer.alloc(4)): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a final '.' closes the last part
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || part > 3) return undefined;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  return part === 4 ? out : undefined;
}

/** The 16 bytes of IPv6 text (with '::' and an embedded IPv4 tail); undefined when it is not an IPv6 address. */
export function parseIPv6(text: string): Buffer | undefined {
  const out = Buffer.alloc(16);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIPv4(item);
        if (v4 === undefined) return undefined;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        groups.push(parseInt(item, 16));
      }
    }
    return groups;
  };
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  head.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  tail.forEach((g, i) => out.writeUInt16BE(g, 16 - 2 * (tail.length - i)));
  return out;
}

/** An IPv4 or IPv6 address as text → its 4 or 16 bytes; throws EncodeError otherwise. */
export function ipAddressBytes(text: string, what = 'IP address'): Buffer {
  const b = typeof text === 'string' ? (text.includes(':') ? parseIPv6(text) : parseIPv4(text)) : undefined;
  if (b === undefined) throw new EncodeError(`${what}: '${String(text)}' is not an IPv4 or IPv6 address`);
  return b;
}

const ipv4Scratch = Buffer.alloc(4);

/** IPv4 or IPv6 address, told apart by length (what rtnetlink does for every attribute that carries one). */
export const ipAddress: Codec<string> = {
  kind: 'codec',
  name: 'IP address',
  decode(buf, start, end) {
    const len = end - start;
    if (len === 4) return formatIPv4(buf, start);
    if (len === 16) return formatIPv6(buf, start);
    return INVALID;
  },
  encode(value) {
    return ipAddressBytes(value);
  },
  encodeInto(w, rawType, value) {
    // The writer copies the bytes at once, so one scratch buffer serves every IPv4 address.
    if (typeof value === 'string' && !value.includes(':') && parseIPv4(value, ipv4Scratch) !== undefined) w.raw(rawType, ipv4Scratch);
    else w.raw(rawType, ipAddressBytes(value));
  },
};

/** Only an IPv4 address (IFLA_VXLAN_GROUP, ...). */
export const ipv4Address: Codec<string> = {
  kind: 'codec',
  name: 'IPv4 address',
  size: 4,
  decode(buf, start, end) {
    return end - start === 4 ? formatIPv4(buf, start) : INVALID;
  },
  encode(value) {
    const b = typeof value === 'string' ? parseIPv4(value) : undefined;
    if (b === undefined) throw new EncodeError(`'${String(value)}' is not an IPv4 address`);
    return b;
  },
};

/** Only an IPv6 address (IFLA_VXLAN_GROUP6, IFLA_INET6_TOKEN, ...). */
export const ipv6Address: Codec<string> = {
  kind: 'codec',
  name: 'IPv6 address',
  size: 16,
  decode(buf, start, end) {
    return end - start === 16 ? formatIPv6(buf, start) : INVALID;
  },
  encode(value) {
    const b = typeof value === 'string' ? parseIPv6(value) : undefined;
    if (b === undefined) throw new EncodeError(`'${String(value)}' is not an IPv6 address`);
    return b;
  },
};


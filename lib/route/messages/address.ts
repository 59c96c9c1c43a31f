// Addresses: struct ifaddrmsg + IFA_* attributes (RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR).
import { AttributeId, attributeIds, messageKind } from '../../core/family';
import {
  Codec,
  INVALID,
  MessageValue,
  attributeSet,
  enumOf,
  flagBits,
  flagsOf,
  ipAddress,
  messageSpec,
  struct,
  structSpec,
} from '../../core/spec';
import { ADDRESS_FLAGS, ADDRESS_PROTOCOLS, ROUTE_SCOPES, RouteMessageType } from '../constants';
import { addressFamily } from './route';

const addressFlags = flagsOf('address flags', 'u32', ADDRESS_FLAGS);

/**
 * ifa_flags: the low eight IFA_F_* bits. The full set travels in IFA_FLAGS, which replaces this value when present;
 * encoding keeps the bits that fit.
 */
const headerAddressFlags: Codec<Array<(typeof ADDRESS_FLAGS)[keyof typeof ADDRESS_FLAGS] | number>> = {
  kind: 'codec',
  name: 'address flags',
  size: 1,
  integer: 'u8',
  fromNumber: addressFlags.fromNumber,
  decode(buf, start, end) {
    return end - start === 1 ? addressFlags.fromNumber!(buf[start]) : INVALID;
  },
  encode(value) {
    return Buffer.of(flagBits(value, ADDRESS_FLAGS, 'address flags') & 0xff);
  },
};

/** struct ifaddrmsg */
export const ifaddrmsg = structSpec('ifaddrmsg', 8, {
  /** ifa_family: `'inet'` or `'inet6'`. */
  family: [0, addressFamily],
  /** ifa_prefixlen: the prefix length of the address's network. */
  prefixlen: [1, 'u8'],
  /** The IFA_F_* flags (`'permanent'`, `'secondary'`, `'noprefixroute'`, ...): IFA_FLAGS when present (all 32 bits), else ifa_flags. */
  flags: [2, headerAddressFlags],
  /** ifa_scope: `'universe'` (global), `'link'`, `'host'`, ... */
  scope: [3, enumOf('address scope', 'u8', ROUTE_SCOPES)],
  /** ifa_index: the index of the link the address is on. */
  ifindex: [4, 'u32'],
});

/** struct ifa_cacheinfo: lifetimes in seconds (0xffffffff = forever), timestamps in hundredths of a second. */
export const ifaCacheinfo = structSpec('ifa_cacheinfo', 16, {
  preferred: [0, 'u32'],
  valid: [4, 'u32'],
  cstamp: [8, 'u32'],
  tstamp: [12, 'u32'],
});

/** IFA_* */
export const addressAttributes = attributeSet('address', {
  /** The peer address on point-to-point links, else the same as `local`. */
  address: { id: 1, type: ipAddress },
  /** IFA_LOCAL: the address itself (IPv4); IPv6 addresses have only `address`. */
  local: { id: 2, type: ipAddress },
  /** IFA_LABEL: the IPv4 address's label (the link's name, or `NAME:ALIAS`). */
  label: { id: 3, type: 'string' },
  /** IFA_BROADCAST: the IPv4 broadcast address. */
  broadcast: { id: 4, type: ipAddress },
  /** IFA_ANYCAST: an IPv6 anycast address. */
  anycast: { id: 5, type: ipAddress },
  /** IFA_CACHEINFO: lifetimes (seconds, 0xffffffff forever) and creation and update times (struct ifa_cacheinfo). */
  cacheinfo: { id: 6, type: struct(ifaCacheinfo) },
  /** IFA_MULTICAST: an IPv6 multicast address (multicast address dumps). */
  multicast: { id: 7, type: ipAddress },
  flags: { id: 8, type: addressFlags },
  /** IFA_RT_PRIORITY: the metric of the prefix route the address makes. */
  rtPriority: { id: 9, type: 'u32' },
  /** IFA_TARGET_NETNSID: act on the namespace with this id (requests only). */
  targetNetnsid: { id: 10, type: 's32' },
  /** IFA_PROTO: who added the address (`'kernelLo'`, `'kernelRa'`, `'kernelLl'`, or a number). */
  proto: { id: 11, type: enumOf('address protocol', 'u8', ADDRESS_PROTOCOLS) },
});

/** IFA_* ids, derived from addressAttributes. */
export const AddressAttribute = attributeIds(addressAttributes);
export type AddressAttribute = AttributeId<typeof AddressAttribute>;

/** RTM_NEWADDR/DELADDR/GETADDR: struct ifaddrmsg and the IFA_* attributes. */
export const addressMessage = messageSpec('address', ifaddrmsg, addressAttributes);

/** A decoded address. `flags` is IFA_FLAGS when present (all 32 bits), else ifa_flags. */
export interface Address extends MessageValue<typeof addressMessage> {}
/** What encodeAddress accepts: any subset of an Address's fields. */
export type AddressInput = Partial<Address>;

const addressKind = messageKind(addressMessage, [RouteMessageType.NewAddr, RouteMessageType.DelAddr, RouteMessageType.GetAddr]);

/** Decodes an ifaddrmsg payload (never throws; problems are listed in `decodeErrors`). */
export const decodeAddress: (payload: Buffer, messageType?: number) => Address = addressKind.decode;

/** Decodes the address in buf[start, end) without making a view of it first (for dump loops). */
export const decodeAddressAt: (buf: Buffer, start: number, end: number) => Address = addressKind.decodeAt;

/** Encodes an address as an ifaddrmsg payload. */
export const encodeAddress: (address: AddressInput) => Buffer = addressKind.encode;

// The typed rtnetlink messages: one module per message kind, each a declarative description (lib/core/spec)
// with decodeX / decodeXAt / encodeX and the decoded object's type.
//
// Conventions shared by every kind:
// - Field names are the uapi names in camelCase without their prefix: rtm_dst_len → dstLen, IFLA_MIN_MTU → minMtu,
//   ifi_index / ifa_index / ndm_ifindex → ifindex. Header struct members and attributes share one object; where
//   an attribute widens a header member (RTA_TABLE / FRA_TABLE over the 8-bit table, IFA_FLAGS over ifa_flags)
//   the field holds the wide value, and encoding puts it in the attribute only when the header cannot hold it.
// - Enumerations decode to names (uapi names in camelCase: 'unicast', 'kernel', 'universe', 'lowerlayerdown'),
//   or to the bare number for values without a name; encoders take either.
// - Flag sets decode to arrays of names in bit order (['up', 'broadcast', 'lowerUp']), bits without a name as
//   their numeric value; decoded arrays are frozen and shared, so copy one before changing it.
// - IPv4/IPv6 addresses are text as inet_ntop writes it; link-layer addresses colon-separated lower-case hex.
// - 64-bit counters and timers are bigints.
// - Kind-specific link data (linkinfo.data / slaveData) is decoded for veth, bridge, vlan, vxlan, macvlan/macvtap,
//   bond, ipvlan/ipvtap, vrf, tun and netkit, and for bridge, bond and vrf ports; other kinds keep their bytes as
//   a Buffer, which encodes back unchanged. Bond enumerations use ip's names ('balance-rr', 'layer3+4').
// - Nothing is dropped: attributes this code does not know, and malformed ones, are kept in `unknownAttributes`
//   ({ type, value: Buffer }); problems are listed in `decodeErrors` (DecodeError with the byte offset). A
//   decoded object remembers its attributes' wire order (a symbol-keyed property), so encodeX(decodeX(bytes))
//   reproduces the bytes exactly, and changed fields are written in their old place.
export * from './link';
export * from './device-kinds';
export * from './tunnel-kinds';
export * from './address';
export * from './route';
export * from './neighbour';
export * from './rule';
export * from './nexthop';
export * from './mctp';

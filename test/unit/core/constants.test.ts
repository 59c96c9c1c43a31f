// Every constant of lib/core/constants.ts against the installed uapi headers: a C program prints the real
// values, so a transcription slip fails the build.
import { expect } from 'chai';
import { existsSync } from 'fs';
import * as c from '../../../lib/core/constants';
import { skipWithReason } from '../../helpers/netns';
import { cCompiler, uapiValues } from '../../helpers/uapi';

const checks: Array<[string, number]> = [
  ...Object.entries({
    NETLINK_ROUTE: c.Protocol.Route, NETLINK_USERSOCK: c.Protocol.Usersock, NETLINK_FIREWALL: c.Protocol.Firewall,
    NETLINK_SOCK_DIAG: c.Protocol.SockDiag, NETLINK_NFLOG: c.Protocol.Nflog, NETLINK_XFRM: c.Protocol.Xfrm,
    NETLINK_SELINUX: c.Protocol.Selinux, NETLINK_ISCSI: c.Protocol.Iscsi, NETLINK_AUDIT: c.Protocol.Audit,
    NETLINK_FIB_LOOKUP: c.Protocol.FibLookup, NETLINK_CONNECTOR: c.Protocol.Connector, NETLINK_NETFILTER: c.Protocol.Netfilter,
    NETLINK_IP6_FW: c.Protocol.Ip6Fw, NETLINK_DNRTMSG: c.Protocol.Dnrtmsg, NETLINK_KOBJECT_UEVENT: c.Protocol.KobjectUevent,
    NETLINK_GENERIC: c.Protocol.Generic, NETLINK_SCSITRANSPORT: c.Protocol.ScsiTransport, NETLINK_ECRYPTFS: c.Protocol.Ecryptfs,
    NETLINK_RDMA: c.Protocol.Rdma, NETLINK_CRYPTO: c.Protocol.Crypto, NETLINK_SMC: c.Protocol.Smc,
    NLMSG_NOOP: c.MessageType.Noop, NLMSG_ERROR: c.MessageType.Error, NLMSG_DONE: c.MessageType.Done,
    NLMSG_OVERRUN: c.MessageType.Overrun, NLMSG_MIN_TYPE: c.NLMSG_MIN_TYPE,
    NLM_F_REQUEST: c.MessageFlags.Request, NLM_F_MULTI: c.MessageFlags.Multi, NLM_F_ACK: c.MessageFlags.Ack,
    NLM_F_ECHO: c.MessageFlags.Echo, NLM_F_DUMP_INTR: c.MessageFlags.DumpIntr, NLM_F_DUMP_FILTERED: c.MessageFlags.DumpFiltered,
    NLM_F_ROOT: c.GetFlags.Root, NLM_F_MATCH: c.GetFlags.Match, NLM_F_ATOMIC: c.GetFlags.Atomic, NLM_F_DUMP: c.GetFlags.Dump,
    NLM_F_REPLACE: c.NewFlags.Replace, NLM_F_EXCL: c.NewFlags.Excl, NLM_F_CREATE: c.NewFlags.Create, NLM_F_APPEND: c.NewFlags.Append,
    NLM_F_NONREC: c.DeleteFlags.NonRec, NLM_F_BULK: c.DeleteFlags.Bulk,
    NLM_F_CAPPED: c.AckFlags.Capped, NLM_F_ACK_TLVS: c.AckFlags.AckTlvs,
    NLMSGERR_ATTR_UNUSED: c.ErrorAttribute.Unused, NLMSGERR_ATTR_MSG: c.ErrorAttribute.Msg, NLMSGERR_ATTR_OFFS: c.ErrorAttribute.Offs,
    NLMSGERR_ATTR_COOKIE: c.ErrorAttribute.Cookie, NLMSGERR_ATTR_POLICY: c.ErrorAttribute.Policy,
    NLMSGERR_ATTR_MISS_TYPE: c.ErrorAttribute.MissType, NLMSGERR_ATTR_MISS_NEST: c.ErrorAttribute.MissNest,
    NLA_F_NESTED: c.AttributeFlags.Nested, NLA_F_NET_BYTEORDER: c.AttributeFlags.NetByteOrder, NLA_TYPE_MASK: c.NLA_TYPE_MASK,
    NETLINK_ADD_MEMBERSHIP: c.NetlinkSocketOption.AddMembership, NETLINK_DROP_MEMBERSHIP: c.NetlinkSocketOption.DropMembership,
    NETLINK_PKTINFO: c.NetlinkSocketOption.PktInfo, NETLINK_BROADCAST_ERROR: c.NetlinkSocketOption.BroadcastError,
    NETLINK_NO_ENOBUFS: c.NetlinkSocketOption.NoEnobufs, NETLINK_LISTEN_ALL_NSID: c.NetlinkSocketOption.ListenAllNsid,
    NETLINK_LIST_MEMBERSHIPS: c.NetlinkSocketOption.ListMemberships, NETLINK_CAP_ACK: c.NetlinkSocketOption.CapAck,
    NETLINK_EXT_ACK: c.NetlinkSocketOption.ExtAck, NETLINK_GET_STRICT_CHK: c.NetlinkSocketOption.GetStrictChk,
    NLMSG_ALIGNTO: c.NLMSG_ALIGNTO, NLMSG_HDRLEN: c.NLMSG_HDRLEN, NLA_ALIGNTO: c.NLA_ALIGNTO, NLA_HDRLEN: c.NLA_HDRLEN,
    'sizeof(struct nlmsgerr)': c.NLMSGERR_LENGTH,
  }),
];

describe('core/constants: match the uapi headers', function () {
  before(function () {
    if (!cCompiler || !existsSync('/usr/include/linux/netlink.h')) skipWithReason(this, 'needs a C compiler and /usr/include/linux/netlink.h');
  });

  it(`all ${checks.length} values`, () => {
    const names = checks.map(([name]) => (name === 'NLA_TYPE_MASK' ? 'NLA_TYPE_MASK_VALUE' : name));
    const values = uapiValues(['linux/netlink.h'], names, ['#define NLA_TYPE_MASK_VALUE ((unsigned short)NLA_TYPE_MASK)']);
    const mismatches = checks.filter(([, ours], i) => ours !== values[i]).map(([name, ours]) => `${name}: ours ${ours}, header ${values[checks.findIndex((x) => x[0] === name)]}`);
    expect(mismatches).to.deep.equal([]);
  });
});

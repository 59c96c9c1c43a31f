// The protocol core alone, no family code: dump the links with RTM_GETLINK and read two fields of each.
// node examples/raw-dump.mjs
import { AttributeWriter, Connection, Protocol, parseAttributes, readString } from 'linux-netlink';

const RTM_GETLINK = 18;
const IFINFOMSG_SIZE = 16; // struct ifinfomsg
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;

const conn = Connection.open({ protocol: Protocol.Route });
try {
  const request = new AttributeWriter();
  request.zeros(IFINFOMSG_SIZE);
  const { messages, interrupted } = await conn.dump(RTM_GETLINK, request.toBuffer(), { retryOnInterrupt: 3 });
  for (const m of messages) {
    const ifindex = m.payload.readInt32LE(4); // ifi_index
    const { attributes } = parseAttributes(m.payload, IFINFOMSG_SIZE);
    const name = attributes.find((a) => a.type === IFLA_IFNAME);
    const mtu = attributes.find((a) => a.type === IFLA_MTU);
    console.log(ifindex, name && readString(name.value), mtu?.value.readUInt32LE(0));
  }
  console.log(`${messages.length} links; interrupted: ${interrupted}; strict checking: ${conn.strict}`);
} finally {
  conn.close();
}

'use strict';
// The network interfaces of this namespace, like `ip -br link`: node examples/list-links.js
// (A CommonJS program: `require` gets the same package as `import`.)
const { RouteClient } = require('linux-netlink');

async function main() {
  const client = RouteClient.open();
  try {
    for (const link of await client.links()) {
      const kind = link.linkinfo?.kind ?? '';
      console.log([link.ifindex, link.ifname, link.operstate, `mtu ${link.mtu}`, link.address ?? '', kind].join(' '));
    }
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

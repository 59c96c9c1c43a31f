// linux-netlink's side of the request loop: N sequential ethtool linkstate-get (typed client, do() with ACK),
// after a warm-up of the same size. Usage: node linkstate.js NETNS DEV N
'use strict';
const { ynl } = require('../../dist/lib');

async function main() {
  const [netns, dev, count] = process.argv.slice(2);
  const n = Number(count);
  const ethtool = ynl.families.ethtool.open({ netns });
  const request = { header: { devName: dev } };
  let link;
  for (let i = 0; i < n; i++) link = (await ethtool.linkstateGet(request)).link; // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) link = (await ethtool.linkstateGet(request)).link;
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / n;
  ethtool.close();
  console.log(JSON.stringify({ requests: n, usPerRequest: Number(us.toFixed(2)), link }));
}
main();

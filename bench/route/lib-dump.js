'use strict';
// The library's route-dump contender: stream every route of one table into typed objects and count them.
// usage: node lib-dump.js NETNS TABLE
const { RouteClient } = require('../../dist/lib/route');

async function main() {
  const [netns, table] = process.argv.slice(2);
  const client = RouteClient.open({ netns });
  let count = 0;
  let checksum = 0; // touch the decoded fields so the work cannot be skipped
  try {
    for await (const route of client.routesStream({ family: 'inet', table: Number(table) })) {
      count++;
      checksum += route.dstLength ?? route.dstLen ?? 0;
    }
  } finally {
    client.close();
  }
  process.stdout.write(`${count}\n`);
  process.stderr.write(`checksum ${checksum}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

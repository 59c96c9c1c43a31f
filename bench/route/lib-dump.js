'use strict';
// The library's route-dump contender: stream every route of one table into typed objects and count them.
// usage: node lib-dump.js NETNS TABLE [stream|batches] [thread|nothread]
//   stream:  for await (const route of client.routesStream(...)), one route per iteration
//   batches: for await (const batch of client.routeBatches(...)), one datagram's worth of routes per iteration
//   thread / nothread: force RouteClient's receiveThread option (default: the library's own default, on): with
//            it the kernel builds the next datagrams on a native thread while JavaScript decodes
// The package's public entry, as a user loads it (its start-up cost is part of what is measured).
const { RouteClient } = require('../..');

async function main() {
  const [netns, table, mode = 'stream', thread] = process.argv.slice(2);
  const forced = thread === 'thread' ? { receiveThread: true } : thread === 'nothread' ? { receiveThread: false } : {};
  const client = RouteClient.open({ netns, ...forced });
  let count = 0;
  let checksum = 0; // touch the decoded fields so the work cannot be skipped
  try {
    const filter = { family: 'inet', table: Number(table) };
    if (mode === 'batches') {
      for await (const batch of client.routeBatches(filter)) {
        for (const route of batch) {
          count++;
          checksum += route.dstLen;
        }
      }
    } else {
      for await (const route of client.routesStream(filter)) {
        count++;
        checksum += route.dstLen;
      }
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

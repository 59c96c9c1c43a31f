'use strict';
// lib-dump.js with the route dump received on a native thread (RouteClientOptions.receiveThread), so the
// kernel builds the next datagrams while JavaScript decodes the last ones.
// usage: node lib-dump-threaded.js NETNS TABLE [stream|batches|list] [thread|nothread]
const { RouteClient } = require('../../dist/lib/route');

async function main() {
  const [netns, table, mode = 'stream', thread = 'thread'] = process.argv.slice(2);
  const client = RouteClient.open({ netns, receiveThread: thread !== 'nothread' });
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
    } else if (mode === 'list') {
      for (const route of await client.routes(filter)) {
        count++;
        checksum += route.dstLen;
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

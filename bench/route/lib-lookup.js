'use strict';
// The library's lookup contender: COUNT sequential getRoute calls on one client, like route-lookup.c.
// Prints "COUNT NANOSECONDS" for the loop alone. usage: node lib-lookup.js NETNS COUNT FIRST_IPV4 SPAN
// The package's public entry, as a user loads it (its start-up cost is part of what is measured).
const { RouteClient } = require('../..');
const { destinations } = require('./destinations');

async function main() {
  const [netns, countText, first, spanText] = process.argv.slice(2);
  const targets = destinations(first, Number(countText), Number(spanText));
  const client = RouteClient.open({ netns });
  let found = 0;
  try {
    const start = process.hrtime.bigint();
    for (const destination of targets) {
      const route = await client.getRoute(destination);
      if (route) found++;
    }
    const elapsed = process.hrtime.bigint() - start;
    process.stdout.write(`${found} ${elapsed}\n`);
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

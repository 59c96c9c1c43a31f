'use strict';
// Throughput with every lookup in flight at once: COUNT getRoute calls issued together on one client.
// Prints "COUNT NANOSECONDS". usage: node lib-inflight.js NETNS COUNT FIRST_IPV4 SPAN
// The package's public entry, as a user loads it (its start-up cost is part of what is measured).
const { RouteClient } = require('../..');
const { destinations } = require('./destinations');

async function main() {
  const [netns, countText, first, spanText] = process.argv.slice(2);
  const targets = destinations(first, Number(countText), Number(spanText));
  const client = RouteClient.open({ netns });
  try {
    const start = process.hrtime.bigint();
    const routes = await Promise.all(targets.map((destination) => client.getRoute(destination)));
    const elapsed = process.hrtime.bigint() - start;
    process.stdout.write(`${routes.filter(Boolean).length} ${elapsed}\n`);
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

'use strict';
// One contender of bench/diag/run.js: lists the TCP sockets of a namespace with the library, in this process,
// and prints what it measured as JSON: the time to load the package, the first listing (cold: socket opened,
// code not yet optimized) and the median of the warm ones that follow.
//
// usage: node bench/diag/lib-list.js NETNS netlink|proc|batches ROUNDS
const { performance } = require('perf_hooks');
const path = require('path');

const [netns, mode, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText ?? 5);
const t0 = performance.now();
const { DiagClient } = require(path.join(__dirname, '..', '..', 'dist', 'bundle', 'linux-netlink.js'));
const loaded = performance.now();

async function listOnce(client) {
  if (mode === 'batches') {
    let n = 0;
    for await (const batch of client.inetSocketBatches()) n += batch.length;
    return n;
  }
  return (await client.inetSockets()).length;
}

(async () => {
  const times = [];
  let count = 0;
  for (let i = 0; i <= rounds; i++) {
    const start = performance.now();
    const client = DiagClient.open({ netns, source: mode === 'proc' ? 'proc' : 'netlink', receiveBufferSize: 1 << 20 });
    try {
      count = await listOnce(client);
    } finally {
      client.close();
    }
    times.push(performance.now() - start);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  console.log(JSON.stringify({ count, loadMs: loaded - t0, firstMs: times[0], warmMs: warm[Math.floor(warm.length / 2)] }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});

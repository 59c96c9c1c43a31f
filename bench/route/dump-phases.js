'use strict';
// Where a route-dump process's time goes after Node's start-up: loading the package, the first route, the rest.
// Runs lib-dump's work ROUNDS times, each in a fresh process, and prints the medians (ms from the script's start).
// usage: node bench/route/dump-phases.js NETNS [ROUNDS]   (a namespace with routes in table 100, e.g. from
// netns-routes.js; run.js builds and deletes its own)
const { spawnSync } = require('child_process');

const child = `
const t0 = process.hrtime.bigint();
const at = () => Number(process.hrtime.bigint() - t0) / 1e6;
const { RouteClient } = require(${JSON.stringify(require('path').join(__dirname, '..', '..'))});
const loaded = at();
(async () => {
  const client = RouteClient.open({ netns: process.argv[1] });
  let first = 0, count = 0;
  for await (const route of client.routesStream({ family: 'inet', table: 100 })) {
    if (count++ === 0) first = at();
    if (route.dstLen === undefined) throw new Error('undecoded route');
  }
  client.close();
  console.log(JSON.stringify({ loaded, first, done: at(), count }));
})();`;

const [netns, roundsText = '11'] = process.argv.slice(2);
if (!netns) {
  console.error('usage: node bench/route/dump-phases.js NETNS [ROUNDS]');
  process.exit(2);
}
const runs = [];
for (let i = 0; i < Number(roundsText); i++) {
  const r = spawnSync(process.execPath, ['-e', child, netns], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  runs.push(JSON.parse(r.stdout));
}
const median = (f) => {
  const v = runs.map(f).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)].toFixed(1);
};
console.log(`${runs[0].count} routes, ${runs.length} runs, medians in ms: loading the package ${median((r) => r.loaded)}, ` +
  `to the first route ${median((r) => r.first - r.loaded)}, the rest of the dump ${median((r) => r.done - r.first)}, ` +
  `in all ${median((r) => r.done)}`);

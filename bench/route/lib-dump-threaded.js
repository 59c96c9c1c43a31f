'use strict';
// lib-dump.js with the route dump received on a native thread (RouteClientOptions.receiveThread: from its
// fourth datagram on, the dump is read by the thread), so the kernel builds the next datagrams while JavaScript
// decodes the last ones. Also prints, on stderr, the CPU time of the main (JavaScript) thread and of the whole
// process: the thread moves the kernel's share off the main thread, which only shortens the wall time when
// another core is free.
// usage: node lib-dump-threaded.js NETNS TABLE [stream|batches|list] [thread|nothread]
const { readFileSync } = require('fs');
const { RouteClient } = require('../../dist/lib/route');

/** utime + stime of the main thread, in seconds (clock ticks of 10 ms). */
function mainThreadCpu() {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

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
  const cpu = process.cpuUsage();
  const processCpu = (cpu.user + cpu.system) / 1e6;
  process.stderr.write(`checksum ${checksum} main-thread-cpu ${mainThreadCpu().toFixed(2)} s process-cpu ${processCpu.toFixed(2)} s\n`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

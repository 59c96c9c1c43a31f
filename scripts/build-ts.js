'use strict';
// Compiles the TypeScript to dist/, derives the runtime entry main.js from index.js, bundles the package's two
// entries (the library and the command-line tool) with their code caches into dist/bundle/, and writes the
// ES-module entry point that re-exports the CommonJS one, so `import` and `require` share one instance of every
// class (instanceof works across both).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { bundle, writeCodeCache } = require('./bundle');
const { writeRuntimeEntry } = require('./runtime-entry');

const root = path.join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
// tsc never deletes the output of a source that was moved or removed: a stale compiled test would still run, and
// a stale lib/x.js would shadow a new lib/x/index.js.
for (const dir of ['dist/test', 'dist/lib']) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });

// main.js, the runtime entry, is derived from index.js (it has no source of its own, nor declarations: types come
// from index.d.ts; one left by a build from before is removed).
const libDir = path.join(root, 'dist/lib');
fs.rmSync(path.join(libDir, 'main.d.ts'), { force: true });
writeRuntimeEntry(libDir);

// The names come from index.js, the typed surface that main.js (the lazy runtime entry) mirrors.
const cjs = require(path.join(root, 'dist/lib/index.js'));
const names = Object.keys(cjs).filter((n) => n !== 'default' && n !== '__esModule');
const esm = [
  "import lib from '../bundle/linux-netlink.js';",
  ...names.map((n) => `export const ${n} = lib.${n};`),
  'export default lib;',
  '',
].join('\n');
fs.mkdirSync(path.join(root, 'dist/esm'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist/esm/index.mjs'), esm);

// Part of what a program runs first goes into the code cache too: the code that generates the route decoders,
// that encodes and decodes a route, and the path of a route lookup (client, connection, socket), which a lookup
// in this host's own namespace (read-only: `ip route get 127.0.0.1`) runs once; without it a process's first
// lookups compile each of those functions from source (~1 ms in all). The generated decoders themselves are not
// cached (code made by new Function is not part of a script's cache: ~2 ms at a process's first route). A build
// where no netlink socket can be opened (a sandbox) caches the rest.
const warmLibrary = (load) => {
  const route = load('route/messages/route.js');
  const sample = route.encodeRoute({ family: 'inet', dst: '10.0.0.1', dstLen: 32, table: 100, oif: 1, gateway: '192.168.0.1' });
  route.decodeRoute(sample);
  route.decodeRouteAt(sample, 0, sample.length);
  let client;
  try {
    client = load('route/client.js').RouteClient.open();
    // Answered inside the call: everything it runs is compiled when this returns; the outcome does not matter.
    client.getRoute('127.0.0.1').catch(() => {});
  } catch {
    // No netlink here: the lookup path is compiled in each process instead.
  } finally {
    client?.close();
  }
};
const bundleDir = path.join(root, 'dist/bundle');
fs.rmSync(bundleDir, { recursive: true, force: true });
for (const [name, entry, warm] of [
  ['linux-netlink', 'main.js', warmLibrary],
  ['cli', 'cli/main.js', warmLibrary],
]) {
  // binding.js requires the addon by its absolute path.
  const keys = bundle(libDir, entry, bundleDir, name, { dynamicRequires: ['socket/binding.js'] });
  writeCodeCache(bundleDir, name, keys, warm);
}

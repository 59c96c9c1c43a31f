'use strict';
// Compiles the TypeScript to dist/ and writes the ES-module entry point that re-exports the CommonJS build,
// so `import` and `require` share one instance of every class (instanceof works across both).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
// tsc never deletes the output of a source that was moved or removed: a stale compiled test would still run.
fs.rmSync(path.join(root, 'dist/test'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });

// The names come from index.js, the typed surface that main.js (the lazy runtime entry) mirrors.
const cjs = require(path.join(root, 'dist/lib/index.js'));
const names = Object.keys(cjs).filter((n) => n !== 'default' && n !== '__esModule');
const esm = [
  "import lib from '../lib/main.js';",
  ...names.map((n) => `export const ${n} = lib.${n};`),
  'export default lib;',
  '',
].join('\n');
fs.mkdirSync(path.join(root, 'dist/esm'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist/esm/index.mjs'), esm);

'use strict';
// What of the working tree goes into the guest: the compiled JavaScript, the ARM prebuilds, the CLI, and
// the node_modules the library and the test runner need at run time (resolved the way Node resolves them,
// so nested and hoisted layouts both work). No compiler exists in the guest: nothing is built there.
const fs = require('fs');
const path = require('path');
const { StepError } = require('./process');

// Test-time modules on top of the package's own dependencies.
const TEST_MODULES = ['mocha', 'chai', 'fast-check', 'yaml'];
// Needed to build the addon, not to load it.
const BUILD_ONLY = new Set(['node-addon-api']);

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Finds the directory of module `name` as seen from `fromDir` (Node's node_modules lookup). */
function resolvePackageDir(name, fromDir, root) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
    dir = path.dirname(dir);
  }
}

/** Every package directory needed by `names` (and their dependencies), relative to root. */
function moduleClosure(root, names) {
  const found = new Set();
  const visit = (name, fromDir, optional) => {
    const dir = resolvePackageDir(name, fromDir, root);
    if (!dir) {
      if (optional) return;
      throw new StepError('package', `node_modules lacks ${name} (needed in the guest); run npm install`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = readJson(path.join(dir, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies || {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies || {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, root, false);
  return [...found].map((dir) => path.relative(root, dir)).sort();
}

/**
 * Returns [{ from, to, filter? }]: host paths and where they go under the package root in the guest.
 * Throws if the TypeScript has not been compiled.
 */
function packageBundle(root, { prebuildFiles = [] } = {}) {
  const pkg = readJson(path.join(root, 'package.json'));
  if (!fs.existsSync(path.join(root, 'dist', 'lib'))) {
    throw new StepError('package', 'dist/lib does not exist: compile the TypeScript first (npm run build:ts)');
  }
  const bundle = [{ from: path.join(root, 'package.json'), to: 'package.json' }];
  for (const dir of ['dist/lib', 'dist/bundle', 'dist/esm', 'dist/test', 'bin']) {
    if (fs.existsSync(path.join(root, dir))) bundle.push({ from: path.join(root, dir), to: dir });
  }
  // Test data read at run time (fixtures next to the TypeScript sources); the sources themselves are compiled.
  if (fs.existsSync(path.join(root, 'test'))) bundle.push({ from: path.join(root, 'test'), to: 'test', exclude: /\.ts$/ });
  // scripts/ and specs/: the unit tests of the bundler, the runtime entry, the prebuild checks and the spec loader
  // run in the guest too.
  for (const file of ['README.md', '.mocharc.json', '.mocharc.js', '.mocharc.cjs', '.mocharc.yml', 'scripts', 'specs']) {
    if (fs.existsSync(path.join(root, file))) bundle.push({ from: path.join(root, file), to: file });
  }
  for (const file of prebuildFiles) bundle.push({ from: file, to: path.relative(root, file) });
  const runtime = Object.keys(pkg.dependencies || {}).filter((name) => !BUILD_ONLY.has(name));
  for (const dir of moduleClosure(root, [...runtime, ...TEST_MODULES])) {
    bundle.push({ from: path.join(root, dir), to: dir, skipNested: true });
  }
  return bundle;
}

module.exports = { packageBundle, moduleClosure };

'use strict';
// Runs the whole suite inside the guest in ONE mocha process (starting node there takes seconds) and prints
// one machine-readable LNQ-RESULT line the host parses. Plain JavaScript for the guest's Node 18.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const root = __dirname;
const FOLDERS = ['dist/test/unit', 'dist/test/kernel', 'dist/test/qemu'];

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

function mocharc() {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Property tests ask for thousands of runs, sized for the host; the emulated ARM1176 is 20-50x slower, and
 * would time out. In the guest every fc.assert/fc.check runs a tenth of the cases it asks for (at least 25).
 * The host still runs them all; the guest's job is the other kernel and CPU, not more random cases.
 */
function scalePropertyRuns(scale) {
  let runner;
  try {
    // Not an exported subpath: reach the file itself (the same module instance fast-check's main uses).
    runner = require(path.join(path.dirname(require.resolve('fast-check/package.json')), 'lib', 'check', 'runner', 'Runner.js'));
  } catch {
    return; // fast-check absent or laid out differently: run the properties as asked
  }
  for (const name of ['assert', 'check']) {
    const original = runner[name];
    if (typeof original !== 'function') continue;
    runner[name] = (property, params) => {
      const asked = (params && params.numRuns) || 100;
      return original(property, { ...params, numRuns: Math.max(25, Math.ceil(asked * scale)) });
    };
  }
}
scalePropertyRuns(Number(process.env.LNQ_PROPERTY_SCALE) || 0.1);

const rc = mocharc();
// An emulated ARM1176 is 20-50x slower than the host: scale the configured per-test timeout.
const timeout = Number(process.env.LNQ_TEST_TIMEOUT) || Math.max(4 * (Number(rc.timeout) || 2000), 120000);
// The console is a serial line read by a program: no colour escapes.
Mocha.reporters.Base.useColors = false;
const mocha = new Mocha({ timeout, reporter: 'spec', color: false, grep: process.env.LNQ_GREP || undefined });
for (const file of [].concat(rc.require || [])) {
  // .mocharc "require" entries may be root-hook plugins (exports.mochaHooks), as with the mocha CLI.
  const plugin = require(path.resolve(root, file.startsWith('.') ? file : path.join('node_modules', file)));
  if (plugin && plugin.mochaHooks) mocha.rootHooks(typeof plugin.mochaHooks === 'function' ? plugin.mochaHooks() : plugin.mochaHooks);
}
if (process.env.LINUX_NETLINK_QEMU_STOCK_CONFIG === '1') {
  // A stock kernel lacks link kinds the tests create (veth, bridge, ...): those tests skip, naming the kind.
  const { skipWhereLinkKindsAreMissing } = require(path.join(root, 'dist/test/helpers/missing-link-kinds'));
  mocha.rootHooks({ beforeAll() { skipWhereLinkKindsAreMissing(this.test.parent); } });
}
const files = FOLDERS.flatMap((dir) => testFiles(path.join(root, dir)));
for (const file of files) mocha.addFile(file);
console.log(`LNQ-SUITE files=${files.length} node=${process.version} arch=${process.arch} arm_version=${process.config.variables.arm_version}`);

const started = Date.now();
let runner;
try {
  runner = mocha.run((failures) => {
    const stats = runner.stats || {};
    const result = {
      passed: stats.passes || 0, failed: stats.failures || 0, skipped: stats.pending || 0,
      tests: stats.tests || 0, files: files.length, seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    console.log(`LNQ-RESULT ${JSON.stringify(result)}`);
    process.exitCode = failures ? 1 : 0;
  });
  // Say why a test failed when it fails: if the host's time limit kills the guest later, mocha's
  // end-of-run failure report is never printed.
  runner.on('fail', (test, err) => {
    console.log(`LNQ-FAIL ${test.fullTitle()}: ${String((err && err.message) || err).split('\n')[0]}`);
  });
} catch (err) {
  // A test file that throws at load time stops mocha before any test runs: report it as a failure.
  console.log(err && err.stack ? err.stack : String(err));
  console.log(`LNQ-RESULT ${JSON.stringify({ passed: 0, failed: 1, skipped: 0, tests: 0, files: files.length, loadError: String(err && err.message) })}`);
  process.exitCode = 1;
}

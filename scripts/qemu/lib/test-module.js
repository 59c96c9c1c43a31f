'use strict';
// Builds the tests' own kernel module (test/qemu/module: the custom netlink protocol 31) against a cached
// kernel's module build files, cached by the kernel and the module's sources.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { StepError, runLogged } = require('./process');
const { cacheDir, shortHash, commitDir } = require('./cache');

const SOURCE_DIR = path.join(__dirname, '..', '..', '..', 'test', 'qemu', 'module');
const MODULE = 'lnl_test.ko';
/** Where the module goes in the guest, under the package root (the test looks there). */
const GUEST_PATH = `test/qemu/module/${MODULE}`;

function sources() {
  return fs.readdirSync(SOURCE_DIR).filter((name) => /\.(c|h)$|^Kbuild$|^Makefile$/.test(name)).sort();
}

/** Returns the path of the built module for `kernel`, or null if the kernel has no module build files. */
async function buildTestModule(kernel, { log }) {
  if (!kernel.moduleBuildDir || !fs.existsSync(kernel.moduleBuildDir)) return null;
  const files = sources();
  const key = `${kernel.key}-${shortHash(files.map((name) => [name, fs.readFileSync(path.join(SOURCE_DIR, name), 'utf8')]))}`;
  const finalDir = path.join(cacheDir('modules'), key);
  const built = path.join(finalDir, MODULE);
  if (fs.existsSync(built)) return built;

  // Kbuild writes its objects beside the sources: build in a copy.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linux-netlink-module-'));
  try {
    for (const name of files) fs.copyFileSync(path.join(SOURCE_DIR, name), path.join(workDir, name));
    const logFile = path.join(workDir, 'build.log');
    log(`building ${MODULE} for ${kernel.release}`);
    try {
      await runLogged('make', ['-C', kernel.moduleBuildDir, `M=${workDir}`, 'ARCH=arm', 'CROSS_COMPILE=arm-linux-gnueabi-', 'modules'],
        { kind: 'module', logFile });
    } catch (error) {
      throw new StepError('module', `the test module did not build against ${kernel.release}: ${error.message}`, error.details);
    }
    const tmpDir = `${finalDir}.tmp-${process.pid}`;
    fs.rmSync(tmpDir, { recursive: true, force: true });
    fs.mkdirSync(tmpDir);
    fs.copyFileSync(path.join(workDir, MODULE), path.join(tmpDir, MODULE));
    commitDir(tmpDir, finalDir);
    return built;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

module.exports = { buildTestModule, GUEST_PATH };

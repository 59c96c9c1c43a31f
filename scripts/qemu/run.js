#!/usr/bin/env node
'use strict';
// `npm run test:qemu`: runs the project's test suite on a real kernel in an emulated ASPEED AST2500 BMC
// (QEMU romulus-bmc or ast2500-evb). The README's section on it says what it does and the options.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { StepError } = require('./lib/process');
const { ensurePackages } = require('./lib/host-packages');
const { getKernel, PINNED } = require('./lib/kernel');
const rootfs = require('./lib/rootfs');
const { packageBundle } = require('./lib/package-bundle');
const { boot, MACHINES } = require('./lib/boot');
const { kernelFromImage } = require('./lib/openbmc-image');
const { cacheRoot } = require('./lib/cache');
const { buildTestModule, GUEST_PATH: MODULE_GUEST_PATH } = require('./lib/test-module');
const prebuild = require('../prebuild');

const ROOT = path.join(__dirname, '..', '..');
const EXIT = { passed: 0, tests: 1, usage: 2, 'host-packages': 3, 'kernel-build': 4, 'kernel-config': 4, download: 4,
  boot: 5, panic: 5, timeout: 6, rootfs: 7, package: 7, prebuild: 7, image: 7, module: 7 };
const HEADLINE = {
  usage: 'bad command line', 'host-packages': 'missing host package', 'kernel-build': 'kernel build error',
  'kernel-config': 'kernel configuration error', download: 'kernel source unavailable', boot: 'the guest did not boot',
  panic: 'kernel panic', timeout: 'time limit reached', tests: 'test failure', rootfs: 'root filesystem error',
  package: 'package error', prebuild: 'addon prebuild error', image: 'OpenBMC image error',
  module: 'test module build error',
};

const USAGE = `usage: npm run test:qemu -- [options]
  --kernel 6.1|6.12|5.15|all|PATH  kernel to boot (default 6.1). PATH: a source tarball, a source tree or a zImage.
                                   all = 6.1, 6.12 and 5.15 one after the other
  --machine romulus-bmc|ast2500-evb  QEMU machine (default romulus-bmc)
  --image FILE.mtd                 boot the kernel and device tree of an OpenBMC flash image with our initramfs
  --dtb FILE                       device tree to use with --kernel PATH-TO-ZIMAGE
  --stock-config                   build the plain aspeed_g5_defconfig (tests needing missing features skip)
  --shell                          an interactive shell in the guest instead of the suite (quit: exit, or Ctrl-A X)
  --grep PATTERN                   run only the tests whose title matches
  --timeout SECONDS                hard limit for one guest run, QEMU is killed after it (default 3600)
  --jobs N                         parallel jobs for the kernel build (default: the number of CPUs)
  --no-compile                     use dist/ as it is instead of building it first (scripts/build-ts.js)
Cache: ${cacheRoot()} (set LINUX_NETLINK_QEMU_CACHE to move it)`;

function parseArgs(argv) {
  const options = { kernel: '6.1', machine: 'romulus-bmc', timeout: 3600, jobs: os.cpus().length, compile: true };
  const needValue = (i, name) => {
    if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new StepError('usage', `${name} needs a value\n${USAGE}`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : needValue(i++, name));
    switch (name) {
      case '--kernel': options.kernel = value(); break;
      case '--machine': options.machine = value(); break;
      case '--image': options.image = path.resolve(value()); break;
      case '--dtb': options.dtb = path.resolve(value()); break;
      case '--stock-config': options.stock = true; break;
      case '--shell': options.shell = true; break;
      case '--grep': options.grep = value(); break;
      case '--timeout': options.timeout = Number(value()); break;
      case '--jobs': options.jobs = Number(value()); break;
      case '--no-compile': options.compile = false; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new StepError('usage', `unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  if (!MACHINES[options.machine]) throw new StepError('usage', `--machine must be one of ${Object.keys(MACHINES).join(', ')}`);
  if (!(options.timeout > 0)) throw new StepError('usage', '--timeout must be a number of seconds');
  if (!(options.jobs > 0)) throw new StepError('usage', '--jobs must be a positive number');
  if (options.grep && /\s/.test(options.grep)) throw new StepError('usage', '--grep cannot contain spaces (it travels on the kernel command line)');
  return options;
}

const t0 = Date.now();
function log(message) {
  const seconds = ((Date.now() - t0) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[qemu ${seconds}s] ${message}\n`);
}

function compileTypeScript() {
  // The same build as npm test's: the compiled modules, the ES-module entry and the bundled entries (dist/bundle),
  // which the package's main and bin point at.
  log('building (scripts/build-ts.js: tsc, the ES-module entry, the bundles)');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-ts.js')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout || ''}${result.stderr || ''}`.trim().split('\n').slice(-15).join('\n  ');
    throw new StepError('compile', `scripts/build-ts.js failed:\n  ${output}`);
  }
}

/** One guest run: kernel, initramfs, boot, verdict. Returns a summary row. */
async function runOne(kernelSpec, options, base) {
  const started = Date.now();
  let kernel;
  let dtb;
  if (options.image) {
    const image = await kernelFromImage(options.image, options.machine, { log });
    kernel = { label: image.label, release: null, zImage: image.zImage, cached: true };
    dtb = image.dtb;
  } else {
    kernel = await getKernel(kernelSpec, { stock: options.stock, jobs: options.jobs, log });
    dtb = options.dtb || path.join(kernel.dtbDir, MACHINES[options.machine].dtb);
    if (!fs.existsSync(dtb)) throw new StepError('usage', `no device tree ${dtb}; pass --dtb FILE`);
  }
  // The custom-protocol tests load their own module; a kernel without module build files (stock config, an
  // OpenBMC image, a ready zImage) has none, and those tests skip saying so.
  const testModule = await buildTestModule(kernel, { log });
  const kernelSeconds = Math.round((Date.now() - started) / 1000);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linux-netlink-qemu-'));
  try {
    const overlay = path.join(workDir, 'overlay.cpio.gz');
    rootfs.writeOverlay(overlay, {
      init: path.join(__dirname, 'guest', 'init.sh'),
      bundle: [...options.bundle, { from: path.join(__dirname, 'guest', 'run-tests.js'), to: 'qemu-run-tests.js' },
        ...(testModule ? [{ from: testModule, to: MODULE_GUEST_PATH }] : [])],
    });
    const initrd = path.join(workDir, 'initrd.cpio.gz');
    rootfs.concatenate(initrd, [base.file, overlay]);
    log(`initramfs ${(fs.statSync(initrd).size / 1048576).toFixed(1)} MiB; booting ${options.machine}`);
    const extraCmdline = [`lnq.module=${testModule ? 'built' : 'none'}`, ...(options.grep ? [`lnq.grep=${options.grep}`] : [])];
    let outcome;
    try {
      outcome = await boot({ machine: options.machine, zImage: kernel.zImage, dtb, initrd, shell: options.shell,
        stock: options.stock || Boolean(options.image), extraCmdline }, { log, timeoutSeconds: options.timeout });
    } catch (error) {
      // Keep what is known (kernel, guest release) for the summary.
      throw Object.assign(error, { kernel, outcome: error.state });
    }
    return { kernel, outcome, kernelSeconds, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function printSummary(rows, options) {
  console.log('\n=== QEMU suite summary ===');
  for (const row of rows) {
    const { kernel, outcome, error } = row;
    const verdict = error ? `FAILED: ${HEADLINE[error.kind] || error.kind}` : (outcome.result.failed ? 'FAILED: test failure' : 'PASSED');
    console.log(`${verdict}`);
    const source = options.image ? `from ${kernel ? kernel.label : `--image ${options.image}`}` :
      `--kernel ${row.spec}${options.stock ? ', stock config' : ''}${kernel && kernel.cached ? ', cached' : kernel ? ', built now' : ''}`;
    console.log(`  kernel   ${(outcome && outcome.release) || (kernel && kernel.release) || '?'} (${source})`);
    console.log(`  machine  ${options.machine}${outcome && outcome.guestMachine ? ` (uname -m ${outcome.guestMachine})` : ''}`);
    if (outcome && outcome.result) {
      const r = outcome.result;
      console.log(`  tests    ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.tests} run from ${r.files} files${r.seconds !== undefined ? ` in ${r.seconds} s` : ''} in the guest)${r.loadError ? `; a test file failed to load: ${r.loadError}` : ''}`);
    }
    for (const failure of (outcome && outcome.failures) || []) console.log(`  failed   ${failure}`);
    if (error) console.log(`  error    ${error.message}`);
    console.log(`  time     ${row.seconds} s${row.kernelSeconds !== undefined ? ` (kernel ${row.kernelSeconds} s)` : ''}`);
  }
  console.log(`total ${Math.round((Date.now() - t0) / 1000)} s`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  await ensurePackages(['qemu-system-arm'], { log });
  if (options.compile) compileTypeScript();
  const prebuildFiles = await prebuild.ensureGuestPrebuild({ root: ROOT, log });
  options.bundle = packageBundle(ROOT, { prebuildFiles });
  const base = await rootfs.getBase({ log });
  log(`root filesystem base ${path.basename(base.file)} (${base.packages.length} Debian packages${base.cached ? ', cached' : ''})`);

  const specs = options.kernel === 'all' ? ['6.1', '6.12', ...Object.keys(PINNED)] : [options.kernel];
  if (options.shell && specs.length > 1) throw new StepError('usage', '--shell takes one kernel');
  const rows = [];
  for (const spec of specs) {
    const rowStarted = Date.now();
    try {
      rows.push({ spec, ...(await runOne(spec, options, base)) });
    } catch (error) {
      if (!(error instanceof StepError)) throw error;
      console.error(`\n*** ${HEADLINE[error.kind] || error.kind}: ${error.message}`);
      if (error.details) console.error(error.details.split('\n').map((l) => `    ${l}`).join('\n'));
      rows.push({ spec, error, kernel: error.kernel, outcome: error.outcome, seconds: Math.round((Date.now() - rowStarted) / 1000) });
    }
  }
  if (options.shell) return rows[0].error ? EXIT[rows[0].error.kind] || 1 : 0;
  printSummary(rows, options);
  const firstError = rows.find((r) => r.error);
  if (firstError) return EXIT[firstError.error.kind] || 1;
  return rows.some((r) => r.outcome.result.failed || r.outcome.exitStatus) ? EXIT.tests : EXIT.passed;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  if (error instanceof StepError) {
    console.error(`\n*** ${HEADLINE[error.kind] || error.kind}: ${error.message}`);
    if (error.details) console.error(error.details.split('\n').map((l) => `    ${l}`).join('\n'));
    process.exitCode = EXIT[error.kind] || 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});

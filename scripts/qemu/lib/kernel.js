'use strict';
// Builds (or finds in the cache) an AST2500 kernel: zImage + device trees + .config.
//
// A kernel is identified by where its source comes from (a Debian linux-source package version, a pinned
// kernel.org tarball's sha256, a local tarball's sha256 or a tree's path and mtime) plus the config fragment
// (or "stock"), so a warm run finds the exact kernel it needs and never rebuilds.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { StepError, capture, runLogged } = require('./process');
const { cacheDir, shortHash, sha256File, commitDir } = require('./cache');
const { ensurePackages } = require('./host-packages');
const { saveModuleBuildKit } = require('./module-build-kit');

const FRAGMENT = path.join(__dirname, '..', 'kernel.config');
const CROSS_COMPILE = 'arm-linux-gnueabi-';
const DEFCONFIG = 'aspeed_g5_defconfig';
// Every machine we can boot needs its device tree; build them all so one cached kernel serves every machine.
const DTBS = ['aspeed-bmc-opp-romulus.dtb', 'aspeed-ast2500-evb.dtb'];
const BUILD_PACKAGES = ['make', 'gcc', 'libc6-dev', 'bc', 'bison', 'flex', 'libssl-dev', 'libelf-dev', 'cpio',
  'xz-utils', 'gcc-arm-linux-gnueabi', 'python3', 'kmod'];

// The pinned kernel.org tarball for 5.15, the series OpenBMC Romulus ran (dev-5.15, 2021-11 to 2022-10).
const PINNED = {
  '5.15': {
    url: 'https://cdn.kernel.org/pub/linux/kernel/v5.x/linux-5.15.tar.xz',
    sha256: '57b2cf6991910e3b67a1b3490022e8a0674b6965c74c12da1e99d138d1991ee8',
  },
};

/** Parses the fragment into [name, value] pairs ('y', 'n', or a literal value). */
function readFragment(file = FRAGMENT) {
  const options = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^CONFIG_([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) throw new StepError('kernel-config', `bad line in ${file}: ${raw}`);
    options.push([match[1], match[2]]);
  }
  return options;
}

function isZImage(file) {
  // The ARM zImage header: magic 0x016f2818 at offset 0x24 (little-endian).
  try {
    const fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(0x28);
    fs.readSync(fd, header, 0, header.length, 0);
    fs.closeSync(fd);
    return header.readUInt32LE(0x24) === 0x016f2818;
  } catch {
    return false;
  }
}

/**
 * Resolves --kernel to a source description:
 *   { kind: 'debian', label, pkg, tarball, version } | { kind: 'tarball', label, tarball, version }
 *   { kind: 'tree', label, dir, version } | { kind: 'zimage', label, zImage }
 */
async function resolveSource(spec, { log }) {
  if (spec === '6.1' || spec === '6.12') {
    const pkg = `linux-source-${spec}`;
    await ensurePackages([pkg], { log });
    const version = capture('dpkg-query', ['-W', '-f=${Version}', pkg]).trim();
    return { kind: 'debian', label: spec, pkg, tarball: `/usr/src/${pkg}.tar.xz`, version };
  }
  if (PINNED[spec]) {
    const remembered = rememberedSource(spec);
    if (remembered) {
      log(`--kernel ${spec}: the ${remembered.label} source built before with --kernel ${remembered.tarball || remembered.dir}`);
      return remembered;
    }
    return resolvePinned(spec, { log });
  }
  const file = path.resolve(spec);
  if (!fs.existsSync(file)) {
    throw new StepError('usage', `--kernel ${spec}: expected 6.1, 6.12, 5.15, all, or a path to a kernel source tarball, source tree or zImage`);
  }
  if (fs.statSync(file).isDirectory()) {
    if (!fs.existsSync(path.join(file, 'Makefile')) || !fs.existsSync(path.join(file, 'arch', 'arm'))) {
      throw new StepError('usage', `--kernel ${spec}: not a Linux source tree (no Makefile or arch/arm)`);
    }
    return { kind: 'tree', label: path.basename(file), dir: file, version: `tree-${shortHash(file, String(fs.statSync(path.join(file, 'Makefile')).mtimeMs))}` };
  }
  if (isZImage(file)) return { kind: 'zimage', label: path.basename(file), zImage: file };
  if (/\.tar(\.(xz|gz|bz2|zst))?$|\.tgz$/.test(file)) {
    return { kind: 'tarball', label: path.basename(file).replace(/\.tar.*$|\.tgz$/, ''), tarball: file, version: sha256File(file).slice(0, 16) };
  }
  throw new StepError('usage', `--kernel ${spec}: neither a source tarball (.tar.xz/.tar.gz), a source tree, nor an ARM zImage`);
}

// A series (5.15) remembers the last tree or tarball of it that was built (--kernel PATH), so `--kernel 5.15`
// finds that kernel in the cache, or rebuilds from that source, instead of downloading kernel.org's tarball.
function seriesFile(series) {
  return path.join(cacheDir('sources'), `${series}.json`);
}

function rememberedSource(series) {
  try {
    return JSON.parse(fs.readFileSync(seriesFile(series), 'utf8'));
  } catch {
    return null;
  }
}

function rememberSource(source, release) {
  const series = /^(\d+\.\d+)\./.exec(release || '');
  if (!series || !PINNED[series[1]] || (source.kind !== 'tree' && source.kind !== 'tarball') || source.label === series[1]) return;
  fs.writeFileSync(seriesFile(series[1]), `${JSON.stringify(source, null, 2)}\n`);
}

async function resolvePinned(spec, { log }) {
  const { url, sha256 } = PINNED[spec];
  const tarball = path.join(cacheDir('downloads'), path.basename(url));
  if (!fs.existsSync(tarball) || sha256File(tarball) !== sha256) {
    log(`downloading ${url}`);
    const partial = `${tarball}.part`;
    try {
      await downloadTo(url, partial);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw new StepError('download', `--kernel ${spec} needs ${url}, which could not be downloaded (${err.message}). ` +
        `This machine looks offline: put that file (sha256 ${sha256}) at ${tarball}, or pass --kernel PATH-TO-TARBALL.`);
    }
    const actual = sha256File(partial);
    if (actual !== sha256) {
      fs.rmSync(partial, { force: true });
      throw new StepError('download', `${url}: sha256 ${actual} does not match the pinned ${sha256}; refusing to build it`);
    }
    fs.renameSync(partial, tarball);
  }
  return { kind: 'tarball', label: spec, tarball, version: `${path.basename(url)}-${sha256.slice(0, 12)}` };
}

function downloadTo(url, file) {
  const https = require('https');
  return new Promise((resolve, reject) => {
    const request = https.get(url, { timeout: 30000 }, (response) => {
      if (response.statusCode >= 300 && response.statusCode < 400 && response.headers.location) {
        response.resume();
        downloadTo(new URL(response.headers.location, url).toString(), file).then(resolve, reject);
        return;
      }
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`HTTP ${response.statusCode}`));
        return;
      }
      const out = fs.createWriteStream(file);
      response.pipe(out);
      out.on('finish', () => out.close(resolve));
      out.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

function dtbTarget(srcDir, dtb) {
  // Linux 6.5 moved the ARM device trees into per-vendor folders.
  return fs.existsSync(path.join(srcDir, 'arch', 'arm', 'boot', 'dts', 'aspeed')) ? `aspeed/${dtb}` : dtb;
}

function applyFragment(srcDir, outDir, options) {
  const args = ['--file', path.join(outDir, '.config')];
  for (const [name, value] of options) {
    if (value === 'y') args.push('--enable', name);
    else if (value === 'n') args.push('--disable', name);
    else args.push('--set-val', name, value);
  }
  capture(path.join(srcDir, 'scripts', 'config'), args, { kind: 'kernel-build' });
}

/** Options the fragment asked for that the final .config does not have (e.g. unknown to this version). */
function missingOptions(configFile, options) {
  const config = fs.readFileSync(configFile, 'utf8');
  const missing = [];
  for (const [name, value] of options) {
    const set = new RegExp(`^CONFIG_${name}=(.*)$`, 'm').exec(config);
    if (value === 'n') { if (set) missing.push(`${name}=n`); continue; }
    if (!set || set[1] !== value) missing.push(`${name}=${value}`);
  }
  return missing;
}

/**
 * Returns { label, release, zImage, dtbDir, config, moduleBuildDir, cached } for the requested kernel, building it
 * if needed.
 * stock: the plain defconfig without our fragment.
 */
async function getKernel(spec, { stock = false, jobs = os.cpus().length, log }) {
  const source = await resolveSource(spec, { log });
  if (source.kind === 'zimage') {
    return { label: source.label, release: null, zImage: source.zImage, dtbDir: path.dirname(source.zImage), config: null,
      moduleBuildDir: null, cached: true };
  }
  const fragmentText = stock ? 'stock' : fs.readFileSync(FRAGMENT, 'utf8');
  const key = `${source.label}-${source.version}-${stock ? 'stock' : 'fragment'}-${shortHash(fragmentText, DEFCONFIG, DTBS)}`
    .replace(/[^A-Za-z0-9._+-]/g, '_');
  const finalDir = path.join(cacheDir('kernels'), key);
  const infoFile = path.join(finalDir, 'kernel.json');
  if (fs.existsSync(infoFile)) {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    log(`kernel ${info.release} (${key}) from cache`);
    rememberSource(source, info.release);
    return { ...info, ...builtFiles(finalDir, info), cached: true };
  }

  await ensurePackages(BUILD_PACKAGES, { log });
  const workDir = path.join(cacheDir('build'), key);
  const logFile = path.join(workDir, 'build.log');
  const outDir = path.join(workDir, 'out');
  const releaseLock = await lockBuild(workDir, key, log);
  try {
    if (fs.existsSync(infoFile)) {
      // The run we waited for built it.
      const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
      log(`kernel ${info.release} (${key}) from cache`);
      return { ...info, ...builtFiles(finalDir, info), cached: true };
    }
    const info = await buildKernel({ spec, source, key, workDir, logFile, outDir, stock, jobs, log });
    commitDir(info.tmpDir, finalDir);
    delete info.tmpDir;
    fs.rmSync(workDir, { recursive: true, force: true });
    log(`kernel ${info.release} built in ${info.buildSeconds} s`);
    rememberSource(source, info.release);
    return { ...info, ...builtFiles(finalDir, info), cached: false };
  } finally {
    releaseLock();
  }
}

/**
 * One build at a time per kernel: a second run of the same kernel would unpack over the first one's tree, so it
 * waits for the first (which caches the kernel). The lock is a file holding the builder's pid; a lock whose
 * process is gone is taken over.
 */
async function lockBuild(workDir, key, log) {
  const lockFile = `${workDir}.lock`;
  let waiting = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    let alive = false;
    try {
      process.kill(holder, 0);
      alive = holder > 0;
    } catch {
      alive = false;
    }
    if (!alive) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!waiting) log(`another run (pid ${holder}) is building kernel ${key}; waiting for it`);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 10000));
  }
}

/**
 * Unpacks, configures and compiles; returns the kernel's info with tmpDir, the finished cache entry to commit.
 * A build that was interrupted after its configuration (Ctrl-C, --timeout, a CI job's end) resumes: make
 * recompiles only what is missing. The state file records how far the work directory got.
 */
async function buildKernel({ spec, source, key, workDir, logFile, outDir, stock, jobs, log }) {
  const stateFile = path.join(workDir, 'state.json');
  let state = {};
  try { state = JSON.parse(fs.readFileSync(stateFile, 'utf8')); } catch { state = {}; }
  const resuming = state.configured === true && fs.existsSync(path.join(outDir, '.config'));
  if (!resuming) {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
  }
  const saveState = (next) => fs.writeFileSync(stateFile, JSON.stringify(next));
  let srcDir = source.dir;
  if (srcDir && !fs.existsSync(path.join(srcDir, 'Makefile'))) {
    throw new StepError('usage', `--kernel ${spec}: the source tree ${srcDir} is gone; pass --kernel PATH-TO-A-TREE-OR-TARBALL`);
  }
  if (!srcDir) {
    srcDir = path.join(workDir, 'src');
    if (!resuming) {
      if (!fs.existsSync(source.tarball)) {
        throw new StepError('usage', `--kernel ${spec}: the source tarball ${source.tarball} is gone; pass --kernel PATH-TO-A-TREE-OR-TARBALL`);
      }
      fs.mkdirSync(srcDir);
      log(`unpacking ${source.tarball}`);
      await runLogged('tar', ['-xf', source.tarball, '-C', srcDir, '--strip-components=1'], { kind: 'kernel-build', logFile });
    }
  }

  const make = (targets) => runLogged('make', ['-C', srcDir, `O=${outDir}`, 'ARCH=arm', `CROSS_COMPILE=${CROSS_COMPILE}`, ...targets],
    { kind: 'kernel-build', logFile, onLine: progress(log) });
  const started = Date.now();
  if (resuming) {
    log(`resuming the interrupted build of kernel ${key} with -j${jobs} (log: ${logFile})`);
  } else {
    log(`building kernel ${key} with -j${jobs} (log: ${logFile})`);
    await make([DEFCONFIG]);
    if (!stock) {
      const options = readFragment();
      applyFragment(srcDir, outDir, options);
      await make(['olddefconfig']);
      // Module support is on for the tests' own module only: what the defconfig's defaults would make modules
      // (NFT_REJECT, ...) stays built in, as it was without module support, since the guest installs no modules.
      await make(['mod2yesconfig']);
      const missing = missingOptions(path.join(outDir, '.config'), options);
      // Some options do not exist in every version (DEBUG_INFO_NONE is 5.18+); say so instead of failing.
      if (missing.length) log(`note: this kernel does not take these fragment options: ${missing.join(' ')}`);
    }
    saveState({ configured: true });
  }
  // With module support the modules target writes Module.symvers, which out-of-tree modules link against.
  const modules = /^CONFIG_MODULES=y$/m.test(fs.readFileSync(path.join(outDir, '.config'), 'utf8'));
  await make([`-j${jobs}`, 'zImage', ...(modules ? ['modules'] : []), ...DTBS.map((dtb) => dtbTarget(srcDir, dtb))]);
  const release = capture('make', ['-s', '-C', srcDir, `O=${outDir}`, 'ARCH=arm', `CROSS_COMPILE=${CROSS_COMPILE}`, 'kernelrelease'],
    { kind: 'kernel-build' }).trim().split('\n').pop();

  const tmpDir = path.join(workDir, 'result');
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(tmpDir);
  fs.copyFileSync(path.join(outDir, 'arch', 'arm', 'boot', 'zImage'), path.join(tmpDir, 'zImage'));
  for (const dtb of DTBS) {
    fs.copyFileSync(path.join(outDir, 'arch', 'arm', 'boot', 'dts', dtbTarget(srcDir, dtb)), path.join(tmpDir, dtb));
  }
  fs.copyFileSync(path.join(outDir, '.config'), path.join(tmpDir, 'config'));
  let moduleKit = false;
  if (modules) {
    try {
      saveModuleBuildKit(srcDir, outDir, path.join(tmpDir, 'build'));
      moduleKit = true;
    } catch (error) {
      // The kernel itself is good: keep it; only tests that build a module will skip.
      log(`note: the kernel is cached without its module build files: ${error.message}`);
    }
  }
  const info = { label: source.label, release, key, source: source.tarball || source.dir, sourceVersion: source.version, stock,
    modules: moduleKit, buildSeconds: Math.round((Date.now() - started) / 1000) };
  fs.writeFileSync(path.join(tmpDir, 'kernel.json'), `${JSON.stringify(info, null, 2)}\n`);
  return { ...info, tmpDir };
}

/** Where a cached kernel's files are; moduleBuildDir is null for a kernel without module support. */
function builtFiles(dir, info) {
  return { zImage: path.join(dir, 'zImage'), dtbDir: dir, config: path.join(dir, 'config'),
    moduleBuildDir: info.modules ? path.join(dir, 'build') : null };
}

/** A progress reporter for make: one line per ~500 compiled files, not thousands. */
function progress(log) {
  let count = 0;
  return (line) => {
    if (/^\s+(CC|AS|LD|AR)\s/.test(line) && ++count % 500 === 0) log(`  kernel build: ${count} objects...`);
  };
}

module.exports = { getKernel, readFragment, DTBS, PINNED };

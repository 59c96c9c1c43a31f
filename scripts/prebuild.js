#!/usr/bin/env node
'use strict';
// `npm run prebuild`: N-API prebuilds of the addon, with prebuildify, for
//   linux-x64 (the host), linux-arm armv6 (armel: Debian's ARM1176-class BMC userland, e.g. the AST2500),
//   linux-arm armv7 (armhf) and linux-arm64 (aarch64), cross-compiled with Debian's cross toolchains.
// Files land in prebuilds/<platform>-<arch>/ named with node-gyp-build's tags (the armv tag is compared with
// process.config.variables.arm_version of the node that loads it) and, on ARM, the float ABI (softfloat/hardfloat,
// compared with arm_float_abi by lib/socket/prebuilds.ts).
//
// Each prebuild loads with glibc 2.28 (Node 18's floor) and needs no libstdc++: the C++ runtime is linked in, and
// the glibc symbols whose version here is newer are bound to their first version (native/glibc_compat.cc). objdump
// checks every file: anything above GLIBC_2.28, or any GLIBCXX/CXXABI version, fails the prebuild.
//
//   node scripts/prebuild.js [--targets x64,armv6,armv7,arm64]
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { StepError, capture } = require('./qemu/lib/process');
const { ensurePackages } = require('./qemu/lib/host-packages');

const ROOT = path.join(__dirname, '..');

// armel and armhf are different ABIs (soft-float vs hard-float calling convention), so each file says which it
// is; node-gyp-build has no float-ABI tag, so lib/socket/prebuilds.ts chooses. Debian's armel node (armv6k
// baseline) reports arm_version 6, armhf node 7. glibcBase: the architecture's first glibc symbol version.
const TARGETS = {
  x64: { arch: 'x64', prefix: '', packages: ['g++'], machine: 'Advanced Micro Devices X86-64', glibcBase: 'GLIBC_2.2.5' },
  armv6: { arch: 'arm', armv: '6', float: 'soft', prefix: 'arm-linux-gnueabi-', packages: ['g++-arm-linux-gnueabi'], machine: 'ARM',
    glibcBase: 'GLIBC_2.4',
    // The toolchain's default (armv5te, soft-float) runs on every armel CPU, the ARM1176 included.
    expect: { Tag_CPU_arch: /v5TE|v6/ } },
  armv7: { arch: 'arm', armv: '7', float: 'hard', prefix: 'arm-linux-gnueabihf-', packages: ['g++-arm-linux-gnueabihf'], machine: 'ARM',
    glibcBase: 'GLIBC_2.4', expect: { Tag_CPU_arch: /v7/ } },
  arm64: { arch: 'arm64', prefix: 'aarch64-linux-gnu-', packages: ['g++-aarch64-linux-gnu'], machine: 'AArch64', glibcBase: 'GLIBC_2.17' },
};

/** The newest glibc a prebuild may need. */
const GLIBC_FLOOR = [2, 28];
/** Bound to their first version by native/glibc_compat.cc (see there). */
const WRAPPED = ['pthread_create', 'pthread_join', 'pthread_detach', 'pthread_once', 'pthread_key_create', '__pthread_key_create',
  'pthread_key_delete', 'pthread_getspecific', 'pthread_setspecific', 'pthread_sigmask', '__libc_single_threaded',
  'pthread_cond_clockwait', 'arc4random'];
const FLOAT_TAG = { soft: 'softfloat', hard: 'hardfloat' };

function log(message) {
  process.stdout.write(`[prebuild] ${message}\n`);
}

function nativeSources(root) {
  const files = [path.join(root, 'binding.gyp')];
  const nativeDir = path.join(root, 'native');
  if (fs.existsSync(nativeDir)) for (const name of fs.readdirSync(nativeDir)) files.push(path.join(nativeDir, name));
  return files;
}

function outputFile(root, target) {
  const t = TARGETS[target];
  const name = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name.replace(/\//g, '+');
  const tags = `${t.armv ? `.armv${t.armv}` : ''}${t.float ? `.${FLOAT_TAG[t.float]}` : ''}`;
  return path.join(root, 'prebuilds', `linux-${t.arch}`, `${name}${tags}.node`);
}

/**
 * Builds one target in a scratch copy of the addon's sources, so the working tree's build/ (the
 * developer's host build) is never overwritten by a cross build.
 */
async function buildTarget(root, target, { quiet = false } = {}) {
  const t = TARGETS[target];
  if (!t) throw new StepError('usage', `unknown prebuild target ${target}; known: ${Object.keys(TARGETS).join(', ')}`);
  await ensurePackages(t.packages, { log });
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), `linux-netlink-prebuild-${target}-`));
  try {
    fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
    fs.copyFileSync(path.join(root, 'binding.gyp'), path.join(stage, 'binding.gyp'));
    fs.cpSync(path.join(root, 'native'), path.join(stage, 'native'), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'));
    const env = {
      ...process.env,
      // Offline: compile against this node's own headers instead of downloading a header tarball.
      npm_config_nodedir: process.env.npm_config_nodedir || path.join(path.dirname(process.execPath), '..'),
      CC: `${t.prefix}gcc`, CXX: `${t.prefix}g++`, LINK: `${t.prefix}g++`, AR: `${t.prefix}ar`,
      CXXFLAGS: `-DLINUX_NETLINK_PORTABLE_GLIBC=${t.glibcBase}`,
      // libstdc++ is linked in, its symbols kept inside the addon (--exclude-libs: the node binary may export a
      // libstdc++ of its own); libgcc_s stays shared: its unwinder, linked in, would need glibc 2.35's _dl_find_object.
      LDFLAGS: `-static-libstdc++ -Wl,--exclude-libs,ALL ${WRAPPED.map((symbol) => `-Wl,--wrap=${symbol}`).join(' ')}`,
    };
    if (!fs.existsSync(path.join(env.npm_config_nodedir, 'include', 'node', 'node_api.h'))) {
      throw new StepError('prebuild', `no Node.js headers under ${env.npm_config_nodedir}/include/node; set npm_config_nodedir`);
    }
    const prebuildify = require(require.resolve('prebuildify', { paths: [root] }));
    await new Promise((resolve, reject) => {
      const saved = process.env;
      process.env = env;  // prebuildify copies process.env for node-gyp when it starts
      prebuildify({
        cwd: stage, out: stage, napi: true, targets: [process.versions.node], arch: t.arch, platform: 'linux',
        armv: t.armv, tagArmv: Boolean(t.armv), strip: true, stripBin: `${t.prefix}strip`,
        nodeGyp: path.join(root, 'node_modules', '.bin', 'node-gyp'), quiet,
      }, (err) => {
        process.env = saved;
        if (err) {
          reject(new StepError('prebuild', `prebuildify for ${target} failed: ${err.message}` +
            (quiet ? ` (see the compiler's output with: node scripts/prebuild.js --targets ${target})` : '')));
        } else resolve();
      });
    });
    const built = fs.readdirSync(path.join(stage, 'prebuilds', `linux-${t.arch}`)).filter((n) => n.endsWith('.node'));
    if (built.length !== 1) throw new StepError('prebuild', `expected one .node file for ${target}, found: ${built.join(', ') || 'none'}`);
    const dest = outputFile(root, target);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(stage, 'prebuilds', `linux-${t.arch}`, built[0]), dest);
    return dest;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * The library versions a prebuild needs, from `objdump -T` output: { glibc: newest GLIBC_x.y as [x, y, z],
 * tooNew: every version above GLIBC_2.28 and every GLIBCXX/CXXABI one }.
 */
function libraryVersions(objdumpOutput) {
  const found = new Set(objdumpOutput.match(/\((GLIBC|GLIBCXX|CXXABI)_[0-9.]+\)/g) || []);
  const tooNew = [];
  let newest = [0];
  for (const tagged of found) {
    const [, library, version] = /\((\w+?)_([0-9.]+)\)/.exec(tagged);
    if (library !== 'GLIBC') {
      tooNew.push(`${library}_${version}`);
      continue;
    }
    const numbers = version.split('.').map(Number);
    if (compareVersions(numbers, newest) > 0) newest = numbers;
    if (compareVersions(numbers, GLIBC_FLOOR) > 0) tooNew.push(`GLIBC_${version}`);
  }
  return { glibc: newest, tooNew: tooNew.sort() };
}

function compareVersions(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0);
  }
  return 0;
}

/** Fails unless the prebuild loads with glibc 2.28 and without libstdc++; returns what it needs, in words. */
function checkLibraryVersions(file, objdump = 'objdump') {
  const { glibc, tooNew } = libraryVersions(capture(objdump, ['-T', file], { kind: 'prebuild' }));
  if (tooNew.length > 0) {
    throw new StepError('prebuild', `${file} needs ${tooNew.join(', ')}: a prebuild may need nothing above GLIBC_${GLIBC_FLOOR.join('.')} and no libstdc++`);
  }
  return `glibc >= ${glibc.join('.')}, no libstdc++`;
}

/** Checks a prebuild's ELF header, library versions and ARM attributes; returns a one-line description. */
function verify(file, target) {
  const t = TARGETS[target];
  const header = capture('readelf', ['-h', file], { kind: 'prebuild' });
  const machine = /Machine:\s*(.*)/.exec(header)[1].trim();
  if (machine !== t.machine) throw new StepError('prebuild', `${file}: machine ${machine}, expected ${t.machine}`);
  const libraries = checkLibraryVersions(file, `${t.prefix}objdump`);
  if (!t.expect) return `${machine}, ${libraries}`;
  const attrs = capture('readelf', ['-A', file], { kind: 'prebuild' });
  const cpuArch = (/Tag_CPU_arch: (\S+)/.exec(attrs) || [])[1] || '?';
  const hardFloat = /Tag_ABI_VFP_args: VFP registers/.test(attrs);
  if (!t.expect.Tag_CPU_arch.test(cpuArch)) throw new StepError('prebuild', `${file}: Tag_CPU_arch ${cpuArch}, expected ${t.expect.Tag_CPU_arch}`);
  if (hardFloat !== (t.float === 'hard')) {
    throw new StepError('prebuild', `${file}: ${hardFloat ? 'hard' : 'soft'}-float calling convention, expected ${t.float}`);
  }
  return `${machine}, Tag_CPU_arch ${cpuArch}, ${hardFloat ? 'hard' : 'soft'}-float ABI, ${libraries}`;
}

function isFresh(file, root) {
  if (!fs.existsSync(file)) return false;
  const built = fs.statSync(file).mtimeMs;
  return nativeSources(root).every((source) => fs.statSync(source).mtimeMs <= built);
}

/**
 * For the QEMU suite: the ARMv6 prebuild, rebuilt when the addon's sources are newer. Returns the files
 * to bundle ([] when the tree has no addon yet).
 */
async function ensureGuestPrebuild({ root = ROOT, log: report = log } = {}) {
  if (!fs.existsSync(path.join(root, 'binding.gyp'))) {
    report('no binding.gyp in this tree: the guest gets no native addon');
    return [];
  }
  const file = outputFile(root, 'armv6');
  if (isFresh(file, root)) return [file];
  report('cross-compiling the ARMv6 (armel) prebuild for the guest');
  await buildTarget(root, 'armv6', { quiet: true });
  report(`${path.relative(root, file)}: ${verify(file, 'armv6')}`);
  return [file];
}

async function main() {
  let targets = Object.keys(TARGETS);
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--targets') targets = argv[++i].split(',');
    else if (argv[i].startsWith('--targets=')) targets = argv[i].slice(10).split(',');
    else throw new StepError('usage', `usage: node scripts/prebuild.js [--targets ${Object.keys(TARGETS).join(',')}]`);
  }
  if (!fs.existsSync(path.join(ROOT, 'binding.gyp'))) throw new StepError('prebuild', 'no binding.gyp: nothing to prebuild');
  const results = [];
  for (const target of targets) {
    log(`building ${target}`);
    const file = await buildTarget(ROOT, target);
    results.push(`${path.relative(ROOT, file)}  ${verify(file, target)}`);
  }
  if (targets.includes('x64') && os.arch() === 'x64') {
    // The host can load its own prebuild: prove it does.
    const file = outputFile(ROOT, 'x64');
    const loaded = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8' });
    if (loaded.status !== 0) throw new StepError('prebuild', `${file} does not load on this host`, loaded.stderr);
    results.push('(linux-x64 prebuild loaded on this host)');
  }
  console.log(results.join('\n'));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`prebuild failed: ${err.message}${err.details ? `\n${err.details}` : ''}`);
    process.exitCode = 1;
  });
}

module.exports = { ensureGuestPrebuild, buildTarget, verify, checkLibraryVersions, libraryVersions, TARGETS };

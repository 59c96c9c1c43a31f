'use strict';
// The guest's initramfs, in two gzip'd cpio archives that the kernel unpacks one after the other:
//  - the base (busybox, Debian's armel node and iproute2 with their runtime closure), cached and keyed by
//    the exact package versions, so it is rebuilt only when Debian ships an update;
//  - the overlay (/init, the package under test, its tests and the test runner), rebuilt on every run.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { StepError } = require('./process');
const { cacheDir, shortHash, commitDir } = require('./cache');
const { CpioWriter } = require('./cpio');
const debian = require('./debian');
const { ensureArchitecture, ensurePackages } = require('./host-packages');

// iproute2: the kernel tests drive `ip netns add`, `ip -j -d ...` and `ip -batch`; busybox's ip cannot.
// netbase: /etc/protocols and /etc/services, which ip uses to print protocol names (udp, not ipproto-17).
// libcap-ng0: what util-linux's setpriv links against (see PICKS).
const ROOTS = ['busybox-static', 'nodejs', 'iproute2', 'netbase', 'libcap-ng0'];
// Single files taken from a package without its dependency closure (util-linux's would pull in PAM, systemd's
// library and perl). setpriv: the forged-uevent tests send as an unprivileged uid that keeps CAP_NET_ADMIN,
// which busybox's setpriv cannot do (it has no --reuid). ldattach: the MCTP tests put a serial port under the
// N_MCTP line discipline, which makes a real mctp-serial link (busybox has no ldattach).
const PICKS = [{ package: 'util-linux', files: ['usr/bin/setpriv', 'usr/sbin/ldattach'] }];
// Documentation and the like: a third of the unpacked size and never read in the guest.
const TRIM = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'usr/share/lintian',
  'usr/share/bug', 'usr/share/bash-completion', 'usr/share/zsh', 'usr/share/gdb'];
const BASE_LAYOUT_VERSION = 2;  // bump when the way the base is assembled changes

function aptListsFingerprint() {
  // The package lists change on apt-get update; the closure is recomputed only then (it costs ~10 s).
  const dir = '/var/lib/apt/lists';
  let entries = [];
  try {
    entries = fs.readdirSync(dir).filter((n) => n.includes('Packages')).sort()
      .map((n) => { const s = fs.statSync(path.join(dir, n)); return `${n}:${s.size}:${s.mtimeMs}`; });
  } catch { /* no lists: the closure step reports it */ }
  return shortHash(entries, ROOTS, PICKS, debian.ARCH);
}

function packageClosure({ log }) {
  const file = path.join(cacheDir('rootfs'), `closure-${aptListsFingerprint()}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  log(`computing the ${debian.ARCH} closure of ${ROOTS.join(', ')}`);
  const packages = debian.closure(ROOTS);
  const picked = debian.closure(PICKS.map((p) => p.package)).filter((p) => PICKS.some((pick) => pick.package === p.name));
  fs.writeFileSync(file, JSON.stringify({ packages, picked }));
  return { packages, picked };
}

/** Returns { file, packages, cached } for the base archive. */
async function getBase({ log }) {
  ensureArchitecture(debian.ARCH, { log });
  await ensurePackages(['dpkg', 'apt'], { log });
  const { packages, picked } = packageClosure({ log });
  const key = shortHash([...packages, ...picked].map((p) => `${p.name}=${p.version}:${p.arch}`), TRIM, PICKS, BASE_LAYOUT_VERSION);
  const file = path.join(cacheDir('rootfs'), `base-${key}.cpio.gz`);
  if (fs.existsSync(file)) return { file, packages, cached: true };

  log(`assembling the root filesystem base from ${packages.length} Debian ${debian.ARCH} packages`);
  const debs = debian.download(packages, cacheDir('debs'));
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'linux-netlink-rootfs-'));
  try {
    debian.extract(debs, tmpRoot);
    pickFiles(debian.download(picked, cacheDir('debs')), tmpRoot);
    for (const dir of TRIM) fs.rmSync(path.join(tmpRoot, dir), { recursive: true, force: true });
    if (!fs.existsSync(path.join(tmpRoot, 'bin', 'busybox'))) throw new StepError('rootfs', 'busybox-static did not provide /bin/busybox');
    if (!fs.existsSync(path.join(tmpRoot, 'usr', 'bin', 'node')) && !fs.existsSync(path.join(tmpRoot, 'usr', 'bin', 'nodejs'))) {
      throw new StepError('rootfs', 'nodejs did not provide /usr/bin/node');
    }
    const cpio = new CpioWriter();
    for (const dir of ['dev', 'proc', 'sys', 'run', 'tmp', 'root', 'etc', 'var', 'mnt']) cpio.directory(dir);
    // The kernel opens /dev/console for /init before anything could mount devtmpfs.
    cpio.charDevice('dev/console', 5, 1);
    cpio.charDevice('dev/null', 1, 3, 0o666);
    cpio.tree(tmpRoot, '');
    if (!cpio.seen.has('var/run')) cpio.symlink('var/run', '/run');
    if (!cpio.seen.has('usr/bin/node')) cpio.symlink('usr/bin/node', 'nodejs');
    cpio.file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
    cpio.file('etc/group', 'root:x:0:\n');
    cpio.file('etc/hosts', '127.0.0.1 localhost\n::1 localhost\n');
    cpio.file('etc/os-release', 'NAME="linux-netlink QEMU guest"\nID=linux-netlink-guest\n');
    const tmpFile = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmpFile, cpio.toGzip());
    fs.renameSync(tmpFile, file);
  } finally {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  return { file, packages, cached: false };
}

/** Copies PICKS' files out of their packages into the root, leaving the rest of each package out. */
function pickFiles(debs, root) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linux-netlink-pick-'));
  try {
    debian.extract(debs, scratch);
    for (const file of PICKS.flatMap((p) => p.files)) {
      const from = path.join(scratch, file);
      if (!fs.existsSync(from)) throw new StepError('rootfs', `no package in ${PICKS.map((p) => p.package).join(', ')} provided /${file}`);
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.copyFileSync(from, path.join(root, file));
      fs.chmodSync(path.join(root, file), fs.statSync(from).mode & 0o7777);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes the overlay archive: /init, and the package at /opt/linux-netlink.
 * `bundle` is the output of package-bundle.js: [{ from, to }] host paths → paths under the package.
 */
function writeOverlay(file, { init, bundle, files = {} }) {
  const cpio = new CpioWriter();
  cpio.file('init', fs.readFileSync(init), 0o755);
  for (const { from, to, skipNested, exclude } of bundle) {
    const stat = fs.statSync(from);
    const nested = path.join(from, 'node_modules');
    // Type declarations, source maps and docs are never read at run time; nested node_modules are
    // bundled as packages of their own (only those actually needed).
    const filter = (hostPath) => !(skipNested && hostPath === nested) && !(exclude && exclude.test(hostPath)) &&
      !/\.(d\.ts|map|md|markdown)$/i.test(hostPath);
    if (stat.isDirectory()) cpio.tree(from, `opt/linux-netlink/${to}`, { filter });
    else cpio.file(`opt/linux-netlink/${to}`, fs.readFileSync(from), stat.mode & 0o7777);
  }
  for (const [name, content] of Object.entries(files)) cpio.file(name, content);
  fs.writeFileSync(file, cpio.toGzip());
}

/** The initrd QEMU loads: the base and the overlay concatenated (the kernel unpacks both in order). */
function concatenate(outFile, parts) {
  const out = fs.openSync(outFile, 'w');
  for (const part of parts) fs.writeSync(out, fs.readFileSync(part));
  fs.closeSync(out);
}

module.exports = { getBase, writeOverlay, concatenate, ROOTS };

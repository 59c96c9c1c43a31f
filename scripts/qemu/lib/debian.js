'use strict';
// Debian's armel packages for the guest: the runtime closure of a few root packages, downloaded with
// apt-get and unpacked with dpkg -x (no maintainer script needs to run for what the guest uses).
const fs = require('fs');
const path = require('path');
const { StepError, capture } = require('./process');

const ARCH = 'armel';
// Packages that only maintainer scripts or administrators need. Following them would drag perl and
// dpkg into the guest for nothing: the guest never configures a package.
const SKIP = new Set(['debconf', 'debconf-2.0', 'perl-base', 'dpkg', 'install-info', 'init-system-helpers',
  'lsb-base', 'sensible-utils', 'adduser', 'passwd', 'libcap2-bin', 'libpam-cap', 'tzdata']);

/** Parses apt-cache show output into records (one per package stanza). */
function parseStanzas(text) {
  const records = [];
  for (const block of text.split(/\n\n+/)) {
    const record = {};
    let last = null;
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) { record[last] += `\n${line}`; continue; }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      record[last] = line.slice(colon + 1).trim();
    }
    if (record.Package) records.push(record);
  }
  return records;
}

/** "a (>= 1) | b, c:any" → [['a','b'], ['c']] : each dependency's alternatives, names only. */
function parseDepends(field) {
  if (!field) return [];
  return field.split(',').map((dep) => dep.split('|').map((alt) => alt.trim().replace(/\s*\(.*\)$/, '').replace(/:any$/, '')))
    .filter((alts) => alts[0]);
}

/**
 * Everything apt knows for the target architecture, from ONE apt-cache call: on hosts where apt keeps
 * no binary cache (Dir::Cache::pkgcache ""), every apt-cache call re-reads all package lists (~10 s).
 * Returns { packages: Map(name → record), providers: Map(virtual name → [real names]) }.
 */
function loadIndex() {
  const out = capture('apt-cache', ['dumpavail'], { kind: 'rootfs' });
  const packages = new Map();
  const providers = new Map();
  for (const record of parseStanzas(out)) {
    if (record.Architecture !== ARCH && record.Architecture !== 'all') continue;
    const known = packages.get(record.Package);
    // Architecture-specific stanzas win over arch-all ones of the same name (there are none in practice).
    if (known && known.Architecture === ARCH) continue;
    packages.set(record.Package, record);
    for (const [virtualName] of parseDepends(record.Provides)) {
      if (!providers.has(virtualName)) providers.set(virtualName, []);
      providers.get(virtualName).push(record.Package);
    }
  }
  return { packages, providers };
}

/**
 * Follows Depends and Pre-Depends (first installable alternative) from the roots.
 * Returns [{ name, version, arch, filename }] sorted by name.
 */
function closure(roots, index = loadIndex()) {
  const resolve = (name) => (index.packages.has(name) ? name : (index.providers.get(name) || [])[0]);
  const found = new Map();
  const queue = [...roots];
  while (queue.length) {
    const wanted = queue.shift();
    if (found.has(wanted) || SKIP.has(wanted)) continue;
    const name = resolve(wanted);
    if (!name) {
      throw new StepError('rootfs', `the Debian package ${wanted}:${ARCH} is not known to apt. ` +
        `Enable the architecture and refresh the lists: dpkg --add-architecture ${ARCH} && apt-get update`);
    }
    if (found.has(name)) continue;
    const record = index.packages.get(name);
    found.set(name, { name, version: record.Version, arch: record.Architecture, filename: record.Filename });
    for (const alternatives of [...parseDepends(record['Pre-Depends']), ...parseDepends(record.Depends)]) {
      if (alternatives.some((alt) => found.has(alt) || SKIP.has(alt))) continue;
      queue.push(alternatives.find((alt) => resolve(alt)) || alternatives[0]);
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Downloads each package (by exact version) into debDir unless it is already there. */
function download(packages, debDir) {
  fs.mkdirSync(debDir, { recursive: true });
  const files = [];
  const wanted = [];
  for (const pkg of packages) {
    // apt-get download's file name: the version's epoch colon is written %3a.
    const file = path.join(debDir, `${pkg.name}_${pkg.version.replace(/:/g, '%3a')}_${pkg.arch}.deb`);
    files.push(file);
    if (!fs.existsSync(file)) wanted.push(`${pkg.name}${pkg.arch === 'all' ? '' : `:${pkg.arch}`}=${pkg.version}`);
  }
  if (wanted.length) {
    try {
      capture('apt-get', ['download', '-q', ...wanted], { kind: 'rootfs', cwd: debDir });
    } catch (err) {
      throw new StepError('rootfs', `apt-get download failed for ${wanted.join(' ')}; is the Debian mirror reachable?`, err.details);
    }
  }
  for (const file of files) {
    if (!fs.existsSync(file)) throw new StepError('rootfs', `apt-get download did not produce ${path.basename(file)}`);
  }
  return files;
}

function extract(debFiles, rootDir) {
  for (const file of debFiles) capture('dpkg-deb', ['-x', file, rootDir], { kind: 'rootfs' });
}

module.exports = { closure, download, extract, parseDepends, ARCH };

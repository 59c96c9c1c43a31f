'use strict';
// Installs the host's missing Debian packages, idempotently: packages already installed cost one
// dpkg-query; nothing is installed twice, and apt-get update runs only when apt does not know a package.
const { spawnSync } = require('child_process');
const { StepError, capture, commandExists } = require('./process');

function isInstalled(pkg) {
  const out = capture('dpkg-query', ['-W', '-f=${Status}', pkg], { allowFailure: true });
  return out !== null && out.includes('install ok installed');
}

function privilegePrefix() {
  if (process.getuid && process.getuid() === 0) return [];
  if (commandExists('sudo')) return ['sudo', '-n'];
  return null;
}

function aptGet(args, log) {
  const prefix = privilegePrefix();
  if (prefix === null) return { status: 1, output: 'not root and no sudo' };
  // dpkg's lock may be held by another apt run: wait for it rather than fail.
  const fullArgs = [...prefix, 'apt-get', '-o', 'DPkg::Lock::Timeout=300', '-q', ...args];
  log(`$ ${fullArgs.join(' ')}`);
  const result = spawnSync(fullArgs[0], fullArgs.slice(1), {
    encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout || ''}${result.stderr || ''}` };
}

let updated = false;

function ensureArchitecture(arch, { log }) {
  const native = capture('dpkg', ['--print-architecture']).trim();
  const foreign = capture('dpkg', ['--print-foreign-architectures']).split('\n').map((s) => s.trim());
  if (arch === native || foreign.includes(arch)) return;
  const prefix = privilegePrefix();
  if (prefix === null) {
    throw new StepError('host-packages', `the ${arch} architecture is not enabled; run: sudo dpkg --add-architecture ${arch} && sudo apt-get update`);
  }
  log(`enabling the ${arch} architecture for target packages`);
  const command = [...prefix, 'dpkg', '--add-architecture', arch];
  capture(command[0], command.slice(1), { kind: 'host-packages' });
  updated = false;  // apt must learn the new architecture's package lists
  const update = aptGet(['update'], log);
  if (update.status !== 0) throw new StepError('host-packages', `apt-get update failed after adding ${arch}`, update.output.slice(-2000));
  updated = true;
}

/** Makes sure every package in `packages` is installed on the host (names may carry :arch). */
async function ensurePackages(packages, { log }) {
  const missing = packages.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return;
  log(`installing host packages: ${missing.join(' ')}`);
  let result = aptGet(['install', '-y', '--no-install-recommends', ...missing], log);
  if (result.status !== 0 && !updated && /Unable to locate|has no installation candidate|404/.test(result.output)) {
    const update = aptGet(['update'], log);
    updated = true;
    if (update.status === 0) result = aptGet(['install', '-y', '--no-install-recommends', ...missing], log);
  }
  if (result.status !== 0) {
    throw new StepError('host-packages', `missing Debian packages: ${missing.join(' ')} and installing them failed. ` +
      `Install them with: sudo apt-get install ${missing.join(' ')}`, result.output.trim().split('\n').slice(-15).join('\n'));
  }
}

module.exports = { ensurePackages, ensureArchitecture, isInstalled };

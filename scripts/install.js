'use strict';
// npm install's step (package.json "install"): keep the prebuild the library's own loader will take for this
// Node, or compile the addon with node-gyp. node-gyp-build's install check picks a prebuild by platform, arch,
// libc and ARM version only, so on a hard-float ARMv6 Node (Raspberry Pi OS) it kept the soft-float armv6 file
// built for Debian's armel, and the loader then refused it at first use. Here the choice is the loader's own
// (dist/lib/socket/prebuilds.js: the float ABI included); the build, when needed, is node-gyp-build's (which
// runs node-gyp rebuild), as before.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

/** The loader's own choice of prebuild; absent in a git checkout, whose dist/ `prepare` builds after this step. */
let loaderChoice = null;
try {
  loaderChoice = require(path.join(root, 'dist', 'lib', 'socket', 'prebuilds.js'));
} catch {
  // no dist/ yet: nothing to choose from, the addon is built
}

/**
 * What to do for `target` given the files of prebuilds/linux-<arch>/: { action: 'prebuild', file } when one fits
 * (and `buildFromSource` is not asked), else { action: 'build', reason }.
 */
function installAction(files, target, { buildFromSource = false, chooser = loaderChoice } = {}) {
  if (buildFromSource) return { action: 'build', reason: 'building from source was asked for' };
  const file = chooser.choosePrebuild(files, target);
  if (file === null) return { action: 'build', reason: `no prebuild fits ${chooser.describeTarget(target)}` };
  return { action: 'prebuild', file };
}

function main() {
  const buildFromSource = process.env.npm_config_build_from_source === 'true' || process.argv.includes('--build-from-source');
  let files = [];
  try {
    files = fs.readdirSync(path.join(root, 'prebuilds', `linux-${process.arch}`));
  } catch {
    // no prebuilds for this arch
  }
  const decision = loaderChoice === null ? { action: 'build', reason: 'no dist/ here' } : installAction(files, loaderChoice.currentTarget(), { buildFromSource });
  if (decision.action === 'prebuild') {
    const file = path.join(root, 'prebuilds', `linux-${process.arch}`, decision.file);
    try {
      require(file);
      return 0;
    } catch (err) {
      console.error(`linux-netlink: the prebuild ${decision.file} does not load here (${err.message}): building the addon`);
    }
  } else if (process.env.npm_config_loglevel === 'verbose') {
    console.error(`linux-netlink: ${decision.reason}: building the addon`);
  }
  const build = spawnSync(process.execPath, [require.resolve('node-gyp-build/bin.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
  return build.status ?? 1;
}

module.exports = { installAction };
if (require.main === module) process.exit(main());

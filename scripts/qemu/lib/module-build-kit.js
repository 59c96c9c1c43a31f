'use strict';
// Keeps, beside a cached kernel, what building an out-of-tree module against it needs (the files a
// distribution's linux-headers package holds): the source tree's Makefiles, include/, scripts/ and the
// arch's include and scripts folders, merged with the build's generated headers, host tools (fixdep, modpost),
// Module.symvers and .config, instead of the whole build tree.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { StepError } = require('./process');

const ARCH = 'arm';

// The same selection as the kernel's own scripts/package/builddeb (5.15 to 6.12), for ARCH=arm.
const SOURCE_FILES = `
  find . arch/${ARCH} -maxdepth 1 -name 'Makefile*'
  find include scripts -type f -o -type l
  find arch/${ARCH} -name Kbuild.platforms -o -name Platform
  find $(find arch/${ARCH} -name include -o -name scripts -type d) -type f`;
const BUILD_FILES = `
  find arch/${ARCH}/include Module.symvers include scripts -type f
  if [ -d scripts/gcc-plugins ]; then find scripts/gcc-plugins -name '*.so'; fi
  echo .config`;

function copyListed(fromDir, listScript, toDir) {
  const script = `set -e; cd "$1"; { ${listScript}; } | sort -u | tar -c --no-recursion -T - -f - | tar -x -C "$2" -f -`;
  const result = spawnSync('bash', ['-c', script, 'copy', fromDir, toDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new StepError('kernel-build', `saving the module build files from ${fromDir} failed`, (result.stderr || '').trim().slice(-2000));
  }
}

/** Copies the module build files of a finished build (srcDir + O=outDir) into kitDir (created). */
function saveModuleBuildKit(srcDir, outDir, kitDir) {
  const symvers = path.join(outDir, 'Module.symvers');
  // Without any module built in-tree, vmlinux's symbol versions are all there is to link against.
  if (!fs.existsSync(symvers) && fs.existsSync(path.join(outDir, 'vmlinux.symvers'))) {
    fs.copyFileSync(path.join(outDir, 'vmlinux.symvers'), symvers);
  }
  if (!fs.existsSync(symvers)) throw new StepError('kernel-build', `no Module.symvers in ${outDir}: the modules target did not run`);
  fs.mkdirSync(kitDir, { recursive: true });
  copyListed(srcDir, SOURCE_FILES, kitDir);
  copyListed(outDir, BUILD_FILES, kitDir);
}

module.exports = { saveModuleBuildKit };

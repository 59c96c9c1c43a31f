'use strict';
// Boots an official OpenBMC flash image's kernel with our initramfs: the kernel and device tree come out
// of the FIT image in the MTD's kernel partition (u-boot's dumpimage does the FIT parsing).
const fs = require('fs');
const path = require('path');
const { StepError, capture } = require('./process');
const { ensurePackages } = require('./host-packages');
const { cacheDir, sha256File } = require('./cache');

const FIT_OFFSET = 0x80000;       // the kernel partition in OpenBMC's 32 MiB static flash layout
const FDT_MAGIC = 0xd00dfeed;

function extractFit(mtdFile, outFile) {
  const fd = fs.openSync(mtdFile, 'r');
  try {
    const header = Buffer.alloc(8);
    fs.readSync(fd, header, 0, 8, FIT_OFFSET);
    if (header.readUInt32BE(0) !== FDT_MAGIC) {
      throw new StepError('image', `${mtdFile}: no FIT image at 0x${FIT_OFFSET.toString(16)} (expected the OpenBMC static flash layout)`);
    }
    const size = header.readUInt32BE(4);
    const fit = Buffer.alloc(size);
    fs.readSync(fd, fit, 0, size, FIT_OFFSET);
    fs.writeFileSync(outFile, fit);
  } finally {
    fs.closeSync(fd);
  }
}

/** Parses `dumpimage -l` into [{ index, name, type }] for the FIT's images (not its configurations). */
function listImages(fitFile) {
  const out = capture('dumpimage', ['-l', fitFile], { kind: 'image' });
  const images = [];
  let current = null;
  for (const line of out.split('\n')) {
    const head = /^\s*Image (\d+) \(([^)]+)\)/.exec(line);
    if (head) {
      current = { index: Number(head[1]), name: head[2], type: '' };
      images.push(current);
      continue;
    }
    if (/^\s*Default Configuration|^\s*Configuration \d+/.test(line)) current = null;
    const type = /^\s*Type:\s*(.*)$/.exec(line);
    if (type && current && !current.type) current.type = type[1].trim();
  }
  return images;
}

/** Returns { zImage, dtbDir, dtbName } extracted from the image (cached by the image's sha256). */
async function kernelFromImage(mtdFile, machine, { log }) {
  await ensurePackages(['u-boot-tools'], { log });
  if (!fs.existsSync(mtdFile)) throw new StepError('usage', `--image ${mtdFile}: no such file`);
  const dir = cacheDir('images', sha256File(mtdFile).slice(0, 16));
  const fitFile = path.join(dir, 'kernel.itb');
  extractFit(mtdFile, fitFile);
  const images = listImages(fitFile);
  const kernel = images.find((i) => /kernel/i.test(i.type));
  const dtbs = images.filter((i) => /flat device tree/i.test(i.type));
  if (!kernel || dtbs.length === 0) {
    throw new StepError('image', `the FIT in ${mtdFile} has no kernel or no device tree (found: ${images.map((i) => `${i.name}: ${i.type}`).join(', ')})`);
  }
  const board = machine === 'romulus-bmc' ? 'romulus' : 'ast2500-evb';
  const dtb = dtbs.find((i) => i.name.includes(board)) || dtbs[0];
  const zImage = path.join(dir, 'zImage');
  const dtbFile = path.join(dir, 'image.dtb');
  capture('dumpimage', ['-T', 'flat_dt', '-p', String(kernel.index), '-o', zImage, fitFile], { kind: 'image' });
  capture('dumpimage', ['-T', 'flat_dt', '-p', String(dtb.index), '-o', dtbFile, fitFile], { kind: 'image' });
  log(`OpenBMC image: kernel "${kernel.name}", device tree "${dtb.name}"`);
  return { zImage, dtb: dtbFile, label: `image:${path.basename(mtdFile)}` };
}

module.exports = { kernelFromImage, listImages };

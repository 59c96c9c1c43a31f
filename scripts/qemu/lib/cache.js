'use strict';
// Where the pipeline keeps what survives between runs (kernels, root filesystem bases, downloads).
// Outside the repository so a fresh clone or `git clean` does not throw away a 10-minute kernel build.
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

function cacheRoot() {
  if (process.env.LINUX_NETLINK_QEMU_CACHE) return path.resolve(process.env.LINUX_NETLINK_QEMU_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'linux-netlink', 'qemu');
}

function cacheDir(...parts) {
  const dir = path.join(cacheRoot(), ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function shortHash(...inputs) {
  const hash = crypto.createHash('sha256');
  for (const input of inputs) hash.update(typeof input === 'string' ? input : JSON.stringify(input)).update('\0');
  return hash.digest('hex').slice(0, 12);
}

function sha256File(file) {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let n;
  while ((n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0) hash.update(chunk.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
}

/** Writes a finished cache entry atomically: build in `${dir}.tmp-PID`, then rename. */
function commitDir(tmpDir, finalDir) {
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(tmpDir, finalDir);
}

module.exports = { cacheRoot, cacheDir, shortHash, sha256File, commitDir };

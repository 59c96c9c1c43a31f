'use strict';
// A writer for the "newc" cpio format the kernel unpacks as an initramfs. Writing it ourselves means every
// entry belongs to root and /dev/console can be a device node without running as root or under fakeroot.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

class CpioWriter {
  constructor() {
    this.chunks = [];
    this.size = 0;
    this.inode = 1;
    this.seen = new Set();
  }

  push(buffer) {
    this.chunks.push(buffer);
    this.size += buffer.length;
  }

  pad() {
    const extra = (4 - (this.size % 4)) % 4;
    if (extra) this.push(Buffer.alloc(extra));
  }

  entry(name, mode, data = Buffer.alloc(0), { rdevMajor = 0, rdevMinor = 0, mtime = 0 } = {}) {
    const fields = [this.inode++, mode, 0, 0, 1, mtime, data.length, 0, 0, rdevMajor, rdevMinor, name.length + 1, 0];
    const header = `070701${fields.map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('')}`;
    this.push(Buffer.from(header, 'latin1'));
    this.push(Buffer.from(`${name}\0`, 'utf8'));
    this.pad();
    if (data.length) {
      this.push(data);
      this.pad();
    }
  }

  /** Archive names have no leading slash; parents must come first, so they are added on demand. */
  ensureParents(name) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) this.directory(parts.slice(0, i).join('/'));
  }

  directory(name, mode = 0o755) {
    name = name.replace(/^\/+/, '');
    if (!name || this.seen.has(name)) return;
    this.ensureParents(name);
    this.seen.add(name);
    this.entry(name, S_IFDIR | mode);
  }

  file(name, data, mode = 0o644) {
    name = name.replace(/^\/+/, '');
    this.ensureParents(name);
    this.seen.add(name);
    this.entry(name, S_IFREG | mode, typeof data === 'string' ? Buffer.from(data) : data);
  }

  symlink(name, target) {
    name = name.replace(/^\/+/, '');
    this.ensureParents(name);
    this.seen.add(name);
    this.entry(name, S_IFLNK | 0o777, Buffer.from(target));
  }

  charDevice(name, major, minor, mode = 0o600) {
    name = name.replace(/^\/+/, '');
    this.ensureParents(name);
    this.seen.add(name);
    this.entry(name, S_IFCHR | mode, undefined, { rdevMajor: major, rdevMinor: minor });
  }

  /** Adds a host directory tree under `prefix` (files, directories, symlinks; modes kept, owner root). */
  tree(hostDir, prefix, { filter = () => true } = {}) {
    const walk = (dir, archiveDir) => {
      for (const name of fs.readdirSync(dir).sort()) {
        const hostPath = path.join(dir, name);
        const archivePath = archiveDir ? `${archiveDir}/${name}` : name;
        if (!filter(hostPath, archivePath)) continue;
        const stat = fs.lstatSync(hostPath);
        if (stat.isSymbolicLink()) this.symlink(archivePath, fs.readlinkSync(hostPath));
        else if (stat.isDirectory()) {
          this.directory(archivePath, stat.mode & 0o7777);
          walk(hostPath, archivePath);
        } else if (stat.isFile()) this.file(archivePath, fs.readFileSync(hostPath), stat.mode & 0o7777);
      }
    };
    const base = prefix.replace(/^\/+|\/+$/g, '');
    if (base) this.directory(base);
    walk(hostDir, base);
  }

  /** The finished archive, gzip-compressed (the kernel unpacks gzip fastest of what it supports). */
  toGzip(level = 6) {
    this.entry('TRAILER!!!', 0);
    const extra = (512 - (this.size % 512)) % 512;
    if (extra) this.push(Buffer.alloc(extra));
    return zlib.gzipSync(Buffer.concat(this.chunks), { level });
  }
}

module.exports = { CpioWriter };

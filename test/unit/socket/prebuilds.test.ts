// Which prebuild a Node gets (by ARM version and float ABI too), what a prebuild may need of the C library, and
// what the package does without any addon.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { choosePrebuild, currentTarget, PrebuildTarget } from '../../../lib/socket/prebuilds';
import { SLOWDOWN, skipWithReason } from '../../helpers/netns';

const packageRoot = path.join(__dirname, '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const prebuildScript = require(path.join(packageRoot, 'scripts', 'prebuild.js')) as {
  TARGETS: Record<string, { arch: string; armv?: string; prefix: string }>;
  checkLibraryVersions(file: string, objdump: string): string;
  libraryVersions(objdumpOutput: string): { glibc: number[]; tooNew: string[] };
};

const ARM_FILES = ['linux-netlink.armv6.softfloat.node', 'linux-netlink.armv7.hardfloat.node'];
const arm = (armVersion: string, floatAbi: 'hard' | 'soft'): PrebuildTarget => ({ arch: 'arm', armVersion, floatAbi, libc: 'glibc' });

describe('socket: prebuilds', function () {
  it('an ARM Node gets the file of its ARM version and float ABI, and no other', function () {
    expect(choosePrebuild(ARM_FILES, arm('6', 'soft'))).to.equal('linux-netlink.armv6.softfloat.node'); // Debian armel
    expect(choosePrebuild(ARM_FILES, arm('7', 'hard'))).to.equal('linux-netlink.armv7.hardfloat.node'); // Debian armhf
    // Raspberry Pi OS: ARMv6 with hard float. node-gyp-build would hand it the armel file (it compares armv only).
    expect(choosePrebuild(ARM_FILES, arm('6', 'hard'))).to.equal(null);
    expect(choosePrebuild(ARM_FILES, arm('7', 'soft'))).to.equal(null);
    // A file that does not name its float ABI is never taken on ARM: it could be either.
    expect(choosePrebuild(['linux-netlink.armv6.node'], arm('6', 'soft'))).to.equal(null);
  });

  it('npm install keeps only the prebuild the loader takes: a hard-float ARMv6 Node is built for, not handed the armel file', function () {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { installAction } = require(path.join(packageRoot, 'scripts', 'install.js')) as {
      installAction(files: readonly string[], target: PrebuildTarget, options?: { buildFromSource?: boolean }): { action: string; file?: string; reason?: string };
    };
    // node-gyp-build's install check (the install step before) reads the ARM version of a file and nothing of
    // its float ABI, so it kept the armel file for any ARMv6 Node, Raspberry Pi OS's hard-float one included.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const gypBuild = require('node-gyp-build') as { parseTags(f: string): Record<string, unknown> };
    const tags = gypBuild.parseTags('linux-netlink.armv6.softfloat.node');
    expect(tags.armv).to.equal('6');
    expect(Object.values(tags)).to.not.include('softfloat');
    expect(installAction(ARM_FILES, arm('6', 'hard'))).to.deep.include({ action: 'build' });
    expect(installAction(ARM_FILES, arm('6', 'soft'))).to.deep.equal({ action: 'prebuild', file: 'linux-netlink.armv6.softfloat.node' });
    expect(installAction(ARM_FILES, arm('7', 'hard'))).to.deep.equal({ action: 'prebuild', file: 'linux-netlink.armv7.hardfloat.node' });
    expect(installAction(ARM_FILES, arm('7', 'soft'))).to.deep.include({ action: 'build' });
    expect(installAction(ARM_FILES, arm('6', 'soft'), { buildFromSource: true })).to.deep.include({ action: 'build' });
    expect(installAction(['linux-netlink.node'], { arch: 'x64', armVersion: '', floatAbi: '', libc: 'glibc' })).to.deep.equal({ action: 'prebuild', file: 'linux-netlink.node' });
  });

  it('elsewhere the tags match as node-gyp-build\'s do; musl and glibc files are told apart', function () {
    const x64: PrebuildTarget = { arch: 'x64', armVersion: '', floatAbi: '', libc: 'glibc' };
    expect(choosePrebuild(['linux-netlink.node', 'README', 'linux-netlink.musl.node'], x64)).to.equal('linux-netlink.node');
    expect(choosePrebuild(['linux-netlink.glibc.node', 'linux-netlink.musl.node'], { ...x64, libc: 'musl' })).to.equal('linux-netlink.musl.node');
    expect(choosePrebuild(['linux-netlink.musl.node'], x64)).to.equal(null);
    expect(choosePrebuild(['linux-netlink.node', 'linux-netlink.glibc.node'], x64)).to.equal('linux-netlink.glibc.node'); // the more specific
    expect(choosePrebuild([], x64)).to.equal(null);
  });

  it('reads the float ABI from Node\'s configuration: only \'hard\' is the hard-float calling convention', function () {
    expect(currentTarget({ arm_version: '6', arm_float_abi: 'hard' }, 'arm')).to.include({ armVersion: '6', floatAbi: 'hard' });
    for (const abi of ['softfp', 'soft', 'default', undefined]) {
      expect(currentTarget({ arm_version: '7', arm_float_abi: abi }, 'arm')).to.include({ armVersion: '7', floatAbi: 'soft' });
    }
    expect(currentTarget({}, 'arm64')).to.include({ armVersion: '8', floatAbi: '' });
    expect(currentTarget({ arm_version: '7' }, 'x64')).to.include({ armVersion: '', floatAbi: '' });
  });

  it('without any addon the parsers and encoders still load and work; opening a socket says what to install and run', function () {
    this.timeout(20000 * SLOWDOWN);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'lnl-no-addon-'));
    try {
      const script = `
        const lnl = require(${JSON.stringify(packageRoot)});
        const bytes = lnl.route.encodeRoute({ family: 'inet', dst: '10.1.2.0', dstLen: 24, table: 100 });
        const route = lnl.route.decodeRoute(bytes);
        let error;
        try { lnl.NetlinkSocket.open({ protocol: 0 }); } catch (e) { error = { code: e.code, message: e.message }; }
        console.log(JSON.stringify({ dst: route.dst, table: route.table, error }));`;
      // No local build (PREBUILDS_ONLY) and prebuilds taken from an empty directory: as where nothing fits.
      const r = spawnSync(process.execPath, ['-e', script], {
        encoding: 'utf8',
        env: { ...process.env, PREBUILDS_ONLY: '1', LINUX_NETLINK_PREBUILD: empty },
        timeout: 15000 * SLOWDOWN,
      });
      expect(r.status, r.stderr).to.equal(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(out).to.include({ dst: '10.1.2.0', table: 100 });
      expect(out.error.code).to.equal('ERR_LINUX_NETLINK_NO_ADDON');
      expect(out.error.message).to.match(/no prebuild fits \(linux-/).and.match(/g\+\+ make python3/).and.match(/npm rebuild linux-netlink --build-from-source/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('the check of a prebuild refuses anything above GLIBC_2.28 and any libstdc++ version', function () {
    const { libraryVersions } = prebuildScript;
    expect(libraryVersions('(GLIBC_2.2.5) pthread_create (GLIBC_2.28) fcntl64 (GLIBC_2.3.2)')).to.deep.equal({ glibc: [2, 28], tooNew: [] });
    expect(libraryVersions('(GLIBC_2.34) pthread_create (GLIBC_2.4) (GLIBCXX_3.4.30) (CXXABI_1.3)').tooNew).to.deep.equal(['CXXABI_1.3', 'GLIBCXX_3.4.30', 'GLIBC_2.34']);
  });

  it('every prebuild in prebuilds/ loads with glibc 2.28 and needs no libstdc++ (objdump -T)', function () {
    const root = path.join(packageRoot, 'prebuilds');
    const files = existsSync(root) ? readdirSync(root).flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => path.join(root, dir, f))) : [];
    if (files.length === 0) skipWithReason(this, 'no prebuilds here: npm run prebuild makes them');
    let checked = 0;
    for (const file of files.filter((f) => f.endsWith('.node'))) {
      const arch = path.basename(path.dirname(file)).replace(/^linux-/, '');
      const armv = /\.armv(\d+)\./.exec(path.basename(file))?.[1];
      const target = Object.values(prebuildScript.TARGETS).find((t) => t.arch === arch && t.armv === armv);
      if (!target) throw new Error(`${file}: no prebuild target makes this file`);
      const objdump = `${target.prefix}objdump`;
      if (spawnSync(objdump, ['--version']).status !== 0) continue; // that architecture's binutils are not installed
      expect(prebuildScript.checkLibraryVersions(file, objdump)).to.match(/^glibc >= 2\.\d+(\.\d+)?, no libstdc\+\+$/);
      checked++;
    }
    if (checked === 0) skipWithReason(this, 'no objdump for the architectures of the prebuilds here');
  });
});

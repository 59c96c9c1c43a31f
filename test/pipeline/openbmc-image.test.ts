// The QEMU pipeline's --image path (a host-only test: the guest does not carry scripts/): the kernel and device
// tree come out of the FIT image that an OpenBMC static flash image holds at its kernel partition. Checked on a
// flash image built here the same way (u-boot's mkimage, the 32 MiB static layout), since no official image can
// be downloaded offline.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { skipWithReason } from '../helpers/netns';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { kernelFromImage } = require(path.join(REPO_ROOT, 'scripts', 'qemu', 'lib', 'openbmc-image'));

const FLASH_SIZE = 32 << 20;
const KERNEL_PARTITION = 0x80000;

/** An image tree source shaped like OpenBMC's fitImage: one kernel, two device trees, one configuration each. */
function its(dir: string): string {
  const dt = (name: string) => `
    fdt-${name}.dtb {
      description = "Flattened Device Tree blob";
      data = /incbin/("${dir}/${name}.dtb");
      type = "flat_dt";
      arch = "arm";
      compression = "none";
    };`;
  return `/dts-v1/;
/ {
  description = "Kernel fitImage for linux-netlink tests";
  #address-cells = <1>;
  images {
    kernel-1 {
      description = "Linux kernel";
      data = /incbin/("${dir}/zImage");
      type = "kernel";
      arch = "arm";
      os = "linux";
      compression = "none";
      load = <0x80001000>;
      entry = <0x80001000>;
    };${dt('aspeed-ast2500-evb')}${dt('aspeed-bmc-opp-romulus')}
  };
  configurations {
    default = "conf-aspeed-bmc-opp-romulus.dtb";
    conf-aspeed-bmc-opp-romulus.dtb { kernel = "kernel-1"; fdt = "fdt-aspeed-bmc-opp-romulus.dtb"; };
    conf-aspeed-ast2500-evb.dtb { kernel = "kernel-1"; fdt = "fdt-aspeed-ast2500-evb.dtb"; };
  };
};
`;
}

describe('QEMU pipeline: kernel and device tree from an OpenBMC flash image (--image)', function () {
  this.timeout(60000);
  let work: string;
  let flash: string;
  const parts: Record<string, Buffer> = {};
  const quiet = { log: () => undefined };

  before(function () {
    for (const tool of ['mkimage', 'dumpimage', 'dtc']) {
      try {
        execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      } catch {
        skipWithReason(this, `needs ${tool} (Debian packages u-boot-tools and device-tree-compiler; the QEMU pipeline installs them)`);
      }
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lnl-image-'));
    process.env.LINUX_NETLINK_QEMU_CACHE = path.join(work, 'cache');
    // Contents only need to be recognisable: the test compares what comes out with what went in.
    parts.zImage = randomBytes(300_000);
    for (const name of ['aspeed-ast2500-evb', 'aspeed-bmc-opp-romulus']) {
      fs.writeFileSync(path.join(work, `${name}.dts`), `/dts-v1/;\n/ { model = "${name}"; compatible = "test,${name}"; };\n`);
      execFileSync('dtc', ['-I', 'dts', '-O', 'dtb', '-o', path.join(work, `${name}.dtb`), path.join(work, `${name}.dts`)]);
      parts[name] = fs.readFileSync(path.join(work, `${name}.dtb`));
    }
    fs.writeFileSync(path.join(work, 'zImage'), parts.zImage);
    fs.writeFileSync(path.join(work, 'image.its'), its(work));
    execFileSync('mkimage', ['-f', path.join(work, 'image.its'), path.join(work, 'kernel.itb')], { stdio: 'ignore' });
    const fit = fs.readFileSync(path.join(work, 'kernel.itb'));
    const image = Buffer.alloc(FLASH_SIZE, 0xff);
    fit.copy(image, KERNEL_PARTITION);
    flash = path.join(work, 'obmc-phosphor-image-romulus.static.mtd');
    fs.writeFileSync(flash, image);
  });

  after(() => {
    delete process.env.LINUX_NETLINK_QEMU_CACHE;
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('extracts the kernel and the device tree of the chosen machine, byte for byte', async () => {
    for (const [machine, dtb] of [['romulus-bmc', 'aspeed-bmc-opp-romulus'], ['ast2500-evb', 'aspeed-ast2500-evb']]) {
      const out = await kernelFromImage(flash, machine, quiet);
      expect(fs.readFileSync(out.zImage).equals(parts.zImage), `${machine} kernel`).to.equal(true);
      expect(fs.readFileSync(out.dtb).equals(parts[dtb]), `${machine} device tree`).to.equal(true);
      expect(out.label).to.equal('image:obmc-phosphor-image-romulus.static.mtd');
    }
  });

  it('says clearly when the file is not an OpenBMC static flash image', async () => {
    const notAnImage = path.join(work, 'random.mtd');
    fs.writeFileSync(notAnImage, randomBytes(KERNEL_PARTITION + 4096));
    let error: Error & { kind?: string } = new Error('nothing thrown');
    await kernelFromImage(notAnImage, 'romulus-bmc', quiet).catch((e: Error) => (error = e));
    expect(error.message).to.match(/no FIT image at 0x80000/);
    error = new Error('nothing thrown');
    await kernelFromImage(path.join(work, 'missing.mtd'), 'romulus-bmc', quiet).catch((e: Error) => (error = e));
    expect(error.message).to.match(/no such file/);
  });
});

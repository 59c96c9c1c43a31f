// Guest-only tests run inside the QEMU guest of `npm run test:qemu`, whose /init sets these variables.
// Elsewhere they skip with a reason: they write to /sys, need link kinds the host may lack, or assert facts
// about the emulated 32-bit ARM machine.
export const inGuest = process.env.LINUX_NETLINK_QEMU_GUEST === '1';
/** The guest kernel was built from the plain defconfig (--stock-config or --image): features may be missing. */
export const stockConfig = process.env.LINUX_NETLINK_QEMU_STOCK_CONFIG === '1';

export function skipUnlessGuest(ctx: Mocha.Context): void {
  if (!inGuest) {
    ctx.test!.title += ' (skipped: runs only inside the QEMU guest, see npm run test:qemu)';
    ctx.skip();
  }
}

/** Skips the current test with a reason (shown in the title, as the netns helper does). */
export function skipBecause(ctx: Mocha.Context, reason: string): never {
  ctx.test!.title += ` (skipped: ${reason})`;
  ctx.skip();
  throw new Error('unreachable: mocha skip() throws');
}

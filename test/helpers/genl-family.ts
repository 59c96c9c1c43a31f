// Generic netlink tests skip, with the reason, where the kernel lacks the family they exercise.
import { FamilyNotFoundError, GenlClient } from '../../lib/genl';
import { skipWithReason } from './netns';

/** Skips when the kernel (in `netns`, or this namespace) has no family `name`: the QEMU guest's 6.1 has no netdev. */
export async function needFamily(ctx: Mocha.Context, netns: string | undefined, name: string): Promise<void> {
  const genl = GenlClient.open(netns === undefined ? {} : { netns });
  try {
    await genl.family(name);
  } catch (err) {
    if (err instanceof FamilyNotFoundError) skipWithReason(ctx, `this kernel has no ${name} family`);
    throw err;
  } finally {
    genl.close();
  }
}

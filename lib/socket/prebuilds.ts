// Which prebuilt addon fits the running Node: the tags in a prebuild's file name (node-gyp-build's: armv6, glibc,
// napi, ...) plus the ARM float ABI, which node-gyp-build does not know: a hard-float ARMv6 Node (Raspberry Pi OS)
// must not be handed the soft-float ARMv6 file built for Debian's armel.
import { existsSync } from 'fs';

/** What a prebuild must fit. */
export interface PrebuildTarget {
  /** process.arch: 'x64', 'arm', 'arm64', ... */
  arch: string;
  /** ARM architecture version ('6', '7'; '8' for arm64), '' elsewhere. */
  armVersion: string;
  /** ARM procedure call standard for floating point: 'hard' (VFP registers) or 'soft' (integer registers); '' elsewhere. */
  floatAbi: 'hard' | 'soft' | '';
  libc: 'glibc' | 'musl';
}

/** The tags of one prebuild file name; null for what is not an addon. */
export interface PrebuildTags {
  file: string;
  armVersion?: string;
  floatAbi?: 'hard' | 'soft';
  libc?: 'glibc' | 'musl';
}

/** The float ABI tags of ARM prebuilds (`linux-netlink.armv6.softfloat.node`). */
export const FLOAT_ABI_TAG = { hard: 'hardfloat', soft: 'softfloat' } as const;

/** The running Node's target. `variables` is process.config.variables (a parameter, to be testable). */
export function currentTarget(variables: Record<string, unknown> = process.config.variables as unknown as Record<string, unknown>, arch = process.arch): PrebuildTarget {
  const isArm = arch === 'arm';
  // Node's configure says 'hard' when its compiler passes floats in VFP registers; anything else ('softfp', 'soft',
  // 'default') uses the integer registers, the calling convention of Debian's armel.
  const floatAbi = isArm ? (variables.arm_float_abi === 'hard' ? 'hard' : 'soft') : '';
  const armVersion = arch === 'arm64' ? '8' : isArm ? String(variables.arm_version ?? '') : '';
  // As node-gyp-build tells: Alpine is the musl distribution people run Node on.
  return { arch, armVersion, floatAbi, libc: existsSync('/etc/alpine-release') ? 'musl' : 'glibc' };
}

export function parsePrebuildTags(file: string): PrebuildTags | null {
  const parts = file.split('.');
  if (parts.pop() !== 'node') return null;
  const tags: PrebuildTags = { file };
  for (const tag of parts) {
    if (tag.startsWith('armv')) tags.armVersion = tag.slice(4);
    else if (tag === 'glibc' || tag === 'musl') tags.libc = tag;
    else if (tag === FLOAT_ABI_TAG.hard) tags.floatAbi = 'hard';
    else if (tag === FLOAT_ABI_TAG.soft) tags.floatAbi = 'soft';
  }
  return tags;
}

/**
 * The file among `files` (the names in prebuilds/linux-<arch>/) that fits `target`, or null. A tag the file does not
 * have matches anything, as with node-gyp-build, except on ARM, where the float ABI must be named and equal: the
 * two ABIs pass floating-point arguments in different registers, so the wrong one would load and then misread
 * every double crossing into the addon. The most specific fit wins.
 */
export function choosePrebuild(files: readonly string[], target: PrebuildTarget): string | null {
  let best: PrebuildTags | null = null;
  let bestScore = -1;
  for (const file of files) {
    const tags = parsePrebuildTags(file);
    if (tags === null) continue;
    if (tags.armVersion !== undefined && tags.armVersion !== target.armVersion) continue;
    if ((tags.libc ?? 'glibc') !== target.libc) continue;
    if (target.arch === 'arm' && tags.floatAbi !== target.floatAbi) continue;
    const score = Number(tags.armVersion !== undefined) + Number(tags.libc !== undefined) + Number(tags.floatAbi !== undefined);
    if (score > bestScore) {
      best = tags;
      bestScore = score;
    }
  }
  return best === null ? null : best.file;
}

/** A line naming the target, for an error message. */
export function describeTarget(target: PrebuildTarget): string {
  const parts = [`linux-${target.arch}`];
  if (target.armVersion !== '') parts.push(`ARMv${target.armVersion}`);
  if (target.floatAbi !== '') parts.push(`${target.floatAbi}-float ABI`);
  parts.push(target.libc, `Node ${process.versions.node}`);
  return parts.join(', ');
}

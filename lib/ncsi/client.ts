// NcsiClient: the kernel's NCSI generic netlink family as objects — packages and channels of an interface, the
// package/channel it is forced to and may use, and NC-SI commands with their decoded responses. Requests go through
// the family's compiled spec (specs/extra/ncsi.yaml).
import { DecodeError, EncodeError } from '../core';
import { Ncsi, open as openNcsi } from '../genl/ynl/generated/ncsi';
import type { Attrs, ChannelAttrs, PackageAttrs } from '../genl/ynl/generated/ncsi';
import type { FamilyClientOptions } from '../genl/ynl';
import { NcsiAddress, NcsiCommand, NcsiResponse, decodeResponse, encodeCommand } from './frames';

/** Options of NcsiClient.open(). */
export interface NcsiClientOptions {
  /** Open the socket in another network namespace: a name under /run/netns, a path, or an open fd. */
  netns?: string | number;
  /** Milliseconds after which a request rejects with ETIMEDOUT (default: none; sendCommand has its own). */
  timeout?: number;
}

/** One channel of a package, as the kernel reports it. */
export interface NcsiChannel {
  /** The channel id within its package. */
  id: number;
  /** The channel is the one in use (NCSI_CHANNEL_ACTIVE). */
  active: boolean;
  /** The package's preferred channel (set-interface, set-channel-mask with a channel). */
  forced: boolean;
  /** The Link Status field of the channel's last Get Link Status response. */
  linkState: number;
  /** Bit 0 of linkState. */
  linkUp: boolean;
  /** The NC-SI version the channel reported (Get Version ID): major and minor as the kernel decoded them. */
  versionMajor: number;
  /** The minor half of the NC-SI version (see versionMajor). */
  versionMinor: number;
  /** The firmware name string (Get Version ID). */
  version: string;
  /** The VLAN ids of the channel's filter. */
  vlanIds: number[];
}

/** One package of an interface. */
export interface NcsiPackage {
  /** The package id (0 to 7). */
  id: number;
  /** The interface is forced to this package (set-interface). */
  forced: boolean;
  /** The package's channels the kernel found. */
  channels: NcsiChannel[];
}

/** What sendCommand resolves with. */
export interface NcsiCommandResult {
  /** The interface the command went through. */
  ifindex: number;
  /** The package that answered. */
  packageId: number;
  /** 0x1f when the response came from the package rather than a channel. */
  channelId: number;
  /** The channel did not answer in time: the kernel's reply has no response packet. */
  timedOut: boolean;
  /** The response packet as the kernel passed it on (absent when timedOut). */
  data?: Buffer;
  /** The response decoded (absent when timedOut, or when the packet is not a well-formed response: see decodeError). */
  response?: NcsiResponse;
  /**
   * Why the packet the channel sent back could not be decoded as a response (shorter than its response and reason
   * codes, a command type...); its bytes are in `data`. The kernel passes on a response whose codes say it failed
   * without checking its length, so a malformed answer arrives as data like any other.
   */
  decodeError?: DecodeError;
}

/** Options of sendCommand. */
export interface NcsiSendOptions {
  /** Milliseconds to wait for the kernel's reply (default 5000; the kernel gives up on the channel after ~1 s). */
  timeout?: number;
  /** Aborts the wait for the reply (the command may still have been sent). */
  signal?: AbortSignal;
}

const SEND_TIMEOUT = 5000;

/** A client of the NCSI family (CONFIG_NET_NCSI; a BMC's NC-SI interface). */
export class NcsiClient {
  /** The generated family client requests go through. */
  readonly family: Ncsi;

  /** Opens a client with a socket of its own. */
  static open(options: NcsiClientOptions = {}): NcsiClient {
    const familyOptions: FamilyClientOptions = { netns: options.netns, timeout: options.timeout };
    return new NcsiClient(openNcsi(familyOptions));
  }

  /** Wraps an open generated client (`ynl.families.ncsi.open()`). */
  constructor(family: Ncsi) {
    this.family = family;
  }

  /**
   * The packages of an interface and their channels: every package, or the one `packageId` names. Rejects with
   * FamilyNotFoundError on a kernel without NC-SI, ENODEV for an interface that is not NC-SI.
   */
  async packageInfo(ifindex: number, packageId?: number): Promise<NcsiPackage[]> {
    checkIndex(ifindex, 'ifindex');
    if (packageId !== undefined) {
      checkIndex(packageId, 'package id');
      return packagesOf(await this.family.pkgInfo({ ifindex, packageId }));
    }
    const replies = await this.family.pkgInfoDump({ ifindex });
    return replies.flatMap(packagesOf);
  }

  /** Forces the interface to a package, and to one of its channels when `channelId` is given. Needs CAP_NET_ADMIN. */
  async setInterface(ifindex: number, packageId: number, channelId?: number): Promise<void> {
    checkIndex(ifindex, 'ifindex');
    checkIndex(packageId, 'package id');
    if (channelId !== undefined) checkIndex(channelId, 'channel id');
    await this.family.setInterface(channelId === undefined ? { ifindex, packageId } : { ifindex, packageId, channelId });
  }

  /** Drops what setInterface forced: the kernel picks package and channel itself again. */
  async clearInterface(ifindex: number): Promise<void> {
    checkIndex(ifindex, 'ifindex');
    await this.family.clearInterface({ ifindex });
  }

  /** The packages the interface may use (bit n: package n); `multi` lets it use several (needs hardware arbitration). */
  async setPackageMask(ifindex: number, mask: number, options: { multi?: boolean } = {}): Promise<void> {
    checkIndex(ifindex, 'ifindex');
    checkMask(mask, 'package mask');
    await this.family.setPackageMask({ ifindex, packageMask: mask, ...(options.multi ? { multiFlag: true } : {}) });
  }

  /**
   * The channels of a package the interface may use (bit n: channel n), optionally its preferred channel, and
   * whether it may use several at once.
   */
  async setChannelMask(ifindex: number, packageId: number, mask: number, options: { channelId?: number; multi?: boolean } = {}): Promise<void> {
    checkIndex(ifindex, 'ifindex');
    checkIndex(packageId, 'package id');
    checkMask(mask, 'channel mask');
    const request: Parameters<Ncsi['setChannelMask']>[0] = { ifindex, packageId, channelMask: mask };
    if (options.channelId !== undefined) request.channelId = checkIndex(options.channelId, 'channel id');
    if (options.multi) request.multiFlag = true;
    await this.family.setChannelMask(request);
  }

  /**
   * Sends an NC-SI command to a channel (or to the package with channel 0x1f) and resolves with its response,
   * decoded. The kernel acknowledges first and answers in a message of its own; a channel that does not answer
   * gives `timedOut: true`; a command the kernel could not send rejects with its errno (ENODEV, ERANGE, EINVAL...).
   * `command` is a typed command or a whole control packet (header first) as bytes.
   */
  async sendCommand(ifindex: number, packageId: number, channelId: number, command: NcsiCommand | Uint8Array, options: NcsiSendOptions = {}): Promise<NcsiCommandResult> {
    checkIndex(ifindex, 'ifindex');
    const address: NcsiAddress = { packageId, channelId };
    const data = command instanceof Uint8Array ? Buffer.from(command) : encodeCommand(command, address);
    const reply = await this.family.sendCmd(
      { ifindex, packageId, channelId, data },
      { lateReply: true, timeout: options.timeout ?? SEND_TIMEOUT, signal: options.signal },
    );
    return commandResultOf(reply, ifindex, packageId, channelId);
  }

  /** Closes the socket. */
  close(): void {
    this.family.close();
  }
}

/** Turns a send-cmd reply into a result (exported for tests: a reply without data is the kernel's timeout). */
export function commandResultOf(reply: Attrs | undefined, ifindex: number, packageId: number, channelId: number): NcsiCommandResult {
  const result: NcsiCommandResult = {
    ifindex: reply?.ifindex ?? ifindex,
    packageId: reply?.packageId ?? packageId,
    channelId: reply?.channelId ?? channelId,
    timedOut: reply?.data === undefined,
  };
  if (reply?.data !== undefined) {
    result.data = reply.data;
    try {
      result.response = decodeResponse(reply.data);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      result.decodeError = err;
    }
  }
  return result;
}

/** The packages of one pkg-info reply. */
export function packagesOf(reply: Attrs | undefined): NcsiPackage[] {
  return (reply?.packageList?.package ?? []).map(packageOf);
}

function packageOf(p: PackageAttrs): NcsiPackage {
  return { id: p.id ?? 0, forced: p.forced === true, channels: (p.channelList?.channel ?? []).map(channelOf) };
}

function channelOf(c: ChannelAttrs): NcsiChannel {
  const linkState = c.linkState ?? 0;
  return {
    id: c.id ?? 0,
    active: c.active === true,
    forced: c.forced === true,
    linkState,
    linkUp: (linkState & 1) !== 0,
    versionMajor: c.versionMajor ?? 0,
    versionMinor: c.versionMinor ?? 0,
    version: c.versionStr ?? '',
    vlanIds: c.vlanList?.vlanId ?? [],
  };
}

function checkIndex(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new EncodeError(`NC-SI ${what} must be a u32, got ${String(value)}`);
  return value;
}

function checkMask(value: number, what: string): void {
  checkIndex(value, what);
}

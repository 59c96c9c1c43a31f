// `linux-netlink link add|set|delete` with ip's syntax, messages and exit statuses, over RouteClient.
import { existsSync } from 'fs';
import type { InterfaceRef, LinkChanges, LinkSpec } from '../route/user-specs';
import { ArgReader, UsageError, garbage, invalidArgument } from './args';
import type { GlobalOptions } from './options';
import { parseKindArguments, type LinkOptions } from './link-kinds';
// The bond/ipvlan/vrf and tunnel kinds' parsers register themselves when loaded.
import './device-kind-args';
import './tunnel-kind-args';
import { withWriteSession, type WriteSession } from './session';
import { lladdrOf, u32Of } from './write-values';

/** The write commands' part of `link help`. */
export const WRITE_USAGE = `       linux-netlink link add [ link DEVICE ] [ name ] NAME [ LINK_OPTIONS ] type TYPE [ ARGS ]
       linux-netlink link set { DEVICE | dev DEVICE } [ up | down ] [ LINK_OPTIONS ] [ name NEWNAME ]
                              [ master DEVICE | nomaster ] [ netns { NETNSNAME | PID } ] [ alias NAME ]
       linux-netlink link delete { DEVICE | dev DEVICE }
LINK_OPTIONS := [ mtu MTU ] [ address LLADDR ] [ broadcast LLADDR ] [ txqueuelen PACKETS ]
TYPE := { veth peer [ name ] NAME [ LINK_OPTIONS ] | bridge [ BRIDGE_OPTIONS ] | vlan id ID [ protocol PROTO ] |
          vxlan id VNI [ local ADDR ] [ remote ADDR | group ADDR ] [ dstport PORT ] [ dev DEVICE ] [ ttl TTL ]
          [ [no]learning ] | macvlan|macvtap mode { private | vepa | bridge | passthru | source } | ifb | ... }
`;

function number(text: string, what: string): number {
  return u32Of(text, `Invalid "${what}" value\n`);
}

function netns(text: string): string | { pid: number } {
  if (/^[0-9]+$/.test(text)) return { pid: Number(text) };
  if (!existsSync(text.includes('/') ? text : `/run/netns/${text}`)) throw invalidArgument(text, 'Invalid "netns" value\n');
  return text;
}

/**
 * ip's iplink_parse: the options of a link, for add, set and a veth's peer. A bare word is the device (the new
 * link's name for add); everything after `type KIND` belongs to the kind.
 */
export function parseLinkOptions(args: ArgReader): LinkOptions {
  const o: LinkOptions = {};
  while (!args.done) {
    const word = args.next()!;
    switch (word) {
      case 'up':
        o.up = true;
        break;
      case 'down':
        o.up = false;
        break;
      case 'name':
        o.name = args.need();
        break;
      case 'link':
        o.link = args.need();
        break;
      case 'address':
        o.address = lladdrOf(args.need());
        break;
      case 'broadcast':
      case 'brd':
        o.broadcast = lladdrOf(args.need());
        break;
      case 'mtu':
        o.mtu = number(args.need(), 'mtu');
        break;
      case 'txqueuelen':
      case 'txqlen':
      case 'qlen':
        o.txqlen = number(args.need(), 'txqueuelen');
        break;
      case 'master':
        o.master = args.need();
        break;
      case 'nomaster':
        o.master = null;
        break;
      case 'netns':
        o.netns = netns(args.need());
        break;
      case 'alias':
        o.alias = args.need();
        break;
      case 'type':
        o.kind = args.need();
        o.kindArgs = args.rest();
        break;
      case 'dev':
        if (o.dev !== undefined) throw garbage('dev', word);
        o.dev = args.need();
        break;
      default:
        if (o.dev !== undefined) throw garbage('dev', word);
        o.dev = word;
    }
  }
  return o;
}

/** A device a write names beside the one it changes (`master`, `link`): ip's invarg when it does not exist. */
async function otherDevice(session: WriteSession, name: string): Promise<number> {
  try {
    return await session.devices.index(name);
  } catch (err) {
    if (err instanceof UsageError) throw invalidArgument(name, 'Device does not exist\n');
    throw err;
  }
}

/** `link add ...` → LinkSpec, with the kind's own words read by its registered parser. */
export async function linkSpecOf(o: LinkOptions, session: WriteSession): Promise<LinkSpec> {
  if (o.kind === undefined) throw new UsageError('Not enough information: "type" argument is required', 1);
  const name = o.name ?? o.dev;
  if (name === undefined) throw new UsageError('Not enough information: "name" argument is required (linux-netlink names every new link)', 1);
  const spec: LinkSpec = { name, kind: o.kind, ...parseKindArguments(o.kind, o.kindArgs ?? [], parseLinkOptions) };
  if (o.up !== undefined) spec.up = o.up;
  if (o.mtu !== undefined) spec.mtu = o.mtu;
  if (o.address !== undefined) spec.address = o.address;
  if (o.broadcast !== undefined) spec.broadcast = o.broadcast;
  if (o.txqlen !== undefined) spec.txqlen = o.txqlen;
  if (typeof o.master === 'string') spec.master = await otherDevice(session, o.master);
  if (o.link !== undefined) spec.link = await otherDevice(session, o.link);
  if (o.netns !== undefined) spec.netns = o.netns;
  if (o.alias !== undefined) throw new UsageError('alias: set it with "link set DEVICE alias TEXT" once the link exists', 1);
  return spec;
}

/** `link set DEV ...` → LinkChanges. */
export async function linkChangesOf(o: LinkOptions, session: WriteSession): Promise<LinkChanges> {
  if (o.kind !== undefined) throw new UsageError(`Changing the options of a ${o.kind} with "link set ... type" is not supported.`, 1);
  if (o.link !== undefined || o.broadcast !== undefined) throw new UsageError('"link" and "broadcast" apply only to "link add".', 1);
  const changes: LinkChanges = {};
  if (o.up !== undefined) changes.up = o.up;
  if (o.mtu !== undefined) changes.mtu = o.mtu;
  if (o.name !== undefined) changes.name = o.name;
  if (o.address !== undefined) changes.address = o.address;
  if (o.master === null) changes.master = null;
  else if (o.master !== undefined) changes.master = await otherDevice(session, o.master);
  if (o.netns !== undefined) changes.netns = o.netns;
  if (o.txqlen !== undefined) changes.txqlen = o.txqlen;
  if (o.alias !== undefined) changes.alias = o.alias;
  return changes;
}

/** Runs `link add|set|delete ARGS`. */
export async function runLinkWrite(command: 'add' | 'set' | 'delete', args: readonly string[], options: GlobalOptions): Promise<number> {
  const o = parseLinkOptions(new ArgReader(args));
  return withWriteSession(options, async (session) => {
    try {
      if (command === 'add') {
        await session.client.createLink(await linkSpecOf(o, session));
        return 0;
      }
      if (o.dev === undefined) throw new UsageError('Not enough information: "dev" argument is required.', 255);
      if (command === 'delete') {
        const extra = Object.keys(o).find((k) => k !== 'dev');
        if (extra !== undefined) throw garbage('dev', extra);
      }
      const device: InterfaceRef = await session.devices.index(o.dev);
      if (command === 'set') await session.client.setLink(device, await linkChangesOf(o, session));
      else await session.client.deleteLink(device);
      return 0;
    } finally {
      // Names may now mean other links, or none: the next line asks the kernel again.
      session.devices.forget();
      session.routes.forget();
    }
  });
}

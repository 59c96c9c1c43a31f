// The public types as a user's program sees them, through the package's own name (its exports map): what must
// compile, and, marked @ts-expect-error, what must not. Compiled with `tsc --strict --noEmit` (test/types/
// tsconfig.json) by scripts/check-types.js in `npm test`; never run. An @ts-expect-error line that compiles
// fails the check, so each misuse below is proved refused.
import { once, on } from 'events';
import {
  AttributeWriter,
  Connection,
  NetlinkError,
  NetlinkSocket,
  NetlinkSocketError,
  RequestError,
  spec,
  Protocol,
  RouteClient,
  RouteMonitor,
  UeventMonitor,
  enumerateDevices,
  route,
  uevent,
} from 'linux-netlink';
import type {
  ChangeEvent,
  Notification,
  Link,
  LinkKind,
  LinkSpec,
  LostReport,
  MalformedReport,
  MonitorEvent,
  RejectedReport,
  Route,
  Uevent,
  UeventMonitorItem,
} from 'linux-netlink';

/** Compiles only when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

export async function routes(client: RouteClient): Promise<void> {
  const r = await client.getRoute('1.1.1.1');
  assertType<Equal<typeof r, Route>>();
  assertType<Equal<Route, route.Route>>();
  const dst: string | undefined = r.dst;
  const oif: number | undefined = r.oif;
  // @ts-expect-error: not a field of a route
  r.gatewy;
  // @ts-expect-error: dst is a string, not a number
  const wrong: number = r.dst;

  const lo = await client.getLink('lo');
  assertType<Equal<typeof lo, Link>>();
  const mtu: number | undefined = lo.mtu;
  assertType<Equal<Awaited<ReturnType<RouteClient['links']>>, Link[]>>();
  for await (const x of client.routesStream({ table: 'main' })) assertType<Equal<typeof x, Route>>();
  void [dst, oif, wrong, mtu];
}

export async function links(client: RouteClient): Promise<void> {
  await client.createLink({ name: 'v0', kind: 'veth', peer: { name: 'v1' } });
  await client.createLink({ name: 'wg0', kind: 'wireguard' }); // a kind the library has no options for
  const kinds: LinkKind[] = ['veth', 'bridge', 'vlan', 'vxlan', 'macvlan', 'macvtap', 'dummy', 'wireguard'];
  // @ts-expect-error: a kind is a string
  const notAKind: LinkSpec = { name: 'x0', kind: 42 };
  // @ts-expect-error: a link needs a kind
  await client.createLink({ name: 'x0' });
  // @ts-expect-error: `brige` is not an option of a link spec
  await client.createLink({ name: 'br0', kind: 'bridge', brige: {} });
  void [kinds, notAKind];
}

export async function routeMonitor(client: RouteClient): Promise<void> {
  const monitor: RouteMonitor = client.monitor(['link', 'route']);
  monitor.on('change', (e) => {
    assertType<Equal<typeof e, ChangeEvent>>();
    if (e.object === 'route') {
      const value: Route = e.value;
      void value;
    }
    if (e.object === 'link') assertType<Equal<typeof e.value, Link>>();
  });
  monitor.once('overrun', () => void monitor.resync());
  monitor.on('error', (err) => assertType<Equal<typeof err, Error>>());
  monitor.on('close', () => undefined);
  // @ts-expect-error: misspelt event name
  monitor.on('chnage', (e) => console.log(e));
  // @ts-expect-error: misspelt event name, once()
  monitor.once('overun', () => undefined);
  // @ts-expect-error: a change listener receives a ChangeEvent, not a string
  monitor.on('change', (e: string) => console.log(e));
  // @ts-expect-error: 'close' has no arguments to emit
  monitor.emit('close', 1);
  for await (const event of monitor) assertType<Equal<typeof event, MonitorEvent>>();
  // Still an EventEmitter for Node's helpers.
  await once(monitor, 'close');
  for await (const [e] of on(monitor, 'change')) void e;
}

export async function ueventMonitor(): Promise<void> {
  const monitor = UeventMonitor.open({ filter: { subsystem: ['net', 'block'] }, signal: AbortSignal.timeout(100) });
  monitor.on('uevent', (e) => {
    assertType<Equal<typeof e, Uevent>>();
    const action: string = e.action;
    const props: Record<string, string> = e.properties;
    void [action, props];
  });
  monitor.on('lost', (report) => assertType<Equal<typeof report, LostReport>>());
  monitor.on('malformed', (report) => assertType<Equal<typeof report, MalformedReport>>());
  monitor.on('rejected', (report) => assertType<Equal<typeof report, RejectedReport>>());
  // @ts-expect-error: misspelt event name
  monitor.on('uevnt', (e) => console.log(e));
  // @ts-expect-error: misspelt event name, off()
  monitor.off('lots', () => undefined);
  // @ts-expect-error: a uevent listener receives a Uevent, not a number
  monitor.on('uevent', (e: number) => console.log(e));
  for await (const item of monitor) {
    assertType<Equal<typeof item, UeventMonitorItem>>();
    if (item.kind === 'uevent') assertType<Equal<typeof item, Uevent>>();
    else assertType<Equal<typeof item, LostReport>>();
  }
  assertType<Equal<Uevent, uevent.Uevent>>();
  // @ts-expect-error: an unknown option
  UeventMonitor.open({ sourse: 'kernel' });
  // @ts-expect-error: not a source
  UeventMonitor.open({ source: 'bogus' });
  for (const device of await enumerateDevices({ filter: { subsystem: 'net' } })) void device.devpath;
}

export async function core(): Promise<void> {
  const conn = Connection.open({ protocol: Protocol.Route });
  try {
    const { messages, interrupted } = await conn.dump(18, Buffer.alloc(16));
    const payload: Buffer = messages[0].payload;
    const flag: boolean = interrupted;
    void [payload, flag];
  } catch (err) {
    if (err instanceof NetlinkError) {
      const code: string = err.code;
      void code;
    }
  } finally {
    conn.close();
  }
  // @ts-expect-error: a protocol is a number
  Connection.open({ protocol: 'route' });
}

export function coreEvents(conn: Connection, socket: NetlinkSocket): void {
  const sub = conn.subscribe([1]);
  sub.on('message', (n) => assertType<Equal<typeof n, Notification>>());
  sub.on('overrun', (err) => assertType<Equal<typeof err, RequestError>>());
  sub.once('close', () => undefined);
  // @ts-expect-error: misspelt event name
  sub.on('mesage', () => undefined);
  // @ts-expect-error: a message listener receives a Notification, not a string
  sub.on('message', (n: string) => console.log(n));
  conn.on('error', (err) => assertType<Equal<typeof err, Error>>());
  conn.on('overrun', () => undefined);
  // @ts-expect-error: a connection has no 'message' event (subscriptions do)
  conn.on('message', () => undefined);
  // @ts-expect-error: 'close' has no arguments to emit
  conn.emit('close', 1);
  socket.on('error', (err) => assertType<Equal<typeof err, NetlinkSocketError>>());
  socket.on('close', () => undefined);
  // @ts-expect-error: misspelt event name
  socket.on('overflow', () => undefined);
  // @ts-expect-error: an overrun listener receives nothing
  socket.on('overrun', (n: number) => console.log(n));
}

export function encoders(): void {
  const set = spec.attributeSet('example', { mtu: { id: 1, type: 'u32' }, name: { id: 2, type: 'string' } });
  const header = spec.structSpec('examplemsg', 8, { index: [0, 'u32'], flags: [4, 'u32'] });
  const w = new AttributeWriter(64);
  spec.encodeSetInto(set, { mtu: 1500, name: 'x' }, w);
  // @ts-expect-error: mtu is a number
  spec.encodeSetInto(set, { mtu: '1500' }, w);
  // @ts-expect-error: not a field of the set
  spec.encodeSetInto(set, { mtuu: 1500 }, w);
  const bytes: Buffer = spec.encodeStruct(header, { index: 1 });
  // @ts-expect-error: not a member of the struct
  spec.encodeStruct(header, { indx: 1 });
  void bytes;
}

// The same package imported as an ES module: its types must be the ES-module ones (test/types/public-api.ts
// says what they are; this checks that `import` sees them too, named and default).
import linuxNetlink, { RouteClient, UeventMonitor, type Route, type Uevent } from 'linux-netlink';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

export async function esm(client: RouteClient): Promise<void> {
  assertType<Equal<Awaited<ReturnType<RouteClient['getRoute']>>, Route>>();
  assertType<Equal<typeof linuxNetlink.RouteClient, typeof RouteClient>>();
  const monitor = UeventMonitor.open();
  monitor.on('uevent', (e) => assertType<Equal<typeof e, Uevent>>());
  // @ts-expect-error: misspelt event name
  monitor.on('uevnt', () => undefined);
  await client.getLink('lo');
}

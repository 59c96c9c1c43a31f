// Which route a destination takes, like `ip route get`: node examples/route-get.mjs [DESTINATION]
import { RouteClient } from 'linux-netlink';

const destination = process.argv[2] ?? '127.0.0.1';
const client = RouteClient.open();
try {
  const route = await client.getRoute(destination);
  const device = route.oif === undefined ? undefined : (await client.getLink(route.oif)).ifname;
  const parts = [route.dst ?? destination, route.gateway && `via ${route.gateway}`, device && `dev ${device}`,
    route.prefsrc && `src ${route.prefsrc}`];
  console.log(`${route.type} ${parts.filter(Boolean).join(' ')}`);
} finally {
  client.close();
}

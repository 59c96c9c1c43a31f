// The names ss prints instead of numbers: services from /etc/services (not for ports in the ephemeral range, as
// ss's is_ephemeral), protocol names from /etc/protocols for raw sockets, and with -r host names (ss's
// gethostbyaddr: /etc/hosts, then DNS, each address asked once).
import { lookupService } from 'dns';
import { readFileSync } from 'fs';

let services: { byPort: Map<string, string>; byName: Map<string, number> } | undefined;

/** /etc/services: "port/proto" (and "port/" for any protocol) → name, "name/proto" → port; the first line wins. */
function serviceTable(): NonNullable<typeof services> {
  if (services) return services;
  services = { byPort: new Map(), byName: new Map() };
  try {
    for (const line of readFileSync('/etc/services', 'utf8').split('\n')) {
      const m = /^([^\s#]+)\s+(\d+)\/(\w+)([^#]*)/.exec(line);
      if (!m) continue;
      for (const key of [`${m[2]}/${m[3]}`, `${m[2]}/`]) if (!services.byPort.has(key)) services.byPort.set(key, m[1]);
      for (const name of [m[1], ...m[4].trim().split(/\s+/).filter(Boolean)]) {
        if (!services.byName.has(`${name}/${m[3]}`)) services.byName.set(`${name}/${m[3]}`, Number(m[2]));
      }
    }
  } catch {
    // no /etc/services: ports stay numeric
  }
  return services;
}

/** getservbyname(name, protocol). */
export function servicePort(name: string, protocol: 'tcp' | 'udp'): number | undefined {
  return serviceTable().byName.get(`${name}/${protocol}`);
}

let ephemeral: [number, number] | undefined;

/** ss's is_ephemeral: ports in ip_local_port_range (1024-4999 when it cannot be read) are never named. */
function isEphemeral(port: number): boolean {
  if (!ephemeral) {
    try {
      const [min, max] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
      ephemeral = Number.isInteger(min) && Number.isInteger(max) ? [min, max] : [1024, 4999];
    } catch {
      ephemeral = [1024, 4999];
    }
  }
  return port >= ephemeral[0] && port <= ephemeral[1];
}

let protocols: Map<number, string> | undefined;

/** getprotobynumber's name from /etc/protocols. */
function protocolName(n: number): string | undefined {
  if (!protocols) {
    protocols = new Map();
    try {
      for (const line of readFileSync('/etc/protocols', 'utf8').split('\n')) {
        const m = /^([^\s#]+)\s+(\d+)/.exec(line);
        if (m && !protocols.has(Number(m[2]))) protocols.set(Number(m[2]), m[1]);
      }
    } catch {
      // no /etc/protocols: 'ipproto-N'
    }
  }
  return protocols.get(n);
}

/**
 * ss's resolve_service for a non-zero port, not -n: `table` is ss's dg_proto, the last of raw, udp and tcp it
 * listed (undefined before any: then a service of any protocol). A raw socket's "port" is its IP protocol.
 */
export function serviceName(port: number, table: 'tcp' | 'udp' | 'raw' | undefined): string | undefined {
  if (table === 'raw') return protocolName(port) ?? `ipproto-${port}`;
  if (isEphemeral(port)) return undefined;
  return serviceTable().byPort.get(`${port}/${table ?? ''}`);
}

/** -r: host names by address, looked up (getnameinfo, as ss's gethostbyaddr) before the lines that print them. */
export class HostNames {
  private readonly names = new Map<string, string | undefined>();

  /** The name found for an address (undefined: none, or not looked up). */
  get(address: string): string | undefined {
    return this.names.get(address);
  }

  /** Looks up every address not asked yet, a few at a time; a failed lookup is remembered as no name. */
  async lookUp(addresses: Iterable<string>): Promise<void> {
    const todo = [...new Set(addresses)].filter((a) => !this.names.has(a));
    for (const a of todo) this.names.set(a, undefined);
    for (let i = 0; i < todo.length; i += 16) {
      await Promise.all(
        todo.slice(i, i + 16).map(async (address) => {
          // ss looks a v4-mapped address up as the IPv4 address it maps.
          const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
          try {
            this.names.set(address, await hostOf(mapped ? mapped[1] : address));
          } catch {
            // no name: the address prints as a number
          }
        }),
      );
    }
  }
}

function hostOf(address: string): Promise<string> {
  return new Promise((resolve, reject) => lookupService(address, 0, (err, hostname) => (err ? reject(err) : resolve(hostname))));
}

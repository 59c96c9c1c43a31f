// Promise forms of a server's listen and a client's connect, for the socket children of the diag tests.
import * as net from 'net';

/** Listens, resolving once bound. */
export function listen(server: net.Server, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => resolve());
  });
}

/** Connects, resolving with the connected socket. */
export function connect(options: net.NetConnectOpts): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(options, () => resolve(s));
    s.once('error', reject);
  });
}

/**
 * Serves every fake host from one loopback HTTPS server: the certificate
 * (from the test CA) names all their hostnames, and requests are dispatched
 * by the Host header. The engine reaches it through `connectTo`
 * (`api.imx.to:443:127.0.0.1:<port>`), so the shipped plugin files run
 * unchanged: URL, Host header, SNI and cookies keep the real names.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FakeHost } from './fakeHost';

export interface FakeHostsServer {
  readonly port: number;
  /** curl-style connect-to rules for every hostname, for the engine's network options. */
  readonly connectTo: string[];
  /** Every request seen, as "METHOD host/path". */
  readonly log: string[];
  close(): Promise<void>;
}

export async function startFakeHostsServer(hosts: readonly FakeHost[], tls: { key: string; cert: string }): Promise<FakeHostsServer> {
  const byName = new Map<string, FakeHost>();
  for (const host of hosts) for (const name of host.hostnames) byName.set(name, host);
  const log: string[] = [];
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${hostname}`);
    log.push(`${req.method} ${hostname}${url.pathname}`);
    const host = byName.get(hostname);
    if (!host) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end(`No fake for host ${hostname}`);
      return;
    }
    Promise.resolve(host.handle(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`fake ${host.name} crashed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    connectTo: [...byName.keys()].map((name) => `${name}:443:127.0.0.1:${port}`),
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** All hostnames of the given fakes, for the certificate. */
export const hostnamesOf = (hosts: readonly FakeHost[]) => hosts.flatMap((h) => h.hostnames);

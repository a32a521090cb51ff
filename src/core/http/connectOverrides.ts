/**
 * curl-style connection overrides. `--resolve HOST:PORT:ADDR` dials ADDR for
 * HOST:PORT; `--connect-to HOST:PORT:ADDR:PORT2` dials ADDR:PORT2. Only the
 * TCP destination changes: the URL, Host header, TLS SNI and certificate
 * check, and cookies all keep the real host name.
 */
import { fail, ok, uploadError, type Result } from '../errors';

export interface ConnectTarget {
  readonly address: string;
  readonly port: number;
}

export type OverrideTable = ReadonlyMap<string, ConnectTarget>;

const key = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

/** Splits "a:b:c" honouring [IPv6] brackets. */
function fields(rule: string): string[] {
  return rule.match(/\[[^\]]*\]|[^:]+|(?<=:)(?=:|$)/g) ?? [];
}

const unbracket = (s: string) => s.replace(/^\[|\]$/g, '');

export function parseOverrides(resolve: readonly string[], connectTo: readonly string[]): Result<OverrideTable> {
  const table = new Map<string, ConnectTarget>();
  for (const rule of resolve) {
    const [host, port, address] = fields(rule);
    if (!host || !/^\d+$/.test(port ?? '') || !address) {
      return fail(uploadError('configInvalid', `"${rule}" is not a resolve rule; write HOST:PORT:ADDRESS, e.g. api.example.com:443:127.0.0.1.`));
    }
    table.set(key(unbracket(host), Number(port)), { address: unbracket(address), port: Number(port) });
  }
  for (const rule of connectTo) {
    const [host, port, address, port2] = fields(rule);
    if (!host || !/^\d+$/.test(port ?? '') || !address || !/^\d+$/.test(port2 ?? '')) {
      return fail(uploadError('configInvalid', `"${rule}" is not a connect-to rule; write HOST:PORT:ADDRESS:PORT2, e.g. api.example.com:443:127.0.0.1:8443.`));
    }
    table.set(key(unbracket(host), Number(port)), { address: unbracket(address), port: Number(port2) });
  }
  return ok(table);
}

export function lookupOverride(table: OverrideTable, hostname: string, port: number): ConnectTarget | undefined {
  return table.get(key(unbracket(hostname), port));
}

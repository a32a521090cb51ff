/**
 * A throwaway certificate authority made at test time with the openssl CLI,
 * so fakes can serve HTTPS on real host names and the engine verifies them
 * like any certificate (the CA is passed as an extra CA; verification stays
 * on). Nothing is kept: keys live in a temp folder removed after issuing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  readonly caPem: string;
  issue(hostnames: readonly string[]): Promise<{ key: string; cert: string }>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

export async function createTestCa(commonName = 'Image Host Uploader Test CA'): Promise<TestCa> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ihu-ca-'));
  try {
    await openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${commonName}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const caPem = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    const caKey = readFileSync(path.join(dir, 'ca.key'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    let serial = 1;
    return {
      caPem,
      async issue(hostnames) {
        const work = mkdtempSync(path.join(tmpdir(), 'ihu-cert-'));
        try {
          writeFileSync(path.join(work, 'ca.pem'), caPem);
          writeFileSync(path.join(work, 'ca.key'), caKey, { mode: 0o600 });
          const san = hostnames.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
          writeFileSync(path.join(work, 'ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
          await openssl(work, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostnames[0]}`]);
          await openssl(work, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(serial++), '-days', '2', '-out', 'server.pem', '-extfile', 'ext.cnf']);
          return { key: readFileSync(path.join(work, 'server.key'), 'utf8'), cert: readFileSync(path.join(work, 'server.pem'), 'utf8') };
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not create the test CA with openssl (install it with "apt-get install openssl"): ${(error as Error).message}`);
  }
}

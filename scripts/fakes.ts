/**
 * `npm run fakes`: starts every host fake (test/fakes/hosts) on one
 * loopback HTTPS port with a fresh test CA, and prints how to point the CLI
 * and VS Code at them. The shipped plugins then run unchanged against
 * imitations of the real hosts. Ctrl+C stops the server and removes the CA.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeHostsServer, hostnamesOf } from '../test/fakes/fakeHostsServer';
import { fakeEntries } from '../test/fakes/hosts';
import { createTestCa } from '../test/fakes/testCa';

async function main(): Promise<void> {
  const fakes = fakeEntries.map((entry) => entry.create());
  const ca = await createTestCa();
  const server = await startFakeHostsServer(fakes, await ca.issue(hostnamesOf(fakes)));
  const dir = mkdtempSync(path.join(tmpdir(), 'image-host-fakes-'));
  const caFile = path.join(dir, 'fakes-ca.pem');
  writeFileSync(caFile, ca.caPem);

  const flags = [...server.connectTo.map((rule) => `--connect-to ${rule}`), `--cacert ${caFile}`].join(' \\\n    ');
  console.log(`Fake hosts on https://127.0.0.1:${server.port} (CA: ${caFile})\n`);
  for (const entry of fakeEntries) console.log(`  ${entry.id.padEnd(20)} ${entry.credentials}`);
  console.log('\nCLI (secrets come from IMGHOST_SECRET_<KEY>, e.g. IMGHOST_SECRET_API_KEY=imx-test-key):\n');
  console.log(`  imghost upload --host imx.to \\\n    ${flags} \\\n    image.png\n`);
  console.log('VS Code user settings:\n');
  console.log(JSON.stringify({ 'imageHost.network.connectTo': server.connectTo, 'imageHost.network.extraCaCertificates': [caFile] }, null, 2));
  console.log('\nEvery request is printed below. Ctrl+C stops.\n');

  let shown = 0;
  const timer = setInterval(() => {
    while (shown < server.log.length) console.log(`  ${server.log[shown++]}`);
  }, 250);
  const stop = async () => {
    clearInterval(timer);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[fakes] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// `npm test`: build, typecheck, then every tier in turn: unit (plain Node),
// integration (inside a real VS Code extension host) and e2e (the real
// workbench in Chromium). Each tier prints its own pass/fail counts; any
// failure fails the run. The .vsix is packed once for the last two tiers.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = [
  { name: 'build', cmd: [npm, 'run', '--silent', 'build'], gate: true },
  { name: 'typecheck', cmd: [npm, 'run', '--silent', 'typecheck'], gate: true },
  { name: 'unit', cmd: [npm, 'run', '--silent', 'test:unit'] },
  { name: 'package', cmd: [npm, 'run', '--silent', 'package'], gate: true },
  { name: 'integration', cmd: [npm, 'run', '--silent', 'test:integration'] },
  { name: 'e2e', cmd: [npm, 'run', '--silent', 'test:e2e'] },
];

const results = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const { status } = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' });
  results.push({ name: step.name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (status !== 0 && step.gate) break;
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds} s)`);
const skipped = steps.slice(results.length).map((s) => s.name);
if (skipped.length) console.log(`not run: ${skipped.join(', ')}`);
process.exit(results.every((r) => r.ok) && skipped.length === 0 ? 0 : 1);

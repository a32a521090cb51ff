// `npm test`: build, typecheck, then every test tier in turn. Each tier prints
// its own pass/fail counts; any failing tier fails the whole run.
import { spawnSync } from 'node:child_process';

const tiers = [
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'unit', cmd: ['npx', 'mocha'] },
];

const results = [];
for (const tier of tiers) {
  console.log(`\n=== ${tier.name} ===`);
  const { status } = spawnSync(tier.cmd[0], tier.cmd.slice(1), { stdio: 'inherit' });
  results.push({ name: tier.name, ok: status === 0 });
  if (status !== 0 && (tier.name === 'build' || tier.name === 'typecheck')) break;
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed === 0 && results.length === tiers.length ? 0 : 1);

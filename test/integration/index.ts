/**
 * The integration suite's entry, in the layout @vscode/test-electron expects:
 * VS Code loads this file in its extension host and calls run(). Here it is
 * called by the harness extension inside code-server (see docs/testing.md);
 * when IHU_INTEGRATION_REPORT names a file, the results are written there
 * as JSON for the runner outside to print.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Report {
  passed: number;
  failed: number;
  lines: string[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'dot' });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  const report: Report = { passed: 0, failed: 0, lines: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env.IHU_INTEGRATION_REPORT;
      if (out) writeFileSync(out, JSON.stringify(report, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      report.passed++;
      report.lines.push(`  ✔ ${test.fullTitle()}`);
    });
    runner.on('fail', (test, error: Error) => {
      report.failed++;
      report.lines.push(`  ✗ ${test.fullTitle()}\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
    });
  });
}

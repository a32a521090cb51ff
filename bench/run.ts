/**
 * `npm run bench`: starts the sink, runs each case of issue #8 several times
 * with its baseline in the same run, prints every ratio next to its target
 * with PASS/FAIL, and writes bench/results/latest.json and latest.md. The
 * test files live in a temporary folder that is removed at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASES, type CaseContext } from './cases';
import { benchConfig, type BenchConfig } from './config';
import { consoleLine, markdownTable, type Check, type Note } from './report';
import { bundleBench, runCommand, startSink, type Sink } from './processes';

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(__dirname, 'results');
const workerPath = path.join(root, 'dist', 'runnerWorker.js');

interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly curl: string;
  readonly loadBefore: number[];
  loadAfter?: number[];
}

async function machine(): Promise<Machine> {
  let curl: string;
  try {
    curl = (await runCommand('curl', ['--version'])).stdout.split('\n')[0];
  } catch {
    throw new Error('curl is needed for the baselines: install it (Debian: apt-get install -y curl).');
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    curl,
    loadBefore: os.loadavg().map((l) => +l.toFixed(2)),
  };
}

function markdown(config: BenchConfig, host: Machine, checks: Check[], notes: Note[], seconds: number): string {
  const load = (l: number[] | undefined) => (l ? l.join(' / ') : '?');
  return [
    '# Benchmark results',
    '',
    `${new Date().toISOString()} · \`npm run bench\`${config.quick ? ' (BENCH_QUICK=1: reduced sizes)' : ''} · ${seconds} s`,
    '',
    `Machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB; Node ${host.node}; ${host.curl}.`,
    `Load average (1/5/15 min) before: ${load(host.loadBefore)}, after: ${load(host.loadAfter)}.`,
    `Runs per case: ${config.runs} (the 10 000-file case: ${config.smallRuns}). Loopback, sink in its own process; engine = RunnerClient + dist/runnerWorker.js.`,
    '',
    markdownTable(checks, notes),
    '',
    `${checks.filter((c) => c.pass).length} of ${checks.length} targets met. What each case measures: docs/performance.md.`,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const config = benchConfig();
  if (!existsSync(workerPath)) throw new Error(`${path.relative(root, workerPath)} is missing: run "npm run build" (npm run bench does).`);
  const host = await machine();
  if (host.loadBefore[0] > 1) console.log(`note: load average is ${host.loadBefore[0]}; other work on this machine will skew the figures.`);
  const started = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ihu-bench-'));
  let sink: Sink | undefined;
  const cleanup = () => {
    sink?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const checks: Check[] = [];
  const notes: Note[] = [];
  try {
    const scripts = await bundleBench(path.join(tmp, 'bundle'));
    sink = await startSink(scripts.sink);
    const ctx: CaseContext = {
      config,
      sink,
      tmp,
      driverScript: scripts.driver,
      workerPath,
      pluginDir: path.join(__dirname, 'plugins'),
      log: (line) => console.log(`  ${line}`),
    };
    for (const id of config.cases) {
      console.log(`${id}…`);
      const outcome = await CASES[id](ctx);
      checks.push(...outcome.checks);
      notes.push(...outcome.notes);
      for (const c of outcome.checks) console.log(consoleLine(c));
    }
  } finally {
    cleanup();
  }
  host.loadAfter = os.loadavg().map((l) => +l.toFixed(2));
  const seconds = Math.round((Date.now() - started) / 1000);
  mkdirSync(resultsDir, { recursive: true });
  const report = markdown(config, host, checks, notes, seconds);
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), seconds, machine: host, config, checks, notes }, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, 'latest.md'), report);
  console.log(`\n${report}`);
  console.log(`Written: ${path.relative(root, path.join(resultsDir, 'latest.md'))} and latest.json`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${(error as Error)?.stack ?? error}`);
    process.exit(1);
  },
);

/**
 * The cases of issue #8. Each one runs its baseline and the engine in turn,
 * run after run (so a change in machine load hits both alike), checks with
 * the sink that every upload arrived whole, and returns its checks and notes.
 */
import * as path from 'node:path';
import { BENCH_POLITENESS, type BenchConfig, type CaseId } from './config';
import type { DriverJob, DriverResult } from './driver';
import { writeFileList, writeImageSet, writeSparsePng } from './fixtures';
import { check, measure, type Check, type Note } from './report';
import { curlUpload, runDriver, xargsCurl, type Sink } from './processes';

export interface CaseContext {
  readonly config: BenchConfig;
  readonly sink: Sink;
  readonly tmp: string;
  readonly driverScript: string;
  readonly workerPath: string;
  readonly pluginDir: string;
  log(line: string): void;
}

export interface CaseOutcome {
  readonly checks: Check[];
  readonly notes: Note[];
}

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes >= 1024 * MB ? `${+(bytes / 1024 / MB).toFixed(1)} GB` : bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);
const WARMUP_FILES = 20;

/** Files are made once per run of the bench and shared by the cases that need them. */
const made = new Map<string, string[]>();
function images(ctx: CaseContext, name: string, count: number, bytes: number): string[] {
  let files = made.get(name);
  if (!files) made.set(name, (files = count === 1 ? [writeSparsePng(path.join(ctx.tmp, `${name}.png`), bytes)] : writeImageSet(ctx.tmp, name, count, bytes)));
  return files;
}
const warmup = (ctx: CaseContext) => images(ctx, 'warmup', WARMUP_FILES, 50 * 1024);

async function engine(ctx: CaseContext, files: string[], concurrency: number, monitor = false): Promise<DriverResult> {
  const job: DriverJob = { kind: 'runner', workerPath: ctx.workerPath, pluginDir: ctx.pluginDir, port: ctx.sink.port, files, warmup: warmup(ctx), concurrency, monitor };
  const result = await runDriver(ctx.driverScript, job);
  if (result.failed > 0) throw new Error(`${result.failed} of ${files.length} uploads failed; the first: ${result.firstError}`);
  return result;
}

/** Runs `body` and checks with the sink that exactly `expected` whole uploads arrived meanwhile. */
async function counted<T>(ctx: CaseContext, expected: () => number, body: () => Promise<T>): Promise<T> {
  const before = await ctx.sink.stats();
  const value = await body();
  const after = await ctx.sink.stats();
  if (after.bad > before.bad) throw new Error(`the sink refused ${after.bad - before.bad} uploads: ${after.badReasons.join('; ')}`);
  if (after.uploads - before.uploads !== expected()) throw new Error(`the sink saw ${after.uploads - before.uploads} uploads, expected ${expected()}`);
  return value;
}

const perSecond = (amount: number, ms: number) => amount / (ms / 1000);
/** Files per second the sink's rate limit allows for a batch of `count`: a burst, then the rate. */
const rateCeiling = (count: number) => (count <= BENCH_POLITENESS.burst ? Infinity : count / ((count - BENCH_POLITENESS.burst) / BENCH_POLITENESS.requestsPerSecond));

async function big(ctx: CaseContext): Promise<CaseOutcome> {
  const bytes = ctx.config.bigBytes;
  const [file] = images(ctx, 'big', 1, bytes);
  const curl: number[] = [];
  const ours: number[] = [];
  const progress: number[] = [];
  await counted(ctx, () => 1 + ctx.config.runs * (2 + WARMUP_FILES), async () => {
    // Not measured: the sink's first large upload is slow, and curl would always pay for it.
    await curlUpload(ctx.sink.url, file);
    for (let run = 0; run < ctx.config.runs; run++) {
      curl.push(perSecond(bytes / MB, await curlUpload(ctx.sink.url, file)));
      const result = await engine(ctx, [file], 1, true);
      ours.push(perSecond(bytes / MB, result.ms));
      progress.push(result.loop!.progressPerSecondMax);
      ctx.log(`big run ${run + 1}: curl ${curl[run].toFixed(0)} MB/s, engine ${ours[run].toFixed(0)} MB/s`);
    }
  });
  return {
    checks: [check('big', `1 file of ${size(bytes)}, one stream: throughput`, measure('MB/s', ours), { op: '>=', value: 0.95, of: 'ratio' }, { ...measure('MB/s', curl), name: 'curl -F' })],
    notes: [{ caseId: 'big', label: 'progress messages reaching the UI during that upload, busiest second', value: measure('msg/s', progress) }],
  };
}

async function medium(ctx: CaseContext): Promise<CaseOutcome> {
  const { mediumFiles: count, mediumBytes: bytes, mediumConcurrency: concurrency, runs } = ctx.config;
  const files = images(ctx, 'medium', count, bytes);
  const list = writeFileList(path.join(ctx.tmp, 'medium.list'), files);
  const curl: number[] = [];
  const ours: number[] = [];
  await counted(ctx, () => runs * (2 * count + WARMUP_FILES), async () => {
    for (let run = 0; run < runs; run++) {
      curl.push(perSecond(count, await xargsCurl(ctx.sink.url, list, concurrency)));
      ours.push(perSecond(count, (await engine(ctx, files, concurrency)).ms));
      ctx.log(`medium run ${run + 1}: xargs curl ${curl[run].toFixed(0)} files/s, engine ${ours[run].toFixed(0)} files/s`);
    }
  });
  const label = `${count} files of ${size(bytes)}, concurrency ${concurrency}: throughput`;
  return {
    checks: [check('medium', label, measure('files/s', ours), { op: '>=', value: 1.5, of: 'ratio' }, { ...measure('files/s', curl), name: `xargs -P${concurrency} curl -F` })],
    notes: [],
  };
}

async function small(ctx: CaseContext): Promise<CaseOutcome> {
  const { smallFiles: count, smallBytes: bytes, smallConcurrency: concurrency, smallRuns: runs } = ctx.config;
  const files = images(ctx, 'small', count, bytes);
  const results: DriverResult[] = [];
  await counted(ctx, () => runs * (count + WARMUP_FILES), async () => {
    for (let run = 0; run < runs; run++) {
      const r = await engine(ctx, files, concurrency, true);
      results.push(r);
      ctx.log(`small run ${run + 1}: ${perSecond(count, r.ms).toFixed(0)} files/s, loop p99 ${r.loop!.delayP99Ms.toFixed(1)} ms, progress ≤ ${r.loop!.progressPerSecondMax}/s`);
    }
  });
  const of = (pick: (r: DriverResult) => number, unit: string) => measure(unit, results.map(pick));
  const batch = `${count} files of ${size(bytes)}, concurrency ${concurrency}`;
  return {
    checks: [
      check('small', `${batch}: throughput`, of((r) => perSecond(count, r.ms), 'files/s'), { op: '>=', value: 500, of: 'value' }),
      check('ui', 'extension-host event-loop delay p99 during that batch', of((r) => r.loop!.delayP99Ms, 'ms'), { op: '<=', value: 20, of: 'value' }),
      check('ui', 'progress messages reaching the UI, busiest second', of((r) => r.loop!.progressPerSecondMax, 'msg/s'), { op: '<=', value: 10, of: 'value' }),
    ],
    notes: [
      { caseId: 'small', label: `the most the rate limit lets through for that batch (${BENCH_POLITENESS.requestsPerSecond} requests/s after a burst of ${BENCH_POLITENESS.burst})`, value: measure('files/s', [rateCeiling(count)]) },
      { caseId: 'ui', label: 'event-loop delay, worst single delay', value: of((r) => r.loop!.delayMaxMs, 'ms') },
      { caseId: 'ui', label: 'worker events handed to onEvent (start, log line, result per file; posted in 10 ms batches), busiest second', value: of((r) => r.loop!.eventsPerSecondMax, 'events/s') },
    ],
  };
}

async function rss(ctx: CaseContext): Promise<CaseOutcome> {
  const { bigBytes, rssSmallBytes, runs } = ctx.config;
  const [large] = images(ctx, 'big', 1, bigBytes);
  const [modest] = images(ctx, 'rss-small', 1, rssSmallBytes);
  const low: number[] = [];
  const high: number[] = [];
  await counted(ctx, () => runs * 2 * (1 + WARMUP_FILES), async () => {
    for (let run = 0; run < runs; run++) {
      low.push((await engine(ctx, [modest], 1)).peakRssBytes / MB);
      high.push((await engine(ctx, [large], 1)).peakRssBytes / MB);
      ctx.log(`rss run ${run + 1}: peak ${low[run].toFixed(0)} MB with ${size(rssSmallBytes)}, ${high[run].toFixed(0)} MB with ${size(bigBytes)}`);
    }
  });
  const growth = high.map((h, i) => h - low[i]);
  return {
    checks: [check('rss', `peak RSS growth, ${size(rssSmallBytes)} file → ${size(bigBytes)} file`, measure('MB', growth), { op: '<=', value: 32, of: 'value' })],
    notes: [
      { caseId: 'rss', label: `peak RSS uploading ${size(rssSmallBytes)} (extension-host stand-in + worker)`, value: measure('MB', low) },
      { caseId: 'rss', label: `peak RSS uploading ${size(bigBytes)}`, value: measure('MB', high) },
    ],
  };
}

async function overhead(ctx: CaseContext): Promise<CaseOutcome> {
  const { overheadFiles: count, overheadBytes: bytes, runs } = ctx.config;
  const files = images(ctx, 'tiny', count, bytes);
  const bare: DriverResult[] = [];
  const ours: DriverResult[] = [];
  await counted(ctx, () => runs * 2 * (count + WARMUP_FILES), async () => {
    for (let run = 0; run < runs; run++) {
      const baseline = await runDriver(ctx.driverScript, { kind: 'bare', port: ctx.sink.port, files, warmup: warmup(ctx) });
      if (baseline.failed > 0) throw new Error(`bare undici: ${baseline.failed} uploads failed: ${baseline.firstError}`);
      bare.push(baseline);
      ours.push(await engine(ctx, files, 1));
      const us = (r: DriverResult, key: 'ms' | 'cpuMs') => ((r[key] / count) * 1000).toFixed(0);
      ctx.log(`overhead run ${run + 1}: bare undici ${us(bare[run], 'ms')} µs (CPU ${us(bare[run], 'cpuMs')} µs), runner ${us(ours[run], 'ms')} µs (CPU ${us(ours[run], 'cpuMs')} µs) per request`);
    }
  });
  const per = (results: DriverResult[], key: 'ms' | 'cpuMs') => measure('ms', results.map((r) => r[key] / count));
  const label = `time per request, ${count} files of ${size(bytes)} one after another`;
  return {
    checks: [check('overhead', label, per(ours, 'ms'), { op: '<=', value: 1.2, of: 'ratio' }, { ...per(bare, 'ms'), name: 'bare undici' })],
    notes: [
      { caseId: 'overhead', label: 'CPU time per request, runner (all threads of the process)', value: per(ours, 'cpuMs') },
      { caseId: 'overhead', label: 'CPU time per request, bare undici', value: per(bare, 'cpuMs') },
    ],
  };
}

async function inflight(ctx: CaseContext): Promise<CaseOutcome> {
  const { inflightFiles: count, inflightBytes: bytes, inflightConcurrency: many, runs } = ctx.config;
  const files = images(ctx, 'inflight', count, bytes);
  const one: number[] = [];
  const lots: number[] = [];
  await counted(ctx, () => runs * 2 * (count + WARMUP_FILES), async () => {
    for (let run = 0; run < runs; run++) {
      one.push((await engine(ctx, files, 1)).peakRssBytes / MB);
      lots.push((await engine(ctx, files, many)).peakRssBytes / MB);
      ctx.log(`inflight run ${run + 1}: peak ${one[run].toFixed(0)} MB one at a time, ${lots[run].toFixed(0)} MB ${many} at a time`);
    }
  });
  return {
    checks: [],
    notes: [{ caseId: 'inflight', label: `memory per in-flight upload (peak RSS at ${many} at once − at 1, ÷ ${many - 1}; ${size(bytes)} files)`, value: measure('MB', lots.map((l, i) => (l - one[i]) / (many - 1))) }],
  };
}

export const CASES: Record<CaseId, (ctx: CaseContext) => Promise<CaseOutcome>> = { big, medium, small, rss, overhead, inflight };

/**
 * One measurement in a fresh process, the extension host's stand-in: either
 * the product's path (a RunnerClient driving dist/runnerWorker.js, which
 * runs the engine on the sink's plugin file), or the baseline of bare undici
 * requests. It gets its job over IPC, answers with its figures, and exits,
 * so its peak RSS belongs to that job alone.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { BatchEvent } from '../src/core/engine/types';
import { RunnerClient } from '../src/worker/runnerClient';
import { BENCH_POLITENESS } from './config';

export type DriverJob =
  | {
      kind: 'runner';
      workerPath: string;
      pluginDir: string;
      port: number;
      files: string[];
      warmup: string[];
      concurrency: number;
      /** Watch the event loop and count the events that reach this process. */
      monitor: boolean;
    }
  | { kind: 'bare'; port: number; files: string[]; warmup: string[] };

export interface DriverResult {
  readonly ms: number;
  /** CPU time of the whole process (all threads) over the measured part: less swayed by other load than `ms`. */
  readonly cpuMs: number;
  readonly uploaded: number;
  readonly failed: number;
  readonly firstError?: string;
  /** getrusage's ru_maxrss: the process's peak resident set, worker included. */
  readonly peakRssBytes: number;
  readonly loop?: LoopFigures;
}

export interface LoopFigures {
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
  /** fileProgress events handed to onEvent in the busiest second. */
  readonly progressPerSecondMax: number;
  readonly eventsPerSecondMax: number;
}

const LOOP_RESOLUTION_MS = 10;

function cpuSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** Counts events per whole second since `start`. */
class PerSecond {
  private readonly buckets: number[] = [];
  constructor(private readonly start: number) {}
  add(): void {
    const i = Math.floor((performance.now() - this.start) / 1000);
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
  }
  max(): number {
    // Array.from visits the seconds without events too (map would skip them).
    return Math.max(0, ...Array.from(this.buckets, (n) => n ?? 0));
  }
}

async function runner(job: Extract<DriverJob, { kind: 'runner' }>): Promise<DriverResult> {
  let onEvent: (event: BatchEvent) => void = () => undefined;
  const client = new RunnerClient({ workerPath: job.workerPath, onEvent: (event) => onEvent(event) });
  const configured = await client.call('configure', { network: {}, builtinDir: job.pluginDir, userPluginDirs: [] });
  if (!configured.ok) throw new Error(`configure failed: ${configured.error.message}`);
  const batch = (id: string, files: string[]) =>
    client.call('runBatch', {
      batch: {
        batchId: id,
        hostId: 'bench-sink',
        files: files.map((file, i) => ({ id: String(i), path: file })),
        config: { port: String(job.port) },
        secrets: {},
        batchName: path.basename(path.dirname(files[0])),
        concurrency: job.concurrency,
        politeness: BENCH_POLITENESS,
      },
    });
  if (job.warmup.length > 0) await batch('warmup', job.warmup);

  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const progress = new PerSecond(started);
  const events = new PerSecond(started);
  if (job.monitor) {
    onEvent = (event) => {
      events.add();
      if (event.type === 'fileProgress') progress.add();
    };
    histogram.enable();
  }
  const result = await batch('measured', job.files);
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  histogram.disable();
  await client.dispose();
  if (!result.ok) throw new Error(`runBatch failed: ${result.error.message}`);
  const failures = result.value.outcomes.filter((o) => !o.links);
  // The histogram holds whole timer intervals; the delay is what exceeds the resolution.
  const delay = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  return {
    ms,
    cpuMs,
    uploaded: result.value.outcomes.length - failures.length,
    failed: failures.length,
    ...(failures[0]?.error ? { firstError: failures[0].error.message } : {}),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(job.monitor
      ? {
          loop: {
            delayP99Ms: delay(histogram.percentile(99)),
            delayMaxMs: delay(histogram.max),
            progressPerSecondMax: progress.max(),
            eventsPerSecondMax: events.max(),
          },
        }
      : {}),
  };
}

/** The baseline: the same multipart bytes, one plain undici request after another. */
async function bare(job: Extract<DriverJob, { kind: 'bare' }>): Promise<DriverResult> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const boundary = '----BenchBareUndici0123456789';
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let failed = 0;
  let firstError: string | undefined;
  const upload = async (file: string) => {
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${path.basename(file)}"\r\nContent-Type: image/png\r\n\r\n`);
    const body = Buffer.concat([head, await readFile(file), tail]);
    const response = await request(`http://127.0.0.1:${job.port}/upload`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length), accept: 'application/json' },
      body,
    });
    const answer = (await response.body.json()) as { status?: string };
    if (answer.status !== 'success') {
      failed++;
      firstError ??= JSON.stringify(answer);
    }
  };
  for (const file of job.warmup) await upload(file);
  failed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const file of job.files) await upload(file);
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  await agent.close();
  return { ms, cpuMs, uploaded: job.files.length - failed, failed, ...(firstError ? { firstError } : {}), peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

process.once('message', (job: DriverJob) => {
  (job.kind === 'runner' ? runner(job) : bare(job)).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send!({ ok: false, error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
  );
});

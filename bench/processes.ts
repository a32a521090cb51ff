/**
 * The processes a benchmark run starts: the bundled sink and driver (bundled
 * like the product, so no TypeScript loader sits in a measured process) and
 * curl. Every child gets an environment without proxy variables: loopback
 * traffic must not detour.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { DriverJob, DriverResult } from './driver';
import type { SinkMessage, SinkStats } from './sink';

const JOB_TIMEOUT_MS = 5 * 60_000;

export const childEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?|all|no)_proxy$/i.test(name)));

/** Bundles the sink and the driver into `outdir`; returns their paths. */
export async function bundleBench(outdir: string): Promise<{ sink: string; driver: string }> {
  await esbuild.build({
    entryPoints: { sink: path.join(__dirname, 'sink.ts'), driver: path.join(__dirname, 'driver.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return { sink: path.join(outdir, 'sink.js'), driver: path.join(outdir, 'driver.js') };
}

export interface Sink {
  readonly port: number;
  readonly url: string;
  stats(): Promise<SinkStats>;
  stop(): void;
}

export function startSink(script: string): Promise<Sink> {
  const child = fork(script, [], { env: childEnv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T extends SinkMessage['type']>(type: T) =>
    new Promise<Extract<SinkMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: SinkMessage) => {
        if (message.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as Extract<SinkMessage, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the sink exited with code ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return next('ready').then(({ port }) => ({
    port,
    url: `http://127.0.0.1:${port}/upload`,
    stats: () => {
      const answer = next('stats');
      child.send({ type: 'stats' });
      return answer.then((m) => m.stats);
    },
    stop: () => void child.kill(),
  }));
}

function settle<T>(child: ChildProcess, what: string, onDone: (resolve: (value: T) => void, reject: (error: Error) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} took longer than ${JOB_TIMEOUT_MS / 1000} s`));
    }, JOB_TIMEOUT_MS);
    onDone(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Runs one driver job in a fresh process. BENCH_CPU_PROF=dir profiles it (main thread and worker). */
export function runDriver(script: string, job: DriverJob): Promise<DriverResult> {
  const profile = process.env.BENCH_CPU_PROF;
  const child = fork(script, [], {
    env: childEnv(),
    execArgv: profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send(job);
  return settle(child, `the ${job.kind} driver`, (resolve, reject) => {
    child.once('message', (message: { ok: true; result: DriverResult } | { ok: false; error: string }) =>
      message.ok ? resolve(message.result) : reject(new Error(message.error)),
    );
    child.once('exit', (code) => reject(new Error(`the ${job.kind} driver exited with code ${code} without an answer`)));
  });
}

/** Runs a command to completion; resolves with its stdout and its wall time. */
export function runCommand(command: string, args: readonly string[]): Promise<{ stdout: string; ms: number }> {
  const started = performance.now();
  const child = spawn(command, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return settle(child, command, (resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve({ stdout, ms: performance.now() - started });
      else reject(new Error(`${command} exited with code ${code}: ${stderr.trim().slice(0, 500)}`));
    });
  });
}

const CURL_COMMON = ['-sS', '--fail', '--noproxy', '*', '-o', '/dev/null'];

/** One `curl -F` upload; its own transfer time, without process start-up. */
export async function curlUpload(url: string, file: string): Promise<number> {
  const { stdout } = await runCommand('curl', [...CURL_COMMON, '-w', '%{time_total}', '-F', `image=@${file};type=image/png`, url]);
  return Number(stdout.trim()) * 1000;
}

/** `xargs -P<n> curl -F`: one curl per file, n at once; the wall time of the lot. */
export async function xargsCurl(url: string, listFile: string, parallel: number): Promise<number> {
  const { ms } = await runCommand('xargs', ['-0', '-a', listFile, `-P${parallel}`, '-I{}', 'curl', ...CURL_COMMON, '-F', 'image=@{};type=image/png', url]);
  return ms;
}

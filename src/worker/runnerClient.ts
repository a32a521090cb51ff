/**
 * The extension-side end of the worker protocol: spawns the runner worker
 * lazily, matches responses to requests by id, forwards batch events, and
 * when the worker dies fails every pending call with `workerCrashed` and
 * starts a fresh worker (re-sending the last configuration) on the next call.
 * It never imports `vscode`, so the CLI and tests can use it too.
 */
import { Worker } from 'node:worker_threads';
import { uploadError, type Result, type UploadError } from '../core/errors';
import type { BatchEvent } from '../core/engine/types';
import { parseWorkerMessage, PROTOCOL_VERSION, type RequestMap, type RequestName } from './protocol';

interface Pending {
  resolve(result: Result<unknown>): void;
}

export interface RunnerClientOptions {
  /** Absolute path of the bundled worker script (dist/runnerWorker.js). */
  readonly workerPath: string;
  readonly onEvent?: (event: BatchEvent) => void;
  /** Told when a worker died unexpectedly, with the reason. */
  readonly onCrash?: (reason: string) => void;
}

export class RunnerClient {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lastConfigure: RequestMap['configure'][0] | undefined;
  private disposed = false;
  private disposing: Promise<void> | undefined;

  constructor(private readonly options: RunnerClientOptions) {}

  /** Sends a request; resolves with the worker's typed result, never rejects. */
  async call<K extends RequestName>(name: K, payload: RequestMap[K][0]): Promise<Result<RequestMap[K][1]>> {
    if (this.disposed) return { ok: false, error: uploadError('cancelled', 'The upload worker is shutting down.') };
    if (name === 'configure') this.lastConfigure = payload as RequestMap['configure'][0];
    const started = await this.ensureWorker(name !== 'configure');
    if (!started.ok) return started;
    if (this.disposed) return { ok: false, error: uploadError('cancelled', 'The upload worker is shutting down.') };
    return this.send(name, payload);
  }

  /**
   * Stops the worker: new calls are refused at once, the worker cancels its
   * batches (each reports what finished before it answers), and it is
   * terminated if it has not ended within graceMs. Every pending call then
   * ends as cancelled. Calling it again returns the same promise.
   */
  dispose(graceMs = 5000): Promise<void> {
    this.disposing ??= this.stop(graceMs);
    return this.disposing;
  }

  private async stop(graceMs: number): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    if (!worker) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      await Promise.race([this.send('shutdown', { graceMs: Math.max(0, graceMs - 500) }), exited, deadline]);
    } finally {
      clearTimeout(timer);
      await worker.terminate();
      this.failAll('The upload worker was stopped.', 'cancelled');
    }
  }

  private send<K extends RequestName>(name: K, payload: RequestMap[K][0]): Promise<Result<RequestMap[K][1]>> {
    const worker = this.worker;
    if (!worker) return Promise.resolve({ ok: false, error: uploadError('workerCrashed', 'The upload worker is not running.') });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'] });
      worker.postMessage({ type: 'request', id, name, payload });
    });
  }

  private async ensureWorker(reconfigure: boolean): Promise<Result<void>> {
    if (!this.ready) this.ready = this.spawn(reconfigure);
    try {
      await this.ready;
      return { ok: true, value: undefined };
    } catch (error) {
      this.ready = undefined;
      return { ok: false, error: uploadError('workerCrashed', 'The upload worker could not start.', { cause: String(error) }) };
    }
  }

  private spawn(reconfigure: boolean): Promise<void> {
    const worker = new Worker(this.options.workerPath, { name: 'image-host-runner' });
    this.worker = worker;
    const handshake = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before it was ready`)));
      worker.on('message', (data) => {
        const message = parseWorkerMessage(data);
        if (!message) return;
        switch (message.type) {
          case 'ready':
            if (message.protocolVersion !== PROTOCOL_VERSION) reject(new Error(`worker speaks protocol ${message.protocolVersion}, expected ${PROTOCOL_VERSION}`));
            else resolve();
            return;
          case 'event':
            this.options.onEvent?.(message.event);
            return;
          case 'events':
            for (const event of message.events) this.options.onEvent?.(event);
            return;
          case 'response': {
            const pending = this.pending.get(message.id);
            if (!pending) return;
            this.pending.delete(message.id);
            pending.resolve(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
            return;
          }
        }
      });
    });
    worker.on('error', (error) => this.onWorkerGone(worker, `crashed: ${error.message}`));
    worker.on('exit', (code) => this.onWorkerGone(worker, `exited with code ${code}`));
    return handshake.then(async () => {
      if (reconfigure && this.lastConfigure) {
        const result = await this.send('configure', this.lastConfigure);
        if (!result.ok) throw new Error(result.error.message);
      }
    });
  }

  private onWorkerGone(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.ready = undefined;
    if (this.disposed) return;
    this.options.onCrash?.(reason);
    this.failAll(`The upload worker ${reason}; unfinished uploads were stopped.`, 'workerCrashed');
  }

  private failAll(message: string, kind: UploadError['kind']): void {
    const error = uploadError(kind, message);
    for (const pending of this.pending.values()) pending.resolve({ ok: false, error });
    this.pending.clear();
  }
}

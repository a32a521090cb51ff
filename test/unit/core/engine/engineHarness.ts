import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../../../src/core/engine/engine';
import type { BatchEvent, BatchRequest, BatchSummary, NetworkOptions } from '../../../../src/core/engine/types';
import type { PluginFile } from '../../../../src/core/plugin/types';
import { writePng } from '../../../support/images';

export interface Harness {
  readonly engine: Engine;
  readonly events: BatchEvent[];
  readonly dir: string;
  images(count: number, padTo?: number): string[];
  run(files: string[], extra?: Partial<BatchRequest>): Promise<BatchSummary>;
  dispose(): Promise<void>;
}

/** An engine with one plugin loaded from a real file, and fast retries. */
export async function createHarness(plugin: PluginFile, options: { headersTimeoutMs?: number; maxAttempts?: number; network?: NetworkOptions } = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ihu-engine-'));
  const pluginDir = path.join(dir, 'plugins');
  const imageDir = path.join(dir, 'images');
  for (const d of [pluginDir, imageDir]) mkdirSync(d);
  writeFileSync(path.join(pluginDir, `${plugin.id}.imagehost.json`), JSON.stringify(plugin));
  const events: BatchEvent[] = [];
  const engine = new Engine({
    network: { headersTimeoutMs: options.headersTimeoutMs, ...options.network },
    emit: (e) => events.push(e),
    retry: { maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2000 },
  });
  const loaded = await engine.loadPlugins(pluginDir, []);
  if (loaded.problems.length) throw new Error(`test plugin invalid: ${JSON.stringify(loaded.problems)}`);
  let n = 0;
  return {
    engine,
    events,
    dir,
    images: (count, padTo = 0) => Array.from({ length: count }, () => writePng(path.join(imageDir, `img${++n}.png`), padTo)),
    run: async (files, extra = {}) => {
      const result = await engine.runBatch({
        batchId: `b${++n}`,
        hostId: plugin.id,
        files: files.map((f, i) => ({ id: String(i), path: f })),
        config: {},
        secrets: {},
        ...extra,
      });
      if (!result.ok) throw new Error(`batch refused: ${result.error.message}`);
      return result.value;
    },
    dispose: async () => {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * imghost: the engine from a terminal, for scripts and very large batches.
 * It runs the same core as the extension's worker, in-process.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeError } from '../core/errors';
import { Engine } from '../core/engine/engine';
import type { BatchEvent } from '../core/engine/types';
import { collectImages } from '../core/files/collectImages';
import { formatLinks } from '../core/links/formatLinks';
import { loadPlugins } from '../core/plugin/loadPlugins';
import { loadPluginFile } from '../core/plugin/loadPlugins';
import { secretKeys } from '../core/plugin/secretKeys';
import type { PluginFile } from '../core/plugin/types';
import { parseCli, USAGE, UsageError, type PostOptions, type UploadOptions } from './cliArgs';
import { CliProgress } from './cliProgress';
import { parseSecretsText, readStdin, secretsFromEnv } from './cliSecrets';

const builtinDir = process.env.IMGHOST_BUILTIN_PLUGINS ?? path.resolve(__dirname, '..', 'plugins');
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'jfif', 'gif', 'webp', 'bmp', 'avif', 'tif', 'tiff', 'ico', 'heic', 'heif'];

async function hosts(pluginDirs: string[]): Promise<number> {
  const { plugins, problems } = await loadPlugins({ builtinDir, userDirs: pluginDirs });
  for (const p of plugins) {
    const d = p.definition;
    const settings = (d.settings ?? []).map((s) => `${s.key}${s.type === 'secret' ? ' (secret)' : ''}`).join(', ');
    process.stdout.write(`${d.id}\t${d.name}${p.builtin ? '' : `\t${p.source}`}${settings ? `\n    settings: ${settings}` : ''}\n`);
  }
  for (const problem of problems) process.stderr.write(`${problem.file}${problem.pointer ? ` at ${problem.pointer}` : ''}: ${problem.message}\n`);
  return 0;
}

async function validate(files: string[]): Promise<number> {
  let bad = 0;
  for (const file of files) {
    const result = await loadPluginFile(path.resolve(file));
    if (result.problems.length === 0) {
      process.stdout.write(`${file}: valid\n`);
      continue;
    }
    bad++;
    for (const p of result.problems) {
      const where = p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : '';
      process.stdout.write(`${file}${where}: ${p.pointer || '/'}: ${p.message}${p.hint ? `\n    hint: ${p.hint}` : ''}\n`);
    }
  }
  return bad === 0 ? 0 : 1;
}

type Opened = { ok: true; engine: Engine; plugin: PluginFile; secrets: Record<string, string> } | { ok: false };

/** An engine with the plugins loaded, the named one found, and its secrets from the environment or stdin. */
async function openEngine(options: Pick<UploadOptions, 'resolve' | 'connectTo' | 'cacert' | 'pluginDirs' | 'secretsFromStdin'>, pluginId: string, emit: (event: BatchEvent) => void): Promise<Opened> {
  const extraCaCerts = await Promise.all(options.cacert.map((f) => fs.readFile(f, 'utf8')));
  const engine = new Engine({
    network: { resolve: options.resolve, connectTo: options.connectTo, extraCaCerts, proxy: process.env.HTTPS_PROXY ?? process.env.https_proxy },
    emit,
  });
  const { problems } = await engine.loadPlugins(builtinDir, options.pluginDirs);
  const plugin = engine.plugin(pluginId);
  if (!plugin.ok) {
    for (const p of problems) process.stderr.write(`${p.file}: ${p.message}\n`);
    process.stderr.write(`${plugin.error.message} Run "imghost hosts" to list them.\n`);
    await engine.close();
    return { ok: false };
  }
  const secrets = { ...secretsFromEnv(secretKeys(plugin.value.settings), process.env), ...(options.secretsFromStdin ? parseSecretsText(await readStdin()) : {}) };
  return { ok: true, engine, plugin: plugin.value, secrets };
}

async function post(options: PostOptions): Promise<number> {
  if (options.secretsFromStdin && options.file === '-') {
    process.stderr.write('The message and the secrets cannot both come from stdin.\n');
    return 2;
  }
  const message = options.file === '-' ? await readStdin() : await fs.readFile(options.file, 'utf8');
  const opened = await openEngine(options, options.forum, (event) => event.type === 'log' && event.level !== 'debug' && process.stderr.write(`${event.message}\n`));
  if (!opened.ok) return 2;
  try {
    const result = await opened.engine.postToForum({ postId: `cli-${process.pid}`, forumId: options.forum, thread: options.thread, title: options.title, message, config: options.set, secrets: opened.secrets });
    if (!result.ok) {
      process.stderr.write(`${describeError(result.error)}\n`);
      return 1;
    }
    process.stdout.write(`${result.value.postUrl}\n`);
    return 0;
  } finally {
    await opened.engine.close();
  }
}

async function upload(options: UploadOptions): Promise<number> {
  const { files, skipped } = await collectImages(options.inputs, IMAGE_EXTENSIONS);
  for (const s of skipped) process.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
  if (files.length === 0) {
    process.stderr.write('No images to upload.\n');
    return 1;
  }
  let progress: CliProgress | undefined;
  const opened = await openEngine(options, options.host, (event) => progress?.handle(event));
  if (!opened.ok) return 2;
  const { engine, secrets } = opened;
  try {
    const sizes = await Promise.all(files.map((f) => fs.stat(f).then((s) => s.size, () => 0)));
    progress = new CliProgress(files.length, sizes.reduce((a, b) => a + b, 0));
    const controller = new AbortController();
    const batchId = `cli-${process.pid}`;
    process.once('SIGINT', () => {
      process.stderr.write('\nCancelling…\n');
      engine.cancelBatch(batchId);
      controller.abort();
    });
    const result = await engine.runBatch({
      batchId,
      hostId: options.host,
      files: files.map((f, i) => ({ id: String(i), path: f })),
      config: options.set,
      secrets,
      batchName: path.basename(path.dirname(files[0])),
      concurrency: options.concurrency,
      politeness: options.politeness,
    });
    progress.finish();
    if (!result.ok) {
      process.stderr.write(`${describeError(result.error)}\n`);
      return 1;
    }
    const outcomes = result.value.outcomes;
    const uploaded = outcomes.filter((o) => o.links);
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(outcomes.map((o) => ({ file: o.path, ...o.links, error: o.error ? describeError(o.error) : undefined })), null, 2)}\n`);
    } else if (uploaded.length > 0) {
      process.stdout.write(`${formatLinks(uploaded.map((o) => ({ links: o.links!, fileName: path.basename(o.path) })), { format: options.format })}\n`);
    }
    const failed = outcomes.length - uploaded.length;
    process.stderr.write(`${uploaded.length} uploaded, ${failed} failed${result.value.error ? ` (${describeError(result.value.error)})` : ''}\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    await engine.close();
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCli(argv);
    switch (command.name) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case 'hosts':
        return await hosts(command.pluginDirs);
      case 'validate':
        return await validate(command.files);
      case 'upload':
        return await upload(command.options);
      case 'post':
        return await post(command.options);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`imghost: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`imghost: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

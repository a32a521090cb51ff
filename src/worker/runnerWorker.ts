/**
 * The runner worker: owns the engine (sessions, cookie jars, limiters) so the
 * extension host's event loop never does upload work. It answers each
 * request once and streams batch events: progress throttled, and the events
 * of one turn of its loop in one message.
 */
import { parentPort } from 'node:worker_threads';
import { Engine } from '../core/engine/engine';
import { toUploadError, type Result } from '../core/errors';
import { assertNever, parseRequest, PROTOCOL_VERSION, type PluginsLoaded, type RequestMessage, type WorkerMessage } from './protocol';
import { EventBatcher } from './eventBatcher';
import { ProgressThrottle } from './progressThrottle';

const port = parentPort;
if (!port) throw new Error('runnerWorker must run inside a worker thread');

const post = (message: WorkerMessage) => port.postMessage(message);
const batcher = new EventBatcher((events) => post(events.length === 1 ? { type: 'event', event: events[0] } : { type: 'events', events }));
const throttle = new ProgressThrottle((event) => batcher.push(event));
/** Answers a request after every event gathered before it. */
const answer = (message: WorkerMessage) => {
  batcher.flush();
  post(message);
};
let engine: Engine | undefined;
/** Requests not yet answered; shutdown answers them all (cancelled batches with what finished) before it ends the worker. */
const answering = new Set<Promise<void>>();
let builtinDir = '';

function requireEngine(): Engine {
  if (!engine) throw new Error('the worker received a request before "configure"');
  return engine;
}

async function reload(userPluginDirs: string[]): Promise<PluginsLoaded> {
  const { plugins, problems } = await requireEngine().loadPlugins(builtinDir, userPluginDirs);
  return {
    hosts: plugins.map((p) => ({ id: p.definition.id, name: p.definition.name, source: p.source, builtin: p.builtin, definition: p.definition })),
    problems,
  };
}

async function handle(message: RequestMessage): Promise<Result<unknown>> {
  switch (message.name) {
    case 'configure': {
      await engine?.close();
      engine = new Engine({ network: message.payload.network, emit: (event) => throttle.push(event) });
      builtinDir = message.payload.builtinDir;
      return { ok: true, value: await reload(message.payload.userPluginDirs) };
    }
    case 'reloadPlugins':
      return { ok: true, value: await reload(message.payload.userPluginDirs) };
    case 'inspectFiles':
      return requireEngine().inspectFiles(message.payload.hostId, message.payload.paths);
    case 'runBatch': {
      const result = await requireEngine().runBatch(message.payload.batch);
      throttle.flush();
      return result;
    }
    case 'cancelBatch':
      requireEngine().cancelBatch(message.payload.batchId);
      return { ok: true, value: null };
    case 'cancelFile':
      requireEngine().cancelFile(message.payload.batchId, message.payload.fileId);
      return { ok: true, value: null };
    case 'testConnection':
      return requireEngine().testConnection(message.payload.hostId, message.payload.config, message.payload.secrets);
    case 'fetchOptions':
      return requireEngine().fetchOptions(message.payload.hostId, message.payload.settingKey, message.payload.config, message.payload.secrets);
    case 'postToForum':
      return requireEngine().postToForum(message.payload.post);
    case 'shutdown': {
      // Taken before the first await, so it holds every request but this one.
      const others = [...answering];
      await engine?.close();
      await Promise.all(others);
      throttle.flush();
      setImmediate(() => process.exit(0));
      return { ok: true, value: null };
    }
    default:
      return assertNever(message);
  }
}

port.on('message', (data: unknown) => {
  const message = parseRequest(data);
  if (!message) {
    post({ type: 'event', event: { type: 'log', level: 'warn', message: 'The runner worker ignored a malformed message.' } });
    return;
  }
  const answered = handle(message).then(
    (result) => answer(result.ok ? { type: 'response', id: message.id, ok: true, value: result.value } : { type: 'response', id: message.id, ok: false, error: result.error }),
    (error: unknown) => answer({ type: 'response', id: message.id, ok: false, error: toUploadError(error) }),
  );
  answering.add(answered);
  void answered.finally(() => answering.delete(answered));
});

post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });

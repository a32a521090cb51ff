/**
 * The one message protocol between the extension host and the runner worker.
 * Requests carry a numeric id and get exactly one `response`; batch progress
 * arrives as `event`s. Errors are UploadError values, never thrown objects,
 * because Error subclasses lose their fields when posted between threads.
 */
import type { UploadError } from '../core/errors';
import type { BatchEvent, BatchRequest, BatchSummary, ConfigValues, ForumPostOutcome, ForumPostRequest, NetworkOptions, SecretValues } from '../core/engine/types';
import type { PluginProblem } from '../core/plugin/pluginProblem';
import type { PluginFile } from '../core/plugin/types';

export const PROTOCOL_VERSION = 1;

export interface HostInfo {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly builtin: boolean;
  readonly definition: PluginFile;
}

export type PluginProblemInfo = PluginProblem;

export interface PluginsLoaded {
  readonly hosts: HostInfo[];
  readonly problems: PluginProblemInfo[];
}

/** Pre-flight verdict on one file against a host's limits. */
export interface FileCheck {
  readonly path: string;
  readonly size: number;
  readonly error?: UploadError;
}

export interface DynamicOption {
  readonly value: string;
  readonly label: string;
}

/** Request name → [payload, response value]. */
export interface RequestMap {
  configure: [{ network: NetworkOptions; builtinDir: string; userPluginDirs: string[] }, PluginsLoaded];
  reloadPlugins: [{ userPluginDirs: string[] }, PluginsLoaded];
  inspectFiles: [{ hostId: string; paths: string[] }, FileCheck[]];
  runBatch: [{ batch: BatchRequest }, BatchSummary];
  cancelBatch: [{ batchId: string }, null];
  cancelFile: [{ batchId: string; fileId: string }, null];
  testConnection: [{ hostId: string; config: ConfigValues; secrets: SecretValues }, string];
  fetchOptions: [{ hostId: string; settingKey: string; config: ConfigValues; secrets: SecretValues }, DynamicOption[]];
  /** Cancelled with cancelBatch({ batchId: post.postId }). */
  postToForum: [{ post: ForumPostRequest }, ForumPostOutcome];
  shutdown: [{ graceMs: number }, null];
}

export type RequestName = keyof RequestMap;

export type RequestMessage = {
  [K in RequestName]: { type: 'request'; id: number; name: K; payload: RequestMap[K][0] };
}[RequestName];

export type WorkerMessage =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'response'; id: number; ok: true; value: unknown }
  | { type: 'response'; id: number; ok: false; error: UploadError }
  | { type: 'event'; event: BatchEvent }
  /** Several events of one turn of the worker's loop, in order. */
  | { type: 'events'; events: BatchEvent[] };

const REQUEST_NAMES: ReadonlySet<string> = new Set<RequestName>([
  'configure',
  'reloadPlugins',
  'inspectFiles',
  'runBatch',
  'cancelBatch',
  'cancelFile',
  'testConnection',
  'fetchOptions',
  'postToForum',
  'shutdown',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isEvent = (v: unknown) => isObject(v) && typeof v.type === 'string';

/** Validates a message arriving in the worker; anything else is dropped with a log line. */
export function parseRequest(data: unknown): RequestMessage | undefined {
  if (!isObject(data) || data.type !== 'request') return undefined;
  if (typeof data.id !== 'number' || typeof data.name !== 'string' || !REQUEST_NAMES.has(data.name)) return undefined;
  if (!isObject(data.payload)) return undefined;
  return data as RequestMessage;
}

/** Validates a message arriving from the worker. */
export function parseWorkerMessage(data: unknown): WorkerMessage | undefined {
  if (!isObject(data)) return undefined;
  switch (data.type) {
    case 'ready':
      return typeof data.protocolVersion === 'number' ? (data as WorkerMessage) : undefined;
    case 'response':
      return typeof data.id === 'number' && typeof data.ok === 'boolean' ? (data as WorkerMessage) : undefined;
    case 'event':
      return isEvent(data.event) ? (data as WorkerMessage) : undefined;
    case 'events':
      return Array.isArray(data.events) && data.events.every(isEvent) ? (data as WorkerMessage) : undefined;
    default:
      return undefined;
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

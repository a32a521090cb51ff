import type { Politeness } from '../plugin/types';
import type { UploadError } from '../errors';

/** Settings values as the user set them (non-secret). */
export type ConfigValues = Record<string, string | number | boolean>;
/** Secret values by setting key; held in memory only, never logged. */
export type SecretValues = Record<string, string>;

/** Connection options the user controls (VS Code settings or CLI flags). */
export interface NetworkOptions {
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  proxy?: string;
  resolve?: string[];
  connectTo?: string[];
  extraCaCerts?: string[];
}

export interface BatchFile {
  /** Caller's id for the file, echoed in every event. */
  readonly id: string;
  /** Absolute path; the runner streams only this file. */
  readonly path: string;
}

export interface BatchRequest {
  readonly batchId: string;
  readonly hostId: string;
  readonly files: readonly BatchFile[];
  readonly config: ConfigValues;
  readonly secrets: SecretValues;
  /** Used by batch steps, e.g. a gallery named after the folder. */
  readonly batchName?: string;
  /** Files in flight at once for this batch; the host's own limit still applies. */
  readonly concurrency?: number;
  /** The user's override of the plugin's politeness (any of its fields). */
  readonly politeness?: Politeness;
}

export interface UploadLinks {
  readonly imageUrl: string;
  readonly thumbnailUrl?: string;
  readonly viewerUrl?: string;
  readonly deleteUrl?: string;
}

export interface FileOutcome {
  readonly fileId: string;
  readonly path: string;
  readonly links?: UploadLinks;
  readonly error?: UploadError;
  readonly durationMs: number;
}

export type BatchEvent =
  | { type: 'fileStarted'; batchId: string; fileId: string }
  | { type: 'fileProgress'; batchId: string; fileId: string; sentBytes: number; totalBytes: number }
  | { type: 'fileDone'; batchId: string; outcome: FileOutcome }
  | { type: 'log'; level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; message: string };

export interface BatchSummary {
  readonly batchId: string;
  readonly outcomes: FileOutcome[];
  /** A batch-level failure (login, gallery creation) that stopped the remaining files. */
  readonly error?: UploadError;
  readonly cancelled: boolean;
}

/** A reply to post to a forum thread. */
export interface ForumPostRequest {
  /** Caller's id, for cancelling. */
  readonly postId: string;
  readonly forumId: string;
  /** The thread as the user gave it: a link or a thread number. */
  readonly thread: string;
  readonly message: string;
  readonly title?: string;
  readonly config: ConfigValues;
  readonly secrets: SecretValues;
}

export interface ForumPostOutcome {
  readonly threadId: string;
  readonly threadUrl: string;
  /** The new post's address, from the forum's answer. */
  readonly postUrl: string;
  /** Set when flood control made the post wait that many seconds first. */
  readonly floodWaitSeconds?: number;
}

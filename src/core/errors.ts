/**
 * Errors cross the worker boundary as plain data: a custom Error subclass
 * posted from a worker arrives as a bare Error with its name and code lost.
 * So every failure the engine reports is an `UploadError` value keyed on
 * `kind`, and one `describeError` turns it into what a user reads.
 */

export type UploadErrorKind =
  | 'network'
  | 'timeout'
  | 'tls'
  | 'httpStatus'
  | 'loginFailed'
  | 'sessionExpired'
  | 'extractFailed'
  | 'rejectedByHost'
  | 'rateLimited'
  | 'fileInvalid'
  | 'pluginInvalid'
  | 'configInvalid'
  | 'cancelled'
  | 'workerCrashed'
  | 'internal';

export interface UploadError {
  readonly kind: UploadErrorKind;
  /** One sentence a user can act on; never contains a secret. */
  readonly message: string;
  /** Lower-level detail (an errno, the host's own text, an ajv message). */
  readonly cause?: string;
  /** HTTP status when the error came from a response. */
  readonly status?: number;
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;
  /** Seconds the host asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
}

export type Result<T, E = UploadError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

const RETRYABLE_KINDS: ReadonlySet<UploadErrorKind> = new Set(['network', 'timeout', 'rateLimited', 'workerCrashed']);

export function uploadError(
  kind: UploadErrorKind,
  message: string,
  extra: { cause?: string; status?: number; retryable?: boolean; retryAfterSeconds?: number } = {},
): UploadError {
  const { retryable = RETRYABLE_KINDS.has(kind), ...rest } = extra;
  return { kind, message, retryable, ...rest };
}

export function isUploadError(value: unknown): value is UploadError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UploadError).kind === 'string' &&
    typeof (value as UploadError).message === 'string'
  );
}

/** What a user should try next, per kind; shown after the message. */
const ADVICE: Record<UploadErrorKind, string> = {
  network: 'Check your connection or proxy settings, then retry.',
  timeout: 'The host is slow or unreachable; retry, or raise the timeouts in settings.',
  tls: 'The certificate could not be verified. If you are behind a corporate proxy, add its CA under "Image Host: Extra CA Certificates".',
  httpStatus: 'The host answered with an error; retry later.',
  loginFailed: 'Check the username, password or API key with "Image Host: Configure Hosts".',
  sessionExpired: 'The login expired and could not be renewed; check your credentials.',
  extractFailed: 'The host answered in an unexpected form; it may have changed. See the log for the response.',
  rejectedByHost: 'The host refused this file.',
  rateLimited: 'The host asked us to slow down; retry in a moment.',
  fileInvalid: 'Pick another file, or check that it is readable.',
  pluginInvalid: 'Fix the plugin file; the Problems panel shows where.',
  configInvalid: 'Fix the host\'s settings with "Image Host: Configure Hosts".',
  cancelled: '',
  workerCrashed: 'The upload worker stopped unexpectedly; retry the failed files.',
  internal: 'This is a bug; please report it with the log.',
};

/** What went wrong, with the host's own detail, without advice (for a place that is itself the fix, like the settings panel). */
export function errorDetail(error: UploadError): string {
  return error.cause && !error.message.includes(error.cause) ? `${error.message} (${error.cause})` : error.message;
}

/** The text a user sees for an error: message, host detail, then advice. */
export function describeError(error: UploadError): string {
  const parts = [errorDetail(error)];
  const advice = ADVICE[error.kind];
  if (advice) parts.push(advice);
  return parts.join(' ');
}

/** Converts anything thrown into an UploadError so no exception escapes the engine untyped. */
export function toUploadError(thrown: unknown, fallback: UploadErrorKind = 'internal'): UploadError {
  if (isUploadError(thrown)) return thrown;
  const err = thrown as NodeJS.ErrnoException | undefined;
  const message = err?.message ?? String(thrown);
  return uploadError(fallback, message, err?.code ? { cause: err.code } : {});
}

/**
 * Turns what undici and Node throw into UploadError values with messages a
 * user can act on. TLS failures are reported as such and never worked
 * around: verification stays on.
 */
import { isUploadError, uploadError, type UploadError } from '../errors';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

export interface TimeoutLimits {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function codeOf(error: unknown): string | undefined {
  let current = error as { code?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

export function toHttpError(error: unknown, host: string, limits: TimeoutLimits, signal?: AbortSignal): UploadError {
  if (isUploadError(error)) return error;
  if (signal?.aborted) return uploadError('cancelled', 'Cancelled.');
  const code = codeOf(error);
  const detail = (error as Error | undefined)?.message ?? String(error);
  if ((error as Error | undefined)?.name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') return uploadError('cancelled', 'Cancelled.');
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return uploadError('timeout', `${host} did not accept a connection within ${seconds(limits.connectMs)}.`, { cause: code });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return uploadError('timeout', `${host} did not start answering within ${seconds(limits.headersMs)}.`, { cause: code });
    case 'UND_ERR_BODY_TIMEOUT':
    case 'IHU_UPLOAD_STALLED':
      return uploadError('timeout', `${host} stopped ${code === 'IHU_UPLOAD_STALLED' ? 'taking data' : 'sending data'} for ${seconds(limits.bodyMs)}.`, { cause: code });
    case 'IHU_ANSWER_TOO_SLOW':
      return uploadError('timeout', `${host} sent its answer too slowly (not complete within ${seconds(limits.bodyMs * 2)}).`, { cause: code });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return uploadError('network', `Could not resolve host ${host}.`, { cause: code });
    case 'ECONNREFUSED':
      return uploadError('network', `${host} refused the connection.`, { cause: code });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return uploadError('network', `The connection to ${host} was closed unexpectedly.`, { cause: `${code}: ${detail}` });
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return uploadError('extractFailed', `${host} sent a larger answer than expected.`, { cause: code, retryable: false });
    default:
      if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
        return uploadError('tls', `The certificate of ${host} could not be verified (${code}); the connection was not used.`, { cause: detail });
      }
      return uploadError('network', `The request to ${host} failed: ${detail}`, code ? { cause: code } : {});
  }
}

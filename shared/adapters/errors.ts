/**
 * What a failure of the storage or the network says about retrying. Plain functions over the
 * shapes AWS SDK and Node errors have (no SDK import), shared by the stores and the file pipeline.
 */

interface ErrorShape {
  name?: string;
  code?: string;
  $fault?: string;
  $retryable?: unknown;
  $metadata?: unknown;
}

const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
const isSocketError = (e: ErrorShape): boolean => SOCKET_CODES.has(e.code ?? '') || e.name === 'TimeoutError' || e.name === 'AbortError';

/**
 * Whether an AWS error may go away on retry (throttling, a server fault, the network) — as
 * opposed to a request the service refuses whatever the attempt, or a bug in the data.
 */
export function isTransient(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as ErrorShape;
  if (e.$retryable || e.$fault === 'server') return true;
  return /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TransactionConflict|InternalServerError|ServiceUnavailable/.test(e.name ?? '') || isSocketError(e);
}

/**
 * Whether a failure came from the storage or the network rather than from a file's bytes: any
 * AWS SDK error (they carry `$metadata`) or socket error. Such a failure is retried, never
 * blamed on the file.
 */
export function isServiceFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  return isTransient(error) || (error as ErrorShape).$metadata !== undefined;
}

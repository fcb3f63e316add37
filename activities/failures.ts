import { ApplicationFailure } from '@temporalio/common';
import { PortError } from './ports';

/**
 * Runs a port call and turns a permanent PortError into a non-retryable ApplicationFailure with
 * the same `type`, so the workflow can tell "refused for good" from "try again". Transient errors
 * pass through unchanged and the activity's retry policy handles them.
 */
export async function translatePortErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PortError && !err.retryable) {
      throw ApplicationFailure.nonRetryable(err.message, err.type);
    }
    if (err instanceof PortError) {
      // Retry, keeping our type, and no sooner than the processor asked (429 / 503 with Retry-After).
      throw ApplicationFailure.create({ message: err.message, type: err.type, nonRetryable: false, ...(err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}) });
    }
    throw err;
  }
}

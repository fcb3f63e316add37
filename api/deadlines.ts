import type { Client } from '@temporalio/client';

/**
 * How long a read from Temporal (case query, describe, health) may take before it answers 503:
 * with Temporal unreachable the SDK retries UNAVAILABLE for about 20 s otherwise, and with
 * Temporal hanging (a frozen server, a dead link that still holds its TCP connection) it waits for ever.
 */
export const TEMPORAL_READ_DEADLINE_MS = 1500;

/**
 * How long a write to Temporal (a report's update-with-start, a decision or answer update, a
 * signal, a chargeback's signal-with-start) may take before it answers 503 with Retry-After. A
 * report's update-with-start waits for the new case's first workflow task, which a busy worker
 * takes a second or two to run: ten seconds leave room for that. Without it a hanging Temporal
 * held the request for as long as it hung (ten minutes, measured). The write may still land once
 * Temporal answers again; a retry with the same Idempotency-Key is then recognised by the case.
 */
export const TEMPORAL_WRITE_DEADLINE_MS = 10_000;

/** Runs a Temporal read under the read deadline: past it the call fails as DEADLINE_EXCEEDED (mapped to 503). */
export function readWithin<T>(client: Client, fn: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + TEMPORAL_READ_DEADLINE_MS, fn);
}

/** Runs a Temporal write under the write deadline: an update past it fails as WorkflowUpdateRPCTimeoutOrCancelledError (503). */
export function writeWithin<T>(client: Client, fn: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + TEMPORAL_WRITE_DEADLINE_MS, fn);
}

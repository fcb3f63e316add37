import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** A case's history exactly as the Temporal server stores it: no data converter, no codec. */
export async function rawHistory(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution: { workflowId }, nextPageToken, maximumPageSize: 500 });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** Every byte of the history, serialized as the server sends it: payloads, failures, ids, search attributes, memo. */
export function historyBytes(events: HistoryEvent[]): Buffer {
  return Buffer.from(temporal.api.history.v1.History.encode({ events }).finish());
}

export interface FoundPayload {
  payload: Payload;
  /** Where it sits, e.g. `activityTaskScheduledEventAttributes.input.payloads.0`. */
  path: string;
}

function isPayload(value: unknown): value is Payload {
  const v = value as Payload | null;
  return typeof v === 'object' && v !== null && typeof v.metadata === 'object' && v.metadata !== null && v.metadata.encoding instanceof Uint8Array;
}

/** Every payload anywhere in the history (inputs, results, updates, signals, queries' failures, encoded failure attributes). */
export function payloadsIn(events: HistoryEvent[]): FoundPayload[] {
  const found: FoundPayload[] = [];
  const walk = (value: unknown, path: string) => {
    if (isPayload(value)) return void found.push({ payload: value, path });
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
  };
  events.forEach((e, i) => walk(e, `${i}`));
  return found;
}

/** Failure messages anywhere in the history (an activity's last failure, a failed activity, a failed workflow). */
export function failuresIn(events: HistoryEvent[]): temporal.api.failure.v1.IFailure[] {
  const found: temporal.api.failure.v1.IFailure[] = [];
  const walk = (value: unknown, key: string) => {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    if ((key === 'failure' || key === 'lastFailure' || key === 'cause') && 'message' in value) found.push(value as temporal.api.failure.v1.IFailure);
    for (const [k, child] of Object.entries(value)) walk(child, k);
  };
  events.forEach((e) => walk(e, ''));
  return found;
}

export const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

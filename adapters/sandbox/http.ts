import { ErrorType } from '../../domain/errors';
import { PortError } from '../../activities/ports';
import { retryAfterMs } from '../translate';

export interface SandboxResponse<T> {
  status: number;
  body: T;
}

/**
 * One call to the sandbox service. Network failures and 5xx throw plain errors (transient: the
 * activity retries); 404 on a read returns null; other 4xx throw a non-retryable PortError of
 * `refusedAs`, carrying the sandbox's own message for the agent.
 */
export async function sandboxCall<T>(
  baseUrl: string,
  path: string,
  options: { method?: 'GET' | 'POST'; body?: unknown; idempotencyKey?: string; refusedAs?: PortError['type'] } = {},
): Promise<T | null> {
  const response = await fetch(new URL(path, baseUrl), {
    method: options.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status >= 500 || response.status === 429) {
    throw new PortError(ErrorType.PROCESSOR_UNAVAILABLE, `sandbox ${path} answered ${response.status}`, true, retryAfterMs(response.headers.get('retry-after')));
  }
  // A body cut off in transit is a lost answer (transient: retried, then reconciled by key); a whole
  // body that is not JSON is a protocol error (retrying will not help).
  const text = await response.text();
  let body: T & { error?: { code: string; message: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `sandbox ${path} answered ${response.status} without JSON`, false);
  }
  if (response.status === 404 && (options.method ?? 'GET') === 'GET') return null;
  if (response.status >= 400) {
    const reason = body.error ? `${body.error.code}: ${body.error.message}` : `status ${response.status}`;
    throw new PortError(options.refusedAs ?? ErrorType.PORT_PROTOCOL_ERROR, reason, false);
  }
  return body;
}

/** A call that must answer with a body (a POST): no body is a protocol error, not "not found". */
export async function sandboxCallRequired<T>(...args: Parameters<typeof sandboxCall>): Promise<T> {
  const body = await sandboxCall<T>(...args);
  if (body === null) throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `sandbox ${args[1]} answered without a body`, false);
  return body;
}

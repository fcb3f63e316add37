import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { PayPalConfig } from './processor';
import type { PayPalErrorBody } from './wire';
import { retryAfterMs } from '../translate';

export const BASE_URLS = { sandbox: 'https://api-m.sandbox.paypal.com', live: 'https://api-m.paypal.com' } as const;
/** Renew the token this long before PayPal says it expires, so a call never leaves with a stale one. */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;
export const TIMEOUT_MS = 10_000;

export interface PayPalCall {
  method?: 'GET' | 'POST';
  /** Serialised as JSON; `rawJson` sends an already-serialised body unchanged instead. */
  body?: unknown;
  rawJson?: string;
  headers?: Record<string, string>;
  /** What a 422 (or a 404 on a POST) means here; a protocol error when not given. */
  refusedAs?: ErrorType;
}

/** Authenticated JSON calls to PayPal's REST API, translated into PortErrors. */
export interface PayPalHttp {
  /** The parsed body; null for a GET answered 404. */
  call<T>(path: string, call?: PayPalCall): Promise<T | null>;
  /**
   * The cached access token, also used by the SDK calls (./sdk.ts), so both share one token.
   * Passing the token PayPal just answered 401 to drops it first, so a fresh one is fetched.
   */
  accessToken(refused?: string): Promise<string>;
}

/**
 * A PayPal REST client over `fetch` with a client-credentials token cached until shortly before
 * it expires. 401 drops the token and tries once more with a fresh one (a token revoked early);
 * 401/403 after that are protocol errors. 409 (a call for the same resource in progress), 429,
 * 5xx, timeouts and network failures are PROCESSOR_UNAVAILABLE and retryable, with Retry-After.
 */
export function createPayPalHttp(config: PayPalConfig): PayPalHttp {
  const baseUrl = config.baseUrl ?? BASE_URLS[config.environment];
  let token: { value: string; expiresAt: number } | null = null;
  let pendingToken: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    const response = await send('/v1/oauth2/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body = (await readJson(response, '/v1/oauth2/token')) as { access_token?: string; expires_in?: number } & PayPalErrorBody;
    if (!response.ok) throw errorFor(response, body, 'POST /v1/oauth2/token', {});
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, 'PayPal answered the token request without access_token/expires_in', false);
    }
    token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 - TOKEN_EXPIRY_MARGIN_MS };
    return body.access_token;
  }

  function accessToken(refused?: string): Promise<string> {
    if (refused !== undefined && token?.value === refused) token = null;
    if (token && Date.now() < token.expiresAt) return Promise.resolve(token.value);
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = null;
    });
    return pendingToken;
  }

  async function send(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
    try {
      return await fetch(new URL(path, baseUrl), { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new PortError(ErrorType.PROCESSOR_UNAVAILABLE, `PayPal ${init.method} ${path} unreachable: ${(err as Error).message}`, true);
    }
  }

  async function call<T>(path: string, options: PayPalCall = {}, refused?: string): Promise<T | null> {
    const method = options.method ?? 'GET';
    const body = options.rawJson ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const bearer = await accessToken(refused);
    const response = await send(path, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body,
    });
    if (response.status === 401 && refused === undefined) return call<T>(path, options, bearer);
    if (response.status === 404 && method === 'GET') return null;
    const parsed = await readJson(response, path);
    if (!response.ok) throw errorFor(response, parsed as PayPalErrorBody, `${method} ${path}`, options);
    return parsed as T;
  }

  return { call, accessToken };
}

async function readJson(response: Response, path: string): Promise<unknown> {
  const text = await response.text();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    // A gateway's HTML 502 page is still an outage, not a protocol problem.
    if (response.status >= 500) return {};
    throw new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal ${path} answered ${response.status} without JSON`, false);
  }
}

/** PayPal's own words for a failure: the first detail's issue and description, else name and message. */
export function describePayPalError(body: PayPalErrorBody | null | undefined, status: number): string {
  const detail = body?.details?.[0];
  if (detail?.issue) return `${detail.issue}: ${detail.description ?? ''}`.trim();
  if (body?.name) return `${body.name}: ${body.message ?? ''}`.trim();
  if (body?.error) return `${body.error}: ${body.error_description ?? ''}`.trim();
  return `status ${status}`;
}

function errorFor(response: Response, body: PayPalErrorBody, what: string, options: PayPalCall): PortError {
  return payPalError(response.status, body, response.headers.get('retry-after'), what, options);
}

/**
 * A PayPal error answer as a PortError, for the fetch calls here and the SDK calls alike: 409, 429
 * and 5xx are retryable (with Retry-After); 422, or 404 on a POST, is `refusedAs` in PayPal's words.
 */
export function payPalError(status: number, body: PayPalErrorBody | undefined, retryAfter: string | null | undefined, what: string, options: Pick<PayPalCall, 'method' | 'refusedAs'>): PortError {
  const reason = describePayPalError(body, status);
  if (status === 409 || status === 429 || status >= 500) {
    return new PortError(ErrorType.PROCESSOR_UNAVAILABLE, `PayPal ${what} answered ${status}: ${reason}`, true, retryAfterMs(retryAfter ?? null));
  }
  if (status === 422 || (status === 404 && options.method === 'POST')) {
    return new PortError(options.refusedAs ?? ErrorType.PORT_PROTOCOL_ERROR, reason, false);
  }
  return new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal ${what} answered ${status}: ${reason}`, false);
}


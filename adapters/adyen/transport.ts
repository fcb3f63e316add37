import { HttpClientException, type Client } from '@adyen/api-library';
import type { IncomingHttpHeaders } from 'node:http';

/** The library's HTTP client interface (what `Client.httpClient` holds). */
type ClientInterface = Client['httpClient'];

/** The request never got an answer (refused connection, DNS, timeout). */
export class AdyenNetworkError extends Error {
  override name = 'AdyenNetworkError';
}

export interface TransportOptions {
  /** Replaces Adyen's origin (e.g. a local stand-in); the library's path (/v72/...) is kept. */
  baseUrlOverride?: string;
  timeoutMs?: number;
}

function rewrite(endpoint: string, override: string | undefined): string {
  if (!override) return endpoint;
  const target = new URL(endpoint);
  return `${override.replace(/\/$/, '')}${target.pathname}${target.search}`;
}

/**
 * The library's HTTP client over fetch: the same headers (X-API-Key, Idempotency-Key from the
 * `idempotencyKey` request option), the same HttpClientException on a non-2xx answer, and plain
 * HTTP for a local stand-in (the library's own client speaks only HTTPS).
 */
export function createFetchTransport(options: TransportOptions = {}): ClientInterface {
  return {
    async request(endpoint, json, config, _isApiKeyRequired, requestOptions = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': config.apiKey ?? '' };
      if (requestOptions.idempotencyKey) headers['idempotency-key'] = requestOptions.idempotencyKey;
      let response: Response;
      try {
        response = await fetch(rewrite(endpoint, options.baseUrlOverride), {
          method: requestOptions.method ?? 'POST',
          headers,
          body: json,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new AdyenNetworkError(`Adyen unreachable: ${(err as Error).message}`);
      }
      let body: string;
      try {
        body = await response.text();
      } catch (err) {
        // The answer was lost while reading it: Adyen may have acted, so this is transient (and reconciled), not a protocol error.
        throw new AdyenNetworkError(`Adyen answer lost: ${(err as Error).message}`);
      }
      if (response.ok) return body;
      const responseHeaders: IncomingHttpHeaders = Object.fromEntries(response.headers.entries());
      let apiError: HttpClientException['apiError'];
      try {
        const parsed = JSON.parse(body) as unknown;
        if (typeof parsed === 'object' && parsed !== null && 'status' in parsed) apiError = parsed as HttpClientException['apiError'];
      } catch {
        // Not JSON (a proxy's HTML page): the status code alone says what happened.
      }
      throw new HttpClientException({
        message: `HTTP Exception: ${response.status}${apiError?.message ? `: ${apiError.message}` : ''}`,
        statusCode: response.status,
        errorCode: apiError?.errorCode,
        responseHeaders,
        responseBody: body,
        apiError,
      });
    },
  };
}

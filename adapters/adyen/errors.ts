import { HttpClientException } from '@adyen/api-library';
import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import { AdyenNetworkError } from './transport';
import { retryAfterMs } from '../translate';

/**
 * An Adyen refund failure in our vocabulary
 * (https://docs.adyen.com/development-resources/response-handling ):
 * 422 or a validation error is a refusal for good; 429, 5xx, a 409 "in progress" and no answer
 * are transient (after Retry-After); 401/403 and anything else are protocol errors.
 */
export function toPortError(err: unknown): PortError {
  if (err instanceof PortError) return err;
  if (err instanceof AdyenNetworkError) return new PortError(ErrorType.PROCESSOR_UNAVAILABLE, err.message, true);
  if (!(err instanceof HttpClientException)) {
    return new PortError(ErrorType.PORT_PROTOCOL_ERROR, `Adyen call failed: ${(err as Error)?.message ?? String(err)}`, false);
  }
  const status = err.statusCode;
  const reason = `${err.apiError?.errorCode ?? err.errorCode ?? status}: ${err.apiError?.message ?? err.message}`;
  if (status === 422 || err.apiError?.errorType === 'validation') return new PortError(ErrorType.REFUND_REFUSED, reason, false);
  if (status === 429 || status === 409 || status >= 500) {
    return new PortError(ErrorType.PROCESSOR_UNAVAILABLE, `Adyen answered ${reason}`, true, retryAfterMs(err.responseHeaders?.['retry-after']));
  }
  return new PortError(ErrorType.PORT_PROTOCOL_ERROR, `Adyen answered ${reason}`, false);
}

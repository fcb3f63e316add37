import Stripe from 'stripe';
import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import { retryAfterMs } from '../translate';

type StripeError = InstanceType<typeof Stripe.errors.StripeError>;

/** Error classes of the SDK whose cause is on Stripe's side or the network's: worth trying again. */
const TRANSIENT = new Set(['StripeRateLimitError', 'StripeAPIError', 'StripeConnectionError']);
/** Our key is wrong or lacks a permission: no retry can fix it, a person must. */
const CREDENTIALS = new Set(['StripeAuthenticationError', 'StripePermissionError']);
/** Stripe understood the refund and said no (already refunded, too large, disputed, ...). */
const REFUSALS = new Set(['StripeInvalidRequestError', 'StripeCardError']);

function isStripeError(err: unknown): err is StripeError {
  return err instanceof Stripe.errors.StripeError;
}

/** True when Stripe answered that the object does not exist (a read of an unknown id). */
export function isResourceMissing(err: unknown): boolean {
  return isStripeError(err) && err.code === 'resource_missing';
}

/**
 * Turns what the SDK threw into a PortError in our vocabulary. `refusedAs` names what a definite
 * "no" from Stripe means for this call (REFUND_REFUSED for a refund); for reads it is a protocol
 * error, since we asked something Stripe cannot answer. Errors that are not Stripe's pass through.
 */
export function toPortError(err: unknown, refusedAs: ErrorType = ErrorType.PORT_PROTOCOL_ERROR): unknown {
  if (!isStripeError(err)) return err;
  const reason = `${err.code ?? err.rawType ?? err.type}: ${err.message}`;
  // Stripe says when a failure (a lock timeout, a 409) is worth retrying; we defer to it.
  const shouldRetry = err.headers?.['stripe-should-retry'] === 'true';
  if (TRANSIENT.has(err.type) || shouldRetry || (err.statusCode ?? 0) >= 500) {
    return new PortError(ErrorType.PROCESSOR_UNAVAILABLE, `stripe unavailable: ${reason}`, true, retryAfterMs(err.headers?.['retry-after']));
  }
  if (CREDENTIALS.has(err.type)) return new PortError(ErrorType.PORT_PROTOCOL_ERROR, `stripe refused our credentials: ${reason}`, false);
  if (REFUSALS.has(err.type)) return new PortError(refusedAs, reason, false);
  // Idempotency errors (a key reused with other parameters) and anything new in the SDK.
  return new PortError(ErrorType.PORT_PROTOCOL_ERROR, reason, false);
}

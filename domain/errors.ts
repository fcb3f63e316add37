/**
 * Stable error `type` strings. They cross process boundaries (activity → workflow → client → API)
 * where `instanceof` does not survive, so every failure we raise or match carries one of these.
 */
export const ErrorType = {
  /** Input failed validation; the problem lists each bad field. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** No case with that id (or one the caller may not see). */
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  /** The case is not in a state that accepts this message. */
  WRONG_STATE: 'WRONG_STATE',
  /** Someone else already has the case (an assignment asked only if nobody had it). */
  ALREADY_ASSIGNED: 'ALREADY_ASSIGNED',
  /** No case is waiting for the caller ("next case" found nothing to take). */
  QUEUE_EMPTY: 'QUEUE_EMPTY',
  /** The case has just closed and its run is finishing: the caller should retry shortly. */
  CASE_CLOSING: 'CASE_CLOSING',
  /** No such route. */
  NOT_FOUND: 'NOT_FOUND',
  /** The amount is above what is still refundable on the transaction. */
  AMOUNT_EXCEEDS_REFUNDABLE: 'AMOUNT_EXCEEDS_REFUNDABLE',
  /** The amount's currency is not the transaction's. */
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  /** The decision is incomplete or contradicts the case (e.g. a refund with nothing to refund). */
  DECISION_INVALID: 'DECISION_INVALID',
  /** A chargeback is open on the transaction: refunding now would pay the customer twice. */
  CHARGEBACK_OPEN: 'CHARGEBACK_OPEN',
  /** The processor refused the refund for good (not a transient fault). */
  REFUND_REFUSED: 'REFUND_REFUSED',
  /** The ledger refused the account credit for good. */
  CREDIT_REFUSED: 'CREDIT_REFUSED',
  /** A port answered with something we cannot interpret; retrying will not help. */
  PORT_PROTOCOL_ERROR: 'PORT_PROTOCOL_ERROR',
  /** The processor is unreachable, failing (5xx) or rate-limiting us (429): retried, after its Retry-After. */
  PROCESSOR_UNAVAILABLE: 'PROCESSOR_UNAVAILABLE',
  /** Temporal or another dependency is unreachable right now; the caller may retry. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The text holds what looks like a full card number (a 13-19 digit run passing Luhn); it is never stored. */
  CARD_NUMBER_REFUSED: 'CARD_NUMBER_REFUSED',
  /** No credential, or one that is not valid (unknown key, bad signature, expired, wrong issuer/audience). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /**
   * A 401 like UNAUTHENTICATED, for a console session cookie that names a session that has ended
   * (expired, signed out): the console shows its sign-in again and keeps what was being written.
   */
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  /** The credential is valid but its role may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests for this credential; retry after the Retry-After header. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The body is in a media type or charset the endpoint does not read (e.g. JSON not in UTF-8). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The body holds more than the endpoint reads (too many MIME parts, nested too deep in MIME). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The request's headers are over the HTTP server's limit (answered before any route runs). */
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  /** The mail server refused the message for good (e.g. the recipient does not exist). */
  NOTIFICATION_REFUSED: 'NOTIFICATION_REFUSED',
} as const;

export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** One reason a request was refused, named by the field it concerns (a JSON path such as `amount.currency`). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** A refusal in our vocabulary: a stable type, a sentence, and the fields concerned. */
export interface Refusal {
  type: ErrorType;
  message: string;
  problems: FieldProblem[];
}

export function refusal(type: ErrorType, field: string, reason: string): Refusal {
  return { type, message: reason, problems: [{ field, reason }] };
}

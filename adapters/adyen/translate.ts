import type { Authentication, ChargebackRecord, ProcessorTransaction, RefundRecord } from '../../domain/vocabulary';
import { SUBMITTED_REFUND_EVENT, type AdyenNotificationItem } from './notification';
import { translate } from '../translate';

/**
 * Dispute event codes, each with the chargeback status it means and its stage: a dispute's
 * status is that of its latest stage, whatever order the webhooks arrived in.
 * https://docs.adyen.com/risk-management/disputes-api/dispute-notifications
 */
export const CHARGEBACK_EVENTS: Record<string, { status: ChargebackRecord['status']; stage: number }> = {
  NOTIFICATION_OF_CHARGEBACK: { status: 'OPEN', stage: 0 },
  CHARGEBACK: { status: 'OPEN', stage: 1 },
  CHARGEBACK_REVERSED: { status: 'WON', stage: 2 },
  SECOND_CHARGEBACK: { status: 'LOST', stage: 3 },
  PREARBITRATION_WON: { status: 'WON', stage: 4 },
  PREARBITRATION_LOST: { status: 'LOST', stage: 4 },
};

/**
 * Refund event codes by `success`, each with the refund status it means and its stage. A
 * REFUND_FAILED (scheme rejection) or REFUNDED_REVERSED (money returned to us) undoes a REFUND.
 */
export const REFUND_EVENTS: Record<string, { true?: RefundRecord['status']; false?: RefundRecord['status']; stage: number }> = {
  [SUBMITTED_REFUND_EVENT]: { true: 'PENDING', stage: 0 },
  REFUND: { true: 'SUCCEEDED', false: 'FAILED', stage: 1 },
  REFUND_FAILED: { true: 'FAILED', stage: 2 },
  REFUNDED_REVERSED: { true: 'FAILED', stage: 2 },
};

/** The refund status one refund notification means; UNSUPPORTED for a combination we do not know. */
export function refundStatusOf(item: AdyenNotificationItem): RefundRecord['status'] {
  return REFUND_EVENTS[item.eventCode]?.[item.success] ?? 'UNSUPPORTED';
}

/** Codes the payment itself is built from (AUTHORISATION) or whose capture list comes from. */
export const PAYMENT_EVENTS = new Set(['AUTHORISATION', 'CAPTURE', 'CAPTURE_FAILED']);

/**
 * Codes reviewed as telling nothing about the payment's own state (dispute paperwork, review and
 * tokenisation side notes). Any other code we do not model (CANCELLATION, CANCEL_OR_REFUND,
 * TECHNICAL_CANCEL, AUTHORISATION_ADJUSTMENT, EXPIRE, a code Adyen adds tomorrow...) may have
 * changed the payment, so the transaction's status becomes UNSUPPORTED rather than a guess.
 */
export const INFORMATIONAL_EVENTS = new Set([
  'REQUEST_FOR_INFORMATION',
  'NOTIFICATION_OF_FRAUD',
  'DISPUTE_DEFENSE_PERIOD_ENDED',
  'INFORMATION_SUPPLIED',
  'ISSUER_COMMENTS',
  'ISSUER_RESPONSE_TIMEFRAME_EXPIRED',
  'MANUAL_REVIEW_ACCEPT',
  'RECURRING_CONTRACT',
]);

/** Whether an event code is one the adapter understands (payment, refund, dispute or informational). */
export function isKnownEvent(eventCode: string): boolean {
  return PAYMENT_EVENTS.has(eventCode) || INFORMATIONAL_EVENTS.has(eventCode) || Object.hasOwn(REFUND_EVENTS, eventCode) || Object.hasOwn(CHARGEBACK_EVENTS, eventCode);
}

/**
 * Refusal reasons caused by the card details the shopper entered (Adyen's refusalReason values,
 * https://docs.adyen.com/development-resources/refusal-reasons ). Every other reason is OTHER.
 */
const CUSTOMER_DETAIL_REFUSALS = new Set(['CVC Declined', 'Invalid Card Number', 'Expired Card', 'AVS Declined']);

/** Why a refused AUTHORISATION was refused, in our two words. */
export function declineReasonOf(refusalReason: string | undefined): NonNullable<ProcessorTransaction['declineReason']> {
  return refusalReason !== undefined && CUSTOMER_DETAIL_REFUSALS.has(refusalReason.trim()) ? 'CUSTOMER_DETAILS' : 'OTHER';
}

/** 3-D Secure transaction status (threeDAuthenticatedResponse): Y authenticated, A attempted, N/R failed or rejected. */
const THREE_DS_RESPONSE: Record<string, Authentication['outcome']> = { Y: 'AUTHENTICATED', A: 'ATTEMPTED', N: 'FAILED', R: 'FAILED' };

/**
 * How the shopper was authenticated, from the AUTHORISATION's additionalData (threeDOffered,
 * threeDAuthenticated, threeDAuthenticatedResponse, liabilityShift). No 3-D Secure data, or 3-D
 * Secure not offered, means none was performed.
 */
export function authenticationOf(data: Record<string, string> = {}): Authentication {
  const { threeDOffered: offered, threeDAuthenticated: authenticated, threeDAuthenticatedResponse: response, liabilityShift } = data;
  if (offered === undefined && authenticated === undefined && response === undefined) return { method: 'NONE', outcome: 'NOT_PERFORMED' };
  if (offered === 'false' && authenticated !== 'true') return { method: 'NONE', outcome: 'NOT_PERFORMED' };
  if (response !== undefined) return { method: 'THREE_D_SECURE', outcome: translate(THREE_DS_RESPONSE, response) };
  if (authenticated === 'true') return { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' };
  // Liability shifts only for an authenticated or attempted authentication; without the response
  // code, 'false' alone could be a failure, a rejection or an unavailable issuer: not ours to guess.
  if (authenticated === 'false' && liabilityShift === 'true') return { method: 'THREE_D_SECURE', outcome: 'ATTEMPTED' };
  return { method: 'THREE_D_SECURE', outcome: 'UNSUPPORTED' };
}

import { ErrorType, refusal, type Refusal } from './errors';
import { subtract, sum, type Money } from './money';
import type { CaseState, Decision, SatisfactionAnswer } from './vocabulary';

/**
 * What may still be refunded or credited on this case: the processor's refundable amount at
 * investigation, less what this case has already paid back. Null when there is no transaction.
 */
export function stillRefundable(state: CaseState): Money | null {
  const refundable = state.assessment?.refundable;
  if (!refundable) return null;
  const paid = state.resolutions.flatMap((r) => (r.amount ? [r.amount] : []));
  return subtract(refundable, sum(paid, refundable.currency));
}

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * Checks that a message is shaped like a Decision. Signals (e.g. from the Temporal CLI) skip the
 * API's schema, and a TypeError inside a workflow handler would fail the workflow task forever.
 */
export function checkDecisionShape(value: unknown): Refusal | null {
  const d = value as Partial<Record<keyof Decision, unknown>> | null;
  if (typeof d !== 'object' || d === null) return refusal(ErrorType.DECISION_INVALID, '(body)', 'A decision is an object.');
  if (d.action !== 'REFUND' && d.action !== 'ACCOUNT_CREDIT' && d.action !== 'DENY') {
    return refusal(ErrorType.DECISION_INVALID, 'action', 'The action is REFUND, ACCOUNT_CREDIT or DENY.');
  }
  if (!isText(d.reason)) return refusal(ErrorType.DECISION_INVALID, 'reason', 'A decision needs a reason.');
  if (!isText(d.agentId)) return refusal(ErrorType.DECISION_INVALID, 'agentId', 'A decision records who made it.');
  const amount = d.amount as Partial<Record<'amountMinor' | 'currency', unknown>> | undefined;
  if (amount !== undefined && (typeof amount !== 'object' || amount === null || typeof amount.amountMinor !== 'number' || !isText(amount.currency))) {
    return refusal(ErrorType.DECISION_INVALID, 'amount', 'The amount is {amountMinor, currency}.');
  }
  return null;
}

/**
 * Checks a decision against the case: its state, the amount against what is still refundable, the
 * currency. Returns the first refusal, or null when the decision may be carried out. Pure, so the
 * workflow's update validator and the tests use the very same rule.
 */
export function checkDecision(state: CaseState, decision: Decision): Refusal | null {
  const malformed = checkDecisionShape(decision);
  if (malformed) return malformed;
  if (state.status !== 'AWAITING_DECISION') {
    return refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; a decision is accepted only while it is AWAITING_DECISION.`);
  }
  if (decision.reason.trim() === '') return refusal(ErrorType.DECISION_INVALID, 'reason', 'A decision needs a reason.');
  if (decision.agentId.trim() === '') return refusal(ErrorType.DECISION_INVALID, 'agentId', 'A decision records who made it.');
  if (decision.action === 'DENY') {
    return decision.amount
      ? refusal(ErrorType.DECISION_INVALID, 'amount', 'A denial moves no money; leave the amount out.')
      : null;
  }
  const amount = decision.amount;
  if (!amount) return refusal(ErrorType.DECISION_INVALID, 'amount', `${decision.action} needs an amount.`);
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor <= 0) {
    return refusal(ErrorType.DECISION_INVALID, 'amount.amountMinor', 'The amount must be a positive whole number of minor units.');
  }
  const refundable = stillRefundable(state);
  if (!refundable) {
    return refusal(ErrorType.AMOUNT_EXCEEDS_REFUNDABLE, 'amount.amountMinor', 'The processor has no transaction for this case, so nothing is refundable.');
  }
  if (amount.currency !== refundable.currency) {
    return refusal(ErrorType.CURRENCY_MISMATCH, 'amount.currency', `The transaction is in ${refundable.currency}, not ${amount.currency}.`);
  }
  if (amount.amountMinor > refundable.amountMinor) {
    return refusal(
      ErrorType.AMOUNT_EXCEEDS_REFUNDABLE,
      'amount.amountMinor',
      `At most ${refundable.amountMinor} ${refundable.currency} minor units are still refundable on this case.`,
    );
  }
  return null;
}

/** Checks a satisfaction answer against the case: only a case in FOLLOW_UP asked the question. */
export function checkSatisfaction(state: CaseState, answer: SatisfactionAnswer): Refusal | null {
  if (typeof answer?.satisfied !== 'boolean') return refusal(ErrorType.INVALID_INPUT, 'satisfied', 'The answer says true or false.');
  if (answer.comment !== undefined && !isText(answer.comment)) return refusal(ErrorType.INVALID_INPUT, 'comment', 'A comment is text.');
  if (state.status !== 'FOLLOW_UP') {
    return refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; the satisfaction question is open only in FOLLOW_UP.`);
  }
  return null;
}


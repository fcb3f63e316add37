import { ErrorType, refusal, type Refusal } from './errors';
import { subtract, sum, type Money } from './money';
import { canTransition } from './transitions';
import { hasOpenChargeback } from './case-state';
import {
  DECIDER_ROLES,
  DECISION_ACTIONS,
  PROCESSOR_ANSWER_OUTCOMES,
  type CasePolicy,
  type CaseState,
  type Decision,
  type InformationAnswer,
  type ProcessorAnswer,
  type SatisfactionAnswer,
} from './vocabulary';

/**
 * What may still be refunded or credited on this case: the processor's refundable amount at
 * investigation, less what this case has already paid back. Null when there is no transaction.
 */
export function stillRefundable(state: CaseState): Money | null {
  const refundable = state.assessment?.refundable;
  if (!refundable) return null;
  // Resolutions before the (last) investigation are already in the processor's refunds.
  const since = state.findings?.investigatedAt ?? '';
  const paid = state.resolutions.filter((r) => r.resolvedAt > since).flatMap((r) => (r.amount ? [r.amount] : []));
  // A chargeback the merchant lost has already returned that money to the customer.
  const lost = state.chargebacks.filter((c) => c.status === 'LOST' && c.amount.currency === refundable.currency).map((c) => c.amount);
  return subtract(subtract(refundable, sum(paid, refundable.currency)), sum(lost, refundable.currency));
}

const isText = (v: unknown): v is string => typeof v === 'string';
/** The actions that pay the customer; every other one refuses an amount. */
const MOVES_MONEY: readonly Decision['action'][] = ['REFUND', 'ACCOUNT_CREDIT'];

/**
 * Checks that a message is shaped like a Decision. Signals (e.g. from the Temporal CLI) skip the
 * API's schema, and a TypeError inside a workflow handler would fail the workflow task forever.
 */
export function checkDecisionShape(value: unknown): Refusal | null {
  const d = value as Partial<Record<keyof Decision, unknown>> | null;
  if (typeof d !== 'object' || d === null) return refusal(ErrorType.DECISION_INVALID, '(body)', 'A decision is an object.');
  if (!(DECISION_ACTIONS as readonly unknown[]).includes(d.action)) {
    return refusal(ErrorType.DECISION_INVALID, 'action', `The action is one of ${DECISION_ACTIONS.join(', ')}.`);
  }
  if (d.role !== undefined && !(DECIDER_ROLES as readonly unknown[]).includes(d.role)) {
    return refusal(ErrorType.DECISION_INVALID, 'role', `The role is one of ${DECIDER_ROLES.join(', ')}.`);
  }
  if (d.question !== undefined && !isText(d.question)) return refusal(ErrorType.DECISION_INVALID, 'question', 'A question is text.');
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
  if (state.escalation && decision.role !== 'supervisor') {
    return refusal(ErrorType.WRONG_STATE, 'role', `The case was escalated to a supervisor (${state.escalation.reason}); only a supervisor decides now.`);
  }
  if (decision.reason.trim() === '') return refusal(ErrorType.DECISION_INVALID, 'reason', 'A decision needs a reason.');
  if (decision.agentId.trim() === '') return refusal(ErrorType.DECISION_INVALID, 'agentId', 'A decision records who made it.');
  if (decision.action === 'REQUEST_INFO' && !decision.question?.trim()) {
    return refusal(ErrorType.DECISION_INVALID, 'question', 'A request for information needs the question to ask the customer.');
  }
  if (decision.action === 'REQUEST_INFO' && !state.customer) {
    return refusal(ErrorType.DECISION_INVALID, 'action', 'The customer is not known yet (a processor-opened case), so there is nobody to ask.');
  }
  if (!MOVES_MONEY.includes(decision.action)) {
    return decision.amount
      ? refusal(ErrorType.DECISION_INVALID, 'amount', `${decision.action} moves no money; leave the amount out.`)
      : null;
  }
  if (decision.action === 'ACCOUNT_CREDIT' && !state.customer) {
    return refusal(ErrorType.DECISION_INVALID, 'action', 'The customer is not known yet (a processor-opened case), so there is no account to credit.');
  }
  if (hasOpenChargeback(state)) {
    return refusal(ErrorType.CHARGEBACK_OPEN, 'action', 'A chargeback is open on this transaction: the bank may already return the money, so a refund or credit now would pay twice.');
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
  if (amount.amountMinor > Math.max(0, refundable.amountMinor)) {
    return refusal(
      ErrorType.AMOUNT_EXCEEDS_REFUNDABLE,
      'amount.amountMinor',
      `At most ${refundable.amountMinor} ${refundable.currency} minor units are still refundable on this case.`,
    );
  }
  return null;
}

/**
 * The decision the system takes by itself, or null: MERCHANT liability on unambiguous evidence
 * (duplicate capture, overcharge), reported in time, no chargeback, nobody decided yet, at or
 * below the configured ceiling. Recorded as decided by `system:<rule>`.
 */
export function automaticDecision(state: CaseState, policy: CasePolicy): Decision | null {
  const a = state.assessment;
  if (!a || a.liability !== 'MERCHANT' || !a.unambiguous || a.recommendedAction !== 'REFUND' || !a.recommendedAmount) return null;
  if (state.decisions.length > 0 || state.escalation || a.recommendedAmount.amountMinor > policy.autoResolveCeilingMinor) return null;
  // An agent who asked the processor decides on its answer.
  if (state.processorInquiry) return null;
  const decision: Decision = {
    action: 'REFUND',
    amount: a.recommendedAmount,
    reason: `automatic resolution (${a.rule}): ${a.reasons[0] ?? ''}`,
    agentId: `system:${a.rule}`,
    role: 'system',
  };
  return checkDecision(state, decision) ? null : decision;
}

/** Checks a customer's answer to a request for information: only a case waiting for one takes it. */
export function checkInformation(state: CaseState, answer: InformationAnswer): Refusal | null {
  if (state.status !== 'AWAITING_CUSTOMER') {
    return refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; information is accepted only while it is AWAITING_CUSTOMER.`);
  }
  if (!isText(answer?.message) || answer.message.trim() === '') return refusal(ErrorType.INVALID_INPUT, 'message', 'The answer needs a message.');
  if (answer.transactionId !== undefined && !isText(answer.transactionId)) return refusal(ErrorType.INVALID_INPUT, 'transactionId', 'A reference is text.');
  return null;
}

/** A customer may withdraw until the case is being resolved. */
export function checkWithdrawal(state: CaseState): Refusal | null {
  return canTransition(state.status, 'WITHDRAWN')
    ? null
    : refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; it can be withdrawn only before it is resolved.`);
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


/**
 * Checks the processor's answer to an inquiry: only a case waiting for it takes one. An escalated
 * case takes it from an agent too (it is a fact, not a decision); the decision after it is the supervisor's.
 */
export function checkProcessorAnswer(state: CaseState, answer: ProcessorAnswer): Refusal | null {
  const a = answer as Partial<Record<keyof ProcessorAnswer, unknown>> | null;
  if (typeof a !== 'object' || a === null) return refusal(ErrorType.INVALID_INPUT, '(body)', 'An answer is an object.');
  if (!(PROCESSOR_ANSWER_OUTCOMES as readonly unknown[]).includes(a.outcome)) {
    return refusal(ErrorType.INVALID_INPUT, 'outcome', `The outcome is one of ${PROCESSOR_ANSWER_OUTCOMES.join(', ')}.`);
  }
  if (!isText(a.text) || a.text.trim() === '') return refusal(ErrorType.INVALID_INPUT, 'text', 'The answer needs what the processor said.');
  if (!isText(a.recordedBy) || a.recordedBy.trim() === '') return refusal(ErrorType.INVALID_INPUT, 'recordedBy', 'An answer records who entered it.');
  if (state.status !== 'AWAITING_PROCESSOR') {
    return refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; a processor's answer is accepted only while it is AWAITING_PROCESSOR.`);
  }
  return null;
}

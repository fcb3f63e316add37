import type { DisputeStatus } from './vocabulary';

/**
 * The case lifecycle as data: from each status, the statuses it may move to.
 * RECEIVED → INVESTIGATING → AWAITING_DECISION → RESOLVING → RESOLVED → FOLLOW_UP → CLOSED,
 * with a refused refund back to AWAITING_DECISION and an unsatisfied customer reopening the case;
 * an agent may ask the customer (AWAITING_CUSTOMER) or the processor (AWAITING_PROCESSOR) first.
 */
export const TRANSITIONS: Readonly<Record<DisputeStatus, readonly DisputeStatus[]>> = {
  RECEIVED: ['INVESTIGATING', 'WITHDRAWN'],
  INVESTIGATING: ['AWAITING_DECISION', 'AWAITING_CUSTOMER', 'WITHDRAWN'],
  AWAITING_CUSTOMER: ['INVESTIGATING', 'CLOSED', 'WITHDRAWN'],
  AWAITING_DECISION: ['RESOLVING', 'AWAITING_CUSTOMER', 'AWAITING_PROCESSOR', 'WITHDRAWN'],
  AWAITING_PROCESSOR: ['AWAITING_DECISION', 'WITHDRAWN'],
  RESOLVING: ['RESOLVED', 'AWAITING_DECISION'],
  RESOLVED: ['FOLLOW_UP'],
  FOLLOW_UP: ['CLOSED', 'AWAITING_DECISION'],
  CLOSED: [],
  WITHDRAWN: [],
};

export function canTransition(from: DisputeStatus, to: DisputeStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses after which the case no longer changes. */
export function isFinal(status: DisputeStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

import { hasOpenChargeback } from '../domain/case-state';
import { isFinal } from '../domain/transitions';
import type { CaseState, DecisionAction, TimelineEntry } from '../domain/vocabulary';
import type { CaseRecord } from './record';

/** What the case state alone does not say: when its status last changed. */
export interface RecordContext {
  /** When the case entered its current status (the workflow knows it); from the timeline when absent. */
  statusSince?: string;
}

/** ISO 4217's "no currency": a case whose amount nobody knows yet. */
const NO_CURRENCY = 'XXX';

const sumOf = (state: CaseState, action: DecisionAction) =>
  state.resolutions.filter((r) => r.action === action && r.amount !== null).reduce((total, r) => total + r.amount!.amountMinor, 0);

/**
 * When the case entered its current status, as the timeline says: the first entry of the last run
 * of entries in that status. Compaction may have dropped the entry; then the oldest kept one.
 */
export function statusSinceOf(timeline: readonly TimelineEntry[], status: string): string | undefined {
  let since: string | undefined;
  for (let i = timeline.length - 1; i >= 0 && timeline[i]!.status === status; i--) since = timeline[i]!.at;
  return since ?? timeline.at(-1)?.at;
}

/**
 * The case record of a case run as of `version`: every field read from the case state, nothing
 * decided here. Pure: the workflow builds it at each change and the recordCase activity writes it.
 */
export function caseRecordOf(state: CaseState, caseRunId: string, version: number, context: RecordContext = {}): CaseRecord {
  const { assessment, report, findings } = state;
  // What the queue shows as the case's amount: the discrepancy the assessment found, and where it
  // found none (a parcel that never came, a service not as described) the payment in question.
  const discrepancy = assessment?.discrepancy && assessment.discrepancy.amountMinor > 0 ? assessment.discrepancy : null;
  const disputed = discrepancy ?? findings?.transaction?.amount ?? report.expectedAmount ?? null;
  const currency = disputed?.currency ?? state.resolutions.find((r) => r.amount)?.amount?.currency ?? findings?.transaction?.amount.currency ?? state.chargebacks[0]?.amount.currency ?? NO_CURRENCY;
  const last = state.decisions.at(-1) ?? null;
  const automatic = last ? last.role === 'system' || last.agentId.startsWith('system:') : null;
  const firstDecisions = [state.deadlines.firstAgentDecisionAt, state.decisions[0]?.decidedAt].filter((at): at is string => typeof at === 'string').sort();
  const statusSince = context.statusSince ?? statusSinceOf(state.timeline, state.status) ?? state.receivedAt;
  const email = state.customer?.email.trim().toLowerCase();
  return {
    caseId: state.caseId,
    caseRunId,
    version,
    status: state.status,
    category: report.category,
    processor: report.transaction.processor,
    channel: report.channel,
    liability: assessment?.liability ?? null,
    rule: assessment?.rule ?? null,
    recommendedAction: assessment?.recommendedAction ?? null,
    currency,
    disputedMinor: disputed?.amountMinor ?? null,
    refundedMinor: sumOf(state, 'REFUND'),
    creditedMinor: sumOf(state, 'ACCOUNT_CREDIT'),
    customerId: state.customer?.id ?? null,
    customerEmail: email ? email : null,
    customerLocale: state.customer?.locale ?? null,
    orderId: findings?.transaction?.orderId ?? findings?.order?.id ?? null,
    transactionId: state.transactionId,
    openedAt: state.receivedAt,
    firstDecisionAt: firstDecisions[0] ?? null,
    firstDecisionDueAt: state.deadlines.firstDecisionDueAt,
    resolutionDueAt: state.deadlines.resolutionDueAt,
    resolvedAt: state.resolutions[0]?.resolvedAt ?? null,
    closedAt: isFinal(state.status) ? statusSince : null,
    slaBreached: state.slaBreached,
    escalated: state.escalation !== null,
    outsideReportingWindow: assessment?.outsideReportingWindow ?? false,
    openChargeback: hasOpenChargeback(state),
    // Absent in a state from before assignment (nobody had it).
    assignee: state.assignee ?? null,
    outcome: last?.action ?? null,
    closedReason: state.closedReason,
    reopenings: state.reopenings,
    satisfied: state.satisfaction ? state.satisfaction.satisfied : null,
    decidedAutomatically: automatic,
    decidedBy: last ? (automatic ? 'auto' : last.agentId) : null,
    statusSince,
  };
}

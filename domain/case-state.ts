import { canTransition } from './transitions';
import type {
  Assessment,
  CaseState,
  DisputeReport,
  DisputeStatus,
  Findings,
  RecordedDecision,
  Resolution,
  SatisfactionAnswer,
} from './vocabulary';

/**
 * Pure state changes of a case. Each returns a new state with a timeline entry; the workflow only
 * decides when to call them. An illegal transition throws: it is a bug, not an input error.
 */

export function openCase(caseId: string, report: DisputeReport, receivedAt: string): CaseState {
  return {
    caseId,
    status: 'RECEIVED',
    report,
    receivedAt,
    findings: null,
    assessment: null,
    decision: null,
    decisions: [],
    resolution: null,
    resolutions: [],
    satisfaction: null,
    reopenings: 0,
    closedReason: null,
    duplicateReports: 0,
    timeline: [{ at: receivedAt, event: 'REPORTED', status: 'RECEIVED', detail: `via ${report.channel}` }],
  };
}

export function moveTo(state: CaseState, to: DisputeStatus, at: string, event: string, detail?: string): CaseState {
  if (!canTransition(state.status, to)) {
    throw new Error(`illegal case transition ${state.status} → ${to}`);
  }
  return note({ ...state, status: to }, at, event, detail);
}

/** Appends a timeline entry without changing status. */
export function note(state: CaseState, at: string, event: string, detail?: string): CaseState {
  const entry = detail === undefined ? { at, event, status: state.status } : { at, event, status: state.status, detail };
  return { ...state, timeline: [...state.timeline, entry] };
}

export function recordFindings(state: CaseState, findings: Findings, assessment: Assessment): CaseState {
  const summary = `${assessment.liability}: ${assessment.reasons.join(' ')}`;
  return note({ ...state, findings, assessment }, findings.investigatedAt, 'FINDINGS_RECORDED', summary);
}

export function recordDuplicateReport(state: CaseState, report: DisputeReport, at: string): CaseState {
  return note({ ...state, duplicateReports: state.duplicateReports + 1 }, at, 'REPORTED_AGAIN', `via ${report.channel}`);
}

export function recordDecision(state: CaseState, decision: Omit<RecordedDecision, 'sequence'>): CaseState {
  const recorded: RecordedDecision = { ...decision, sequence: state.decisions.length + 1 };
  const amount = recorded.amount ? ` ${recorded.amount.amountMinor} ${recorded.amount.currency}` : '';
  const next = { ...state, decision: recorded, decisions: [...state.decisions, recorded] };
  return moveTo(next, 'RESOLVING', decision.decidedAt, 'DECIDED', `${recorded.action}${amount} by ${recorded.agentId}: ${recorded.reason}`);
}

export function recordResolution(state: CaseState, resolution: Resolution): CaseState {
  const next = { ...state, resolution, resolutions: [...state.resolutions, resolution] };
  const ref = resolution.reference ? ` (${resolution.reference})` : '';
  return moveTo(next, 'RESOLVED', resolution.resolvedAt, 'RESOLVED', `${resolution.action}${ref}`);
}

/** The processor or ledger refused for good: back to an agent, with the reason. */
export function recordExecutionRefused(state: CaseState, at: string, reason: string): CaseState {
  return moveTo({ ...state, decision: null }, 'AWAITING_DECISION', at, 'EXECUTION_REFUSED', reason);
}

export function recordSatisfaction(state: CaseState, answer: SatisfactionAnswer, answeredAt: string): CaseState {
  const detail = answer.satisfied ? 'satisfied' : `not satisfied${answer.comment ? `: ${answer.comment}` : ''}`;
  return note({ ...state, satisfaction: { ...answer, answeredAt } }, answeredAt, 'SATISFACTION_ANSWERED', detail);
}

/** An unsatisfied customer sends the case back to an agent for a new decision. */
export function reopen(state: CaseState, at: string): CaseState {
  const next = { ...state, reopenings: state.reopenings + 1, decision: null, satisfaction: null };
  return moveTo(next, 'AWAITING_DECISION', at, 'REOPENED', `reopening ${next.reopenings}`);
}

export function close(state: CaseState, at: string, reason: NonNullable<CaseState['closedReason']>): CaseState {
  return moveTo({ ...state, closedReason: reason }, 'CLOSED', at, 'CLOSED', reason);
}

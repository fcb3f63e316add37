import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { NotificationKind } from '../activities/ports';
import * as c from '../domain/case-state';
import { assess } from '../domain/assessment';
import { checkDecision, checkSatisfaction } from '../domain/decision';
import { ErrorType, type Refusal } from '../domain/errors';
import type { CasePolicy, CaseState, Decision, DisputeReport, DisputeStatus, SatisfactionAnswer } from '../domain/vocabulary';
import { DisputeStatusKey } from './search-attributes';
import { executeDecision, investigate, notifyCustomer, now, resolutionFacts } from './case-steps';

// ---- Messages ------------------------------------------------------------------------------

export interface CaseInput {
  caseId: string;
  report: DisputeReport;
  receivedAt: string;
  /** The request that opened the case; a report update carrying it is the opening report, not a duplicate. */
  intakeRequestId: string;
  policy: CasePolicy;
}

export interface ReportReceipt {
  report: DisputeReport;
  requestId: string;
  /** The caller's Idempotency-Key, if any: a retry with a key seen before is not recorded again. */
  idempotencyKey?: string;
}

export interface ReportAck {
  caseId: string;
  status: DisputeStatus;
  duplicate: boolean;
}

/** The whole case, for the API and the Temporal UI. Never mutates. */
export const caseStateQuery = defineQuery<CaseState>('caseState');
/** A report of this case's transaction: the opening one, or another that joins the case. Answers at once. */
export const reportUpdate = defineUpdate<ReportAck, [ReportReceipt]>('report');
/** An agent's decision; an Update so the caller learns at once whether it was accepted, and why not. */
export const decisionUpdate = defineUpdate<CaseState, [Decision]>('decide');
/** The same decision, fire-and-forget (e.g. `temporal workflow signal`); a refused one is noted in the timeline. */
export const decisionSignal = defineSignal<[Decision]>('decision');
/** The customer's answer to the follow-up question. */
export const satisfactionUpdate = defineUpdate<CaseState, [SatisfactionAnswer]>('satisfaction');

// ---- Workflow --------------------------------------------------------------------------------

function asFailure(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ message: r.message, type: r.type, nonRetryable: true, details: r.problems });
}

/**
 * One reported payment discrepancy, from report to closure: investigate, wait for an agent's
 * decision, carry it out exactly once, follow up with the customer after `policy.followUpDelayMs`.
 */
export async function resolveDiscrepancy(input: CaseInput): Promise<CaseState> {
  let state = c.openCase(input.caseId, input.report, input.receivedAt);
  const seenKeys: string[] = [];
  const setState = (next: CaseState) => {
    if (next.status !== state.status) upsertSearchAttributes([{ key: DisputeStatusKey, value: next.status }]);
    state = next;
  };

  setHandler(caseStateQuery, () => state);
  setHandler(reportUpdate, (receipt) => {
    const key = receipt.idempotencyKey;
    const opening = receipt.requestId === input.intakeRequestId;
    if (!opening && !(key && seenKeys.includes(key))) setState(c.recordDuplicateReport(state, receipt.report, now()));
    if (key && !seenKeys.includes(key)) seenKeys.push(key);
    return { caseId: state.caseId, status: state.status, duplicate: !opening };
  }, {
    validator: (receipt) => {
      if (typeof receipt?.requestId !== 'string' || typeof receipt.report?.channel !== 'string') {
        throw ApplicationFailure.create({ message: 'a report receipt carries a requestId and the report', type: ErrorType.INVALID_INPUT, nonRetryable: true });
      }
    },
  });
  setHandler(decisionUpdate, (decision) => {
    setState(c.recordDecision(state, { ...decision, decidedAt: now() }));
    return state;
  }, {
    validator: (decision) => {
      const refused = checkDecision(state, decision);
      if (refused) throw asFailure(refused);
    },
  });
  setHandler(decisionSignal, (decision) => {
    const refused = checkDecision(state, decision);
    setState(refused ? c.note(state, now(), 'DECISION_REFUSED', `${refused.type}: ${refused.message}`) : c.recordDecision(state, { ...decision, decidedAt: now() }));
  });
  setHandler(satisfactionUpdate, (answer) => {
    setState(c.recordSatisfaction(state, answer, now()));
    return state;
  }, {
    validator: (answer) => {
      const refused = checkSatisfaction(state, answer);
      if (refused) throw asFailure(refused);
    },
  });

  const notify = (kind: NotificationKind, facts: Record<string, string> = {}) => notifyCustomer(state, input, kind, facts);

  await notify('ACKNOWLEDGEMENT');
  setState(c.moveTo(state, 'INVESTIGATING', now(), 'INVESTIGATION_STARTED'));
  const findings = await investigate(input.report);
  setState(c.recordFindings(state, findings, assess(input.report, findings, input.receivedAt, input.policy.reportingWindowDays)));

  for (;;) {
    if (state.status !== 'AWAITING_DECISION') setState(c.moveTo(state, 'AWAITING_DECISION', now(), 'AWAITING_DECISION'));
    await condition(() => state.status === 'RESOLVING');
    const outcome = await executeDecision(state, input);
    if ('refused' in outcome) {
      setState(c.recordExecutionRefused(state, now(), outcome.refused));
      continue;
    }
    setState(c.recordResolution(state, outcome.resolution));
    await notify('RESOLUTION', resolutionFacts(outcome.resolution));

    await sleep(input.policy.followUpDelayMs);
    setState(c.moveTo(state, 'FOLLOW_UP', now(), 'SATISFACTION_ASKED'));
    await notify('SATISFACTION_QUESTION');
    const answered = await condition(() => state.satisfaction !== null, input.policy.satisfactionAnswerWindowMs);
    if (!answered) {
      setState(c.close(state, now(), 'NO_ANSWER'));
    } else if (state.satisfaction?.satisfied) {
      setState(c.close(state, now(), 'SATISFIED'));
    } else if (state.reopenings >= input.policy.maxReopenings) {
      setState(c.close(state, now(), 'UNSATISFIED_REOPEN_LIMIT'));
    } else {
      setState(c.reopen(state, now()));
      continue;
    }
    break;
  }
  await notify('CLOSURE', { closedReason: state.closedReason ?? '' });
  await condition(allHandlersFinished);
  return state;
}

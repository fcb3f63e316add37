import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  patched,
  setHandler,
} from '@temporalio/workflow';
import { CASE_BOUNDS } from '../domain/bounds';
import * as c from '../domain/case-state';
import { addNote, assign, checkAssignment, checkNote } from '../domain/casework';
import { checkDecision, checkInformation, checkProcessorAnswer, checkSatisfaction, checkWithdrawal } from '../domain/decision';
import { ErrorType, type Refusal } from '../domain/errors';
import { isFinal } from '../domain/transitions';
import type { Assignment, CasePolicy, CaseState, ChargebackRecord, Decision, DisputeReport, DisputeStatus, InformationAnswer, NoteInput, ProcessorAnswer, SatisfactionAnswer } from '../domain/vocabulary';
import { CaseRun, now, type RecordsCarried, type RefundSettlement } from './case-steps';

// ---- Messages ------------------------------------------------------------------------------

export interface CaseInput {
  caseId: string;
  report: DisputeReport;
  receivedAt: string;
  /** The request that opened the case; a report update carrying it is the opening report, not a duplicate. */
  intakeRequestId: string;
  policy: CasePolicy;
  /** History length after which the case continues as new (the server may suggest it sooner). */
  historyEventLimit?: number;
  /** Carried across continue-as-new: the case so far, settlements told but not yet used, and the record writer's counters. */
  resume?: { state: c.CarriedCaseState; seenKeys: string[]; settlements?: RefundSettlement[]; records?: RecordsCarried };
  /** `false`: the case writes no case record (for the benchmark that compares throughput with and without). Absent: it does. */
  records?: false;
}

export interface ReportReceipt {
  report: DisputeReport;
  requestId: string;
  /** The caller's Idempotency-Key, if any: a retry with a key seen before is not recorded again. */
  idempotencyKey?: string;
  /** The service that sent the report (its principal id, never personal data): it may read back its customer's case. */
  reportedBy?: string;
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
/** The customer's answer to a request for information; the investigation runs again. */
export const informationUpdate = defineUpdate<CaseState, [InformationAnswer]>('information');
/** The processor's answer to an inquiry an agent raised; the case goes back to AWAITING_DECISION for the agent to decide. */
export const processorAnswerUpdate = defineUpdate<CaseState, [ProcessorAnswer]>('processorAnswer');
/** The customer withdraws the case (only before it is resolved). */
export const withdrawalUpdate = defineUpdate<CaseState, [{ reason?: string }]>('withdraw');
/** The customer's answer to the follow-up question. */
export const satisfactionUpdate = defineUpdate<CaseState, [SatisfactionAnswer]>('satisfaction');
/**
 * Assigns the case to a person, reassigns it, or unassigns it (`assignee: null`). An Update so the
 * console learns at once whether it has the case: with `onlyIfUnassigned`, two people taking the
 * same case get one yes and one ALREADY_ASSIGNED. An ended case is refused (WRONG_STATE).
 */
export const assignUpdate = defineUpdate<CaseState, [Assignment]>('assign');
/** An internal note for the agents (never sent to the customer); 1-2000 characters, refused before it enters the history otherwise. */
export const addNoteUpdate = defineUpdate<CaseState, [NoteInput]>('addNote');
/** The processor reports a chargeback opened or closed on the transaction (webhook, signal-with-start). */
export const chargebackSignal = defineSignal<[ChargebackRecord, string?]>('chargeback');
/** The processor reports a refund settled or failed (webhook); polling covers a missed one. */
export const refundSettlementSignal = defineSignal<[RefundSettlement]>('refundSettlement');

/** A message from the customer that the e-mail or chat intake tied to this case (a reply, a chat line). */
export interface CustomerMessage {
  message: string;
  /** A payment reference the customer gives (a corrected one, while the case waits for their answer). */
  transactionId?: string;
  channel: 'email' | 'chat';
  receivedAt: string;
  /** The e-mail's Message-ID or the chat message's id: a redelivered message changes nothing. */
  messageId?: string;
}
/**
 * The customer wrote. While the case waits for their answer it is that answer (the investigation
 * runs again); otherwise it is a CUSTOMER_MESSAGE timeline entry for the agents and nothing else.
 */
export const customerMessageSignal = defineSignal<[CustomerMessage]>('customerMessage');

// ---- Workflow --------------------------------------------------------------------------------

function isChargeback(cb: unknown): cb is ChargebackRecord {
  const v = cb as Partial<ChargebackRecord> | null;
  return typeof v?.id === 'string' && typeof v.amount?.amountMinor === 'number' && typeof v.amount.currency === 'string' && typeof v.status === 'string' && typeof v.openedAt === 'string';
}

function asFailure(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ message: r.message, type: r.type, nonRetryable: true, details: r.problems });
}

/**
 * An update's reply shows the case after the step that takes the update in (a satisfied answer
 * closes the case, an unsatisfied one reopens it): wait for it, unless the run is continuing as new.
 * Earlier histories replied at once, hence the patch.
 */
async function afterStep(run: CaseRun, taken: () => boolean): Promise<CaseState> {
  if (patched('update-replies-after-step')) await condition(() => taken() || run.continuing);
  return run.state;
}

function validated<T>(check: (value: T) => Refusal | null) {
  return (value: T) => {
    const refused = check(value);
    if (refused) throw asFailure(refused);
  };
}

/**
 * One reported payment discrepancy, from report to closure: investigate, assess liability, resolve
 * automatically or wait for an agent (asking the customer, escalating on deadlines), carry the
 * decision out exactly once, wait for the refund to settle, follow up, and close.
 */
export async function resolveDiscrepancy(input: CaseInput): Promise<CaseState> {
  if (typeof input?.caseId !== 'string' || typeof input.report?.transaction?.id !== 'string' || typeof input.policy?.followUpDelayMs !== 'number') {
    // Bad input must fail the run with a reason, not fail its workflow task forever.
    throw ApplicationFailure.nonRetryable('the case input needs caseId, report and policy', ErrorType.INVALID_INPUT);
  }
  const run = new CaseRun(input);
  const seenKeys = [...(input.resume?.seenKeys ?? [])];

  setHandler(caseStateQuery, () => run.state);
  setHandler(reportUpdate, (receipt) => {
    const key = receipt.idempotencyKey;
    const opening = receipt.requestId === input.intakeRequestId;
    // The case's customer also by e-mail address: an expected amount it now adopts may issue a search-attribute command.
    const rules = { byEmail: patched('joined-report-customer-by-email') };
    if (typeof receipt.reportedBy === 'string') run.set(c.recordReporter(run.state, receipt.reportedBy, receipt.report, rules));
    if (!opening && !(key && seenKeys.includes(key))) {
      run.set(c.recordDuplicateReport(run.state, receipt.report, now(), rules));
      const adopted = c.adoptExpectedAmount(run.state, receipt.report, now(), input.policy, rules);
      // A new assessment may change the liability search attribute: a command old histories never issued here.
      if (adopted && patched('reassess-on-joined-report')) run.set(adopted);
    }
    if (key && !seenKeys.includes(key)) seenKeys.push(key);
    return { caseId: run.state.caseId, status: run.state.status, duplicate: !opening };
  }, {
    validator: (receipt) => {
      if (typeof receipt?.requestId !== 'string' || typeof receipt.report?.channel !== 'string') {
        throw ApplicationFailure.create({ message: 'a report receipt carries a requestId and the report', type: ErrorType.INVALID_INPUT, nonRetryable: true });
      }
      if (isFinal(run.state.status)) {
        // The run is sending its last message; once it ends, the same report opens a new case.
        throw ApplicationFailure.create({ message: `case ${run.state.caseId} is ${run.state.status} and finishing; report again shortly`, type: ErrorType.CASE_CLOSING, nonRetryable: true });
      }
    },
  });
  setHandler(decisionUpdate, (decision) => run.decide(decision), { validator: validated((d: Decision) => checkDecision(run.state, d)) });
  setHandler(decisionSignal, (decision) => {
    const refused = checkDecision(run.state, decision);
    if (refused) run.set(c.note(run.state, now(), 'DECISION_REFUSED', `${refused.type}: ${refused.message}`));
    else run.decide(decision);
  });
  setHandler(informationUpdate, (answer) => run.set(c.recordInformation(run.state, answer, now())), {
    validator: validated((a: InformationAnswer) => checkInformation(run.state, a)),
  });
  setHandler(processorAnswerUpdate, (answer) => run.set(c.recordProcessorAnswer(run.state, answer, now())), {
    validator: validated((a: ProcessorAnswer) => checkProcessorAnswer(run.state, a)),
  });
  setHandler(withdrawalUpdate, (w) => run.set(c.withdraw(run.state, now(), w?.reason)), { validator: validated(() => checkWithdrawal(run.state)) });
  setHandler(satisfactionUpdate, async (answer) => {
    run.set(c.recordSatisfaction(run.state, answer, now()));
    return afterStep(run, () => run.state.status !== 'FOLLOW_UP');
  }, {
    validator: validated((a: SatisfactionAnswer) => checkSatisfaction(run.state, a)),
  });
  setHandler(assignUpdate, (a) => run.set(assign(run.state, a, now())), { validator: validated((a: Assignment) => checkAssignment(run.state, a)) });
  setHandler(addNoteUpdate, (n) => run.set(addNote(run.state, n, now())), { validator: validated(checkNote) });
  // Signals skip the API's schemas (the CLI can send anything): a malformed one is noted, never thrown.
  setHandler(chargebackSignal, (cb, eventId) => {
    if (run.seenEvent(eventId)) return;
    if (isChargeback(cb)) run.set(c.recordChargeback(run.state, cb, now()));
    else run.set(c.note(run.state, now(), 'SIGNAL_REFUSED', 'chargeback: malformed payload'));
  });
  setHandler(refundSettlementSignal, (settlement) => {
    if (run.seenEvent(settlement?.eventId)) return;
    if (typeof settlement?.refundId === 'string' && (settlement.status === 'SUCCEEDED' || settlement.status === 'FAILED')) run.settlements.push(settlement);
    else run.set(c.note(run.state, now(), 'SIGNAL_REFUSED', 'refundSettlement: malformed payload'));
  });
  setHandler(customerMessageSignal, (message) => {
    const problem = c.customerMessageProblem(message);
    run.set(problem ? c.note(run.state, now(), 'SIGNAL_REFUSED', `customerMessage: ${problem}`) : c.recordCustomerMessage(run.state, message, now()));
  });

  const deadlines = run.watchDeadlines().catch((err) => {
    if (!isCancellation(err)) throw err;
  });
  if (!input.resume) run.notify('ACKNOWLEDGEMENT');

  while (!isFinal(run.state.status)) {
    if (run.tooLong()) {
      run.continuing = true;
      await run.messagesSent();
      await condition(allHandlersFinished);
      // The next run re-arms the deadline timers from the dates carried in the state.
      const resume = {
        state: c.compactForContinueAsNew(run.state, CASE_BOUNDS.timelineEntriesKept),
        seenKeys: seenKeys.slice(-CASE_BOUNDS.reportKeys),
        settlements: run.settlements.slice(-CASE_BOUNDS.settlementsCarried),
        // The record's counters and unwritten status changes: the next run writes them, nobody waits for the database.
        ...(run.recordsCarried() ? { records: run.recordsCarried() } : {}),
      };
      return continueAsNew<typeof resolveDiscrepancy>({ ...input, resume });
    }
    await run.step();
  }
  run.notify(run.state.status === 'WITHDRAWN' ? 'WITHDRAWAL' : 'CLOSURE', { outcome: run.state.closedReason ?? run.state.status });
  await run.messagesSent();
  await condition(allHandlersFinished);
  // The record ends as the case does (CLOSED or WITHDRAWN), however long the database was down.
  await run.recordWritten();
  run.stopWatching();
  await deadlines;
  return run.state;
}

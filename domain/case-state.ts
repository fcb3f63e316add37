import { canTransition } from './transitions';
import { addBusinessDays } from './business-days';
import { appendBounded, CASE_BOUNDS } from './bounds';
import { redactCardNumbers } from './card-numbers';
import { assess } from './assessment';
import { withPolicyDefaults } from './vocabulary';
import type {
  Assessment,
  CasePolicy,
  CaseState,
  ChargebackRecord,
  ClosedReason,
  InformationAnswer,
  DisputeReport,
  JoinedReport,
  ProcessorAnswer,
  DisputeStatus,
  Findings,
  PendingRefund,
  RecordedDecision,
  Resolution,
  SatisfactionAnswer,
} from './vocabulary';

/**
 * Pure state changes of a case. Each returns a new state with a timeline entry; the workflow only
 * decides when to call them. An illegal transition throws: it is a bug, not an input error.
 */

/** A new case; its resolution deadline counts from `openedAt` (the workflow's clock), which defaults to `receivedAt`. */
export function openCase(caseId: string, report: DisputeReport, receivedAt: string, policy: CasePolicy, openedAt = receivedAt): CaseState {
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
    satisfactionAskedAt: null,
    reopenings: 0,
    closedReason: null,
    duplicateReports: 0,
    customer: report.customer,
    transactionId: report.transaction.id,
    informationRequest: null,
    information: [],
    escalation: null,
    processorInquiry: null,
    slaBreached: false,
    deadlines: {
      firstDecisionDueAt: null,
      firstAgentDecisionAt: null,
      resolutionDueAt: addBusinessDays(openedAt, policy.resolutionDeadlineBusinessDays),
      slaChecked: false,
      resolutionDeadlineChecked: false,
      processorInquiryChecked: false,
    },
    chargebacks: [],
    processorEvents: [],
    pendingRefund: null,
    executionFailures: 0,
    documents: [],
    customerMessageIds: [],
    reports: [],
    reporters: [],
    assignee: null,
    notes: [],
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
  const summary = `${assessment.liability} (${assessment.rule}): ${assessment.reasons.join(' ')}`;
  const chargebacks = (findings.transaction?.chargebacks ?? []).reduce(mergeChargeback, state.chargebacks);
  // A case the processor opened learns who the customer is from the order record.
  const customer = state.customer ?? findings.order?.customer ?? null;
  return note({ ...state, findings, assessment, chargebacks, customer }, findings.investigatedAt, 'FINDINGS_RECORDED', summary);
}

function mergeChargeback(list: ChargebackRecord[], cb: ChargebackRecord): ChargebackRecord[] {
  return [...list.filter((c) => c.id !== cb.id), cb];
}

/** The processor told us a chargeback opened or closed on this transaction. */
export function recordChargeback(state: CaseState, cb: ChargebackRecord, at: string): CaseState {
  return note({ ...state, chargebacks: mergeChargeback(state.chargebacks, cb) }, at, 'CHARGEBACK', `${cb.id} ${cb.status} (${cb.amount.amountMinor} ${cb.amount.currency})`);
}

/** A chargeback not known to be closed (an UNSUPPORTED status counts as open: never a guess that favours paying). */
export function hasOpenChargeback(state: CaseState): boolean {
  return state.chargebacks.some((c) => c.status === 'OPEN' || c.status === 'UNSUPPORTED');
}

/** Waits for an agent; the first decision is due `slaBusinessDays` after the first time this happens. */
export function awaitDecision(state: CaseState, at: string, policy: CasePolicy): CaseState {
  const firstDecisionDueAt = state.deadlines.firstDecisionDueAt ?? addBusinessDays(at, policy.slaBusinessDays);
  return moveTo({ ...state, deadlines: { ...state.deadlines, firstDecisionDueAt } }, 'AWAITING_DECISION', at, 'AWAITING_DECISION');
}

/** Asks the customer a question; the case waits in AWAITING_CUSTOMER. */
export function requestInformation(state: CaseState, question: string, askedBy: string, at: string): CaseState {
  const next = { ...state, decision: null, informationRequest: { question, askedAt: at, askedBy } };
  return moveTo(next, 'AWAITING_CUSTOMER', at, 'INFORMATION_REQUESTED', `${askedBy}: ${question}`);
}

/** The customer answered: the investigation runs again, on a corrected reference if they gave one. */
export function recordInformation(state: CaseState, answer: InformationAnswer, at: string): CaseState {
  const next = {
    ...state,
    informationRequest: null,
    information: [...state.information, { ...answer, answeredAt: at }],
    transactionId: answer.transactionId ?? state.transactionId,
  };
  return moveTo(next, 'INVESTIGATING', at, 'INFORMATION_RECEIVED', answer.transactionId ? `corrected reference ${answer.transactionId}` : undefined);
}

/** Notes when a person first decided anything on the case (what the SLA measures); the system's own decisions do not count. */
export function noteAgentDecision(state: CaseState, role: string | undefined, at: string): CaseState {
  if (role === 'system' || state.deadlines.firstAgentDecisionAt) return state;
  return { ...state, deadlines: { ...state.deadlines, firstAgentDecisionAt: at } };
}

/** Hands the case to a supervisor (once); the status does not change. */
export function escalate(state: CaseState, reason: string, at: string): CaseState {
  if (state.escalation) return note(state, at, 'ESCALATION_REPEATED', reason);
  return note({ ...state, escalation: { reason, at } }, at, 'ESCALATED', reason);
}

/** The SLA's due time came: breached (escalated, once) when no person has decided and the case still waits for one. */
export function checkSla(state: CaseState, at: string): CaseState {
  const checked = { ...state, deadlines: { ...state.deadlines, slaChecked: true } };
  const waitingForAgent = state.status === 'AWAITING_DECISION' && state.deadlines.firstAgentDecisionAt === null && state.escalation === null;
  return waitingForAgent ? escalate({ ...checked, slaBreached: true }, 'no agent decision within the SLA', at) : checked;
}

/** The resolution deadline came: a case not yet resolved goes to a supervisor. */
export function checkResolutionDeadline(state: CaseState, at: string): CaseState {
  const checked = { ...state, deadlines: { ...state.deadlines, resolutionDeadlineChecked: true } };
  const unresolved = ['RECEIVED', 'INVESTIGATING', 'AWAITING_CUSTOMER', 'AWAITING_DECISION', 'AWAITING_PROCESSOR', 'RESOLVING'].includes(state.status);
  return unresolved ? escalate(checked, 'resolution deadline passed', at) : checked;
}

/**
 * An agent raises the case with the processor: it waits in AWAITING_PROCESSOR, the answer due
 * `processorInquiryBusinessDays` business days from now (a policy from before the setting: 10).
 */
export function raiseWithProcessor(state: CaseState, raisedBy: string, note: string, at: string, policy: CasePolicy): CaseState {
  const days = withPolicyDefaults(policy).processorInquiryBusinessDays;
  const processorInquiry = { raisedAt: at, raisedBy, dueAt: addBusinessDays(at, days), note, answer: null };
  const next = { ...state, processorInquiry, deadlines: { ...state.deadlines, processorInquiryChecked: false } };
  return moveTo(next, 'AWAITING_PROCESSOR', at, 'PROCESSOR_INQUIRY_RAISED', `${raisedBy}: ${note} (answer due ${processorInquiry.dueAt})`);
}

/** The processor's answer, recorded by an agent or supervisor: the case goes back to them for a decision. */
export function recordProcessorAnswer(state: CaseState, answer: ProcessorAnswer, at: string): CaseState {
  const inquiry = state.processorInquiry!;
  const recorded = { outcome: answer.outcome, text: answer.text, recordedAt: at, recordedBy: answer.recordedBy };
  const next = { ...state, processorInquiry: { ...inquiry, answer: recorded } };
  return moveTo(next, 'AWAITING_DECISION', at, 'PROCESSOR_ANSWERED', `${answer.outcome}, recorded by ${answer.recordedBy}: ${answer.text}`);
}

/** The inquiry's due date came (checked once per inquiry): still unanswered, a supervisor is told; the case keeps waiting. */
export function checkProcessorInquiry(state: CaseState, at: string): CaseState {
  const checked = { ...state, deadlines: { ...state.deadlines, processorInquiryChecked: true } };
  const inquiry = state.processorInquiry;
  if (state.status !== 'AWAITING_PROCESSOR' || !inquiry || inquiry.answer) return checked;
  const overdue = note(checked, at, 'PROCESSOR_INQUIRY_OVERDUE', `no answer from the processor by ${inquiry.dueAt}`);
  return escalate(overdue, `the processor has not answered the inquiry due ${inquiry.dueAt}`, at);
}

/** Keeps a long case's carried state bounded before continue-as-new: the oldest timeline entries are summarised. */
export function compactForContinueAsNew(state: CaseState, keep: number = CASE_BOUNDS.timelineEntriesKept): CaseState {
  if (state.timeline.length <= keep) return state;
  const dropped = state.timeline.length - keep;
  const first = state.timeline[0]!;
  const summary = { at: first.at, event: 'EARLIER_ENTRIES_SUMMARISED', status: first.status, detail: `${dropped} earlier entries are in the workflow's event history` };
  return { ...state, timeline: [summary, ...state.timeline.slice(dropped)] };
}

export function withdraw(state: CaseState, at: string, reason: string | undefined): CaseState {
  return moveTo({ ...state, informationRequest: null }, 'WITHDRAWN', at, 'WITHDRAWN', reason);
}

export function recordRefundPending(state: CaseState, refundId: string, at: string): CaseState {
  const amount = state.decision!.amount!;
  return note({ ...state, pendingRefund: { refundId, amount, since: at, checks: 0 } }, at, 'REFUND_PENDING', refundId);
}

/** The first check of a pending refund waits this long; each next one twice as long, up to the policy's maximum. */
export const FIRST_SETTLEMENT_CHECK_MS = 60_000;

/** How long to wait before the next check of a refund already checked `checks` times. */
export function settlementCheckWaitMs(checks: number, policy: CasePolicy): number {
  return Math.min(FIRST_SETTLEMENT_CHECK_MS * 2 ** checks, policy.settlementPollMaxIntervalMs);
}

/** The pending refund was checked (it is still pending, unknown, or could not be checked): the next check waits longer. */
export function recordSettlementCheck(state: CaseState, at: string, detail: string): CaseState {
  const pendingRefund = state.pendingRefund ? { ...state.pendingRefund, checks: state.pendingRefund.checks + 1 } : null;
  return note({ ...state, pendingRefund }, at, 'SETTLEMENT_CHECKED', detail);
}

/** The decision could not be carried out (neither done nor refused); it is tried again later under the same key. */
export function recordExecutionFailed(state: CaseState, at: string, reason: string): CaseState {
  return note({ ...state, executionFailures: state.executionFailures + 1 }, at, 'EXECUTION_FAILED', reason);
}

/** How much of a joined report's description the state keeps; the whole report stays in the workflow's history. */
const REPORT_DESCRIPTION_CHARS = 2000;
/** How much of a joined report the timeline repeats. */
const REPORT_EXCERPT_CHARS = 500;

const excerptOf = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
/** Who a report or a reporter names: an account id and (from a service's report) an e-mail address. */
export interface NamedCustomer {
  id?: string | null | undefined;
  email?: string | null | undefined;
}

const normalisedEmail = (email: string | null | undefined) => (typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : null);

/**
 * Whether `who` is the case's customer. By id; with `byEmail`, also by the normalised e-mail
 * address: a case opened by e-mail knows its customer as `email:<address>`, and the website
 * reporting the same charge names the account id and the same address. A case whose customer is
 * not known yet (a chargeback opened it) is nobody's. The signed-in customer's rule (by subject
 * only) is the API's, not this.
 */
export function isCaseCustomer(state: Pick<CaseState, 'customer'>, who: NamedCustomer | null | undefined, { byEmail = true } = {}): boolean {
  const customer = state.customer;
  if (!customer || !who) return false;
  if (typeof who.id === 'string' && who.id === customer.id) return true;
  const email = normalisedEmail(who.email);
  return byEmail && email !== null && email === normalisedEmail(customer.email);
}

/**
 * Pre-`joined-report-customer-by-email` behaviour (cases replaying their history): the case's
 * customer by id only, and a joined report from someone else not flagged.
 */
export interface JoinedReportRules {
  byEmail: boolean;
}
const CURRENT_RULES: JoinedReportRules = { byEmail: true };

/**
 * Another report of the case's transaction: what it says (description, category, expected amount)
 * is kept in `reports` and the timeline, for the agents. It never names the case's customer, even
 * when the case has none yet (a chargeback opened it): anyone who knows a transaction id could
 * report it. The order record names the customer instead.
 */
export function recordDuplicateReport(state: CaseState, report: DisputeReport, at: string, rules: JoinedReportRules = CURRENT_RULES): CaseState {
  const description = redactCardNumbers(String(report.description ?? '').trim());
  const entry: JoinedReport = {
    at,
    channel: report.channel,
    category: report.category,
    description: excerptOf(description, REPORT_DESCRIPTION_CHARS),
    ...(report.expectedAmount ? { expectedAmount: report.expectedAmount } : {}),
    customerId: report.customer?.id ?? null,
  };
  const reports = appendBounded(state.reports ?? [], entry, CASE_BOUNDS.joinedReportsKept);
  const amount = report.expectedAmount ? `, expects ${report.expectedAmount.amountMinor} ${report.expectedAmount.currency}` : '';
  // Only `reports[].customerId` told an agent the report was someone else's: the timeline says it too.
  const from = rules.byEmail ? reporterNote(state, report) : '';
  const detail = `via ${report.channel} (${report.category}${amount})${from}${description ? `: ${excerptOf(description, REPORT_EXCERPT_CHARS)}` : ''}`;
  return note({ ...state, duplicateReports: state.duplicateReports + 1, reports }, at, 'REPORTED_AGAIN', detail);
}

/** ", from another customer (cus_eve)" when a joined report names someone other than the case's customer. */
function reporterNote(state: CaseState, report: DisputeReport): string {
  const id = report.customer?.id;
  if (!id || isCaseCustomer(state, report.customer)) return '';
  return state.customer ? `, from another customer (${id})` : `, from ${id} (the case names no customer yet)`;
}

/**
 * Remembers that a service reported the transaction for a customer (once per pair), so it may
 * read the case back; with the rules of `joined-report-customer-by-email`, with the customer's
 * normalised e-mail address too.
 */
export function recordReporter(state: CaseState, serviceId: string, report: DisputeReport, rules: JoinedReportRules = CURRENT_RULES): CaseState {
  const customerId = report.customer?.id ?? null;
  const customerEmail = rules.byEmail ? normalisedEmail(report.customer?.email) : null;
  const known = state.reporters ?? [];
  if (known.some((r) => r.serviceId === serviceId && r.customerId === customerId)) return state;
  const reporter = { serviceId, customerId, ...(customerEmail ? { customerEmail } : {}) };
  return { ...state, reporters: appendBounded(known, reporter, CASE_BOUNDS.reportersKept) };
}

/** True when `serviceId` reported this case's transaction for the case's own customer (by id or e-mail address). */
export function reportedByService(state: CaseState, serviceId: string): boolean {
  return (state.reporters ?? []).some((r) => r.serviceId === serviceId && isCaseCustomer(state, { id: r.customerId, email: r.customerEmail }));
}

/**
 * The amount the case's customer expected, when the case did not have one: the report carries it
 * and, once findings exist, the assessment runs again on them (a claim, never a finding). Null
 * when the report changes nothing (someone else's, no amount, or the case already has one).
 */
export function adoptExpectedAmount(
  state: CaseState,
  report: DisputeReport,
  at: string,
  policy: Pick<CasePolicy, 'reportingWindowDays'> & Partial<CasePolicy>,
  rules: JoinedReportRules = CURRENT_RULES,
): CaseState | null {
  const expected = report.expectedAmount;
  if (!expected || state.report.expectedAmount || !isCaseCustomer(state, report.customer, rules)) return null;
  const next = { ...state, report: { ...state.report, expectedAmount: expected } };
  const claim = `the customer expects ${expected.amountMinor} ${expected.currency}`;
  if (!state.findings) return note(next, at, 'EXPECTED_AMOUNT_ADDED', claim);
  const { timeZone, reportingWindowDays } = withPolicyDefaults(policy);
  const assessment = assess(next.report, state.findings, state.receivedAt, reportingWindowDays, { timeZone });
  return note({ ...next, assessment }, at, 'REASSESSED', `${claim}: ${assessment.liability} (${assessment.rule})`);
}

export function recordDecision(state: CaseState, decision: Omit<RecordedDecision, 'sequence'>): CaseState {
  const recorded: RecordedDecision = { ...decision, sequence: state.decisions.length + 1 };
  const amount = recorded.amount ? ` ${recorded.amount.amountMinor} ${recorded.amount.currency}` : '';
  const next = { ...state, decision: recorded, decisions: [...state.decisions, recorded] };
  return moveTo(next, 'RESOLVING', decision.decidedAt, 'DECIDED', `${recorded.action}${amount} by ${recorded.agentId}: ${recorded.reason}`);
}

export function recordResolution(state: CaseState, resolution: Resolution): CaseState {
  const next = { ...state, resolution, resolutions: [...state.resolutions, resolution], pendingRefund: null };
  const ref = resolution.reference ? ` (${resolution.reference})` : '';
  return moveTo(next, 'RESOLVED', resolution.resolvedAt, 'RESOLVED', `${resolution.action}${ref}`);
}

/** The processor or ledger refused for good: back to an agent, with the reason. */
export function recordExecutionRefused(state: CaseState, at: string, reason: string): CaseState {
  return moveTo({ ...state, decision: null, pendingRefund: null }, 'AWAITING_DECISION', at, 'EXECUTION_REFUSED', reason);
}

/** The follow-up delay is over: the customer is asked whether they are satisfied, and the answer window opens. */
export function askSatisfaction(state: CaseState, at: string): CaseState {
  return moveTo({ ...state, satisfactionAskedAt: at }, 'FOLLOW_UP', at, 'SATISFACTION_ASKED');
}

export function recordSatisfaction(state: CaseState, answer: SatisfactionAnswer, answeredAt: string): CaseState {
  const detail = answer.satisfied ? 'satisfied' : `not satisfied${answer.comment ? `: ${answer.comment}` : ''}`;
  return note({ ...state, satisfaction: { ...answer, answeredAt } }, answeredAt, 'SATISFACTION_ANSWERED', detail);
}

/** An unsatisfied customer sends the case back to an agent for a new decision. */
export function reopen(state: CaseState, at: string): CaseState {
  const next = { ...state, reopenings: state.reopenings + 1, decision: null, satisfaction: null, satisfactionAskedAt: null };
  return moveTo(next, 'AWAITING_DECISION', at, 'REOPENED', `reopening ${next.reopenings}`);
}

export function close(state: CaseState, at: string, reason: ClosedReason): CaseState {
  return moveTo({ ...state, closedReason: reason }, 'CLOSED', at, 'CLOSED', reason);
}

/** A stored resolution document of the case; storing the same one again (a retried step) lists it once. */
export function recordDocument(state: CaseState, ref: { caseId: string; documentId: string }, at: string): CaseState {
  const documents = [...state.documents.filter((d) => d.documentId !== ref.documentId), ref];
  return note({ ...state, documents }, at, 'DOCUMENTED', ref.documentId);
}

/** A message from the customer outside the API's forms: an e-mail reply or a chat message, by the intake. */
export interface IncomingCustomerMessage {
  message: string;
  transactionId?: string;
  channel: string;
  messageId?: string;
}

const CUSTOMER_MESSAGE_CHANNELS = ['email', 'chat'];
const isNonEmptyText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
/** How much of a message the timeline repeats; the whole message stays in the workflow's history. */
const MESSAGE_EXCERPT_CHARS = 500;

/** What is wrong with a customer-message payload (signals skip the API's schemas), or null when it is well formed. */
export function customerMessageProblem(value: unknown): string | null {
  const m = value as Partial<Record<'message' | 'transactionId' | 'channel' | 'receivedAt' | 'messageId', unknown>> | null;
  if (typeof m !== 'object' || m === null) return 'the payload is not an object';
  if (!isNonEmptyText(m.message)) return 'message must be non-empty text';
  if (!CUSTOMER_MESSAGE_CHANNELS.includes(m.channel as string)) return `channel must be one of ${CUSTOMER_MESSAGE_CHANNELS.join(', ')}`;
  if (typeof m.receivedAt !== 'string' || Number.isNaN(Date.parse(m.receivedAt))) return 'receivedAt must be an ISO date';
  if (m.transactionId !== undefined && !isNonEmptyText(m.transactionId)) return 'transactionId must be non-empty text when given';
  if (m.messageId !== undefined && !isNonEmptyText(m.messageId)) return 'messageId must be non-empty text when given';
  return null;
}

/**
 * A customer's message (well formed: see customerMessageProblem). While the case waits for the
 * customer it is their answer: the investigation runs again, on the reference they give if any.
 * Otherwise it is a CUSTOMER_MESSAGE timeline entry for the agents and changes nothing else (a
 * reference it names is only mentioned). A message id seen before changes nothing at all. Card
 * numbers are redacted before anything is kept.
 */
export function recordCustomerMessage(state: CaseState, m: IncomingCustomerMessage, at: string): CaseState {
  if (m.messageId !== undefined && state.customerMessageIds.includes(m.messageId)) return state;
  const customerMessageIds = m.messageId === undefined ? state.customerMessageIds : appendBounded(state.customerMessageIds, m.messageId, CASE_BOUNDS.customerMessageIds);
  const text = redactCardNumbers(m.message.trim());
  const seen = { ...state, customerMessageIds };
  if (state.status === 'AWAITING_CUSTOMER') {
    return recordInformation(seen, { message: text, ...(m.transactionId ? { transactionId: m.transactionId.trim() } : {}) }, at);
  }
  const excerpt = text.length > MESSAGE_EXCERPT_CHARS ? `${text.slice(0, MESSAGE_EXCERPT_CHARS)}…` : text;
  const reference = m.transactionId ? ` (names reference ${m.transactionId.trim()})` : '';
  return note(seen, at, 'CUSTOMER_MESSAGE', `via ${m.channel}${reference}: ${excerpt}`);
}

/** The processor's settled refunds on the case's transaction (their ids), as the customer's bank will know them. */
export function settledRefundIds(state: CaseState): string[] {
  return (state.findings?.transaction?.refunds ?? []).filter((r) => r.status === 'SUCCEEDED').map((r) => r.id);
}

/** A state carried from a run of an earlier version of the workflow: the fields added since may be missing. */
export type CarriedCaseState = Omit<CaseState, 'satisfactionAskedAt' | 'executionFailures' | 'pendingRefund' | 'assignee' | 'notes'> &
  Partial<Pick<CaseState, 'satisfactionAskedAt' | 'executionFailures' | 'assignee' | 'notes'>> & {
    pendingRefund: (Omit<PendingRefund, 'checks'> & { checks?: number }) | null;
  };

const events = (state: CarriedCaseState, event: string) => state.timeline.filter((t) => t.event === event);

/**
 * True when a carried pending refund has no check count and its REFUND_PENDING entry was compacted
 * away, so the timeline no longer says how many checks ran.
 */
export function settlementChecksLost(state: CarriedCaseState): boolean {
  const pending = state.pendingRefund;
  return pending !== null && pending.checks === undefined && !events(state, 'REFUND_PENDING').some((t) => t.detail === pending.refundId);
}

/** How many checks, 1 min, 2 min, 4 min, ... apart (up to the policy's maximum), fit in `elapsedMs`. */
export function settlementChecksWithin(elapsedMs: number, policy: CasePolicy): number {
  let checks = 0;
  let spent = 0;
  for (;;) {
    const wait = settlementCheckWaitMs(checks, policy);
    if (spent + wait > elapsedMs) return checks;
    if (wait >= policy.settlementPollMaxIntervalMs) return checks + Math.floor((elapsedMs - spent) / wait);
    spent += wait;
    checks += 1;
  }
}

/**
 * Completes a state carried from an earlier run, whose version of the workflow read these facts
 * from the timeline: from the timeline again while it still holds them (what that version did),
 * and where compaction dropped them, from what else the state says. `estimateLostChecks` counts
 * the checks of a refund whose entries are gone from the time it has been pending (an earlier
 * version started again from one minute).
 */
export function completeCarriedState(state: CarriedCaseState, policy: CasePolicy, at: string, estimateLostChecks: boolean): CaseState {
  const asked = events(state, 'SATISFACTION_ASKED').at(-1)?.at;
  const askedWhenResolved = state.resolution ? new Date(Date.parse(state.resolution.resolvedAt) + policy.followUpDelayMs).toISOString() : at;
  const satisfactionAskedAt = state.satisfactionAskedAt !== undefined ? state.satisfactionAskedAt : state.status === 'FOLLOW_UP' ? (asked ?? askedWhenResolved) : null;
  const executionFailures = state.executionFailures ?? events(state, 'EXECUTION_FAILED').length;
  const pending = state.pendingRefund;
  let pendingRefund: PendingRefund | null = null;
  if (pending) {
    const counted = events(state, 'SETTLEMENT_CHECKED').filter((t) => t.detail?.startsWith(pending.refundId)).length;
    const estimated = settlementChecksLost(state) && estimateLostChecks ? settlementChecksWithin(Date.parse(at) - Date.parse(pending.since), policy) : counted;
    pendingRefund = { ...pending, checks: pending.checks ?? estimated };
  }
  // Cases from before assignment had nobody assigned and no notes.
  return { ...state, satisfactionAskedAt, executionFailures, pendingRefund, assignee: state.assignee ?? null, notes: state.notes ?? [] };
}

import type { Role } from './auth';
import { capturedAmount } from '../domain/assessment';
import type { Money } from '../domain/money';
import type { CasePolicy, CaseState, JoinedReport } from '../domain/vocabulary';

/**
 * What each role reads of a case. Staff read the whole case; the customer (and the website that
 * reported for them) a whitelist built field by field, so a field added to CaseState stays out of
 * it until someone decides the customer should read it: never agent ids, rule ids, deadline flags,
 * processor event ids, escalation or agent reasons, or the internal timeline.
 */

/** Agents and supervisors: the whole case, under the API's names. */
export function staffView(state: CaseState) {
  const { caseId, ...rest } = state;
  return { disputeId: caseId, ...rest };
}

/** What happens next, as a short code a page or an e-mail words in its own language, and when (if known). */
export interface NextStep {
  code: string;
  dueAt: string | null;
}

/**
 * An inquiry Loop raised with its payment processor (another part of the system adds it to the
 * case): read loosely, so the view carries it as soon as the case has one.
 */
interface ProcessorInquiryLike {
  raisedAt?: string;
  dueAt?: string;
  answeredAt?: string;
  answer?: unknown;
}

const plus = (at: string | undefined, ms: number) => (at ? new Date(Date.parse(at) + ms).toISOString() : null);

/** The inquiry the case waits on: only while it is AWAITING_PROCESSOR, and only until an answer is recorded. */
function openInquiry(state: CaseState): ProcessorInquiryLike | null {
  if (state.status !== 'AWAITING_PROCESSOR') return null;
  const inquiry = (state as { processorInquiry?: ProcessorInquiryLike | null }).processorInquiry;
  return inquiry && !inquiry.answeredAt && (inquiry.answer ?? null) === null ? inquiry : null;
}

/** The customer's next step by status; a status this table does not know reads as "in progress", never a guess. */
export function nextStepOf(state: CaseState, policy: CasePolicy): NextStep {
  const inquiry = openInquiry(state);
  const lastAsked = [...state.timeline].reverse().find((t) => t.event === 'SATISFACTION_ASKED')?.at;
  const steps: Partial<Record<string, () => NextStep>> = {
    RECEIVED: () => ({ code: 'INVESTIGATION', dueAt: null }),
    INVESTIGATING: () => ({ code: 'INVESTIGATION', dueAt: null }),
    AWAITING_CUSTOMER: () => ({ code: 'YOUR_ANSWER', dueAt: plus(state.informationRequest?.askedAt, policy.informationAnswerWindowMs) }),
    AWAITING_DECISION: () => ({ code: 'DECISION', dueAt: state.deadlines.resolutionDueAt }),
    // Once the processor's answer is recorded the agent decides, even before the status moves on.
    AWAITING_PROCESSOR: () =>
      inquiry ? { code: 'PROCESSOR_ANSWER', dueAt: inquiry.dueAt ?? null } : { code: 'DECISION', dueAt: state.deadlines.resolutionDueAt },
    RESOLVING: () => ({ code: state.pendingRefund ? 'REFUND_SETTLING' : 'RESOLUTION', dueAt: null }),
    RESOLVED: () => ({ code: 'SATISFACTION_QUESTION', dueAt: plus(state.resolution?.resolvedAt, policy.followUpDelayMs) }),
    FOLLOW_UP: () => ({ code: 'YOUR_SATISFACTION_ANSWER', dueAt: plus(lastAsked, policy.satisfactionAnswerWindowMs) }),
    CLOSED: () => ({ code: 'NONE', dueAt: null }),
    WITHDRAWN: () => ({ code: 'NONE', dueAt: null }),
  };
  return steps[state.status]?.() ?? { code: 'IN_PROGRESS', dueAt: null };
}

const reportView = (r: Pick<JoinedReport, 'channel' | 'category' | 'description' | 'expectedAmount'>) => ({
  channel: r.channel,
  category: r.category,
  description: r.description,
  expectedAmount: r.expectedAmount ?? null,
});

/** Money back to the customer so far (refunds and credits); a case's money moves in its transaction's one currency. */
function returned(state: CaseState): Money | null {
  const moved = state.resolutions.map((r) => r.amount).filter((m): m is Money => m !== null);
  if (moved.length === 0) return null;
  return { amountMinor: moved.reduce((n, m) => n + m.amountMinor, 0), currency: moved[0]!.currency };
}

/**
 * The customer's own case: its status, what they reported (and reported since), the outcomes with
 * their amounts and references, the documents, their answers, and what happens next.
 */
export function customerView(state: CaseState, policy: CasePolicy) {
  const customerId = state.customer?.id;
  return {
    disputeId: state.caseId,
    status: state.status,
    receivedAt: state.receivedAt,
    transaction: { processor: state.report.transaction.processor, id: state.transactionId },
    report: reportView(state.report),
    laterReports: (state.reports ?? []).filter((r) => r.customerId === customerId).map((r) => ({ at: r.at, ...reportView(r) })),
    informationRequest: state.informationRequest ? { question: state.informationRequest.question, askedAt: state.informationRequest.askedAt } : null,
    information: state.information.map((i) => ({ message: i.message, transactionId: i.transactionId ?? null, answeredAt: i.answeredAt })),
    outcomes: state.resolutions.map((r) => ({ action: r.action, amount: r.amount, reference: r.reference, resolvedAt: r.resolvedAt })),
    amounts: {
      charged: state.findings?.transaction ? capturedAmount(state.findings.transaction) : null,
      expected: state.report.expectedAmount ?? null,
      returned: returned(state),
    },
    documents: state.documents.map((d) => ({ documentId: d.documentId })),
    satisfaction: state.satisfaction
      ? { satisfied: state.satisfaction.satisfied, comment: state.satisfaction.comment ?? null, answeredAt: state.satisfaction.answeredAt }
      : null,
    closedReason: state.closedReason,
    nextStep: nextStepOf(state, policy),
  };
}
export type CustomerView = ReturnType<typeof customerView>;

/** The website reads what it reported for its customer: never more than the customer does. */
export function websiteView(state: CaseState, policy: CasePolicy): CustomerView {
  return customerView(state, policy);
}

/** The view of a case for a role that may read it. */
export function viewFor(role: Role, state: CaseState, policy: CasePolicy) {
  if (role === 'agent' || role === 'supervisor') return staffView(state);
  return role === 'website' ? websiteView(state, policy) : customerView(state, policy);
}

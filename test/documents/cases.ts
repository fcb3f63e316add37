import { assess } from '../../domain/assessment';
import * as c from '../../domain/case-state';
import { settledRefundIds } from '../../domain/case-state';
import {
  DEFAULT_CASE_POLICY,
  type CaseState,
  type Category,
  type Decision,
  type Findings,
  type Locale,
  type ProcessorTransaction,
  type Resolution,
} from '../../domain/vocabulary';
import { eur, findings, report, transaction } from '../domain/fixtures';

export const CASE_ID = 'DSP-0123456789';
export const GENERATED_AT = '2026-03-12T08:30:00.000Z';

export interface ResolvedCaseOptions {
  locale?: Locale | null;
  category?: Category;
  tx?: ProcessorTransaction | null;
  orderTotal?: number | null;
  decision: Decision;
  reference?: string | null;
  /** The order's currency, when it is not the payment's. @default 'EUR' */
  orderCurrency?: string;
  /** Changes the findings before they are assessed (an incident, a promised refund). */
  adjust?: (f: Findings) => Findings;
  /** When the case was resolved. @default '2026-03-11T10:01:00.000Z' */
  resolvedAt?: string;
  /** Changes the state just before the resolution (a chargeback, a corrected reference). */
  before?: (s: CaseState) => CaseState;
}

/**
 * A case taken through the real pure state changes, from report to resolution: investigated on
 * 10 March 2026, decided on the 11th at 10:00, resolved a minute later. Returns the state and
 * the resolution, as the workflow would hand them to the document activity.
 */
export function resolvedCase(o: ResolvedCaseOptions): { state: CaseState; resolution: Resolution } {
  const base = report(o.category ?? 'DUPLICATE_CHARGE');
  const r = { ...base, customer: o.locale === null ? null : { id: 'cus_1', email: 'a@example.com', locale: o.locale ?? 'en' }, description: 'Débité deux fois pour la commande ord_1.' };
  let s = c.openCase(CASE_ID, r, '2026-03-05T09:00:00.000Z', DEFAULT_CASE_POLICY);
  s = c.moveTo(s, 'INVESTIGATING', '2026-03-05T09:00:01.000Z', 'INVESTIGATION_STARTED');
  const found = findings(o.tx === undefined ? transaction([4999, 4999]) : o.tx, o.orderTotal === undefined ? 4999 : o.orderTotal, o.orderCurrency);
  const f = o.adjust ? o.adjust(found) : found;
  s = c.recordFindings(s, f, assess(r, f, s.receivedAt, DEFAULT_CASE_POLICY.reportingWindowDays));
  s = c.awaitDecision(s, '2026-03-10T10:00:00.000Z', DEFAULT_CASE_POLICY);
  s = c.recordDecision(s, { ...o.decision, decidedAt: '2026-03-11T10:00:00.000Z' });
  if (o.before) s = o.before(s);
  const resolution: Resolution = {
    action: o.decision.action,
    amount: o.decision.amount ?? null,
    reference: o.reference === undefined ? (o.decision.amount ? 're_1' : null) : o.reference,
    resolvedAt: o.resolvedAt ?? '2026-03-11T10:01:00.000Z',
    decisionSequence: s.decision!.sequence,
  };
  return { state: c.recordResolution(s, resolution), resolution };
}

export const agentRefund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: eur(amountMinor), reason: 'doublon confirmé par la commande', agentId: 'agent_7' });
export const automaticRefund = (amountMinor: number, rule = 'DUPLICATE_CAPTURE'): Decision => ({
  action: 'REFUND',
  amount: eur(amountMinor),
  reason: `automatic resolution (${rule})`,
  agentId: `system:${rule}`,
  role: 'system',
});
export const explanation: Decision = { action: 'EXPLAIN', reason: 'refund already settled, told the customer', agentId: 'agent_7' };
export const credit = (amountMinor: number): Decision => ({ action: 'ACCOUNT_CREDIT', amount: eur(amountMinor), reason: 'goodwill credit', agentId: 'agent_7' });
export const denial: Decision = { action: 'DENY', reason: 'strongly authenticated; no Loop incident', agentId: 'sup_2', role: 'supervisor' };
export const threeDSecure = (tx: ProcessorTransaction): ProcessorTransaction => ({ ...tx, authentication: { method: 'THREE_D_SECURE', outcome: 'AUTHENTICATED' } });

export type Scenario = Omit<ResolvedCaseOptions, 'decision' | 'locale'>;
export const SCENARIOS: Record<string, Scenario> = {
  TRANSACTION_NOT_FOUND: { tx: null, orderTotal: null },
  DECLINED_FOR_CUSTOMER_DETAILS: { tx: { ...transaction([]), amount: eur(4999), requestedAmount: eur(4999), declineReason: 'CUSTOMER_DETAILS', status: 'FAILED' } },
  UNAUTHORIZED_STRONGLY_AUTHENTICATED: { category: 'UNAUTHORIZED', tx: threeDSecure(transaction([4999])) },
  UNAUTHORIZED_UNCLEAR: { category: 'UNAUTHORIZED', tx: transaction([4999]) },
  PROCESSOR_CHARGED_OTHER_AMOUNT: { category: 'AMOUNT_MISMATCH', tx: { ...transaction([5200]), requestedAmount: eur(4999) } },
  DUPLICATE_CAPTURE: { tx: transaction([4999, 4999]) },
  CHARGED_MORE_THAN_ORDER: { category: 'AMOUNT_MISMATCH', tx: transaction([5999]) },
  REFUND_SETTLED_NOT_SEEN: { category: 'REFUND_NOT_RECEIVED', tx: transaction([4999], [{ amount: 4999 }]) },
  NO_ORDER_RECORD: { category: 'AMOUNT_MISMATCH', tx: transaction([4999]), orderTotal: 4999, orderCurrency: 'USD' },
  NO_DISCREPANCY_FOUND: { category: 'AMOUNT_MISMATCH', tx: transaction([4999]) },
};
export const DECISIONS = { REFUND: agentRefund(1000), ACCOUNT_CREDIT: credit(1000), EXPLAIN: explanation, DENY: denial };

/** The RESOLUTION facts as the workflow sends them (workflows/case-steps.ts), English notes included. */
export function resolutionFacts(state: CaseState, resolution: Resolution): Record<string, string> {
  const a = state.assessment;
  const answer = state.processorInquiry?.answer?.outcome;
  return {
    caseId: state.caseId,
    action: resolution.action,
    ...(resolution.amount ? { amountMinor: String(resolution.amount.amountMinor), currency: resolution.amount.currency } : {}),
    ...(resolution.reference ? { reference: resolution.reference } : {}),
    ...(a ? { findings: a.reasons.join(' '), rule: a.rule } : {}),
    ...(a?.customerGuidance ? { guidance: a.customerGuidance, refundReferences: settledRefundIds(state).join(', ') } : {}),
    ...(answer ? { processorAnswer: answer } : {}),
    documentId: 'resolution-run-1',
  };
}


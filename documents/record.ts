import { capturedAmount } from '../domain/assessment';
import { hasOpenChargeback } from '../domain/case-state';
import { formatMoney, type Money } from '../domain/money';
import {
  LOCALES,
  type Category,
  type CaseState,
  type ChargebackRecord,
  type DeciderRole,
  type DecisionAction,
  type Liability,
  type Locale,
  type Origin,
  type ProcessorName,
  type RefundRecord,
  type Resolution,
} from '../domain/vocabulary';
import { formatDate, PHRASES, type Phrases } from './phrases';

/** The record's schema id; a change that breaks readers of stored records gets a new version. */
export const RESOLUTION_RECORD_SCHEMA = 'loop-disputes/resolution-record@1';

/** An amount in minor units, and as the customer reads it in their language. */
export interface Amount extends Money {
  formatted: string;
}

/** An instant as ISO 8601, and as the customer reads it (UTC). */
export interface Instant {
  at: string;
  formatted: string;
}

/** A code of our vocabulary with its label in the document's language. */
export interface Labelled<T extends string> {
  code: T;
  label: string;
}

/**
 * How a case was resolved, for the customer and the agents: the JSON document stored beside the
 * PDF (which is rendered from it). Plain JSON, versioned by `schema`, in the customer's language.
 */
export interface ResolutionRecord {
  schema: typeof RESOLUTION_RECORD_SCHEMA;
  locale: Locale;
  caseId: string;
  title: string;
  generatedAt: Instant;
  reported: {
    at: Instant;
    channel: Labelled<Origin>;
    category: Labelled<Category>;
    description: string;
    /** `reference` is the one investigated; the customer may have corrected `reportedReference`. */
    transaction: { processor: ProcessorName; reference: string; reportedReference: string };
    expectedAmount: Amount | null;
  };
  /** Null parts were not established (the transaction was not found, or the investigation failed). */
  investigation: {
    at: Instant | null;
    charged: Amount | null;
    meant: Amount | null;
    discrepancy: Amount | null;
    orderId: string | null;
    captures: { count: number; total: Amount } | null;
    refunds: { id: string; amount: Amount; status: Labelled<RefundRecord['status']>; at: Instant }[];
    chargebacks: { id: string; amount: Amount; status: Labelled<ChargebackRecord['status']>; openedAt: Instant }[];
    incidents: { id: string; summary: string }[];
    /** Plain sentences in the document's language. */
    findings: string[];
  };
  liability: {
    party: Labelled<Liability>;
    rule: string;
    explanation: string;
    /** The investigation's own reasons, as recorded on the case (English). */
    recordedReasons: string[];
  } | null;
  decision: {
    action: Labelled<DecisionAction>;
    /** An agent's or supervisor's id, or `system:<rule>` when decided automatically. */
    decidedBy: string;
    automatic: boolean;
    role: DeciderRole;
    decidedByLabel: string;
    at: Instant;
    reason: string;
    amount: Amount | null;
  } | null;
  outcome: { action: Labelled<DecisionAction>; amount: Amount | null; reference: string | null; at: Instant; summary: string };
  /** What the customer can still do, in plain sentences. */
  customerOptions: string[];
}

/**
 * The document id of the resolution of a case run's `sequence`-th decision. The run (its first
 * execution's id) is part of it: a later case for the same transaction, perhaps reported by someone
 * else, starts its decisions at 1 again and must neither overwrite nor be shown this run's document.
 */
export function resolutionDocumentId(caseRunId: string, decisionSequence: number): string {
  return `resolution-${caseRunId.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 40)}-${decisionSequence}`;
}

/**
 * The resolution record of `state` resolved by `resolution`, in the customer's language (English
 * when the customer is unknown). Pure: the same inputs give the same record, so a retried
 * activity stores the same document.
 */
export function resolutionRecord(state: CaseState, resolution: Resolution, generatedAt: string): ResolutionRecord {
  const requested = state.customer?.locale;
  const locale: Locale = requested && (LOCALES as readonly string[]).includes(requested) ? requested : 'en';
  const p = PHRASES[locale];
  const amount = (m: Money): Amount => ({ ...m, formatted: formatMoney(m, locale) });
  const instant = (at: string, withTime = true): Instant => ({ at, formatted: formatDate(at, locale, withTime) });
  const findings = state.findings;
  const tx = findings?.transaction ?? null;
  const report = state.report;
  return {
    schema: RESOLUTION_RECORD_SCHEMA,
    locale,
    caseId: state.caseId,
    title: p.title(state.caseId),
    generatedAt: instant(generatedAt),
    reported: {
      at: instant(state.receivedAt),
      channel: { code: report.channel, label: p.channels[report.channel] },
      category: { code: report.category, label: p.categories[report.category] },
      description: report.description,
      transaction: { processor: report.transaction.processor, reference: state.transactionId, reportedReference: report.transaction.id },
      expectedAmount: report.expectedAmount ? amount(report.expectedAmount) : null,
    },
    investigation: {
      at: findings ? instant(findings.investigatedAt) : null,
      charged: tx ? amount(capturedAmount(tx)) : null,
      meant: findings?.order ? amount(findings.order.total) : null,
      discrepancy: state.assessment?.discrepancy ? amount(state.assessment.discrepancy) : null,
      orderId: tx?.orderId ?? null,
      captures: tx && tx.captures.length > 0 ? { count: tx.captures.length, total: amount(capturedAmount(tx)) } : null,
      refunds: (tx?.refunds ?? []).map((r) => ({ id: r.id, amount: amount(r.amount), status: { code: r.status, label: p.refundStatuses[r.status] }, at: instant(r.createdAt, false) })),
      chargebacks: state.chargebacks.map((c) => ({ id: c.id, amount: amount(c.amount), status: { code: c.status, label: p.chargebackStatuses[c.status] }, openedAt: instant(c.openedAt, false) })),
      incidents: (findings?.incidents ?? []).map((i) => ({ id: i.id, summary: i.summary })),
      findings: findingSentences(state, p, locale),
    },
    liability: state.assessment
      ? {
          party: { code: state.assessment.liability, label: p.liabilities[state.assessment.liability] },
          rule: state.assessment.rule,
          explanation: p.rules[state.assessment.rule] ?? state.assessment.reasons.join(' '),
          recordedReasons: state.assessment.reasons,
        }
      : null,
    decision: decisionPart(state, resolution, p, amount, instant),
    outcome: {
      action: { code: resolution.action, label: p.actions[resolution.action] },
      amount: resolution.amount ? amount(resolution.amount) : null,
      reference: resolution.reference,
      at: instant(resolution.resolvedAt),
      summary: outcomeSentence(resolution, p, locale),
    },
    customerOptions: customerOptions(state, resolution, p),
  };
}

function decisionPart(state: CaseState, resolution: Resolution, p: Phrases, amount: (m: Money) => Amount, instant: (at: string) => Instant): ResolutionRecord['decision'] {
  const d = state.decisions.find((x) => x.sequence === resolution.decisionSequence) ?? state.decision;
  if (!d) return null;
  const role = d.role ?? 'agent';
  const automatic = role === 'system' || d.agentId.startsWith('system:');
  const rule = d.agentId.startsWith('system:') ? d.agentId.slice('system:'.length) : (state.assessment?.rule ?? d.agentId);
  return {
    action: { code: d.action, label: p.actions[d.action] },
    decidedBy: d.agentId,
    automatic,
    role,
    decidedByLabel: automatic ? p.decidedAutomatically(rule) : p.decidedByPerson(role === 'supervisor' ? 'supervisor' : 'agent', d.agentId),
    at: instant(d.decidedAt),
    reason: d.reason,
    amount: d.amount ? amount(d.amount) : null,
  };
}

/** What the investigation found, as sentences from the facts (amounts and dates in the locale). */
function findingSentences(state: CaseState, p: Phrases, locale: Locale): string[] {
  const f = state.findings;
  if (!f) return [p.findings.notInvestigated];
  const tx = f.transaction;
  if (!tx) return [p.findings.notFound(state.transactionId)];
  const m = (x: Money) => formatMoney(x, locale);
  const date = (at: string) => formatDate(at, locale);
  const charged = capturedAmount(tx);
  const others = f.otherTransactionsForOrder.filter((o) => o.netAmount.amountMinor > 0);
  const a = state.assessment;
  const asAsked = (x: Money) => x.currency === tx.requestedAmount.currency && x.amountMinor === tx.requestedAmount.amountMinor;
  // Each of several captures as asked is a duplicate (said above), not the processor taking another amount.
  const takenAsAsked = tx.captures.length > 1 ? tx.captures.every((c) => asAsked(c.amount)) : asAsked(charged);
  return [
    p.findings.charged(m(charged), date(tx.createdAt), tx.id),
    ...(tx.captures.length > 1 ? [p.findings.capturedTimes(tx.captures.length, m(charged))] : []),
    ...(takenAsAsked ? [] : [p.findings.requested(m(tx.requestedAmount))]),
    f.order ? p.findings.order(f.order.id, m(f.order.total)) : p.findings.noOrder,
    ...(others.length > 0 ? [p.findings.alsoPaidBy(others.map((o) => o.id).join(', '))] : []),
    ...tx.refunds.map((r) => p.findings.refund(r.id, m(r.amount), p.refundStatuses[r.status], date(r.createdAt))),
    ...state.chargebacks.map((c) => p.findings.chargeback(c.id, m(c.amount), p.chargebackStatuses[c.status])),
    ...f.incidents.map((i) => p.findings.incident(i.id, i.summary)),
    ...(state.report.category === 'UNAUTHORIZED'
      ? [tx.authentication.method === 'THREE_D_SECURE' && tx.authentication.outcome === 'AUTHENTICATED' ? p.findings.strongAuthentication : p.findings.noStrongAuthentication]
      : []),
    ...(a?.discrepancy && a.discrepancy.amountMinor > 0 ? [p.findings.discrepancy(m(a.discrepancy))] : []),
    ...(a?.outsideReportingWindow ? [p.findings.lateReport] : []),
  ];
}

function outcomeSentence(r: Resolution, p: Phrases, locale: Locale): string {
  const date = formatDate(r.resolvedAt, locale);
  const amount = r.amount ? formatMoney(r.amount, locale) : p.labels.none;
  const reference = r.reference ?? p.labels.none;
  if (r.action === 'REFUND') return p.outcomes.refund(amount, date, reference);
  if (r.action === 'ACCOUNT_CREDIT') return p.outcomes.credit(amount, date, reference);
  return p.outcomes.deny(date);
}

/** What the customer can still do: the investigation's guidance, the follow-up, a reply, and their bank where that applies. */
function customerOptions(state: CaseState, r: Resolution, p: Phrases): string[] {
  const a = state.assessment;
  const settled = (state.findings?.transaction?.refunds ?? []).filter((x) => x.status === 'SUCCEEDED').map((x) => x.id);
  const guidance = a?.customerGuidance ? (p.guidance[a.rule]?.({ refundReferences: settled.join(', ') }) ?? a.customerGuidance) : null;
  const paymentFound = Boolean(state.findings?.transaction);
  return [
    ...(guidance ? [guidance] : []),
    ...(r.action === 'REFUND' && r.reference ? [p.options.refundDelay(r.reference)] : []),
    p.options.followUp,
    p.options.reply(state.caseId),
    ...(hasOpenChargeback(state) ? [p.options.chargebackOpen] : r.action === 'DENY' && paymentFound ? [p.options.chargebackRight] : []),
  ];
}

import { capturedAmount } from '../domain/assessment';
import { hasOpenChargeback, settledRefundIds } from '../domain/case-state';
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
import { DEFAULT_TIME_ZONE, formatDate } from './dates';
import { explanationFor, guidanceFor, PHRASES, ruleExplanation, type ExplanationFacts, type Phrases } from './phrases';

/** The record's schema id; a change that breaks readers of stored records gets a new version. */
// @2: the customer's copy carries no rule id, person's id, agent's reason or recorded English notes,
// and its times are in Loop's time zone (`timeZone`).
export const RESOLUTION_RECORD_SCHEMA = 'loop-disputes/resolution-record@2';

/** An amount in minor units, and as the customer reads it in their language. */
export interface Amount extends Money {
  formatted: string;
}

/** An instant as ISO 8601, and as the customer reads it (in the record's `timeZone`). */
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
  /** The IANA zone every `formatted` time is in (Loop's). */
  timeZone: string;
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
    /** The incident register's summary is internal free text: the customer reads the incident's period. */
    incidents: { id: string; from: Instant; to: Instant }[];
    /** Plain sentences in the document's language. */
    findings: string[];
  };
  /** Why, in the document's language (the rule that matched and the investigation's notes stay with the agents). */
  liability: { party: Labelled<Liability>; explanation: string } | null;
  /** Who decided is a role ("an adviser"), never a person's id; the agent's own reason is internal. */
  decision: {
    action: Labelled<DecisionAction>;
    automatic: boolean;
    role: DeciderRole;
    decidedByLabel: string;
    at: Instant;
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

/** How the record is written: the zone its times are shown in. */
export interface RecordOptions {
  /** IANA time zone of every date and time the customer reads. @default 'Europe/Paris' */
  timeZone?: string;
}

/** Everything a sentence of the record needs: the phrases, and amounts and dates formatted for the locale and zone. */
interface Writer {
  p: Phrases;
  money: (m: Money) => string;
  date: (at: string) => string;
  time: (at: string) => string;
}

/**
 * The resolution record of `state` resolved by `resolution`, in the customer's language (English
 * when the customer is unknown), its times in Loop's time zone. Pure: the same inputs give the
 * same record, so a retried activity stores the same document.
 */
export function resolutionRecord(state: CaseState, resolution: Resolution, generatedAt: string, opts: RecordOptions = {}): ResolutionRecord {
  const requested = state.customer?.locale;
  const locale: Locale = requested && (LOCALES as readonly string[]).includes(requested) ? requested : 'en';
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const p = PHRASES[locale];
  const w: Writer = {
    p,
    money: (m) => formatMoney(m, locale),
    date: (at) => formatDate(at, locale, { timeZone }),
    time: (at) => formatDate(at, locale, { withTime: true, timeZone }),
  };
  const amount = (m: Money): Amount => ({ ...m, formatted: w.money(m) });
  const instant = (at: string, withTime = true): Instant => ({ at, formatted: withTime ? w.time(at) : w.date(at) });
  const findings = state.findings;
  const tx = findings?.transaction ?? null;
  const report = state.report;
  return {
    schema: RESOLUTION_RECORD_SCHEMA,
    locale,
    caseId: state.caseId,
    title: p.title(state.caseId),
    timeZone,
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
      refunds: (tx?.refunds ?? []).map((r) => ({
        id: r.id,
        amount: amount(r.amount),
        status: { code: r.status, label: p.refundStatuses[r.status] },
        at: instant(r.createdAt, false),
      })),
      chargebacks: state.chargebacks.map((c) => ({
        id: c.id,
        amount: amount(c.amount),
        status: { code: c.status, label: p.chargebackStatuses[c.status] },
        openedAt: instant(c.openedAt, false),
      })),
      incidents: (findings?.incidents ?? []).map((i) => ({ id: i.id, from: instant(i.startsAt), to: instant(i.endsAt) })),
      findings: findingSentences(state, w),
    },
    liability: state.assessment
      ? {
          party: { code: state.assessment.liability, label: p.liabilities[state.assessment.liability] },
          explanation: liabilityExplanation(state, p),
        }
      : null,
    decision: decisionPart(state, resolution, p, amount, instant),
    outcome: {
      action: { code: resolution.action, label: p.actions[resolution.action] },
      amount: resolution.amount ? amount(resolution.amount) : null,
      reference: resolution.reference,
      at: instant(resolution.resolvedAt),
      summary: outcomeSentence(state, resolution, w),
    },
    customerOptions: customerOptions(state, resolution, p),
  };
}

/** The facts an explanation may use, read from the case (the e-mail reads the same from its facts). */
export function explanationFacts(state: CaseState): ExplanationFacts {
  return {
    caseId: state.caseId,
    refundReferences: settledRefundIds(state).join(', '),
    processorAnswer: state.processorInquiry?.answer?.outcome ?? null,
  };
}

/** The rule's explanation; NO_ORDER_RECORD says which of its two findings it was (no order, or one in another currency). */
function liabilityExplanation(state: CaseState, p: Phrases): string {
  const rule = state.assessment!.rule;
  const order = state.findings?.order;
  const tx = state.findings?.transaction;
  if (rule === 'NO_ORDER_RECORD' && order && tx && order.total.currency !== tx.amount.currency) {
    return p.orderInOtherCurrency(order.id, order.total.currency, tx.amount.currency);
  }
  return ruleExplanation(p, rule, state.processorInquiry?.answer?.outcome ?? null);
}

function decisionPart(
  state: CaseState,
  resolution: Resolution,
  p: Phrases,
  amount: (m: Money) => Amount,
  instant: (at: string) => Instant,
): ResolutionRecord['decision'] {
  const d = state.decisions.find((x) => x.sequence === resolution.decisionSequence) ?? state.decision;
  if (!d) return null;
  const automatic = d.role === 'system' || d.agentId.startsWith('system:');
  const role: DeciderRole = automatic ? 'system' : (d.role ?? 'agent');
  return {
    action: { code: d.action, label: p.actions[d.action] },
    automatic,
    role,
    decidedByLabel: automatic ? p.decidedAutomatically : p.decidedByPerson(role === 'supervisor' ? 'supervisor' : 'agent'),
    at: instant(d.decidedAt),
    amount: d.amount ? amount(d.amount) : null,
  };
}

/** What the investigation found, as sentences from the facts (amounts and dates in the locale and zone). */
function findingSentences(state: CaseState, { p, money: m, date }: Writer): string[] {
  const inquiry = state.processorInquiry;
  // The processor's answer is said whatever else was found: the outcome may rest on it.
  const asked = [
    ...(inquiry ? [p.findings.processorRaised(date(inquiry.raisedAt), date(inquiry.dueAt))] : []),
    ...(inquiry?.answer ? [p.findings.processorAnswered(date(inquiry.answer.recordedAt), inquiry.answer.outcome)] : []),
  ];
  const f = state.findings;
  if (!f) return [p.findings.notInvestigated, ...asked];
  const tx = f.transaction;
  if (!tx) return [p.findings.notFound(state.transactionId), ...asked];
  const charged = capturedAmount(tx);
  const others = f.otherTransactionsForOrder.filter((o) => o.netAmount.amountMinor > 0);
  const a = state.assessment;
  const asAsked = (x: Money) => x.currency === tx.requestedAmount.currency && x.amountMinor === tx.requestedAmount.amountMinor;
  // Each of several captures as asked is a duplicate (said above), not the processor taking another amount.
  const takenAsAsked = tx.captures.length > 1 ? tx.captures.every((c) => asAsked(c.amount)) : asAsked(charged);
  const authenticated = tx.authentication.method === 'THREE_D_SECURE' && tx.authentication.outcome === 'AUTHENTICATED';
  return [
    p.findings.charged(m(charged), date(tx.createdAt), tx.id),
    ...(tx.captures.length > 1 ? [p.findings.capturedTimes(tx.captures.length, m(charged))] : []),
    ...(takenAsAsked ? [] : [p.findings.requested(m(tx.requestedAmount))]),
    f.order ? p.findings.order(f.order.id, m(f.order.total)) : p.findings.noOrder,
    ...(others.length > 0 ? [p.findings.alsoPaidBy(others.map((o) => o.id).join(', '))] : []),
    ...tx.refunds.map((r) => p.findings.refund(r.id, m(r.amount), p.refundStatuses[r.status], date(r.createdAt))),
    ...state.chargebacks.map((c) => p.findings.chargeback(c.id, m(c.amount), p.chargebackStatuses[c.status])),
    ...f.incidents.map((i) => p.findings.incident(i.id, date(i.startsAt), date(i.endsAt))),
    ...(state.report.category === 'UNAUTHORIZED' ? [authenticated ? p.findings.strongAuthentication : p.findings.noStrongAuthentication] : []),
    ...(a?.discrepancy && a.discrepancy.amountMinor > 0 ? [p.findings.discrepancy(m(a.discrepancy))] : []),
    ...(a?.outsideReportingWindow ? [p.findings.lateReport] : []),
    ...asked,
  ];
}

function outcomeSentence(state: CaseState, r: Resolution, { p, money, date }: Writer): string {
  const on = date(r.resolvedAt);
  const amount = r.amount ? money(r.amount) : p.labels.none;
  const reference = r.reference ?? p.labels.none;
  switch (r.action) {
    case 'REFUND':
      return p.outcomes.refund(amount, on, reference);
    case 'ACCOUNT_CREDIT':
      return p.outcomes.credit(amount, on, reference);
    case 'EXPLAIN':
      return `${explanationFor(p, state.assessment?.rule, explanationFacts(state)).outcome} ${p.outcomes.explain(on)}`;
    default:
      return p.outcomes.deny(on);
  }
}

/** What the customer can still do: the rule's guidance, the follow-up, a reply, and their bank where that applies. */
function customerOptions(state: CaseState, r: Resolution, p: Phrases): string[] {
  const rule = state.assessment?.rule;
  const facts = explanationFacts(state);
  const guidance = r.action === 'EXPLAIN' ? explanationFor(p, rule, facts).options : guidanceFor(p, rule, facts);
  const paymentFound = Boolean(state.findings?.transaction);
  return [
    ...guidance,
    ...(r.action === 'REFUND' && r.reference ? [p.options.refundDelay(r.reference)] : []),
    p.options.followUp,
    p.options.reply(state.caseId),
    ...(hasOpenChargeback(state) ? [p.options.chargebackOpen] : r.action === 'DENY' && paymentFound ? [p.options.chargebackRight] : []),
  ];
}

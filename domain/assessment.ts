import { atLeastZero, subtract, sum, type Money } from './money';
import { LIABILITY_RULES, type Facts } from './liability';
import type { Assessment, DisputeReport, Findings, ProcessorTransaction } from './vocabulary';
import { DAY_MS } from './duration';

/** What was actually taken from the customer: the captures, or the amount of a settled charge without capture records. */
export function capturedAmount(tx: ProcessorTransaction): Money {
  if (tx.captures.length > 0) return sum(tx.captures.map((c) => c.amount), tx.amount.currency);
  return tx.status === 'SUCCEEDED' ? tx.amount : { amountMinor: 0, currency: tx.amount.currency };
}

/** Refunds that did or may still move money back (a failed refund returned nothing). */
export function refundedAmount(tx: ProcessorTransaction): Money {
  const live = tx.refunds.filter((r) => r.status !== 'FAILED');
  return sum(live.map((r) => r.amount), tx.amount.currency);
}

/** Whole days from the processor's transaction date to the report, by the calendar clock (UTC). */
export function daysSinceTransaction(transactionCreatedAt: string, reportedAt: string): number {
  return Math.floor((Date.parse(reportedAt) - Date.parse(transactionCreatedAt)) / DAY_MS);
}

/**
 * Turns findings into the discrepancy, the liability and a recommendation, with reasons in plain
 * words: the first rule of LIABILITY_RULES that applies decides. Pure: the workflow, the API and
 * the tests share it. A late report is assessed the same way but is never unambiguous.
 */
export function assess(report: DisputeReport, findings: Findings, receivedAt: string, reportingWindowDays: number): Assessment {
  const tx = findings.transaction;
  if (!tx) {
    return {
      rule: 'TRANSACTION_NOT_FOUND',
      discrepancy: null,
      refundable: null,
      liability: 'UNDETERMINED',
      recommendedAction: 'REQUEST_INFORMATION',
      recommendedAmount: null,
      outsideReportingWindow: false,
      unambiguous: false,
      customerGuidance: null,
      reasons: [`The processor has no transaction ${report.transaction.id}; the customer is asked for the right reference.`],
    };
  }

  const captured = capturedAmount(tx);
  const refunded = refundedAmount(tx);
  const facts: Facts = { report, findings, tx, order: findings.order, captured, refunded, refundable: atLeastZero(subtract(captured, refunded)) };
  const rule = LIABILITY_RULES.find((r) => r.applies(facts))!;
  const outcome = rule.outcome(facts);

  const daysLate = daysSinceTransaction(tx.createdAt, receivedAt);
  const outsideReportingWindow = daysLate > reportingWindowDays;
  const windowReasons = outsideReportingWindow
    ? [`Reported ${daysLate} days after the transaction (processor date), outside the ${reportingWindowDays}-day window: an agent decides.`]
    : [];
  const discrepancy = findings.order && findings.order.total.currency === tx.amount.currency
    ? atLeastZero(subtract(subtract(captured, refunded), findings.order.total))
    : null;

  return {
    rule: rule.id,
    discrepancy: rule.action === 'REFUND' ? outcome.amount : discrepancy,
    refundable: facts.refundable,
    liability: rule.liability,
    recommendedAction: rule.action,
    recommendedAmount: outcome.amount,
    outsideReportingWindow,
    unambiguous: rule.unambiguous && !outsideReportingWindow,
    customerGuidance: outcome.guidance,
    reasons: [...outcome.reasons, ...windowReasons],
  };
}

import { atLeastZero, formatMoney, isGreaterThan, subtract, sum, type Money } from './money';
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
 * Turns findings into the discrepancy, the liability and a recommendation, with reasons in plain words.
 * This first slice knows invoice mismatches and duplicate captures (MERCHANT); everything else is left
 * UNDETERMINED for an agent. Pure: the workflow, the API and the tests share it.
 */
export function assess(
  report: DisputeReport,
  findings: Findings,
  receivedAt: string,
  reportingWindowDays: number,
): Assessment {
  const tx = findings.transaction;
  if (!tx) {
    return {
      discrepancy: null,
      refundable: null,
      liability: 'UNDETERMINED',
      recommendedAction: 'REQUEST_INFORMATION',
      recommendedAmount: null,
      outsideReportingWindow: false,
      reasons: [`The processor has no transaction ${report.transaction.id}; ask the customer for the right reference.`],
    };
  }

  const captured = capturedAmount(tx);
  const refunded = refundedAmount(tx);
  const refundable = atLeastZero(subtract(captured, refunded));
  const daysLate = daysSinceTransaction(tx.createdAt, receivedAt);
  const outsideReportingWindow = daysLate > reportingWindowDays;
  const windowReasons = outsideReportingWindow
    ? [`Reported ${daysLate} days after the transaction, outside the ${reportingWindowDays}-day window; an agent decides.`]
    : [];
  const undetermined = (reason: string): Assessment => ({
    discrepancy: null,
    refundable,
    liability: 'UNDETERMINED',
    recommendedAction: 'REVIEW',
    recommendedAmount: null,
    outsideReportingWindow,
    reasons: [reason, ...windowReasons],
  });

  const order = findings.order;
  if (!order) return undetermined('No order record matches this transaction; the amount Loop meant to charge is unknown.');
  if (order.total.currency !== tx.amount.currency) {
    return undetermined(
      `The order is in ${order.total.currency} but the charge is in ${tx.amount.currency}; an agent must compare them.`,
    );
  }

  const discrepancy = atLeastZero(subtract(subtract(captured, refunded), order.total));
  if (!isGreaterThan(discrepancy, { amountMinor: 0, currency: discrepancy.currency })) {
    return { ...undetermined('The amount charged, net of refunds, does not exceed the order total.'), discrepancy };
  }

  const duplicate = tx.captures.length > 1 && tx.captures.every((c) => c.amount.amountMinor === order.total.amountMinor);
  const finding = duplicate
    ? `Order ${order.id} was captured ${tx.captures.length} times for ${formatMoney(order.total, 'en')} each.`
    : `Charged ${formatMoney(captured, 'en')} for order ${order.id}, whose total is ${formatMoney(order.total, 'en')}.`;
  const refundedNote = refunded.amountMinor > 0 ? [`${formatMoney(refunded, 'en')} was already refunded.`] : [];
  return {
    discrepancy,
    refundable,
    liability: 'MERCHANT',
    recommendedAction: 'REFUND',
    recommendedAmount: discrepancy,
    outsideReportingWindow,
    reasons: [finding, ...refundedNote, `Loop's error: refund ${formatMoney(discrepancy, 'en')}.`, ...windowReasons],
  };
}

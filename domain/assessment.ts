import { atLeastZero, subtract, sum, type Money } from './money';
import { LIABILITY_RULES, type Facts } from './liability';
import { DEFAULT_CASE_POLICY, type Assessment, type DisputeReport, type Findings, type ProcessorTransaction } from './vocabulary';
import { DAY_MS } from './duration';
import { calendarDaysBetween } from './business-days';

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

/** Whole 24-hour periods from the transaction to the report: how cases assessed before calendar days counted. */
export function daysSinceTransaction(transactionCreatedAt: string, reportedAt: string): number {
  return Math.floor((Date.parse(reportedAt) - Date.parse(transactionCreatedAt)) / DAY_MS);
}

/** Plus or minus this much around the processor's instant, a date is still "that day" somewhere (UTC-12 to UTC+14). */
const SAME_DAY_SOMEWHERE = { beforeMs: 12 * 3_600_000, afterMs: 14 * 3_600_000 };

/** What the customer believes about the charge's date, for the agent: never used to count the window. */
function believedDateReasons(report: DisputeReport, tx: ProcessorTransaction | null): string[] {
  const believed = report.believedChargedOn;
  if (!believed) return [];
  if (!tx) return [`The customer believes the charge was on ${believed}.`];
  const at = Date.parse(tx.createdAt);
  const earliest = new Date(at - SAME_DAY_SOMEWHERE.beforeMs).toISOString().slice(0, 10);
  const latest = new Date(at + SAME_DAY_SOMEWHERE.afterMs).toISOString().slice(0, 10);
  if (believed >= earliest && believed <= latest) return [];
  const apart = Math.abs(Math.round((Date.parse(believed) - Date.parse(tx.createdAt.slice(0, 10))) / DAY_MS));
  return [
    `The customer believes the charge was on ${believed}; the processor dates it ${tx.createdAt} (${apart} day${apart === 1 ? '' : 's'} apart). The reporting window counts from the processor's date.`,
  ];
}

/**
 * The day of the reporting window the report came on: the processor's transaction date is day 1,
 * each later calendar date in `timeZone` (Loop's) one more. Day 61 is outside a 60-day window.
 */
export function reportingDay(transactionCreatedAt: string, reportedAt: string, timeZone: string): number {
  return calendarDaysBetween(transactionCreatedAt, reportedAt, timeZone) + 1;
}

/** How the reporting window is counted: calendar days in a time zone, or 24-hour periods (a case replaying its old history). */
export type WindowCount = { timeZone: string } | 'ELAPSED_24H';

function reportingWindowReason(transactionCreatedAt: string, reportedAt: string, windowDays: number, count: WindowCount): string | null {
  if (count === 'ELAPSED_24H') {
    const daysLate = daysSinceTransaction(transactionCreatedAt, reportedAt);
    return daysLate > windowDays ? `Reported ${daysLate} days after the transaction (processor date), outside the ${windowDays}-day window: an agent decides.` : null;
  }
  const day = reportingDay(transactionCreatedAt, reportedAt, count.timeZone);
  return day > windowDays
    ? `Reported on day ${day} counting the transaction date (processor date, ${count.timeZone}) as day 1, outside the ${windowDays}-day window: an agent decides.`
    : null;
}

/**
 * Turns findings into the discrepancy, the liability and a recommendation, with reasons in plain
 * words: the first rule of LIABILITY_RULES that applies decides. Pure: the workflow, the API and
 * the tests share it. A late report is assessed the same way but is never unambiguous.
 */
export function assess(
  report: DisputeReport,
  findings: Findings,
  receivedAt: string,
  reportingWindowDays: number,
  count: WindowCount = { timeZone: DEFAULT_CASE_POLICY.timeZone },
): Assessment {
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
      reasons: [`The processor has no transaction ${report.transaction.id}; the customer is asked for the right reference.`, ...believedDateReasons(report, null)],
    };
  }

  const captured = capturedAmount(tx);
  const refunded = refundedAmount(tx);
  const facts: Facts = { report, findings, tx, order: findings.order, captured, refunded, refundable: atLeastZero(subtract(captured, refunded)) };
  const rule = LIABILITY_RULES.find((r) => r.applies(facts))!;
  const outcome = rule.outcome(facts);

  const lateReason = reportingWindowReason(tx.createdAt, receivedAt, reportingWindowDays, count);
  const outsideReportingWindow = lateReason !== null;
  const windowReasons = lateReason ? [lateReason] : [];
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
    reasons: [...outcome.reasons, ...windowReasons, ...believedDateReasons(report, tx)],
  };
}

import { proxyActivities, type ActivityFunctionWithOptions, type ActivityOptions } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ErrorType } from '../domain/errors';
import { formatMoney } from '../domain/money';

/** Activity presets, named once, and the case's activities under them. */
const LOOKUP: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // A lookup that keeps failing for a day goes to an agent instead of holding the case.
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
const MESSAGE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // Messages are queued beside the case (CaseRun.notify), never in its way; one that cannot go out in a day is given up and noted.
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
};
const MONEY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  // Money moves under an idempotency key, so retrying after a lost answer is safe; a refusal is final.
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [ErrorType.REFUND_REFUSED, ErrorType.CREDIT_REFUSED, ErrorType.PORT_PROTOCOL_ERROR],
  },
};

const DOCUMENT: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  // A document that cannot be stored must not hold the resolution e-mail for long: it goes without one.
  scheduleToCloseTimeout: '15 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: [ErrorType.INVALID_INPUT] },
};

const RECORD: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  // Written beside the case (CaseRun's record writer), never in its way: a database down for hours delays the record, never the case.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

type Activity = keyof CaseActivities;

/**
 * `name` under `options`, each call with a one-line summary of what it does for this case (what the
 * Web UI and `temporal workflow show` print beside the activity). Metadata only: the command and
 * its arguments are what they were, so running cases replay as before.
 */
function summarized<K extends Activity>(options: ActivityOptions, name: K, summary: (...args: Parameters<CaseActivities[K]>) => string) {
  const activity = proxyActivities<CaseActivities>(options)[name] as ActivityFunctionWithOptions<CaseActivities[K]>;
  return (...args: Parameters<CaseActivities[K]>): ReturnType<CaseActivities[K]> =>
    activity.executeWithOptions({ ...options, summary: summary(...args) }, args) as ReturnType<CaseActivities[K]>;
}

export const fetchTransaction = summarized(LOOKUP, 'fetchTransaction', (q) => `look up transaction ${q.transactionId} at ${q.processor}`);
export const fetchOrder = summarized(LOOKUP, 'fetchOrder', (q) => `read order ${q.orderId}`);
export const findOtherPaymentsForOrder = summarized(LOOKUP, 'findOtherPaymentsForOrder', (q) => `other payments for order ${q.orderId}`);
export const fetchIncidents = summarized(LOOKUP, 'fetchIncidents', () => 'Loop security incidents at the time of the payment');
export const fetchRefund = summarized(LOOKUP, 'fetchRefund', (q) => `check refund ${q.refundId} at ${q.processor}`);
export const sendMessage = summarized(MESSAGE, 'notifyCustomer', (m) => `e-mail the customer: ${m.kind.toLowerCase().replace(/_/g, ' ')}`);
export const issueRefund = summarized(MONEY, 'issueRefund', (r) => `refund ${formatMoney(r.amount, 'en')} at ${r.processor}`);
export const creditAccount = summarized(MONEY, 'creditAccount', (r) => `credit ${formatMoney(r.amount, 'en')} to the customer's Loop account`);
export const documentResolution = summarized(DOCUMENT, 'documentResolution', () => 'write the resolution document (JSON and PDF)');
export const recordCase = summarized(RECORD, 'recordCase', (r) => `case record v${r.record.version}: ${r.record.status}`);

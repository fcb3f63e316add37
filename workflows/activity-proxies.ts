import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ErrorType } from '../domain/errors';

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

export const { fetchTransaction, fetchOrder, findOtherPaymentsForOrder, fetchIncidents, fetchRefund } = proxyActivities<CaseActivities>(LOOKUP);
export const { notifyCustomer: sendMessage } = proxyActivities<CaseActivities>(MESSAGE);
export const { issueRefund, creditAccount } = proxyActivities<CaseActivities>(MONEY);
export const { documentResolution } = proxyActivities<CaseActivities>(DOCUMENT);
export const { recordCase } = proxyActivities<CaseActivities>(RECORD);

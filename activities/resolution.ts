import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../domain/errors';
import type { Money } from '../domain/money';
import type { ProcessorName, RefundRecord } from '../domain/vocabulary';
import { translatePortErrors } from './failures';
import type { Ports } from './ports';

/** Builds the activities that move money: processor refunds and ledger credits, each idempotent by key. */
export function createResolutionActivities({ processors, ledger }: Pick<Ports, 'processors' | 'ledger'>) {
  return {
    /**
     * Refunds on the processor; a retry with the same key returns the first refund instead of paying
     * again. Every attempt first asks the processor for a refund already made under the key (an
     * earlier attempt may have timed out after the processor acted): processors keep idempotency
     * keys for a limited time, so the key alone is not enough for a retry days later.
     */
    async issueRefund(input: {
      processor: ProcessorName;
      transactionId: string;
      amount: Money;
      reason: string;
      idempotencyKey: string;
    }): Promise<RefundRecord> {
      const processor = processors[input.processor];
      if (!processor) {
        throw ApplicationFailure.nonRetryable(`no adapter configured for processor ${input.processor}`, ErrorType.PORT_PROTOCOL_ERROR);
      }
      const { processor: _name, ...request } = input;
      // Always, not only on activity retries: the workflow also re-runs a decision (a new activity,
      // attempt 1) after a failure whose outcome it could not read.
      const earlier = await translatePortErrors(() => processor.findRefundByKey(input.transactionId, input.idempotencyKey));
      if (earlier) {
        Context.current().log.info('refund found by its idempotency key; not asking for another', { refundId: earlier.id, attempt: Context.current().info.attempt });
        return earlier;
      }
      return translatePortErrors(() => processor.issueRefund(request));
    },

    /** Credits the customer's account balance once per key. */
    async creditAccount(input: { accountId: string; amount: Money; reason: string; idempotencyKey: string }): Promise<{ entryId: string }> {
      return translatePortErrors(() => ledger.credit(input));
    },
  };
}

import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../domain/errors';
import type { Money } from '../domain/money';
import type { ProcessorName, RefundRecord } from '../domain/vocabulary';
import { translatePortErrors } from './failures';
import type { Ports } from './ports';

/** Builds the activities that move money: processor refunds and ledger credits, each idempotent by key. */
export function createResolutionActivities({ processors, ledger }: Pick<Ports, 'processors' | 'ledger'>) {
  return {
    /** Refunds on the processor; a retry with the same key returns the first refund instead of paying again. */
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
      return translatePortErrors(() => processor.issueRefund(request));
    },

    /** Credits the customer's account balance once per key. */
    async creditAccount(input: { accountId: string; amount: Money; reason: string; idempotencyKey: string }): Promise<{ entryId: string }> {
      return translatePortErrors(() => ledger.credit(input));
    },
  };
}

import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../domain/errors';
import type { OrderRecord, ProcessorName, ProcessorTransaction } from '../domain/vocabulary';
import { translatePortErrors } from './failures';
import type { Ports } from './ports';

/** Builds the investigation activities over the processor and orders ports. */
export function createInvestigationActivities({ processors, orders }: Pick<Ports, 'processors' | 'orders'>) {
  return {
    /** Fetches the transaction as the processor records it; null when the processor has none by that id. */
    async fetchTransaction(input: { processor: ProcessorName; transactionId: string }): Promise<ProcessorTransaction | null> {
      const processor = processors[input.processor];
      if (!processor) {
        // Intake only accepts configured processors, so this is a worker misconfiguration: fail loudly.
        throw ApplicationFailure.nonRetryable(`no adapter configured for processor ${input.processor}`, ErrorType.PORT_PROTOCOL_ERROR);
      }
      return translatePortErrors(() => processor.getTransaction(input.transactionId));
    },

    /** Fetches what Loop meant to charge for the order; null when there is no such order. */
    async fetchOrder(input: { orderId: string }): Promise<OrderRecord | null> {
      return translatePortErrors(() => orders.getOrder(input.orderId));
    },
  };
}

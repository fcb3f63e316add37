import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../domain/errors';
import { capturedAmount, refundedAmount } from '../domain/assessment';
import { subtract } from '../domain/money';
import type { Findings, OrderRecord, ProcessorName, ProcessorTransaction, RefundRecord, SecurityIncident } from '../domain/vocabulary';
import { translatePortErrors } from './failures';
import type { Ports } from './ports';

/** Builds the investigation activities over the processor and orders ports. */
export function createInvestigationActivities({ processors, orders, incidents }: Pick<Ports, 'processors' | 'orders' | 'incidents'>) {
  const processorFor = (name: ProcessorName) => {
    const processor = processors[name];
    // Intake only accepts configured processors, so this is a worker misconfiguration: fail loudly.
    if (!processor) throw ApplicationFailure.nonRetryable(`no adapter configured for processor ${name}`, ErrorType.PORT_PROTOCOL_ERROR);
    return processor;
  };
  return {
    /** Fetches the transaction as the processor records it; null when the processor has none by that id. */
    async fetchTransaction(input: { processor: ProcessorName; transactionId: string }): Promise<ProcessorTransaction | null> {
      return translatePortErrors(() => processorFor(input.processor).getTransaction(input.transactionId));
    },

    /** Other settled transactions for the same order at the processor: the order paid twice. */
    async findOtherPaymentsForOrder(input: { processor: ProcessorName; orderId: string; transactionId: string }): Promise<Findings['otherTransactionsForOrder']> {
      const all = await translatePortErrors(() => processorFor(input.processor).findTransactionsForOrder(input.orderId));
      return all
        .filter((t) => t.id !== input.transactionId && t.status === 'SUCCEEDED')
        .map((t) => ({ id: t.id, amount: t.amount, netAmount: subtract(capturedAmount(t), refundedAmount(t)), createdAt: t.createdAt }));
    },

    /** Loop's security incidents covering the transaction's time and the customer's account. */
    async fetchIncidents(input: { at: string; accountId: string | null }): Promise<SecurityIncident[]> {
      return translatePortErrors(() => incidents.incidentsAffecting(input.at, input.accountId));
    },

    /** A refund's current state at the processor, to wait for its settlement. */
    async fetchRefund(input: { processor: ProcessorName; transactionId: string; refundId: string }): Promise<RefundRecord | null> {
      return translatePortErrors(() => processorFor(input.processor).getRefund(input.transactionId, input.refundId));
    },

    /** Fetches what Loop meant to charge for the order; null when there is no such order. */
    async fetchOrder(input: { orderId: string }): Promise<OrderRecord | null> {
      return translatePortErrors(() => orders.getOrder(input.orderId));
    },
  };
}

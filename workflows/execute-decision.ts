import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ErrorType } from '../domain/errors';
import { moneyMovementKey } from '../domain/ids';
import type { CaseState, Resolution } from '../domain/vocabulary';
import type { CaseInput } from './resolve-discrepancy';

const { issueRefund, creditAccount } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  // Money moves under an idempotency key, so retrying after a lost answer is safe; a refusal is final.
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [ErrorType.REFUND_REFUSED, ErrorType.CREDIT_REFUSED, ErrorType.PORT_PROTOCOL_ERROR],
  },
});

export type ExecutionOutcome = { resolution: Resolution } | { refused: string };

/** Carries out the case's current decision exactly once: a refund, an account credit, or a recorded denial. */
export async function executeDecision(state: CaseState, input: CaseInput): Promise<ExecutionOutcome> {
  const decision = state.decision;
  if (!decision) throw ApplicationFailure.nonRetryable('no decision to execute', ErrorType.WRONG_STATE);
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const resolved = (amount: Resolution['amount'], reference: string | null): ExecutionOutcome => ({
    resolution: {
      action: decision.action,
      amount,
      reference,
      resolvedAt: new Date().toISOString(),
      decisionSequence: decision.sequence,
    },
  });

  try {
    switch (decision.action) {
      case 'DENY':
        return resolved(null, null);
      case 'REFUND': {
        const amount = decision.amount!;
        const refund = await issueRefund({
          processor: input.report.transaction.processor,
          transactionId: input.report.transaction.id,
          amount,
          reason: decision.reason,
          idempotencyKey: moneyMovementKey(workflowId, firstExecutionRunId, 'refund', decision.sequence),
        });
        return resolved(amount, refund.id);
      }
      case 'ACCOUNT_CREDIT': {
        const amount = decision.amount!;
        const entry = await creditAccount({
          accountId: input.report.customer.id,
          amount,
          reason: decision.reason,
          idempotencyKey: moneyMovementKey(workflowId, firstExecutionRunId, 'credit', decision.sequence),
        });
        return resolved(amount, entry.entryId);
      }
    }
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && (cause.type === ErrorType.REFUND_REFUSED || cause.type === ErrorType.CREDIT_REFUSED)) {
      return { refused: `${cause.type}: ${cause.message}` };
    }
    throw err;
  }
}

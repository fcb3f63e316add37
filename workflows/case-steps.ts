import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ErrorType } from '../domain/errors';
import { moneyMovementKey } from '../domain/ids';
import type { NotificationKind } from '../activities/ports';
import type { CaseState, DisputeReport, Findings, Resolution } from '../domain/vocabulary';
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

const { fetchTransaction, fetchOrder } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const { notifyCustomer: sendNotification } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // A message that cannot go out must never block the case: it gives up after a day.
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/** Workflow time (deterministic in the sandbox) as an ISO string: payloads carry no Date objects. */
export function now(): string {
  return new Date().toISOString();
}

/** Looks the transaction up at its processor, then the order it pays for. */
export async function investigate(report: DisputeReport): Promise<Findings> {
  const transaction = await fetchTransaction({ processor: report.transaction.processor, transactionId: report.transaction.id });
  const order = transaction?.orderId ? await fetchOrder({ orderId: transaction.orderId }) : null;
  return { transaction, order, investigatedAt: now() };
}

/** Tells the customer about a step; the key (case run, step, decision number) sends it once however often it retries. */
export async function notifyCustomer(state: CaseState, input: CaseInput, kind: NotificationKind, facts: Record<string, string>): Promise<void> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  await sendNotification({
    caseId: state.caseId,
    kind,
    to: input.report.customer.email,
    locale: input.report.customer.locale,
    facts: { caseId: state.caseId, ...facts },
    idempotencyKey: `${workflowId}/${firstExecutionRunId}/${kind}-${state.decisions.length}`,
  });
}

export function resolutionFacts(r: Resolution): Record<string, string> {
  return {
    action: r.action,
    ...(r.amount ? { amountMinor: String(r.amount.amountMinor), currency: r.amount.currency } : {}),
    ...(r.reference ? { reference: r.reference } : {}),
  };
}

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
      resolvedAt: now(),
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

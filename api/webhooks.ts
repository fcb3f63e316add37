import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { workflowIdFor } from '../domain/ids';
import type { CasePolicy, DisputeReport } from '../domain/vocabulary';
import { toChargebackRecord } from '../adapters/sandbox/processor';
import { chargebackSignal, refundSettlementSignal, resolveDiscrepancy, type CaseInput } from '../workflows/resolve-discrepancy';
import { initialSearchAttributes } from '../workflows/search-attributes';
import { caseIdFor } from './case-id';
import { invalidInput } from './problems';

const SandboxEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['chargeback.opened', 'chargeback.closed']),
    transaction_id: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/),
    chargeback: z.object({ id: z.string().min(1), amount_minor: z.number().int().positive(), status: z.enum(['open', 'won', 'lost']), opened_at: z.string() }),
  }),
  z.object({
    type: z.enum(['refund.settled', 'refund.failed']),
    transaction_id: z.string().min(1),
    refund: z.object({ id: z.string().min(1), status: z.string(), reason: z.string().optional() }),
  }),
]);

/**
 * `POST /v1/webhooks/sandbox`: the sandbox processor's events. A chargeback opens the case for its
 * transaction or joins the open one (signal-with-start, one case per processor + transaction); a
 * refund settlement is signalled to the case that issued it. (Signed webhooks of the real
 * processors come with their adapters; the sandbox's are unsigned and for local use.)
 */
export function createSandboxWebhook({ client, taskQueue, policy }: { client: Client; taskQueue: string; policy: CasePolicy }): RequestHandler {
  return async (req, res) => {
    const parsed = SandboxEventSchema.safeParse(req.body);
    if (!parsed.success) throw invalidInput(parsed.error);
    const event = parsed.data;
    const caseId = caseIdFor('sandbox', event.transaction_id);
    const workflowId = workflowIdFor(caseId);

    if ('refund' in event) {
      await client.workflow.getHandle(workflowId).signal(refundSettlementSignal, {
        refundId: event.refund.id,
        status: event.type === 'refund.settled' ? 'SUCCEEDED' : 'FAILED',
        ...(event.refund.reason ? { reason: event.refund.reason } : {}),
      });
      res.json({ received: true, disputeId: caseId });
      return;
    }

    if (event.type === 'chargeback.closed') {
      // A closing chargeback only concerns a case that exists: it never opens one.
      const delivered = await client.workflow
        .getHandle(workflowId)
        .signal(chargebackSignal, toChargebackRecord({ ...event.chargeback }, event.currency))
        .then(() => true, (err: unknown) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err)));
      res.json({ received: true, disputeId: delivered ? caseId : null });
      return;
    }

    const report: DisputeReport = {
      customer: null,
      channel: 'processor',
      category: 'OTHER',
      transaction: { processor: 'sandbox', id: event.transaction_id },
      description: `Chargeback ${event.chargeback.id} opened at the processor.`,
    };
    const input: CaseInput = { caseId, report, receivedAt: new Date().toISOString(), intakeRequestId: randomUUID(), policy };
    await client.workflow.signalWithStart(resolveDiscrepancy, {
      workflowId,
      taskQueue,
      args: [input],
      signal: chargebackSignal,
      signalArgs: [toChargebackRecord({ ...event.chargeback }, event.currency)],
      typedSearchAttributes: initialSearchAttributes(report),
    });
    res.json({ received: true, disputeId: caseId });
  };
}

import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import express, { type Router } from 'express';
import { z } from 'zod';
import { WebhookRejected, type ProcessorEvent, type WebhookVerifier } from '../activities/ports';
import { toChargebackRecord } from '../adapters/sandbox/processor';
import { ErrorType } from '../domain/errors';
import { workflowIdFor } from '../domain/ids';
import type { CasePolicy, DisputeReport, ProcessorName } from '../domain/vocabulary';
import { isFinal } from '../domain/transitions';
import { caseStateQuery, chargebackSignal, refundSettlementSignal, resolveDiscrepancy, type CaseInput } from '../workflows/resolve-discrepancy';
import { initialSearchAttributes } from '../workflows/search-attributes';
import { caseMetadata } from './cases';
import { caseIdFor } from './case-id';
import { writeWithin } from './deadlines';
import { jsonBody, refuseDeepJson } from './json-body';
import { Problem, invalidInput } from './problems';

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

/** The sandbox's (unsigned) events in our vocabulary; the event id is derived, since the sandbox sends none. */
function fromSandbox(body: unknown): ProcessorEvent {
  const parsed = SandboxEventSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const e = parsed.data;
  if ('refund' in e) {
    const status = e.type === 'refund.settled' ? 'SUCCEEDED' : 'FAILED';
    return { eventId: `${e.type}:${e.refund.id}`, kind: 'REFUND_SETTLEMENT', transactionId: e.transaction_id, refundId: e.refund.id, status, ...(e.refund.reason ? { reason: e.refund.reason } : {}) };
  }
  return { eventId: `${e.type}:${e.chargeback.id}:${e.chargeback.status}`, kind: 'CHARGEBACK', transactionId: e.transaction_id, chargeback: toChargebackRecord(e.chargeback, e.currency) };
}

export interface WebhookDeps {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
  /** Signature checkers of the configured real processors. */
  verifiers: Partial<Record<ProcessorName, WebhookVerifier>>;
  /** Processors this deployment accepts; the unsigned sandbox webhook exists only when the sandbox is one. */
  processors: readonly ProcessorName[];
  /** Where people reach the API and the console (PUBLIC_URL): the links in a case's details in the Temporal UI. */
  publicUrl?: string;
}

/**
 * `POST /v1/webhooks/{processor}`: the processors' events. Each is verified on its raw body, then
 * a chargeback opens the case for its transaction or joins the open one (signal-with-start: one case
 * per processor + transaction), a closing chargeback or a refund settlement is signalled to the
 * case. An event id seen before is answered 200 and changes nothing (the case remembers the ids).
 * The sandbox's events are unsigned and for local use only.
 */
export function createWebhookRouter({ client, taskQueue, policy, verifiers, processors, publicUrl }: WebhookDeps): Router {
  const router = express.Router();
  /**
   * One write deadline for all of an event's calls (the read that decides, then the signal): a
   * hanging Temporal answers 503 once, in time, and the processor delivers the event again.
   */
  const within = <T>(fn: () => Promise<T>) => writeWithin(client, fn);

  async function dispatch(processor: ProcessorName, event: ProcessorEvent) {
    if (event.kind === 'IGNORED') return { received: true, disputeId: null, ignored: event.reason };
    const caseId = caseIdFor(processor, event.transactionId);
    const handle = client.workflow.getHandle(workflowIdFor(caseId));
    const toExistingCase = (send: () => Promise<void>) =>
      send().then(
        () => ({ received: true, disputeId: caseId }),
        // An event about a case that does not run (a refund we never issued, a chargeback closing on no case) changes nothing.
        (err: unknown) => (err instanceof WorkflowNotFoundError ? { received: true, disputeId: null } : Promise.reject(err)),
      );

    if (event.kind === 'REFUND_SETTLEMENT') {
      return toExistingCase(() =>
        handle.signal(refundSettlementSignal, { refundId: event.refundId, status: event.status, eventId: event.eventId, ...(event.reason ? { reason: event.reason } : {}) }),
      );
    }
    // Only a chargeback that may still move money opens a case (an unknown status counts as open).
    if (event.chargeback.status === 'WON' || event.chargeback.status === 'LOST') return toExistingCase(() => handle.signal(chargebackSignal, event.chargeback, event.eventId));

    // The case remembers the events it applied; a closed case still answers queries, so a
    // redelivered "opened" event after closure does not open a second case.
    const latest = await handle.query(caseStateQuery).catch(() => null);
    if (latest && isFinal(latest.status) && (latest.processorEvents.includes(event.eventId) || latest.chargebacks.some((c) => c.id === event.chargeback.id && c.status === 'OPEN'))) {
      return { received: true, disputeId: caseId, ignored: 'this chargeback was already handled by the closed case' };
    }

    const report: DisputeReport = {
      customer: null,
      channel: 'processor',
      category: 'OTHER',
      transaction: { processor, id: event.transactionId },
      description: `Chargeback ${event.chargeback.id} opened at the processor.`,
    };
    const input: CaseInput = { caseId, report, receivedAt: new Date().toISOString(), intakeRequestId: randomUUID(), policy };
    await client.workflow.signalWithStart(resolveDiscrepancy, {
      workflowId: workflowIdFor(caseId),
      taskQueue,
      args: [input],
      signal: chargebackSignal,
      signalArgs: [event.chargeback, event.eventId],
      typedSearchAttributes: initialSearchAttributes(report),
      ...caseMetadata(caseId, report, publicUrl),
    });
    return { received: true, disputeId: caseId };
  }

  if (processors.includes('sandbox')) {
    router.post('/sandbox', jsonBody({ limit: '64kb' }), async (req, res) => {
      res.json(await within(() => dispatch('sandbox', fromSandbox(req.body))));
    });
  }

  // Signatures are over the exact bytes received: read the body raw, never re-serialised JSON.
  router.post('/:processor', express.raw({ type: () => true, limit: '256kb', verify: refuseDeepJson }), async (req, res) => {
    const processor = req.params.processor as ProcessorName;
    const verifier = Object.hasOwn(verifiers, processor) ? verifiers[processor] : undefined;
    if (!verifier) throw new Problem(ErrorType.NOT_FOUND, `No webhook for processor ${req.params.processor} in this deployment.`);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v]));
    let event: ProcessorEvent;
    try {
      event = await verifier.verify(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), headers);
    } catch (err) {
      if (err instanceof WebhookRejected) throw new Problem(ErrorType.INVALID_INPUT, `Webhook refused: ${err.message}`, [{ field: 'signature', reason: err.message }]);
      throw err;
    }
    res.json(await within(() => dispatch(processor, event)));
  });
  return router;
}

import type { Client } from '@temporalio/client';
import express, { type Request } from 'express';
import { ErrorType } from '../domain/errors';
import { CASE_ID_PATTERN, caseIdFromWorkflowId, workflowIdFor } from '../domain/ids';
import type { CasePolicy, CaseState, ProcessorName } from '../domain/vocabulary';
import {
  caseStateQuery,
  decisionUpdate,
  informationUpdate,
  satisfactionUpdate,
  withdrawalUpdate,
} from '../workflows/resolve-discrepancy';
import {
  ChannelKey,
  DisputeCategoryKey,
  DisputeStatusKey,
  EscalatedKey,
  LiabilityKey,
  ProcessorKey,
  SlaBreachedKey,
} from '../workflows/search-attributes';
import { createWebhookRouter } from './webhooks';
import type { WebhookVerifier } from '../activities/ports';
import { openCase } from './cases';
import { Problem, caseNotFound, invalidInput, problemMiddleware } from './problems';
import { DecisionSchema, IdempotencyKeySchema, InformationSchema, ListQuerySchema, SatisfactionSchema, WithdrawalSchema, reportSchema } from './schemas';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
  processors: readonly ProcessorName[];
  /** Signature checkers for the real processors' webhooks (none: only the sandbox's are accepted). */
  webhookVerifiers?: Partial<Record<ProcessorName, WebhookVerifier>>;
  log?: (msg: string, err?: unknown) => void;
}

/** The public view of a case: the workflow's state under the API's names. */
function view(state: CaseState) {
  const { caseId, ...rest } = state;
  return { disputeId: caseId, ...rest };
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, prefix);
  return result.data;
}

/**
 * The HTTP API, built from its dependencies and not listening (tests drive it in-process).
 * Each handler validates, makes one Temporal call, and maps the answer; no policy lives here.
 */
export function createApp({ client, taskQueue, policy, processors, webhookVerifiers = {}, log = console.error }: ApiDeps) {
  const app = express();
  app.disable('x-powered-by');
  // Before the JSON parser: webhooks verify signatures over the raw body.
  app.use('/v1/webhooks', createWebhookRouter({ client, taskQueue, policy, verifiers: webhookVerifiers, processors }));
  app.use(express.json({ limit: '32kb', type: ['application/json', 'application/*+json'] }));
  const ReportSchema = reportSchema(processors);

  function caseHandle(req: Request) {
    const id = String(req.params.id);
    if (!CASE_ID_PATTERN.test(id)) throw caseNotFound(id);
    return { id, handle: client.workflow.getHandle(workflowIdFor(id)) };
  }

  /** An update refused because the case's run has ended answers 409, an unknown case 404. */
  async function whenEnded<T>(id: string, handle: ReturnType<Client['workflow']['getHandle']>, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof Error) || !/not found|already completed/i.test(err.message) || err instanceof Problem) throw err;
      const exists = await handle.describe().then(() => true, () => false);
      if (!exists) throw caseNotFound(id);
      throw new Problem(ErrorType.WRONG_STATE, `Dispute ${id} is closed; it accepts no further messages.`, [{ field: 'status', reason: 'the case is closed' }]);
    }
  }

  app.get('/health', async (_req, res) => {
    const temporal = await client.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unreachable');
    res.status(temporal === 'ok' ? 200 : 503).json({ status: temporal === 'ok' ? 'ok' : 'degraded', temporal });
  });

  app.post('/v1/disputes', async (req, res) => {
    const report = parse(ReportSchema, req.body);
    const idempotencyKey = parse(IdempotencyKeySchema, req.header('Idempotency-Key'), 'header:');
    const ack = await openCase({ client, taskQueue, policy }, report, idempotencyKey);
    res
      .status(ack.duplicate ? 200 : 202)
      .location(`/v1/disputes/${ack.caseId}`)
      .json({ disputeId: ack.caseId, status: ack.status, duplicate: ack.duplicate });
  });

  app.get('/v1/disputes', async (req, res) => {
    const q = parse(ListQuerySchema, req.query, 'query:');
    const clauses = [`WorkflowType = 'resolveDiscrepancy'`];
    // Values come from closed enums, so quoting them is safe.
    if (q.status) clauses.push(`${DisputeStatusKey.name} = '${q.status}'`);
    if (q.category) clauses.push(`${DisputeCategoryKey.name} = '${q.category}'`);
    if (q.processor) clauses.push(`${ProcessorKey.name} = '${q.processor}'`);
    if (q.channel) clauses.push(`${ChannelKey.name} = '${q.channel}'`);
    if (q.liability) clauses.push(`${LiabilityKey.name} = '${q.liability}'`);
    if (q.slaBreached !== undefined) clauses.push(`${SlaBreachedKey.name} = ${q.slaBreached}`);
    if (q.escalated !== undefined) clauses.push(`${EscalatedKey.name} = ${q.escalated}`);
    const data = [];
    for await (const wf of client.workflow.list({ query: clauses.join(' AND '), pageSize: q.limit })) {
      const sa = wf.typedSearchAttributes;
      data.push({
        disputeId: caseIdFromWorkflowId(wf.workflowId),
        status: sa.get(DisputeStatusKey) ?? null,
        category: sa.get(DisputeCategoryKey) ?? null,
        processor: sa.get(ProcessorKey) ?? null,
        channel: sa.get(ChannelKey) ?? null,
        liability: sa.get(LiabilityKey) ?? null,
        slaBreached: sa.get(SlaBreachedKey) ?? false,
        escalated: sa.get(EscalatedKey) ?? false,
        openedAt: wf.startTime.toISOString(),
        closedAt: wf.closeTime?.toISOString() ?? null,
      });
      if (data.length >= q.limit) break;
    }
    res.json({ data });
  });

  app.get('/v1/disputes/:id', async (req, res) => {
    const { handle } = caseHandle(req);
    res.json(view(await handle.query(caseStateQuery)));
  });

  app.post('/v1/disputes/:id/decision', async (req, res) => {
    const { id, handle } = caseHandle(req);
    const decision = parse(DecisionSchema, req.body);
    res.json(view(await whenEnded(id, handle, () => handle.executeUpdate(decisionUpdate, { args: [decision] }))));
  });

  app.post('/v1/disputes/:id/information', async (req, res) => {
    const { id, handle } = caseHandle(req);
    const answer = parse(InformationSchema, req.body);
    res.json(view(await whenEnded(id, handle, () => handle.executeUpdate(informationUpdate, { args: [answer] }))));
  });

  app.post('/v1/disputes/:id/withdrawal', async (req, res) => {
    const { id, handle } = caseHandle(req);
    const withdrawal = parse(WithdrawalSchema, req.body ?? {});
    res.json(view(await whenEnded(id, handle, () => handle.executeUpdate(withdrawalUpdate, { args: [withdrawal] }))));
  });

  app.post('/v1/disputes/:id/satisfaction', async (req, res) => {
    const { id, handle } = caseHandle(req);
    const answer = parse(SatisfactionSchema, req.body);
    res.json(view(await whenEnded(id, handle, () => handle.executeUpdate(satisfactionUpdate, { args: [answer] }))));
  });

  app.use((req, _res, next) => next(new Problem(ErrorType.NOT_FOUND, `No route ${req.method} ${req.path}.`)));
  app.use(problemMiddleware(log));
  return app;
}

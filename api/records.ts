import express, { type Request, type Router } from 'express';
import type { Pool } from 'pg';
import { ErrorType } from '../domain/errors';
import { CASE_ID_PATTERN } from '../domain/ids';
import { sentMailOf } from '../records/mail';
import { BadCursor, listCases, queueCounts } from '../records/queries';
import { casesCsv, summary } from '../records/reports';
import { allow, principalOf } from './auth';
import { Problem, invalidInput } from './problems';
import { CsvQuerySchema, ListQuerySchema, SummaryQuerySchema } from './schemas';

export interface RecordsRoutesDeps {
  /** The records database; without it these routes answer 503 saying so. */
  records?: Pool;
  /** Loop's time zone: report periods are whole days there. */
  timeZone: string;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, 'query:');
  return result.data;
}

/** A read of the records database that fails as 503 (down, slow, not configured), never as a 500. */
export async function fromRecords<T>(pool: Pool | undefined, read: (pool: Pool) => Promise<T>): Promise<T> {
  if (!pool) throw new Problem(ErrorType.UNAVAILABLE, 'The case records database is not configured (DATABASE_URL); queues and reports read from it.');
  try {
    return await read(pool);
  } catch (err) {
    if (err instanceof Problem || err instanceof BadCursor) throw err;
    throw new Problem(ErrorType.UNAVAILABLE, 'The case records database did not answer; try again shortly.');
  }
}

/**
 * The reads that PostgreSQL answers rather than Temporal: `GET /v1/disputes` (the queues: filters,
 * search, sort, keyset paging), `GET /v1/queues` (counts per tab), and the continuous-improvement
 * reports (`/v1/reports/summary`, `/v1/reports/cases.csv`). Records may lag their cases by a moment;
 * a case's own page (`GET /v1/disputes/{id}`) reads the workflow.
 */
export function createRecordsRouter({ records, timeZone }: RecordsRoutesDeps): Router {
  const router = express.Router();

  router.get('/v1/disputes', allow('agent', 'supervisor'), async (req, res) => {
    const q = parse(ListQuerySchema, req.query);
    try {
      const page = await fromRecords(records, (pool) =>
        listCases(pool, {
          ...(q.status ? { statuses: q.status } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.processor ? { processor: q.processor } : {}),
          ...(q.channel ? { channel: q.channel } : {}),
          ...(q.liability ? { liability: q.liability } : {}),
          ...(q.escalated !== undefined ? { escalated: q.escalated } : {}),
          ...(q.slaBreached !== undefined ? { slaBreached: q.slaBreached } : {}),
          ...(q.assignee ? { assignee: q.assignee } : {}),
          ...(q.due_before ? { dueBefore: q.due_before } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          sort: q.sort,
          order: q.order,
          limit: q.limit,
        }),
      );
      res.json(page);
    } catch (err) {
      if (err instanceof BadCursor) throw new Problem(ErrorType.INVALID_INPUT, 'The cursor is not one this API gave for this list.', [{ field: 'query:cursor', reason: err.message }]);
      throw err;
    }
  });

  // The e-mails a case sent (the shared outbound log), for the agent's case page. An unknown or
  // malformed case number answers an empty list: the log cannot tell a case with no mail yet from none.
  router.get('/v1/disputes/:id/emails', allow('agent', 'supervisor'), async (req, res) => {
    const id = String(req.params.id);
    if (!CASE_ID_PATTERN.test(id)) throw new Problem(ErrorType.CASE_NOT_FOUND, `No case ${id}.`);
    res.json({ data: await fromRecords(records, (pool) => sentMailOf(pool, id)) });
  });

  router.get('/v1/queues', allow('agent', 'supervisor'), async (req, res) => {
    const queues = await fromRecords(records, (pool) => queueCounts(pool, principalOf(req).subject));
    res.json({ queues });
  });

  /** Supervisors and analysts see every case; an agent their own decisions' figures. */
  const scopeOf = (req: Request) => (principalOf(req).role === 'agent' ? { scope: 'mine' as const, decidedBy: principalOf(req).subject } : { scope: 'all' as const });

  router.get('/v1/reports/summary', allow('agent', 'supervisor', 'analyst'), async (req, res) => {
    const q = parse(SummaryQuerySchema, req.query);
    const { scope, decidedBy } = { decidedBy: undefined, ...scopeOf(req) };
    const report = await fromRecords(records, (pool) => summary(pool, { from: q.from, to: q.to, timeZone, ...(decidedBy ? { decidedBy } : {}) }, q.groupBy ?? null));
    res.json({ scope, ...report });
  });

  router.get('/v1/reports/cases.csv', allow('agent', 'supervisor', 'analyst'), async (req, res) => {
    const q = parse(CsvQuerySchema, req.query);
    const { decidedBy } = { decidedBy: undefined, ...scopeOf(req) };
    // Analysts work on figures, not people: no customer id or e-mail in their export.
    const personal = principalOf(req).role !== 'analyst';
    const csv = await fromRecords(records, (pool) => casesCsv(pool, { from: q.from, to: q.to, timeZone, ...(decidedBy ? { decidedBy } : {}) }, { personal }));
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="cases-${q.from}-to-${q.to}.csv"`)
      .send(csv);
  });

  return router;
}

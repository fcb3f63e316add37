import type { Pool } from 'pg';
import { addBusinessDays } from '../domain/business-days';

/** Statuses in which the agents still have something to do (a resolved case only waits for its follow-up). */
export const WORKING_STATUSES = ['RECEIVED', 'INVESTIGATING', 'AWAITING_CUSTOMER', 'AWAITING_DECISION', 'AWAITING_PROCESSOR', 'RESOLVING'] as const;
/** Statuses after which a case run is over. */
export const ENDED_STATUSES = ['CLOSED', 'WITHDRAWN'] as const;

export const LIST_SORTS = ['due', 'opened', 'amount'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export interface ListFilters {
  statuses?: string[];
  category?: string;
  processor?: string;
  channel?: string;
  liability?: string;
  escalated?: boolean;
  slaBreached?: boolean;
  assignee?: string;
  /** First decision due before this instant (ISO). */
  dueBefore?: string;
  /** A case number (or its start), a customer e-mail address, an order id or a transaction id. */
  q?: string;
}

export interface ListRequest extends ListFilters {
  sort: ListSort;
  order: 'asc' | 'desc';
  limit: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

/** One row of a queue, as an agent scans it. */
export interface CaseRow {
  disputeId: string;
  status: string;
  category: string;
  processor: string;
  channel: string;
  liability: string | null;
  amount: { amountMinor: number; currency: string } | null;
  customerEmail: string | null;
  openedAt: string;
  /** Whole hours since the case opened. */
  ageHours: number;
  firstDecisionDueAt: string | null;
  /** When the first decision was made (null while it is still due): the countdown stops then. */
  firstDecisionAt: string | null;
  slaBreached: boolean;
  escalated: boolean;
  assignee: string | null;
  flags: { openChargeback: boolean; outsideReportingWindow: boolean };
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface CasePage {
  data: CaseRow[];
  nextCursor: string | null;
}

/** A cursor that does not decode to one of our positions (edited, from another sort, or garbage). */
export class BadCursor extends Error {
  override name = 'BadCursor';
}

/** Where the sort column's value is for each sort; nulls sort last whichever the order. */
const SORT_COLUMN: Record<ListSort, string> = { due: 'first_decision_due_at', opened: 'opened_at', amount: 'disputed_minor' };

interface Position {
  s: ListSort;
  o: 'asc' | 'desc';
  /** The sort value of the last row (null for a row without one), its case id and run. */
  v: string | number | null;
  id: string;
  run: string;
}

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');

function decode(cursor: string, sort: ListSort, order: 'asc' | 'desc'): Position {
  let p: Partial<Position>;
  try {
    p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Position>;
  } catch {
    throw new BadCursor('is not a cursor this API gave');
  }
  const valueOk = p.v === null || (sort === 'amount' ? typeof p.v === 'number' : typeof p.v === 'string' && !Number.isNaN(Date.parse(p.v)));
  if (typeof p !== 'object' || p === null || typeof p.id !== 'string' || typeof p.run !== 'string' || !valueOk) throw new BadCursor('is not a cursor this API gave');
  if (p.s !== sort || p.o !== order) throw new BadCursor('belongs to another sort order: start again without it');
  return p as Position;
}

/** Parameterised SQL, built clause by clause. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function filtered(f: ListFilters): Where {
  const w = new Where();
  if (f.statuses?.length) w.clauses.push(`status = ANY(${w.param(f.statuses)}::text[])`);
  if (f.category) w.clauses.push(`category = ${w.param(f.category)}`);
  if (f.processor) w.clauses.push(`processor = ${w.param(f.processor)}`);
  if (f.channel) w.clauses.push(`channel = ${w.param(f.channel)}`);
  if (f.liability) w.clauses.push(`liability = ${w.param(f.liability)}`);
  if (f.escalated !== undefined) w.clauses.push(`escalated = ${w.param(f.escalated)}`);
  if (f.slaBreached !== undefined) w.clauses.push(`sla_breached = ${w.param(f.slaBreached)}`);
  if (f.assignee) w.clauses.push(`assignee = ${w.param(f.assignee)}`);
  if (f.dueBefore) w.clauses.push(`first_decision_due_at < ${w.param(f.dueBefore)}`);
  if (f.q) {
    const q = f.q.trim();
    if (/^DSP-/i.test(q)) {
      // A case number, whole or its first characters (as an agent types it); case numbers are upper-case.
      w.clauses.push(`case_id LIKE ${w.param(`${q.toUpperCase().replace(/[%_\\]/g, '')}%`)}`);
    } else if (q.includes('@')) {
      w.clauses.push(`customer_email = ${w.param(q.toLowerCase())}`);
    } else {
      const p = w.param(q);
      w.clauses.push(`(order_id = ${p} OR transaction_id = ${p})`);
    }
  }
  return w;
}

function toIso(v: unknown): string | null {
  return v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);
}

function rowOf(r: Record<string, unknown>, now: number): CaseRow {
  const openedAt = toIso(r.opened_at)!;
  return {
    disputeId: String(r.case_id),
    status: String(r.status),
    category: String(r.category),
    processor: String(r.processor),
    channel: String(r.channel),
    liability: (r.liability as string | null) ?? null,
    amount: r.disputed_minor === null ? null : { amountMinor: Number(r.disputed_minor), currency: String(r.currency) },
    customerEmail: (r.customer_email as string | null) ?? null,
    openedAt,
    ageHours: Math.max(0, Math.floor((now - Date.parse(openedAt)) / 3_600_000)),
    firstDecisionDueAt: toIso(r.first_decision_due_at),
    firstDecisionAt: toIso(r.first_decision_at),
    slaBreached: Boolean(r.sla_breached),
    escalated: Boolean(r.escalated),
    assignee: (r.assignee as string | null) ?? null,
    flags: { openChargeback: Boolean(r.open_chargeback), outsideReportingWindow: Boolean(r.outside_reporting_window) },
    resolvedAt: toIso(r.resolved_at),
    closedAt: toIso(r.closed_at),
  };
}

/**
 * The case records a queue shows: filtered, searched, sorted and paged by keyset (sort value, case
 * id, run), so a page past the 200th row costs what the first does and a case that moves while an
 * agent pages is neither skipped nor repeated for the rows it has not reached. Each run of a case
 * number is its own row (a later report of a transaction after its case closed is another case).
 */
export async function listCases(pool: Pool, req: ListRequest, now = Date.now()): Promise<CasePage> {
  const w = filtered(req);
  const col = SORT_COLUMN[req.sort];
  const dir = req.order === 'desc' ? 'DESC' : 'ASC';
  // Nulls last in both orders (a case without a due date after every dated one).
  if (req.cursor) {
    const at = decode(req.cursor, req.sort, req.order);
    const cmp = req.order === 'desc' ? '<' : '>';
    const id = w.param(at.id);
    const run = w.param(at.run);
    if (at.v === null) {
      w.clauses.push(`(${col} IS NULL AND (case_id, case_run_id) ${cmp} (${id}, ${run}))`);
    } else {
      const v = w.param(at.v);
      w.clauses.push(`(${col} IS NULL OR (${col}, case_id, case_run_id) ${cmp} (${v}, ${id}, ${run}))`);
    }
  }
  const sql = `SELECT * FROM case_records ${w.sql} ORDER BY ${col} ${dir} NULLS LAST, case_id ${dir}, case_run_id ${dir} LIMIT ${w.param(req.limit + 1)}`;
  const { rows } = await pool.query(sql, w.params);
  const page = rows.slice(0, req.limit);
  const last = page.at(-1) as Record<string, unknown> | undefined;
  const more = rows.length > req.limit && last;
  const value = last ? last[col] : null;
  return {
    data: page.map((r) => rowOf(r as Record<string, unknown>, now)),
    nextCursor: more
      ? encode({ s: req.sort, o: req.order, v: value === null ? null : req.sort === 'amount' ? Number(value) : toIso(value), id: String(last.case_id), run: String(last.case_run_id) })
      : null,
  };
}

export interface QueueCounts {
  /** Waiting for an agent's decision. */
  needsDecision: number;
  waitingForCustomer: number;
  /** Handed to a supervisor and not yet resolved. */
  escalated: number;
  /** Waiting for a first decision due within one business day (and not yet late). */
  dueWithinOneBusinessDay: number;
  /** Past the first-decision SLA and not yet resolved. */
  breached: number;
  /** A decision being carried out (a refund waiting to settle). */
  resolving: number;
  /** Not resolved and assigned to the caller. */
  mine: number;
  /** Every case run not yet closed or withdrawn. */
  all: number;
}

/** The console's tab counts, in one pass over the open records. */
export async function queueCounts(pool: Pool, caller: string, now = new Date()): Promise<QueueCounts> {
  const soon = addBusinessDays(now.toISOString(), 1);
  const { rows } = await pool.query(
    `SELECT
       count(*) FILTER (WHERE status = 'AWAITING_DECISION') AS needs_decision,
       count(*) FILTER (WHERE status = 'AWAITING_CUSTOMER') AS waiting_for_customer,
       count(*) FILTER (WHERE escalated AND status = ANY($1::text[])) AS escalated,
       count(*) FILTER (WHERE status = 'AWAITING_DECISION' AND first_decision_at IS NULL AND first_decision_due_at > $2 AND first_decision_due_at <= $3) AS due_soon,
       count(*) FILTER (WHERE sla_breached AND status = ANY($1::text[])) AS breached,
       count(*) FILTER (WHERE status = 'RESOLVING') AS resolving,
       count(*) FILTER (WHERE assignee = $4 AND status = ANY($1::text[])) AS mine,
       count(*) AS all_open
     FROM case_records WHERE NOT (status = ANY($5::text[]))`,
    [WORKING_STATUSES, now.toISOString(), soon, caller, ENDED_STATUSES],
  );
  const r = rows[0] as Record<string, string>;
  return {
    needsDecision: Number(r.needs_decision),
    waitingForCustomer: Number(r.waiting_for_customer),
    escalated: Number(r.escalated),
    dueWithinOneBusinessDay: Number(r.due_soon),
    breached: Number(r.breached),
    resolving: Number(r.resolving),
    mine: Number(r.mine),
    all: Number(r.all_open),
  };
}

/**
 * The case numbers "next case" may hand to someone of `role`, most urgent first: waiting for a
 * decision and assigned to nobody, by first decision due then opened. A supervisor gets the
 * escalated ones first; an agent never gets one (only a supervisor decides an escalated case).
 * Records may lag their cases: the case's own `assign` update has the last word.
 */
export async function nextCaseCandidates(pool: Pool, role: 'agent' | 'supervisor', limit: number): Promise<string[]> {
  const supervisor = role === 'supervisor';
  const { rows } = await pool.query(
    `SELECT case_id FROM case_records
     WHERE status = 'AWAITING_DECISION' AND assignee IS NULL${supervisor ? '' : ' AND NOT escalated'}
     ORDER BY ${supervisor ? 'escalated DESC, ' : ''}first_decision_due_at ASC NULLS LAST, opened_at ASC, case_id ASC
     LIMIT $1`,
    [limit],
  );
  return rows.map((r: { case_id: string }) => r.case_id);
}

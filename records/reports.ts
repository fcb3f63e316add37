import type { Pool } from 'pg';
import { CASE_RECORD_COLUMNS } from './postgres';

/** What a summary can be broken down by. */
export const REPORT_GROUPS = ['category', 'processor', 'liability', 'channel', 'rule', 'week'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface ReportPeriod {
  /** First and last calendar day (YYYY-MM-DD) of cases opened, both included, read in `timeZone`. */
  from: string;
  to: string;
  timeZone: string;
  /** Only the cases this person decided (an agent's own figures). */
  decidedBy?: string;
}

/** The figures of one group (or of the whole period). Rates are shares between 0 and 1, null when nothing to measure. */
export interface Figures {
  opened: number;
  resolvedAutomatically: number;
  /** Of the cases opened, the share decided without an agent. */
  automaticShare: number | null;
  /** Hours from opening to a person's first decision, over the cases that had one. */
  hoursToFirstDecision: { p50: number | null; p90: number | null };
  /** Hours from opening to resolution, over the cases resolved. */
  hoursToResolution: { p50: number | null; p90: number | null };
  /** Of the cases with a first-decision deadline, the share that passed it. */
  slaBreachRate: number | null;
  /** Of the cases resolved, the share reopened at least once. */
  reopenRate: number | null;
  /** Of the follow-up answers, the share satisfied. */
  satisfactionRate: number | null;
  /** Money moved, per currency, in minor units. */
  refunds: { currency: string; count: number; amountMinor: number }[];
  credits: { currency: string; count: number; amountMinor: number }[];
  /** Cases per decision outcome (REFUND, ACCOUNT_CREDIT, EXPLAIN, DENY, ...); `NONE` before a decision. */
  outcomes: Record<string, number>;
}

export interface Summary {
  from: string;
  to: string;
  timeZone: string;
  groupBy: ReportGroup | null;
  totals: Figures;
  groups: ({ key: string | null } & Figures)[];
}

/** The SQL expression of a group's key; the week is its Monday in Loop's time zone. */
function groupExpression(group: ReportGroup | null): string {
  if (!group) return 'NULL::text';
  if (group === 'week') return `to_char(date_trunc('week', opened_at AT TIME ZONE $3), 'YYYY-MM-DD')`;
  return `${group}::text`;
}

/** The period's cases: opened from the start of `from` to the end of `to`, in Loop's time zone. */
function periodWhere(p: ReportPeriod): { sql: string; params: unknown[] } {
  const params: unknown[] = [p.from, p.to, p.timeZone];
  let sql = `opened_at >= ($1::date)::timestamp AT TIME ZONE $3 AND opened_at < ($2::date + 1)::timestamp AT TIME ZONE $3`;
  if (p.decidedBy) {
    params.push(p.decidedBy);
    sql += ` AND decided_by = $4`;
  }
  return { sql, params };
}

const hours = (expr: string) => `EXTRACT(EPOCH FROM (${expr})) / 3600.0`;
const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);
const ratio = (part: unknown, whole: unknown) => (Number(whole) > 0 ? Math.round((Number(part) / Number(whole)) * 10_000) / 10_000 : null);

/**
 * The continuous-improvement summary for a period, broken down by `groupBy` (and in total): one
 * grouped pass for the counts and percentiles (GROUPING SETS gives the totals in the same scan),
 * one for money per currency, one for outcomes.
 */
export async function summary(pool: Pool, period: ReportPeriod, groupBy: ReportGroup | null): Promise<Summary> {
  const { sql: where, params } = periodWhere(period);
  const cases = `(SELECT *, ${groupExpression(groupBy)} AS k FROM case_records WHERE ${where}) c`;
  /** The select's head and its GROUP BY: per group and in total (GROUPING(k) = 1) with a breakdown, else in total only. */
  const by = (...more: string[]) =>
    groupBy
      ? { head: 'k, GROUPING(k) AS total', groupBy: `GROUP BY GROUPING SETS ((${['k', ...more].join(', ')})${more.length ? `, (${more.join(', ')})` : ', ()'})` }
      : { head: 'NULL::text AS k, 1 AS total', groupBy: more.length ? `GROUP BY ${more.join(', ')}` : '' };
  const perGroup = by();
  const main = await pool.query(
    `SELECT ${perGroup.head},
       count(*) AS opened,
       count(*) FILTER (WHERE decided_automatically) AS automatic,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('first_decision_at - opened_at')}) FILTER (WHERE first_decision_at IS NOT NULL) AS fd50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours('first_decision_at - opened_at')}) FILTER (WHERE first_decision_at IS NOT NULL) AS fd90,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('resolved_at - opened_at')}) FILTER (WHERE resolved_at IS NOT NULL) AS r50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours('resolved_at - opened_at')}) FILTER (WHERE resolved_at IS NOT NULL) AS r90,
       count(*) FILTER (WHERE first_decision_due_at IS NOT NULL) AS with_sla,
       count(*) FILTER (WHERE sla_breached) AS breached,
       count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved,
       count(*) FILTER (WHERE reopenings > 0) AS reopened,
       count(*) FILTER (WHERE satisfied IS NOT NULL) AS answered,
       count(*) FILTER (WHERE satisfied) AS satisfied
     FROM ${cases} ${perGroup.groupBy}`,
    params,
  );
  const perCurrency = by('currency');
  const money = await pool.query(
    `SELECT ${perCurrency.head}, currency,
       count(*) FILTER (WHERE refunded_minor > 0) AS refunds, COALESCE(sum(refunded_minor), 0) AS refunded,
       count(*) FILTER (WHERE credited_minor > 0) AS credits, COALESCE(sum(credited_minor), 0) AS credited
     FROM ${cases} ${perCurrency.groupBy}`,
    params,
  );
  const perOutcome = by('outcome');
  const outcomes = await pool.query(`SELECT ${perOutcome.head}, COALESCE(outcome, 'NONE') AS outcome, count(*) AS n FROM ${cases} ${perOutcome.groupBy}`, params);

  const empty = (): Figures => ({
    opened: 0,
    resolvedAutomatically: 0,
    automaticShare: null,
    hoursToFirstDecision: { p50: null, p90: null },
    hoursToResolution: { p50: null, p90: null },
    slaBreachRate: null,
    reopenRate: null,
    satisfactionRate: null,
    refunds: [],
    credits: [],
    outcomes: {},
  });
  const totals = empty();
  const groups = new Map<string | null, Figures>();
  // Without a breakdown every row is the total; with one, GROUPING() = 1 marks the total's rows.
  const figuresOf = (r: Record<string, unknown>): Figures => {
    if (!groupBy || Number(r.total) === 1) return totals;
    const k = (r.k as string | null) ?? null;
    if (!groups.has(k)) groups.set(k, empty());
    return groups.get(k)!;
  };
  for (const r of main.rows as Record<string, unknown>[]) {
    const f = figuresOf(r);
    f.opened = Number(r.opened);
    f.resolvedAutomatically = Number(r.automatic);
    f.automaticShare = ratio(r.automatic, r.opened);
    f.hoursToFirstDecision = { p50: num(r.fd50), p90: num(r.fd90) };
    f.hoursToResolution = { p50: num(r.r50), p90: num(r.r90) };
    f.slaBreachRate = ratio(r.breached, r.with_sla);
    f.reopenRate = ratio(r.reopened, r.resolved);
    f.satisfactionRate = ratio(r.satisfied, r.answered);
  }
  for (const r of money.rows as Record<string, unknown>[]) {
    const f = figuresOf(r);
    if (Number(r.refunds) > 0) f.refunds.push({ currency: String(r.currency), count: Number(r.refunds), amountMinor: Number(r.refunded) });
    if (Number(r.credits) > 0) f.credits.push({ currency: String(r.currency), count: Number(r.credits), amountMinor: Number(r.credited) });
  }
  for (const r of outcomes.rows as Record<string, unknown>[]) figuresOf(r).outcomes[String(r.outcome)] = Number(r.n);
  for (const f of [totals, ...groups.values()]) {
    f.refunds.sort((a, b) => a.currency.localeCompare(b.currency));
    f.credits.sort((a, b) => a.currency.localeCompare(b.currency));
  }
  const keys = [...groups.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return { from: period.from, to: period.to, timeZone: period.timeZone, groupBy, totals, groups: keys.map((k) => ({ key: k, ...groups.get(k)! })) };
}

/** Columns a person without access to customers' details (an analyst) never gets. */
const PERSONAL_COLUMNS = new Set(['customer_id', 'customer_email']);

/** A spreadsheet would run a cell starting with these as a formula: such a cell gets a leading apostrophe. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The period's case records as CSV (RFC 4180: a header row, CRLF line ends, quoted where needed),
 * one line per case run, oldest first. `personal: false` leaves out the customer's id and e-mail.
 */
export async function casesCsv(pool: Pool, period: ReportPeriod, { personal }: { personal: boolean }): Promise<string> {
  const { sql: where, params } = periodWhere(period);
  const columns = CASE_RECORD_COLUMNS.map(([, c]) => c).filter((c) => c !== 'version' && (personal || !PERSONAL_COLUMNS.has(c)));
  const { rows } = await pool.query(`SELECT ${columns.join(', ')} FROM case_records WHERE ${where} ORDER BY opened_at, case_id, case_run_id`, params);
  const lines = [columns.join(','), ...(rows as Record<string, unknown>[]).map((r) => columns.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

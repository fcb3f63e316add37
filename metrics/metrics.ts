import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { NotificationKind } from '../activities/ports';
import type { Channel, DecisionAction, DisputeStatus } from '../domain/vocabulary';

/** What reads the records database: a pg Pool or client is one. */
export interface Queryable {
  query(sql: string): Promise<{ rows: unknown[] }>;
}

export const MONEY_OUTCOMES = ['issued', 'refused', 'failed'] as const;
export type MoneyOutcome = (typeof MONEY_OUTCOMES)[number];
export const EMAIL_OUTCOMES = ['sent', 'failed'] as const;
export type EmailOutcome = (typeof EMAIL_OUTCOMES)[number];

/** Open means neither closed nor withdrawn; the statement is the issue's, read at every scrape. */
export const OPEN_CASES_SQL = `SELECT status, count(*)::int AS count FROM case_records WHERE status NOT IN ('CLOSED','WITHDRAWN') GROUP BY status`;

/**
 * One process's metrics, on a registry of its own (never prom-client's global one, so two apps in
 * one process or one test file never share counts). Every label value comes from a closed vocabulary.
 */
export interface LoopMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  casesOpened: Counter<'channel'>;
  decisions: Counter<'action'>;
  refunds: Counter<'outcome'>;
  credits: Counter<'outcome'>;
  emails: Counter<'kind' | 'outcome'>;
  recordWritesFailed: Counter;
  /** The Prometheus text exposition of this registry. */
  exposition(): Promise<string>;
}

export interface MetricsOptions {
  /** The records database: `loop_open_cases{status}` is read from it at each scrape; without it the gauge stays empty. */
  openCases?: Queryable;
  /** Node's process metrics (CPU, memory, event loop, GC). @default true */
  processMetrics?: boolean;
}

function openCaseRows(rows: unknown[]): { status: DisputeStatus; count: number }[] {
  return rows.map((r) => {
    const row = r as { status: DisputeStatus; count: number | string };
    return { status: row.status, count: Number(row.count) };
  });
}

/** Builds a process's registry with the default Node metrics and Loop's named ones. */
export function createMetrics({ openCases, processMetrics = true }: MetricsOptions = {}): LoopMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // One read per scrape, shared by the two gauges: the registry collects them concurrently, in registration order.
  let lastRead: Promise<boolean> = Promise.resolve(true);
  new Gauge<'status'>({
    name: 'loop_open_cases',
    help: 'Cases neither closed nor withdrawn, per status, read from the records database at scrape time.',
    labelNames: ['status'],
    registers,
    collect() {
      if (!openCases) return;
      // A failed read must not fail the scrape: the other metrics still matter most when the database is down.
      lastRead = openCases.query(OPEN_CASES_SQL).then(
        ({ rows }) => {
          this.reset();
          for (const { status, count } of openCaseRows(rows)) this.set({ status }, count);
          return true;
        },
        () => {
          this.reset();
          return false;
        },
      );
      return lastRead.then(() => undefined);
    },
  });
  new Gauge({
    name: 'loop_open_cases_read_failed',
    help: '1 when this scrape could not read the open cases from the records database (loop_open_cases is then empty), else 0.',
    registers,
    async collect() {
      this.set((await lastRead) ? 0 : 1);
    },
  });
  return {
    registry,
    httpRequests: new Counter({ name: 'loop_http_requests_total', help: 'HTTP requests answered, by method, Express route template (or "unmatched") and status.', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({
      name: 'loop_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and Express route template.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    casesOpened: new Counter({ name: 'loop_cases_opened_total', help: 'New cases opened through the API, by channel (a report joining an open case is not counted).', labelNames: ['channel'], registers }),
    decisions: new Counter({ name: 'loop_decisions_total', help: 'Agent and supervisor decisions the case accepted, by action.', labelNames: ['action'], registers }),
    refunds: new Counter({ name: 'loop_refunds_total', help: 'Refund attempts at the processors, by outcome (issued, refused for good, failed and retried).', labelNames: ['outcome'], registers }),
    credits: new Counter({ name: 'loop_credits_total', help: 'Account-credit attempts at the ledger, by outcome (issued, refused, failed).', labelNames: ['outcome'], registers }),
    emails: new Counter({ name: 'loop_emails_total', help: 'Customer e-mail send attempts, by kind and outcome (sent, failed).', labelNames: ['kind', 'outcome'], registers }),
    recordWritesFailed: new Counter({ name: 'loop_record_writes_failed_total', help: 'Case-record writes to the records database that failed (the case goes on; the write is retried).', registers }),
    exposition: () => registry.metrics(),
  };
}

/** Typed label helpers: a label value outside its vocabulary does not compile. */
export const labels = {
  channel: (channel: Channel) => ({ channel }),
  action: (action: DecisionAction) => ({ action }),
  email: (kind: NotificationKind, outcome: EmailOutcome) => ({ kind, outcome }),
  outcome: (outcome: MoneyOutcome) => ({ outcome }),
};

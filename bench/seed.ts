import type { Pool } from 'pg';
import { createPostgresRecords } from '../records/postgres';
import type { CaseRecord, StatusChange } from '../records/record';
import { CATEGORIES, CHANNELS, LIABILITIES } from '../domain/vocabulary';

/** A small seeded generator (mulberry32): the same records every run, so runs compare. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPEN = ['RECEIVED', 'INVESTIGATING', 'AWAITING_CUSTOMER', 'AWAITING_DECISION', 'AWAITING_DECISION', 'AWAITING_DECISION', 'AWAITING_PROCESSOR', 'RESOLVING'] as const;
const ENDED = ['RESOLVED', 'FOLLOW_UP', 'CLOSED', 'CLOSED', 'WITHDRAWN'] as const;
const OUTCOMES = ['REFUND', 'REFUND', 'ACCOUNT_CREDIT', 'EXPLAIN', 'DENY'] as const;
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'GBP', 'USD'] as const;
const AGENTS = ['agent_1', 'agent_2', 'agent_3', 'agent_4', 'agent_5', 'agent_6'] as const;
const DAY = 86_400_000;

export interface Seeded {
  open: number;
  ended: number;
  /** Customer e-mail addresses present in the records, to search for. */
  emails: string[];
  /** The period the records were opened in (YYYY-MM-DD), for the summary report. */
  from: string;
  to: string;
}

/**
 * Writes `open` open case records and `ended` resolved / closed ones through the records port (as
 * the workflow's activity does), with varied values: statuses, categories, channels, processors,
 * customers (about one in three has two cases), amounts and currencies, opened over the last 90 days,
 * due dates around now (some breached), assignees on about half.
 */
export async function seedRecords(pool: Pool, { open, ended, now = new Date(), log }: { open: number; ended: number; now?: Date; log: (line: string) => void }): Promise<Seeded> {
  const records = createPostgresRecords(pool);
  const next = random(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const customers = Math.round((open + ended) * 0.7);
  const total = open + ended;
  const at = (ms: number) => new Date(ms).toISOString();
  const writes: { record: CaseRecord; statusChanges: StatusChange[] }[] = [];
  for (let i = 0; i < total; i++) {
    const isOpen = i < open;
    const customer = Math.floor(next() * customers);
    const openedAt = now.getTime() - Math.floor(next() * 90 * DAY);
    const dueAt = isOpen ? now.getTime() + Math.floor((next() * 12 - 3) * DAY) : openedAt + 2 * DAY;
    const status = isOpen ? pick(OPEN) : pick(ENDED);
    const decided = !isOpen || status === 'RESOLVING';
    const resolvedAt = isOpen ? null : openedAt + Math.floor(next() * 10 * DAY);
    const outcome = decided ? pick(OUTCOMES) : null;
    const disputed = 500 + Math.floor(next() * 30_000);
    const automatic = decided ? next() < 0.3 : null;
    const caseId = `DSP-${String(1_000_000 + i).padStart(10, '0')}`;
    const statusSince = isOpen ? openedAt + Math.floor(next() * DAY) : resolvedAt!;
    writes.push({
      record: {
        caseId, caseRunId: `bench-run-${i}`, version: 3, status,
        category: pick(CATEGORIES), processor: pick(['sandbox', 'stripe', 'adyen', 'paypal']), channel: pick(CHANNELS),
        liability: decided || status === 'AWAITING_DECISION' ? pick(LIABILITIES) : null,
        rule: decided ? pick(['duplicate-capture', 'invoice-mismatch', 'refund-missing', 'fraud-no-incident']) : null,
        recommendedAction: status === 'AWAITING_DECISION' || decided ? pick(['REFUND', 'ASSIST', 'REVIEW']) : null,
        currency: pick(CURRENCIES), disputedMinor: disputed,
        refundedMinor: outcome === 'REFUND' ? disputed : 0, creditedMinor: outcome === 'ACCOUNT_CREDIT' ? disputed : 0,
        customerId: `cus_${customer}`, customerEmail: `customer${customer}@example.com`, customerLocale: pick(['fr', 'en']),
        orderId: `ord_${(i * 7919).toString(36)}`, transactionId: `txn_bench_${i}`,
        openedAt: at(openedAt), firstDecisionAt: decided ? at(openedAt + Math.floor(next() * 2 * DAY)) : null,
        firstDecisionDueAt: at(dueAt), resolutionDueAt: at(openedAt + 30 * DAY),
        resolvedAt: resolvedAt === null ? null : at(resolvedAt), closedAt: status === 'CLOSED' || status === 'WITHDRAWN' ? at(resolvedAt! + 7 * DAY) : null,
        slaBreached: dueAt < now.getTime() && !decided, escalated: next() < 0.05, outsideReportingWindow: next() < 0.02, openChargeback: next() < 0.03,
        assignee: next() < 0.5 ? pick(AGENTS) : null, outcome, closedReason: status === 'WITHDRAWN' ? 'WITHDRAWN' : null,
        reopenings: next() < 0.04 ? 1 : 0, satisfied: status === 'CLOSED' ? next() < 0.8 : null,
        decidedAutomatically: automatic, decidedBy: automatic === null ? null : automatic ? 'auto' : pick(AGENTS),
        statusSince: at(statusSince),
      },
      statusChanges: [
        { seq: 1, status: 'RECEIVED', at: at(openedAt) },
        { seq: 2, status: 'INVESTIGATING', at: at(openedAt + 1000) },
        ...(status === 'RECEIVED' || status === 'INVESTIGATING' ? [] : [{ seq: 3, status, at: at(statusSince) }]),
      ],
    });
  }
  const started = Date.now();
  let done = 0;
  // Ten writers, as ten worker activities at once.
  await Promise.all(
    Array.from({ length: 10 }, async (_, lane) => {
      for (let i = lane; i < writes.length; i += 10) {
        await records.write(writes[i]!);
        if (++done % 2500 === 0) log(`seeded ${done} of ${total} records (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
    }),
  );
  const emails = [...new Set(writes.slice(0, open).map((w) => w.record.customerEmail!))];
  return { open, ended, emails, from: new Date(now.getTime() - 90 * DAY).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

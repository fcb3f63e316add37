import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { createApp } from '../../api/app';
import { TEST_KEYS, reportBody, testAuthenticator, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { startSandbox, type Sandbox } from '../support/sandbox';
import { caseWorker, startDevServer } from '../support/temporal';

const TASK_QUEUE = 'api-outage';
let env: TestWorkflowEnvironment | undefined;
let sandbox: Sandbox;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
/** The API's own connection: it outlives the server, as a deployed API's does. */
let connection: Connection;
let app: ReturnType<typeof createApp>;
const logged: unknown[] = [];

beforeAll(async () => {
  env = await startDevServer();
  sandbox = await startSandbox();
  worker = await caseWorker(env, TASK_QUEUE, sandbox.ports);
  running = worker.run();
  connection = await Connection.connect({ address: env.address });
  const client = new Client({ connection, namespace: env.namespace ?? 'default' });
  app = createApp({ client, taskQueue: TASK_QUEUE, policy: AGENT_ONLY_POLICY, processors: ['sandbox'], authenticate: testAuthenticator(), rateLimitPerMinute: 100_000, log: (_m, err) => logged.push(err) });
});

afterAll(async () => {
  await stopTemporal();
  await connection?.close();
  await sandbox?.close();
});

async function stopTemporal() {
  worker?.shutdown();
  await running;
  worker = undefined;
  await env?.teardown();
  env = undefined;
}

const as = (role: keyof typeof TEST_KEYS) => request.agent(app).set('X-API-Key', TEST_KEYS[role].secret);

async function timed<T>(call: () => PromiseLike<T>): Promise<{ res: T; ms: number }> {
  const started = Date.now();
  const res = await call();
  return { res, ms: Date.now() - started };
}

test('with Temporal stopped, health and case reads answer 503 with Retry-After within two seconds, never 404', async () => {
  const tx = sandbox.charge({ captureCount: 2 });
  const opened = await as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  const id = opened.body.disputeId as string;
  await waitForStatus(as('agent'), id, 'AWAITING_DECISION');
  await request(app).get('/health').expect(200);

  await stopTemporal();

  const health = await timed(() => request(app).get('/health'));
  expect(health.res.status).toBe(503);
  expect(health.res.body).toEqual({ status: 'degraded', temporal: 'unreachable' });
  expect(health.res.headers['retry-after']).toBeDefined();
  expect(health.ms).toBeLessThan(2_500);

  for (const role of ['agent', 'customer', 'website'] as const) {
    const read = await timed(() => as(role).get(`/v1/disputes/${id}`));
    expect({ role, status: read.res.status, code: read.res.body.code }).toEqual({ role, status: 503, code: 'UNAVAILABLE' });
    expect(read.res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.res.headers['retry-after']).toBeDefined();
    expect(read.ms).toBeLessThan(2_500);
  }
  // A customer's update first reads the case to check it is theirs: it too says "unavailable", at once.
  const answer = await timed(() => as('customer').post(`/v1/disputes/${id}/withdrawal`).send({}));
  expect(answer.res.status).toBe(503);
  expect(answer.ms).toBeLessThan(2_500);
  expect(logged).toEqual([]);
});

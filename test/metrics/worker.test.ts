import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type Worker } from '@temporalio/worker';
import { createMetrics, type LoopMetrics } from '../../metrics/metrics';
import { freePort } from '../../tooling/stripe-mock';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { installRuntimeWithMetrics, instrumentPorts, serveWorkerMetrics, type WorkerMetricsServer } from '../../workers/metrics';
import { startSandbox } from '../support/sandbox';
import { caseWorker } from '../support/temporal';
import { families, sample } from './exposition';

const TASK_QUEUE = 'metrics-worker';
let env: TestWorkflowEnvironment;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let worker: Worker;
let running: Promise<void>;
let metrics: LoopMetrics;
let served: WorkerMetricsServer;
let temporalPort: number;

beforeAll(async () => {
  temporalPort = await freePort();
  // Before any connection, as in workers/main.ts (so not through startDevServer, which installs a quiet runtime of its own).
  expect(installRuntimeWithMetrics({ temporalPort }, { logger: new DefaultLogger('WARN') })).toBe('installed');
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: JSON.parse(process.env.LOOP_TEST_TEMPORAL_CLI!), searchAttributes: [...CASE_SEARCH_ATTRIBUTES], log: { format: 'pretty', level: 'error' } },
  });
  sandbox = await startSandbox();
  metrics = createMetrics();
  worker = await caseWorker(env, TASK_QUEUE, instrumentPorts(sandbox.ports, metrics));
  running = worker.run();
  served = await serveWorkerMetrics({ host: '127.0.0.1', port: await freePort(), temporalPort }, metrics);
});

afterAll(async () => {
  await served?.close();
  worker?.shutdown();
  await running;
  await sandbox?.close();
  await env?.teardown();
});

describe("the worker's metrics server", () => {
  test("serves our metrics and the Temporal SDK's worker metrics in one exposition", async () => {
    const counted = instrumentPorts(sandbox.ports, metrics);
    await counted.notifications.send({ caseId: 'DSP-0000000002', kind: 'ACKNOWLEDGEMENT', to: 'ada@example.com', locale: 'en', facts: {}, idempotencyKey: 'ack-2' });
    // The SDK's exporter shows worker metrics once the worker polls; ask until it does.
    let text = '';
    for (let i = 0; i < 100 && !/^temporal_worker_task_slots_available\{/m.test(text); i += 1) {
      const res = await fetch(served.url!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      text = await res.text();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(text, 'loop_emails_total', { kind: 'ACKNOWLEDGEMENT', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'loop_temporal_metrics_read_failed')).toBe(0);
    expect(text).toMatch(/^temporal_worker_task_slots_available\{.*task_queue="metrics-worker"/m);
    const names = families(text);
    expect(names).toEqual(expect.arrayContaining(['loop_refunds_total', 'process_resident_memory_bytes']));
    // One family per name: the two texts merge without a clash.
    expect(new Set(names).size).toBe(names.length);
    expect(text).not.toContain('ada@example.com');
  });

  test('answers 404 problem+json off /metrics', async () => {
    const res = await fetch(served.url!.replace('/metrics', '/nope'));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('with a token, refuses a scrape without it (401 problem+json) and serves one with it', async () => {
    const guarded = await serveWorkerMetrics({ host: '127.0.0.1', port: await freePort(), temporalPort, token: 'worker-metrics-token-0123456789' }, createMetrics({ processMetrics: false }));
    try {
      const refused = await fetch(guarded.url!);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      const ok = await fetch(guarded.url!, { headers: { Authorization: 'Bearer worker-metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^temporal_/m);
    } finally {
      await guarded.close();
    }
  });
});

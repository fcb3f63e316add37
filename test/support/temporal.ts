import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { Ports } from '../../activities/ports';
import { createCaseWorker } from '../../workers/worker';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { ensureSearchAttributes } from '../../tooling/temporal-setup';
import { notFound } from '../../tooling/temporal-cli';

type Executable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

function fromSetup(variable: string): Executable {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set: run the tests through jest (npm test) so the global setup runs`);
  return JSON.parse(value) as Executable;
}

let runtimeInstalled = false;
/** Keeps the SDK's own logs to warnings, so test output stays readable. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * The time-skipping test server, for timers measured in days. Older test servers mishandled
 * Updates; the pinned 1.40.0 runs ours (accepted, refused, update-with-start), and every refusal
 * the API maps is also tested on the dev server (test/api/disputes.test.ts).
 */
export function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: fromSetup('LOOP_TEST_TEMPORAL_TEST_SERVER') } }).catch((err: unknown) => {
    throw notFound('test-server', err);
  });
}

/** A real Temporal dev server on free ports, with the case search attributes registered. */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: { executable: fromSetup('LOOP_TEST_TEMPORAL_CLI'), searchAttributes: [...CASE_SEARCH_ATTRIBUTES], log: { format: 'pretty', level: 'error' } },
  }).catch((err: unknown) => {
    throw notFound('cli', err);
  });
}

/** A case worker on its own task queue, using the workflow bundle the global setup built. */
export function caseWorker(env: TestWorkflowEnvironment, taskQueue: string, ports: Ports): Promise<Worker> {
  const codePath = process.env.LOOP_TEST_WORKFLOW_BUNDLE;
  return createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ports,
    ...(codePath ? { workflowBundle: { codePath } } : {}),
  });
}

export interface CaseSystem {
  env: TestWorkflowEnvironment;
  sandbox: import('./sandbox').Sandbox;
}

/**
 * Starts, for the whole test file, a Temporal server (time-skipping or dev), the sandbox service
 * and a case worker on `taskQueue`; stops them all after the file. `portsFor` may wrap the
 * sandbox ports (to inject faults). Read `system.env` / `system.sandbox` inside tests.
 * Cases are left running when a test ends (the file's server goes with them): terminating a case
 * with pending timers made the time-skipping server stop skipping time for later tests.
 */
export function useCaseSystem(server: 'time-skipping' | 'dev', taskQueue: string, portsFor: (sandbox: import('./sandbox').Sandbox) => Ports = (s) => s.ports): CaseSystem {
  const system = {} as CaseSystem;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    const { startSandbox } = await import('./sandbox');
    system.env = server === 'dev' ? await startDevServer() : await startTimeSkippingServer();
    // The time-skipping server does not take search attributes on the command line: register them.
    if (server === 'time-skipping') await ensureSearchAttributes(system.env.connection, 'default');
    system.sandbox = await startSandbox();
    worker = await caseWorker(system.env, taskQueue, portsFor(system.sandbox));
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await system.sandbox?.close();
    await system.env?.teardown();
  });
  return system;
}

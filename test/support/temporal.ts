import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { TimeSkippingClient } from '@temporalio/testing/lib/client';
import { Runtime, DefaultLogger, bundleWorkflowCode, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { Ports } from '../../activities/ports';
import { createCaseWorker, WORKFLOWS_PATH } from '../../workers/worker';
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

/** How a test's Temporal client and case worker encode payloads (e.g. security/data-converter.ts). */
export interface ConverterOptions {
  /** The SDK's default (JSON in clear) when absent. */
  dataConverter?: DataConverter;
  /** Dev server only: also serve the Temporal Web UI on this port. */
  uiPort?: number;
}

/**
 * The time-skipping test server, for timers measured in days. Older test servers mishandled
 * Updates; the pinned 1.40.0 runs ours (accepted, refused, update-with-start), and every refusal
 * the API maps is also tested on the dev server (test/api/disputes.test.ts).
 * `env.client` uses `dataConverter` when given.
 */
export function startTimeSkippingServer({ dataConverter }: ConverterOptions = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: fromSetup('LOOP_TEST_TEMPORAL_TEST_SERVER') },
    ...(dataConverter ? { client: { dataConverter } } : {}),
  }).catch((err: unknown) => {
    throw notFound('test-server', err);
  });
}

/** A real Temporal dev server on free ports, with the case search attributes registered; `env.client` uses `dataConverter` when given. */
export function startDevServer({ dataConverter, uiPort }: ConverterOptions = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: fromSetup('LOOP_TEST_TEMPORAL_CLI'),
      searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
      log: { format: 'pretty', level: 'error' },
      ...(uiPort ? { ui: true, uiPort } : {}),
    },
    ...(dataConverter ? { client: { dataConverter } } : {}),
  }).catch((err: unknown) => {
    throw notFound('cli', err);
  });
}

/**
 * Another client on the environment's server, with its own data converter (or none: the raw view);
 * on the time-skipping server it skips time while waiting for a result, as `env.client` does.
 */
export function clientFor(env: TestWorkflowEnvironment, { dataConverter }: ConverterOptions = {}): Client {
  const options = { connection: env.connection, namespace: env.namespace ?? 'default', ...(dataConverter ? { dataConverter } : {}) };
  return env.supportsTimeSkipping ? new TimeSkippingClient(options) : new Client(options);
}

const bundles = new Map<string, Promise<WorkerOptions['workflowBundle']>>();

/**
 * The workflow bundle for a data converter: the global setup's when the converter changes no
 * sandbox code, else one built (once per test file) with its failure / payload converter inside.
 */
function workflowBundleFor(dataConverter: DataConverter | undefined): Promise<WorkerOptions['workflowBundle']> | undefined {
  const { failureConverterPath, payloadConverterPath } = dataConverter ?? {};
  if (!failureConverterPath && !payloadConverterPath) {
    const codePath = process.env.LOOP_TEST_WORKFLOW_BUNDLE;
    return codePath ? Promise.resolve({ codePath }) : undefined;
  }
  const key = `${failureConverterPath ?? ''}|${payloadConverterPath ?? ''}`;
  if (!bundles.has(key)) {
    const quiet = { log() {}, info() {}, debug() {}, trace() {}, warn: console.warn, error: console.error };
    bundles.set(key, bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath, payloadConverterPath, logger: quiet as never }).then(({ code }) => ({ code })));
  }
  return bundles.get(key);
}

/** A case worker on its own task queue, using the global setup's workflow bundle (or one with the converter's code). */
export async function caseWorker(env: TestWorkflowEnvironment, taskQueue: string, ports: Ports, { dataConverter }: ConverterOptions = {}): Promise<Worker> {
  const workflowBundle = await workflowBundleFor(dataConverter);
  return createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ports,
    ...(workflowBundle ? { workflowBundle } : {}),
    ...(dataConverter ? { dataConverter } : {}),
  });
}

export interface CaseSystem {
  /** `env.client` uses the system's data converter, if it was given one. */
  env: TestWorkflowEnvironment;
  sandbox: import('./sandbox').Sandbox;
}

/**
 * Starts, for the whole test file, a Temporal server (time-skipping or dev), the sandbox service
 * and a case worker on `taskQueue`, client and worker using `options.dataConverter` if given; stops them all after the file. `portsFor` may wrap the
 * sandbox ports (to inject faults). Read `system.env` / `system.sandbox` inside tests.
 * Cases are left running when a test ends (the file's server goes with them): terminating a case
 * with pending timers made the time-skipping server stop skipping time for later tests.
 */
export function useCaseSystem(
  server: 'time-skipping' | 'dev',
  taskQueue: string,
  portsFor: (sandbox: import('./sandbox').Sandbox) => Ports = (s) => s.ports,
  options: ConverterOptions = {},
): CaseSystem {
  const system = {} as CaseSystem;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    const { startSandbox } = await import('./sandbox');
    system.env = server === 'dev' ? await startDevServer(options) : await startTimeSkippingServer(options);
    // The time-skipping server does not take search attributes on the command line: register them.
    if (server === 'time-skipping') await ensureSearchAttributes(system.env.connection, 'default');
    system.sandbox = await startSandbox();
    worker = await caseWorker(system.env, taskQueue, portsFor(system.sandbox), options);
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

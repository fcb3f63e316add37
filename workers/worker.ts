import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createCaseActivities, type Ports } from '../activities';

export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', 'index.ts');

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  ports: Ports;
  /** A pre-built bundle (tests share one); by default the worker bundles `workflows/`. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * How payloads and failures are encoded (security/data-converter.ts encrypts them); the SDK's
   * default (JSON in clear) when absent. With a `workflowBundle`, the bundle must have been built
   * with this converter's `failureConverterPath`, or workflow failures stay in clear.
   */
  dataConverter?: DataConverter;
  /** The zone customers' documents show times in (LOOP_TIME_ZONE); Europe/Paris when absent. */
  timeZone?: string;
}

/** Builds the worker that runs dispute cases: the case workflow plus activities over the given ports. */
export function createCaseWorker({ connection, namespace, taskQueue, ports, workflowBundle, dataConverter, timeZone }: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(dataConverter ? { dataConverter } : {}),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createCaseActivities(ports, timeZone ? { timeZone } : {}),
  });
}

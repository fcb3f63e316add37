import { join } from 'node:path';
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
}

/** Builds the worker that runs dispute cases: the case workflow plus activities over the given ports. */
export function createCaseWorker({ connection, namespace, taskQueue, ports, workflowBundle }: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createCaseActivities(ports),
  });
}

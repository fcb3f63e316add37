import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createPorts } from '../adapters';
import { loadConfig, temporalAddress, type Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { payloadKeyRing } from '../config/payload-keys';
import { openDatabase } from '../db/open';
import { encryptedDataConverter } from '../security/data-converter';
import { createCaseWorker } from './worker';
import { instrumentPorts, startWorkerMetrics } from './metrics';

export interface StartedWorker {
  worker: Worker;
  running: Promise<void>;
  connection: NativeConnection;
  /** The records database pool (the e-mail log, documents): closed by `stop`. */
  pool: Pool;
  /** Drains the worker, then closes the Temporal connection and the pool. */
  stop(): Promise<void>;
}

/**
 * The composition root of the worker: the only place that picks real adapters (createPorts reads
 * which from the configuration) and how to reach Temporal (TLS, mTLS or an API key when configured).
 * The records database is migrated and opened first. `workflowBundle`: a pre-built bundle (tests).
 */
export async function startWorker(config: Config, { workflowBundle }: { workflowBundle?: WorkerOptions['workflowBundle'] } = {}): Promise<StartedWorker> {
  const { metrics } = await startWorkerMetrics(config); // before the connection: it installs the SDK runtime's metrics exporter
  const pool = await openDatabase(config, 'loop-worker');
  try {
    const connection = await NativeConnection.connect(temporalConnectionOptions(config));
    const worker = await createCaseWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      ports: instrumentPorts(createPorts(config, pool), metrics),
      timeZone: config.policy.timeZone,
      ...(workflowBundle ? { workflowBundle } : {}),
      // Every payload and failure message is encrypted before it reaches Temporal (see security/).
      dataConverter: encryptedDataConverter(payloadKeyRing(config)),
    });
    const running = worker.run();
    return {
      worker,
      running,
      connection,
      pool,
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

if (require.main === module) {
  const config = loadConfig();
  startWorker(config)
    .then(async ({ running, connection, pool }) => {
      console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${temporalAddress(config)}`);
      // The SDK shuts the worker down on SIGINT / SIGTERM; `running` settles once it has drained.
      await running;
      await connection.close();
      await pool.end();
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

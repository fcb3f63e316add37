import { NativeConnection, type Worker } from '@temporalio/worker';
import { createPorts } from '../adapters';
import { loadConfig, temporalAddress, type Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { payloadKeyRing } from '../config/payload-keys';
import { encryptedDataConverter } from '../security/data-converter';
import { createCaseWorker } from './worker';
import { instrumentPorts, startWorkerMetrics } from './metrics';

/**
 * The composition root of the worker: the only place that picks real adapters (createPorts reads
 * which from the configuration) and how to reach Temporal (TLS, mTLS or an API key when configured).
 */
export async function startWorker(config: Config): Promise<{ worker: Worker; running: Promise<void>; connection: NativeConnection }> {
  const { metrics } = await startWorkerMetrics(config); // before the connection: it installs the SDK runtime's metrics exporter
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ports: instrumentPorts(createPorts(config), metrics),
    timeZone: config.policy.timeZone,
    // Every payload and failure message is encrypted before it reaches Temporal (see security/).
    dataConverter: encryptedDataConverter(payloadKeyRing(config)),
  });
  return { worker, running: worker.run(), connection };
}

if (require.main === module) {
  const config = loadConfig();
  startWorker(config)
    .then(async ({ running, connection }) => {
      console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${temporalAddress(config)}`);
      await running;
      await connection.close();
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

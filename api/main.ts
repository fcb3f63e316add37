import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, temporalAddress, type Config } from '../config';
import { createApp } from './app';
import { createWebhookVerifiers } from '../adapters';

/** Connects to Temporal and listens on `config.api.port`; the only file that listens. */
export async function startApi(config: Config): Promise<{ server: Server; connection: Connection }> {
  const connection = await Connection.connect({ address: temporalAddress(config) });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({
    client,
    taskQueue: config.temporal.taskQueue,
    policy: config.policy,
    processors: config.processors,
    webhookVerifiers: createWebhookVerifiers(config),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.api.port, () => resolve(s));
    s.once('error', reject);
  });
  return { server, connection };
}

if (require.main === module) {
  const config = loadConfig();
  startApi(config)
    .then(() => console.log(`API listening on http://localhost:${config.api.port}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

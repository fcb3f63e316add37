import type { Server } from 'node:http';
import type { Pool } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { payloadKeyRing } from '../config/payload-keys';
import { encryptedDataConverter } from '../security/data-converter';
import { createApp } from './app';
import { createAuthenticator } from './auth';
import { answerClientErrorsAsProblems } from './problems';
import { createDocumentStore, createWebhookVerifiers } from '../adapters';
import { openDatabase } from '../db/open';
import { createMetrics } from '../metrics/metrics';
import { createPostgresSessionStore } from '../security/codec-session';
import { createPostgresConsoleSessionStore } from '../security/console-session-store';

/**
 * Migrates and opens the records database, connects to Temporal and listens on `config.api.port`;
 * the only file that listens. `pool` is closed by the caller after the server (see `main` below).
 */
export async function startApi(config: Config): Promise<{ server: Server; connection: Connection; pool: Pool }> {
  if (config.api.apiKeys.length === 0 && !config.api.jwt) {
    throw new Error('no credentials are configured: set API_KEYS and/or JWT_ISSUER, JWT_AUDIENCE and a JWT key (see .env.example); `npm start` generates development ones');
  }
  const pool = await openDatabase(config, 'loop-api');
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const ring = payloadKeyRing(config);
  // The same encryption as the worker's: the client encrypts what it sends and reads refusals in clear.
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: encryptedDataConverter(ring) });
  const app = createApp({
    client,
    taskQueue: config.temporal.taskQueue,
    policy: config.policy,
    // CASE_RECORDS=off (benchmarks): the cases this API opens write no case record.
    ...(config.caseRecords ? {} : { caseRecords: false }),
    processors: config.processors,
    authenticate: createAuthenticator({ apiKeys: config.api.apiKeys, ...(config.api.jwt ? { jwt: config.api.jwt } : {}) }),
    rateLimitPerMinute: config.api.rateLimitPerMinute,
    serviceRateLimitPerMinute: config.api.serviceRateLimitPerMinute,
    serviceRateLimits: config.api.serviceRateLimits,
    customerRateLimitPerMinute: config.api.customerRateLimitPerMinute,
    failedCredentialsPerMinute: config.api.failedCredentialsPerMinute,
    trustProxy: config.api.trustProxy,
    webhookVerifiers: createWebhookVerifiers(config, pool),
    documents: createDocumentStore(config, pool),
    records: pool,
    publicUrl: config.publicUrl,
    // In the database, so every API process answers a console session any of them started.
    agentConsole: { sessions: createPostgresConsoleSessionStore(pool), idleMs: config.console.sessionIdleMs, maxMs: config.console.sessionMaxMs, dir: config.console.dir },
    ...(config.mail.linkSecret ? { answerLinkSecret: config.mail.linkSecret } : {}),
    codec: { ring, allowedOrigins: config.codec.allowedOrigins, namespace: config.temporal.namespace, sessionTtlMs: config.codec.sessionTtlMs, sessions: createPostgresSessionStore(pool, ring) },
    ...(config.logLevel === 'info' || config.logLevel === 'debug' ? { accessLog: (line: string) => console.log(line) } : {}),
    log: (msg, err) => console.error(msg, err),
    // Open cases per status come from the records database, read at each scrape.
    metrics: createMetrics({ openCases: pool }),
    ...(config.metrics.token ? { metricsToken: config.metrics.token } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = answerClientErrorsAsProblems(app.listen(config.api.port, config.api.host, () => resolve(s)));
    s.once('error', reject);
  });
  return { server, connection, pool };
}

if (require.main === module) {
  const config = loadConfig();
  startApi(config)
    .then(({ server, connection, pool }) => {
      console.log(`API listening on http://localhost:${config.api.port}`);
      const stop = () => {
        server.close(() => void Promise.allSettled([connection.close(), pool.end()]).then(() => process.exit(0)));
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

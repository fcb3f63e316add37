import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { payloadKeyRing } from '../config/payload-keys';
import { encryptedDataConverter } from '../security/data-converter';
import { createApp } from './app';
import { createAuthenticator } from './auth';
import { answerClientErrorsAsProblems } from './problems';
import { createWebhookVerifiers } from '../adapters';
import { createFileDocumentStore } from '../adapters/documents/filesystem';

/** Connects to Temporal and listens on `config.api.port`; the only file that listens. */
export async function startApi(config: Config): Promise<{ server: Server; connection: Connection }> {
  if (config.api.apiKeys.length === 0 && !config.api.jwt) {
    throw new Error('no credentials are configured: set API_KEYS and/or JWT_ISSUER, JWT_AUDIENCE and a JWT key (see .env.example); `npm start` generates development ones');
  }
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
    webhookVerifiers: createWebhookVerifiers(config),
    documents: createFileDocumentStore(config.documentsDir),
    ...(config.mail.linkSecret ? { answerLinkSecret: config.mail.linkSecret } : {}),
    codec: { ring, allowedOrigins: config.codec.allowedOrigins, namespace: config.temporal.namespace, sessionTtlMs: config.codec.sessionTtlMs },
    ...(config.logLevel === 'info' || config.logLevel === 'debug' ? { accessLog: (line: string) => console.log(line) } : {}),
    log: (msg, err) => console.error(msg, err),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = answerClientErrorsAsProblems(app.listen(config.api.port, () => resolve(s)));
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

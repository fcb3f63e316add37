import type { Pool } from 'pg';
import type { DocumentStore, NotificationsPort, PaymentProcessor, Ports, WebhookVerifier } from '../activities/ports';
import { ConfigError, type Config } from '../config';
import { createSmtpNotifications } from './smtp/notifications';
import { createPostgresSentLog } from './smtp/sent-log';
import type { ProcessorName } from '../domain/vocabulary';
import { createFileDocumentStore } from './documents/filesystem';
import { createPostgresDocumentStore } from './documents/postgres';
import { createAdyenProcessor, createAdyenWebhookVerifier, createPostgresNotificationStore, type AdyenNotificationStore } from './adyen';
import { createPayPalProcessor, createPayPalWebhookVerifier } from './paypal';
import { createSandboxPorts } from './sandbox';
import { createPostgresRecords } from '../records/postgres';
import { createStripeProcessor } from './stripe/processor';
import { createStripeWebhookVerifier } from './stripe/webhooks';

/**
 * The Adyen notification record, shared by the webhook (which writes notifications) and the
 * processor adapter (which reads them and writes submitted refunds): in the records database, so
 * every API and worker process sees every notification. Adyen needs the database (the pool).
 */
function adyenStore(config: Config, pool: Pool | undefined): AdyenNotificationStore | undefined {
  if (!config.adyen) return undefined;
  if (!pool) throw new ConfigError('invalid configuration:\n  PROCESSORS: adyen keeps its notifications in the records database (DATABASE_URL); no database pool was given');
  return createPostgresNotificationStore(pool);
}

/** The resolution documents: in the records database (every process reads them), or in DOCUMENTS_DIR, which every process must mount. */
export function createDocumentStore(config: Config, pool: Pool): DocumentStore {
  return config.documentStore === 'folder' ? createFileDocumentStore(config.documentsDir) : createPostgresDocumentStore(pool);
}

/**
 * The ports the worker uses: every processor listed in PROCESSORS (keys from the configuration),
 * customer e-mail over SMTP (or the sandbox outbox) with its log in the records database,
 * resolution documents (createDocumentStore), and the sandbox for orders, ledger and incidents
 * until their real adapters exist.
 */
export function createPorts(config: Config, pool: Pool): Ports {
  const sandbox = createSandboxPorts(config.sandbox.url);
  const store = adyenStore(config, pool);
  const processors: Partial<Record<ProcessorName, PaymentProcessor>> = {};
  for (const name of config.processors) {
    if (name === 'sandbox') processors.sandbox = sandbox.processors.sandbox!;
    if (name === 'stripe' && config.stripe) processors.stripe = createStripeProcessor(config.stripe);
    if (name === 'adyen' && config.adyen && store) processors.adyen = createAdyenProcessor(config.adyen, store);
    if (name === 'paypal' && config.paypal) processors.paypal = createPayPalProcessor(config.paypal);
  }
  const documents = createDocumentStore(config, pool);
  return { ...sandbox, processors, documents, notifications: config.mail.transport === 'smtp' ? smtpNotifications(config, pool, documents) : sandbox.notifications, records: createPostgresRecords(pool) };
}

/** Customer e-mail over SMTP, each message claimed in the shared e-mail log first, so any number of workers send it once. */
function smtpNotifications(config: Config, pool: Pool, documents: DocumentStore): NotificationsPort {
  const { mail } = config;
  if (!mail.linkSecret) throw new ConfigError('invalid configuration:\n  NOTIFICATION_LINK_SECRET: is required to send e-mail with answer links (npm start generates one for development)');
  return createSmtpNotifications({
    smtpUrl: mail.smtpUrl,
    from: mail.from,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    publicUrl: config.publicUrl,
    linkSecret: mail.linkSecret,
    documents,
    sentLog: createPostgresSentLog(pool, { leaseMs: mail.claimLeaseMs }),
    timeZone: config.policy.timeZone,
  });
}

/** The signature checkers for the processors' webhooks (`POST /v1/webhooks/{processor}`). */
export function createWebhookVerifiers(config: Config, pool?: Pool): Partial<Record<ProcessorName, WebhookVerifier>> {
  const store = adyenStore(config, pool);
  return {
    ...(config.stripe ? { stripe: createStripeWebhookVerifier({ webhookSecret: config.stripe.webhookSecret, toleranceSeconds: config.stripe.toleranceSeconds }) } : {}),
    ...(config.adyen && store ? { adyen: createAdyenWebhookVerifier({ hmacKeyHex: config.adyen.hmacKeyHex }, store) } : {}),
    ...(config.paypal ? { paypal: createPayPalWebhookVerifier(config.paypal) } : {}),
  };
}

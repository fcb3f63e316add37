import type { Pool } from 'pg';
import type { DocumentStore, NotificationsPort, PaymentProcessor, Ports, WebhookVerifier } from '../activities/ports';
import { ConfigError, type Config } from '../config';
import { createSmtpNotifications } from './smtp/notifications';
import { createPostgresSentLog } from './smtp/sent-log';
import type { ProcessorName } from '../domain/vocabulary';
import { createFileDocumentStore } from './documents/filesystem';
import { createPostgresDocumentStore } from './documents/postgres';
import { createAdyenProcessor, createAdyenWebhookVerifier, createFileNotificationStore, type AdyenNotificationStore } from './adyen';
import { createPayPalProcessor, createPayPalWebhookVerifier } from './paypal';
import { createSandboxPorts } from './sandbox';
import { createStripeProcessor } from './stripe/processor';
import { createStripeWebhookVerifier } from './stripe/webhooks';

const adyenStores = new Map<string, AdyenNotificationStore>();

/**
 * The Adyen notification record, shared by the webhook (which writes notifications) and the
 * processor adapter (which reads them and writes submitted refunds): one instance per file in a
 * process, since the file store serialises writes only within an instance. Across processes
 * (worker and API apart), only the API should write: see adapters/adyen/notification-store.ts.
 */
function adyenStore(config: Config): AdyenNotificationStore | undefined {
  if (!config.adyen) return undefined;
  const file = config.adyen.notificationsFile;
  if (!adyenStores.has(file)) adyenStores.set(file, createFileNotificationStore(file));
  return adyenStores.get(file);
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
  const store = adyenStore(config);
  const processors: Partial<Record<ProcessorName, PaymentProcessor>> = {};
  for (const name of config.processors) {
    if (name === 'sandbox') processors.sandbox = sandbox.processors.sandbox!;
    if (name === 'stripe' && config.stripe) processors.stripe = createStripeProcessor(config.stripe);
    if (name === 'adyen' && config.adyen && store) processors.adyen = createAdyenProcessor(config.adyen, store);
    if (name === 'paypal' && config.paypal) processors.paypal = createPayPalProcessor(config.paypal);
  }
  const documents = createDocumentStore(config, pool);
  return { ...sandbox, processors, documents, notifications: config.mail.transport === 'smtp' ? smtpNotifications(config, pool, documents) : sandbox.notifications };
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
export function createWebhookVerifiers(config: Config): Partial<Record<ProcessorName, WebhookVerifier>> {
  const store = adyenStore(config);
  return {
    ...(config.stripe ? { stripe: createStripeWebhookVerifier({ webhookSecret: config.stripe.webhookSecret, toleranceSeconds: config.stripe.toleranceSeconds }) } : {}),
    ...(config.adyen && store ? { adyen: createAdyenWebhookVerifier({ hmacKeyHex: config.adyen.hmacKeyHex }, store) } : {}),
    ...(config.paypal ? { paypal: createPayPalWebhookVerifier(config.paypal) } : {}),
  };
}

import { join } from 'node:path';
import type { DocumentStore, NotificationsPort, PaymentProcessor, Ports, WebhookVerifier } from '../activities/ports';
import { ConfigError, type Config } from '../config';
import { createSmtpNotifications } from './smtp/notifications';
import { createFileSentLog, type SentLog } from './smtp/sent-log';
import type { ProcessorName } from '../domain/vocabulary';
import { createFileDocumentStore } from './documents/filesystem';
import { createAdyenProcessor, createAdyenWebhookVerifier, createFileNotificationStore, type AdyenNotificationStore } from './adyen';
import { createPayPalProcessor, createPayPalWebhookVerifier } from './paypal';
import { createSandboxPorts } from './sandbox';
import { createMemoryRecords } from '../records/memory';
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

/**
 * The ports the worker uses: every processor listed in PROCESSORS (keys from the configuration),
 * customer e-mail over SMTP (or the sandbox outbox), resolution documents in a folder, and the
 * sandbox for orders, ledger and incidents until their real adapters exist.
 */
export function createPorts(config: Config): Ports {
  const sandbox = createSandboxPorts(config.sandbox.url);
  const store = adyenStore(config);
  const processors: Partial<Record<ProcessorName, PaymentProcessor>> = {};
  for (const name of config.processors) {
    if (name === 'sandbox') processors.sandbox = sandbox.processors.sandbox!;
    if (name === 'stripe' && config.stripe) processors.stripe = createStripeProcessor(config.stripe);
    if (name === 'adyen' && config.adyen && store) processors.adyen = createAdyenProcessor(config.adyen, store);
    if (name === 'paypal' && config.paypal) processors.paypal = createPayPalProcessor(config.paypal);
  }
  const documents = createFileDocumentStore(config.documentsDir);
  return { ...sandbox, processors, documents, notifications: config.mail.transport === 'smtp' ? smtpNotifications(config, documents) : sandbox.notifications, records: createMemoryRecords() }; // records: wired to PostgreSQL by the lead
}

const sentLogs = new Map<string, SentLog>();

/** Customer e-mail over SMTP: one sent log per file in a process, so a retried notification goes out once. */
function smtpNotifications(config: Config, documents: DocumentStore): NotificationsPort {
  const { mail } = config;
  if (!mail.linkSecret) throw new ConfigError('invalid configuration:\n  NOTIFICATION_LINK_SECRET: is required to send e-mail with answer links (npm start generates one for development)');
  const file = join(config.dataDir, 'sent-mail.json');
  if (!sentLogs.has(file)) sentLogs.set(file, createFileSentLog(file));
  return createSmtpNotifications({
    smtpUrl: mail.smtpUrl,
    from: mail.from,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    publicUrl: config.publicUrl,
    linkSecret: mail.linkSecret,
    documents,
    sentLog: sentLogs.get(file)!,
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

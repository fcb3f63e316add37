import { join } from 'node:path';
import type { Pool } from 'pg';
import type { DocumentStore, NotificationsPort, PaymentProcessor, Ports, WebhookVerifier } from '../activities/ports';
import { ConfigError, type Config } from '../config';
import { createSmtpNotifications } from './smtp/notifications';
import { createFileSentLog, type SentLog } from './smtp/sent-log';
import type { ProcessorName } from '../domain/vocabulary';
import { createFileDocumentStore } from './documents/filesystem';
import { createAdyenProcessor, createAdyenWebhookVerifier, createPostgresNotificationStore, type AdyenNotificationStore } from './adyen';
import { createPayPalProcessor, createPayPalWebhookVerifier } from './paypal';
import { createSandboxPorts } from './sandbox';
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

/**
 * The ports the worker uses: every processor listed in PROCESSORS (keys from the configuration),
 * customer e-mail over SMTP (or the sandbox outbox), resolution documents in a folder, and the
 * sandbox for orders, ledger and incidents until their real adapters exist.
 */
export function createPorts(config: Config, pool?: Pool): Ports {
  const sandbox = createSandboxPorts(config.sandbox.url);
  const store = adyenStore(config, pool);
  const processors: Partial<Record<ProcessorName, PaymentProcessor>> = {};
  for (const name of config.processors) {
    if (name === 'sandbox') processors.sandbox = sandbox.processors.sandbox!;
    if (name === 'stripe' && config.stripe) processors.stripe = createStripeProcessor(config.stripe);
    if (name === 'adyen' && config.adyen && store) processors.adyen = createAdyenProcessor(config.adyen, store);
    if (name === 'paypal' && config.paypal) processors.paypal = createPayPalProcessor(config.paypal);
  }
  const documents = createFileDocumentStore(config.documentsDir);
  return { ...sandbox, processors, documents, notifications: config.mail.transport === 'smtp' ? smtpNotifications(config, documents) : sandbox.notifications };
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
export function createWebhookVerifiers(config: Config, pool?: Pool): Partial<Record<ProcessorName, WebhookVerifier>> {
  const store = adyenStore(config, pool);
  return {
    ...(config.stripe ? { stripe: createStripeWebhookVerifier({ webhookSecret: config.stripe.webhookSecret, toleranceSeconds: config.stripe.toleranceSeconds }) } : {}),
    ...(config.adyen && store ? { adyen: createAdyenWebhookVerifier({ hmacKeyHex: config.adyen.hmacKeyHex }, store) } : {}),
    ...(config.paypal ? { paypal: createPayPalWebhookVerifier(config.paypal) } : {}),
  };
}

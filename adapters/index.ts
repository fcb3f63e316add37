import type { PaymentProcessor, Ports, WebhookVerifier } from '../activities/ports';
import type { Config } from '../config';
import type { ProcessorName } from '../domain/vocabulary';
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

/**
 * The ports the worker uses: every processor listed in PROCESSORS (keys from the configuration),
 * and the sandbox for orders, ledger, incidents and customer messages until their real adapters exist.
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
  return { ...sandbox, processors };
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

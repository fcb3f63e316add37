import type { PaymentProcessor, Ports, WebhookVerifier } from '../activities/ports';
import type { Config } from '../config';
import type { ProcessorName } from '../domain/vocabulary';
import { createAdyenProcessor, createAdyenWebhookVerifier, createFileNotificationStore, type AdyenNotificationStore } from './adyen';
import { createPayPalProcessor, createPayPalWebhookVerifier } from './paypal';
import { createSandboxPorts } from './sandbox';
import { createStripeProcessor } from './stripe/processor';
import { createStripeWebhookVerifier } from './stripe/webhooks';

/** The Adyen notification record, shared by the webhook (which writes it) and the processor adapter (which reads it). */
function adyenStore(config: Config): AdyenNotificationStore | undefined {
  return config.adyen ? createFileNotificationStore(config.adyen.notificationsFile) : undefined;
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

export { createPayPalProcessor, type PayPalConfig } from './processor';
export { createPayPalWebhookVerifier } from './webhooks';

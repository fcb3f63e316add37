export { createAdyenProcessor, type AdyenConfig } from './processor';
export { createAdyenWebhookVerifier } from './webhooks';
export { createPostgresNotificationStore, createMemoryNotificationStore, type AdyenNotificationStore } from './notification-store';
export type { AdyenNotificationItem } from './notification';

import type { Notification, Ports } from './ports';
import { translatePortErrors } from './failures';

/** Builds the customer-notification activity over the notifications port. */
export function createNotificationActivities({ notifications }: Pick<Ports, 'notifications'>) {
  return {
    /** Sends one message to the customer; the key makes retries deliver it once. */
    async notifyCustomer(notification: Notification): Promise<{ messageId: string }> {
      return translatePortErrors(() => notifications.send(notification));
    },
  };
}

import type { Ports } from '../../activities/ports';
import { createSandboxProcessor } from './processor';
import { createSandboxLedger, createSandboxNotifications, createSandboxOrders } from './records';

/** Every port backed by the sandbox service at `baseUrl`: what `npm start` and the tests use. */
export function createSandboxPorts(baseUrl: string): Ports {
  return {
    processors: { sandbox: createSandboxProcessor(baseUrl) },
    orders: createSandboxOrders(baseUrl),
    ledger: createSandboxLedger(baseUrl),
    notifications: createSandboxNotifications(baseUrl),
  };
}

import type { Ports } from '../../activities/ports';
import { createSandboxProcessor } from './processor';
import { createSandboxIncidents, createSandboxLedger, createSandboxNotifications, createSandboxOrders } from './records';

/** Every port backed by the sandbox service at `baseUrl`: what `npm start` and the tests use. */
export function createSandboxPorts(baseUrl: string): Ports {
  return {
    processors: { sandbox: createSandboxProcessor(baseUrl) },
    orders: createSandboxOrders(baseUrl),
    incidents: createSandboxIncidents(baseUrl),
    ledger: createSandboxLedger(baseUrl),
    notifications: createSandboxNotifications(baseUrl),
  };
}

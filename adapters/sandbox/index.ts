import type { Ports } from '../../activities/ports';
import { createFileDocumentStore } from '../documents/filesystem';
import { createSandboxProcessor } from './processor';
import { createSandboxIncidents, createSandboxLedger, createSandboxNotifications, createSandboxOrders } from './records';

/**
 * Every port backed by the sandbox service at `baseUrl` (but the case records, which live in the
 * database): what `npm start` and the tests use. With
 * `documentsDir`, resolution documents are files there; without, the caller supplies the store.
 */
export function createSandboxPorts(baseUrl: string): Omit<Ports, 'documents' | 'records'>;
export function createSandboxPorts(baseUrl: string, documentsDir: string): Omit<Ports, 'records'>;
export function createSandboxPorts(baseUrl: string, documentsDir?: string): Omit<Ports, 'documents' | 'records'> & Partial<Pick<Ports, 'documents'>> {
  return {
    processors: { sandbox: createSandboxProcessor(baseUrl) },
    orders: createSandboxOrders(baseUrl),
    incidents: createSandboxIncidents(baseUrl),
    ledger: createSandboxLedger(baseUrl),
    notifications: createSandboxNotifications(baseUrl),
    ...(documentsDir === undefined ? {} : { documents: createFileDocumentStore(documentsDir) }),
  };
}

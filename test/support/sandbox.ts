import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxPorts } from '../../adapters/sandbox';
import { createMemoryRecords } from '../../records/memory';
import { createSandboxApp } from '../../sandbox/app';
import { SandboxStore, type NewTransaction, type SandboxEvent, type SandboxTransaction } from '../../sandbox/store';

/** The real sandbox service over HTTP on a free port, with empty in-memory records and a fresh folder for documents. */
export async function startSandbox() {
  const events: { deliver: (event: SandboxEvent) => void } = { deliver: () => undefined };
  const store = new SandboxStore(undefined, (event) => events.deliver(event));
  const server = createSandboxApp(store).listen(0);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const documentsDir = await mkdtemp(join(tmpdir(), 'loop-documents-'));
  const records = createMemoryRecords();
  return {
    url,
    store,
    /** Where the document store keeps this sandbox's resolution documents (removed on close). */
    documentsDir,
    /** Where the sandbox's webhook events go; a test points it at the API. */
    events,
    /** The case records the worker wrote (in memory; test/workflows/records.test.ts uses PostgreSQL). */
    records,
    ports: { ...createSandboxPorts(url, documentsDir), records },
    /** A charge of `amountMinor` EUR for an order of the same total, unless told otherwise. */
    charge(overrides: Partial<NewTransaction> = {}): SandboxTransaction {
      const amountMinor = overrides.amountMinor ?? 4999;
      return store.createTransaction({ amountMinor, currency: 'EUR', orderId: `ord_${Math.random().toString(36).slice(2, 10)}`, orderTotalMinor: amountMinor, ...overrides });
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(documentsDir, { recursive: true, force: true });
    },
  };
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

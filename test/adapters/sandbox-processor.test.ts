import { PortError } from '../../activities/ports';
import { startSandbox, type Sandbox } from '../support/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

describe('the sandbox processor adapter, over HTTP', () => {
  test('translates a transaction into our vocabulary', async () => {
    const tx = sandbox.charge({ amountMinor: 2500, captureCount: 2, createdAt: '2026-10-01T08:00:00.000Z' });
    const found = await sandbox.ports.processors.sandbox!.getTransaction(tx.id);
    expect(found).toMatchObject({
      id: tx.id,
      amount: eur(2500),
      createdAt: '2026-10-01T08:00:00.000Z',
      status: 'SUCCEEDED',
      orderId: tx.order_id,
      captures: [{ amount: eur(2500) }, { amount: eur(2500) }],
      refunds: [],
    });
  });

  test('answers null for a transaction the processor does not have', async () => {
    expect(await sandbox.ports.processors.sandbox!.getTransaction('tx_missing')).toBeNull();
  });

  test('maps a status it does not know to UNSUPPORTED rather than guessing', async () => {
    const tx = sandbox.charge();
    (sandbox.store.getTransaction(tx.id) as { status: string }).status = 'requires_capture';
    expect((await sandbox.ports.processors.sandbox!.getTransaction(tx.id))?.status).toBe('UNSUPPORTED');
  });

  test('returns the first refund for a repeated idempotency key instead of paying twice', async () => {
    const tx = sandbox.charge({ amountMinor: 3000 });
    const processor = sandbox.ports.processors.sandbox!;
    const request = { transactionId: tx.id, amount: eur(1000), reason: 'overcharge', idempotencyKey: 'dispute-X/run/refund-1' };
    const first = await processor.issueRefund(request);
    const again = await processor.issueRefund(request);
    expect(again.id).toBe(first.id);
    expect(sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
  });

  test('refuses for good, with the processor\'s reason, a refund above what was captured', async () => {
    const tx = sandbox.charge({ amountMinor: 3000 });
    const refused = sandbox.ports.processors.sandbox!.issueRefund({ transactionId: tx.id, amount: eur(3001), reason: 'x', idempotencyKey: 'k-big' });
    await expect(refused).rejects.toMatchObject({ type: 'REFUND_REFUSED', retryable: false, message: expect.stringContaining('amount_too_large') });
    await expect(refused).rejects.toBeInstanceOf(PortError);
  });

  test('reads order totals and credits an account once per key', async () => {
    const tx = sandbox.charge({ amountMinor: 1200, orderTotalMinor: 1000 });
    expect(await sandbox.ports.orders.getOrder(tx.order_id!)).toEqual({ id: tx.order_id, total: eur(1000), customer: null, promisedRefunds: [], status: 'OPEN' });
    expect(await sandbox.ports.orders.getOrder('ord_missing')).toBeNull();
    const credit = { accountId: 'cus_1', amount: eur(500), reason: 'goodwill', idempotencyKey: 'credit-1' };
    const first = await sandbox.ports.ledger.credit(credit);
    expect(await sandbox.ports.ledger.credit(credit)).toEqual(first);
    expect(sandbox.store.creditsFor('cus_1')).toHaveLength(1);
  });

  test('translates a refund made before the dispute with its own date, as the processor records it', async () => {
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const tx = sandbox.charge({ amountMinor: 8999, daysAgo: 10, refunds: [{ amountMinor: 8999, daysAgo: 3 }, { amountMinor: 500, status: 'failed', createdAt: fiveDaysAgo }] });
    const found = await sandbox.ports.processors.sandbox!.getTransaction(tx.id);
    expect(Math.abs(Date.parse(found!.createdAt) - (Date.now() - 10 * 86_400_000))).toBeLessThan(60_000);
    expect(found!.refunds).toEqual([
      { id: expect.stringMatching(/^re_/), amount: eur(8999), status: 'SUCCEEDED', createdAt: expect.any(String) },
      { id: expect.stringMatching(/^re_/), amount: eur(500), status: 'FAILED', createdAt: fiveDaysAgo },
    ]);
    expect(Math.abs(Date.parse(found!.refunds[0]!.createdAt) - threeDaysAgo)).toBeLessThan(60_000);
  });

  test('reads an order in its own currency, with its status in our vocabulary', async () => {
    const tx = sandbox.charge({ amountMinor: 5000, orderTotalMinor: 5400, orderCurrency: 'USD', orderStatus: 'cancelled' });
    expect(await sandbox.ports.orders.getOrder(tx.order_id!)).toMatchObject({ total: { amountMinor: 5400, currency: 'USD' }, status: 'CANCELLED' });
    const shipped = sandbox.charge({ orderStatus: 'shipped' });
    expect((await sandbox.ports.orders.getOrder(shipped.order_id!))?.status).toBe('FULFILLED');
  });

  test('maps an order status it does not know to UNSUPPORTED, and says nothing for an order recorded without one', async () => {
    const held = sandbox.charge();
    (sandbox.store.getOrder(held.order_id!) as { status: string }).status = 'on_hold';
    expect((await sandbox.ports.orders.getOrder(held.order_id!))?.status).toBe('UNSUPPORTED');
    const old = sandbox.charge();
    delete sandbox.store.getOrder(old.order_id!)!.status;
    expect(await sandbox.ports.orders.getOrder(old.order_id!)).not.toHaveProperty('status');
  });

  test('treats an unreachable sandbox as a transient fault to retry, not a refusal', async () => {
    const { createSandboxProcessor } = await import('../../adapters/sandbox/processor');
    const offline = createSandboxProcessor('http://127.0.0.1:1');
    const err = await offline.getTransaction('tx_1').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/fetch failed/);
    expect(err).not.toBeInstanceOf(PortError);
  });
});

import { MockActivityEnvironment } from '@temporalio/testing';
import { createResolutionActivities } from '../../activities/resolution';
import { startSandbox, type Sandbox } from '../support/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

describe('the refund activity', () => {
  test('on a retry, returns the refund the processor already made under the key, without asking for another', async () => {
    const tx = sandbox.charge({ amountMinor: 3000 });
    const input = { processor: 'sandbox' as const, transactionId: tx.id, amount: eur(1000), reason: 'overcharge', idempotencyKey: 'dispute-X/run/refund-1' };
    const first = (await new MockActivityEnvironment({ attempt: 1 }).run(createResolutionActivities(sandbox.ports).issueRefund, input)) as { id: string };
    let refundCalls = 0;
    const counting = {
      ...sandbox.ports,
      processors: { sandbox: { ...sandbox.ports.processors.sandbox!, issueRefund: async () => { refundCalls += 1; throw new Error('must not be called'); } } },
    };
    const retried = (await new MockActivityEnvironment({ attempt: 2 }).run(createResolutionActivities(counting).issueRefund, input)) as { id: string };
    expect(retried.id).toBe(first.id);
    expect(refundCalls).toBe(0);
    expect(sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
  });

  test('turns a processor refusal into a non-retryable failure of type REFUND_REFUSED, with the processor\'s reason', async () => {
    const tx = sandbox.charge({ amountMinor: 3000 });
    const input = { processor: 'sandbox' as const, transactionId: tx.id, amount: eur(3001), reason: 'x', idempotencyKey: 'k-too-much' };
    await expect(new MockActivityEnvironment().run(createResolutionActivities(sandbox.ports).issueRefund, input)).rejects.toMatchObject({
      type: 'REFUND_REFUSED',
      nonRetryable: true,
      message: expect.stringContaining('amount_too_large'),
    });
  });

  test('turns a 503 with Retry-After into a retryable failure that waits as long as the processor asked', async () => {
    await fetch(new URL('/v1/faults', sandbox.url), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1, retryAfterSeconds: 7 }) });
    try {
      const tx = sandbox.charge({ amountMinor: 3000 });
      const input = { processor: 'sandbox' as const, transactionId: tx.id, amount: eur(100), reason: 'x', idempotencyKey: 'k-busy' };
      await expect(new MockActivityEnvironment().run(createResolutionActivities(sandbox.ports).issueRefund, input)).rejects.toMatchObject({
        type: 'PROCESSOR_UNAVAILABLE',
        nonRetryable: false,
        nextRetryDelay: 7000,
      });
    } finally {
      await fetch(new URL('/v1/faults', sandbox.url), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });
});

import { PortError, type Notification, type PaymentProcessor, type Ports, type RefundRequest } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { RefundRecord } from '../../domain/vocabulary';
import { createMetrics, type LoopMetrics } from '../../metrics/metrics';
import { instrumentPorts } from '../../metrics/ports';
import type { RecordsPort } from '../../records/record';
import { sampleRecord } from '../support/records';
import { sample } from './exposition';

const EUR = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const refundOf = (status: RefundRecord['status']): RefundRecord => ({ id: 're_1', amount: EUR(100), status, createdAt: '2026-12-01T10:00:00Z' });
const request = (idempotencyKey: string): RefundRequest => ({ transactionId: 'txn_1', amount: EUR(100), reason: 'duplicate', idempotencyKey });

/** A processor that answers each refund by its idempotency key: `issued`, `failed-at-once`, `refused`, `down`. */
class FakeProcessor implements PaymentProcessor {
  #calls = 0;
  get calls() {
    return this.#calls;
  }
  async getTransaction() {
    return null;
  }
  async findTransactionsForOrder() {
    return [];
  }
  async issueRefund(r: RefundRequest): Promise<RefundRecord> {
    this.#calls += 1;
    if (r.idempotencyKey === 'refused') throw new PortError(ErrorType.REFUND_REFUSED, 'insufficient balance', false);
    if (r.idempotencyKey === 'down') throw new PortError(ErrorType.PROCESSOR_UNAVAILABLE, '503', true);
    return refundOf(r.idempotencyKey === 'failed-at-once' ? 'FAILED' : 'PENDING');
  }
  async getRefund() {
    return null;
  }
  async findRefundByKey() {
    return null;
  }
}

function fakePorts(processor: FakeProcessor, records: RecordsPort = { write: async () => undefined }): Ports {
  return {
    processors: { sandbox: processor },
    orders: { getOrder: async () => null },
    incidents: { incidentsAffecting: async () => [] },
    ledger: {
      credit: async (r) => {
        if (r.idempotencyKey === 'refused') throw new PortError(ErrorType.CREDIT_REFUSED, 'account closed', false);
        if (r.idempotencyKey === 'down') throw new Error('ECONNRESET');
        return { entryId: 'le_1' };
      },
    },
    notifications: {
      send: async (n: Notification) => {
        if (n.to === 'bounce@example.com') throw new Error('550 mailbox unavailable');
        return { messageId: '<m1@loop>' };
      },
    },
    documents: { save: async () => undefined, read: async () => null, latest: async () => null },
    records,
  };
}

const notification = (kind: Notification['kind'], to: string): Notification => ({ caseId: 'DSP-0000000001', kind, to, locale: 'en', facts: {}, idempotencyKey: `${kind}-1` });

describe('the ports decorator', () => {
  let metrics: LoopMetrics;
  beforeEach(() => {
    metrics = createMetrics({ processMetrics: false });
  });

  test('counts refunds issued, refused for good, and failed (a fault or a refund failed at once), and passes results and errors on', async () => {
    const processor = new FakeProcessor();
    const sandbox = instrumentPorts(fakePorts(processor), metrics).processors.sandbox!;
    await expect(sandbox.issueRefund(request('ok'))).resolves.toMatchObject({ status: 'PENDING' });
    await sandbox.issueRefund(request('ok-2'));
    await expect(sandbox.issueRefund(request('refused'))).rejects.toMatchObject({ type: ErrorType.REFUND_REFUSED, retryable: false });
    await expect(sandbox.issueRefund(request('down'))).rejects.toMatchObject({ type: ErrorType.PROCESSOR_UNAVAILABLE });
    await sandbox.issueRefund(request('failed-at-once'));
    // Other methods reach the class's private state untouched.
    await expect(sandbox.getTransaction('txn_1')).resolves.toBeNull();
    expect(processor.calls).toBe(5);
    const text = await metrics.exposition();
    expect(sample(text, 'loop_refunds_total', { outcome: 'issued' })).toBe(2);
    expect(sample(text, 'loop_refunds_total', { outcome: 'refused' })).toBe(1);
    expect(sample(text, 'loop_refunds_total', { outcome: 'failed' })).toBe(2);
  });

  test('counts credits issued, refused and failed', async () => {
    const { ledger } = instrumentPorts(fakePorts(new FakeProcessor()), metrics);
    const credit = (idempotencyKey: string) => ledger.credit({ accountId: 'cus_ada', amount: EUR(500), reason: 'goodwill', idempotencyKey });
    await expect(credit('ok')).resolves.toEqual({ entryId: 'le_1' });
    await expect(credit('refused')).rejects.toBeInstanceOf(PortError);
    await expect(credit('down')).rejects.toThrow('ECONNRESET');
    const text = await metrics.exposition();
    for (const outcome of ['issued', 'refused', 'failed']) expect(sample(text, 'loop_credits_total', { outcome })).toBe(1);
  });

  test('counts e-mails sent and failed by kind, with no address in the metrics', async () => {
    const { notifications } = instrumentPorts(fakePorts(new FakeProcessor()), metrics);
    await notifications.send(notification('ACKNOWLEDGEMENT', 'ada@example.com'));
    await notifications.send(notification('RESOLUTION', 'ada@example.com'));
    await expect(notifications.send(notification('RESOLUTION', 'bounce@example.com'))).rejects.toThrow('550');
    const text = await metrics.exposition();
    expect(sample(text, 'loop_emails_total', { kind: 'ACKNOWLEDGEMENT', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'loop_emails_total', { kind: 'RESOLUTION', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'loop_emails_total', { kind: 'RESOLUTION', outcome: 'failed' })).toBe(1);
    expect(text).not.toMatch(/example\.com|DSP-/);
  });

  test('counts failed record writes', async () => {
    let down = false;
    const records: RecordsPort = { write: async () => { if (down) throw new Error('connection refused'); } };
    const counted = instrumentPorts(fakePorts(new FakeProcessor(), records), metrics);
    const write = { record: sampleRecord(), statusChanges: [] };
    await counted.records.write(write);
    down = true;
    await expect(counted.records.write(write)).rejects.toThrow('connection refused');
    await expect(counted.records.write(write)).rejects.toThrow('connection refused');
    expect(sample(await metrics.exposition(), 'loop_record_writes_failed_total')).toBe(2);
  });
});

import type { DisputeReport, Findings, ProcessorTransaction } from '../../domain/vocabulary';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

/** A settled charge of `captures` amounts (in EUR cents) for order `ord_1`, made on 1 March 2026. */
export function transaction(captures: number[], refunds: { amount: number; status?: 'SUCCEEDED' | 'FAILED' | 'PENDING' }[] = []): ProcessorTransaction {
  return {
    id: 'tx_1',
    requestedAmount: eur(captures[0] ?? 0),
    amount: eur(captures[0] ?? 0),
    authentication: { method: 'NONE', outcome: 'NOT_PERFORMED' },
    declineReason: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    status: 'SUCCEEDED',
    orderId: 'ord_1',
    captures: captures.map((amount, i) => ({ id: `cap_${i}`, amount: eur(amount), capturedAt: '2026-03-01T10:00:00.000Z' })),
    refunds: refunds.map((r, i) => ({ id: `re_${i}`, amount: eur(r.amount), status: r.status ?? 'SUCCEEDED', createdAt: '2026-03-02T10:00:00.000Z' })),
    chargebacks: [],
  };
}

export function findings(tx: ProcessorTransaction | null, orderTotal: number | null, currency = 'EUR'): Findings {
  return {
    transaction: tx,
    order: orderTotal === null ? null : { id: 'ord_1', total: { amountMinor: orderTotal, currency }, customer: null, promisedRefunds: [] },
    otherTransactionsForOrder: [],
    incidents: [],
    investigatedAt: '2026-03-10T10:00:00.000Z',
  };
}

export { eur };

/** A web report of transaction `tx_1`. */
export function report(category: DisputeReport['category'] = 'AMOUNT_MISMATCH'): DisputeReport {
  return {
    customer: { id: 'cus_1', email: 'a@example.com', locale: 'en' },
    channel: 'web',
    category,
    transaction: { processor: 'sandbox', id: 'tx_1' },
    description: 'charged too much',
  };
}

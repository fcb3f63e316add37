import { LIABILITY_RULES } from '../../domain/liability';
import { apiOver, reportBody } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

/**
 * Every row of the README's "How a case is decided", tried as a user would: a charge made with the
 * sandbox's own HTTP API (`POST /v1/transactions`, `POST /v1/incidents`), then a report to the API.
 */
const TASK_QUEUE = 'sandbox-policy-table';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;
beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY);
});

const sandboxPost = async (path: string, body: unknown) => {
  const res = await fetch(`${system.sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`sandbox ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; order_id: string | null; created_at: string };
};
const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Reports `transactionId` and waits for the case's assessment. */
async function assessed(transactionId: string, more: Record<string, unknown>) {
  const opened = await api.as('website').post('/v1/disputes').send(reportBody(transactionId, more)).expect(202);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await api.as('agent').get(`/v1/disputes/${opened.body.disputeId}`);
    if (res.body.assessment) return res.body;
    if (Date.now() > deadline) throw new Error(`no assessment for ${transactionId}: ${JSON.stringify(res.body).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Row = [rule: string, category: string, charge: () => Promise<string>];
const eur = { currency: 'EUR' };
const rows: Row[] = [
  ['TRANSACTION_NOT_FOUND', 'OTHER', async () => 'tx_never_charged'],
  ['DECLINED_FOR_CUSTOMER_DETAILS', 'OTHER', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, declineCode: 'incorrect_cvc' })).id],
  ['UNAUTHORIZED_IN_LOOP_INCIDENT', 'UNAUTHORIZED', async () => {
    await sandboxPost('/v1/incidents', { startsAt: ago(3), endsAt: ago(1), affectedAccounts: ['cus_incident'], summary: 'card data exposed' });
    return (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, daysAgo: 2 })).id;
  }],
  ['UNAUTHORIZED_STRONGLY_AUTHENTICATED', 'UNAUTHORIZED', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, authentication: 'three_d_secure' })).id],
  ['UNAUTHORIZED_UNCLEAR', 'UNAUTHORIZED', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000 })).id],
  ['PROCESSOR_CHARGED_OTHER_AMOUNT', 'AMOUNT_MISMATCH', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5500, requestedAmountMinor: 5000, orderTotalMinor: 5000 })).id],
  ['DUPLICATE_CAPTURE', 'DUPLICATE_CHARGE', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, captureCount: 2 })).id],
  ['DUPLICATE_CAPTURE', 'DUPLICATE_CHARGE', async () => {
    const first = await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, daysAgo: 1 });
    return (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderId: first.order_id })).id;
  }],
  ['CHARGED_MORE_THAN_ORDER', 'AMOUNT_MISMATCH', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 6000, orderTotalMinor: 5000 })).id],
  ['PROMISED_REFUND_NOT_ISSUED', 'REFUND_NOT_RECEIVED', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, promisedRefunds: [{ amountMinor: 1500, reference: 'RMA-9' }] })).id],
  ['REFUND_SETTLED_NOT_SEEN', 'REFUND_NOT_RECEIVED', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000, daysAgo: 10, refunds: [{ amountMinor: 5000, daysAgo: 3 }] })).id],
  ['NO_ORDER_RECORD', 'AMOUNT_MISMATCH', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 6000 })).id],
  ['NO_ORDER_RECORD', 'AMOUNT_MISMATCH', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 6000, orderTotalMinor: 5400, orderCurrency: 'USD', orderStatus: 'cancelled' })).id],
  ['NO_DISCREPANCY_FOUND', 'AMOUNT_MISMATCH', async () => (await sandboxPost('/v1/transactions', { ...eur, amountMinor: 5000, orderTotalMinor: 5000 })).id],
];

describe('every row of the policy table, through the sandbox', () => {
  test('covers every rule', () => {
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['TRANSACTION_NOT_FOUND', ...LIABILITY_RULES.map((r) => r.id)]));
  });

  test.each(rows)('%s (reported as %s)', async (rule, category, charge) => {
    const transactionId = await charge();
    const customer = { id: rule === 'UNAUTHORIZED_IN_LOOP_INCIDENT' ? 'cus_incident' : 'cus_ada', email: 'ada@example.com', locale: 'en' };
    const state = await assessed(transactionId, { category, customer });
    expect(state.assessment.rule).toBe(rule);
  });

  test('a settled refund from three days ago is the reference the customer is given', async () => {
    const tx = await sandboxPost('/v1/transactions', { ...eur, amountMinor: 8999, orderTotalMinor: 8999, daysAgo: 10, refunds: [{ amountMinor: 8999, daysAgo: 3 }] });
    const state = await assessed(tx.id, { category: 'REFUND_NOT_RECEIVED' });
    const refund = state.findings.transaction.refunds[0];
    expect(refund.status).toBe('SUCCEEDED');
    expect(Math.abs(Date.parse(refund.createdAt) - Date.parse(ago(3)))).toBeLessThan(60_000);
    expect(state.assessment.customerGuidance).toContain(refund.id);
  });

  test('an order in another currency, cancelled, reaches the agent as the order system says', async () => {
    const tx = await sandboxPost('/v1/transactions', { ...eur, amountMinor: 6000, orderTotalMinor: 5400, orderCurrency: 'USD', orderStatus: 'cancelled' });
    const state = await assessed(tx.id, { category: 'AMOUNT_MISMATCH' });
    expect(state.findings.order).toMatchObject({ total: { amountMinor: 5400, currency: 'USD' }, status: 'CANCELLED' });
  });

  test('a charge 61 days old is outside the window whatever the customer believes', async () => {
    const tx = await sandboxPost('/v1/transactions', { ...eur, amountMinor: 6000, orderTotalMinor: 5000, daysAgo: 61 });
    const state = await assessed(tx.id, { category: 'AMOUNT_MISMATCH', believedChargedOn: ago(20).slice(0, 10) });
    expect(state.assessment).toMatchObject({ rule: 'CHARGED_MORE_THAN_ORDER', outsideReportingWindow: true, unambiguous: false });
    expect(state.report.believedChargedOn).toBe(ago(20).slice(0, 10));
  });
});

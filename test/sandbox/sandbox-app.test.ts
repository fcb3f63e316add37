import { NewIncidentSchema, NewTransactionSchema, type OptionDoc } from '../../sandbox/options';
import { startSandbox, type Sandbox } from '../support/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const DAY = 86_400_000;
const near = (iso: string, ms: number) => Math.abs(Date.parse(iso) - ms) < 60_000;

describe('the sandbox service over HTTP', () => {
  test('GET / lists every option POST /v1/transactions takes, with its type, default and what it does', async () => {
    const home = (await (await fetch(`${sandbox.url}/`)).json()) as { options: Record<string, OptionDoc[]> };
    const listed = home.options['POST /v1/transactions']!;
    expect(listed.map((o) => o.name)).toEqual(Object.keys(NewTransactionSchema.shape));
    expect(home.options['POST /v1/incidents']!.map((o) => o.name)).toEqual(Object.keys(NewIncidentSchema.shape));
    const everyOption = (options: OptionDoc[]): OptionDoc[] => options.flatMap((o) => [o, ...everyOption(o.fields ?? [])]);
    for (const option of everyOption(listed)) {
      expect({ name: option.name, described: option.description.length > 10, typed: option.type.length > 0 }).toEqual({ name: option.name, described: true, typed: true });
    }
    const byName = Object.fromEntries(listed.map((o) => [o.name, o]));
    expect(byName.amountMinor).toMatchObject({ type: 'integer > 0', required: true, default: null });
    expect(byName.captureCount).toMatchObject({ type: 'integer ≥ 1, ≤ 5', required: false, default: 1 });
    expect(byName.orderStatus).toMatchObject({ type: '"paid" | "shipped" | "delivered" | "cancelled" | "returned"', default: 'paid' });
    expect(byName.createdAt).toMatchObject({ default: expect.stringMatching(/^now, or the oldest seeded refund/) });
    expect(byName.refunds!.fields!.map((f) => f.name)).toEqual(['amountMinor', 'status', 'createdAt', 'daysAgo']);
  });

  test('creates a charge of ten days ago with a settled refund from three days ago', async () => {
    const res = await post('/v1/transactions', { amountMinor: 8999, currency: 'EUR', orderTotalMinor: 8999, daysAgo: 10, refunds: [{ amountMinor: 8999, daysAgo: 3 }] });
    expect(res.status).toBe(201);
    const tx = (await res.json()) as { id: string; created_at: string; order_id: string; refunds: { status: string; created_at: string; amount_minor: number }[] };
    expect(near(tx.created_at, Date.now() - 10 * DAY)).toBe(true);
    expect(tx.refunds).toMatchObject([{ amount_minor: 8999, status: 'succeeded' }]);
    expect(near(tx.refunds[0]!.created_at, Date.now() - 3 * DAY)).toBe(true);
    expect(tx.order_id).toMatch(/^ord_/);
  });

  test('the refunds example GET / gives works as shown, on a charge given no date', async () => {
    const home = (await (await fetch(`${sandbox.url}/`)).json()) as { options: Record<string, OptionDoc[]> };
    const refunds = home.options['POST /v1/transactions']!.find((o) => o.name === 'refunds')!;
    const example = JSON.parse(/e\.g\. (\[.*\]) for/.exec(refunds.description)![1]!) as unknown;
    const res = await post('/v1/transactions', { amountMinor: 8999, currency: 'EUR', refunds: example });
    expect(res.status).toBe(201);
    const tx = (await res.json()) as { created_at: string; refunds: { created_at: string }[] };
    expect(near(tx.refunds[0]!.created_at, Date.now() - 3 * DAY)).toBe(true);
    expect(Date.parse(tx.created_at)).toBeLessThanOrEqual(Date.parse(tx.refunds[0]!.created_at));
  });

  test('a charge given no date and refunds of today is dated now', async () => {
    const res = await post('/v1/transactions', { amountMinor: 500, currency: 'EUR', refunds: [{ amountMinor: 100 }] });
    expect(res.status).toBe(201);
    expect(near(((await res.json()) as { created_at: string }).created_at, Date.now())).toBe(true);
  });

  test('creates an order in its own currency and with a status', async () => {
    const tx = (await (await post('/v1/transactions', { amountMinor: 5000, currency: 'EUR', orderId: 'ord_usd_1', orderTotalMinor: 5400, orderCurrency: 'USD', orderStatus: 'cancelled' })).json()) as { order_id: string };
    const order = await (await fetch(`${sandbox.url}/v1/orders/${tx.order_id}`)).json();
    expect(order).toMatchObject({ id: 'ord_usd_1', total_minor: 5400, currency: 'USD', status: 'cancelled' });
  });

  test.each([
    ['a date given twice', { createdAt: '2026-10-01T08:00:00.000Z', daysAgo: 3 }, 'daysAgo'],
    ['an order currency with no order', { orderCurrency: 'USD' }, 'orderCurrency'],
    ['an order status nobody knows', { orderTotalMinor: 100, orderStatus: 'lost' }, 'orderStatus'],
    ['a refund dated twice', { refunds: [{ amountMinor: 100, daysAgo: 1, createdAt: '2026-10-01T08:00:00.000Z' }] }, 'daysAgo'],
    ['an option the sandbox does not take', { refundedDaysAgo: 3 }, 'refundedDaysAgo'],
  ])('refuses %s with 400, naming the option', async (_name, more, option) => {
    const res = await post('/v1/transactions', { amountMinor: 1000, currency: 'EUR', ...more });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(option);
  });

  test.each([
    ['a refund before the charge', { daysAgo: 2, refunds: [{ amountMinor: 100, daysAgo: 5 }] }, 'refund_before_charge'],
    ['refunds above what was captured', { refunds: [{ amountMinor: 600 }, { amountMinor: 600 }] }, 'amount_too_large'],
    ['a refund of a declined payment', { declineCode: 'incorrect_cvc', refunds: [{ amountMinor: 100 }] }, 'amount_too_large'],
  ])('refuses %s with 422', async (_name, more, code) => {
    const res = await post('/v1/transactions', { amountMinor: 1000, currency: 'EUR', ...more });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});

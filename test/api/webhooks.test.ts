import Stripe from 'stripe';
import request from 'supertest';
import { caseIdFor } from '../../api/case-id';
import { createApp } from '../../api/app';
import { createStripeWebhookVerifier } from '../../adapters/stripe/webhooks';
import { workflowIdFor } from '../../domain/ids';
import { caseStateQuery, withdrawalUpdate } from '../../workflows/resolve-discrepancy';
import { testAuthenticator } from '../support/api';
import { AGENT_ONLY_POLICY, waitForCase } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'webhooks';
const SECRET = 'whsec_test_loop_disputes';
const system = useCaseSystem('dev', TASK_QUEUE);
let http: ReturnType<typeof request>;

beforeAll(() => {
  const app = createApp({
    client: system.env.client,
    taskQueue: TASK_QUEUE,
    policy: AGENT_ONLY_POLICY,
    processors: ['sandbox', 'stripe'],
    webhookVerifiers: { stripe: createStripeWebhookVerifier({ webhookSecret: SECRET, toleranceSeconds: 300 }) },
    authenticate: testAuthenticator(),
    log: () => undefined,
  });
  http = request(app);
});

/** A Stripe `charge.dispute.created` event as Stripe documents it (https://docs.stripe.com/api/events/types#event_types-charge.dispute.created). */
function disputeEvent(eventId: string, paymentIntent: string) {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'charge.dispute.created',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `dp_${eventId}`, object: 'dispute', amount: 4200, currency: 'eur', status: 'needs_response', payment_intent: paymentIntent, charge: `ch_${eventId}`, created: Math.floor(Date.now() / 1000) } },
  });
}
const signed = (payload: string, timestamp?: number) => Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, ...(timestamp ? { timestamp } : {}) });
const send = (payload: string, signature: string) => http.post('/v1/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', signature).send(payload);
const caseOf = (pi: string) => system.env.client.workflow.getHandle(workflowIdFor(caseIdFor('stripe', pi)));

describe('processor webhooks through the API (dev server)', () => {
  test('a signed Stripe dispute opens the case for its payment, and the same event again changes nothing', async () => {
    const payload = disputeEvent('evt_1', 'pi_disputed_1');
    const first = await send(payload, signed(payload)).expect(200);
    expect(first.body).toEqual({ received: true, disputeId: caseIdFor('stripe', 'pi_disputed_1') });
    const opened = await waitForCase(caseOf('pi_disputed_1'), (s) => s.chargebacks.length === 1);
    expect(opened).toMatchObject({ report: { channel: 'processor', transaction: { processor: 'stripe' } }, chargebacks: [{ status: 'OPEN', amount: { amountMinor: 4200, currency: 'EUR' } }] });

    await send(payload, signed(payload)).expect(200);
    await new Promise((r) => setTimeout(r, 500));
    const after = await caseOf('pi_disputed_1').query(caseStateQuery);
    expect(after.timeline.filter((t) => t.event === 'CHARGEBACK')).toHaveLength(1);
  });

  test.each([
    ['a forged signature', (p: string) => signed(p).replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`)],
    ['a signature 10 minutes old', (p: string) => signed(p, Math.floor(Date.now() / 1000) - 600)],
    ['no signature at all', () => ''],
  ])('refuses %s with 400 and opens no case', async (_name, signature) => {
    const payload = disputeEvent(`evt_forged_${Math.random().toString(36).slice(2)}`, 'pi_never_opened');
    const res = await send(payload, signature(payload));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'signature' }] });
    await expect(caseOf('pi_never_opened').describe()).rejects.toThrow();
  });

  test('a dispute redelivered after its case closed does not open a second case', async () => {
    const payload = disputeEvent('evt_closed_1', 'pi_disputed_2');
    await send(payload, signed(payload)).expect(200);
    const handle = caseOf('pi_disputed_2');
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(withdrawalUpdate, { args: [{ reason: 'settled with the bank' }] });
    await handle.result();
    const firstRun = (await handle.describe()).runId;

    // The same dispute, delivered again under a new event id (as processors do after a timeout).
    const again = disputeEvent('evt_closed_2', 'pi_disputed_2').replace('"dp_evt_closed_2"', '"dp_evt_closed_1"');
    const res = await send(again, signed(again)).expect(200);
    expect(res.body.ignored).toContain('already handled');
    expect((await handle.describe()).runId).toBe(firstRun);
  });

  test('answers 404 for a processor this deployment has no webhook for', async () => {
    const res = await http.post('/v1/webhooks/paypal').set('content-type', 'application/json').send('{}');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

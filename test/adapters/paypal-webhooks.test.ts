import { WebhookRejected } from '../../activities/ports';
import type { PayPalHttp } from '../../adapters/paypal/http';
import { createPayPalWebhookVerifier } from '../../adapters/paypal/webhooks';
import { disputeCreated, transmissionHeaders } from './fixtures/paypal/webhooks';

const config = { clientId: 'client', clientSecret: 'secret', environment: 'sandbox', baseUrl: 'http://127.0.0.1:1', webhookId: '8PT597110X687430LKGECATA' } as const;

describe('the PayPal webhook verifier and the transmission time', () => {
  const asked: string[] = [];
  const paypal = { call: async (path: string) => (asked.push(path), { verification_status: 'SUCCESS' }) } as unknown as PayPalHttp;
  const verifier = createPayPalWebhookVerifier(config as never, paypal);
  const body = Buffer.from(JSON.stringify(disputeCreated));
  const at = (offsetMs: number) => ({ ...transmissionHeaders, 'paypal-transmission-time': new Date(Date.now() + offsetMs).toISOString() });

  test('refuses a transmission three days in the future, as one too old, without asking PayPal', async () => {
    await expect(verifier.verify(body, at(3 * 86_400_000))).rejects.toBeInstanceOf(WebhookRejected);
    await expect(verifier.verify(body, at(-10 * 60_000))).rejects.toBeInstanceOf(WebhookRejected);
    expect(asked).toEqual([]);
  });

  test('accepts one a minute ahead (clock skew) once PayPal verifies it', async () => {
    await expect(verifier.verify(body, at(60_000))).resolves.toMatchObject({ kind: 'CHARGEBACK' });
    expect(asked).toEqual(['/v1/notifications/verify-webhook-signature']);
  });
});

import { PortError, WebhookRejected, type ProcessorEvent, type WebhookVerifier } from '../../activities/ports';
import { createPayPalHttp, type PayPalHttp } from './http';
import type { PayPalConfig } from './processor';
import { translateWebhookEvent } from './webhook-events';
import type { PayPalWebhookEvent } from './wire';

/** The transmission headers PayPal signs a webhook with, and the verify request field each fills. */
const TRANSMISSION_HEADERS = {
  'paypal-auth-algo': 'auth_algo',
  'paypal-cert-url': 'cert_url',
  'paypal-transmission-id': 'transmission_id',
  'paypal-transmission-sig': 'transmission_sig',
  'paypal-transmission-time': 'transmission_time',
} as const;

/** How far from now a transmission time may be, either way, against replays. */
const TOLERANCE_MS = 5 * 60_000;

/**
 * Verifies a PayPal webhook by asking PayPal (`POST /v1/notifications/verify-webhook-signature`)
 * and translates it. A missing transmission header, an unreadable body or any verification status
 * but SUCCESS throws WebhookRejected. PayPal unreachable throws a retryable PortError instead, so
 * the endpoint answers 5xx and PayPal delivers again. Throws at once without `webhookId`.
 */
export function createPayPalWebhookVerifier(config: PayPalConfig, http: PayPalHttp = createPayPalHttp(config)): WebhookVerifier {
  const webhookId = config.webhookId;
  if (!webhookId) throw new Error('PayPal webhook verification needs the webhookId from the developer dashboard');
  return {
    async verify(rawBody: Buffer, headers: Record<string, string | undefined>): Promise<ProcessorEvent> {
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const fields: Record<string, string> = {};
      for (const [header, field] of Object.entries(TRANSMISSION_HEADERS)) {
        const value = lower[header];
        if (!value) throw new WebhookRejected(`PayPal webhook without the ${header} header`);
        fields[field] = value;
      }
      const sentAt = Date.parse(fields.transmission_time ?? lower['paypal-transmission-time'] ?? '');
      if (!Number.isFinite(sentAt) || Math.abs(Date.now() - sentAt) > TOLERANCE_MS) {
        throw new WebhookRejected('PayPal webhook transmission time missing, older than 5 minutes, or more than 5 minutes ahead');
      }
      const text = rawBody.toString('utf8');
      let event: PayPalWebhookEvent;
      try {
        event = JSON.parse(text) as PayPalWebhookEvent;
      } catch {
        throw new WebhookRejected('PayPal webhook body is not JSON');
      }
      if (typeof event?.id !== 'string' || typeof event.event_type !== 'string') throw new WebhookRejected('PayPal webhook body is not an event');
      // The event goes back byte for byte: re-serialising it can change what PayPal signed.
      const rawJson = `${JSON.stringify({ ...fields, webhook_id: webhookId }).slice(0, -1)},"webhook_event":${text}}`;
      let answer: { verification_status?: string } | null;
      try {
        answer = await http.call<{ verification_status?: string }>('/v1/notifications/verify-webhook-signature', { method: 'POST', rawJson });
      } catch (err) {
        // PayPal refusing the verification request itself (4xx) is a rejection; its outage stays retryable.
        if (err instanceof PortError && !err.retryable) throw new WebhookRejected(`PayPal refused to verify the webhook: ${err.message}`);
        throw err;
      }
      if (answer?.verification_status !== 'SUCCESS') throw new WebhookRejected(`PayPal did not verify webhook ${event.id}: ${answer?.verification_status ?? 'no status'}`);
      return translateWebhookEvent(event);
    },
  };
}

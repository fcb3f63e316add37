import {
  AbortError,
  ApiError,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
  type ApiResponse,
  type CapturedPayment,
  type LinkDescription,
  type Money,
  type Order,
  type Refund,
} from '@paypal/paypal-server-sdk';
import { PortError } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import { payPalError, TIMEOUT_MS, type PayPalCall, type PayPalHttp } from './http';
import type { PayPalConfig } from './processor';
import type { PayPalCapture, PayPalErrorBody, PayPalLink, PayPalMoney, PayPalOrder, PayPalRefund } from './wire';

/** Payments v2 and Orders v2 through `@paypal/paypal-server-sdk`, answered in our wire shapes (./wire.ts). */
export interface PayPalPayments {
  /** Null when PayPal does not have it (404), as for every read here. */
  capture(captureId: string): Promise<PayPalCapture | null>;
  order(orderId: string): Promise<PayPalOrder | null>;
  refund(refundId: string): Promise<PayPalRefund | null>;
  /** `POST /v2/payments/captures/{id}/refund` with `PayPal-Request-Id` = `requestId`; a 422 or 404 is REFUND_REFUSED. */
  refundCapture(captureId: string, requestId: string, body: { amount: PayPalMoney; note_to_payer: string; custom_id?: string }): Promise<PayPalRefund | null>;
}

interface Controllers {
  payments: PaymentsController;
  orders: OrdersController;
}

/**
 * The SDK's controllers behind the same PortErrors as the fetch calls. The SDK gets the access
 * token from `http` (one token cache for both paths) and keeps no retries of its own: Temporal
 * retries the activity. A 401 fetches a fresh token and tries once more, as the fetch path does.
 */
export function createPayPalPayments(config: PayPalConfig, http: PayPalHttp): PayPalPayments {
  let current: { token: string; controllers: Controllers } | null = null;

  /** A client per access token: the SDK caches the token it is given and never asks again. */
  function controllersFor(token: string): Controllers {
    if (current?.token !== token) {
      const client = new Client({
        environment: config.environment === 'live' ? Environment.Production : Environment.Sandbox,
        clientCredentialsAuthCredentials: { oAuthClientId: config.clientId, oAuthClientSecret: config.clientSecret, oAuthToken: { accessToken: token, tokenType: 'Bearer' } },
        httpClientOptions: { timeout: TIMEOUT_MS, retryConfig: { maxNumberOfRetries: 0 } },
        ...(config.baseUrl ? { unstable_httpClientOptions: routedTo(config.baseUrl) } : {}),
      });
      current = { token, controllers: { payments: new PaymentsController(client), orders: new OrdersController(client) } };
    }
    return current.controllers;
  }

  async function call<T>(what: string, send: (c: Controllers) => Promise<ApiResponse<T>>, options: PayPalCall = {}, refused?: string): Promise<T | null> {
    const token = await http.accessToken(refused);
    try {
      return (await send(controllersFor(token))).result;
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 401 && refused === undefined) return call(what, send, options, token);
      if (err instanceof ApiError && err.statusCode === 404 && options.method !== 'POST') return null;
      throw portErrorOf(err, what, options);
    }
  }

  const orNull = <T, W>(model: T | null, wire: (m: T) => W): W | null => (model ? wire(model) : null);
  return {
    capture: async (captureId) => orNull(await call(`GET /v2/payments/captures/${captureId}`, (c) => c.payments.getCapturedPayment({ captureId })), wireCapture),
    order: async (id) => orNull(await call(`GET /v2/checkout/orders/${id}`, (c) => c.orders.getOrder({ id })), wireOrder),
    refund: async (refundId) => orNull(await call(`GET /v2/payments/refunds/${refundId}`, (c) => c.payments.getRefund({ refundId })), wireRefund),
    refundCapture: async (captureId, requestId, body) =>
      orNull(
        await call(
          `POST /v2/payments/captures/${captureId}/refund`,
          (c) =>
            c.payments.refundCapturedPayment({
              captureId,
              paypalRequestId: requestId,
              prefer: 'return=representation',
              body: { amount: { currencyCode: body.amount.currency_code, value: body.amount.value }, noteToPayer: body.note_to_payer, customId: body.custom_id },
            }),
          { method: 'POST', refusedAs: ErrorType.REFUND_REFUSED },
        ),
        wireRefund,
      ),
  };
}

/**
 * The test seam (only with `PayPalConfig.baseUrl`): the SDK's base URL is fixed to PayPal's two
 * hosts, so its requests go through axios's fetch adapter with a fetch that swaps PayPal's
 * origin for `baseUrl`, keeping path and query. Without `baseUrl` the SDK's own transport is used.
 */
function routedTo(baseUrl: string) {
  return {
    adapter: 'fetch',
    env: {
      fetch: (request: Request, init?: RequestInit) => {
        const url = new URL(request.url);
        return fetch(new Request(new URL(url.pathname + url.search, baseUrl), request), init ?? undefined);
      },
    },
  };
}

/** An SDK failure as the PortError the fetch path would have thrown for the same answer. */
function portErrorOf(err: unknown, what: string, options: PayPalCall): PortError {
  if (err instanceof PortError) return err;
  if (err instanceof ApiError) return payPalError(err.statusCode, errorBody(err.body), err.headers['retry-after'], what, options);
  const message = err instanceof Error ? err.message : String(err);
  // Axios marks its transport failures (refused, reset, timed out); nothing reached PayPal or came back.
  if ((err as { isAxiosError?: unknown } | null)?.isAxiosError === true || err instanceof AbortError) {
    return new PortError(ErrorType.PROCESSOR_UNAVAILABLE, `PayPal ${what} unreachable: ${message}`, true);
  }
  // A success the SDK could not read (not JSON, or not the documented shape).
  return new PortError(ErrorType.PORT_PROTOCOL_ERROR, `PayPal ${what} answered unreadably: ${message}`, false);
}

function errorBody(body: unknown): PayPalErrorBody | undefined {
  try {
    return typeof body === 'string' ? (JSON.parse(body) as PayPalErrorBody) : undefined;
  } catch {
    return undefined; // a gateway's HTML page: the status says enough
  }
}

// The SDK's camelCase models back to PayPal's JSON (./wire.ts), only the fields ./translate.ts reads.
// Missing fields stay missing, as they would in the JSON; translate.ts decides what that means.
const wireMoney = (m: Money | undefined): PayPalMoney | undefined => m && { currency_code: m.currencyCode, value: m.value };
const wireLinks = (links: LinkDescription[] | undefined): PayPalLink[] | undefined => links?.map(({ href, rel, method }) => ({ href, rel, method }));

export function wireCapture(c: CapturedPayment): PayPalCapture {
  const orderId = c.supplementaryData?.relatedIds?.orderId;
  return {
    id: c.id,
    status: c.status,
    amount: wireMoney(c.amount),
    invoice_id: c.invoiceId,
    custom_id: c.customId,
    create_time: c.createTime,
    ...(orderId ? { supplementary_data: { related_ids: { order_id: orderId } } } : {}),
    links: wireLinks(c.links),
  } as PayPalCapture;
}

export function wireRefund(r: Refund): PayPalRefund {
  return { id: r.id, status: r.status, amount: wireMoney(r.amount), custom_id: r.customId, create_time: r.createTime, links: wireLinks(r.links) } as PayPalRefund;
}

export function wireOrder(o: Order): PayPalOrder {
  const result = o.paymentSource?.card?.authenticationResult;
  const threeDSecure = result?.threeDSecure;
  return {
    id: o.id,
    status: o.status,
    purchase_units: o.purchaseUnits?.map((u) => ({
      amount: wireMoney(u.amount),
      payments: u.payments && { captures: u.payments.captures?.map((c) => ({ id: c.id }) as PayPalCapture), refunds: u.payments.refunds?.map(wireRefund) },
    })),
    payment_source: o.paymentSource && {
      card: o.paymentSource.card && {
        authentication_result: result && {
          liability_shift: result.liabilityShift,
          three_d_secure: threeDSecure && { authentication_status: threeDSecure.authenticationStatus, enrollment_status: threeDSecure.enrollmentStatus },
        },
      },
    },
  } as PayPalOrder;
}

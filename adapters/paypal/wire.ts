/**
 * PayPal's JSON as it travels on the wire (snake_case), only the fields this adapter reads.
 * Shapes follow https://developer.paypal.com/docs/api/payments/v2/ (captures, refunds),
 * https://developer.paypal.com/docs/api/orders/v2/ (orders),
 * https://developer.paypal.com/docs/api/customer-disputes/v1/ (disputes) and
 * https://developer.paypal.com/api/rest/webhooks/rest/ (webhook events).
 * The SDK's own models are camelCase after its mapping layer, so they do not describe this JSON;
 * ./sdk.ts turns the ones it answers with back into these shapes.
 */

/** `{ currency_code: "EUR", value: "12.34" }`: a decimal string, never a number. */
export interface PayPalMoney {
  currency_code: string;
  value: string;
}

export interface PayPalLink {
  href: string;
  rel: string;
  method?: string;
}

export interface PayPalCapture {
  id: string;
  status: string;
  amount: PayPalMoney;
  invoice_id?: string;
  custom_id?: string;
  create_time: string;
  update_time?: string;
  supplementary_data?: { related_ids?: { order_id?: string; authorization_id?: string } };
  links?: PayPalLink[];
}

export interface PayPalRefund {
  id: string;
  status: string;
  status_details?: { reason?: string };
  amount: PayPalMoney;
  invoice_id?: string;
  custom_id?: string;
  note_to_payer?: string;
  create_time: string;
  update_time?: string;
  supplementary_data?: { related_ids?: { capture_id?: string } };
  links?: PayPalLink[];
}

export interface PayPalAuthenticationResult {
  liability_shift?: string;
  three_d_secure?: { authentication_status?: string; enrollment_status?: string };
}

export interface PayPalPurchaseUnit {
  reference_id?: string;
  amount?: PayPalMoney;
  invoice_id?: string;
  custom_id?: string;
  payments?: { captures?: PayPalCapture[]; refunds?: PayPalRefund[] };
}

export interface PayPalOrder {
  id: string;
  status: string;
  purchase_units?: PayPalPurchaseUnit[];
  payment_source?: { card?: { authentication_result?: PayPalAuthenticationResult } } & Record<string, unknown>;
}

/** One item of `GET /v1/customer/disputes` (a summary: no outcome, no transactions). */
export interface PayPalDisputeSummary {
  dispute_id: string;
  create_time: string;
  update_time?: string;
  reason?: string;
  status: string;
  dispute_amount?: PayPalMoney;
  dispute_life_cycle_stage?: string;
  links?: PayPalLink[];
}

/** `GET /v1/customer/disputes/{id}`, also the resource of `CUSTOMER.DISPUTE.*` webhook events. */
export interface PayPalDispute extends PayPalDisputeSummary {
  disputed_transactions?: { seller_transaction_id?: string; buyer_transaction_id?: string }[];
  dispute_outcome?: { outcome_code?: string };
}

export interface PayPalDisputeList {
  items?: PayPalDisputeSummary[];
  links?: PayPalLink[];
}

/** PayPal's error body; the OAuth endpoint answers `{ error, error_description }` instead. */
export interface PayPalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  details?: { issue?: string; description?: string; field?: string }[];
  error?: string;
  error_description?: string;
}

export interface PayPalWebhookEvent {
  id: string;
  event_type: string;
  resource_type?: string;
  resource?: unknown;
  create_time?: string;
}

import type { IncidentsPort, LedgerPort, NotificationsPort, OrdersPort } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { SandboxCredit, SandboxIncident, SandboxMessage, SandboxOrder } from '../../sandbox/store';
import { translate } from '../translate';
import { sandboxCall, sandboxCallRequired } from './http';

const ORDER_STATUS = { paid: 'OPEN', shipped: 'FULFILLED', delivered: 'FULFILLED', cancelled: 'CANCELLED', returned: 'RETURNED' } as const;

/** Loop's order records, as the sandbox keeps them. */
export function createSandboxOrders(baseUrl: string): OrdersPort {
  return {
    async getOrder(orderId) {
      const order = await sandboxCall<SandboxOrder>(baseUrl, `/v1/orders/${encodeURIComponent(orderId)}`);
      if (!order) return null;
      return {
        id: order.id,
        total: { amountMinor: order.total_minor, currency: order.currency },
        customer: order.customer,
        promisedRefunds: order.promised_refunds.map((p) => ({ amount: { amountMinor: p.amount_minor, currency: order.currency }, promisedAt: p.promised_at, reference: p.reference })),
        // An order recorded before the sandbox kept statuses has none: say nothing rather than guess.
        ...(order.status === undefined ? {} : { status: translate(ORDER_STATUS, order.status) }),
      };
    },
  };
}

/** The account-balance ledger, as the sandbox keeps it. */
export function createSandboxLedger(baseUrl: string): LedgerPort {
  return {
    async credit(request) {
      const credit = await sandboxCallRequired<SandboxCredit>(baseUrl, '/v1/ledger/credits', {
        method: 'POST',
        body: { account_id: request.accountId, amount_minor: request.amount.amountMinor, currency: request.amount.currency, reason: request.reason },
        idempotencyKey: request.idempotencyKey,
        refusedAs: ErrorType.CREDIT_REFUSED,
      });
      return { entryId: credit.id };
    },
  };
}

/** Customer messages into the sandbox outbox (`GET /v1/outbox` shows what the customer would receive). */
export function createSandboxNotifications(baseUrl: string): NotificationsPort {
  return {
    async send(n) {
      const message = await sandboxCallRequired<SandboxMessage>(baseUrl, '/v1/outbox', {
        method: 'POST',
        body: { case_id: n.caseId, kind: n.kind, to: n.to, locale: n.locale, facts: n.facts },
        idempotencyKey: n.idempotencyKey,
      });
      return { messageId: message.id };
    },
  };
}

/** Loop's security-incident register, as the sandbox keeps it. */
export function createSandboxIncidents(baseUrl: string): IncidentsPort {
  return {
    async incidentsAffecting(at, accountId) {
      const query = new URLSearchParams({ at, ...(accountId ? { account: accountId } : {}) });
      const list = await sandboxCallRequired<{ data: SandboxIncident[] }>(baseUrl, `/v1/incidents?${query}`);
      return list.data.map((i) => ({
        id: i.id,
        startsAt: i.starts_at,
        endsAt: i.ends_at,
        affectedAccounts: i.affected_accounts === 'all' ? 'ALL' : i.affected_accounts,
        summary: i.summary,
      }));
    },
  };
}

import { PortError, type LedgerPort, type NotificationsPort, type PaymentProcessor, type Ports } from '../activities/ports';
import { ErrorType } from '../domain/errors';
import type { RecordsPort } from '../records/record';
import { labels, type LoopMetrics, type MoneyOutcome } from './metrics';

/**
 * `target` with `overrides` in place of some methods; every other member is read from `target` and its
 * methods run with `target` as `this` (class adapters with private fields keep working).
 */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.hasOwn(overrides, prop)) return (overrides as Record<PropertyKey, unknown>)[prop];
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/** A refusal for good (`retryable: false` with the port's refusal type), as opposed to a fault the activity retries. */
const refusedAs = (err: unknown, type: string) => err instanceof PortError && !err.retryable && err.type === type;

function instrumentProcessor(processor: PaymentProcessor, metrics: LoopMetrics): PaymentProcessor {
  return overriding(processor, {
    async issueRefund(request: Parameters<PaymentProcessor['issueRefund']>[0]) {
      try {
        const refund = await processor.issueRefund(request);
        metrics.refunds.inc(labels.outcome(refund.status === 'FAILED' ? 'failed' : 'issued'));
        return refund;
      } catch (err) {
        metrics.refunds.inc(labels.outcome(refusedAs(err, ErrorType.REFUND_REFUSED) ? 'refused' : 'failed'));
        throw err;
      }
    },
  });
}

function instrumentLedger(ledger: LedgerPort, metrics: LoopMetrics): LedgerPort {
  return overriding(ledger, {
    async credit(request: Parameters<LedgerPort['credit']>[0]) {
      let outcome: MoneyOutcome = 'issued';
      try {
        return await ledger.credit(request);
      } catch (err) {
        outcome = refusedAs(err, ErrorType.CREDIT_REFUSED) ? 'refused' : 'failed';
        throw err;
      } finally {
        metrics.credits.inc(labels.outcome(outcome));
      }
    },
  });
}

function instrumentNotifications(notifications: NotificationsPort, metrics: LoopMetrics): NotificationsPort {
  return overriding(notifications, {
    async send(notification: Parameters<NotificationsPort['send']>[0]) {
      try {
        const sent = await notifications.send(notification);
        metrics.emails.inc(labels.email(notification.kind, 'sent'));
        return sent;
      } catch (err) {
        metrics.emails.inc(labels.email(notification.kind, 'failed'));
        throw err;
      }
    },
  });
}

function instrumentRecords(records: RecordsPort, metrics: LoopMetrics): RecordsPort {
  return overriding(records, {
    async write(write: Parameters<RecordsPort['write']>[0]) {
      try {
        return await records.write(write);
      } catch (err) {
        metrics.recordWritesFailed.inc();
        throw err;
      }
    },
  });
}

/**
 * The same ports, counted: refund attempts by outcome (issued, refused for good, failed), credits
 * likewise, e-mails sent or failed by kind, and failed case-record writes when the ports have a
 * records port. Counts are per attempt: a retried fault counts each time it fails. Every other
 * method passes through untouched.
 */
export function instrumentPorts<P extends Ports>(ports: P, metrics: LoopMetrics): P {
  const processors = Object.fromEntries(
    Object.entries(ports.processors).map(([name, processor]) => [name, processor ? instrumentProcessor(processor, metrics) : processor]),
  ) as Ports['processors'];
  const counted: Ports = {
    ...ports,
    processors,
    ledger: instrumentLedger(ports.ledger, metrics),
    notifications: instrumentNotifications(ports.notifications, metrics),
    records: instrumentRecords(ports.records, metrics),
  };
  return counted as P;
}

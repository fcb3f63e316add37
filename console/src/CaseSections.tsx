import { useEffect, useState } from 'react';
import { useConsole } from './context';
import { countdown, formatDate, formatDateTime, formatMoney, readableDetail } from './lib/format';
import { categoryLabel, channelLabel, emailEvents, emailKindLabel, emailLabel, eventLabel, liabilityLabel, processorLabel, stateLabel, statusLabel } from './lib/labels';
import type { SentEmail, StaffCaseView } from './lib/types';

type Props = { view: StaffCaseView };

/** One line: status, amount, customer, category, processor, due, assignee, flags. */
export function CaseHeader({ view }: Props) {
  const { t, locale } = useConsole();
  // The countdown runs while a first decision is awaited; after one, the due date is history.
  const awaited = view.status === 'AWAITING_DECISION' && !view.deadlines.firstAgentDecisionAt;
  const due = awaited ? countdown(view.deadlines.firstDecisionDueAt, Date.now(), locale) : null;
  const tx = view.findings?.transaction;
  const openChargeback = view.chargebacks.some((c) => c.status === 'OPEN' || c.status === 'UNSUPPORTED');
  return (
    <dl className="case-header" aria-label={t('case.header')}>
      <div>
        <dt>{t('case.status')}</dt>
        <dd>
          <span className={`status status-${view.status}`}>{statusLabel(view.status, locale)}</span>
        </dd>
      </div>
      <div>
        <dt>{t('col.amount')}</dt>
        <dd>{formatMoney(tx?.amount ?? view.report.expectedAmount ?? null, locale)}</dd>
      </div>
      <div>
        <dt>{t('col.customer')}</dt>
        <dd>{view.customer?.email ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('col.category')}</dt>
        <dd>{categoryLabel(view.report.category, locale)}</dd>
      </div>
      <div>
        <dt>{t('col.processor')}</dt>
        <dd>{processorLabel(view.report.transaction.processor, locale)}</dd>
      </div>
      <div>
        <dt>{t('case.due')}</dt>
        <dd className={view.slaBreached || due?.breached ? 'breached' : undefined}>{due ? `${due.text} (${formatDateTime(view.deadlines.firstDecisionDueAt, locale)})` : formatDateTime(view.deadlines.firstDecisionDueAt, locale)}</dd>
      </div>
      <div>
        <dt>{t('case.assignee')}</dt>
        <dd>{view.assignee ?? t('case.unassigned')}</dd>
      </div>
      {(openChargeback || view.assessment?.outsideReportingWindow || view.escalation || view.slaBreached) && (
        <div>
          <dt>{t('col.flags')}</dt>
          <dd>
            <ul className="flags">
              {openChargeback && <li className="flag warn">{t('flag.openChargeback')}</li>}
              {view.assessment?.outsideReportingWindow && <li className="flag">{t('flag.outsideWindow')}</li>}
              {view.escalation && <li className="flag">{t('flag.escalated')}</li>}
              {view.slaBreached && <li className="flag danger">{t('flag.breached')}</li>}
            </ul>
          </dd>
        </div>
      )}
    </dl>
  );
}

export function ReportSection({ view }: Props) {
  const { t, locale } = useConsole();
  return (
    <section aria-labelledby="report-h" className="card">
      <h2 id="report-h">{t('case.report')}</h2>
      <dl className="facts">
        <dt>{t('case.received')}</dt>
        <dd>{formatDateTime(view.receivedAt, locale)}</dd>
        <dt>{t('case.channel')}</dt>
        <dd>{channelLabel(view.report.channel, locale)}</dd>
        {view.report.expectedAmount && (
          <>
            <dt>{t('case.expected')}</dt>
            <dd>{formatMoney(view.report.expectedAmount, locale)}</dd>
          </>
        )}
        {view.report.believedChargedOn && (
          <>
            <dt>{t('case.believedCharged')}</dt>
            <dd>{formatDate(`${view.report.believedChargedOn}T12:00:00Z`, locale)}</dd>
          </>
        )}
      </dl>
      <blockquote className="quote">{view.report.description}</blockquote>
    </section>
  );
}

/** The findings as people read them: the processor's view, the order, other payments, incidents. */
export function FindingsSection({ view }: Props) {
  const { t, locale } = useConsole();
  const f = view.findings;
  const money = (m: Parameters<typeof formatMoney>[0]) => formatMoney(m, locale);
  const when = (iso: string) => formatDateTime(iso, locale);
  if (!f) {
    return (
      <section aria-labelledby="findings-h" className="card">
        <h2 id="findings-h">{t('case.findings')}</h2>
        <p>{t('case.noFindings')}</p>
      </section>
    );
  }
  const tx = f.transaction;
  return (
    <section aria-labelledby="findings-h" className="card">
      <h2 id="findings-h">{t('case.findings')}</h2>
      <h3>{t('case.transaction')}</h3>
      {tx ? (
        <>
          <dl className="facts">
            <dt>ID</dt>
            <dd>
              <code>{tx.id}</code>
            </dd>
            <dt>{t('case.requested')}</dt>
            <dd>{money(tx.requestedAmount)}</dd>
            <dt>{t('case.charged')}</dt>
            <dd>{money(tx.amount)}</dd>
            <dt>{t('case.txStatus')}</dt>
            <dd>{stateLabel(tx.status, locale)}</dd>
            <dt>{t('case.created')}</dt>
            <dd>{when(tx.createdAt)}</dd>
            <dt>{t('case.auth')}</dt>
            <dd>
              {stateLabel(tx.authentication.method, locale)} — {stateLabel(tx.authentication.outcome, locale)}
            </dd>
            {tx.declineReason && (
              <>
                <dt>{t('case.decline')}</dt>
                <dd>{stateLabel(tx.declineReason, locale)}</dd>
              </>
            )}
          </dl>
          <h4>{t('case.captures')}</h4>
          <List items={tx.captures.map((c) => `${money(c.amount)} — ${when(c.capturedAt)} (${c.id})`)} />
          <h4>{t('case.refunds')}</h4>
          <List items={tx.refunds.map((r) => `${money(r.amount)} — ${stateLabel(r.status, locale)} — ${when(r.createdAt)} (${r.id})`)} />
          <h4>{t('case.chargebacks')}</h4>
          <List items={view.chargebacks.map((c) => `${money(c.amount)} — ${stateLabel(c.status, locale)} — ${when(c.openedAt)} (${c.id})`)} />
        </>
      ) : (
        <p>{t('case.noTransaction')}</p>
      )}
      <h3>{t('case.order')}</h3>
      {f.order ? (
        <>
          <dl className="facts">
            <dt>ID</dt>
            <dd>
              <code>{f.order.id}</code>
            </dd>
            <dt>{t('case.orderTotal')}</dt>
            <dd>{money(f.order.total)}</dd>
            {f.order.status && (
              <>
                <dt>{t('case.orderStatus')}</dt>
                <dd>{stateLabel(f.order.status, locale)}</dd>
              </>
            )}
          </dl>
          <h4>{t('case.promised')}</h4>
          <List items={f.order.promisedRefunds.map((p) => `${money(p.amount)} — ${when(p.promisedAt)} (${p.reference})`)} />
        </>
      ) : (
        <p>{t('case.noOrder')}</p>
      )}
      <h3>{t('case.otherPayments')}</h3>
      <List items={f.otherTransactionsForOrder.map((o) => `${money(o.amount)} (${money(o.netAmount)} net) — ${when(o.createdAt)} (${o.id})`)} />
      <h3>{t('case.incidents')}</h3>
      <List items={f.incidents.map((i) => `${i.summary} — ${when(i.startsAt)} → ${when(i.endsAt)} (${i.id})`)} />
    </section>
  );
}

function List({ items }: { items: string[] }) {
  const { t } = useConsole();
  if (items.length === 0) return <p className="muted">{t('case.noneFound')}</p>;
  return (
    <ul className="plain">
      {items.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ul>
  );
}

export function AssessmentSection({ view }: Props) {
  const { t, locale } = useConsole();
  const a = view.assessment;
  if (!a) return null;
  return (
    <section aria-labelledby="assessment-h" className="card">
      <h2 id="assessment-h">{t('case.assessment')}</h2>
      <dl className="facts">
        <dt>{t('case.liability')}</dt>
        <dd>{liabilityLabel(a.liability, locale)}</dd>
        <dt>{t('case.recommended')}</dt>
        <dd>{t(`recommended.${a.recommendedAction}`)}</dd>
        <dt>{t('case.recommendedAmount')}</dt>
        <dd>{formatMoney(a.recommendedAmount, locale)}</dd>
        <dt>{t('case.discrepancy')}</dt>
        <dd>{formatMoney(a.discrepancy, locale)}</dd>
        <dt>{t('case.refundable')}</dt>
        <dd>{formatMoney(a.refundable, locale)}</dd>
        <dt>{t('case.rule')}</dt>
        <dd>
          <code>{a.rule}</code>
        </dd>
      </dl>
      <h3>{t('case.reasons')}</h3>
      <ul>
        {a.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
      {a.customerGuidance && (
        <>
          <h3>{t('case.guidance')}</h3>
          <p>{a.customerGuidance}</p>
        </>
      )}
    </section>
  );
}

export function TimelineSection({ view }: Props) {
  const { t, locale } = useConsole();
  return (
    <section aria-labelledby="timeline-h" className="card">
      <h2 id="timeline-h">{t('case.timeline')}</h2>
      <ol className="timeline">
        {view.timeline.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time> <strong>{eventLabel(e.event, locale)}</strong>
            {e.detail && <span className="detail"> — {readableDetail(e.detail, locale)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function MessagesSection({ view }: Props) {
  const { t, locale } = useConsole();
  const messages = [
    ...view.information.map((i) => ({ at: i.answeredAt, text: i.message + (i.transactionId ? ` (${i.transactionId})` : '') })),
    ...view.timeline.filter((e) => e.event === 'CUSTOMER_MESSAGE' || e.event === 'REPORTED_AGAIN').map((e) => ({ at: e.at, text: e.detail ?? '' })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section aria-labelledby="messages-h" className="card">
      <h2 id="messages-h">{t('case.messages')}</h2>
      {view.informationRequest && (
        <p className="muted">
          {formatDateTime(view.informationRequest.askedAt, locale)} — {view.informationRequest.question}
        </p>
      )}
      {messages.length === 0 ? (
        <p className="muted">{t('case.noMessages')}</p>
      ) : (
        <ul className="plain">
          {messages.map((m, i) => (
            <li key={i}>
              <time dateTime={m.at}>{formatDateTime(m.at, locale)}</time>
              <blockquote className="quote">{m.text}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * E-mails: what the outbound log says was sent (or is being sent), whichever worker sent it, with
 * the deliveries that failed from the timeline. Read again when the case moves on. Without the log
 * (the records database out of reach, or nothing logged yet for steps that send one) the steps
 * that send one are listed instead, and say so.
 */
export function EmailsSection({ view }: Props) {
  const { t, locale, api } = useConsole();
  const [sent, setSent] = useState<SentEmail[] | null>(null);
  const failed = view.timeline.filter((e) => e.event === 'NOTIFICATION_FAILED');
  const derived = view.timeline.filter((e) => emailEvents.includes(e.event));
  const steps = view.timeline.length;
  useEffect(() => {
    let live = true;
    api.get<{ data: SentEmail[] }>(`/v1/disputes/${encodeURIComponent(view.disputeId)}/emails`).then(
      (r) => live && setSent(r.data),
      () => live && setSent(null),
    );
    return () => {
      live = false;
    };
  }, [api, view.disputeId, steps]);
  const to = view.customer?.email;
  const failures = failed.map((e, i) => (
    <li key={`f${i}`} className="error">
      <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time> — {t('case.emailFailedLine', { detail: e.detail ?? '' })}
    </li>
  ));
  return (
    <section aria-labelledby="emails-h" className="card">
      <h2 id="emails-h">{t('case.emails')}</h2>
      {!view.customer ? (
        <p className="muted">{t('err.noCustomer')}</p>
      ) : sent && (sent.length > 0 || derived.length === 0) ? (
        sent.length === 0 && failures.length === 0 ? (
          <p className="muted">{t('case.noEmails')}</p>
        ) : (
          <ul className="plain">
            {sent.map((m) => (
              <li key={m.messageId}>
                <time dateTime={m.sentAt ?? m.claimedAt}>{formatDateTime(m.sentAt ?? m.claimedAt, locale)}</time> — {emailKindLabel(m.kind, locale)} → {to}
                {m.state === 'SENDING' && <span className="muted"> ({t('case.emailSending')})</span>}
              </li>
            ))}
            {failures}
          </ul>
        )
      ) : derived.length === 0 ? (
        <p className="muted">{t('case.noEmails')}</p>
      ) : (
        <>
          <p className="hint">{t('case.emailsDerived')}</p>
          <ul className="plain">
            {derived.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time> — {emailLabel(e.event, locale)} → {to}
              </li>
            ))}
            {failures}
          </ul>
        </>
      )}
    </section>
  );
}

export function DocumentsSection({ view, onOpen }: Props & { onOpen: () => void }) {
  const { t } = useConsole();
  return (
    <section aria-labelledby="documents-h" className="card">
      <h2 id="documents-h">{t('case.documents')}</h2>
      {view.documents.length === 0 ? (
        <p className="muted">{t('case.noDocuments')}</p>
      ) : (
        <>
          <ul className="plain">
            {view.documents.map((d) => (
              <li key={d.documentId}>
                <code>{d.documentId}</code>
              </li>
            ))}
          </ul>
          <button type="button" onClick={onOpen}>
            {t('case.openPdf')}
          </button>
        </>
      )}
    </section>
  );
}

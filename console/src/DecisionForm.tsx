import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useConsole } from './context';
import { ApiError } from './lib/api';
import {
  actionChoices,
  checkDraft,
  decisionBlocked,
  emptyDraft,
  maxRefundable,
  movesMoney,
  parseDraft,
  prefilledAmount,
  problemToFieldErrors,
  QUESTION_TEMPLATES,
  type DecisionDraft,
  type FieldErrors,
} from './lib/decision-rules';
import { draftKey } from './lib/drafts';
import { amountInputValue, formatMoney, parseAmount } from './lib/format';
import { statusLabel } from './lib/labels';
import type { DecisionAction, DecisionBody, StaffCaseView } from './lib/types';

/**
 * The decision: only the actions the case accepts now, checked as typed by the workflow's own rule,
 * a confirmation before money moves, the API's refusal beside the field it names. The draft lives
 * in sessionStorage until the decision is recorded, so a new sign-in or a reload loses nothing.
 */
export function DecisionForm({ view, onDecided, onStale }: { view: StaffCaseView; onDecided: (v: StaffCaseView) => void; onStale?: () => void }) {
  const { t, locale, session, api } = useConsole();
  const key = draftKey('decision', session.subject, view.disputeId);
  const [draft, setDraft] = useState<DecisionDraft>(() => parseDraft(sessionStorage.getItem(key)) ?? emptyDraft());
  const [restored] = useState(() => sessionStorage.getItem(key) !== null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<DecisionBody | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  // The dialog goes with React's render, not dialog.close(), so the browser would leave focus on
  // <body>; once it is gone (the rest of the page no longer inert), focus goes back to the form.
  const refocus = useRef(false);
  useEffect(() => {
    if (confirming || !refocus.current) return;
    refocus.current = false;
    submitButton.current?.focus();
  }, [confirming]);

  useEffect(() => {
    if (draft.action || draft.reason || draft.question || draft.amountText) sessionStorage.setItem(key, JSON.stringify(draft));
  }, [draft, key]);

  const blocked = decisionBlocked(view, session.role);
  const choices = useMemo(() => actionChoices(view, session.role), [view, session.role]);
  const max = maxRefundable(view);
  const currency = max?.currency ?? 'EUR';
  const checked = checkDraft(view, session.role, draft, locale);
  // Errors show once the agent has typed in that field or tried to send; the server's stay until the field changes.
  const shown: FieldErrors = { ...(touched ? checked.errors : pick(checked.errors, draft)), ...serverErrors };

  const set = (patch: Partial<DecisionDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k === 'amountText' ? 'amount' : (k as keyof FieldErrors)];
      delete next.form;
      return next;
    });
  };

  const chooseAction = (action: DecisionAction) => {
    const prefill = prefilledAmount(view);
    set({ action, ...(movesMoney(action) && !draft.amountText && prefill ? { amountText: amountInputValue(prefill, locale) } : {}) });
  };

  const send = async (body: DecisionBody) => {
    setBusy(true);
    try {
      const next = await api.post<StaffCaseView>(`/v1/disputes/${encodeURIComponent(view.disputeId)}/decision`, body);
      sessionStorage.removeItem(key);
      setDraft(emptyDraft());
      setTouched(false);
      setDone(t('decision.sent', { status: statusLabel(next.status, locale) }));
      onDecided(next);
    } catch (e) {
      // Nothing typed is lost: the draft stays, the refusal goes beside its field.
      if (e instanceof ApiError) setServerErrors(problemToFieldErrors(e.problem, locale, view));
      // Decided by someone else meanwhile (409): the page shows the case as it is now; the draft stays.
      if (e instanceof ApiError && e.status === 409) onStale?.();
      else setServerErrors({ form: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    setDone(null);
    if (!checked.body) return;
    if (needsConfirmation(checked.body.action)) setConfirming(checked.body);
    else void send(checked.body);
  };

  if (blocked) {
    const escalatedForAgent = blocked.problems[0]?.field === 'role' && view.escalation;
    return (
      <section aria-labelledby="decision-h" className="card">
        <h2 id="decision-h">{t('decision.title')}</h2>
        <p aria-live="polite">{done}</p>
        <p className="notice">{escalatedForAgent ? t('decision.escalatedAgent', { reason: view.escalation!.reason }) : t('decision.notNow', { status: statusLabel(view.status, locale) })}</p>
      </section>
    );
  }

  const customerLocale = view.customer?.locale ?? 'en';
  const templates = QUESTION_TEMPLATES[customerLocale];
  const action = draft.action;
  const typedMinor = movesMoney(action || 'DENY') ? parseAmount(draft.amountText, currency) : null;
  const errId = (f: string) => `decision-${f}-error`;
  const describe = (f: keyof FieldErrors, ...more: string[]) => [shown[f] ? errId(f) : '', ...more].filter(Boolean).join(' ') || undefined;

  return (
    <section aria-labelledby="decision-h" className="card decision">
      <h2 id="decision-h">{t('decision.title')}</h2>
      {view.escalation && session.role === 'supervisor' && <p className="notice">{t('decision.escalatedSupervisor', { reason: view.escalation.reason })}</p>}
      {restored && (draft.action || draft.reason) && <p className="hint">{t('decision.draftRestored')}</p>}
      <p aria-live="polite" className="success">
        {done}
      </p>
      {shown.form && (
        <p className="error" role="alert">
          {t('decision.formError', { detail: shown.form })}
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <fieldset aria-describedby={describe('action')}>
          <legend>{t('decision.action')}</legend>
          {choices.map((c) => (
            <div key={c.action} className="choice">
              <input type="radio" id={`action-${c.action}`} name="action" value={c.action} checked={action === c.action} disabled={Boolean(c.refusal)} onChange={() => chooseAction(c.action)} aria-describedby={c.refusal ? `action-${c.action}-why` : undefined} />
              <label htmlFor={`action-${c.action}`}>{t(`action.${c.action}`)}</label>
              {c.refusal && (
                <span id={`action-${c.action}-why`} className="muted">
                  {' '}
                  — {Object.values(problemToFieldErrors({ code: c.refusal.type, errors: c.refusal.problems }, locale, view))[0]}
                </span>
              )}
            </div>
          ))}
          <FieldError id={errId('action')} text={shown.action} />
        </fieldset>

        {action && movesMoney(action) && (
          <div className="field">
            <label htmlFor="decision-amount">{t('decision.amount', { currency })}</label>
            <input
              id="decision-amount"
              inputMode="decimal"
              autoComplete="off"
              value={draft.amountText}
              onChange={(e) => set({ amountText: e.target.value })}
              aria-invalid={Boolean(shown.amount)}
              aria-describedby={describe('amount', 'decision-amount-hint')}
            />
            <p id="decision-amount-hint" className="hint">
              {typedMinor !== null && `= ${formatMoney({ amountMinor: typedMinor, currency }, locale)}. `}
              {max && t('decision.maxRefundable', { max: formatMoney(max, locale) })}{' '}
              {view.assessment?.recommendedAmount && t('decision.recommendedIs', { amount: formatMoney(view.assessment.recommendedAmount, locale) })}
            </p>
            <FieldError id={errId('amount')} text={shown.amount} />
          </div>
        )}

        {action === 'REQUEST_INFO' && (
          <div className="field">
            <label htmlFor="decision-template">{t('decision.template')}</label>
            <select id="decision-template" value="" onChange={(e) => set({ question: withTemplate(draft.question, templates.find((q) => q.id === e.target.value)?.text, templates) })}>
              <option value="">{t('decision.templateNone')}</option>
              {templates.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.text}
                </option>
              ))}
            </select>
            <label htmlFor="decision-question">{t('decision.question', { language: customerLocale === 'fr' ? 'français' : 'English' })}</label>
            <textarea id="decision-question" rows={3} lang={customerLocale} value={draft.question} onChange={(e) => set({ question: e.target.value })} aria-invalid={Boolean(shown.question)} aria-describedby={describe('question')} />
            <FieldError id={errId('question')} text={shown.question} />
          </div>
        )}

        {action && (
          <div className="field">
            <label htmlFor="decision-reason">
              {action === 'DENY' ? t('decision.denyReason') : action === 'ESCALATE' ? t('decision.escalateReason') : action === 'EXPLAIN' ? t('decision.explainReason') : t('decision.reason')}
            </label>
            <textarea id="decision-reason" rows={3} value={draft.reason} onChange={(e) => set({ reason: e.target.value })} aria-invalid={Boolean(shown.reason)} aria-describedby={describe('reason', 'decision-reason-hint')} />
            <p id="decision-reason-hint" className="hint">
              {t('decision.reasonHint')}
            </p>
            <FieldError id={errId('reason')} text={shown.reason} />
          </div>
        )}

        <button type="submit" className="primary" disabled={busy || !action} ref={submitButton}>
          {busy ? t('decision.sending') : t('decision.submit')}
        </button>
      </form>

      {confirming && (
        <ConfirmDialog
          body={confirming}
          customer={view.customer?.email ?? '—'}
          onCancel={() => {
            refocus.current = true;
            setConfirming(null);
          }}
          onConfirm={() => {
            const body = confirming;
            setConfirming(null);
            void send(body);
          }}
        />
      )}
    </section>
  );
}

/**
 * Money moves, or the case closes with a letter to the customer: both wait for a confirmation that
 * says what happens. Asking for information, escalating and raising with the processor keep the case open.
 */
const needsConfirmation = (action: DecisionAction) => movesMoney(action) || action === 'DENY' || action === 'EXPLAIN';

/** A chosen template replaces an empty question or another template; after the agent's own words it is added, never over them. */
function withTemplate(question: string, template: string | undefined, templates: readonly { text: string }[]): string {
  if (!template) return question;
  // The agent's own words stay; a template chosen before is replaced, not piled up.
  const own = templates.reduce((text, q) => text.split(q.text).join(''), question).replace(/\n{3,}/g, '\n\n').trim();
  return own ? `${own}\n\n${template}` : template;
}

/** Errors of fields the agent has typed in (before they first try to send). */
function pick(errors: FieldErrors, draft: DecisionDraft): FieldErrors {
  const out: FieldErrors = {};
  if (draft.amountText && errors.amount) out.amount = errors.amount;
  if (draft.question && errors.question) out.question = errors.question;
  return out;
}

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p id={id} className="error field-error">
      {text}
    </p>
  );
}

/** Money moves (or the case closes) only after this: it repeats the action, the amount and the customer. */
function ConfirmDialog({ body, customer, onConfirm, onCancel }: { body: DecisionBody; customer: string; onConfirm: () => void; onCancel: () => void }) {
  const { t, locale } = useConsole();
  const ref = useRef<HTMLDialogElement>(null);
  const money = movesMoney(body.action);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" aria-describedby="confirm-text" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id="confirm-title">{money ? t('decision.confirmTitle') : t('decision.confirmCloseTitle')}</h2>
      <p id="confirm-text" className="confirm-amount">
        {money
          ? t('decision.confirmText', { action: t(`action.${body.action}`), amount: formatMoney(body.amount ?? null, locale), customer })
          : t('decision.confirmCloseText', { action: t(`action.${body.action}`), customer })}
      </p>
      <div className="actions">
        <button type="button" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary danger" onClick={onConfirm}>
          {money ? t('decision.confirm') : t('decision.confirmClose')}
        </button>
      </div>
    </dialog>
  );
}

import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useConsole } from './context';
import { ApiError } from './lib/api';
import { draftKey } from './lib/drafts';
import { formatDateTime } from './lib/format';
import { PROCESSOR_ANSWER_OUTCOMES, type ProcessorAnswerOutcome } from '../../domain/vocabulary';
import type { StaffCaseView } from './lib/types';
import { DecisionForm } from './DecisionForm';
import { AssessmentSection, CaseHeader, DocumentsSection, EmailsSection, FindingsSection, MessagesSection, ReportSection, TimelineSection } from './CaseSections';

/** Statuses the case leaves on its own within seconds (the investigation, the refund): the page follows them. */
const MOVING: readonly string[] = ['RECEIVED', 'INVESTIGATING', 'RESOLVING'];
const FOLLOW_MS = 2_000;

const errorText = (e: unknown) => (e instanceof ApiError ? (e.problem.detail ?? e.message) : e instanceof Error ? e.message : String(e));

/** `/console/cases/:id`: the case for the caller's role, the decision, assignment and internal notes. */
export function CasePage({ id }: { id: string }) {
  const { t, api } = useConsole();
  const [view, setView] = useState<StaffCaseView | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const path = `/v1/disputes/${encodeURIComponent(id)}`;
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setView(await api.get<StaffCaseView>(path));
      setError(null);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, text: errorText(e) });
    }
  }, [api, path]);

  useEffect(() => {
    setView(null);
    void load();
  }, [load]);
  useEffect(() => {
    if (view) heading.current?.focus();
  }, [view?.disputeId]);
  // After "Confirm and pay" the case is RESOLVING until the processor answers: without this the
  // agent would see RESOLVING until they reloaded, never RESOLVED.
  const moving = view !== null && MOVING.includes(view.status);
  useEffect(() => {
    if (!moving) return;
    const timer = window.setTimeout(() => void load(), FOLLOW_MS);
    return () => window.clearTimeout(timer);
  }, [moving, view, load]);

  const openPdf = async () => {
    // Opened before the fetch so the browser does not take it for a pop-up; the PDF shows in its viewer.
    const w = window.open('', '_blank');
    try {
      const blob = (await api.blob(`${path}/document`, 'application/pdf')) as Blob;
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      if (w) w.location.href = url;
      else window.location.href = url;
    } catch (e) {
      w?.close();
      setError({ status: 0, text: errorText(e) });
    }
  };

  if (!view) {
    return (
      <section>
        <p>
          <Link to="/">{t('common.back')}</Link>
        </p>
        {error ? (
          <p role="alert" className="error">
            {error.status === 404 ? t('case.notFound', { id }) : t('common.error', { detail: error.text })}{' '}
            <button type="button" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </p>
        ) : (
          <p aria-busy="true">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  return (
    <article aria-labelledby="case-title" className="case">
      <p>
        <Link to="/">{t('common.back')}</Link>
      </p>
      <h1 id="case-title" tabIndex={-1} ref={heading}>
        {t('case.title', { id: view.disputeId })}
      </h1>
      <CaseHeader view={view} />
      {error && (
        <p role="alert" className="error">
          {t('common.error', { detail: error.text })}
        </p>
      )}
      <div className="case-grid">
        <div className="case-main">
          <ReportSection view={view} />
          <FindingsSection view={view} />
          <AssessmentSection view={view} />
          <TimelineSection view={view} />
          <MessagesSection view={view} />
          <EmailsSection view={view} />
          <DocumentsSection view={view} onOpen={() => void openPdf()} />
        </div>
        <aside className="case-side" aria-label={t('decision.title')}>
          {view.status === 'AWAITING_PROCESSOR' && view.processorInquiry && !view.processorInquiry.answer ? <ProcessorAnswerPanel view={view} onAnswered={setView} /> : <DecisionForm view={view} onDecided={setView} onStale={() => void load()} />}
          <AssignmentPanel view={view} onChanged={setView} />
          <NotesPanel view={view} onChanged={setView} />
        </aside>
      </div>
    </article>
  );
}

/** Text being written, kept in the tab under `key` (lib/drafts.ts) until it is sent: a reload or a new sign-in loses nothing. */
function useTextDraft(key: string): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(() => sessionStorage.getItem(key) ?? '');
  useEffect(() => {
    if (text) sessionStorage.setItem(key, text);
    else sessionStorage.removeItem(key);
  }, [text, key]);
  const clear = useCallback(() => {
    sessionStorage.removeItem(key);
    setText('');
  }, [key]);
  return [text, setText, clear];
}

/**
 * AWAITING_PROCESSOR: the inquiry Loop raised, and the form to record what the processor answered
 * (read from its dashboard or its support's reply). The case goes back to AWAITING_DECISION with it.
 */
function ProcessorAnswerPanel({ view, onAnswered }: { view: StaffCaseView; onAnswered: (v: StaffCaseView) => void }) {
  const { t, api, locale, session } = useConsole();
  const inquiry = view.processorInquiry!;
  const key = draftKey('note', session.subject, `${view.disputeId}.processor-answer`);
  const [outcome, setOutcome] = useState<'' | ProcessorAnswerOutcome>('');
  const [text, setText, clearText] = useTextDraft(key);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome || !text.trim()) return setError(t('err.required'));
    setBusy(true);
    try {
      const next = await api.post<StaffCaseView>(`/v1/disputes/${encodeURIComponent(view.disputeId)}/processor-answer`, { outcome, text: text.trim() });
      clearText();
      onAnswered(next);
    } catch (err) {
      setError(t('common.error', { detail: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="processor-answer-h" className="card decision">
      <h2 id="processor-answer-h">{t('processor.title')}</h2>
      <p className="notice">
        {t('processor.raised', { by: inquiry.raisedBy, at: formatDateTime(inquiry.raisedAt, locale), due: formatDateTime(inquiry.dueAt, locale) })}
      </p>
      <p className="muted">{t('processor.note', { note: inquiry.note })}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('processor.outcome')}</legend>
          {PROCESSOR_ANSWER_OUTCOMES.map((o) => (
            <div key={o} className="choice">
              <input type="radio" id={`answer-${o}`} name="processor-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              <label htmlFor={`answer-${o}`}>{t(`processor.${o}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="processor-answer-text">{t('processor.text')}</label>
          <textarea id="processor-answer-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={error ? 'processor-answer-error' : undefined} />
        </div>
        {error && (
          <p id="processor-answer-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('processor.submit')}
        </button>
      </form>
    </section>
  );
}

function AssignmentPanel({ view, onChanged }: { view: StaffCaseView; onChanged: (v: StaffCaseView) => void }) {
  const { t, api, session } = useConsole();
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const assign = async (assignee: string | null) => {
    try {
      onChanged(await api.put<StaffCaseView>(`/v1/disputes/${encodeURIComponent(view.disputeId)}/assignee`, { assignee }));
      setMessage({ ok: true, text: t('assign.done') });
      setTo('');
    } catch (e) {
      setMessage({ ok: false, text: t('common.error', { detail: errorText(e) }) });
    }
  };
  const reassign = (e: FormEvent) => {
    e.preventDefault();
    if (to.trim()) void assign(to.trim());
  };
  return (
    <section aria-labelledby="assign-h" className="card">
      <h2 id="assign-h">{t('assign.title')}</h2>
      <p>
        {t('case.assignee')}{t('common.colon')}<strong>{view.assignee ?? t('case.unassigned')}</strong>
      </p>
      <div className="actions">
        {view.assignee !== session.subject && (
          <button type="button" onClick={() => void assign(session.subject)}>
            {t('assign.me')}
          </button>
        )}
        {view.assignee && (
          <button type="button" onClick={() => void assign(null)}>
            {t('assign.unassign')}
          </button>
        )}
      </div>
      <form onSubmit={reassign} className="field">
        <label htmlFor="assign-to">{t('assign.to')}</label>
        <div className="inline-form">
          <input id="assign-to" value={to} onChange={(e) => setTo(e.target.value)} autoComplete="off" />
          <button type="submit">{t('assign.submit')}</button>
        </div>
      </form>
      <p aria-live="polite" className={message?.ok === false ? 'error' : 'success'}>
        {message?.text}
      </p>
    </section>
  );
}


function NotesPanel({ view, onChanged }: { view: StaffCaseView; onChanged: (v: StaffCaseView) => void }) {
  const { t, api, locale, session } = useConsole();
  const noteKey = draftKey('note', session.subject, view.disputeId);
  const [text, setText, clearText] = useTextDraft(noteKey);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      onChanged(await api.post<StaffCaseView>(`/v1/disputes/${encodeURIComponent(view.disputeId)}/notes`, { text: text.trim() }));
      clearText();
      setMessage({ ok: true, text: t('notes.added') });
    } catch (err) {
      setMessage({ ok: false, text: t('common.error', { detail: errorText(err) }) });
    } finally {
      setBusy(false);
    }
  };
  const notes = view.notes ?? [];
  return (
    <section aria-labelledby="notes-h" className="card notes">
      <h2 id="notes-h">{t('notes.title')}</h2>
      <p className="notice" id="notes-private">
        {t('notes.private')}
      </p>
      {notes.length === 0 ? (
        <p className="muted">{t('notes.none')}</p>
      ) : (
        <ul className="plain">
          {notes.map((n, i) => (
            <li key={i}>
              <p className="muted">
                <time dateTime={n.at}>{formatDateTime(n.at, locale)}</time> — {n.by}
              </p>
              <p className="note-text">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void add(e)} className="field">
        <label htmlFor="note-text">{t('notes.text')}</label>
        <textarea id="note-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="notes-private" />
        <button type="submit" disabled={busy || !text.trim()}>
          {t('notes.add')}
        </button>
      </form>
      <p aria-live="polite" className={message?.ok === false ? 'error' : 'success'}>
        {message?.text}
      </p>
    </section>
  );
}

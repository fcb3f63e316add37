import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useConsole } from './context';
import { ApiError } from './lib/api';
import { countdown, formatAge, formatDateTime, formatMoney, formatTime } from './lib/format';
import { categoryLabel, liabilityLabel, processorLabel, statusLabel } from './lib/labels';
import { QUEUE_SORTS, queueListPath, tabsFor, type QueueSort, type QueueTab } from './lib/queues';
import type { CasePage, CaseRow, QueueCounts } from './lib/types';

const REFRESH_MS = 15_000;
const QUEUE_STATE_KEY = 'loop-console.queue';

interface QueueState {
  tab: QueueTab;
  sort: QueueSort;
  q: string;
  /** Cursors of the pages before this one (null: the first page), so "Previous page" works on keyset paging. */
  cursors: (string | null)[];
}

function savedState(defaultTab: QueueTab): QueueState {
  try {
    const s = JSON.parse(sessionStorage.getItem(QUEUE_STATE_KEY) ?? 'null') as QueueState | null;
    if (s && Array.isArray(s.cursors)) return s;
  } catch {
    /* a state we cannot read starts afresh */
  }
  return { tab: defaultTab, sort: 'due', q: '', cursors: [null] };
}

/** `/console/`: the queues with their counts, one page of cases, refreshed every 15 s in place. */
export function QueuePage() {
  const { t, tn, api, session, locale, navigate } = useConsole();
  const tabs = tabsFor(session.role);
  const [state, setState] = useState<QueueState>(() => savedState(tabs[0]!));
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const [page, setPage] = useState<CasePage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [now, setNow] = useState(Date.now());
  const [search, setSearch] = useState(state.q);
  const [nextMessage, setNextMessage] = useState<string | null>(null);
  const cursor = state.cursors.at(-1) ?? null;
  const loading = useRef(false);

  useEffect(() => sessionStorage.setItem(QUEUE_STATE_KEY, JSON.stringify(state)), [state]);

  const load = useCallback(async () => {
    if (loading.current) return;
    loading.current = true;
    try {
      const path = queueListPath({ tab: state.tab, sort: state.sort, q: state.q, cursor, subject: session.subject });
      const [c, p] = await Promise.all([api.get<{ queues: QueueCounts }>('/v1/queues'), api.get<CasePage>(path)]);
      // Rows are replaced in place: the table keeps its scroll position and focus.
      setCounts(c.queues);
      setPage(p);
      setError(null);
      setUpdatedAt(new Date());
      setNow(Date.now());
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.detail ?? e.message) : String(e));
    } finally {
      loading.current = false;
    }
  }, [api, state.tab, state.sort, state.q, cursor, session.subject]);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const choose = (patch: Partial<QueueState>) => setState((s) => ({ ...s, ...patch, cursors: [null] }));
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    choose({ q: search.trim() });
  };

  const nextCase = async () => {
    setNextMessage(null);
    try {
      const next = await api.post<{ disputeId: string }>('/v1/queues/next');
      navigate(`/cases/${encodeURIComponent(next.disputeId)}`);
    } catch (e) {
      setNextMessage(e instanceof ApiError && e.status === 404 ? t('queue.nextNone') : t('common.error', { detail: e instanceof Error ? e.message : String(e) }));
    }
  };

  const tabLabel = (tab: QueueTab) => t(`queue.tab.${tab}`);
  const searching = state.q !== '';
  const caption = searching
    ? t('queue.searchResults', { q: state.q })
    : t('queue.caption', { tab: tabLabel(state.tab), count: counts ? tn('queue.cases', counts[state.tab]) : '…' });

  return (
    <section aria-labelledby="queue-title">
      <div className="row-between">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void nextCase()}>
            {t('queue.next')}
          </button>
        </div>
      </div>
      <p aria-live="polite" className="status-line">
        {nextMessage}
      </p>

      <nav aria-label={t('queue.tabs')} className="tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab}>
              <button
                type="button"
                aria-pressed={!searching && state.tab === tab}
                className={!searching && state.tab === tab ? 'tab active' : 'tab'}
                onClick={() => {
                  setSearch('');
                  choose({ tab, q: '' });
                }}
              >
                {tabLabel(tab)} <span className="count">{counts ? counts[tab] : '…'}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>

      <div className="toolbar">
        <form role="search" onSubmit={onSearch} className="search">
          <label htmlFor="queue-search">{t('queue.search')}</label>
          <input id="queue-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('queue.searchHint')} aria-describedby="queue-search-hint" />
          <span id="queue-search-hint" className="visually-hidden">
            {t('queue.searchHint')}
          </span>
          <button type="submit">{t('queue.searchSubmit')}</button>
          {state.q && (
            <button type="button" className="link-button" onClick={() => { setSearch(''); choose({ q: '' }); }}>
              {t('queue.clear')}
            </button>
          )}
        </form>
        <label className="inline">
          {t('queue.sort')}{' '}
          <select value={state.sort} onChange={(e) => choose({ sort: e.target.value as QueueSort })}>
            {QUEUE_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`queue.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div aria-live="polite" className="status-line">
        {error ? (
          <span className="error" role="alert">
            {t('common.error', { detail: error })}
          </span>
        ) : updatedAt ? (
          t('queue.updated', { time: formatTime(updatedAt, locale) })
        ) : (
          t('common.loading')
        )}
      </div>

      <div className="table-wrap">
        <table className="queue">
          <caption className={searching ? 'search-caption' : 'visually-hidden'}>{caption}</caption>
          <thead>
            <tr>
              {(['case', 'status', 'customer', 'amount', 'category', 'processor', 'liability', 'age', 'due', 'assignee', 'flags'] as const).map((c) => (
                <th key={c} scope="col">
                  {t(`col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page?.data.map((row) => <QueueRow key={`${row.disputeId}-${row.openedAt}`} row={row} now={now} />)}
            {page && page.data.length === 0 && (
              <tr>
                <td colSpan={11} className="empty">
                  {searching ? t('queue.searchEmpty', { q: state.q }) : t('queue.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <div className="pager">
        {state.cursors.length > 1 && (
          <>
            <button type="button" onClick={() => setState((s) => ({ ...s, cursors: [null] }))}>
              {t('queue.firstPage')}
            </button>
            <button type="button" onClick={() => setState((s) => ({ ...s, cursors: s.cursors.slice(0, -1) }))}>
              {t('queue.previousPage')}
            </button>
          </>
        )}
        {page?.nextCursor && (
          <button type="button" onClick={() => setState((s) => ({ ...s, cursors: [...s.cursors, page.nextCursor] }))}>
            {t('queue.nextPage')}
          </button>
        )}
      </div>
    </section>
  );
}

function QueueRow({ row, now }: { row: CaseRow; now: number }) {
  const { t, locale } = useConsole();
  // The countdown runs while the first decision is still to be made; after it, when it was made.
  const due = row.firstDecisionAt ? null : countdown(row.firstDecisionDueAt, now, locale);
  const breached = !row.firstDecisionAt && (row.slaBreached || due?.breached);
  return (
    <tr>
      <th scope="row">
        <Link to={`/cases/${encodeURIComponent(row.disputeId)}`}>{row.disputeId}</Link>
      </th>
      <td>{statusLabel(row.status, locale)}</td>
      <td>{row.customerEmail ?? '—'}</td>
      <td className="num">{formatMoney(row.amount, locale)}</td>
      <td>{categoryLabel(row.category, locale)}</td>
      <td>{processorLabel(row.processor, locale)}</td>
      <td>{liabilityLabel(row.liability, locale)}</td>
      <td>{formatAge(row.openedAt, now, locale)}</td>
      <td className={breached ? 'breached' : undefined}>{row.firstDecisionAt ? t('time.decided', { time: formatDateTime(row.firstDecisionAt, locale) }) : due ? due.text : '—'}</td>
      <td>{row.assignee ?? '—'}</td>
      <td>
        <ul className="flags">
          {row.flags.openChargeback && <li className="flag warn">{t('flag.openChargeback')}</li>}
          {row.flags.outsideReportingWindow && <li className="flag">{t('flag.outsideWindow')}</li>}
          {row.escalated && <li className="flag warn">{t('flag.escalated')}</li>}
          {row.slaBreached && <li className="flag danger">{t('flag.breached')}</li>}
        </ul>
      </td>
    </tr>
  );
}

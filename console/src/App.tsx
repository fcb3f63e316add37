import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BASE, Ctx, Link, usePath } from './context';
import { createApiClient, currentSession, endSession, isConsoleRole, type FetchLike } from './lib/api';
import { clearDrafts } from './lib/drafts';
import { CONSOLE_LOCALES, initialLocale, LOCALE_STORAGE_KEY, translate, type ConsoleLocale } from './lib/i18n';
import type { Session } from './lib/types';
import { CasePage } from './CasePage';
import { QueuePage } from './QueuePage';
import { ForbiddenPage, SignInDialog, SignInPage } from './SignIn';

// The reports and their charting library load only when the reports are opened: the queue and the case pages start sooner.
const ReportsPage = lazy(() => import('./ReportsPage').then((m) => ({ default: m.ReportsPage })));

const browserFetch: FetchLike = (input, init) => window.fetch(input, init);

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The console: the session, the language, the pages, and the sign-in dialog when a session ends mid-work. */
export function App() {
  const [locale, setLocaleState] = useState<ConsoleLocale>(() => initialLocale(storage(), navigator.languages ?? [navigator.language]));
  const setLocale = useCallback((l: ConsoleLocale) => {
    setLocaleState(l);
    storage()?.setItem(LOCALE_STORAGE_KEY, l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
  }, [locale]);

  const [path, navigate] = usePath();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const sessionRef = useRef<Session | null>(null);
  sessionRef.current = session ?? null;

  /** The pending renewal: the requests waiting on it resume once the person has signed in again. */
  const [renewal, setRenewal] = useState<{ resolve: () => void; reject: (e: Error) => void } | null>(null);
  const renewalRef = useRef<Promise<void> | null>(null);

  const api = useMemo(
    () =>
      createApiClient({
        fetch: browserFetch,
        csrfToken: () => sessionRef.current?.csrfToken ?? null,
        onSessionExpired: () => {
          // Several requests may find the session ended at once: one dialog, and they all wait for it.
          renewalRef.current ??= new Promise<void>((resolve, reject) => setRenewal({ resolve, reject })).finally(() => {
            renewalRef.current = null;
            setRenewal(null);
          });
          return renewalRef.current;
        },
      }),
    [],
  );

  const onSignInPage = path === '/sign-in';
  useEffect(() => {
    if (onSignInPage) return;
    currentSession(browserFetch).then(
      (s) => setSession(s),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
  }, [onSignInPage]);

  // Signed in from a deep link (a case opened from a colleague's message): back to it.
  const signedIn = useCallback(
    (s: Session) => {
      setSession(s);
      navigate(path === '/sign-in' ? '/' : path);
    },
    [navigate, path],
  );

  // Straight to the server, not through the client: an ended session is not a reason to sign in again.
  const signOut = useCallback(async () => {
    await endSession(browserFetch, sessionRef.current?.csrfToken ?? null);
    try {
      clearDrafts(window.sessionStorage);
    } catch {
      /* no storage, no drafts */
    }
    setSession(null);
    navigate('/sign-in');
  }, [navigate]);

  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
  const languageSwitch = (
    <label className="lang">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as ConsoleLocale)} aria-label={t('nav.language')}>
        {CONSOLE_LOCALES.map((l) => (
          <option key={l} value={l}>
            {l === 'fr' ? 'Français' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );

  if (path === '/sign-in' || session === null) {
    return <SignInPage locale={locale} languageSwitch={languageSwitch} onSignedIn={signedIn} onSignOut={signOut} fetch={browserFetch} />;
  }
  if (session === undefined) {
    return (
      <main className="centered" aria-busy="true">
        {loadError ? <p role="alert">{t('common.error', { detail: loadError })}</p> : <p>{t('common.loading')}</p>}
      </main>
    );
  }
  if (!isConsoleRole(session.role)) return <ForbiddenPage locale={locale} role={session.role} languageSwitch={languageSwitch} onSignOut={signOut} />;

  const caseMatch = /^\/cases\/([^/]+)$/.exec(path);
  const canReport = session.role === 'supervisor' || session.role === 'analyst';
  // Analysts work on figures: they land on the reports, and the queues are not theirs.
  const page =
    session.role === 'analyst' || path === '/reports' ? (
      <>
        {session.role === 'analyst' && caseMatch && (
          <p className="notice" role="status">
            {t('app.analystCase', { id: decodeURIComponent(caseMatch[1]!) })}
          </p>
        )}
        <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
          <ReportsPage />
        </Suspense>
      </>
    ) : caseMatch ? (
      <CasePage id={decodeURIComponent(caseMatch[1]!)} />
    ) : (
      <QueuePage />
    );

  return (
    <Ctx.Provider value={{ locale, setLocale, session, api, navigate }}>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <a className="brand" href={`${BASE}/`}>
          Loop Disputes
        </a>
        <nav aria-label="Console">
          <ul>
            {session.role !== 'analyst' && (
              <li>
                <Link to="/">{t('nav.queue')}</Link>
              </li>
            )}
            {(canReport || session.role === 'agent') && (
              <li>
                <Link to="/reports">{t('nav.reports')}</Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="who">
          <span>{t('nav.signedInAs', { subject: session.subject, role: t(`role.${session.role}`) })}</span>
          {languageSwitch}
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      {renewal && (
        <SignInDialog
          locale={locale}
          fetch={browserFetch}
          onSignedIn={(s) => {
            // Someone else signed in over this page: nothing the last person was sending goes out
            // under the new name (a refund would be recorded as theirs). A fresh start, as them.
            if (sessionRef.current && s.subject !== sessionRef.current.subject) {
              renewal.reject(new Error(translate(locale, 'signIn.otherPerson', { subject: s.subject, previous: sessionRef.current.subject })));
              window.location.assign(`${BASE}/`);
              return;
            }
            // The retried requests read the new CSRF token before React renders again.
            sessionRef.current = s;
            setSession(s);
            renewal.resolve();
          }}
          onGiveUp={() => renewal.reject(new Error(translate(locale, 'signIn.expiredTitle')))}
        />
      )}
    </Ctx.Provider>
  );
}

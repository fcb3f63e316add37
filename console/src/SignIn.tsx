import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { BASE } from './context';
import { ApiError, claimedRole, isConsoleRole, notATokenReason, signIn, tokenFrom, type FetchLike } from './lib/api';
import { translate, type ConsoleLocale, type MessageKey } from './lib/i18n';
import type { Session } from './lib/types';

const tr = (locale: ConsoleLocale) => (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);

/** The paste-a-link-or-token form, shared by the page and the dialog. */
function TokenForm({ locale, fetch, onSignedIn, autoFocus }: { locale: ConsoleLocale; fetch: FetchLike; onSignedIn: (s: Session) => void; autoFocus?: boolean }) {
  const t = tr(locale);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = tokenFrom(text);
    if (!token) {
      const why = notATokenReason(text);
      return setError(why === 'empty' ? t('signIn.failed', { detail: t('err.required') }) : why === 'apiKey' ? t('signIn.apiKey') : t('signIn.notToken'));
    }
    setBusy(true);
    try {
      onSignedIn(await signIn(fetch, token));
    } catch (err) {
      setError(t('signIn.failed', { detail: err instanceof ApiError ? (err.problem.detail ?? err.message) : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack">
      <label htmlFor="sign-in-token">{t('signIn.paste')}</label>
      <textarea id="sign-in-token" rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus={autoFocus} spellCheck={false} aria-describedby={error ? 'sign-in-error' : undefined} />
      {error && (
        <p id="sign-in-error" className="error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </div>
    </form>
  );
}

/**
 * `/console/sign-in`: takes `#token=<jwt>` from the address (the link `npm start` prints, or the
 * identity provider's redirect), trades it for a session and clears it from the address bar.
 */
export function SignInPage({ locale, languageSwitch, onSignedIn, onSignOut, fetch }: { locale: ConsoleLocale; languageSwitch: ReactNode; onSignedIn: (s: Session) => void; onSignOut: () => void; fetch: FetchLike }) {
  const t = tr(locale);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; detail: string } | { kind: 'forbidden'; role: string }>({ kind: 'idle' });
  const started = useRef(false);
  const accept = (s: Session) => (isConsoleRole(s.role) ? onSignedIn(s) : setState({ kind: 'forbidden', role: s.role }));

  // On load, and when a sign-in link is pasted into the address bar of this page (only the #token changes: no reload).
  useEffect(() => {
    const fromAddress = () => {
      const token = tokenFrom(window.location.hash);
      if (!token) return;
      // The token must not stay in the address bar, the history or a bookmark.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      setState({ kind: 'busy' });
      signIn(fetch, token).then(accept, (err: unknown) => {
        // The 403 names the role only in its wording: the token says which it claimed.
        if (err instanceof ApiError && err.status === 403) setState({ kind: 'forbidden', role: claimedRole(token) ?? '' });
        else setState({ kind: 'error', detail: err instanceof ApiError ? (err.problem.detail ?? err.message) : String(err) });
      });
    };
    if (!started.current) {
      started.current = true;
      fromAddress();
    }
    window.addEventListener('hashchange', fromAddress);
    return () => window.removeEventListener('hashchange', fromAddress);
  }, []);

  if (state.kind === 'forbidden') {
    const signOut = () => {
      setState({ kind: 'idle' });
      onSignOut();
    };
    return <ForbiddenPage locale={locale} role={state.role} languageSwitch={languageSwitch} onSignOut={signOut} />;
  }
  return (
    <main className="centered" id="main">
      <div className="card narrow">
        <div className="row-between">
          <h1>{t('signIn.title')}</h1>
          {languageSwitch}
        </div>
        {state.kind === 'busy' ? (
          <p aria-live="polite">{t('signIn.signingIn')}</p>
        ) : (
          <>
            {state.kind === 'error' && (
              <p className="error" role="alert">
                {t('signIn.failed', { detail: state.detail })}
              </p>
            )}
            <p>{t('signIn.how')}</p>
            <TokenForm locale={locale} fetch={fetch} onSignedIn={accept} />
          </>
        )}
      </div>
    </main>
  );
}

/** For a signed-in customer, website or engineer: what this is, and the ways out. Never a blank page. */
export function ForbiddenPage({ locale, role, languageSwitch, onSignOut }: { locale: ConsoleLocale; role: string; languageSwitch: ReactNode; onSignOut: () => void }) {
  const t = tr(locale);
  const known = ['agent', 'supervisor', 'analyst', 'customer', 'website', 'engineer'].includes(role);
  return (
    <main className="centered" id="main">
      <div className="card narrow">
        <div className="row-between">
          <h1>{t('signIn.forbiddenTitle')}</h1>
          {languageSwitch}
        </div>
        <p>{known ? t('signIn.forbidden', { role: t(`role.${role}` as MessageKey) }) : t('signIn.forbiddenNoRole')}</p>
        <p className="actions">
          <button type="button" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
          <a href={`${BASE}/sign-in`}>{t('signIn.other')}</a>
        </p>
      </div>
    </main>
  );
}

/**
 * Over the page when the session ended mid-work: the page (and any half-written form) stays as it
 * is underneath, and the request that found the session ended is sent again once signed in.
 */
export function SignInDialog({ locale, fetch, onSignedIn, onGiveUp }: { locale: ConsoleLocale; fetch: FetchLike; onSignedIn: (s: Session) => void; onGiveUp: () => void }) {
  const t = tr(locale);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="expired-title" onCancel={(e) => { e.preventDefault(); onGiveUp(); }}>
      <h2 id="expired-title">{t('signIn.expiredTitle')}</h2>
      <p>{t('signIn.expired')}</p>
      <p className="hint">{t('signIn.how')}</p>
      <TokenForm locale={locale} fetch={fetch} onSignedIn={onSignedIn} autoFocus />
      <p>
        <button type="button" className="link-button" onClick={onGiveUp}>
          {t('common.cancel')}
        </button>
      </p>
    </dialog>
  );
}

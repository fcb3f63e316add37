import { createContext, useCallback, useContext, useEffect, useState, type MouseEvent } from 'react';
import type { ApiClient } from './lib/api';
import { translate, translateCount, type ConsoleLocale, type MessageKey } from './lib/i18n';
import type { Session } from './lib/types';

export interface ConsoleContext {
  locale: ConsoleLocale;
  setLocale: (l: ConsoleLocale) => void;
  session: Session;
  api: ApiClient;
  navigate: (path: string) => void;
}

export const Ctx = createContext<ConsoleContext | null>(null);

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useConsole(): ConsoleContext & { t: Translate; tn: (stem: Parameters<typeof translateCount>[1], count: number, params?: Record<string, string | number>) => string } {
  const c = useContext(Ctx);
  if (!c) throw new Error('useConsole outside the console');
  const { locale } = c;
  const t = useCallback((key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params), [locale]);
  const tn = useCallback((stem: Parameters<typeof translateCount>[1], count: number, params?: Record<string, string | number>) => translateCount(locale, stem, count, params), [locale]);
  return { ...c, t, tn };
}

/** The app's base path (/console/) without its trailing slash. */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

/** The path inside the console: `/`, `/cases/DSP-…`, `/reports`, `/sign-in`. */
export function currentPath(): string {
  const p = window.location.pathname;
  const inner = p.startsWith(BASE) ? p.slice(BASE.length) : p;
  return inner === '' ? '/' : inner;
}

/** Re-renders on back/forward and on `navigate`. */
export function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    window.history.pushState(null, '', BASE + to);
    setPath(currentPath());
    window.scrollTo(0, 0);
  }, []);
  return [path, navigate];
}

/** A link inside the console: a real `<a href>` (opens in a new tab too), followed without a reload. */
export function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  const { navigate } = useConsole();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={BASE + to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}

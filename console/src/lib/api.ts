import type { Problem, Session } from './types';

/** A refused request: its HTTP status and the problem body (RFC 9457) the API answered. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
  get code(): string | undefined {
    return this.problem.code;
  }
}

/** The minimum of `fetch` the client uses, so tests pass a fake and the lib stays free of the DOM. */
export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: string; credentials: 'same-origin' },
) => Promise<{ status: number; ok: boolean; headers: { get(name: string): string | null }; json(): Promise<unknown>; text(): Promise<string>; blob?(): Promise<unknown> }>;

export interface ApiClientOptions {
  fetch: FetchLike;
  /** The CSRF token of the current session (sent on every state-changing request). */
  csrfToken: () => string | null;
  /**
   * Called when a request answers 401 while someone is working: resolves once
   * they signed in again (the request is then sent again, once), rejects if they give up.
   */
  onSessionExpired: () => Promise<void>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * True when an answer means the person must sign in again. Any 401 while signed in does: the
 * session ended (SESSION_EXPIRED), or its cookie is gone (cleared, another tab signed out), which
 * the API answers as UNAUTHENTICATED. Either way the dialog, not an error on the page.
 */
export const isSessionExpired = (status: number) => status === 401;

async function problemOf(res: { status: number; json(): Promise<unknown> }): Promise<Problem> {
  try {
    const body = (await res.json()) as unknown;
    return typeof body === 'object' && body !== null ? (body as Problem) : { detail: String(body) };
  } catch {
    return { detail: `HTTP ${res.status}` };
  }
}

/**
 * The console's one way to the API: same-origin relative paths with the session cookie, the CSRF
 * header on writes, problems thrown as ApiError, and a session that ended mid-work renewed through
 * the sign-in dialog without losing the request.
 */
export function createApiClient({ fetch, csrfToken, onSessionExpired }: ApiClientOptions) {
  async function send(method: string, path: string, body: unknown, accept: string, retried = false): Promise<Awaited<ReturnType<FetchLike>>> {
    const headers: Record<string, string> = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = csrfToken();
    if (STATE_CHANGING.has(method) && token) headers['X-CSRF-Token'] = token;
    const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (res.ok) return res;
    const problem = await problemOf(res);
    if (!retried && isSessionExpired(res.status)) {
      await onSessionExpired();
      return send(method, path, body, accept, true);
    }
    throw new ApiError(res.status, problem);
  }

  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await send(method, path, body, 'application/json');
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  return {
    get: <T>(path: string) => json<T>('GET', path),
    post: <T>(path: string, body?: unknown) => json<T>('POST', path, body),
    put: <T>(path: string, body?: unknown) => json<T>('PUT', path, body),
    del: <T>(path: string) => json<T>('DELETE', path),
    /** A binary read (the resolution PDF) through the same session and renewal. */
    blob: async (path: string, accept: string) => {
      const res = await send('GET', path, undefined, accept);
      return res.blob ? res.blob() : res.text();
    },
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** What a sign-in link or pasted text holds: the token after `#token=`, or the text itself if it looks like a JWT. */
export function tokenFrom(text: string): string | null {
  const t = text.trim();
  const fragment = /[#&]token=([^&\s]+)/.exec(t);
  if (fragment) return decodeURIComponent(fragment[1]!);
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(t) ? t : null;
}

/**
 * The role a token claims (its `role` claim, unverified), to say on the refusal page who was
 * refused: the API's 403 says it only in words. Display only; the API decides. Undefined when the
 * token is not a readable JWT or names no role.
 */
export function claimedRole(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const role = (JSON.parse(json) as { role?: unknown }).role;
    return typeof role === 'string' ? role : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /v1/session` with the person's token: the cookie is set by the answer, the CSRF token is in it. */
export async function signIn(fetch: FetchLike, token: string): Promise<Session> {
  const res = await fetch('/v1/session', { method: 'POST', headers: { Accept: 'application/json', Authorization: `Bearer ${token}` }, credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return (await res.json()) as Session;
}

/**
 * `DELETE /v1/session`: ends the session on the server. Signing out always succeeds for the person:
 * a session that already ended (401) or a server out of reach leaves nothing to end.
 */
export async function endSession(fetch: FetchLike, csrfToken: string | null): Promise<void> {
  try {
    await fetch('/v1/session', { method: 'DELETE', headers: { Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) }, credentials: 'same-origin' });
  } catch {
    // Offline: the cookie ends with its expiry; the page forgets the session either way.
  }
}

/** What a pasted text is, when it is not a sign-in link or token: an API key (services only), or nothing we know. */
export function notATokenReason(text: string): 'empty' | 'apiKey' | 'unknown' {
  const t = text.trim();
  if (!t) return 'empty';
  return /^[\w-]{16,}$/.test(t) && !t.includes('.') ? 'apiKey' : 'unknown';
}

/** `GET /v1/session`: the current session, or null when there is none (401). */
export async function currentSession(fetch: FetchLike): Promise<Session | null> {
  const res = await fetch('/v1/session', { method: 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return (await res.json()) as Session;
}

/** The roles the console is for; anyone else gets the "this console is for…" page. */
export const CONSOLE_ROLES = ['agent', 'supervisor', 'analyst'] as const;
export const isConsoleRole = (role: string) => (CONSOLE_ROLES as readonly string[]).includes(role);

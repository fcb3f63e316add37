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
   * Called when a request answers 401 SESSION_EXPIRED while someone is working: resolves once
   * they signed in again (the request is then sent again, once), rejects if they give up.
   */
  onSessionExpired: () => Promise<void>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const SESSION_EXPIRED = 'SESSION_EXPIRED';

/** True when a 401 means "your session ended" (sign in again) rather than "never signed in". */
export const isSessionExpired = (status: number, problem: Problem) => status === 401 && problem.code === SESSION_EXPIRED;

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
    if (!retried && isSessionExpired(res.status, problem)) {
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

import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { ErrorType } from '../domain/errors';
import type { ConsoleSession, ConsoleSessions } from '../security/console-sessions';
import type { Authenticator, Role } from './auth';
import { Problem } from './problems';

/** The console's session cookie: opaque, HttpOnly, for the whole API (Path=/). */
export const CONSOLE_COOKIE = 'loop_console';
/** Who the console is for; the other roles keep their own ways in (services their keys, engineers the codec). */
export const CONSOLE_ROLES: readonly Role[] = ['agent', 'supervisor', 'analyst'];
/** The header a cookie-authenticated state-changing request carries its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Over plain http only a loopback host may get a cookie without Secure (a browser drops Secure cookies on http).
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

declare module 'express-serve-static-core' {
  interface Request {
    /** The live console session the request was authenticated by (api/console-session.ts). */
    consoleSession?: { id: string; session: ConsoleSession };
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function csrfMatches(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The refusal when a console session cookie names a session that has ended. */
export function sessionExpired(): Problem {
  const reason = 'names a console session that has expired or was signed out';
  return new Problem(ErrorType.SESSION_EXPIRED, 'The console session has ended (expired or signed out): sign in again.', [{ field: `cookie:${CONSOLE_COOKIE}`, reason }]);
}

/**
 * The API's credential check with the console cookie added: a request with no X-API-Key and no
 * Authorization header may be authenticated by a live console session, as the same Principal the
 * bearer token gave. Such a request, unless GET/HEAD/OPTIONS, must carry the session's CSRF token:
 * SameSite=Strict already keeps other sites' requests from sending the cookie, the token also covers
 * browsers without SameSite and same-site pages on other ports. A cookie naming an ended session
 * authenticates nothing and marks the request (`req.sessionEnded`), so `allow` answers SESSION_EXPIRED.
 */
export function withConsoleSessions(authenticate: Authenticator, sessions: ConsoleSessions): Authenticator {
  return async (req) => {
    if (req.header('x-api-key') !== undefined || req.header('authorization') !== undefined) return authenticate(req);
    const id = readCookie(req, CONSOLE_COOKIE);
    if (!id) return authenticate(req);
    const found = await sessions.resolve(id);
    if (found.state === 'ended') {
      req.sessionEnded = true;
      return null;
    }
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.header(CSRF_HEADER);
      if (!sent || !csrfMatches(sent, found.session.csrfToken)) {
        const reason = sent ? "does not match the console session's CSRF token" : "is missing: a state-changing request signed in by the console cookie must carry the session's CSRF token";
        throw new Problem(ErrorType.FORBIDDEN, 'This request is signed in by the console session cookie and needs its CSRF token in X-CSRF-Token (GET /v1/session gives it).', [{ field: `header:${CSRF_HEADER}`, reason }]);
      }
    }
    await sessions.recordUse(id, found.session);
    req.consoleSession = { id, session: found.session };
    return found.session.principal;
  };
}

function cookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: req.secure || !LOOPBACK_HOSTS.has(req.hostname) };
}

const view = (session: ConsoleSession) => ({
  subject: session.principal.subject,
  role: session.principal.role,
  csrfToken: session.csrfToken,
  expiresAt: new Date(session.expiresAt).toISOString(),
});

const forbidden = (detail: string) => new Problem(ErrorType.FORBIDDEN, detail);

/**
 * `POST|GET|DELETE /v1/session`: the console's sign-in (a person's bearer token exchanged for the
 * cookie), the session's state after a reload, and sign-out. Mount after `identify(withConsoleSessions(...))`.
 */
export function createConsoleSessionRouter({ sessions }: { sessions: ConsoleSessions }): Router {
  const router = Router();
  router.use('/v1/session', (_req, res, next) => {
    // The answers carry the CSRF token: no cache may keep them.
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/v1/session', async (req: Request, res: Response) => {
    if (req.header('x-api-key') !== undefined) {
      throw forbidden('An API key cannot open a console session: services keep their keys. People sign in to the console with their bearer token (Authorization: Bearer <token>).');
    }
    const principal = req.principal;
    if (req.header('authorization') === undefined || !principal) {
      throw new Problem(ErrorType.UNAUTHENTICATED, 'Signing in to the console needs a person\'s token: Authorization: Bearer <token>.', [{ field: 'header:authorization', reason: 'is missing' }]);
    }
    if (!CONSOLE_ROLES.includes(principal.role)) {
      throw forbidden(`The console is for agents, supervisors and analysts; the ${principal.role} role cannot use it.`);
    }
    // A sign-in over a live session replaces it rather than leaving it behind.
    const previous = readCookie(req, CONSOLE_COOKIE);
    if (previous) await sessions.end(previous);
    const { id, session } = await sessions.start(principal);
    res.cookie(CONSOLE_COOKIE, id, { ...cookieOptions(req), maxAge: sessions.absoluteEnd(session) - session.createdAt });
    res.status(201).json(view(session));
  });

  router.get('/v1/session', (req: Request, res: Response) => {
    if (!req.consoleSession) {
      if (req.sessionEnded) throw sessionExpired();
      throw new Problem(ErrorType.UNAUTHENTICATED, 'No console session: sign in with POST /v1/session.', [{ field: `cookie:${CONSOLE_COOKIE}`, reason: 'is missing' }]);
    }
    res.json(view(req.consoleSession.session));
  });

  router.delete('/v1/session', async (req: Request, res: Response) => {
    // Signing out twice, or after expiry, still clears the cookie: the browser ends signed out either way.
    if (req.consoleSession) await sessions.end(req.consoleSession.id);
    res.clearCookie(CONSOLE_COOKIE, cookieOptions(req));
    res.status(204).end();
  });
  return router;
}

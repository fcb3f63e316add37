import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sign-in sessions for the codec server. The Temporal Web UI can send cookies to a codec endpoint
 * (its "Include cross-origin credentials" setting) but cannot add our API key or a bearer token,
 * so an engineer signs in once with their credential and the UI's requests carry an opaque cookie.
 * The credential stays on the server; every request still goes through the guard with it.
 */
export interface CodecSessionOptions {
  /** How long a sign-in lasts. @default 8 hours */
  ttlMs?: number;
  /** @default 'loop_codec_session' */
  cookieName?: string;
  /** Whether the cookie is `Secure`; `'auto'` sets it on HTTPS requests. @default 'auto' */
  secure?: boolean | 'auto';
  /** Sessions kept at most (the oldest goes first). @default 1000 */
  maxSessions?: number;
  now?: () => number;
}

/** How a credential travels to the guard: a token that looks like a JWT as a bearer token, anything else as an API key. */
export function credentialHeaders(credential: string): Record<string, string> {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential) ? { authorization: `Bearer ${credential}` } : { 'x-api-key': credential };
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Opaque session ids mapped to the credential that signed in, in memory (a restart signs everyone out). */
export class CodecSessions {
  private readonly sessions = new Map<string, { credential: string; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly cookieName: string;
  private readonly secure: boolean | 'auto';
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor({ ttlMs = 8 * 3_600_000, cookieName = 'loop_codec_session', secure = 'auto', maxSessions = 1000, now = Date.now }: CodecSessionOptions = {}) {
    this.ttlMs = ttlMs;
    this.cookieName = cookieName;
    this.secure = secure;
    this.maxSessions = maxSessions;
    this.now = now;
  }

  /** The credential behind the request's session cookie, if it has a live one. */
  credentialOf(req: Request): string | undefined {
    const id = readCookie(req, this.cookieName);
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id!);
      return undefined;
    }
    return session.credential;
  }

  /** Starts a session for a credential the guard accepted and sets its cookie on the response. */
  start(req: Request, res: Response, credential: string): Date {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    if (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(id, { credential, expiresAt });
    res.cookie(this.cookieName, id, { ...this.cookieOptions(req), maxAge: this.ttlMs });
    return new Date(expiresAt);
  }

  /** Ends the request's session, if any, and clears its cookie. */
  end(req: Request, res: Response): void {
    const id = readCookie(req, this.cookieName);
    if (id) this.sessions.delete(id);
    res.clearCookie(this.cookieName, this.cookieOptions(req));
  }

  private cookieOptions(req: Request) {
    // Strict is enough for the UI: localhost:8233 and localhost:3000 are the same site (ports do not count).
    return { httpOnly: true, sameSite: 'strict' as const, path: req.baseUrl || '/', secure: this.secure === 'auto' ? req.secure : this.secure };
  }
}

/** The sign-in page: one form posting the credential to this same URL (no script, fits a strict CSP). */
export function signInPage(message = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Codec server sign-in</title></head>
<body>
<h1>Codec server sign-in</h1>
<p>${message}</p>
<form method="post">
<label>Engineer credential (API key or token) <input type="password" name="credential" autocomplete="off" required></label>
<button type="submit">Sign in</button>
</form>
<p>Then, in the Temporal Web UI's Codec Server settings, use your browser setting with this server's codec endpoint and turn on "Include cross-origin credentials".</p>
</body></html>
`;
}

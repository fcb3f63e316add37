import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import type { KeyRing } from './keys';

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
  /** Sessions kept at most by the default memory store (the oldest goes first). @default 1000 */
  maxSessions?: number;
  now?: () => number;
  /** Where sessions are kept. @default createMemorySessionStore(maxSessions) */
  store?: SessionStore;
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

/** Where sign-ins are kept: by session id, the credential and its expiry (ms since the epoch). */
export interface SessionStore {
  /** The credential of a live session; an expired one is deleted and answers undefined. */
  credentialOf(id: string, now: number): Promise<string | undefined>;
  start(id: string, credential: string, expiresAt: number): Promise<void>;
  end(id: string): Promise<void>;
}

/** Sessions in this process's memory (for unit tests: a restart signs everyone out). At most `maxSessions`, the oldest going first. */
export function createMemorySessionStore(maxSessions = 1000): SessionStore {
  const sessions = new Map<string, { credential: string; expiresAt: number }>();
  return {
    async credentialOf(id, now) {
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt <= now) {
        sessions.delete(id);
        return undefined;
      }
      return session.credential;
    },
    async start(id, credential, expiresAt) {
      if (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value!);
      sessions.set(id, { credential, expiresAt });
    },
    async end(id) {
      sessions.delete(id);
    },
  };
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

/** The sealing key: HKDF-SHA256 of the payload ring's current key, for this one use. */
function sealingKey(ring: KeyRing): Buffer {
  return Buffer.from(hkdfSync('sha256', ring.current.key, Buffer.alloc(0), 'loop codec sessions v1', 32));
}

function seal(key: Buffer, credential: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(credential, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** The credential, or undefined when it was sealed under another key (the ring rotated: that engineer signs in again). */
function unseal(key: Buffer, sealed: string): string | undefined {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !data) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Sessions in the records database (`codec_sessions`), shared by every API process and kept over a
 * restart. The row holds the id only as a SHA-256 digest and the credential only sealed with
 * AES-256-GCM under a key derived (HKDF) from the payload ring's current key: rotating the ring
 * signs everyone out. Each sign-in sweeps expired rows and keeps the newest `maxSessions`.
 */
export function createPostgresSessionStore(pool: Pool, ring: KeyRing, maxSessions = 1000): SessionStore {
  const key = sealingKey(ring);
  return {
    async credentialOf(id, now) {
      const { rows } = await pool.query<{ credential_sealed: string; expires_at: Date }>('SELECT credential_sealed, expires_at FROM codec_sessions WHERE id_digest = $1', [digest(id)]);
      const row = rows[0];
      if (!row) return undefined;
      const credential = row.expires_at.getTime() > now ? unseal(key, row.credential_sealed) : undefined;
      if (credential === undefined) await pool.query('DELETE FROM codec_sessions WHERE id_digest = $1', [digest(id)]);
      return credential;
    },
    async start(id, credential, expiresAt) {
      await pool.query('INSERT INTO codec_sessions (id_digest, credential_sealed, expires_at) VALUES ($1, $2, $3)', [digest(id), seal(key, credential), new Date(expiresAt)]);
      await pool.query('DELETE FROM codec_sessions WHERE expires_at <= now()');
      await pool.query('DELETE FROM codec_sessions WHERE id_digest IN (SELECT id_digest FROM codec_sessions ORDER BY created_at DESC, expires_at DESC OFFSET $1)', [maxSessions]);
    },
    async end(id) {
      await pool.query('DELETE FROM codec_sessions WHERE id_digest = $1', [digest(id)]);
    },
  };
}

/** The session cookie over a SessionStore: opaque random ids, the credential kept by the store. */
export class CodecSessions {
  private readonly store: SessionStore;
  private readonly ttlMs: number;
  private readonly cookieName: string;
  private readonly secure: boolean | 'auto';
  private readonly now: () => number;

  constructor({ ttlMs = 8 * 3_600_000, cookieName = 'loop_codec_session', secure = 'auto', maxSessions = 1000, now = Date.now, store }: CodecSessionOptions = {}) {
    this.store = store ?? createMemorySessionStore(maxSessions);
    this.ttlMs = ttlMs;
    this.cookieName = cookieName;
    this.secure = secure;
    this.now = now;
  }

  /** The credential behind the request's session cookie, if it has a live one. */
  async credentialOf(req: Request): Promise<string | undefined> {
    const id = readCookie(req, this.cookieName);
    return id ? this.store.credentialOf(id, this.now()) : undefined;
  }

  /** Starts a session for a credential the guard accepted and sets its cookie on the response. */
  async start(req: Request, res: Response, credential: string): Promise<Date> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    await this.store.start(id, credential, expiresAt);
    res.cookie(this.cookieName, id, { ...this.cookieOptions(req), maxAge: this.ttlMs });
    return new Date(expiresAt);
  }

  /** Ends the request's session, if any, and clears its cookie. */
  async end(req: Request, res: Response): Promise<void> {
    const id = readCookie(req, this.cookieName);
    if (id) await this.store.end(id);
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

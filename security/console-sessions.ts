import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../config/credentials';

/**
 * Sign-in sessions of the agent console. A person exchanges their bearer token once for an opaque
 * cookie (api/console-session.ts); this module keeps the sessions and their life: an idle timeout
 * and an absolute one, whichever comes first. Unlike the codec's sessions, no credential is kept:
 * the session holds the principal the token established, so an expired token does not end it early
 * and a stolen row cannot be replayed as a token.
 */

/** Who the session acts for: the Principal the bearer token gave (api/auth.ts), field for field. */
export interface SessionPrincipal {
  id: string;
  subject: string;
  role: Role;
}

/** One session as a store keeps it; times in ms since the epoch. */
export interface ConsoleSession {
  principal: SessionPrincipal;
  /** Sent back by the console in `X-CSRF-Token` on every state-changing request. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** When it ends unless used again: min(last use + idle, creation + absolute life). */
  expiresAt: number;
}

/** Where console sessions are kept, by the session id (the cookie's value); a store may keep only its digest. */
export interface ConsoleSessionStore {
  /** The session under `id`, expired or not (the caller decides), or undefined when there is none. */
  find(id: string): Promise<ConsoleSession | undefined>;
  start(id: string, session: ConsoleSession): Promise<void>;
  /** Records a use: the session was last seen at `lastSeenAt` and now ends at `expiresAt`. */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  end(id: string): Promise<void>;
  /** Deletes every session ended by `now` (expired rows are otherwise deleted only when next named). */
  sweep(now: number): Promise<void>;
}

/** A session id's digest, the form in which a store may keep it. */
export const sessionIdDigest = (id: string) => createHash('sha256').update(id, 'utf8').digest('base64url');

/** Sessions in this process's memory (tests, development without a database): a restart signs everyone out. */
export function createMemoryConsoleSessionStore(maxSessions = 10_000): ConsoleSessionStore {
  const sessions = new Map<string, ConsoleSession>();
  return {
    async find(id) {
      const session = sessions.get(sessionIdDigest(id));
      return session && { ...session };
    },
    async start(id, session) {
      // The oldest goes first: a flood of sign-ins cannot grow the process without bound.
      if (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value!);
      sessions.set(sessionIdDigest(id), { ...session });
    },
    async touch(id, lastSeenAt, expiresAt) {
      const session = sessions.get(sessionIdDigest(id));
      if (session) Object.assign(session, { lastSeenAt, expiresAt });
    },
    async end(id) {
      sessions.delete(sessionIdDigest(id));
    },
    async sweep(now) {
      for (const [digest, session] of sessions) if (session.expiresAt <= now) sessions.delete(digest);
    },
  };
}

export interface ConsoleSessionLife {
  /** A session unused this long ends. @default 8 hours */
  idleMs?: number;
  /** A session ends this long after sign-in, used or not. @default 12 hours */
  maxMs?: number;
  /**
   * A use is written back at most this often: every request would otherwise be a database write.
   * The idle timeout is then exact to within this much. @default 1 minute
   */
  touchEveryMs?: number;
  now?: () => number;
}

/** What a session id names: a live session, or one that has ended (expired, signed out, never existed). */
export type SessionLookup = { state: 'live'; session: ConsoleSession } | { state: 'ended' };

/** The console sessions over a store: random ids and CSRF tokens, the idle and absolute life. */
export class ConsoleSessions {
  readonly idleMs: number;
  readonly maxMs: number;
  private readonly touchEveryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: ConsoleSessionStore = createMemoryConsoleSessionStore(),
    { idleMs = 8 * 3_600_000, maxMs = 12 * 3_600_000, touchEveryMs = 60_000, now = Date.now }: ConsoleSessionLife = {},
  ) {
    this.idleMs = idleMs;
    this.maxMs = maxMs;
    this.touchEveryMs = touchEveryMs;
    this.now = now;
  }

  /** Starts a session for `principal`; answers its id (the cookie's value, never stored) and the session. */
  async start(principal: SessionPrincipal): Promise<{ id: string; session: ConsoleSession }> {
    const now = this.now();
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      principal: { id: principal.id, subject: principal.subject, role: principal.role },
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + Math.min(this.idleMs, this.maxMs),
    };
    await this.store.start(id, session);
    // Lazily, at sign-in: expired sessions of people who never came back go here.
    await this.store.sweep(now);
    return { id, session };
  }

  /** The session `id` names; an ended one still stored is deleted. Not a use: see `recordUse`. */
  async resolve(id: string): Promise<SessionLookup> {
    const session = await this.store.find(id);
    if (!session) return { state: 'ended' };
    if (session.expiresAt <= this.now()) {
      await this.store.end(id);
      return { state: 'ended' };
    }
    return { state: 'live', session };
  }

  /** Counts a request the session was accepted for: the idle timeout starts again (never past the absolute end). */
  async recordUse(id: string, session: ConsoleSession): Promise<void> {
    const now = this.now();
    if (now - session.lastSeenAt < this.touchEveryMs) return;
    const expiresAt = Math.min(now + this.idleMs, session.createdAt + this.maxMs);
    await this.store.touch(id, now, expiresAt);
    Object.assign(session, { lastSeenAt: now, expiresAt });
  }

  /** Ends the session `id` (signing out); ending one that is gone already is fine. */
  async end(id: string): Promise<void> {
    await this.store.end(id);
  }

  /** When the session ends at the latest, whatever its use: the cookie lives no longer. */
  absoluteEnd(session: ConsoleSession): number {
    return session.createdAt + this.maxMs;
  }
}

import type { Pool } from 'pg';
import { isRole } from '../config/credentials';
import { sessionIdDigest, type ConsoleSession, type ConsoleSessionStore } from './console-sessions';

interface Row {
  principal_id: string;
  subject: string;
  role: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

/**
 * Console sessions in the records database (`console_sessions`): any API process answers a session
 * another one started, and a restart signs nobody out. The row holds the id only as a SHA-256 digest.
 */
export function createPostgresConsoleSessionStore(pool: Pool): ConsoleSessionStore {
  return {
    async find(id) {
      const { rows } = await pool.query<Row>('SELECT principal_id, subject, role, csrf_token, created_at, expires_at, last_seen_at FROM console_sessions WHERE id_digest = $1', [sessionIdDigest(id)]);
      const row = rows[0];
      // A role this version no longer knows is no session at all, rather than a principal the API cannot place.
      if (!row || !isRole(row.role)) return undefined;
      return {
        principal: { id: row.principal_id, subject: row.subject, role: row.role },
        csrfToken: row.csrf_token,
        createdAt: row.created_at.getTime(),
        lastSeenAt: row.last_seen_at.getTime(),
        expiresAt: row.expires_at.getTime(),
      } satisfies ConsoleSession;
    },
    async start(id, s) {
      await pool.query(
        'INSERT INTO console_sessions (id_digest, principal_id, subject, role, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [sessionIdDigest(id), s.principal.id, s.principal.subject, s.principal.role, s.csrfToken, new Date(s.createdAt), new Date(s.expiresAt), new Date(s.lastSeenAt)],
      );
    },
    async touch(id, lastSeenAt, expiresAt) {
      await pool.query('UPDATE console_sessions SET last_seen_at = $2, expires_at = $3 WHERE id_digest = $1', [sessionIdDigest(id), new Date(lastSeenAt), new Date(expiresAt)]);
    },
    async end(id) {
      await pool.query('DELETE FROM console_sessions WHERE id_digest = $1', [sessionIdDigest(id)]);
    },
    async sweep(now) {
      await pool.query('DELETE FROM console_sessions WHERE expires_at <= $1', [new Date(now)]);
    },
  };
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';

/** What a claim names: the message about to be sent under an idempotency key. */
export interface SentEntry {
  messageId: string;
  caseId: string;
  kind: string;
}

/**
 * The answer to a claim. `claimed`: this sender may send now (the key was new, its own earlier
 * claim, or a claim whose lease ran out). `sent`: the message went out already, under `messageId`.
 * `busy`: another sender claimed it and its lease runs for `retryInMs` more.
 */
export type Claim = { state: 'claimed' } | { state: 'sent'; messageId: string } | { state: 'busy'; claimedBy: string; retryInMs: number };

/**
 * The outbound e-mail log, shared by every sender: a message is claimed before it is handed to the
 * SMTP server and marked sent after the server accepted it (250), so one sender sends it.
 */
export interface SentLog {
  claim(key: string, entry: SentEntry): Promise<Claim>;
  /** The SMTP server accepted the message sent under `key`. */
  markSent(key: string): Promise<void>;
  /** The send failed for certain (the server refused, or was never reached): another attempt may claim at once. */
  release(key: string): Promise<void>;
}

/** How long a claim holds before another sender may take it over: longer than a send can take (the SMTP timeouts are 20 s each). */
export const DEFAULT_CLAIM_LEASE_MS = 2 * 60_000;

/** Who claims: this process, told apart from another process on the same machine and from its own restart. */
export function senderId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/** A log in memory, for one process: unit tests, or a single worker that may send again after a restart. */
export function createMemorySentLog(sender = senderId()): SentLog {
  const rows = new Map<string, { messageId: string; state: 'SENDING' | 'SENT'; claimedBy: string }>();
  return {
    async claim(key, entry) {
      const row = rows.get(key);
      if (row?.state === 'SENT') return { state: 'sent', messageId: row.messageId };
      if (row && row.claimedBy !== sender) return { state: 'busy', claimedBy: row.claimedBy, retryInMs: 0 };
      rows.set(key, { messageId: entry.messageId, state: 'SENDING', claimedBy: sender });
      return { state: 'claimed' };
    },
    async markSent(key) {
      const row = rows.get(key);
      if (row) row.state = 'SENT';
    },
    async release(key) {
      if (rows.get(key)?.state === 'SENDING') rows.delete(key);
    },
  };
}

export interface PostgresSentLogOptions {
  /** This sender's id in `claimed_by`. @default senderId() */
  sender?: string;
  /** @default DEFAULT_CLAIM_LEASE_MS */
  leaseMs?: number;
}

/**
 * The log in the `sent_mail` table, shared by every worker. Claiming is one statement: an insert
 * that, on a key already there, takes the row over only when it is still SENDING and either ours or
 * claimed longer than the lease ago (the database's clock, so machines' clocks do not matter).
 * Two senders racing for a key: PostgreSQL makes the second wait for the first's row and re-checks
 * the condition on what the first wrote, so exactly one gets the row back.
 *
 * The one remaining gap: a sender whose SMTP server answered 250 but whose SENT write is lost (the
 * process killed, the database unreachable in between) leaves the claim SENDING; once the lease
 * runs out another attempt takes it over and sends the message again, with the same Message-ID
 * (a receiving server or mail client that dedupes on it shows one). Nothing closes that window
 * without the SMTP server taking part; it is the width of one UPDATE.
 */
export function createPostgresSentLog(pool: Pool, { sender = senderId(), leaseMs = DEFAULT_CLAIM_LEASE_MS }: PostgresSentLogOptions = {}): SentLog {
  const leaseSeconds = leaseMs / 1000;

  async function claimOnce(key: string, entry: SentEntry): Promise<Claim | null> {
    const claimed = await pool.query(
      `INSERT INTO sent_mail (idempotency_key, message_id, case_id, kind, state, claimed_by, claimed_at)
       VALUES ($1, $2, $3, $4, 'SENDING', $5, now())
       ON CONFLICT (idempotency_key) DO UPDATE
         SET message_id = EXCLUDED.message_id, claimed_by = EXCLUDED.claimed_by, claimed_at = now()
         WHERE sent_mail.state = 'SENDING'
           AND (sent_mail.claimed_by = EXCLUDED.claimed_by OR sent_mail.claimed_at < now() - make_interval(secs => $6))
       RETURNING idempotency_key`,
      [key, entry.messageId, entry.caseId, entry.kind, sender, leaseSeconds],
    );
    if (claimed.rowCount === 1) return { state: 'claimed' };
    const { rows } = await pool.query<{ state: string; message_id: string; claimed_by: string; left_ms: number }>(
      `SELECT state, message_id, claimed_by,
              GREATEST(0, EXTRACT(EPOCH FROM (claimed_at + make_interval(secs => $2) - now())) * 1000)::float8 AS left_ms
         FROM sent_mail WHERE idempotency_key = $1`,
      [key, leaseSeconds],
    );
    const row = rows[0];
    // Released between the two statements: claim again.
    if (!row) return null;
    if (row.state === 'SENT') return { state: 'sent', messageId: row.message_id };
    return { state: 'busy', claimedBy: row.claimed_by, retryInMs: Math.ceil(row.left_ms) };
  }

  return {
    async claim(key, entry) {
      for (let tries = 0; tries < 3; tries++) {
        const claim = await claimOnce(key, entry);
        if (claim) return claim;
      }
      return { state: 'busy', claimedBy: 'unknown', retryInMs: 1000 };
    },
    async markSent(key) {
      // Whoever holds the claim now: the message went out, so the key is sent.
      await pool.query(`UPDATE sent_mail SET state = 'SENT', sent_at = now() WHERE idempotency_key = $1 AND state = 'SENDING'`, [key]);
    },
    async release(key) {
      await pool.query(`DELETE FROM sent_mail WHERE idempotency_key = $1 AND state = 'SENDING' AND claimed_by = $2`, [key, sender]);
    },
  };
}

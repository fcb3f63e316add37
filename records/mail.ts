import type { Pool } from 'pg';

/** One e-mail of a case as the outbound log knows it (adapters/smtp/sent-log.ts writes it). */
export interface SentMail {
  /** The notification kind (ACKNOWLEDGEMENT, RESOLUTION, ...). */
  kind: string;
  messageId: string;
  /** SENDING: claimed by a worker, not yet accepted by the mail server (a worker that dies leaves it to the lease); SENT: accepted. */
  state: 'SENDING' | 'SENT';
  claimedAt: string;
  sentAt: string | null;
}

/**
 * The e-mails sent for a case, oldest first, from the shared sent_mail log: what the customer
 * was sent, whichever worker sent it. The timeline says a step asked for an e-mail; this says the
 * mail server took it.
 */
export async function sentMailOf(pool: Pool, caseId: string): Promise<SentMail[]> {
  const { rows } = await pool.query<{ kind: string; message_id: string; state: 'SENDING' | 'SENT'; claimed_at: Date; sent_at: Date | null }>(
    `SELECT kind, message_id, state, claimed_at, sent_at FROM sent_mail WHERE case_id = $1 ORDER BY coalesce(sent_at, claimed_at), idempotency_key`,
    [caseId],
  );
  return rows.map((r) => ({ kind: r.kind, messageId: r.message_id, state: r.state, claimedAt: r.claimed_at.toISOString(), sentAt: r.sent_at?.toISOString() ?? null }));
}

import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Attachment } from 'nodemailer';
import { PortError, type DocumentStore, type Notification, type NotificationsPort } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import { satisfactionLinks } from '../../notifications/links';
import { renderNotification, type DocumentStatus } from '../../notifications/templates';
import { smtpPortError } from './errors';
import type { Claim, SentLog } from './sent-log';

export interface SmtpNotificationsOptions {
  /** e.g. `smtp://localhost:1025`, `smtps://user:pass@smtp.example.com` (nodemailer's URL form). */
  smtpUrl: string;
  /** The sender, e.g. `Loop support <support@loop.tech>`. */
  from: string;
  /** Where the customer's links (satisfaction answer) point: the API's public base URL. */
  publicUrl: string;
  /** Signs the satisfaction links (notifications/links.ts); the API verifies with the same secret. */
  linkSecret: string;
  /** Where resolution documents are read from to attach them. */
  documents?: DocumentStore;
  /** Claims each send and records it as sent: shared by every worker (createPostgresSentLog). */
  sentLog: SentLog;
  /** Where customers' replies go, when not to `from` (the e-mail intake's address). */
  replyTo?: string;
  /** Connection, greeting and inactivity timeout; under the activity's 30 s start-to-close. @default 20000 */
  timeoutMs?: number;
  /** Where problems that do not fail the send are reported. @default console.warn */
  log?: (line: string) => void;
  /** Loop's IANA time zone, in which customers read the dates of an e-mail. @default 'Europe/Paris' */
  timeZone?: string;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * The Message-ID of a notification: the same for every retry of one step, and starting with the
 * case number, which is how the e-mail intake recognises a customer's reply (In-Reply-To / References).
 */
export function notificationMessageId(n: Pick<Notification, 'caseId' | 'kind' | 'idempotencyKey'>): string {
  return `<${n.caseId}.${n.kind}.${shortHash(n.idempotencyKey)}@loop-disputes>`;
}

/** A reference every e-mail of a case carries, so mail clients show the case as one thread. */
export const caseThreadId = (caseId: string) => `<${caseId}@loop-disputes>`;

/** The resolution document as attachments, or `missing` (the e-mail then says so instead of failing). */
async function documentAttachments(n: Notification, documents: DocumentStore | undefined): Promise<{ status: DocumentStatus; attachments: Attachment[] }> {
  if (!n.document) return { status: 'none', attachments: [] };
  if (!documents) return { status: 'missing', attachments: [] };
  let pdf: Uint8Array | null;
  let json: Uint8Array | null;
  try {
    [pdf, json] = await Promise.all([documents.read(n.document, 'pdf'), documents.read(n.document, 'json')]);
  } catch (err) {
    throw new PortError(ErrorType.UNAVAILABLE, `the document store could not be read: ${(err as Error).message}`, true);
  }
  if (!pdf) return { status: 'missing', attachments: [] };
  const name = `${n.document.caseId}-${n.document.documentId}`;
  const attachments: Attachment[] = [{ filename: `${name}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' }];
  if (json) attachments.push({ filename: `${name}.json`, content: Buffer.from(json), contentType: 'application/json' });
  return { status: 'attached', attachments };
}

/**
 * Whether a failed send certainly did not reach the customer: the server answered with a refusal,
 * or the connection never got as far as the message. A connection lost during DATA with no reply
 * may have delivered it, so its claim is kept (and runs out with the lease).
 */
function certainlyNotSent(err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { responseCode?: number; command?: string };
  return e.responseCode !== undefined || e.command !== 'DATA';
}

/**
 * Customer e-mails over SMTP (nodemailer), in the customer's language, one per idempotency key.
 *
 * Each send is claimed in the sent log first (adapters/smtp/sent-log.ts): a key already sent
 * returns its Message-ID and sends nothing; a key another worker is sending right now fails as
 * retryable (the activity tries again after the claim's lease); after the SMTP server accepted
 * the message, the key is marked sent. The one gap: a 250 whose "sent" write is lost (the worker
 * killed in between, or the database down) — once the lease runs out another attempt sends the
 * message again, under the same Message-ID, so a receiving server or mail client that dedupes on
 * it shows one.
 */
export function createSmtpNotifications(opts: SmtpNotificationsOptions): NotificationsPort {
  const timeout = opts.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({ url: opts.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  const log = opts.log ?? ((line: string) => console.warn(`[smtp] ${line}`));
  // Sent by this process: covers a "sent" write that failed after the message went out, while the process lives.
  const sentHere = new Set<string>();
  const inFlight = new Map<string, Promise<{ messageId: string }>>();

  async function claim(n: Notification, messageId: string): Promise<Claim> {
    try {
      return await opts.sentLog.claim(n.idempotencyKey, { messageId, caseId: n.caseId, kind: n.kind });
    } catch (err) {
      throw new PortError(ErrorType.UNAVAILABLE, `the e-mail log could not be read: ${(err as Error).message}`, true);
    }
  }

  async function deliver(n: Notification, messageId: string): Promise<{ messageId: string }> {
    if (sentHere.has(n.idempotencyKey)) return { messageId };
    const claimed = await claim(n, messageId);
    if (claimed.state === 'sent') return { messageId: claimed.messageId };
    if (claimed.state === 'busy') {
      throw new PortError(ErrorType.UNAVAILABLE, `another worker (${claimed.claimedBy}) is sending this e-mail; trying again after its claim runs out`, true, Math.max(1000, claimed.retryInMs + 500));
    }
    const { status, attachments } = await documentAttachments(n, opts.documents).catch(async (err: unknown) => {
      await opts.sentLog.release(n.idempotencyKey).catch(() => undefined);
      throw err;
    });
    const links = satisfactionLinks(opts.publicUrl, opts.linkSecret, n.caseId);
    const { subject, text, html } = renderNotification(n, { links, document: status, timeZone: opts.timeZone });
    try {
      await transport.sendMail({
        from: opts.from,
        to: n.to,
        ...(opts.replyTo ? { replyTo: opts.replyTo } : {}),
        subject,
        text,
        html,
        messageId,
        references: caseThreadId(n.caseId),
        attachments,
        headers: { 'Content-Language': n.locale, 'Auto-Submitted': 'auto-generated', 'X-Loop-Case': n.caseId, 'X-Loop-Notification': n.kind },
      });
    } catch (err) {
      if (certainlyNotSent(err)) await opts.sentLog.release(n.idempotencyKey).catch(() => undefined);
      throw smtpPortError(err);
    }
    sentHere.add(n.idempotencyKey);
    // THE GAP: the server has the message; until the next statement commits, a crash leaves the claim SENDING.
    try {
      await opts.sentLog.markSent(n.idempotencyKey);
    } catch (err) {
      // The message is out: failing now would make the activity send it again.
      log(`sent ${messageId} but could not mark it sent (after the claim's lease another worker may send it again): ${(err as Error).message}`);
    }
    return { messageId };
  }

  return {
    send(n) {
      const messageId = notificationMessageId(n);
      const running = inFlight.get(n.idempotencyKey);
      if (running) return running;
      const sending = deliver(n, messageId).finally(() => inFlight.delete(n.idempotencyKey));
      inFlight.set(n.idempotencyKey, sending);
      return sending;
    },
  };
}

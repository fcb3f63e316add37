import { createHash } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import express, { type Router } from 'express';
import { z } from 'zod';
import { ErrorType } from '../domain/errors';
import { workflowIdFor } from '../domain/ids';
import type { Money } from '../domain/money';
import type { CasePolicy, CaseState, Category, Customer, DisputeReport, DisputeStatus, ProcessorName } from '../domain/vocabulary';
import { chatIntakeSchema, customerTextOf, onlyCardNumbers } from '../intake/chat';
import { InboundParseJsonSchema, parseInboundEmail, type InboundEmail } from '../intake/email';
import { extractFromMessage } from '../intake/extract';
import { isCaseCustomer } from '../intake/sender';
import { caseStateQuery, customerMessageSignal, type CustomerMessage, type ReportAck } from '../workflows/resolve-discrepancy';
import './auth'; // req.principal, set by the credential check the router is mounted behind
import { openCase } from './cases';
import { readWithin, writeWithin } from './deadlines';
import { jsonBody, requireJsonBody } from './json-body';
import { Problem, invalidInput } from './problems';
import { IdempotencyKeySchema } from './schemas';

export interface IntakeDeps {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
  /** `false`: cases opened here write no case record (CASE_RECORDS=off). */
  caseRecords?: boolean;
  /** Where people reach the API and the console (PUBLIC_URL): the links in a case's details in the Temporal UI. */
  publicUrl?: string;
  /** Processors this deployment accepts; the first one carries cases no reference could be found for. */
  processors: readonly ProcessorName[];
  log?: (msg: string, err?: unknown) => void;
}

const DESCRIPTION_MAX = 5000;

/** What a message brought, in the words of one intake channel. */
interface Incoming {
  channel: 'email' | 'chat';
  customer: Customer;
  replyToCaseId: string | null;
  transaction: DisputeReport['transaction'] | null;
  category: Category;
  description: string;
  /** The new text for a case it joins (a reply without its quoted history). */
  message: string;
  expectedAmount: Money | null;
  idempotencyKey: string;
  /** Stable per message: names the untied case of a message with no reference. */
  fingerprint: string;
}

export interface IntakeAnswer {
  disputeId: string;
  status: DisputeStatus;
  duplicate: boolean;
  /** The message joined an open case of its sender's as information (a reply, a chat naming its case, or another message about its transaction). */
  joined: boolean;
  cardNumberRemoved: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function cap(text: string): string {
  const trimmed = text.trim() || '(the message has no text)';
  return trimmed.length > DESCRIPTION_MAX ? `${trimmed.slice(0, DESCRIPTION_MAX - 1)}…` : trimmed;
}

/** The case key of a customer known only by address (intake by e-mail names no account). */
function customerIdForAddress(address: string): string {
  const id = `email:${address}`;
  return id.length <= 64 ? id : `email:${sha256(address).slice(0, 32)}`;
}

const EmailAddress = z.email().max(254);

function emailIdempotencyKey(email: InboundEmail, fingerprint: string): string {
  const id = email.messageId;
  return id && /^[\x21-\x7e]{1,240}$/.test(id) ? `email:${id}` : `email:sha256:${fingerprint.slice(0, 48)}`;
}

/**
 * Intake by e-mail (`POST /email`: raw RFC 822 or inbound-parse JSON) and by chat (`POST /chat`).
 * A message naming a transaction opens or joins that transaction's case; a reply to a case (or a
 * chat naming one) joins it as information, but only when its sender is the case's customer (else
 * it counts as naming no case); anything else still opens a case that asks the customer for the
 * reference. Mount behind authentication and before any app-wide JSON parser.
 */
export function createIntakeRouter({ client, taskQueue, policy, caseRecords, publicUrl, processors, log = console.error }: IntakeDeps): Router {
  if (processors.length === 0) throw new Error('intake needs at least one accepted processor');
  const router = express.Router();
  const ChatSchema = chatIntakeSchema(processors);

  /** A case's state when the sender is its customer; null when it is someone else's, has no known customer yet, or cannot be read. */
  async function stateForSender(handle: WorkflowHandle, caseId: string, incoming: Incoming): Promise<CaseState | null> {
    const state = await readWithin(client, () => handle.query(caseStateQuery)).catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) log(`intake: could not read case ${caseId}; the message does not join it`, err);
      return null;
    });
    return state && isCaseCustomer(state.customer, incoming) ? state : null;
  }

  function customerMessage(incoming: Incoming, transactionId?: string): CustomerMessage {
    return {
      message: cap(incoming.message),
      ...(transactionId ? { transactionId } : {}),
      channel: incoming.channel,
      receivedAt: new Date().toISOString(),
      messageId: incoming.idempotencyKey,
    };
  }

  /**
   * Joins the named case when the sender is its customer: an open one as information; for a closed
   * one, says which transaction to report again. Anyone else's message is treated as naming no case.
   */
  async function joinCase(caseId: string, incoming: Incoming): Promise<{ status: DisputeStatus } | { transaction: DisputeReport['transaction'] | null }> {
    const handle = client.workflow.getHandle(workflowIdFor(caseId));
    const described = await readWithin(client, () => handle.describe()).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
    // A case number is no proof of identity: it is in every notification, and can be guessed or forwarded.
    const state = described && (await stateForSender(handle, caseId, incoming));
    if (!described || !state) return { transaction: null };
    if (described.status.name === 'RUNNING') {
      try {
        await writeWithin(client, () => handle.signal(customerMessageSignal, customerMessage(incoming, incoming.transaction?.id)));
        return { status: state.status };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // closed since: report again on its transaction
      }
    }
    return { transaction: state.report.transaction };
  }

  /**
   * A new message about a transaction whose case is open: its customer's text joins the case (a
   * redelivered opening message adds nothing); anyone else's stays out of it, and their answer
   * tells them nothing of the case (status RECEIVED whatever the case's).
   */
  async function reportedAgain(ack: ReportAck, incoming: Incoming, description: string): Promise<Omit<IntakeAnswer, 'cardNumberRemoved'>> {
    const handle = client.workflow.getHandle(workflowIdFor(ack.caseId));
    const state = await stateForSender(handle, ack.caseId, incoming);
    if (!state) return { disputeId: ack.caseId, status: 'RECEIVED', duplicate: true, joined: false };
    // The opening message delivered again (its key is not a customer-message id yet): its text already is the case's report.
    if (state.report.description === description) return { disputeId: ack.caseId, status: ack.status, duplicate: true, joined: false };
    try {
      await writeWithin(client, () => handle.signal(customerMessageSignal, customerMessage(incoming)));
      return { disputeId: ack.caseId, status: state.status, duplicate: true, joined: true };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      return { disputeId: ack.caseId, status: ack.status, duplicate: true, joined: false };
    }
  }

  /** `reportedBy`: the intake service's principal: the case remembers it with the customer, so it may read the case back. */
  async function receive(incoming: Incoming, reportedBy: string | undefined): Promise<Omit<IntakeAnswer, 'cardNumberRemoved'>> {
    let transaction = incoming.transaction;
    if (incoming.replyToCaseId) {
      const joined = await joinCase(incoming.replyToCaseId, incoming);
      if ('status' in joined) return { disputeId: incoming.replyToCaseId, status: joined.status, duplicate: false, joined: true };
      transaction = joined.transaction ?? transaction;
    }
    // Untied: the processor knows no such reference, so the case finds nothing and asks the customer.
    transaction ??= { processor: processors[0]!, id: `UNMATCHED-${incoming.fingerprint.slice(0, 16)}` };
    const report: DisputeReport = {
      customer: incoming.customer,
      channel: incoming.channel,
      category: incoming.category,
      transaction,
      description: cap(incoming.description),
      ...(incoming.expectedAmount ? { expectedAmount: incoming.expectedAmount } : {}),
    };
    const ack = await openCase({ client, taskQueue, policy, ...(caseRecords === false ? { records: false } : {}), ...(publicUrl ? { publicUrl } : {}) }, report, { idempotencyKey: incoming.idempotencyKey, reportedBy });
    if (ack.duplicate) return reportedAgain(ack, incoming, report.description);
    return { disputeId: ack.caseId, status: ack.status, duplicate: false, joined: false };
  }

  router.post(
    '/email',
    express.raw({ type: 'message/rfc822', limit: '2mb' }),
    jsonBody({ limit: '2mb' }),
    async (req, res) => {
      let email: InboundEmail;
      if (Buffer.isBuffer(req.body) && req.body.length > 0) {
        email = await parseInboundEmail(req.body);
      } else if (req.is(['application/json', 'application/*+json']) && req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
        const parsed = InboundParseJsonSchema.safeParse(req.body);
        if (!parsed.success) throw invalidInput(parsed.error);
        email = await parseInboundEmail(parsed.data);
      } else {
        throw new Problem(ErrorType.INVALID_INPUT, 'Send the e-mail as a raw message (Content-Type: message/rfc822) or as inbound-parse JSON.', [
          { field: 'header:content-type', reason: 'must be message/rfc822 or application/json, with a body' },
        ]);
      }
      if (!email.from || !EmailAddress.safeParse(email.from.address).success) {
        throw new Problem(ErrorType.INVALID_INPUT, 'The e-mail has no usable sender address; the case could not answer it.', [{ field: 'from', reason: 'must be the sender e-mail address' }]);
      }
      const x = extractFromMessage(email, processors);
      const fingerprint = sha256(email.messageId ?? `${email.from.address}\n${x.subject}\n${x.text}`);
      const answer = await receive({
        channel: 'email',
        customer: { id: customerIdForAddress(email.from.address), email: email.from.address, locale: x.locale },
        replyToCaseId: x.replyToCaseId,
        transaction: x.transaction,
        category: x.category,
        description: x.subject ? `${x.subject}\n\n${x.text}` : x.text,
        message: x.newText,
        expectedAmount: x.expectedAmount,
        idempotencyKey: emailIdempotencyKey(email, fingerprint),
        fingerprint,
      }, req.principal?.id);
      res.status(202).json({ ...answer, cardNumberRemoved: x.cardNumberRemoved });
    },
  );

  router.post('/chat', requireJsonBody(), jsonBody({ limit: '512kb' }), async (req, res) => {
    const parsed = ChatSchema.safeParse(req.body);
    if (!parsed.success) {
      const problem = invalidInput(parsed.error);
      if (!onlyCardNumbers(parsed.error)) throw problem;
      throw new Problem(ErrorType.CARD_NUMBER_REFUSED, 'The chat holds a full card number, which Loop never stores; ask the customer to remove it.', problem.errors);
    }
    const key = IdempotencyKeySchema.safeParse(req.header('Idempotency-Key'));
    if (!key.success) throw new Problem(ErrorType.INVALID_INPUT, 'The Idempotency-Key header is not valid.', [{ field: 'header:Idempotency-Key', reason: 'must be 1-255 visible ASCII characters' }]);
    const chat = parsed.data;
    const said = customerTextOf(chat);
    const x = extractFromMessage({ text: said }, processors);
    const fingerprint = sha256(JSON.stringify(chat));
    const answer = await receive({
      channel: 'chat',
      customer: chat.customer,
      replyToCaseId: chat.caseId ?? null,
      transaction: chat.report.transaction ?? x.transaction,
      category: chat.report.category ?? x.category,
      description: chat.report.orderReference ? `Order ${chat.report.orderReference}\n\n${said}` : said,
      message: said,
      expectedAmount: chat.report.expectedAmount ?? x.expectedAmount,
      idempotencyKey: key.data ?? `chat:${fingerprint.slice(0, 48)}`,
      fingerprint,
    }, req.principal?.id);
    res.status(202).json({ ...answer, cardNumberRemoved: false });
  });

  return router;
}

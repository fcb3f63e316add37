import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createDocumentActivities } from '../../activities/document';
import { createNotificationActivities } from '../../activities/notification';
import { PortError, type DocumentFormat, type DocumentRef, type DocumentStore, type Notification } from '../../activities/ports';
import { createSmtpNotifications, type SmtpNotificationsOptions } from '../../adapters/smtp/notifications';
import { createMemorySentLog, type SentLog } from '../../adapters/smtp/sent-log';
import { startMailCatcher, type MailCatcher } from '../../tooling/mail-catcher';
import { explanation, resolvedCase } from '../documents/cases';
import { transaction } from '../domain/fixtures';
import { pdfText } from '../support/pdf-text';

const caseId = 'DSP-7K3M9QX2RA';
const MESSAGE_ID = new RegExp(`^<${caseId}\\.[A-Z_]+\\.[0-9a-f]{16}@loop-disputes>$`);
const PDF = Buffer.from('%PDF-1.4\n% a tiny stand-in for the resolution document\n%%EOF\n');
const JSON_RECORD = Buffer.from(JSON.stringify({ caseId, decision: 'REFUND' }));

/** A document store in memory, holding what the test puts in it. */
function memoryDocuments(): DocumentStore & { failReads?: boolean } {
  const docs = new Map<string, Record<DocumentFormat, Uint8Array>>();
  const store: DocumentStore & { failReads?: boolean } = {
    async save(ref, content) {
      docs.set(`${ref.caseId}/${ref.documentId}`, content);
    },
    async read(ref, format) {
      if (store.failReads) throw new Error('disk unavailable');
      return docs.get(`${ref.caseId}/${ref.documentId}`)?.[format] ?? null;
    },
    async latest() {
      return null;
    },
  };
  return store;
}

let n = 0;
function notification(over: Partial<Notification> = {}): Notification {
  n += 1;
  return {
    caseId,
    kind: 'ACKNOWLEDGEMENT',
    to: 'claire@example.com',
    locale: 'en',
    facts: { caseId },
    idempotencyKey: `dispute-${caseId}/run-1/ACK-${n}`,
    ...over,
  };
}

async function listen(server: Server | SMTPServer): Promise<string> {
  const net = server instanceof SMTPServer ? server.server : server;
  await new Promise<void>((ok) => net.listen(0, '127.0.0.1', ok));
  return `smtp://127.0.0.1:${(net.address() as AddressInfo).port}`;
}

describe('customer e-mails over SMTP', () => {
  let catcher: MailCatcher;
  let documents: ReturnType<typeof memoryDocuments>;
  const adapter = (over: Partial<SmtpNotificationsOptions> = {}) =>
    createSmtpNotifications({
      smtpUrl: catcher.smtpUrl,
      from: 'Loop support <support@loop.tech>',
      replyTo: 'support@loop.tech',
      publicUrl: 'http://localhost:3000',
      linkSecret: 'test-secret',
      documents,
      sentLog: createMemorySentLog(),
      log: () => undefined,
      ...over,
    });
  const copiesOf = (messageId: string) => catcher.messages().filter((m) => m.messageId === messageId);

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  });
  afterAll(() => catcher.close());
  beforeEach(() => {
    documents = memoryDocuments();
  });

  it('delivers a French resolution with the stored document attached and a Message-ID that starts with the case number', async () => {
    const ref: DocumentRef = { caseId, documentId: 'resolution-1' };
    await documents.save(ref, { pdf: PDF, json: JSON_RECORD });
    const facts = { caseId, action: 'REFUND', amountMinor: '1234', currency: 'EUR', reference: 're_42' };
    const { messageId } = await adapter().send(notification({ kind: 'RESOLUTION', locale: 'fr', facts, document: ref }));

    expect(messageId).toMatch(MESSAGE_ID);
    expect(messageId).toContain('.RESOLUTION.');
    const mail = await catcher.waitFor((m) => m.messageId === messageId, 5000);
    expect(mail.envelope.to).toEqual(['claire@example.com']);
    expect(mail.subject).toBe(`Dossier ${caseId} – votre remboursement`);
    expect(mail.language).toBe('fr');
    expect(mail.caseId).toBe(caseId);
    expect(mail.text).toContain('12,34\u00a0€');
    expect(mail.text).toContain('est joint à cet e-mail');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.headers).toContainEqual(['Reply-To', 'support@loop.tech']);
    expect(mail.headers.find(([name]) => name === 'References')?.[1]).toBe(`<${caseId}@loop-disputes>`);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${caseId}-resolution-1.pdf`, 'application/pdf'],
      [`${caseId}-resolution-1.json`, 'application/json'],
    ]);
    expect(mail.attachments[0]!.content.equals(PDF)).toBe(true);
    expect(JSON.parse(mail.attachments[1]!.content.toString('utf8'))).toEqual({ caseId, decision: 'REFUND' });
  });

  it('tells a French customer the processor inquiry was raised, with the answer date in Loop\'s time zone', async () => {
    const facts = { caseId, dueAt: '2026-03-17T23:30:00.000Z' };
    const paris = await adapter().send(notification({ kind: 'PROCESSOR_INQUIRY', locale: 'fr', facts }));
    const mail = await catcher.waitFor((m) => m.messageId === paris.messageId, 5000);
    expect(mail.subject).toBe(`Dossier ${caseId} – nous avons saisi notre prestataire de paiement`);
    expect(mail.text).toContain('attendons sa réponse avant le 18 mars 2026');
    const utc = await adapter({ timeZone: 'UTC' }).send(notification({ kind: 'PROCESSOR_INQUIRY', locale: 'fr', facts }));
    expect((await catcher.waitFor((m) => m.messageId === utc.messageId, 5000)).text).toContain('avant le 17 mars 2026');
  });

  it('attaches the French document of a case closed with an explanation, its times in Paris', async () => {
    const { state, resolution } = resolvedCase({
      locale: 'fr',
      category: 'REFUND_NOT_RECEIVED',
      tx: transaction([4999], [{ amount: 4999 }]),
      decision: explanation,
      resolvedAt: '2026-03-11T23:30:00.000Z',
    });
    const { documentResolution } = createDocumentActivities({ documents });
    const ref = await documentResolution({ state, resolution, generatedAt: '2026-03-11T23:30:00.000Z', caseRunId: 'run-1' });
    const facts = { caseId, action: 'EXPLAIN', rule: 'REFUND_SETTLED_NOT_SEEN', refundReferences: 're_0', findings: state.assessment!.reasons.join(' ') };
    const { messageId } = await adapter().send(notification({ kind: 'RESOLUTION', locale: 'fr', facts, document: ref }));
    const mail = await catcher.waitFor((m) => m.messageId === messageId, 5000);
    expect(mail.subject).toBe(`Dossier ${caseId} – notre explication`);
    expect(mail.text).toContain('votre remboursement re_0 a déjà été versé à votre banque');
    expect(mail.text).not.toContain('The processor settled');
    const { text } = await pdfText(mail.attachments[0]!.content);
    expect(text).toContain('Document établi le 12 mars 2026 à 00:30');
    expect(text).toContain('Décidé par : Un conseiller');
    expect(text).not.toMatch(/agent_7|REFUND_SETTLED_NOT_SEEN|en anglais/);
  });

  it('delivers an English acknowledgement in English', async () => {
    const { messageId } = await adapter().send(notification({ locale: 'en' }));
    const mail = await catcher.waitFor((m) => m.messageId === messageId, 5000);
    expect(mail.subject).toBe(`Case ${caseId} – we have received your report`);
    expect(mail.language).toBe('en');
    expect(mail.kind).toBe('ACKNOWLEDGEMENT');
    expect(mail.attachments).toEqual([]);
  });

  it('sends the resolution without the document, and says so, when the document is not in the store', async () => {
    const { messageId } = await adapter().send(notification({ kind: 'RESOLUTION', facts: { caseId, action: 'DENY' }, document: { caseId, documentId: 'resolution-9' } }));
    const mail = await catcher.waitFor((m) => m.messageId === messageId, 5000);
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain('could not be attached');
  });

  it('retries later (and sends nothing) while the document store cannot be read', async () => {
    documents.failReads = true;
    const before = catcher.messages().length;
    const sent = adapter().send(notification({ kind: 'RESOLUTION', facts: { caseId, action: 'DENY' }, document: { caseId, documentId: 'resolution-1' } }));
    await expect(sent).rejects.toMatchObject({ type: 'UNAVAILABLE', retryable: true });
    expect(catcher.messages()).toHaveLength(before);
  });

  it('sends one copy for an idempotency key, however often the step is retried', async () => {
    const port = adapter();
    const once = notification();
    const first = await port.send(once);
    const again = await port.send(once);
    const concurrent = await Promise.all([port.send(notification({ idempotencyKey: 'k-concurrent' })), port.send(notification({ idempotencyKey: 'k-concurrent' }))]);
    expect(again).toEqual(first);
    expect(copiesOf(first.messageId)).toHaveLength(1);
    expect(concurrent[0]).toEqual(concurrent[1]);
    expect(copiesOf(concurrent[0].messageId)).toHaveLength(1);
  });

  it('sends one copy when the sent log fails right after the SMTP send and the step is retried', async () => {
    const log = createMemorySentLog();
    let failures = 0;
    const failingOnce: SentLog = {
      ...log,
      markSent: async (key) => {
        if (failures++ === 0) throw new Error('database unreachable');
        return log.markSent(key);
      },
    };
    const port = adapter({ sentLog: failingOnce });
    const message = notification({ kind: 'CLOSURE', facts: { caseId, outcome: 'SATISFIED' } });
    const first = await port.send(message);
    const retried = await port.send(message);
    expect(retried).toEqual(first);
    expect(copiesOf(first.messageId)).toHaveLength(1);
  });

  it('sends again, under the same Message-ID, when a worker died after the 250 and before marking it sent (the documented gap)', async () => {
    // Each new adapter is a new worker taking over the claim whose lease ran out; the "sent" write never lands.
    const lost: SentLog = { claim: async () => ({ state: 'claimed' }), markSent: async () => Promise.reject(new Error('killed')), release: async () => undefined };
    const message = notification({ kind: 'SATISFACTION_QUESTION' });
    const { messageId } = await adapter({ sentLog: lost }).send(message);
    await adapter({ sentLog: lost }).send(message);
    // Two copies a receiving server or mail client can tell are the same message.
    expect(copiesOf(messageId)).toHaveLength(2);
  });

  it('gives each step of a case its own Message-ID', async () => {
    const port = adapter();
    const a = await port.send(notification({ idempotencyKey: `dispute-${caseId}/run-1/INFORMATION_REQUEST-0.0`, kind: 'INFORMATION_REQUEST', facts: { caseId, question: 'Which order?' } }));
    const b = await port.send(notification({ idempotencyKey: `dispute-${caseId}/run-1/INFORMATION_REQUEST-1.1`, kind: 'INFORMATION_REQUEST', facts: { caseId, question: 'Which card?' } }));
    expect(a.messageId).not.toBe(b.messageId);
    expect(copiesOf(a.messageId)).toHaveLength(1);
    expect(copiesOf(b.messageId)).toHaveLength(1);
  });
});

describe('SMTP failures', () => {
  const servers: { close(cb: () => void): void }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  });
  const port = (smtpUrl: string, sentLog: SentLog = createMemorySentLog()) =>
    createSmtpNotifications({ smtpUrl, from: 'support@loop.tech', publicUrl: 'http://localhost:3000', linkSecret: 's', sentLog, timeoutMs: 1000, log: () => undefined });

  /** An SMTP server that answers every RCPT TO with `code`. */
  async function refusing(code: number, message: string): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onRcptTo(_address, _session, done) {
        done(Object.assign(new Error(message), { responseCode: code }));
      },
    });
    servers.push(server);
    return listen(server);
  }

  it('reports a mail server that is down as a retryable fault', async () => {
    const probe = createServer();
    const url = await listen(probe);
    await new Promise<void>((ok) => probe.close(() => ok()));
    const error = await port(url).send(notification()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortError);
    expect(error).toMatchObject({ type: 'UNAVAILABLE', retryable: true });
  });

  it('reports a mail server that never greets as a retryable fault after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    const url = await listen(silent);
    servers.push({ close: (cb) => (sockets.forEach((s) => s.destroy()), silent.close(cb)) });
    const started = Date.now();
    await expect(port(url).send(notification())).rejects.toMatchObject({ type: 'UNAVAILABLE', retryable: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports a 4xx answer ("try later") as a retryable fault', async () => {
    const url = await refusing(451, 'Greylisted, try again later');
    await expect(port(url).send(notification())).rejects.toMatchObject({ type: 'UNAVAILABLE', retryable: true });
  });

  it('reports a 5xx rejection as NOTIFICATION_REFUSED, not retryable, and records nothing as sent', async () => {
    const url = await refusing(550, '5.1.1 <claire@example.com>: Recipient address rejected');
    const sentLog = createMemorySentLog();
    const message = notification();
    const error = await port(url, sentLog).send(message).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'NOTIFICATION_REFUSED', retryable: false });
    expect((error as Error).message).toContain('550');
    // The message goes to logs and the case timeline: the server's quote of the address does not.
    expect((error as Error).message).toContain('Recipient address rejected');
    expect((error as Error).message).not.toContain('claire@example.com');
    // The claim was released: the next attempt may send (nothing is marked sent).
    expect(await sentLog.claim(message.idempotencyKey, { messageId: '<m@x>', caseId, kind: 'ACKNOWLEDGEMENT' })).toEqual({ state: 'claimed' });
  });

  it('makes the notification activity fail for good on a 5xx rejection', async () => {
    const url = await refusing(550, 'No such user here');
    const { notifyCustomer } = createNotificationActivities({ notifications: port(url) });
    await expect(notifyCustomer(notification())).rejects.toMatchObject({ type: 'NOTIFICATION_REFUSED', nonRetryable: true });
  });
});

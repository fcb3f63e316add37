import type { Notification, NotificationsPort } from '../../activities/ports';
import { createFileDocumentStore } from '../../adapters/documents/filesystem';
import { createSmtpNotifications } from '../../adapters/smtp/notifications';
import { createMemorySentLog } from '../../adapters/smtp/sent-log';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '../../tooling/mail-catcher';
import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { formatDate } from '../../documents/dates';
import { pdfText } from '../support/pdf-text';
import { useCaseSystem } from '../support/temporal';

/**
 * A case's e-mails, end to end: the worker sends through a real SMTP server (the mail catcher),
 * and every send first "loses its answer" once (the mail goes out, then the activity fails), so the
 * activity retries each step; the customer still gets exactly one copy of each.
 */
const TASK_QUEUE = 'customer-mail';
const LINK_SECRET = 'test-link-secret-0123456789abcdef0123';
const PUBLIC_URL = 'https://disputes.loop.test';
let catcher: MailCatcher;
const attempts = new Map<string, number>();

// Before useCaseSystem's own beforeAll, which builds the ports from these.
beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
});
afterAll(async () => {
  await catcher?.close();
});

/** Sends for real, then fails the first attempt of each step as if the SMTP answer had been lost. */
function losingFirstAnswers(port: NotificationsPort): NotificationsPort {
  return {
    async send(n: Notification) {
      const sent = await port.send(n);
      const tries = (attempts.get(n.idempotencyKey) ?? 0) + 1;
      attempts.set(n.idempotencyKey, tries);
      if (tries === 1) throw new Error('connection reset after DATA (simulated lost answer)');
      return sent;
    },
  };
}

const system = useCaseSystem('dev', TASK_QUEUE, (sandbox) => {
  const documents = createFileDocumentStore(sandbox.documentsDir);
  const smtp = createSmtpNotifications({ smtpUrl: catcher.smtpUrl, from: 'Loop support <support@loop.tech>', publicUrl: PUBLIC_URL, linkSecret: LINK_SECRET, documents, sentLog: createMemorySentLog() });
  return { ...sandbox.ports, notifications: losingFirstAnswers(smtp) };
});

const mailOf = (caseId: string, kind: string) => catcher.messages().filter((m) => m.caseId === caseId && m.kind === kind);
const waitForMail = (caseId: string, kind: string): Promise<CaughtMessage> => catcher.waitFor((m) => m.caseId === caseId && m.kind === kind, 30_000);

test('the customer gets each e-mail once in French, the resolution with its PDF, and answers the follow-up from the link', async () => {
  const policy = { ...AGENT_ONLY_POLICY, followUpDelayMs: 1_000 };
  const api = apiOver(system.env, TASK_QUEUE, policy, { documents: createFileDocumentStore(system.sandbox.documentsDir), answerLinkSecret: LINK_SECRET });
  const tx = system.sandbox.charge({ captureCount: 2 });
  const opened = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).expect(202);
  const id: string = opened.body.disputeId;

  const ack = await waitForMail(id, 'ACKNOWLEDGEMENT');
  expect(ack.to).toContain('ada@example.com');
  expect(ack.language).toBe('fr');
  expect(ack.subject).toContain(id);
  expect(ack.text).toContain('Nous avons ouvert le dossier');

  await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
  await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture' }).expect(200);

  const resolution = await waitForMail(id, 'RESOLUTION');
  expect(resolution.text).toContain('49,99');
  const pdf = resolution.attachments.find((a) => a.contentType === 'application/pdf');
  expect(pdf).toBeDefined();
  const { text } = await pdfText(pdf!.content);
  expect(text).toContain(id);
  expect(text).toContain('49,99');
  // The customer reads who decided as a role, never an agent's id.
  expect(text).toContain('Un conseiller');
  expect(text).not.toContain('agent_7');

  const question = await waitForMail(id, 'SATISFACTION_QUESTION');
  // A follow-up delay of a second: the question names the resolution's date, not "a few days ago".
  const resolvedAt: string = (await api.as('agent').get(`/v1/disputes/${id}`)).body.resolution.resolvedAt;
  expect(question.text).toContain(`a été résolu le ${formatDate(resolvedAt, 'fr')}.`);
  expect(question.text).not.toContain('quelques jours');
  const link = question.text.match(/https:\/\/disputes\.loop\.test\S*satisfied=true\S*/)?.[0];
  expect(link).toBeDefined();
  const path = link!.replace(PUBLIC_URL, '');
  // Opening the link (as a mail scanner would) records nothing; the button does.
  const form = await api.http.get(path).expect(200);
  expect(form.text).toContain('Êtes-vous satisfait');
  expect((await api.as('agent').get(`/v1/disputes/${id}`)).body.status).toBe('FOLLOW_UP');
  const token = new URL(link!).searchParams.get('token')!;
  await api.http.post(path.split('?')[0]!).type('form').send({ token: 'forged', satisfied: 'true' }).expect(404);
  const thanks = await api.http.post(path.split('?')[0]!).type('form').send({ token, satisfied: 'true', comment: 'Merci' }).expect(200);
  expect(thanks.text).toContain('Merci : votre réponse est enregistrée.');
  await waitForStatus(api.as('agent'), id, 'CLOSED');
  await waitForMail(id, 'CLOSURE');

  // Every step was attempted twice (the first answer "lost"), and each arrived once.
  for (const kind of ['ACKNOWLEDGEMENT', 'RESOLUTION', 'SATISFACTION_QUESTION', 'CLOSURE']) expect(mailOf(id, kind)).toHaveLength(1);
  expect([...attempts.values()].every((n) => n >= 2)).toBe(true);

  // Opening either link again says what was answered, and when, in French; no form, nothing recorded.
  const answeredAt = new Date((await api.as('agent').get(`/v1/disputes/${id}`)).body.satisfaction.answeredAt);
  // Named as the resolution document names it, never "UTC+1".
  const when = `${formatDate(answeredAt.toISOString(), 'fr', { withTime: true })}, heure d’Europe centrale`;
  for (const again of [path, path.replace('satisfied=true', 'satisfied=false')]) {
    const answered = await api.http.get(again).expect(200);
    expect(answered.text).toContain(`Vous avez déjà répondu : vous êtes satisfait (${when}).`);
    expect(answered.text).not.toContain('<form');
  }
  const twice = await api.http.post(path.split('?')[0]!).type('form').send({ token, satisfied: 'false' }).expect(409);
  expect(twice.text).toContain('Vous avez déjà répondu : vous êtes satisfait');
  expect((await api.as('agent').get(`/v1/disputes/${id}`)).body).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED' });
});

test('a customer who answered "not satisfied" and opens the link again reads that answer in English, not the form', async () => {
  const policy = { ...AGENT_ONLY_POLICY, followUpDelayMs: 1_000 };
  const api = apiOver(system.env, TASK_QUEUE, policy, { documents: createFileDocumentStore(system.sandbox.documentsDir), answerLinkSecret: LINK_SECRET });
  const tx = system.sandbox.charge({ captureCount: 2 });
  const body = reportBody(tx.id, { customer: { id: 'cus_ada', email: 'ada@example.com', locale: 'en' } });
  const id: string = (await api.as('website').post('/v1/disputes').send(body).expect(202)).body.disputeId;
  await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
  await api.as('agent').post(`/v1/disputes/${id}/decision`).send({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture' }).expect(200);

  const question = await waitForMail(id, 'SATISFACTION_QUESTION');
  const link = question.text.match(/https:\/\/disputes\.loop\.test\S*satisfied=false\S*/)![0];
  const path = link.replace(PUBLIC_URL, '');
  const token = new URL(link).searchParams.get('token')!;
  expect((await api.http.get(path).expect(200)).text).toContain('Are you satisfied');
  await api.http.post(path.split('?')[0]!).type('form').send({ token, satisfied: 'false', comment: 'Still missing' }).expect(200);
  await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');

  const answeredAt = (await api.as('agent').get(`/v1/disputes/${id}`)).body.timeline.find((t: { event: string }) => t.event === 'SATISFACTION_ANSWERED').at;
  const when = `${formatDate(answeredAt, 'en', { withTime: true })}, Central European Time`;
  const answered = await api.http.get(path).expect(200);
  expect(answered.text).toContain(`You have already answered: you are not satisfied (${when}); your case was reopened.`);
  expect(answered.text).not.toContain('<form');
  expect(answered.text).toContain('<html lang="en">');
});

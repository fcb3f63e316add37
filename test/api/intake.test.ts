import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { caseIdFor } from '../../api/case-id';
import { createIntakeRouter } from '../../api/intake';
import { problemMiddleware } from '../../api/problems';
import { workflowIdFor } from '../../domain/ids';
import type { CaseState } from '../../domain/vocabulary';
import { caseStateQuery, customerMessageSignal, withdrawalUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'intake-dev-server';
const system = useCaseSystem('dev', TASK_QUEUE);
const logged: unknown[] = [];
let http: ReturnType<typeof request>;

beforeAll(() => {
  const log = (_msg: string, err?: unknown) => logged.push(err);
  const router = createIntakeRouter({ client: system.env.client, taskQueue: TASK_QUEUE, policy: AGENT_ONLY_POLICY, processors: ['sandbox'], log });
  http = request(express().use('/v1/intake', router).use(problemMiddleware(log)));
});

afterEach(() => {
  // No request in this file may end in a 500, nor fall back on a logged error.
  expect(logged).toEqual([]);
});

/** A fixture's raw bytes with some of its text replaced (references the test's sandbox knows). */
function eml(name: string, replace: Record<string, string> = {}): Buffer {
  let raw = readFileSync(join(__dirname, '../fixtures/mail', name)).toString('latin1');
  for (const [from, to] of Object.entries(replace)) raw = raw.split(from).join(to);
  return Buffer.from(raw, 'latin1');
}

const postEmail = (raw: Buffer) => http.post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(raw);
const handleOf = (id: string) => system.env.client.workflow.getHandle(workflowIdFor(id));
const stateOf = (id: string): Promise<CaseState> => handleOf(id).query(caseStateQuery);
const STRIPE_REF = 'pi_3MtwBwLkdIwHu7ix28a3tqPa';

/** Opens a case by e-mail on a fresh duplicate charge; `messageId` tells deliveries apart. */
async function caseByEmail(messageId = `<${Math.random().toString(36).slice(2)}@mail.example.com>`) {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const raw = eml('plain-en-stripe.eml', { [STRIPE_REF]: tx.id, '<CAF8mZ2x1.plain.0001@mail.example.com>': messageId });
  const res = await postEmail(raw).expect(202);
  return { tx, raw, id: res.body.disputeId as string, body: res.body };
}

const STRANGER = 'Mallory <mallory@example.net>';
const messagesOf = (s: CaseState) => s.timeline.filter((t) => t.event === 'CUSTOMER_MESSAGE').map((t) => t.detail);

/** Our reply fixture for case `id`, from `from` (Ada by default), saying `text`, under its own Message-ID. */
function replyTo(id: string, { from, text, messageId }: { from?: string; text?: string; messageId?: string } = {}): Buffer {
  return eml('reply-thread.eml', {
    'DSP-37SBDBEFE5': id,
    '<CAF8mZ2x1.reply.0002@mail.example.com>': messageId ?? `<${Math.random().toString(36).slice(2)}@mail.example.com>`,
    ...(from ? { 'Ada Lovelace <ada@example.com>': from } : {}),
    ...(text ? { 'Here is the screenshot of my bank app: both payments are still there today.': text } : {}),
  });
}

/** Sends the case's own customer's reply and waits for it: every message sent before it has been applied by then. */
async function customerReplyLands(id: string, from?: string): Promise<CaseState> {
  const text = `Checking in (${Math.random().toString(36).slice(2)}).`;
  expect((await postEmail(replyTo(id, { text, ...(from ? { from } : {}) })).expect(202)).body).toMatchObject({ disputeId: id, joined: true });
  return waitForCase(handleOf(id), (s) => messagesOf(s).some((m) => m?.endsWith(text)), 10_000);
}

function chatBody(overrides: Record<string, unknown> = {}) {
  return {
    customer: { id: 'cus_zoe', email: 'zoe@example.fr', locale: 'fr' },
    transcript: [
      { from: 'bot', at: '2025-03-04T10:00:00Z', text: 'Bonjour ! Comment puis-je vous aider ?' },
      { from: 'customer', at: '2025-03-04T10:00:20Z', text: "J'ai été débité deux fois pour la même commande." },
    ],
    report: { category: 'DUPLICATE_CHARGE', orderReference: 'ord_k2j4h5g6', expectedAmount: { amountMinor: 4999, currency: 'EUR' } },
    ...overrides,
  };
}

/** Opens a case by chat (customer cus_zoe) on a fresh duplicate charge; answers its case number. */
async function caseByChat(): Promise<string> {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const res = await http.post('/v1/intake/chat').send(chatBody({ report: { ...chatBody().report, transaction: { processor: 'sandbox', id: tx.id } } })).expect(202);
  return res.body.disputeId as string;
}

function expectProblem(res: request.Response, status: number, code: string, fields: string[]) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
}

describe('intake by e-mail', () => {
  test("an e-mail naming a transaction opens that transaction's case, from the sender, in the mail's language", async () => {
    const { tx, id, body } = await caseByEmail();
    expect(body).toEqual({ disputeId: caseIdFor('sandbox', tx.id), status: 'RECEIVED', duplicate: false, joined: false, cardNumberRemoved: false });
    const state = await waitForCase(handleOf(id), 'AWAITING_DECISION');
    expect(state.report).toMatchObject({
      channel: 'email',
      category: 'DUPLICATE_CHARGE',
      customer: { id: 'email:ada@example.com', email: 'ada@example.com', locale: 'en' },
      transaction: { processor: 'sandbox', id: tx.id },
    });
    expect(state.report.description).toMatch(/^Charged twice for my order\n\nHello,\n\nI was charged twice/);
    expect(state.findings?.transaction?.captures).toHaveLength(2);
  });

  test('the same e-mail delivered twice (same Message-ID) lands once; another e-mail about it joins the same case', async () => {
    const { raw, id } = await caseByEmail('<redelivered-1@mail.example.com>');
    const again = await postEmail(raw).expect(202);
    expect(again.body).toMatchObject({ disputeId: id, duplicate: true, joined: false });
    expect((await stateOf(id)).duplicateReports).toBe(0);

    const other = await postEmail(Buffer.from(raw.toString('latin1').replace('<redelivered-1@', '<redelivered-2@'), 'latin1')).expect(202);
    expect(other.body).toMatchObject({ disputeId: id, duplicate: true });
    expect((await stateOf(id)).duplicateReports).toBe(1);
  });

  test('a French ISO-8859-15 quoted-printable e-mail keeps its accents and euro sign in the case', async () => {
    const tx = system.sandbox.charge();
    const res = await postEmail(eml('french-euro-latin9-qp.eml', { tx_0f3c9a1b2d4e5f6a7b8c: tx.id })).expect(202);
    expect(res.body.disputeId).toBe(caseIdFor('sandbox', tx.id));
    const { report } = await stateOf(res.body.disputeId);
    expect(report).toMatchObject({ category: 'REFUND_NOT_RECEIVED', customer: { locale: 'fr' } });
    expect(report.description).toContain("Remboursement pas reçu\n\nBonjour,\n\nJe n'ai toujours pas reçu le remboursement de 12,34 € promis");
  });

  test('inbound-parse JSON with only HTML opens the case with readable text', async () => {
    const tx = system.sandbox.charge();
    const res = await http
      .post('/v1/intake/email')
      .send({ from: 'Grace <grace@example.org>', subject: 'Wrong amount', html: `<p>I was charged the <b>wrong amount</b> for ${tx.id}.</p><p>Grace</p>`, headers: 'Message-ID: <json-1@example.org>\nContent-Language: en' })
      .expect(202);
    expect(res.body).toMatchObject({ disputeId: caseIdFor('sandbox', tx.id), joined: false });
    const { report } = await stateOf(res.body.disputeId);
    expect(report).toMatchObject({ category: 'AMOUNT_MISMATCH', customer: { email: 'grace@example.org', locale: 'en' } });
    expect(report.description).toBe(`Wrong amount\n\nI was charged the wrong amount for ${tx.id}.\n\nGrace`);
  });

  test('a full card number is removed before the case sees the mail, and the answer says so', async () => {
    const tx = system.sandbox.charge();
    const res = await postEmail(eml('card-number.eml', { pi_3OaBcDLkdIwHu7ix1QwErTyU: tx.id })).expect(202);
    expect(res.body).toMatchObject({ disputeId: caseIdFor('sandbox', tx.id), cardNumberRemoved: true });
    const state = await stateOf(res.body.disputeId);
    expect(state.report.description).toContain('Refund to card [card number removed, ending 1111] please');
    expect(state.report.description).toContain('to my card [card number removed, ending 1111], expiry');
    expect(JSON.stringify(state)).not.toMatch(/4111[ -]?1111/);
    expect(state.report.expectedAmount).toEqual({ amountMinor: 2000, currency: 'EUR' });
  });

  test('an e-mail naming nothing still opens a case, which asks the customer for the payment reference', async () => {
    const res = await postEmail(eml('nothing-identifiable.eml')).expect(202);
    const unmatched = `UNMATCHED-${createHash('sha256').update('<vague-1@example.com>').digest('hex').slice(0, 16)}`;
    expect(res.body).toEqual({ disputeId: caseIdFor('sandbox', unmatched), status: 'RECEIVED', duplicate: false, joined: false, cardNumberRemoved: false });
    const state = await waitForCase(handleOf(res.body.disputeId), 'AWAITING_CUSTOMER');
    expect(state.report).toMatchObject({ category: 'OTHER', transaction: { processor: 'sandbox', id: unmatched }, customer: { email: 'carol@example.com' } });
    expect(state.assessment?.liability).toBe('UNDETERMINED');
    expect(state.informationRequest?.question).toMatch(/payment reference/);
    // Delivered again, it is still the one case.
    expect((await postEmail(eml('nothing-identifiable.eml')).expect(202)).body).toMatchObject({ disputeId: res.body.disputeId, duplicate: true });
  });

  test('a reply to our notification joins its case as information (once, however often it is delivered)', async () => {
    const { id } = await caseByEmail();
    await waitForCase(handleOf(id), 'AWAITING_DECISION');
    const raw = eml('reply-thread.eml', { 'DSP-37SBDBEFE5': id });
    const reply = await postEmail(raw).expect(202);
    expect(reply.body).toEqual({ disputeId: id, status: 'AWAITING_DECISION', duplicate: false, joined: true, cardNumberRemoved: false });
    await postEmail(raw).expect(202);
    const messages = (s: CaseState) => s.timeline.filter((t) => t.event === 'CUSTOMER_MESSAGE');
    const state = await waitForCase(handleOf(id), (s) => messages(s).length > 0, 10_000);
    expect(messages(state)).toHaveLength(1);
    expect(messages(state)[0]!.detail).toBe('via email: Here is the screenshot of my bank app: both payments are still there today.');
    expect(JSON.stringify(state)).not.toContain('We received your report about a refund'); // the quoted history is not the message
    expect(state).toMatchObject({ status: 'AWAITING_DECISION', duplicateReports: 0 });
  });

  test('an untied case asking for the reference investigates again when the customer replies with it', async () => {
    const vague = eml('nothing-identifiable.eml', { '<vague-1@example.com>': '<vague-2@example.com>' });
    const opened = await postEmail(vague).expect(202);
    const id = opened.body.disputeId as string;
    await waitForCase(handleOf(id), 'AWAITING_CUSTOMER');
    const tx = system.sandbox.charge({ captureCount: 2 });
    const answer = replyTo(id, { from: 'Carol <carol@example.com>', text: `The reference is ${tx.id}.` });
    expect((await postEmail(answer).expect(202)).body).toMatchObject({ disputeId: id, joined: true, status: 'AWAITING_CUSTOMER' });
    const state = await waitForCase(handleOf(id), 'AWAITING_DECISION');
    expect(state.transactionId).toBe(tx.id);
    expect(state.findings?.transaction?.captures).toHaveLength(2);
  });

  test("the customer's reply to their closed case opens a new report on that case's transaction, under the same case number", async () => {
    const { tx, id } = await caseByEmail();
    const handle = handleOf(id);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(withdrawalUpdate, { args: [{ reason: 'sorted it out' }] });
    await handle.result();
    const reply = await postEmail(replyTo(id, { from: 'Ada <ADA@example.com>' })).expect(202);
    expect(reply.body).toMatchObject({ disputeId: id, status: 'RECEIVED', duplicate: false, joined: false });
    const reopened = await stateOf(id);
    expect(reopened.report).toMatchObject({ channel: 'email', transaction: { processor: 'sandbox', id: tx.id }, customer: { email: 'ada@example.com' } });
    expect(reopened.report.description).toContain('both payments are still there today');
  });

  test('a reply naming a case number nobody issued opens an untied case that asks the customer', async () => {
    const res = await postEmail(eml('reply-thread.eml', { 'DSP-37SBDBEFE5': 'DSP-0000000000' })).expect(202);
    expect(res.body).toMatchObject({ joined: false, duplicate: false });
    expect(res.body.disputeId).not.toBe('DSP-0000000000');
    await waitForCase(handleOf(res.body.disputeId), 'AWAITING_CUSTOMER');
  });

  test("a reply from another address to an open case leaves that case alone and opens the sender's own case", async () => {
    const { id } = await caseByEmail();
    const before = await waitForCase(handleOf(id), 'AWAITING_DECISION');
    const res = await postEmail(replyTo(id, { from: STRANGER, text: 'Please send the refund to my account instead.' })).expect(202);
    expect(res.body).toMatchObject({ status: 'RECEIVED', duplicate: false, joined: false });
    expect(res.body.disputeId).not.toBe(id);
    const theirs = await stateOf(res.body.disputeId);
    expect(theirs.report).toMatchObject({ customer: { email: 'mallory@example.net' }, transaction: { id: expect.stringMatching(/^UNMATCHED-/) } });

    const after = await customerReplyLands(id);
    expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
    expect(after.timeline.slice(before.timeline.length).map((t) => t.event)).toEqual(['CUSTOMER_MESSAGE']);
    expect(JSON.stringify(after)).not.toMatch(/mallory|my account instead/);
    expect(after).toMatchObject({ status: 'AWAITING_DECISION', customer: before.customer, transactionId: before.transactionId, duplicateReports: 0 });
  });

  test("a reply from another address naming a reference is not the answer a waiting case asked its customer for", async () => {
    const opened = await postEmail(eml('nothing-identifiable.eml', { '<vague-1@example.com>': '<vague-3@example.com>' })).expect(202);
    const id = opened.body.disputeId as string;
    await waitForCase(handleOf(id), 'AWAITING_CUSTOMER');
    const theirTx = system.sandbox.charge();
    const res = await postEmail(replyTo(id, { from: STRANGER, text: `The reference is ${theirTx.id}.` })).expect(202);
    // The stranger's message is about the transaction it names, as the stranger's own report.
    expect(res.body).toMatchObject({ disputeId: caseIdFor('sandbox', theirTx.id), joined: false });
    expect((await stateOf(res.body.disputeId)).report.customer).toMatchObject({ email: 'mallory@example.net' });

    const carolsTx = system.sandbox.charge({ captureCount: 2 });
    await postEmail(replyTo(id, { from: 'Carol <carol@example.com>', text: `The reference is ${carolsTx.id}.` })).expect(202);
    const state = await waitForCase(handleOf(id), 'AWAITING_DECISION');
    expect(state.transactionId).toBe(carolsTx.id);
    expect(JSON.stringify(state)).not.toContain(theirTx.id);
  });

  test("a reply from another address to a closed case does not reopen the customer's transaction for the sender", async () => {
    const { tx, id } = await caseByEmail();
    const handle = handleOf(id);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(withdrawalUpdate, { args: [{ reason: 'sorted it out' }] });
    await handle.result();
    const closedRun = (await handle.describe()).runId;
    const res = await postEmail(replyTo(id, { from: STRANGER })).expect(202);
    expect(res.body).toMatchObject({ status: 'RECEIVED', duplicate: false, joined: false });
    expect(res.body.disputeId).not.toBe(id);
    const latest = await handle.describe();
    expect({ runId: latest.runId, status: latest.status.name }).toEqual({ runId: closedRun, status: 'COMPLETED' });
    const theirs = await stateOf(res.body.disputeId);
    expect(theirs.report).toMatchObject({ customer: { email: 'mallory@example.net' }, transaction: { id: expect.stringMatching(/^UNMATCHED-/) } });
    expect(JSON.stringify(theirs)).not.toContain(tx.id);
  });

  test('a reply to a case whose customer is not known yet (the processor opened it) does not join it', async () => {
    const tx = system.sandbox.charge();
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { customer: null, channel: 'processor' }), AGENT_ONLY_POLICY);
    const id = caseIdFor('sandbox', tx.id);
    await waitForCase(handle, (s) => s.status !== 'RECEIVED' && s.status !== 'INVESTIGATING');
    const res = await postEmail(replyTo(id, { text: 'This one is mine, refund me.' })).expect(202);
    expect(res.body).toMatchObject({ joined: false });
    expect(res.body.disputeId).not.toBe(id);
    await handle.signal(customerMessageSignal, { message: 'barrier', channel: 'email', receivedAt: new Date().toISOString(), messageId: 'barrier' });
    const state = await waitForCase(handle, (s) => s.customerMessageIds.includes('barrier'), 10_000);
    expect(state.customer).toBeNull();
    expect(JSON.stringify(state)).not.toContain('refund me');
  });

  test('a second e-mail from the customer about an open case adds its text to the case, once however often it is delivered', async () => {
    const { tx, id } = await caseByEmail();
    await waitForCase(handleOf(id), 'AWAITING_DECISION');
    const second = eml('second-report.eml', { [STRIPE_REF]: tx.id });
    const first = await postEmail(second).expect(202);
    expect(first.body).toEqual({ disputeId: id, status: 'AWAITING_DECISION', duplicate: true, joined: true, cardNumberRemoved: false });
    await postEmail(second).expect(202);
    const state = await customerReplyLands(id);
    const theirs = messagesOf(state).filter((m) => m?.includes('second payment'));
    expect(theirs).toEqual([`via email: Hello again,\n\nMy bank now says the second payment for ${tx.id} has\nsettled, so both are on my statement.\n\nAda`]);
    expect(state.duplicateReports).toBe(1);
  });

  test("an e-mail from another address about a transaction whose case is open stays out of that case and says nothing of it", async () => {
    const { tx, id } = await caseByEmail();
    await waitForCase(handleOf(id), 'AWAITING_DECISION');
    const res = await postEmail(eml('second-report.eml', { [STRIPE_REF]: tx.id, 'Ada Lovelace <ada@example.com>': STRANGER })).expect(202);
    expect(res.body).toEqual({ disputeId: id, status: 'RECEIVED', duplicate: true, joined: false, cardNumberRemoved: false });
    const state = await customerReplyLands(id);
    expect(messagesOf(state).some((m) => m?.includes('second payment'))).toBe(false);
    expect(state).toMatchObject({ duplicateReports: 1, customer: { email: 'ada@example.com' } });
  });

  test.each([
    ['no sender', () => http.post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(Buffer.from('Subject: hi\r\n\r\nhello')), ['from']],
    ['an empty raw body', () => http.post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(Buffer.alloc(0)), ['header:content-type']],
    ['plain text instead of a message', () => http.post('/v1/intake/email').set('Content-Type', 'text/plain').send('hello'), ['header:content-type']],
    ['JSON that does not parse', () => http.post('/v1/intake/email').set('Content-Type', 'application/json').send('{"from":'), ['(body)']],
    ['a JSON subject that is not text', () => http.post('/v1/intake/email').send({ from: 'a@b.co', subject: 42 }), ['subject']],
  ])('%s is a 400 problem naming the field', async (_what, send, fields) => {
    expectProblem(await send(), 400, 'INVALID_INPUT', fields);
  });

  test('a raw message over 2 MB is a 413 problem naming the limit', async () => {
    const res = await postEmail(Buffer.concat([Buffer.from('From: a@b.co\r\n\r\n'), Buffer.alloc(2 * 1024 * 1024 + 10, 'a')]));
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE', ['(body)']);
    expect(res.body.errors[0].reason).toBe(`is larger than ${2 * 1024 * 1024} bytes`);
  });
});

describe('intake by chat', () => {
  test("a chat naming a transaction opens its case with the customer's identity and report", async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const res = await http.post('/v1/intake/chat').send(chatBody({ report: { ...chatBody().report, transaction: { processor: 'sandbox', id: tx.id } } })).expect(202);
    expect(res.body).toEqual({ disputeId: caseIdFor('sandbox', tx.id), status: 'RECEIVED', duplicate: false, joined: false, cardNumberRemoved: false });
    const state = await waitForCase(handleOf(res.body.disputeId), 'AWAITING_DECISION');
    expect(state.report).toMatchObject({ channel: 'chat', category: 'DUPLICATE_CHARGE', customer: { id: 'cus_zoe', email: 'zoe@example.fr', locale: 'fr' }, expectedAmount: { amountMinor: 4999, currency: 'EUR' } });
    expect(state.report.description).toBe("Order ord_k2j4h5g6\n\nJ'ai été débité deux fois pour la même commande.");
  });

  test('a reference the customer typed in the chat is found when the report names none; a resent chat is the same case', async () => {
    const tx = system.sandbox.charge();
    const body = chatBody({ transcript: [{ from: 'customer', at: '2025-03-04T10:00:20Z', text: `Le paiement ${tx.id} n'est pas moi !` }], report: {} });
    const first = await http.post('/v1/intake/chat').send(body).expect(202);
    expect(first.body.disputeId).toBe(caseIdFor('sandbox', tx.id));
    expect((await stateOf(first.body.disputeId)).report.category).toBe('UNAUTHORIZED');
    const resent = await http.post('/v1/intake/chat').send(body).expect(202);
    expect(resent.body).toMatchObject({ disputeId: first.body.disputeId, duplicate: true });
    expect((await stateOf(first.body.disputeId)).duplicateReports).toBe(0);
  });

  test("a chat from the case's customer continuing the case joins it as information", async () => {
    const id = await caseByChat();
    const res = await http.post('/v1/intake/chat').send(chatBody({ caseId: id, transcript: [{ from: 'customer', at: '2025-03-05T09:00:00Z', text: 'Voici ma facture du 3 mars.' }], report: {} })).expect(202);
    expect(res.body).toMatchObject({ disputeId: id, joined: true, duplicate: false });
    await waitForCase(handleOf(id), (s) => messagesOf(s).includes('via chat: Voici ma facture du 3 mars.'), 10_000);
  });

  test("a chat from another customer naming the case leaves that case alone and opens the sender's own case", async () => {
    const id = await caseByChat();
    const before = await waitForCase(handleOf(id), 'AWAITING_DECISION');
    const other = { id: 'cus_mallory', email: 'zoe@example.fr', locale: 'fr' };
    const res = await http
      .post('/v1/intake/chat')
      .send(chatBody({ customer: other, caseId: id, transcript: [{ from: 'customer', at: '2025-03-05T09:00:00Z', text: 'Remboursez plutôt ma carte à moi.' }], report: {} }))
      .expect(202);
    expect(res.body).toMatchObject({ joined: false, duplicate: false });
    expect(res.body.disputeId).not.toBe(id);
    expect((await stateOf(res.body.disputeId)).report).toMatchObject({ customer: { id: 'cus_mallory' }, transaction: { id: expect.stringMatching(/^UNMATCHED-/) } });

    await http.post('/v1/intake/chat').send(chatBody({ caseId: id, transcript: [{ from: 'customer', at: '2025-03-05T09:05:00Z', text: 'Toujours rien.' }], report: {} })).expect(202);
    const after = await waitForCase(handleOf(id), (s) => messagesOf(s).includes('via chat: Toujours rien.'), 10_000);
    expect(messagesOf(after)).toEqual(['via chat: Toujours rien.']);
    expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
    expect(JSON.stringify(after)).not.toMatch(/mallory|carte à moi/);
  });

  test('a bad chat body is a 400 problem naming each field', async () => {
    const res = await http.post('/v1/intake/chat').send({ ...chatBody(), customer: { id: 'c', email: 'nope', locale: 'de' }, extra: true });
    expectProblem(res, 400, 'INVALID_INPUT', ['customer.email', 'customer.locale', 'extra']);
  });

  test.each([
    ['customer.id', { customer: { id: '4111 1111 1111 1111', email: 'zoe@example.fr', locale: 'fr' } }],
    ['report.transaction.id', { report: { transaction: { processor: 'sandbox', id: '4111 1111 1111 1111' } } }],
    ['report.transaction.id', { report: { transaction: { processor: 'sandbox', id: '4111111111111111' } } }],
    ['report.orderReference', { report: { orderReference: '4111 1111 1111 1111' } }],
  ])('a full card number in %s is refused as a card number, naming the field', async (field, overrides) => {
    const res = await http.post('/v1/intake/chat').send(chatBody(overrides));
    expectProblem(res, 422, 'CARD_NUMBER_REFUSED', [field]);
    expect(res.body.errors).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toContain('4111');
  });

  test('a full card number in the chat is refused with the field, so the chat can tell the customer at once', async () => {
    const body = chatBody({ transcript: [{ from: 'customer', at: '2025-03-04T10:00:20Z', text: 'ma carte 4111 1111 1111 1111' }] });
    const res = await http.post('/v1/intake/chat').send(body);
    expectProblem(res, 422, 'CARD_NUMBER_REFUSED', ['transcript.0.text']);
    expect(JSON.stringify(res.body)).not.toContain('4111');
  });
});

import { randomBytes } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { caseIdFor } from '../../api/case-id';
import { refuseCardNumbers } from '../../api/card-numbers';
import { containsCardNumber, passesLuhn } from '../../domain/card-numbers';
import { chatIntakeSchema } from '../../intake/chat';
import { answerClientErrorsAsProblems } from '../../api/problems';
import { keyRingOf } from '../../security/keys';
import { TEST_KEYS, apiOver, reportBody } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-bad-input';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  const ring = keyRingOf([{ id: 'k1', key: randomBytes(32) }]);
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { codec: { ring, allowedOrigins: ['http://localhost:8233'], namespace: 'default' } });
});

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** A report whose description is `nested` (JSON text), the rest of it valid. */
const reportWith = (txId: string, nested: string) => JSON.stringify(reportBody(txId, { description: '§' })).replace('"§"', nested);

async function expectNoCase(txId: string) {
  await api.as('agent').get(`/v1/disputes/${caseIdFor('sandbox', txId)}`).expect(404);
}

function expectTooDeep(res: { status: number; headers: Record<string, string>; body: { code: string; errors: { field: string; reason: string }[] } }, field: string) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('INVALID_INPUT');
  expect(res.body.errors).toEqual([{ field, reason: expect.stringMatching(/nested more than \d+ levels deep/) }]);
}

describe('deeply nested JSON is refused with 400 naming the field, before anything walks it', () => {
  test.each([
    ['a 3,000-deep object as the whole body', () => deepObject(3000), 'a'],
    ['a 5,000-deep array as the whole body', () => deepArray(5000), '(body)'],
  ])('a report that is %s', async (_name, body, field) => {
    const res = await api.as('website').post('/v1/disputes').set('Content-Type', 'application/json').send(body());
    expectTooDeep(res, field);
  });

  test.each([
    ['a 3,000-deep object', () => deepObject(3000)],
    ['a 5,000-deep array', () => deepArray(5000)],
  ])('a report whose description is %s opens no case', async (_name, nested) => {
    const tx = system.sandbox.charge();
    const res = await api.as('website').post('/v1/disputes').set('Content-Type', 'application/json').send(reportWith(tx.id, nested()));
    expectTooDeep(res, 'description');
    await expectNoCase(tx.id);
  });

  test('a decision nested 5,000 deep is refused the same way', async () => {
    const res = await api.as('agent').post('/v1/disputes/DSP-0000000000/decision').set('Content-Type', 'application/json').send(`{"action":"DENY","reason":${deepArray(5000)}}`);
    expectTooDeep(res, 'reason');
  });

  test('chat intake, e-mail intake, the sandbox webhook and the codec refuse it too', async () => {
    const chat = await api.as('website').post('/v1/intake/chat').set('Content-Type', 'application/json').send(`{"customer":${deepObject(3000)}}`);
    expectTooDeep(chat, 'customer');
    const email = await api.as('website').post('/v1/intake/email').set('Content-Type', 'application/json').send(`{"headers":${deepArray(5000)}}`);
    expectTooDeep(email, 'headers');
    const webhook = await api.http.post('/v1/webhooks/sandbox').set('Content-Type', 'application/json').send(deepArray(5000));
    expectTooDeep(webhook, '(body)');
    const signed = await api.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').send(`{"data":${deepObject(3000)}}`);
    expectTooDeep(signed, 'data');
    const codec = await api.http.post('/codec/decode').set('X-API-Key', TEST_KEYS.engineer.secret).set('X-Namespace', 'default').set('Content-Type', 'application/json').send(`{"payloads":${deepArray(5000)}}`);
    expectTooDeep(codec, 'payloads');
  });

  test('ordinary nesting (a report with its amount, a decision with its amount) still goes through', async () => {
    const tx = system.sandbox.charge();
    await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { expectedAmount: { amountMinor: 100, currency: 'EUR' } })).expect(202);
  });
});

describe('bodies that are not what their headers say', () => {
  test('Content-Encoding: gzip on a body that is not gzip is a 400 problem, and opens nothing', async () => {
    const tx = system.sandbox.charge();
    const res = await api.as('website').post('/v1/disputes').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(JSON.stringify(reportBody(tx.id)));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'header:content-encoding' }] });
    await expectNoCase(tx.id);
    const email = await api.as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').set('Content-Encoding', 'gzip').send('From: a@b.c\r\n\r\nhello');
    expect(email.status).toBe(400);
    expect(email.body.code).toBe('INVALID_INPUT');
  });

  test.each(['utf-16', 'UTF-16LE', 'latin1', 'utf-32'])('JSON in charset %s is refused with 415, and opens nothing', async (charset) => {
    const tx = system.sandbox.charge();
    const res = await api.as('website').post('/v1/disputes').set('Content-Type', `application/json; charset=${charset}`).send(JSON.stringify(reportBody(tx.id)));
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', errors: [{ field: 'header:content-type' }] });
    await expectNoCase(tx.id);
    const chat = await api.as('website').post('/v1/intake/chat').set('Content-Type', `application/json; charset=${charset}`).send('{}');
    expect(chat.status).toBe(415);
  });

  test('JSON sent as text/plain is refused with 415 naming the Content-Type, not as an empty body', async () => {
    const tx = system.sandbox.charge();
    const res = await api.as('website').post('/v1/disputes').set('Content-Type', 'text/plain').send(JSON.stringify(reportBody(tx.id)));
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', errors: [{ field: 'header:content-type' }] });
    const chat = await api.as('website').post('/v1/intake/chat').set('Content-Type', 'text/plain').send('{"transcript": []}');
    expect({ status: chat.status, field: chat.body.errors?.[0]?.field }).toEqual({ status: 415, field: 'header:content-type' });
    await expectNoCase(tx.id);
  });

  test('a request without a body still reaches its handler whatever its Content-Type', async () => {
    await api.as('agent').get('/v1/disputes?limit=1').set('Content-Type', 'text/plain').expect(200);
  });

  test('JSON declared as UTF-8 (any spelling) or with no charset is read', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json']) {
      const tx = system.sandbox.charge();
      await api.as('website').post('/v1/disputes').set('Content-Type', type).send(JSON.stringify(reportBody(tx.id))).expect(202);
    }
  });
});

describe('e-mails with more MIME structure than any real mail', () => {
  const manyParts = (n: number) =>
    `From: ada@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${Array.from({ length: n }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('')}--b--\r\n`;
  function nested(n: number) {
    let body = 'Content-Type: text/plain\r\n\r\nhello\r\n';
    for (let i = n; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    return `From: ada@example.com\r\nSubject: x\r\n${body}`;
  }

  test.each([
    ['20,000 MIME parts', () => manyParts(20_000), /more than \d+ MIME parts \(MAX_MIME_PARTS\)/],
    ['3,000 nested multiparts', () => nested(3000), /nests multiparts more than \d+ deep \(MAX_MIME_NESTING\)/],
  ])('an e-mail with %s answers 413 naming the limit', async (_name, raw, reason) => {
    const res = await api.as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(raw());
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', errors: [{ field: '(body)', reason: expect.stringMatching(reason) }] });
  });

  test('an e-mail with one huge Subject says its header is too large, not that it has too many parts', async () => {
    const raw = `From: ada@example.com\r\nSubject: ${'x'.repeat(1_500_000)}\r\nContent-Type: text/plain\r\n\r\nDébité deux fois.\r\n`;
    const res = await api.as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(raw);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', errors: [{ field: '(body)', reason: expect.stringMatching(/header block larger than .*\(MAX_MIME_HEADER_BYTES\)/) }] });
  });

  test('an e-mail with a long (100 kB) Subject is still read', async () => {
    const raw = `From: ada@example.com\r\nSubject: ${'x'.repeat(100_000)}\r\nContent-Type: text/plain\r\n\r\nDébité deux fois.\r\n`;
    const res = await api.as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(raw);
    expect(res.status).toBe(202);
  });

  test('an e-mail with a few nested parts is still read', async () => {
    const res = await api.as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(nested(3).replace('hello', 'Débité deux fois.'));
    expect(res.status).toBe(202);
  });
});

describe('processor references are not refused as card numbers, card numbers still are', () => {
  const fc: typeof import('fast-check') = require('fast-check');
  /** Sandbox ids as the sandbox mints them (`tx_` + 20 hex), each holding a 13-digit run that passes Luhn. */
  const luhnSandboxIds = fc.sample(
    fc.tuple(fc.stringMatching(/^[0-9]{12}$/), fc.stringMatching(/^[a-f][0-9a-f]{6}$/)).map(([body, tail]) => `tx_${body}${[...'0123456789'].find((d) => passesLuhn(body + d))}${tail}`),
    25,
  );

  test('reports on sandbox ids that hold a Luhn-passing run of 13 digits open their cases', async () => {
    for (const id of luhnSandboxIds) {
      expect(containsCardNumber(id.slice(3))).toBe(true);
      const res = await api.as('website').post('/v1/disputes').set('Idempotency-Key', `report-${id}`).send(reportBody(id, { description: `Charged twice for ${id}.` }));
      expect(res.status).toBe(202);
    }
  });

  test('a 16-digit Adyen PSP reference passing Luhn is accepted as transaction.id, in a report and in a chat', () => {
    const refuse = refuseCardNumbers();
    const refs = fc.sample(fc.stringMatching(/^[0-9]{15}$/).map((b) => b + [...'0123456789'].find((d) => passesLuhn(b + d))), 200);
    for (const ref of refs) {
      let passed: unknown = 'not called';
      refuse({ body: reportBody(ref, { transaction: { processor: 'adyen', id: ref } }), query: {}, header: () => undefined } as never, {} as never, (err?: unknown) => (passed = err));
      expect(passed).toBeUndefined();
      const chat = chatIntakeSchema(['adyen']).safeParse({
        customer: { id: 'cus_ada', email: 'ada@example.com', locale: 'fr' },
        transcript: [{ from: 'customer', at: '2026-11-02T10:00:00Z', text: 'Débité deux fois.' }],
        report: { transaction: { processor: 'adyen', id: ref } },
      });
      expect(chat.success).toBe(true);
    }
  });

  test('a card number is still refused in the description, in a reference not of its processor\'s form, and in a chat reference', async () => {
    const tx = system.sandbox.charge();
    const inText = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { description: `${tx.id}: paid with 4111 1111 1111 1111` }));
    expect(inText.body).toMatchObject({ code: 'CARD_NUMBER_REFUSED', errors: [{ field: 'description' }] });
    const asReference = await api.as('website').post('/v1/disputes').send(reportBody('4111111111111111'));
    expect(asReference.body).toMatchObject({ code: 'CARD_NUMBER_REFUSED', errors: [{ field: 'transaction.id' }] });
    const inName = await api.as('website').post('/v1/disputes').send(reportBody(tx.id, { customer: { id: '4111111111111111', email: 'ada@example.com', locale: 'fr' } }));
    expect(inName.body).toMatchObject({ code: 'CARD_NUMBER_REFUSED', errors: [{ field: 'customer.id' }] });
    const chat = await api.as('website').post('/v1/intake/chat').send({
      customer: { id: 'cus_ada', email: 'ada@example.com', locale: 'fr' },
      transcript: [{ from: 'customer', at: '2026-11-02T10:00:00Z', text: 'Débité deux fois.' }],
      report: { transaction: { processor: 'sandbox', id: '4111111111111111' } },
    });
    expect(chat.body).toMatchObject({ code: 'CARD_NUMBER_REFUSED', errors: [{ field: 'report.transaction.id' }] });
  });
});

describe('a request the HTTP parser refuses', () => {
  let server: Server;
  beforeAll(async () => {
    server = answerClientErrorsAsProblems(api.app.listen(0, '127.0.0.1'));
    await new Promise((r) => server.once('listening', r));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  test('an Idempotency-Key over the header limit answers 431 as problem+json', async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/disputes', headers: { 'X-API-Key': TEST_KEYS.website.secret, 'Idempotency-Key': 'k'.repeat(20_000), 'Content-Type': 'application/json' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'HEADERS_TOO_LARGE', status: 431, errors: [{ field: 'headers' }] });
  });
});

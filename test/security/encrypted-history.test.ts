import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import express from 'express';
import request from 'supertest';
import { PortError, type Ports } from '../../activities/ports';
import { problemMiddleware } from '../../api/problems';
import { ErrorType } from '../../domain/errors';
import { createEncryptionCodec, isEncrypted } from '../../security/codec';
import { createCodecRouter } from '../../security/codec-server';
import { encryptedDataConverter } from '../../security/data-converter';
import { keyRingOf } from '../../security/keys';
import { decisionUpdate, satisfactionUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { clientFor, useCaseSystem } from '../support/temporal';
import { failuresIn, historyBytes, payloadsIn, rawHistory, text } from './raw-history';

const TASK_QUEUE = 'encrypted-cases';
const ring = keyRingOf([{ id: 'k1', key: randomBytes(32) }]);
const EMAIL = 'ada.lovelace@example.com';
const CUSTOMER_ID = 'cus_7781lovelace';
const NAME = 'Ada Lovelace';
const DESCRIPTION = `${NAME} here: charged twice for order ZEBRA-QUOKKA`;
const AMOUNT = 73519;
const SECRETS = [EMAIL, CUSTOMER_ID, NAME, 'ZEBRA-QUOKKA', String(AMOUNT), '735.19', '735,19'];

/** The processor refuses the first refund for good, naming the card holder in its reason, as some do. */
let refundsRefused = 0;
function refusingFirstRefund(ports: Ports): Ports {
  const real = ports.processors.sandbox!;
  return {
    ...ports,
    processors: {
      sandbox: {
        ...real,
        issueRefund(request) {
          if (refundsRefused++ === 0) throw new PortError(ErrorType.REFUND_REFUSED, `refused: card holder ${EMAIL} has an open inquiry`, false);
          return real.issueRefund(request);
        },
      },
    },
  };
}

const system = useCaseSystem('time-skipping', TASK_QUEUE, (sandbox) => refusingFirstRefund(sandbox.ports), { dataConverter: encryptedDataConverter(ring) });

describe('a case on Temporal with encrypted payloads', () => {
  let workflowId: string;
  let events: Awaited<ReturnType<typeof rawHistory>>;

  beforeAll(async () => {
    const tx = system.sandbox.charge({ amountMinor: AMOUNT, captureCount: 2 });
    const report = reportFor(tx.id, { customer: { id: CUSTOMER_ID, email: EMAIL, locale: 'en' }, description: DESCRIPTION });
    const handle = await startCase(system.env.client, TASK_QUEUE, report, AGENT_ONLY_POLICY);
    workflowId = handle.workflowId;
    await waitForCase(handle, 'AWAITING_DECISION');
    const refund = { action: 'REFUND' as const, amount: { amountMinor: AMOUNT, currency: 'EUR' }, reason: `refund for ${NAME}`, agentId: 'agent_7' };
    await handle.executeUpdate(decisionUpdate, { args: [refund] });
    const back = await waitForCase(handle, (s) => s.timeline.some((t) => t.event === 'EXECUTION_REFUSED'));
    expect(back.timeline.at(-1)?.detail).toContain(EMAIL);
    await handle.executeUpdate(decisionUpdate, { args: [refund] });
    await waitForCase(handle, 'RESOLVED');
    await system.env.sleep('7 days');
    await waitForCase(handle, 'FOLLOW_UP');
    await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true, comment: `Thanks, from ${NAME} (${EMAIL})` }] });
    // Through the codec the case reads normally.
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED' });
    expect(closed.report.customer?.email).toBe(EMAIL);
    events = await rawHistory(clientFor(system.env), workflowId);
  });

  test('the raw history holds none of the customer\'s e-mail, id, name, description or amounts anywhere in its bytes', () => {
    expect(events.length).toBeGreaterThan(20);
    const bytes = historyBytes(events);
    expect(SECRETS.filter((s) => bytes.includes(Buffer.from(s, 'utf8')))).toEqual([]);
  });

  test('every payload in the raw history is encrypted, except the search attributes and patch markers (which hold no personal data)', () => {
    const found = payloadsIn(events);
    expect(found.length).toBeGreaterThan(20);
    const inClear = found.filter((f) => !isEncrypted(f.payload));
    // The SDK writes a patch marker's id (a name in our code, e.g. "reporting-window-calendar-days") outside the codec.
    const allowed = /\.searchAttributes\.indexedFields\.|\.markerRecordedEventAttributes\.details\.patch-data\./;
    expect(inClear.filter((f) => !allowed.test(f.path)).map((f) => f.path)).toEqual([]);
    const searchValues = inClear.map((f) => text(f.payload.data));
    expect(searchValues).toEqual(expect.arrayContaining(['"sandbox"', '"DUPLICATE_CHARGE"']));
    expect(searchValues.filter((v) => SECRETS.some((s) => v.includes(s)))).toEqual([]);
  });

  test('failure messages and stack traces are stored encoded: the processor\'s refusal naming the customer is not in clear', async () => {
    const failures = failuresIn(events);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.message).toBe('Encoded failure');
      expect(f.stackTrace ?? '').toBe('');
      expect(isEncrypted(f.encodedAttributes!)).toBe(true);
    }
    const decoded = await createEncryptionCodec(ring).decode(failures.map((f) => f.encodedAttributes!));
    expect(decoded.map((p) => JSON.parse(text(p.data)).message)).toContain(`refused: card holder ${EMAIL} has an open inquiry`);
  });

  test('the workflow id, activity ids and memo carry no personal data', () => {
    expect(workflowId).toMatch(/DSP-[0-9A-Z]{10}$/);
    const started = events[0]!.workflowExecutionStartedEventAttributes!;
    expect(Object.keys(started.memo?.fields ?? {})).toEqual([]);
    const activityIds = events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityId!] : []));
    expect(activityIds.length).toBeGreaterThan(3);
    expect([workflowId, ...activityIds].filter((id) => SECRETS.some((s) => id.includes(s)))).toEqual([]);
  });

  test('through the codec the same history decodes and shows the customer\'s data', async () => {
    const decoded = await createEncryptionCodec(ring).decode(payloadsIn(events).map((f) => f.payload));
    const all = decoded.map((p) => text(p.data)).join('\n');
    expect(SECRETS.slice(0, 5).filter((s) => !all.includes(s))).toEqual([]);
  });

  test('the codec server decodes the raw history\'s payloads for the Web UI', async () => {
    const app = express();
    app.use('/codec', createCodecRouter({ ring, guard: (req, _res, next) => next(req.header('x-api-key') === 'eng' ? undefined : ApplicationFailure.create({ message: 'no' })), allowedOrigins: ['http://localhost:8233'] }));
    app.use(problemMiddleware(() => undefined));
    const Payload = temporal.api.common.v1.Payload;
    const started = events[0]!.workflowExecutionStartedEventAttributes!.input!;
    const body = { payloads: started.payloads!.map((p) => Payload.toObject(Payload.fromObject(p), { bytes: String })) };
    const res = await request(app).post('/codec/decode').set('Origin', 'http://localhost:8233').set('X-Namespace', 'default').set('X-API-Key', 'eng').send(body);
    expect(res.status).toBe(200);
    const input = JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8'));
    expect(input.report).toMatchObject({ customer: { id: CUSTOMER_ID, email: EMAIL }, description: DESCRIPTION });
  });
});

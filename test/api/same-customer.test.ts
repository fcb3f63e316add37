import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

/**
 * One customer, two ways of naming them: a case opened by e-mail knows its customer as
 * `email:<address>`; the website names the account id and the same address.
 */
const TASK_QUEUE = 'api-same-customer';
const system = useCaseSystem('dev', TASK_QUEUE);
let api: ReturnType<typeof apiOver>;
beforeAll(() => {
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY);
});

const bobWrites = (txId: string) =>
  Buffer.from(
    `From: Bob <Bob@Example.com>\r\nTo: disputes@loop.test\r\nSubject: Charged twice\r\nMessage-ID: <${txId}@mail.example.com>\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nI was charged twice for ${txId}.\r\n`,
  );

async function caseBobOpenedByEmail() {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const res = await api.as('website').post('/v1/intake/email').set('Content-Type', 'message/rfc822').send(bobWrites(tx.id)).expect(202);
  const id = res.body.disputeId as string;
  const state = await waitForStatus(api.as('agent'), id, 'AWAITING_DECISION');
  expect(state.customer).toMatchObject({ id: 'email:bob@example.com' });
  return { tx, id };
}

test('a website reporting a charge its customer already reported by e-mail joins their case and reads it back', async () => {
  const { tx, id } = await caseBobOpenedByEmail();
  const res = await api.other('website').post('/v1/disputes').send(reportBody(tx.id, { customer: { id: 'cus_bob', email: 'bob@example.com', locale: 'en' } }));
  expect({ status: res.status, body: res.body, location: res.headers.location }).toEqual({
    status: 200,
    body: { disputeId: id, status: 'AWAITING_DECISION', duplicate: true },
    location: `/v1/disputes/${id}`,
  });
  await api.other('website').get(res.headers.location!).expect(200);
  const staff = (await api.as('agent').get(`/v1/disputes/${id}`)).body;
  const again = staff.timeline.filter((t: { event: string }) => t.event === 'REPORTED_AGAIN');
  expect(again).toHaveLength(1);
  expect(again[0].detail).not.toContain('another customer');
});

test('another customer reporting the same charge learns nothing of the case, and agents see the report flagged as theirs', async () => {
  const { tx, id } = await caseBobOpenedByEmail();
  const res = await api.other('website').post('/v1/disputes').send(reportBody(tx.id, { customer: { id: 'cus_eve', email: 'eve@example.com', locale: 'en' } }));
  expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: { disputeId: id, status: 'RECEIVED', duplicate: false } });
  await api.other('website').get(`/v1/disputes/${id}`).expect(404);
  const staff = (await api.as('agent').get(`/v1/disputes/${id}`)).body;
  expect(staff.timeline.filter((t: { event: string }) => t.event === 'REPORTED_AGAIN').map((t: { detail: string }) => t.detail)).toEqual([
    expect.stringContaining('from another customer (cus_eve)'),
  ]);
});

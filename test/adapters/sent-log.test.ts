import { PortError, type Notification } from '../../activities/ports';
import { createSmtpNotifications } from '../../adapters/smtp/notifications';
import { createPostgresSentLog, DEFAULT_CLAIM_LEASE_MS } from '../../adapters/smtp/sent-log';
import { startMailCatcher, type MailCatcher } from '../../tooling/mail-catcher';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';

const caseId = 'DSP-7K3M9QX2RA';
let n = 0;
function notification(over: Partial<Notification> = {}): Notification {
  n += 1;
  return { caseId, kind: 'ACKNOWLEDGEMENT', to: 'claire@example.com', locale: 'en', facts: { caseId }, idempotencyKey: `dispute-${caseId}/run-1/ACK-${n}`, ...over };
}

describe.each(databaseKinds())('the e-mail log on the %s server', (kind) => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  });
  afterAll(async () => {
    await catcher?.close();
    await db?.drop();
  });

  /** One worker's e-mail adapter over the shared log. */
  const worker = (sender: string) =>
    createSmtpNotifications({ smtpUrl: catcher.smtpUrl, from: 'support@loop.tech', publicUrl: 'http://localhost:3000', linkSecret: 'test-secret', sentLog: createPostgresSentLog(db.pool, { sender }), log: () => undefined });
  const copiesOf = (messageId: string) => catcher.messages().filter((m) => m.messageId === messageId);
  const row = async (key: string) => (await db.pool.query('SELECT state, claimed_by FROM sent_mail WHERE idempotency_key = $1', [key])).rows[0];

  test('two workers sending the same e-mails at once send each one once', async () => {
    const [a, b] = [worker('worker-a'), worker('worker-b')];
    const messages = Array.from({ length: 10 }, () => notification());
    const results = await Promise.allSettled(messages.flatMap((m) => [a.send(m), b.send(m)]));
    // The loser of each race is told to retry later; its retry finds the message sent.
    const retried = await Promise.all(messages.map((m) => b.send(m)));
    for (const [i, m] of messages.entries()) {
      expect(copiesOf(retried[i]!.messageId)).toHaveLength(1);
      expect(await row(m.idempotencyKey)).toMatchObject({ state: 'SENT' });
    }
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    for (const reason of refused) expect(reason).toMatchObject({ type: 'UNAVAILABLE', retryable: true });
  });

  test('of many workers claiming one key at the same moment, exactly one may send', async () => {
    const logs = Array.from({ length: 8 }, (_, i) => createPostgresSentLog(db.pool, { sender: `racer-${i}` }));
    const claims = await Promise.all(logs.map((log) => log.claim('race-key', { messageId: '<race@x>', caseId, kind: 'ACKNOWLEDGEMENT' })));
    expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.state === 'busy')).toHaveLength(7);
  });

  test('an e-mail sent by one worker is never sent again, by it after a restart or by another', async () => {
    const message = notification({ kind: 'CLOSURE', facts: { caseId, outcome: 'SATISFIED' } });
    const { messageId } = await worker('worker-a').send(message);
    expect(await worker('worker-a-restarted').send(message)).toEqual({ messageId });
    expect(await worker('worker-b').send(message)).toEqual({ messageId });
    expect(copiesOf(messageId)).toHaveLength(1);
  });

  test('a claim left by a worker that died mid-send is taken over once its lease ran out, and sent once', async () => {
    const message = notification({ kind: 'RESOLUTION', facts: { caseId, action: 'DENY' } });
    await db.pool.query(
      `INSERT INTO sent_mail (idempotency_key, message_id, case_id, kind, state, claimed_by, claimed_at) VALUES ($1, '<old@x>', $2, 'RESOLUTION', 'SENDING', 'dead-worker', now() - make_interval(secs => $3))`,
      [message.idempotencyKey, caseId, DEFAULT_CLAIM_LEASE_MS / 1000 + 1],
    );
    const { messageId } = await worker('worker-b').send(message);
    expect(copiesOf(messageId)).toHaveLength(1);
    expect(await row(message.idempotencyKey)).toEqual({ state: 'SENT', claimed_by: 'worker-b' });
  });

  test('a claim another worker holds within its lease makes the send fail as retryable, after the lease, and sends nothing', async () => {
    const message = notification({ kind: 'SATISFACTION_QUESTION' });
    await db.pool.query(
      `INSERT INTO sent_mail (idempotency_key, message_id, case_id, kind, state, claimed_by, claimed_at) VALUES ($1, '<m@x>', $2, 'SATISFACTION_QUESTION', 'SENDING', 'worker-a', now() - interval '30 seconds')`,
      [message.idempotencyKey, caseId],
    );
    const before = catcher.messages().length;
    const error = await worker('worker-b').send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortError);
    expect(error).toMatchObject({ type: 'UNAVAILABLE', retryable: true });
    // Retried once the 2-minute lease has run out: about 90 s from now, not at once.
    expect((error as PortError).retryAfterMs).toBeGreaterThan(60_000);
    expect((error as PortError).retryAfterMs).toBeLessThanOrEqual(DEFAULT_CLAIM_LEASE_MS);
    expect(catcher.messages()).toHaveLength(before);
    expect(await row(message.idempotencyKey)).toEqual({ state: 'SENDING', claimed_by: 'worker-a' });
  });

  test('a send that never reached the mail server releases its claim, so another worker may send it at once', async () => {
    const message = notification();
    const refusing = createSmtpNotifications({ smtpUrl: 'smtp://127.0.0.1:1', from: 'support@loop.tech', publicUrl: 'http://localhost:3000', linkSecret: 's', sentLog: createPostgresSentLog(db.pool, { sender: 'worker-a' }), timeoutMs: 1000, log: () => undefined });
    await expect(refusing.send(message)).rejects.toMatchObject({ type: 'UNAVAILABLE', retryable: true });
    expect(await row(message.idempotencyKey)).toBeUndefined();
    const { messageId } = await worker('worker-b').send(message);
    expect(copiesOf(messageId)).toHaveLength(1);
  });
});

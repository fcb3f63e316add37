import { PortError, type Notification, type NotificationsPort } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import type { CaseState, Decision } from '../../domain/vocabulary';
import { decisionUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { recordHistory } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

/** The customer's e-mail goes beside the case, never in its way: a mail server that is down delays mail, not the case. */
const TASK_QUEUE = 'notifications';
const mailServer = { down: false };
/** Notifications delivered, in order. */
const delivered: Notification[] = [];

function flakyMail(real: NotificationsPort): NotificationsPort {
  return {
    async send(n) {
      if (mailServer.down) throw new PortError(ErrorType.UNAVAILABLE, 'the mail server is unavailable, ECONNREFUSED', true);
      delivered.push(n);
      return real.send(n);
    },
  };
}

const system = useCaseSystem('time-skipping', TASK_QUEUE, (sandbox) => ({ ...sandbox.ports, notifications: flakyMail(sandbox.ports.notifications) }));

const refund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: { amountMinor, currency: 'EUR' }, reason: 'duplicate capture confirmed', agentId: 'agent_7' });
const events = (s: CaseState) => s.timeline.map((t) => t.event);
const kindsFor = (caseId: string) => delivered.filter((n) => n.caseId === caseId).map((n) => n.kind);

afterEach(() => {
  mailServer.down = false;
});

test('with the mail server down the case still investigates, is decided and pays; the e-mails follow later, in order', async () => {
  mailServer.down = true;
  const tx = system.sandbox.charge({ amountMinor: 6100, captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
  await waitForCase(handle, 'AWAITING_DECISION');
  await handle.executeUpdate(decisionUpdate, { args: [refund(6100)] });
  const resolved = await waitForCase(handle, (s) => s.status === 'RESOLVED' && events(s).includes('DOCUMENTED'));
  expect(system.sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);
  expect(kindsFor(resolved.caseId)).toEqual([]);
  expect(events(resolved)).not.toContain('NOTIFICATION_FAILED');

  mailServer.down = false;
  // The activity's next retry (backing off up to 10 minutes) finds the server back.
  await system.env.sleep('15 minutes');
  await waitForCase(handle, () => kindsFor(resolved.caseId).length === 2);
  expect(kindsFor(resolved.caseId)).toEqual(['ACKNOWLEDGEMENT', 'RESOLUTION']);
  await recordHistory(handle, 'mail-server-down-case-goes-on');
});

test('an e-mail that cannot go out for a day is given up and the timeline says so; the case is not held', async () => {
  mailServer.down = true;
  const tx = system.sandbox.charge({ amountMinor: 6200, captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
  await waitForCase(handle, 'AWAITING_DECISION');
  await system.env.sleep('25 hours');
  const state = await waitForCase(handle, (s) => events(s).includes('NOTIFICATION_FAILED'));
  expect(state.timeline.find((t) => t.event === 'NOTIFICATION_FAILED')?.detail).toMatch(/^ACKNOWLEDGEMENT: /);
  expect(state.status).not.toBe('RECEIVED');
  expect(kindsFor(state.caseId)).toEqual([]);
});

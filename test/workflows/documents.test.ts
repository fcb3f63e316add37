import type { DocumentStore, Notification, NotificationsPort } from '../../activities/ports';
import type { ResolutionRecord } from '../../documents/record';
import type { CaseState, Decision } from '../../domain/vocabulary';
import { customerMessageSignal, decisionUpdate, type CustomerMessage } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { recordHistory } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'documents';

/** Faults a test can switch on in the document store the worker uses. */
const faults = { storeDown: false };
let saveAttempts = 0;
/** Every notification the worker sent, as the notifications port received it. */
const sent: Notification[] = [];

function recordingNotifications(real: NotificationsPort): NotificationsPort {
  return {
    send(n) {
      sent.push(n);
      return real.send(n);
    },
  };
}

function faultyDocuments(real: DocumentStore): DocumentStore {
  return {
    read: (ref, format) => real.read(ref, format),
    latest: (caseId) => real.latest(caseId),
    async save(ref, content) {
      saveAttempts += 1;
      if (faults.storeDown) throw new Error('EIO: the document volume is unavailable');
      return real.save(ref, content);
    },
  };
}

const system = useCaseSystem('time-skipping', TASK_QUEUE, (sandbox) => ({
  ...sandbox.ports,
  notifications: recordingNotifications(sandbox.ports.notifications),
  documents: faultyDocuments(sandbox.ports.documents),
}));

beforeEach(() => {
  faults.storeDown = false;
  saveAttempts = 0;
});

const refund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: { amountMinor, currency: 'EUR' }, reason: 'duplicate capture confirmed', agentId: 'agent_7' });
const kinds = (caseId: string) => system.sandbox.store.outbox(caseId).map((m) => m.kind);
const events = (s: CaseState) => s.timeline.map((t) => t.event);
const message = (m: Partial<CustomerMessage> = {}): CustomerMessage => ({ message: 'Any news on my case?', channel: 'email', receivedAt: new Date().toISOString(), ...m });

/** A duplicate charge, reported by a French customer, waiting for an agent. */
async function caseAwaitingAgent() {
  const tx = system.sandbox.charge({ amountMinor: 4200, captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
  const state = await waitForCase(handle, 'AWAITING_DECISION');
  return { tx, handle, state };
}

/** A case whose reference the processor does not know: it waits for the customer's answer. */
async function caseAwaitingCustomer() {
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(`tx_typo_${Math.random().toString(36).slice(2, 8)}`), AGENT_ONLY_POLICY);
  const state = await waitForCase(handle, 'AWAITING_CUSTOMER');
  await waitForCase(handle, () => kinds(state.caseId).includes('INFORMATION_REQUEST'));
  return { handle, state };
}

describe('the resolution document, on the time-skipping server', () => {
  test('a refunded case stores its document, naming the refund, and the resolution e-mail carries it', async () => {
    const { handle, state } = await caseAwaitingAgent();
    await handle.executeUpdate(decisionUpdate, { args: [refund(4200)] });
    const done = await waitForCase(handle, (s) => kinds(s.caseId).includes('RESOLUTION'));

    const ref = { caseId: state.caseId, documentId: `resolution-${handle.firstExecutionRunId}-1` };
    expect(done.documents).toEqual([ref]);
    expect(done.timeline.find((t) => t.event === 'DOCUMENTED')?.detail).toBe(ref.documentId);
    const store = system.sandbox.ports.documents;
    const record = JSON.parse(new TextDecoder().decode((await store.read(ref, 'json'))!)) as ResolutionRecord;
    expect(record).toMatchObject({ caseId: state.caseId, locale: 'fr', outcome: { reference: done.resolution!.reference, amount: { amountMinor: 4200, currency: 'EUR' } } });
    expect(record.decision).toMatchObject({ role: 'agent', automatic: false, decidedByLabel: 'Un conseiller' });
    expect(done.resolution!.reference).toMatch(/^re_/);
    expect(new TextDecoder().decode((await store.read(ref, 'pdf'))!.slice(0, 5))).toBe('%PDF-');
    expect(await store.latest(state.caseId)).toEqual(ref);

    expect(sent.find((n) => n.caseId === state.caseId && n.kind === 'RESOLUTION')?.document).toEqual(ref);
    expect(system.sandbox.store.outbox(state.caseId).find((m) => m.kind === 'RESOLUTION')?.facts.documentId).toBe(ref.documentId);
    await recordHistory(handle, 'refund-documented');
  });

  test('a document store that keeps failing does not block the case: the timeline says DOCUMENT_FAILED and the e-mail goes without it', async () => {
    const { handle, state } = await caseAwaitingAgent();
    faults.storeDown = true;
    await handle.executeUpdate(decisionUpdate, { args: [refund(4200)] });
    await waitForCase(handle, () => saveAttempts >= 2);
    // The test server does not skip an activity's retry backoff by itself; the document step gives up after 15 minutes.
    await system.env.sleep('16 minutes');
    const done = await waitForCase(handle, (s) => kinds(s.caseId).includes('RESOLUTION'));

    expect(saveAttempts).toBeGreaterThan(1);
    expect(done.status).toBe('RESOLVED');
    expect(done.documents).toEqual([]);
    expect(done.timeline.find((t) => t.event === 'DOCUMENT_FAILED')?.detail).toMatch(/document volume is unavailable/);
    const resolution = sent.find((n) => n.caseId === state.caseId && n.kind === 'RESOLUTION');
    expect(resolution).toBeDefined();
    expect(resolution?.document).toBeUndefined();
    expect(await system.sandbox.ports.documents.latest(state.caseId)).toBeNull();

    // The case goes on to its follow-up as usual.
    await system.env.sleep('7 days');
    await waitForCase(handle, 'FOLLOW_UP');
    await recordHistory(handle, 'document-failed-case-goes-on');
  });
});

describe('a customer message (e-mail or chat intake), on the time-skipping server', () => {
  test('while the case waits for the customer, it is their answer: the investigation runs again on the reference it gives', async () => {
    const { handle } = await caseAwaitingCustomer();
    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2 });
    await handle.signal(customerMessageSignal, message({ message: 'Désolé, la bonne référence est celle-ci.', transactionId: tx.id, messageId: '<reply-1@example.com>' }));
    const found = await waitForCase(handle, 'AWAITING_DECISION');

    expect(found.transactionId).toBe(tx.id);
    expect(found.findings?.transaction?.id).toBe(tx.id);
    expect(found.assessment).toMatchObject({ rule: 'DUPLICATE_CAPTURE' });
    expect(found.information).toEqual([expect.objectContaining({ message: 'Désolé, la bonne référence est celle-ci.', transactionId: tx.id })]);
    expect(events(found)).toContain('INFORMATION_RECEIVED');
    expect(events(found)).not.toContain('CUSTOMER_MESSAGE');
    await recordHistory(handle, 'customer-message-answers-request');
  });

  test('at any other time it is recorded for the agents and changes nothing else, with card numbers removed', async () => {
    const { handle, state } = await caseAwaitingAgent();
    await handle.signal(customerMessageSignal, message({ message: 'My card 4242 4242 4242 4242 was charged twice, see tx_other.', transactionId: 'tx_other', channel: 'chat' }));
    const after = await waitForCase(handle, (s) => events(s).includes('CUSTOMER_MESSAGE'));

    const entry = after.timeline.find((t) => t.event === 'CUSTOMER_MESSAGE')!;
    expect(entry.detail).toBe('via chat (names reference tx_other): My card [card number removed, ending 4242] was charged twice, see tx_other.');
    expect(entry.status).toBe('AWAITING_DECISION');
    expect(JSON.stringify(after)).not.toContain('4242 4242 4242 4242');
    expect(after).toMatchObject({ status: 'AWAITING_DECISION', transactionId: state.transactionId, information: [], assessment: state.assessment, findings: state.findings });
    await recordHistory(handle, 'customer-message-recorded');
  });

  test('a message delivered twice with the same message id is applied once', async () => {
    const { handle } = await caseAwaitingCustomer();
    const tx = system.sandbox.charge({ amountMinor: 3000, captureCount: 2 });
    const reply = message({ message: 'Here is the reference.', transactionId: tx.id, messageId: '<same@example.com>' });
    await handle.signal(customerMessageSignal, reply);
    await handle.signal(customerMessageSignal, reply);
    await waitForCase(handle, 'AWAITING_DECISION');
    // A later, different message shows the redelivery was handled before it (signals are applied in order).
    await handle.signal(customerMessageSignal, message({ message: 'Thanks!', messageId: '<other@example.com>' }));
    const after = await waitForCase(handle, (s) => events(s).includes('CUSTOMER_MESSAGE'));

    expect(after.information).toHaveLength(1);
    expect(events(after).filter((e) => e === 'INFORMATION_RECEIVED')).toHaveLength(1);
    expect(after.timeline.filter((t) => t.event === 'CUSTOMER_MESSAGE').map((t) => t.detail)).toEqual(['via email: Thanks!']);
    expect(after.customerMessageIds).toEqual(['<same@example.com>', '<other@example.com>']);
  });

  test('a malformed message is noted and the case carries on', async () => {
    const { handle } = await caseAwaitingAgent();
    await handle.signal(customerMessageSignal, { message: '', channel: 'fax' } as never);
    const after = await waitForCase(handle, (s) => events(s).includes('SIGNAL_REFUSED'));
    expect(after.timeline.find((t) => t.event === 'SIGNAL_REFUSED')?.detail).toBe('customerMessage: message must be non-empty text');
    await handle.executeUpdate(decisionUpdate, { args: [refund(4200)] });
    await waitForCase(handle, 'RESOLVED');
  });
});

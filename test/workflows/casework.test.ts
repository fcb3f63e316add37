import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Decision } from '../../domain/vocabulary';
import { createPostgresRecords } from '../../records/postgres';
import { addNoteUpdate, assignUpdate, decisionSignal, decisionUpdate, type resolveDiscrepancy } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';
import { recordHistory } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'casework';
let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase(databaseKinds()[0]);
});
afterAll(() => db?.drop());
const system = useCaseSystem('time-skipping', TASK_QUEUE, (sandbox) => ({ ...sandbox.ports, records: createPostgresRecords(db.pool) }));

const events = (timeline: { event: string; detail?: string }[], ...kinds: string[]) => timeline.filter((t) => kinds.includes(t.event)).map((t) => `${t.event} ${t.detail ?? ''}`);

/** Polls the case's record until its assignee is `assignee`; fails after 20 s. */
async function recordAssignee(pool: Pool, caseId: string, assignee: string | null): Promise<void> {
  const deadline = Date.now() + 20_000;
  let seen: unknown;
  for (;;) {
    const { rows } = await pool.query('SELECT assignee FROM case_records WHERE case_id = $1', [caseId]);
    seen = rows[0]?.assignee;
    if (rows.length > 0 && seen === assignee) return;
    if (Date.now() > deadline) throw new Error(`the record of ${caseId} never showed assignee ${String(assignee)}; it shows ${String(seen)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The refusal type an update failed with. */
async function refusedType(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
    throw err;
  }
  throw new Error('the update was accepted');
}

async function caseWaiting(more: Parameters<typeof startCase>[4] = {}) {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY, more);
  const state = await waitForCase(handle, 'AWAITING_DECISION');
  return { handle, state, tx };
}

describe('assigning a case and noting on it, on the time-skipping server', () => {
  test('assign, reassign and unassign are in the state, the timeline and the record; notes in the state and the timeline', async () => {
    const { handle, state } = await caseWaiting();
    expect(state).toMatchObject({ assignee: null, notes: [] });

    const assigned = await handle.executeUpdate(assignUpdate, { args: [{ assignee: 'agent_7', by: 'agent_7' }] });
    expect(assigned.assignee).toBe('agent_7');
    await recordAssignee(db.pool, state.caseId, 'agent_7');

    const noted = await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'Customer called: second charge on the statement.', by: 'agent_7' }] });
    expect(noted.notes).toEqual([{ at: expect.any(String), by: 'agent_7', text: 'Customer called: second charge on the statement.' }]);

    const reassigned = await handle.executeUpdate(assignUpdate, { args: [{ assignee: 'agent_9', by: 'sup_1' }] });
    expect(reassigned.assignee).toBe('agent_9');
    await recordAssignee(db.pool, state.caseId, 'agent_9');

    const unassigned = await handle.executeUpdate(assignUpdate, { args: [{ assignee: null, by: 'agent_9' }] });
    expect(unassigned.assignee).toBeNull();
    await recordAssignee(db.pool, state.caseId, null);
    expect(events(unassigned.timeline, 'ASSIGNED', 'REASSIGNED', 'UNASSIGNED', 'NOTE')).toEqual([
      'ASSIGNED to agent_7 by agent_7',
      'NOTE agent_7: Customer called: second charge on the statement.',
      'REASSIGNED to agent_9 (was agent_7) by sup_1',
      'UNASSIGNED agent_9 unassigned by agent_9',
    ]);

    // The case goes on as before: decided, refunded, and a resolved case still takes a note.
    await handle.executeUpdate(assignUpdate, { args: [{ assignee: 'agent_7', by: 'agent_7' }] });
    await handle.executeUpdate(decisionUpdate, { args: [{ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' }] });
    await waitForCase(handle, 'RESOLVED');
    const later = await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'Refund confirmed with the processor.', by: 'agent_7' }] });
    expect(later.notes.map((n) => n.text)).toEqual(['Customer called: second charge on the statement.', 'Refund confirmed with the processor.']);
    expect(later.assignee).toBe('agent_7');
    await recordHistory(handle, 'assigned-noted-reassigned-resolved');
  });

  test('a bad note or assignment is refused by the validator and never enters the history', async () => {
    const { handle } = await caseWaiting();
    expect(await refusedType(handle.executeUpdate(addNoteUpdate, { args: [{ text: '   ', by: 'agent_7' }] }))).toBe('INVALID_INPUT');
    expect(await refusedType(handle.executeUpdate(addNoteUpdate, { args: [{ text: 'x'.repeat(2001), by: 'agent_7' }] }))).toBe('INVALID_INPUT');
    expect(await refusedType(handle.executeUpdate(assignUpdate, { args: [{ assignee: '', by: 'agent_7' }] }))).toBe('INVALID_INPUT');
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(0);
    const state = await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'x'.repeat(2000), by: 'agent_7' }] });
    expect(state.notes).toHaveLength(1);
  });

  test('two people taking the same case at once "only if unassigned": one gets it, the other is told ALREADY_ASSIGNED', async () => {
    const { handle } = await caseWaiting();
    const take = (who: string) => handle.executeUpdate(assignUpdate, { args: [{ assignee: who, by: who, onlyIfUnassigned: true, toDecideAs: 'agent' }] });
    const results = await Promise.allSettled([take('agent_7'), take('agent_9')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]!.reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ALREADY_ASSIGNED' });
    const winner = (won[0] as PromiseFulfilledResult<{ assignee: string }>).value.assignee;
    expect(['agent_7', 'agent_9']).toContain(winner);
    expect(events((await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'mine', by: winner }] })).timeline, 'ASSIGNED')).toHaveLength(1);
  });

  test('the assignee and the notes survive continue-as-new, and the next run writes them to the record', async () => {
    const { handle, state } = await caseWaiting({ historyEventLimit: 40 });
    await handle.executeUpdate(assignUpdate, { args: [{ assignee: 'agent_7', by: 'sup_1' }] });
    await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'Waiting for the bank statement.', by: 'agent_7' }] });
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 25; i++) await handle.signal(decisionSignal, { action: 'PAY' } as unknown as Decision);
    const later = system.env.client.workflow.getHandle<typeof resolveDiscrepancy>(handle.workflowId);
    const continued = await waitForCase(later, (s) => s.timeline.filter((t) => t.event === 'DECISION_REFUSED').length === 25);
    expect((await later.describe()).runId).not.toBe(firstRun);
    expect(continued.assignee).toBe('agent_7');
    expect(continued.notes).toEqual([{ at: expect.any(String), by: 'agent_7', text: 'Waiting for the bank statement.' }]);

    const reassigned = await later.executeUpdate(assignUpdate, { args: [{ assignee: 'agent_9', by: 'agent_7' }] });
    expect(events(reassigned.timeline, 'REASSIGNED')).toEqual(['REASSIGNED to agent_9 (was agent_7) by agent_7']);
    await recordAssignee(db.pool, state.caseId, 'agent_9');
  });
});

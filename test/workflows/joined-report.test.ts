import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/worker';
import { caseStateQuery, reportUpdate, withdrawalUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { HISTORIES_DIR } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'joined-report';
const system = useCaseSystem('dev', TASK_QUEUE);
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

test('a report joining a case keeps what its customer wrote, re-assesses on their expected amount, and the run replays', async () => {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
  await waitForCase(handle, 'AWAITING_DECISION');

  const joined = { ...reportFor(tx.id), channel: 'chat' as const, category: 'AMOUNT_MISMATCH' as const, description: 'I expected to pay €49.99 once.', expectedAmount: eur(4999) };
  const ack = await handle.executeUpdate(reportUpdate, { args: [{ report: joined, requestId: 'second-report', reportedBy: 'key:loop-website' }] });
  expect(ack).toMatchObject({ status: 'AWAITING_DECISION', duplicate: true });
  // Someone else's claim is kept for the agents but changes nothing else.
  const stranger = { ...joined, customer: { id: 'cus_bob', email: 'bob@example.com', locale: 'en' as const }, expectedAmount: eur(1) };
  await handle.executeUpdate(reportUpdate, { args: [{ report: stranger, requestId: 'third-report', reportedBy: 'key:partner-site' }] });

  const state = await handle.query(caseStateQuery);
  expect(state.reports?.map((r) => [r.customerId, r.category, r.description, r.expectedAmount])).toEqual([
    ['cus_ada', 'AMOUNT_MISMATCH', 'I expected to pay €49.99 once.', eur(4999)],
    ['cus_bob', 'AMOUNT_MISMATCH', 'I expected to pay €49.99 once.', eur(1)],
  ]);
  expect(state.report.expectedAmount).toEqual(eur(4999));
  expect(state.reporters).toEqual([
    { serviceId: 'key:loop-website', customerId: 'cus_ada', customerEmail: 'ada@example.com' },
    { serviceId: 'key:partner-site', customerId: 'cus_bob', customerEmail: 'bob@example.com' },
  ]);
  expect(state.timeline.filter((t) => t.event === 'REASSESSED')).toHaveLength(1);
  const flagged = state.timeline.filter((t) => t.event === 'REPORTED_AGAIN').map((t) => (t.detail ?? '').includes('from another customer (cus_bob)'));
  expect(flagged).toEqual([false, true]);

  await handle.executeUpdate(withdrawalUpdate, { args: [{}] });
  await handle.result();
  const history = await handle.fetchHistory();
  const codePath = process.env.LOOP_TEST_WORKFLOW_BUNDLE;
  await Worker.runReplayHistory(codePath ? { workflowBundle: { codePath } } : { workflowsPath: WORKFLOWS_PATH }, history, 'joined-report-reassessed');
  if (process.env.RECORD_HISTORIES === '1') {
    // Beside the older histories, never over them: the replay test reads every version's folder.
    mkdirSync(join(HISTORIES_DIR, 'v2'), { recursive: true });
    writeFileSync(join(HISTORIES_DIR, 'v2', 'joined-report-reassessed.json'), historyToJSON(history));
  }
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Decision } from '../../domain/vocabulary';
import { caseStateQuery, customerMessageSignal, decisionUpdate, type resolveDiscrepancy } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { HISTORIES_DIR } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'long-cases';
const system = useCaseSystem('time-skipping', TASK_QUEUE);
const refund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: { amountMinor, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' });

/**
 * Chat lines from the customer until the case has continued as new (or `max` were sent), one at a
 * time: the time-skipping server does not retry a continue-as-new refused for a signal that came
 * meanwhile, so each line waits until the case has taken the one before.
 */
async function chatUntilContinuedAsNew(handle: WorkflowHandle<typeof resolveDiscrepancy>, max: number): Promise<number> {
  const latest = handle.client.getHandle<typeof resolveDiscrepancy>(handle.workflowId);
  const firstRun = (await latest.describe()).runId;
  for (let sent = 0; sent < max; sent++) {
    const messageId = `chat-${sent}`;
    await handle.signal(customerMessageSignal, { message: `still waiting, message ${sent}`, channel: 'chat', receivedAt: new Date().toISOString(), messageId });
    for (;;) {
      if ((await latest.describe()).runId !== firstRun) return sent + 1;
      // A query to a run whose workflow task fails waits for it: give up on it and look again.
      const query = latest.query(caseStateQuery).then((s) => s.customerMessageIds.includes(messageId), () => false);
      if (await Promise.race([query, new Promise<false>((r) => setTimeout(() => r(false), 1_000))])) break;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return max;
}

describe('a case that receives many customer messages', () => {
  test('RECORDING (old code): a FOLLOW_UP case continued as new fails its workflow task', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    await waitForCase(handle, 'RESOLVED');
    await system.env.sleep('7 days');
    await waitForCase(handle, 'FOLLOW_UP');
    const sent = await chatUntilContinuedAsNew(handle, 3_000);
    console.log(`continued as new after ${sent} messages`);
    const latest = system.env.client.workflow.getHandle(handle.workflowId);
    for (;;) {
      const raw = (await latest.describe()).raw;
      const history = await latest.fetchHistory();
      const failed = history.events!.filter((e) => e.workflowTaskFailedEventAttributes);
      console.log(`pending attempt ${raw.pendingWorkflowTask?.attempt}, failed events ${failed.length}`);
      if (failed.length > 0) {
        console.log(JSON.stringify(failed[0]!.workflowTaskFailedEventAttributes));
        mkdirSync(join(HISTORIES_DIR, 'v2'), { recursive: true });
        writeFileSync(join(HISTORIES_DIR, 'v2', 'stuck-follow-up-after-continue-as-new.json'), historyToJSON(history));
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 300_000);
});

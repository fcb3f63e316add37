import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { keyIdOf } from '../../security/codec';
import { encryptedDataConverter } from '../../security/data-converter';
import { keyRingOf } from '../../security/keys';
import { caseStateQuery, decisionUpdate, satisfactionUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { startSandbox, type Sandbox } from '../support/sandbox';
import { caseWorker, clientFor, startDevServer } from '../support/temporal';
import { payloadsIn, rawHistory } from './raw-history';

const TASK_QUEUE = 'rotation';
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const beforeRotation = encryptedDataConverter(keyRingOf([k1]));
const afterRotation = encryptedDataConverter(keyRingOf([k2, k1]));
/** Agents decide, and the follow-up comes after a second and a half instead of a week. */
const POLICY = { ...AGENT_ONLY_POLICY, followUpDelayMs: 1_500 };

let env: TestWorkflowEnvironment;
let sandbox: Sandbox;
const workers: { worker: Worker; running: Promise<void> }[] = [];

async function startWorker(dataConverter: typeof beforeRotation) {
  const worker = await caseWorker(env, TASK_QUEUE, sandbox.ports, { dataConverter });
  const started = { worker, running: worker.run() };
  workers.push(started);
  return started;
}

beforeAll(async () => {
  // The dev server, a real Temporal server: a stopped worker's cases move to the next worker as in production.
  env = await startDevServer();
  sandbox = await startSandbox();
});

afterAll(async () => {
  for (const { worker, running } of workers) {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  }
  await sandbox?.close();
  await env?.teardown();
});

describe('rotating the payload key', () => {
  test('a case started under key 1 finishes after key 2 becomes current; its history holds payloads under both', async () => {
    const oldClient: Client = clientFor(env, { dataConverter: beforeRotation });
    const first = await startWorker(beforeRotation);
    const tx = sandbox.charge({ captureCount: 2 });
    const started = await startCase(oldClient, TASK_QUEUE, reportFor(tx.id), POLICY);
    await waitForCase(started, 'AWAITING_DECISION');
    first.worker.shutdown();
    await first.running;

    // The new worker has no cached state: it replays the case from history written under k1.
    await startWorker(afterRotation);
    const newClient = clientFor(env, { dataConverter: afterRotation });
    const handle = newClient.workflow.getHandle(started.workflowId);
    await handle.executeUpdate(decisionUpdate, { args: [{ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' }] });
    await waitForCase(handle, 'RESOLVED');
    await waitForCase(handle, 'FOLLOW_UP');
    await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true }] });
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED', report: { customer: { email: 'ada@example.com' } } });
    expect(sandbox.store.getTransaction(tx.id)!.refunds).toHaveLength(1);

    const keyIds = payloadsIn(await rawHistory(clientFor(env), started.workflowId)).map((f) => keyIdOf(f.payload)).filter(Boolean);
    expect(new Set(keyIds)).toEqual(new Set(['k1', 'k2']));
    // The input was written before the rotation, the result after it.
    expect(keyIds[0]).toBe('k1');
    expect(keyIds.at(-1)).toBe('k2');

    // A client still holding only k1 cannot read what the worker now writes, and says which key it lacks.
    await expect(oldClient.workflow.getHandle(started.workflowId).query(caseStateQuery)).rejects.toThrow(/"k2"/);
  });
});

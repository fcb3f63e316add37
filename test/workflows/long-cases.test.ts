import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { PortError, type PaymentProcessor } from '../../activities/ports';
import { CASE_BOUNDS } from '../../domain/bounds';
import { ErrorType } from '../../domain/errors';
import type { CaseState, Decision } from '../../domain/vocabulary';
import { caseStateQuery, customerMessageSignal, decisionUpdate, resolveDiscrepancy, satisfactionUpdate, type CaseInput } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { HISTORIES_DIR } from '../support/histories';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'long-cases';
// Every test has its own timeout: a server that stops skipping time must fail the test, not hang CI.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** While set, the processor answers every refund with something unreadable: the execution fails, neither done nor refused. */
const faults = { garbleRefunds: false };
const system = useCaseSystem('time-skipping', TASK_QUEUE, (sandbox) => ({
  ...sandbox.ports,
  processors: { sandbox: garbling(sandbox.ports.processors.sandbox!) },
}));
beforeEach(() => {
  faults.garbleRefunds = false;
});

function garbling(real: PaymentProcessor): PaymentProcessor {
  return {
    getTransaction: (id) => real.getTransaction(id),
    findTransactionsForOrder: (orderId) => real.findTransactionsForOrder(orderId),
    getRefund: (transactionId, refundId) => real.getRefund(transactionId, refundId),
    findRefundByKey: (transactionId, key) => real.findRefundByKey(transactionId, key),
    issueRefund: (request) => {
      if (faults.garbleRefunds) return Promise.reject(new PortError(ErrorType.PORT_PROTOCOL_ERROR, 'the processor answered something unreadable', false));
      return real.issueRefund(request);
    },
  };
}

const refund = (amountMinor: number): Decision => ({ action: 'REFUND', amount: { amountMinor, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' });
const events = (s: CaseState, event: string) => s.timeline.filter((t) => t.event === event);
const latestOf = (handle: WorkflowHandle) => system.env.client.workflow.getHandle<typeof resolveDiscrepancy>(handle.workflowId);
let chatLines = 0;

const { EventType } = temporal.api.enums.v1;
const IN_FLIGHT = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
]);
/** Signaled, workflow task scheduled, started and completed: a line the run has taken. */
const EVENTS_PER_LINE = 4;
/** Closer than this to its history limit, a run may continue as new on the next line it takes. */
const NEAR_THE_LIMIT = 300;

/** The run has taken the last line it was sent and has no task in flight: read from its history, never by a query. */
async function settled(workflowId: string, runId: string): Promise<boolean> {
  const history = await system.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const types = (history.events ?? []).map((e) => e.eventType);
  const lastSignal = types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  const taken = lastSignal < types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  return taken && !IN_FLIGHT.has(types.at(-1)!);
}

/**
 * Chat lines from the customer, sent so that nothing reaches a run while its continue-as-new task is
 * in flight. On the time-skipping server (1.40.0), a query sent then gets that completion refused:
 * the worker logs "Task not found when completing … workflow execution already completed" (the
 * server's `RequestContext.addEvent` refuses events on a closed run), the run is CONTINUED_AS_NEW but
 * its history lacks the completion, and the time-skipping lock that task held is never released:
 * `env.sleep` and `result()` then wait for ever, for every later test of the file. Measured: with a
 * query after each line, every continue-as-new logged it and `env.sleep('15 days')` never returned;
 * with no queries, none did and it returned at once. So this never queries; near the history limit
 * it sends the next line only once the history shows the last one taken and nothing in flight.
 * Stops early, when told to, once the case has continued as new. Returns the runs seen.
 */
async function chat(
  handle: WorkflowHandle,
  count: number,
  { historyLimit = CASE_BOUNDS.historyEvents as number, untilContinuedAsNew = false } = {},
): Promise<string[]> {
  const latest = latestOf(handle);
  const runs = [(await latest.describe()).runId];
  const sawRun = (runId: string) => {
    if (runId === runs.at(-1)) return false;
    runs.push(runId);
    return true;
  };
  let { runId, historyLength } = await latest.describe();
  for (let i = 0; i < count; i++) {
    const messageId = `chat-${(chatLines += 1)}`;
    const receivedAt = new Date().toISOString();
    const line = { message: `still waiting (${i})`, channel: 'chat' as const, receivedAt, messageId };
    const [before, run] = [historyLength, runId];
    await latest.signal(customerMessageSignal, line);
    // One line per workflow task, as lines typed minutes apart arrive: the history grows as a real case's does.
    for (;;) {
      ({ runId, historyLength } = await latest.describe());
      if (runId !== run) break;
      const near = historyLength > historyLimit - NEAR_THE_LIMIT;
      if (near ? await settled(handle.workflowId, runId) : historyLength >= before + EVENTS_PER_LINE) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    if (sawRun(runId) && untilContinuedAsNew) return runs;
  }
  // What follows may query the case: let the last lines be taken first.
  for (;;) {
    const { runId } = await latest.describe();
    if (await settled(handle.workflowId, runId)) {
      sawRun(runId);
      return runs;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A refunded case, asked whether the customer is satisfied. */
async function inFollowUp() {
  const tx = system.sandbox.charge({ captureCount: 2 });
  const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY);
  await waitForCase(handle, 'AWAITING_DECISION');
  await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
  await waitForCase(handle, 'RESOLVED');
  await system.env.sleep('7 days');
  return waitForCase(handle, 'FOLLOW_UP').then((asked) => ({ handle, asked }));
}

describe('a case that receives many customer messages', () => {
  test('a FOLLOW_UP case sent 1,500 chat lines continues as new and still closes when the customer answers', async () => {
    const { handle } = await inFollowUp();
    const runs = await chat(handle, 1_500);
    expect(runs.length).toBeGreaterThan(1);
    const later = latestOf(handle);
    const now = await later.query(caseStateQuery);
    expect(events(now, 'SATISFACTION_ASKED')).toEqual([]); // compacted away, as in the stuck case
    const reply = await later.executeUpdate(satisfactionUpdate, { args: [{ satisfied: true }] });
    expect(reply).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED' });
    expect(await later.result()).toMatchObject({ status: 'CLOSED', closedReason: 'SATISFIED' });
  }, 60_000);

  test('a FOLLOW_UP case sent 1,500 chat lines continues as new and closes as NO_ANSWER 14 days after the question', async () => {
    const { handle, asked } = await inFollowUp();
    expect((await chat(handle, 1_500)).length).toBeGreaterThan(1);
    await system.env.sleep('15 days');
    const closed = await waitForCase(latestOf(handle), 'CLOSED');
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'NO_ANSWER', satisfactionAskedAt: asked.satisfactionAskedAt });
    const waited = Date.parse(events(closed, 'CLOSED')[0]!.at) - Date.parse(asked.satisfactionAskedAt!);
    expect(waited).toBeGreaterThanOrEqual(14 * 86_400_000);
    expect(waited).toBeLessThan(14 * 86_400_000 + 3_600_000);
  }, 60_000);
});

describe('a case stuck by an earlier version of the workflow', () => {
  // The run recorded from the old code: its carried state is in FOLLOW_UP without SATISFACTION_ASKED.
  const stuck = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, 'v2', 'stuck-follow-up-after-continue-as-new.json'), 'utf8')));
  const payload = stuck.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!;
  const stuckInput = JSON.parse(Buffer.from(payload).toString('utf8')) as CaseInput;
  const { seconds, nanos } = stuck.events![0]!.eventTime!;
  const recordedAt = Number(seconds) * 1000 + Math.floor((nanos ?? 0) / 1e6);
  let copies = 0;
  /**
   * A copy of the stuck run, every date in its state moved by as much as the server's clock has gone on
   * since the recording: the file's other tests skip weeks, and the calendar goes on too, so the
   * recorded dates alone would put the copy past its answer window (the shape, no SATISFACTION_ASKED, stays).
   */
  const restart = async () => {
    const shift = (await system.env.currentTimeMs()) - recordedAt;
    const moved = (_key: string, value: unknown) =>
      typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(Date.parse(value) + shift).toISOString() : value;
    const input = JSON.parse(JSON.stringify(stuckInput), moved) as CaseInput;
    const workflowId = `stuck-copy-${(copies += 1)}`;
    const handle = await system.env.client.workflow.start(resolveDiscrepancy, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    return { handle, input };
  };

  test('the recorded stuck state really lacks the question', () => {
    expect(stuckInput.resume!.state.status).toBe('FOLLOW_UP');
    expect(stuckInput.resume!.state.timeline.some((t) => t.event === 'SATISFACTION_ASKED')).toBe(false);
  });

  test('goes on from its carried state and takes the customer\'s answer', async () => {
    const { handle, input } = await restart();
    const waiting = await waitForCase(handle, 'FOLLOW_UP');
    const { resolvedAt } = input.resume!.state.resolution!;
    // The question's date was dropped with the timeline: the answer window counts from when it was due.
    expect(waiting.satisfactionAskedAt).toBe(new Date(Date.parse(resolvedAt) + input.policy.followUpDelayMs).toISOString());
    const reply = await handle.executeUpdate(satisfactionUpdate, { args: [{ satisfied: false, comment: 'nothing arrived' }] });
    expect(reply).toMatchObject({ status: 'AWAITING_DECISION', reopenings: 1 });
  }, 30_000);

  test('goes on from its carried state and closes as NO_ANSWER when the answer window ends', async () => {
    const { handle } = await restart();
    const closed = await handle.result();
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'NO_ANSWER' });
    expect(Date.parse(events(closed, 'CLOSED')[0]!.at)).toBeGreaterThanOrEqual(Date.parse(closed.satisfactionAskedAt!) + stuckInput.policy.satisfactionAnswerWindowMs);
  }, 30_000);
});

describe('counters a step needs survive continue-as-new', () => {
  test('a pending refund\'s settlement checks go on from their last interval after continue-as-new, not from one minute', async () => {
    const tx = system.sandbox.charge({ amountMinor: 9000, captureCount: 2, refundSettlement: 'pending' });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY, { historyEventLimit: 1_100 });
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [refund(9000)] });
    await waitForCase(handle, (s) => s.pendingRefund !== null);
    await system.env.sleep('70 minutes'); // checks 1, 2, 4, 8, 16 and 32 minutes apart
    const checked = await waitForCase(handle, (s) => events(s, 'SETTLEMENT_CHECKED').length === 6);
    expect(checked.pendingRefund?.checks).toBe(6);

    // The next check is due 64 minutes after the sixth; the chat lines end the run before it.
    const runs = await chat(handle, 600, { historyLimit: 1_100, untilContinuedAsNew: true });
    expect(runs).toHaveLength(2);
    const later = latestOf(handle);
    const carried = await later.query(caseStateQuery);
    expect(events(carried, 'REFUND_PENDING')).toEqual([]); // compacted away
    expect(carried.pendingRefund?.checks).toBe(6);

    await system.env.sleep('30 minutes');
    expect(events(await later.query(caseStateQuery), 'SETTLEMENT_CHECKED')).toEqual([]);
    await system.env.sleep('40 minutes');
    const next = await waitForCase(later, (s) => events(s, 'SETTLEMENT_CHECKED').length === 1);
    expect(next.pendingRefund?.checks).toBe(7);
  }, 60_000);

  test('the third failed execution of a decision goes to a supervisor even when the first two were compacted away', async () => {
    faults.garbleRefunds = true;
    const tx = system.sandbox.charge({ captureCount: 2 });
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY, { historyEventLimit: 500 });
    await waitForCase(handle, 'AWAITING_DECISION');
    const firstRun = (await handle.describe()).runId;
    await handle.executeUpdate(decisionUpdate, { args: [refund(4999)] });
    await waitForCase(handle, (s) => s.executionFailures === 1);
    await system.env.sleep('1 hour');
    await waitForCase(handle, (s) => s.executionFailures === 2);

    // 250 chat lines while it waits to try again: the run continues as new before the third try.
    await chat(handle, 250, { historyLimit: 500 });
    await system.env.sleep('1 hour');
    const later = latestOf(handle);
    const third = await waitForCase(later, (s) => s.executionFailures === 3);
    expect(events(third, 'EXECUTION_FAILED')).toHaveLength(1); // the first two are gone from the timeline
    expect(third.escalation?.reason).toMatch(/^the decision failed 3 times/);
    expect((await later.describe()).runId).not.toBe(firstRun);
  }, 60_000);
});

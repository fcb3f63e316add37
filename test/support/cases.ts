import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { caseIdFor } from '../../api/case-id';
import { caseMetadata } from '../../api/cases';
import { workflowIdFor } from '../../domain/ids';
import { DEFAULT_CASE_POLICY, type CasePolicy, type CaseState, type DisputeReport, type DisputeStatus } from '../../domain/vocabulary';
import { caseStateQuery, resolveDiscrepancy, type CaseInput } from '../../workflows/resolve-discrepancy';
import { initialSearchAttributes } from '../../workflows/search-attributes';

export function reportFor(transactionId: string, overrides: Partial<DisputeReport> = {}): DisputeReport {
  return {
    customer: { id: 'cus_ada', email: 'ada@example.com', locale: 'fr' },
    channel: 'web',
    category: 'DUPLICATE_CHARGE',
    transaction: { processor: 'sandbox', id: transactionId },
    description: 'Débité deux fois pour la même commande.',
    ...overrides,
  };
}

/** The production policy with automatic resolution off: for tests of the agent's path. */
export const AGENT_ONLY_POLICY: CasePolicy = { ...DEFAULT_CASE_POLICY, autoResolveCeilingMinor: 0 };

/** Starts a case directly on Temporal (as the API would), with the production default policy unless told otherwise. */
export async function startCase(client: Client, taskQueue: string, report: DisputeReport, policy: CasePolicy = DEFAULT_CASE_POLICY, more: Partial<CaseInput> = {}) {
  const caseId = caseIdFor(report.transaction.processor, report.transaction.id);
  const input: CaseInput = { caseId, report, receivedAt: new Date().toISOString(), intakeRequestId: randomUUID(), policy, ...more };
  return client.workflow.start(resolveDiscrepancy, {
    workflowId: workflowIdFor(caseId),
    taskQueue,
    args: [input],
    typedSearchAttributes: initialSearchAttributes(report),
    ...caseMetadata(caseId, report),
  });
}

/** Polls the case until `predicate` holds (workflow progress is asynchronous); fails after `timeoutMs`. */
export async function waitForCase(
  handle: { query: (q: typeof caseStateQuery) => Promise<CaseState> },
  predicate: DisputeStatus | ((s: CaseState) => boolean),
  timeoutMs = 20_000,
): Promise<CaseState> {
  const test = typeof predicate === 'string' ? (s: CaseState) => s.status === predicate : predicate;
  const deadline = Date.now() + timeoutMs;
  let last: CaseState | undefined;
  for (;;) {
    last = await handle.query(caseStateQuery);
    if (test(last)) return last;
    if (Date.now() > deadline) {
      const recent = last.timeline.slice(-4).map((t) => `${t.event}${t.detail ? ` (${t.detail})` : ''}`).join('; ');
      throw new Error(`case ${last.caseId} never reached the expected state; last status ${last.status}; recent: ${recent}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}


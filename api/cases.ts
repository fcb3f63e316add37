import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { CasePolicy, DisputeReport } from '../domain/vocabulary';
import { workflowIdFor } from '../domain/ids';
import { reportUpdate, type CaseInput, type ReportAck, type resolveDiscrepancy } from '../workflows/resolve-discrepancy';
import { initialSearchAttributes } from '../workflows/search-attributes';
import { caseIdFor } from './case-id';

/** Memo key naming the credential that opened a case (a service's key name, never personal data). */
export const OPENED_BY_MEMO = 'openedBy';

export interface CaseOpener {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
}

/**
 * Opens the case for a report's transaction, or joins the case already open for it (one
 * update-with-start, so a retried or concurrent report never opens a second case). A report
 * after the case closed opens a new run under the same case number. `idempotencyKey`: the
 * caller's key (a retry with a key seen before is not recorded again); `openedBy`: the
 * service that opened it, kept in the memo under OPENED_BY_MEMO.
 */
export async function openCase(
  { client, taskQueue, policy }: CaseOpener,
  report: DisputeReport,
  { idempotencyKey, openedBy }: { idempotencyKey?: string | undefined; openedBy?: string | undefined } = {},
): Promise<ReportAck> {
  const caseId = caseIdFor(report.transaction.processor, report.transaction.id);
  const requestId = randomUUID();
  const input: CaseInput = { caseId, report, receivedAt: new Date().toISOString(), intakeRequestId: requestId, policy };
  return client.workflow.executeUpdateWithStart(reportUpdate, {
    args: [{ report, requestId, ...(idempotencyKey ? { idempotencyKey } : {}) }],
    startWorkflowOperation: new WithStartWorkflowOperation<typeof resolveDiscrepancy>('resolveDiscrepancy', {
      workflowId: workflowIdFor(caseId),
      taskQueue,
      args: [input],
      // One case per transaction while it is open; a report after it closed opens a new run.
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: initialSearchAttributes(report),
      // The service that opened the case (website key name): lets it read back what it opened.
      ...(openedBy ? { memo: { [OPENED_BY_MEMO]: openedBy } } : {}),
    }),
  });
}

import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { caseDetails, caseSummary } from '../domain/case-summary';
import type { CasePolicy, DisputeReport } from '../domain/vocabulary';
import { workflowIdFor } from '../domain/ids';
import { reportUpdate, type CaseInput, type ReportAck, type resolveDiscrepancy } from '../workflows/resolve-discrepancy';
import { initialSearchAttributes } from '../workflows/search-attributes';
import { caseIdFor } from './case-id';
import { writeWithin } from './deadlines';

/**
 * Memo key naming the service that opened a case (its principal id, never personal data). Cases
 * opened before the case kept its `reporters` are read back by it; new ones still carry it, for a
 * case started while a worker without `reporters` runs.
 */
export const OPENED_BY_MEMO = 'openedBy';

export interface CaseOpener {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
  /** `false`: the case writes no case record (CASE_RECORDS=off, for benchmarks). @default true */
  records?: boolean;
  /** Where people reach the API and the console (PUBLIC_URL): the links in a case's details in the Temporal UI. */
  publicUrl?: string;
}

/** The summary and details the Temporal Web UI and CLI show for the case (domain/case-summary.ts); payloads, so encrypted like the rest. */
export function caseMetadata(caseId: string, report: DisputeReport, publicUrl?: string): { staticSummary: string; staticDetails: string } {
  return { staticSummary: caseSummary(caseId, report), staticDetails: caseDetails(caseId, report, publicUrl ? { publicUrl } : {}) };
}

/**
 * Opens the case for a report's transaction, or joins the case already open for it (one
 * update-with-start, so a retried or concurrent report never opens a second case). A report
 * after the case closed opens a new run under the same case number. `idempotencyKey`: the
 * caller's key (a retry with a key seen before is not recorded again); `reportedBy`: the
 * service that sent the report, which the case remembers with the report's customer (and, when
 * this report opens it, the memo under OPENED_BY_MEMO).
 */
export async function openCase(
  { client, taskQueue, policy, records, publicUrl }: CaseOpener,
  report: DisputeReport,
  { idempotencyKey, reportedBy }: { idempotencyKey?: string | undefined; reportedBy?: string | undefined } = {},
): Promise<ReportAck> {
  const caseId = caseIdFor(report.transaction.processor, report.transaction.id);
  const requestId = randomUUID();
  const input: CaseInput = { caseId, report, receivedAt: new Date().toISOString(), intakeRequestId: requestId, policy, ...(records === false ? { records } : {}) };
  // Bounded: a hanging Temporal answers 503 after the write deadline; the case's seen keys make a retry safe.
  return writeWithin(client, () => client.workflow.executeUpdateWithStart(reportUpdate, {
    args: [{ report, requestId, ...(idempotencyKey ? { idempotencyKey } : {}), ...(reportedBy ? { reportedBy } : {}) }],
    startWorkflowOperation: new WithStartWorkflowOperation<typeof resolveDiscrepancy>('resolveDiscrepancy', {
      workflowId: workflowIdFor(caseId),
      taskQueue,
      args: [input],
      // One case per transaction while it is open; a report after it closed opens a new run.
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: initialSearchAttributes(report),
      ...caseMetadata(caseId, report, publicUrl),
      ...(reportedBy ? { memo: { [OPENED_BY_MEMO]: reportedBy } } : {}),
    }),
  }));
}

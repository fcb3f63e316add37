/** Case numbers are opaque: `DSP-` and ten characters of Crockford base32. No personal data. */
export const CASE_ID_PATTERN = /^DSP-[0-9A-HJKMNP-TV-Z]{10}$/;

const WORKFLOW_PREFIX = 'dispute-';

/** The workflow id of a case: a business key, so a second start for the same case finds the first. */
export function workflowIdFor(caseId: string): string {
  return `${WORKFLOW_PREFIX}${caseId}`;
}

export function caseIdFromWorkflowId(workflowId: string): string | null {
  return workflowId.startsWith(WORKFLOW_PREFIX) ? workflowId.slice(WORKFLOW_PREFIX.length) : null;
}

/**
 * The idempotency key for moving money on a case. `caseRunId` tells apart two cases for the same
 * transaction (a report after the first case closed); `sequence` tells apart the decisions of one
 * case; retries of one step reuse the key, so the processor or ledger pays at most once.
 */
export function moneyMovementKey(workflowId: string, caseRunId: string, step: 'refund' | 'credit', sequence: number): string {
  return `${workflowId}/${caseRunId}/${step}-${sequence}`;
}

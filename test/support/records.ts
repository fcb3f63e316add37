import type { CaseRecord } from '../../records/record';

/** A case record as the projection writes it, for tests that seed the records database. */
export function sampleRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId: 'DSP-0000000001', caseRunId: 'run-1', version: 1, status: 'RECEIVED', category: 'DUPLICATE_CHARGE', processor: 'sandbox', channel: 'web',
    liability: null, rule: null, recommendedAction: null, currency: 'EUR', disputedMinor: 1999, refundedMinor: 0, creditedMinor: 0,
    customerId: 'cus_ada', customerEmail: 'ada@example.com', customerLocale: 'en', orderId: 'ord_1', transactionId: 'txn_1',
    openedAt: '2026-12-01T10:00:00.000Z', firstDecisionAt: null, firstDecisionDueAt: '2026-12-03T10:00:00.000Z', resolutionDueAt: null, resolvedAt: null, closedAt: null,
    slaBreached: false, escalated: false, outsideReportingWindow: false, openChargeback: false, assignee: null, outcome: null, closedReason: null,
    reopenings: 0, satisfied: null, decidedAutomatically: null, decidedBy: null, statusSince: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

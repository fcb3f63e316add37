import type { Pool } from 'pg';
import type { CaseRecord, RecordsPort, RecordWrite } from './record';

/** Record fields and their columns, in one order: the upsert is built from it. */
const COLUMNS: [keyof CaseRecord, string][] = [
  ['caseId', 'case_id'],
  ['caseRunId', 'case_run_id'],
  ['version', 'version'],
  ['status', 'status'],
  ['category', 'category'],
  ['processor', 'processor'],
  ['channel', 'channel'],
  ['liability', 'liability'],
  ['rule', 'rule'],
  ['recommendedAction', 'recommended_action'],
  ['currency', 'currency'],
  ['disputedMinor', 'disputed_minor'],
  ['refundedMinor', 'refunded_minor'],
  ['creditedMinor', 'credited_minor'],
  ['customerId', 'customer_id'],
  ['customerEmail', 'customer_email'],
  ['customerLocale', 'customer_locale'],
  ['orderId', 'order_id'],
  ['transactionId', 'transaction_id'],
  ['openedAt', 'opened_at'],
  ['firstDecisionAt', 'first_decision_at'],
  ['firstDecisionDueAt', 'first_decision_due_at'],
  ['resolutionDueAt', 'resolution_due_at'],
  ['resolvedAt', 'resolved_at'],
  ['closedAt', 'closed_at'],
  ['slaBreached', 'sla_breached'],
  ['escalated', 'escalated'],
  ['outsideReportingWindow', 'outside_reporting_window'],
  ['openChargeback', 'open_chargeback'],
  ['assignee', 'assignee'],
  ['outcome', 'outcome'],
  ['closedReason', 'closed_reason'],
  ['reopenings', 'reopenings'],
  ['satisfied', 'satisfied'],
  ['decidedAutomatically', 'decided_automatically'],
  ['decidedBy', 'decided_by'],
  ['statusSince', 'status_since'],
];

export const CASE_RECORD_COLUMNS = COLUMNS;

const KEY = new Set(['case_id', 'case_run_id']);
const UPSERT = `INSERT INTO case_records (${COLUMNS.map(([, c]) => c).join(', ')}, updated_at)
VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, now())
ON CONFLICT (case_id, case_run_id) DO UPDATE SET
${COLUMNS.filter(([, c]) => !KEY.has(c)).map(([, c]) => `  ${c} = EXCLUDED.${c}`).join(',\n')},
  updated_at = now()
WHERE case_records.version < EXCLUDED.version`;

/**
 * Case records in PostgreSQL: one upsert guarded by the version (so a retried or late write never
 * moves a record backwards) and the status changes inserted once each, in one transaction.
 */
export function createPostgresRecords(pool: Pool): RecordsPort {
  return {
    async write({ record, statusChanges }: RecordWrite) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(UPSERT, COLUMNS.map(([field]) => record[field]));
        for (const change of statusChanges) {
          await client.query(
            'INSERT INTO case_status_changes (case_id, case_run_id, seq, status, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
            [record.caseId, record.caseRunId, change.seq, change.status, change.at],
          );
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

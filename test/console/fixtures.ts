import { assess } from '../../domain/assessment';
import { awaitDecision, moveTo, openCase, recordFindings } from '../../domain/case-state';
import { DEFAULT_CASE_POLICY, type CaseState } from '../../domain/vocabulary';
import { staffView } from '../../api/views';
import type { StaffCaseView } from '../../console/src/lib/types';
import { findings, transaction, report as reportFixture } from '../domain/fixtures';

const at = '2026-03-10T10:00:00.000Z';

/** A duplicate capture of 50 € waiting for an agent, as `GET /v1/disputes/{id}` shows it to staff. */
export function awaitingDecisionView(edit: (s: CaseState) => CaseState = (s) => s): StaffCaseView {
  const report = reportFixture('DUPLICATE_CHARGE');
  const f = findings(transaction([5000, 5000]), 5000);
  let s = moveTo(openCase('DSP-0000000001', report, at, DEFAULT_CASE_POLICY), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
  s = recordFindings(s, f, assess(report, f, at, 60));
  s = awaitDecision(s, at, DEFAULT_CASE_POLICY);
  return { ...staffView(edit(s)), assignee: null, notes: [] };
}

import { assess } from '../../domain/assessment';
import * as c from '../../domain/case-state';
import { caseDetails, caseSummary, currentDetails, spanWords } from '../../domain/case-summary';
import { DEFAULT_CASE_POLICY } from '../../domain/vocabulary';
import { eur, findings, report, transaction } from './fixtures';

const policy = DEFAULT_CASE_POLICY;

describe("what an engineer reads about a case in the Temporal UI", () => {
  test('the summary says what the case is on one line; the details link to the console and the API', () => {
    const r = { ...report('DUPLICATE_CHARGE'), expectedAmount: eur(8999) };
    expect(caseSummary('DSP-ABC', r)).toBe('DSP-ABC · duplicate charge · sandbox · €89.99');
    const details = caseDetails('DSP-ABC', r, { publicUrl: 'https://disputes.loop.example' });
    expect(details).toContain('**Transaction** `tx_1`');
    expect(details).toContain('[Open in the agent console](https://disputes.loop.example/console/cases/DSP-ABC)');
    expect(details).toContain('(https://disputes.loop.example/v1/disputes/DSP-ABC)');
  });

  test("never a customer's e-mail or words", () => {
    const r = report('UNAUTHORIZED');
    const text = [caseSummary('DSP-1', r), caseDetails('DSP-1', r), currentDetails(c.openCase('DSP-1', r, '2026-03-09T09:00:00.000Z', policy), policy)].join('\n');
    expect(text).not.toContain(r.customer!.email);
    expect(text).not.toContain(r.description);
  });

  test('the current details say what the case waits for, and until when', () => {
    const opened = c.openCase('DSP-1', report('DUPLICATE_CHARGE'), '2026-03-09T09:00:00.000Z', policy);
    expect(currentDetails(opened, policy)).toMatch(/^\*\*RECEIVED\*\*: investigating/);
    const investigating = c.moveTo(opened, 'INVESTIGATING', '2026-03-09T09:00:01.000Z', 'INVESTIGATION_STARTED');
    const found = findings(transaction([4999, 4999]), 4999);
    const assessed = c.recordFindings(investigating, found, assess(investigating.report, found, investigating.receivedAt, policy.reportingWindowDays));
    const waiting = c.awaitDecision(assessed, '2026-03-10T10:00:00.000Z', policy);
    const details = currentDetails(waiting, policy);
    expect(details).toContain(`**AWAITING_DECISION**: waiting for an agent’s decision, first decision due ${waiting.deadlines.firstDecisionDueAt!.slice(0, 16).replace('T', ' ')} UTC`);
    expect(details).toContain('**Liability** merchant · **Recommended** refund €49.99');
    const asked = c.requestInformation(waiting, 'Which order?', 'agent_1', '2026-03-10T11:00:00.000Z');
    expect(currentDetails(asked, policy)).toContain('waiting for the customer’s answer until 2026-03-24 11:00 UTC');
  });

  test('delays in words', () => {
    expect([spanWords(7 * 86_400_000), spanWords(36 * 3_600_000), spanWords(120_000), spanWords(86_400_000)]).toEqual(['7 days', '36 hours', '2 minutes', '1 day']);
  });
});

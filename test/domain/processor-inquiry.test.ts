import { assess } from '../../domain/assessment';
import * as c from '../../domain/case-state';
import { automaticDecision, checkDecision, checkProcessorAnswer, checkWithdrawal } from '../../domain/decision';
import { DEFAULT_CASE_POLICY, type CasePolicy, type CaseState, type ProcessorAnswer } from '../../domain/vocabulary';
import { eur, findings, report as reportFixture, transaction } from './fixtures';

// Tuesday 10 March 2026.
const at = '2026-03-10T10:00:00.000Z';
const report = reportFixture('AMOUNT_MISMATCH');

/** A case where the processor captured 55 € though Loop asked for 50 €, waiting for an agent. */
function awaitingDecision(): CaseState {
  const f = findings({ ...transaction([5500]), requestedAmount: eur(5000) }, 5000);
  let s = c.moveTo(c.openCase('DSP-0000000001', report, at, DEFAULT_CASE_POLICY), 'INVESTIGATING', at, 'INVESTIGATION_STARTED');
  s = c.recordFindings(s, f, assess(report, f, at, 60));
  return c.awaitDecision(s, at, DEFAULT_CASE_POLICY);
}

const raised = (policy: CasePolicy = DEFAULT_CASE_POLICY) => c.raiseWithProcessor(awaitingDecision(), 'agent_7', 'captured 55 € for 50 € asked', at, policy);
const answer = (more: Partial<ProcessorAnswer> = {}): ProcessorAnswer => ({ outcome: 'PROCESSOR_ERROR_CONFIRMED', text: 'Adyen confirms a capture error', recordedBy: 'agent_7', ...more });

describe('raising a case with the processor', () => {
  test('the case waits for the processor, whose answer is due 10 business days later (two weekends skipped)', () => {
    const s = raised();
    expect(s.assessment?.rule).toBe('PROCESSOR_CHARGED_OTHER_AMOUNT');
    expect(s.status).toBe('AWAITING_PROCESSOR');
    expect(s.processorInquiry).toEqual({ raisedAt: at, raisedBy: 'agent_7', dueAt: '2026-03-24T10:00:00.000Z', note: 'captured 55 € for 50 € asked', answer: null });
    expect(s.timeline.at(-1)?.event).toBe('PROCESSOR_INQUIRY_RAISED');
  });

  test('the due date follows the policy, and a policy from before the setting gives the processor 10 business days', () => {
    expect(raised({ ...DEFAULT_CASE_POLICY, processorInquiryBusinessDays: 3 }).processorInquiry?.dueAt).toBe('2026-03-13T10:00:00.000Z');
    const { processorInquiryBusinessDays: _dropped, ...older } = DEFAULT_CASE_POLICY;
    expect(raised(older as CasePolicy).processorInquiry?.dueAt).toBe('2026-03-24T10:00:00.000Z');
  });

  test('while the processor is asked, no decision is taken, but the customer may still withdraw', () => {
    const s = raised();
    expect(checkDecision(s, { action: 'EXPLAIN', reason: 'x', agentId: 'agent_7' })).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'status' }] });
    expect(checkWithdrawal(s)).toBeNull();
    expect(c.withdraw(s, at, 'sorted it out with my bank').status).toBe('WITHDRAWN');
  });

  test.each([
    ['a confirmed processor error', answer(), null],
    ['the processor finding no error', answer({ outcome: 'NO_PROCESSOR_ERROR' }), null],
    ['an unknown outcome', answer({ outcome: 'MAYBE' as never }), 'INVALID_INPUT'],
    ['an empty text', answer({ text: '  ' }), 'INVALID_INPUT'],
    ['no one recording it', answer({ recordedBy: '' }), 'INVALID_INPUT'],
    ['nothing at all', null as unknown as ProcessorAnswer, 'INVALID_INPUT'],
  ])('an answer with %s is answered %s', (_name, a, type) => {
    expect(checkProcessorAnswer(raised(), a)?.type ?? null).toBe(type);
  });

  test('an answer is refused when the case is not waiting for the processor', () => {
    expect(checkProcessorAnswer(awaitingDecision(), answer())).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'status' }] });
  });

  test('the answer goes back to the agent, kept on the case, and the agent then decides on it', () => {
    const later = '2026-03-16T09:00:00.000Z';
    const s = c.recordProcessorAnswer(raised(), answer(), later);
    expect(s.status).toBe('AWAITING_DECISION');
    expect(s.processorInquiry?.answer).toEqual({ outcome: 'PROCESSOR_ERROR_CONFIRMED', text: 'Adyen confirms a capture error', recordedAt: later, recordedBy: 'agent_7' });
    expect(checkDecision(s, { action: 'REFUND', amount: eur(500), reason: 'processor error confirmed', agentId: 'agent_7' })).toBeNull();
    expect(automaticDecision(s, { ...DEFAULT_CASE_POLICY, autoResolveCeilingMinor: 1_000_000 })).toBeNull();
  });

  test('past the due date unanswered, a supervisor is told once and the case keeps waiting', () => {
    const due = '2026-03-24T10:00:00.000Z';
    const s = c.checkProcessorInquiry(raised(), due);
    expect(s.status).toBe('AWAITING_PROCESSOR');
    expect(s.escalation).toEqual({ reason: 'the processor has not answered the inquiry due 2026-03-24T10:00:00.000Z', at: due });
    expect(s.deadlines.processorInquiryChecked).toBe(true);
    expect(s.timeline.slice(-2).map((t) => t.event)).toEqual(['PROCESSOR_INQUIRY_OVERDUE', 'ESCALATED']);
    // The supervisor may record the answer.
    expect(checkProcessorAnswer(s, answer({ recordedBy: 'sup_1' }))).toBeNull();
  });

  test('an inquiry answered in time is only marked checked at its due date', () => {
    const answered = c.recordProcessorAnswer(raised(), answer(), at);
    const s = c.checkProcessorInquiry(answered, '2026-03-24T10:00:00.000Z');
    expect(s.escalation).toBeNull();
    expect(s.timeline).toEqual(answered.timeline);
  });

  test('a case still waiting for the processor at its resolution deadline goes to a supervisor', () => {
    expect(c.checkResolutionDeadline(raised(), '2026-04-21T10:00:00.000Z').escalation?.reason).toBe('resolution deadline passed');
  });
});

import { customerView, nextStepOf, staffView, viewFor, websiteView } from '../../api/views';
import * as c from '../../domain/case-state';
import { DEFAULT_CASE_POLICY, DISPUTE_STATUSES, type CaseState, type DisputeStatus } from '../../domain/vocabulary';
import { agentRefund, resolvedCase } from '../documents/cases';

/** A resolved case carrying everything a customer must never read: agent ids and reasons, rule ids, deadline flags, processor events, escalation. */
function busyCase(): CaseState {
  const { state } = resolvedCase({ decision: agentRefund(4999), reference: 're_customer_ref' });
  let s = c.escalate(state, 'agent_9: customer is a journalist', '2026-03-11T11:00:00.000Z');
  s = { ...s, slaBreached: true, processorEvents: ['evt_secret_1'], informationRequest: { question: 'Which card?', askedAt: '2026-03-11T12:00:00.000Z', askedBy: 'agent_9' } };
  return c.recordDocument(s, { caseId: s.caseId, documentId: 'resolution-1' }, '2026-03-11T10:02:00.000Z');
}

describe('the customer\'s view of their case', () => {
  test('never carries agent ids or reasons, rule ids, deadline flags, processor event ids, the escalation or the timeline', () => {
    const text = JSON.stringify(customerView(busyCase(), DEFAULT_CASE_POLICY));
    for (const secret of ['agent_7', 'agent_9', 'doublon confirmé', 'journalist', 'DUPLICATE_CAPTURE', 'slaBreached', 'evt_secret_1', 'timeline', 'FINDINGS_RECORDED', 'resolutionDeadlineChecked']) {
      expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
    }
  });

  test('carries the status, what they reported, the outcome with its reference, amounts, documents and the question asked', () => {
    const view = customerView(busyCase(), DEFAULT_CASE_POLICY);
    expect(view).toMatchObject({
      disputeId: 'DSP-0123456789',
      status: 'RESOLVED',
      report: { category: 'DUPLICATE_CHARGE', description: 'Débité deux fois pour la commande ord_1.', expectedAmount: null },
      outcomes: [{ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reference: 're_customer_ref' }],
      amounts: { charged: { amountMinor: 9998, currency: 'EUR' }, returned: { amountMinor: 4999, currency: 'EUR' } },
      documents: [{ documentId: 'resolution-1' }],
      informationRequest: { question: 'Which card?', askedAt: '2026-03-11T12:00:00.000Z' },
      nextStep: { code: 'SATISFACTION_QUESTION', dueAt: '2026-03-18T10:01:00.000Z' },
    });
  });

  test('a field added to the case stays out of the view until someone whitelists it', () => {
    const state = { ...busyCase(), internalNote: 'do not show' } as CaseState;
    expect(JSON.stringify(customerView(state, DEFAULT_CASE_POLICY))).not.toContain('do not show');
    expect(JSON.stringify(staffView(state))).toContain('do not show');
  });

  test('the website reads the customer\'s view, staff the whole case', () => {
    const state = busyCase();
    expect(websiteView(state, DEFAULT_CASE_POLICY)).toEqual(customerView(state, DEFAULT_CASE_POLICY));
    expect(viewFor('website', state, DEFAULT_CASE_POLICY)).toEqual(customerView(state, DEFAULT_CASE_POLICY));
    expect(viewFor('agent', state, DEFAULT_CASE_POLICY)).toMatchObject({ disputeId: state.caseId, escalation: state.escalation, timeline: state.timeline });
  });
});

describe('what happens next, for the customer', () => {
  test('an open inquiry with the processor says when its answer is due', () => {
    const state = { ...busyCase(), status: 'AWAITING_PROCESSOR', processorInquiry: { raisedAt: '2026-03-11T10:00:00.000Z', dueAt: '2026-04-10T10:00:00.000Z' } } as unknown as CaseState;
    expect(nextStepOf(state, DEFAULT_CASE_POLICY)).toEqual({ code: 'PROCESSOR_ANSWER', dueAt: '2026-04-10T10:00:00.000Z' });
    expect(customerView(state, DEFAULT_CASE_POLICY).status).toBe('AWAITING_PROCESSOR');
  });

  test('a status the view does not know reads as in progress, and an outcome it does not know is shown as it is', () => {
    const base = busyCase();
    const state = { ...base, status: 'SOMETHING_NEW', resolutions: [{ ...base.resolutions[0]!, action: 'EXPLAIN', amount: null }] } as unknown as CaseState;
    const view = customerView(state, DEFAULT_CASE_POLICY);
    expect(view.nextStep).toEqual({ code: 'IN_PROGRESS', dueAt: null });
    expect(view.outcomes).toEqual([expect.objectContaining({ action: 'EXPLAIN', amount: null })]);
  });

  test('a question asked of the customer is due at the end of the answer window', () => {
    const state: CaseState = { ...busyCase(), status: 'AWAITING_CUSTOMER' };
    expect(nextStepOf(state, DEFAULT_CASE_POLICY)).toEqual({ code: 'YOUR_ANSWER', dueAt: '2026-03-25T12:00:00.000Z' });
  });
});

describe('each next step belongs to its status', () => {
  const inquiry = { raisedAt: '2026-03-11T10:00:00.000Z', raisedBy: 'agent_9', dueAt: '2026-04-10T10:00:00.000Z', note: 'asked Stripe', answer: null };
  const answered = { ...inquiry, answer: { outcome: 'CONFIRMED', text: 'double capture', recordedAt: '2026-03-12T10:00:00.000Z', recordedBy: 'agent_9' } };
  const expected: Record<DisputeStatus, { open: string; answered: string }> = {
    RECEIVED: { open: 'INVESTIGATION', answered: 'INVESTIGATION' },
    INVESTIGATING: { open: 'INVESTIGATION', answered: 'INVESTIGATION' },
    AWAITING_CUSTOMER: { open: 'YOUR_ANSWER', answered: 'YOUR_ANSWER' },
    AWAITING_DECISION: { open: 'DECISION', answered: 'DECISION' },
    AWAITING_PROCESSOR: { open: 'PROCESSOR_ANSWER', answered: 'DECISION' },
    RESOLVING: { open: 'RESOLUTION', answered: 'RESOLUTION' },
    RESOLVED: { open: 'SATISFACTION_QUESTION', answered: 'SATISFACTION_QUESTION' },
    FOLLOW_UP: { open: 'YOUR_SATISFACTION_ANSWER', answered: 'YOUR_SATISFACTION_ANSWER' },
    CLOSED: { open: 'NONE', answered: 'NONE' },
    WITHDRAWN: { open: 'NONE', answered: 'NONE' },
  };

  test.each(DISPUTE_STATUSES.map((status) => [status]))('a %s case shows the step of its status, an inquiry only while it waits on one', (status) => {
    const stepWith = (processorInquiry: unknown) => nextStepOf({ ...busyCase(), status, processorInquiry } as unknown as CaseState, DEFAULT_CASE_POLICY).code;
    expect({ status, open: stepWith(inquiry), answered: stepWith(answered), none: stepWith(null) }).toEqual({
      status,
      ...expected[status],
      none: expected[status].answered,
    });
  });

  test('a resolved case whose processor answered before the decision asks about satisfaction, not the processor', () => {
    const state = { ...busyCase(), status: 'RESOLVED', processorInquiry: answered } as unknown as CaseState;
    expect(customerView(state, DEFAULT_CASE_POLICY).nextStep).toEqual({ code: 'SATISFACTION_QUESTION', dueAt: '2026-03-18T10:01:00.000Z' });
  });
});

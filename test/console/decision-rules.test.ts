import { escalate, recordChargeback } from '../../domain/case-state';
import { actionChoices, checkDraft, decisionBlocked, fieldOf, maxRefundable, parseDraft, prefilledAmount, problemToFieldErrors } from '../../console/src/lib/decision-rules';
import { awaitingDecisionView } from './fixtures';

const draft = (d: Partial<{ action: string; amountText: string; reason: string; question: string }>) =>
  ({ action: '', amountText: '', reason: '', question: '', ...d }) as Parameters<typeof checkDraft>[2];

describe('what the decision form offers', () => {
  test('a case waiting for a decision offers every action, the amount prefilled from the recommendation', () => {
    const view = awaitingDecisionView();
    const choices = actionChoices(view, 'agent');
    expect(choices.map((c) => [c.action, c.refusal])).toEqual([
      ['REFUND', null], ['ACCOUNT_CREDIT', null], ['EXPLAIN', null], ['DENY', null], ['REQUEST_INFO', null], ['RAISE_WITH_PROCESSOR', null], ['ESCALATE', null],
    ]);
    expect(prefilledAmount(view)).toEqual({ amountMinor: 5000, currency: 'EUR' });
    expect(maxRefundable(view)).toEqual({ amountMinor: 10000, currency: 'EUR' });
  });

  test('an open chargeback refuses refunds and credits, for the reason the workflow gives', () => {
    const view = awaitingDecisionView((s) => recordChargeback(s, { id: 'cb_1', amount: { amountMinor: 5000, currency: 'EUR' }, status: 'OPEN', openedAt: s.receivedAt }, s.receivedAt));
    const refused = actionChoices(view, 'agent').filter((c) => c.refusal).map((c) => [c.action, c.refusal!.type]);
    expect(refused).toEqual([['REFUND', 'CHARGEBACK_OPEN'], ['ACCOUNT_CREDIT', 'CHARGEBACK_OPEN']]);
  });

  test('an escalated case: an agent is told why not, a supervisor decides (and is not offered to escalate it again)', () => {
    const view = awaitingDecisionView((s) => escalate(s, 'no agent decision within the SLA', s.receivedAt));
    expect(decisionBlocked(view, 'agent')?.problems[0]?.field).toBe('role');
    expect(actionChoices(view, 'agent')).toEqual([]);
    expect(decisionBlocked(view, 'supervisor')).toBeNull();
    expect(actionChoices(view, 'supervisor').map((c) => c.action)).not.toContain('ESCALATE');
  });

  test('a case not waiting for a decision takes none', () => {
    const view = { ...awaitingDecisionView(), status: 'RESOLVING' as const };
    expect(decisionBlocked(view, 'supervisor')?.type).toBe('WRONG_STATE');
  });
});

describe('checking the form as typed, with the workflow\'s own rule', () => {
  const view = awaitingDecisionView();
  test('a refund within what is refundable is a decision body in minor units', () => {
    expect(checkDraft(view, 'agent', draft({ action: 'REFUND', amountText: '50,00', reason: 'duplicate' }), 'fr')).toEqual({
      body: { action: 'REFUND', amount: { amountMinor: 5000, currency: 'EUR' }, reason: 'duplicate' },
      errors: {},
    });
  });
  test('more than is refundable is refused beside the amount, with the maximum', () => {
    const { body, errors } = checkDraft(view, 'agent', draft({ action: 'REFUND', amountText: '100.01', reason: 'x' }), 'en');
    expect(body).toBeNull();
    expect(errors.amount?.replace(/\u00a0/g, ' ')).toBe('More than is still refundable (€100.00).');
  });
  test('an amount that is not one, and missing fields, are said beside each field', () => {
    expect(checkDraft(view, 'agent', draft({ action: 'ACCOUNT_CREDIT', amountText: '12,3a' }), 'en').errors).toEqual({ amount: 'Type an amount such as 12.50.', reason: 'Required.' });
    expect(checkDraft(view, 'agent', draft({ action: 'REQUEST_INFO', reason: 'unclear' }), 'en').errors).toEqual({ question: 'Required.' });
    expect(checkDraft(view, 'agent', draft({}), 'en').errors).toEqual({ action: 'Required.' });
  });
  test('a request for information carries its question and no amount', () => {
    expect(checkDraft(view, 'agent', draft({ action: 'REQUEST_INFO', amountText: '5', reason: 'r', question: ' Which card? ' }), 'en').body).toEqual({ action: 'REQUEST_INFO', reason: 'r', question: 'Which card?' });
  });
});

describe('errors from the API beside the field they name', () => {
  const view = awaitingDecisionView();
  test.each([
    ['amount.amountMinor', 'amount'],
    ['amount', 'amount'],
    ['amount.currency', 'amount'],
    ['reason', 'reason'],
    ['question', 'question'],
    ['action', 'action'],
    ['status', 'form'],
    ['(body)', 'form'],
  ])('%s goes to %s', (field, formField) => {
    expect(fieldOf(field)).toBe(formField);
  });

  test('a 422 is worded in the agent\'s language; a problem without fields goes to the form', () => {
    const errors = problemToFieldErrors({ code: 'AMOUNT_EXCEEDS_REFUNDABLE', errors: [{ field: 'amount.amountMinor', reason: 'At most 10000 EUR minor units' }] }, 'fr', view);
    expect(errors.amount?.replace(/[\u00a0\u202f]/g, ' ')).toBe('Plus que ce qui reste remboursable (100,00 €).');
    expect(problemToFieldErrors({ code: 'UNAVAILABLE', detail: 'Temporal is down' }, 'en', view)).toEqual({ form: 'Temporal is down' });
  });
});

describe('the draft kept in sessionStorage', () => {
  test('reads back what was typed, and nothing from garbage', () => {
    expect(parseDraft(JSON.stringify({ action: 'DENY', reason: 'no', amountText: 3 }))).toEqual({ action: 'DENY', amountText: '', reason: 'no', question: '' });
    expect(parseDraft('{oops')).toBeNull();
    expect(parseDraft(JSON.stringify({ action: 'STEAL' }))?.action).toBe('');
  });
});

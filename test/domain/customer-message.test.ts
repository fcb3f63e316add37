import * as c from '../../domain/case-state';
import { DEFAULT_CASE_POLICY, type CaseState } from '../../domain/vocabulary';
import { report } from './fixtures';

const AT = '2026-03-12T10:00:00.000Z';
const opened = () => c.openCase('DSP-0123456789', report(), '2026-03-05T09:00:00.000Z', DEFAULT_CASE_POLICY);
const awaitingCustomer = (): CaseState =>
  c.requestInformation(c.moveTo(opened(), 'INVESTIGATING', AT, 'INVESTIGATION_STARTED'), 'Which payment?', 'system', AT);
const awaitingAgent = (): CaseState => c.awaitDecision(c.moveTo(opened(), 'INVESTIGATING', AT, 'INVESTIGATION_STARTED'), AT, DEFAULT_CASE_POLICY);

describe('a customer message', () => {
  test.each([
    [null, 'the payload is not an object'],
    [{ channel: 'email', receivedAt: AT }, 'message must be non-empty text'],
    [{ message: '   ', channel: 'email', receivedAt: AT }, 'message must be non-empty text'],
    [{ message: 'hi', channel: 'fax', receivedAt: AT }, 'channel must be one of email, chat'],
    [{ message: 'hi', channel: 'chat', receivedAt: 'yesterday' }, 'receivedAt must be an ISO date'],
    [{ message: 'hi', channel: 'chat', receivedAt: AT, transactionId: 42 }, 'transactionId must be non-empty text when given'],
    [{ message: 'hi', channel: 'chat', receivedAt: AT, messageId: '' }, 'messageId must be non-empty text when given'],
  ])('%j is refused: %s', (payload, problem) => {
    expect(c.customerMessageProblem(payload)).toBe(problem);
  });

  test('a well-formed one has no problem', () => {
    expect(c.customerMessageProblem({ message: 'hi', channel: 'email', receivedAt: AT, transactionId: 'tx_2', messageId: '<m@x>' })).toBeNull();
  });

  test('answers the open request while the case waits for the customer, with the reference it gives', () => {
    const next = c.recordCustomerMessage(awaitingCustomer(), { message: ' It is tx_2 ', transactionId: 'tx_2', channel: 'email', messageId: '<m1@x>' }, AT);
    expect(next).toMatchObject({ status: 'INVESTIGATING', transactionId: 'tx_2', informationRequest: null, customerMessageIds: ['<m1@x>'] });
    expect(next.information).toEqual([{ message: 'It is tx_2', transactionId: 'tx_2', answeredAt: AT }]);
  });

  test('is only a timeline entry at any other time, even when it names another reference', () => {
    const before = awaitingAgent();
    const next = c.recordCustomerMessage(before, { message: 'Still waiting', transactionId: 'tx_2', channel: 'chat' }, AT);
    expect(next.timeline.at(-1)).toEqual({ at: AT, event: 'CUSTOMER_MESSAGE', status: 'AWAITING_DECISION', detail: 'via chat (names reference tx_2): Still waiting' });
    expect({ ...next, timeline: before.timeline }).toEqual(before);
  });

  test('with a message id seen before changes nothing', () => {
    const once = c.recordCustomerMessage(awaitingAgent(), { message: 'hello', channel: 'email', messageId: '<m1@x>' }, AT);
    expect(c.recordCustomerMessage(once, { message: 'hello', channel: 'email', messageId: '<m1@x>' }, AT)).toBe(once);
  });

  test('never keeps a full card number, and the timeline keeps a bounded excerpt', () => {
    const next = c.recordCustomerMessage(awaitingAgent(), { message: `card 4111 1111 1111 1111 ${'x'.repeat(600)}`, channel: 'email' }, AT);
    const detail = next.timeline.at(-1)!.detail!;
    expect(detail).toMatch(/^via email: card \[card number removed, ending 1111\] x+…$/);
    expect(detail.length).toBeLessThan(600);
  });
});

describe('a stored document', () => {
  test('is listed once on the case however often it is stored, and noted in the timeline', () => {
    const ref = { caseId: 'DSP-0123456789', documentId: 'resolution-1' };
    const twice = c.recordDocument(c.recordDocument(opened(), ref, AT), ref, AT);
    expect(twice.documents).toEqual([ref]);
    expect(twice.timeline.at(-1)).toMatchObject({ event: 'DOCUMENTED', detail: 'resolution-1' });
  });
});

import { queueListPath, tabFilters, tabsFor } from '../../console/src/lib/queues';

const now = new Date('2026-03-13T10:00:00Z'); // a Friday

describe('queue tabs', () => {
  test('supervisors see the escalations first, agents the cases waiting for a decision', () => {
    expect(tabsFor('supervisor')[0]).toBe('escalated');
    expect(tabsFor('agent')[0]).toBe('needsDecision');
    expect(tabsFor('agent')).toHaveLength(8);
  });

  test.each([
    ['needsDecision', { status: 'AWAITING_DECISION' }],
    ['waitingForCustomer', { status: 'AWAITING_CUSTOMER' }],
    ['resolving', { status: 'RESOLVING' }],
    ['escalated', { status: 'RECEIVED,INVESTIGATING,AWAITING_CUSTOMER,AWAITING_DECISION,AWAITING_PROCESSOR,RESOLVING', escalated: 'true' }],
    ['breached', { status: 'RECEIVED,INVESTIGATING,AWAITING_CUSTOMER,AWAITING_DECISION,AWAITING_PROCESSOR,RESOLVING', slaBreached: 'true' }],
    ['mine', { status: 'RECEIVED,INVESTIGATING,AWAITING_CUSTOMER,AWAITING_DECISION,AWAITING_PROCESSOR,RESOLVING', assignee: 'agent_7' }],
    ['all', { status: 'RECEIVED,INVESTIGATING,AWAITING_CUSTOMER,AWAITING_DECISION,AWAITING_PROCESSOR,RESOLVING,RESOLVED,FOLLOW_UP' }],
    // One business day after a Friday is the Monday.
    ['dueWithinOneBusinessDay', { status: 'AWAITING_DECISION', slaBreached: 'false', due_before: '2026-03-16T10:00:00.000Z' }],
  ] as const)('the %s tab lists %j', (tab, filters) => {
    expect(tabFilters(tab, 'agent_7', now)).toEqual(filters);
  });

  test('a page keeps its tab, sort and cursor in the query', () => {
    const path = queueListPath({ tab: 'needsDecision', sort: 'amount', cursor: 'abc', subject: 'a' }, now);
    const params = new URL(path, 'http://x').searchParams;
    expect(Object.fromEntries(params)).toEqual({ status: 'AWAITING_DECISION', sort: 'amount', order: 'desc', limit: '50', cursor: 'abc' });
  });

  test('a search looks through every case, closed ones too, whatever tab was open', () => {
    const path = queueListPath({ tab: 'mine', sort: 'due', q: ' jo@example.com ', subject: 'agent_7' }, now);
    const params = new URL(path, 'http://x').searchParams;
    expect(Object.fromEntries(params)).toEqual({ sort: 'due', order: 'asc', limit: '50', q: 'jo@example.com' });
  });

  test('age sorts the oldest first', () => {
    const params = new URL(queueListPath({ tab: 'all', sort: 'age', subject: 'a' }, now), 'http://x').searchParams;
    expect([params.get('sort'), params.get('order'), params.has('q'), params.has('cursor')]).toEqual(['opened', 'asc', false, false]);
  });
});

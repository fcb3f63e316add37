import { canTransition, isFinal, TRANSITIONS } from '../../domain/transitions';
import { DISPUTE_STATUSES, type DisputeStatus } from '../../domain/vocabulary';

describe('the case lifecycle', () => {
  test.each<[DisputeStatus, DisputeStatus]>([
    ['RECEIVED', 'INVESTIGATING'],
    ['INVESTIGATING', 'AWAITING_DECISION'],
    ['AWAITING_DECISION', 'RESOLVING'],
    ['RESOLVING', 'RESOLVED'],
    ['RESOLVING', 'AWAITING_DECISION'],
    ['RESOLVED', 'FOLLOW_UP'],
    ['FOLLOW_UP', 'CLOSED'],
    ['FOLLOW_UP', 'AWAITING_DECISION'],
    ['AWAITING_DECISION', 'WITHDRAWN'],
    ['AWAITING_DECISION', 'AWAITING_PROCESSOR'],
    ['AWAITING_PROCESSOR', 'AWAITING_DECISION'],
    ['AWAITING_PROCESSOR', 'WITHDRAWN'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  test.each<[DisputeStatus, DisputeStatus]>([
    ['RECEIVED', 'RESOLVED'],
    ['INVESTIGATING', 'RESOLVING'],
    ['RESOLVED', 'AWAITING_DECISION'],
    ['RESOLVED', 'WITHDRAWN'],
    ['CLOSED', 'AWAITING_DECISION'],
    ['AWAITING_PROCESSOR', 'RESOLVING'],
    ['AWAITING_PROCESSOR', 'CLOSED'],
    ['INVESTIGATING', 'AWAITING_PROCESSOR'],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  test('only CLOSED and WITHDRAWN are final', () => {
    expect(DISPUTE_STATUSES.filter(isFinal)).toEqual(['CLOSED', 'WITHDRAWN']);
  });

  test('every status can be reached from RECEIVED', () => {
    const reached = new Set<DisputeStatus>(['RECEIVED']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of reached) {
        for (const to of TRANSITIONS[from]) {
          if (!reached.has(to)) {
            reached.add(to);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...DISPUTE_STATUSES].sort());
  });
});

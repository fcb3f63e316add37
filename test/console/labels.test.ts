import { NOTIFICATION_KINDS } from '../../activities/ports';
import { CATEGORIES, DISPUTE_STATUSES, LIABILITIES } from '../../domain/vocabulary';
import { categoryLabel, emailKindLabel, eventLabel, liabilityLabel, statusLabel } from '../../console/src/lib/labels';

describe('codes in plain words', () => {
  test.each([
    ['status', DISPUTE_STATUSES, statusLabel],
    ['category', CATEGORIES, categoryLabel],
    ['liability', LIABILITIES, liabilityLabel],
    ['e-mail kind', NOTIFICATION_KINDS, emailKindLabel],
  ] as const)('every %s has French and English words', (_kind, codes, label) => {
    for (const code of codes) {
      expect([code, label(code, 'en') !== code || code === 'MERCHANT', label(code, 'fr').length > 0]).toEqual([code, true, true]);
    }
  });

  test('an event the table does not know is shown as its code, never a guess', () => {
    expect(eventLabel('SOMETHING_NEW', 'fr')).toBe('SOMETHING_NEW');
    expect(eventLabel('ESCALATED', 'fr')).toBe('Escaladé à un superviseur');
  });
});

import { addBusinessDays } from '../../domain/business-days';

describe('business days', () => {
  test.each([
    ['Monday + 2 is Wednesday', '2026-11-23T09:00:00.000Z', 2, '2026-11-25T09:00:00.000Z'],
    ['Thursday + 2 skips the weekend to Monday', '2026-11-26T09:00:00.000Z', 2, '2026-11-30T09:00:00.000Z'],
    ['Friday + 1 is Monday', '2026-11-27T17:30:00.000Z', 1, '2026-11-30T17:30:00.000Z'],
    ['Saturday + 1 counts from Monday, so Tuesday', '2026-11-28T10:00:00.000Z', 1, '2026-12-01T10:00:00.000Z'],
    ['Monday + 5 is the next Monday', '2026-11-23T09:00:00.000Z', 5, '2026-11-30T09:00:00.000Z'],
    ['+ 0 on a Wednesday is that instant', '2026-11-25T09:00:00.000Z', 0, '2026-11-25T09:00:00.000Z'],
  ])('%s', (_name, from, days, due) => {
    expect(addBusinessDays(from, days)).toBe(due);
  });
});

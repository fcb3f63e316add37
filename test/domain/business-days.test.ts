import { addBusinessDays, calendarDaysBetween, isTimeZone } from '../../domain/business-days';

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

describe('calendar days in Loop\'s time zone', () => {
  test.each([
    ['two minutes either side of midnight in Paris are a day apart', '2026-10-02T21:59:00.000Z', '2026-10-02T22:01:00.000Z', 'Europe/Paris', 1],
    ['47 hours from just after one midnight to just before the next-but-one are one day apart', '2026-10-02T22:01:00.000Z', '2026-10-04T21:59:00.000Z', 'Europe/Paris', 1],
    ['the 23-hour day when clocks go forward (29 March) still counts as one day', '2026-03-28T23:30:00.000Z', '2026-03-29T22:30:00.000Z', 'Europe/Paris', 1],
    ['the 25-hour day when clocks go back (25 October) is one day, not two', '2026-10-24T22:30:00.000Z', '2026-10-25T23:15:00.000Z', 'Europe/Paris', 1],
    ['25 hours within that long day are the same date', '2026-10-24T22:30:00.000Z', '2026-10-25T22:45:00.000Z', 'Europe/Paris', 0],
    ['from winter time into summer time the count stays whole', '2026-03-01T10:00:00.000Z', '2026-04-29T21:59:00.000Z', 'Europe/Paris', 59],
    ['New Year in Paris comes an hour before it does in UTC', '2026-12-31T22:59:00.000Z', '2026-12-31T23:00:00.000Z', 'Europe/Paris', 1],
    ['another zone has its own midnight', '2026-10-03T03:30:00.000Z', '2026-10-03T04:30:00.000Z', 'America/New_York', 1],
    ['the same hour in UTC is the same date', '2026-10-03T03:30:00.000Z', '2026-10-03T04:30:00.000Z', 'UTC', 0],
  ])('%s', (_name, from, to, timeZone, days) => {
    expect(calendarDaysBetween(from, to, timeZone)).toBe(days);
  });

  test('knows IANA time zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

import { DAY_MS } from './duration';

/**
 * The instant `businessDays` working days (Monday to Friday, UTC) after `fromIso`, at the same
 * time of day. A start on a weekend counts from the next Monday. Public holidays are not modelled.
 */
export function addBusinessDays(fromIso: string, businessDays: number): string {
  let t = Date.parse(fromIso);
  const isWeekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());
  while (isWeekend(t)) t += DAY_MS;
  for (let left = businessDays; left > 0; ) {
    t += DAY_MS;
    if (!isWeekend(t)) left -= 1;
  }
  return new Date(t).toISOString();
}

/** True when `timeZone` is an IANA zone this runtime knows (Intl refuses the others). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of `iso` on the wall clock of `timeZone`, as the UTC midnight of that date (epoch ms). */
function localDate(iso: string, timeZone: string): number {
  // Intl rather than offsets by hand: it knows each zone's daylight-saving history, and the workflow sandbox has it.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', calendar: 'gregory', numberingSystem: 'latn' })
    .formatToParts(new Date(iso));
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'));
}

/**
 * Calendar days from the date of `fromIso` to the date of `toIso`, both read in `timeZone`: 0 on
 * the same day, 1 the next day however few hours apart. A daylight-saving change does not shift it.
 */
export function calendarDaysBetween(fromIso: string, toIso: string, timeZone: string): number {
  return Math.round((localDate(toIso, timeZone) - localDate(fromIso, timeZone)) / DAY_MS);
}

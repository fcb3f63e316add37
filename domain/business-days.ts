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

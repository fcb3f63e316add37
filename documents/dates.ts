import { DEFAULT_CASE_POLICY, type Locale } from '../domain/vocabulary';

/** Loop's time zone, in which customers read every date and time unless configured otherwise. */
export const DEFAULT_TIME_ZONE = DEFAULT_CASE_POLICY.timeZone;

const tag = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/**
 * A date (`long`), or date and time, in the locale and in `timeZone`: a payment at 23:30 UTC is
 * the next day in Paris, and the customer reads the date their own bank statement shows.
 */
export function formatDate(iso: string, locale: Locale, opts: { withTime?: boolean; timeZone?: string } = {}): string {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const format = new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', ...(opts.withTime ? { timeStyle: 'short' } : {}), timeZone });
  const text = format.format(new Date(iso));
  // French writes the first of the month as an ordinal ("1er mars"); Intl writes "1 mars".
  return locale === 'fr' ? text.replace(/^1(?= )/, '1er') : text;
}

/**
 * The zone's name in the locale ("heure d’Europe centrale", "Central European Time"), said once per
 * document. Named as of `at`: before a zone kept summer time (Paris in 1970) it has no generic name.
 */
export function timeZoneName(timeZone: string, locale: Locale, at: string): string {
  const parts = new Intl.DateTimeFormat(tag(locale), { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date(at));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** Whether `iso` is an instant `formatDate` can show (facts of an e-mail are plain strings). */
export function isInstant(iso: string | undefined): iso is string {
  return typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}/.test(iso) && !Number.isNaN(Date.parse(iso));
}

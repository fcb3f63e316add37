import type { Money } from '../../../domain/money';
import { intlLocale, translate, type ConsoleLocale } from './i18n';

/** Minor digits of a currency as Intl knows them (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `12,50 €` / `€12.50`: money arrives in minor units and is shown in the currency's own digits. */
export function formatMoney(m: Money | null | undefined, locale: ConsoleLocale): string {
  if (!m) return '—';
  const digits = minorDigits(m.currency);
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: m.currency }).format(m.amountMinor / 10 ** digits);
}

/** The amount as an agent types it back (no currency sign, no grouping): `12,50` / `12.50`. */
export function amountInputValue(m: Money, locale: ConsoleLocale): string {
  const digits = minorDigits(m.currency);
  return new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(m.amountMinor / 10 ** digits);
}

/**
 * Reads a typed amount into minor units, without floating point: `12,5`, `12.50`, `1 234,56`,
 * `1,234.56` in EUR are 1250, 1250, 123456, 123456. Null when it is not an amount in this currency
 * (letters, more decimals than the currency has, negative) or could be read two ways (`89.999`).
 */
export function parseAmount(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const s = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const seps = s.replace(/\d/g, '');
  let decimalSep: string | null = null;
  if (seps.includes(',') && seps.includes('.')) decimalSep = s[Math.max(s.lastIndexOf(','), s.lastIndexOf('.'))]!;
  else if (seps.length === 1) {
    // One separator before exactly three digits reads as thousands to some and as decimals to
    // others (89.999): money does not move on a guess, so it is refused unless the currency has
    // three decimals. `1 234` or `1,234.00` say it plainly.
    const after = s.length - s.indexOf(seps) - 1;
    if (after === 3 && digits !== 3) return null;
    decimalSep = seps;
  }
  const [whole = '', fraction = '', ...rest] = decimalSep ? s.split(decimalSep) : [s];
  if (rest.length > 0) return null;
  // Thousands separators mark groups of three digits (1.234.567,89); anything else is a typo (12.5.5).
  const groups = whole.split(/[.,]/);
  if (groups.length > 1 && (groups[0]!.length === 0 || groups[0]!.length > 3 || groups.slice(1).some((g) => g.length !== 3))) return null;
  const wholeDigits = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(wholeDigits) || !/^\d*$/.test(fraction) || fraction.length > digits) return null;
  const minor = Number(wholeDigits) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** A date and time in the browser's time zone, e.g. `2 déc. 2026, 14:05`. */
export function formatDateTime(iso: string | null | undefined, locale: ConsoleLocale, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, locale: ConsoleLocale, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export function formatTime(date: Date, locale: ConsoleLocale, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(date);
}

/** A share between 0 and 1 as a percentage; null reads as a dash (nothing to measure). */
export function formatShare(share: number | null | undefined, locale: ConsoleLocale): string {
  if (share === null || share === undefined) return '—';
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A span as people say it: `3 d 4 h`, `5 h 10 min`, `12 min`. */
export function formatSpan(ms: number, locale: ConsoleLocale): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? translate(locale, 'time.dh', { d, h }) : translate(locale, 'time.d', { n: d });
  if (h > 0) return m > 0 ? translate(locale, 'time.hm', { h, m }) : translate(locale, 'time.h', { n: h });
  return translate(locale, 'time.m', { n: m });
}

export interface Countdown {
  text: string;
  breached: boolean;
}

/** The time left to a due date (`in 5 h 10 min`), or how late it is (`2 h late`, breached). */
export function countdown(dueIso: string | null | undefined, now: number, locale: ConsoleLocale): Countdown | null {
  if (!dueIso) return null;
  const left = Date.parse(dueIso) - now;
  const span = formatSpan(left, locale);
  return left >= 0 ? { text: translate(locale, 'time.in', { span }), breached: false } : { text: translate(locale, 'time.ago', { span }), breached: true };
}

/** A case's age from when it opened: `under a minute`, `12 min`, `5 h 10 min`, `3 d 2 h`. */
export function formatAge(openedAtIso: string, now: number, locale: ConsoleLocale): string {
  const ms = Math.max(0, now - Date.parse(openedAtIso));
  return ms < 60_000 ? translate(locale, 'time.underMinute') : formatSpan(ms, locale);
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;
const MINOR_AMOUNT = /\b(\d+) ([A-Z]{3})\b/g;

/**
 * A timeline detail as the workflow wrote it, for people: amounts it gives in minor units
 * (`REFUND 1250 EUR`) read as money (`€12.50`), instants in UTC (`2026-12-21T22:35:57Z`) in the
 * reader's time zone. Anything else, the words included, is left as written.
 */
export function readableDetail(detail: string, locale: ConsoleLocale, timeZone?: string): string {
  return detail
    .replace(ISO_INSTANT, (iso) => formatDateTime(iso, locale, timeZone))
    .replace(MINOR_AMOUNT, (whole, minor: string, currency: string) => (isCurrency(currency) ? formatMoney({ amountMinor: Number(minor), currency }, locale) : whole));
}

/** ISO 4217 codes the browser knows (not just any three capitals: "3 ABC items" stays as written). */
let currencies: Set<string> | undefined;
function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code) && code !== 'XXX';
}

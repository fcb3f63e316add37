/**
 * Money in integer minor units (cents, centimes) with its ISO 4217 currency code. Never a float.
 */
export interface Money {
  amountMinor: number;
  currency: string;
}

/** Builds a Money value, refusing fractions and unsafe integers (a float here is always a bug). */
export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`amountMinor must be a safe integer, got ${amountMinor}`);
  }
  return { amountMinor, currency };
}

export function zero(currency: string): Money {
  return money(0, currency);
}

export function sameCurrency(a: Money, b: Money): boolean {
  return a.currency === b.currency;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (!sameCurrency(a, b)) {
    throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

/** Sums amounts of one currency; an empty list sums to zero in `currency`. */
export function sum(amounts: readonly Money[], currency: string): Money {
  return amounts.reduce((total, m) => add(total, m), zero(currency));
}

/** The larger of `a` and zero: a negative difference means "nothing owed", not a debt. */
export function atLeastZero(a: Money): Money {
  return a.amountMinor < 0 ? zero(a.currency) : a;
}

export function isGreaterThan(a: Money, b: Money): boolean {
  assertSameCurrency(a, b);
  return a.amountMinor > b.amountMinor;
}

/**
 * Human form for documents and messages, e.g. `12,50 €` in French or `€12.50` in English.
 * Uses the currency's own number of minor digits (0 for JPY, 3 for KWD).
 */
export function formatMoney(m: Money, locale: 'fr' | 'en'): string {
  const format = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'currency',
    currency: m.currency,
  });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(m.amountMinor / 10 ** digits);
}

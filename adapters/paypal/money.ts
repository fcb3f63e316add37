import type { Money } from '../../domain/money';
import type { PayPalMoney } from './wire';

/**
 * Currencies PayPal takes in whole units only ("does not support decimals", PayPal's currency
 * codes reference) even where ISO 4217 gives them minor digits.
 */
const PAYPAL_WHOLE_UNITS_ONLY = new Set(['HUF', 'JPY', 'TWD']);

/** The currency's minor digits, as domain/money counts them (0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * PayPal's decimal string to integer minor units, by string arithmetic (never a float).
 * Throws RangeError on a malformed value or one finer than the currency's minor unit.
 */
export function fromPayPalAmount(amount: PayPalMoney): Money {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(amount.value);
  if (!match || (match[2] === '' && !match[3])) throw new RangeError(`PayPal amount "${amount.value}" is not a decimal`);
  const [, sign, whole = '', fraction = ''] = match;
  const digits = minorDigits(amount.currency_code);
  if (/[1-9]/.test(fraction.slice(digits))) throw new RangeError(`PayPal amount "${amount.value}" is finer than a minor unit of ${amount.currency_code}`);
  const minor = Number(`${whole || '0'}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`PayPal amount "${amount.value}" is too large`);
  return { amountMinor: sign === '-' && minor !== 0 ? -minor : minor, currency: amount.currency_code };
}

/**
 * Integer minor units to PayPal's decimal string. Throws RangeError for an amount PayPal cannot
 * take: a fraction of a currency it accepts in whole units only (TWD 15.50).
 */
export function toPayPalAmount(money: Money): PayPalMoney {
  if (!Number.isSafeInteger(money.amountMinor)) throw new RangeError(`amountMinor must be a safe integer, got ${money.amountMinor}`);
  const digits = minorDigits(money.currency);
  const sign = money.amountMinor < 0 ? '-' : '';
  const padded = String(Math.abs(money.amountMinor)).padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const fraction = padded.slice(padded.length - digits);
  if (PAYPAL_WHOLE_UNITS_ONLY.has(money.currency) && /[1-9]/.test(fraction)) {
    throw new RangeError(`PayPal takes ${money.currency} in whole units only`);
  }
  const value = digits === 0 || PAYPAL_WHOLE_UNITS_ONLY.has(money.currency) ? whole : `${whole}.${fraction}`;
  return { currency_code: money.currency, value: `${sign}${value}` };
}

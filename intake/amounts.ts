import { money, type Money } from '../domain/money';

/** An amount written in a customer's message, where it was written, and whether it reads as what they expected to pay. */
export interface MentionedAmount {
  amount: Money;
  index: number;
  /** Written after "instead of", "should have been", "au lieu de", "facture"...: what the customer says was due. */
  expected: boolean;
}

const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY' };
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** 1 234,50 / 1.234,50 / 1,234.50 / 12,34 / 12.34 / 12 (group separators: space, no-break spaces, dot, comma, apostrophe). */
const NUMBER = String.raw`\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,]\d{1,3})?`;
const SYMBOL = String.raw`[€$£¥]`;
const CODE = String.raw`[A-Z]{3}`;
/** Between currency and number: a space of any kind, or the line break of text wrapped from HTML. */
const SPACE = String.raw`\s?`;
const PATTERNS = [
  new RegExp(String.raw`(?<cur>${SYMBOL})${SPACE}(?<num>${NUMBER})(?![\d.,]*\d)`, 'g'),
  new RegExp(String.raw`(?<![\w.,])(?<num>${NUMBER})${SPACE}(?<cur>${SYMBOL}|${CODE}\b)`, 'g'),
  new RegExp(String.raw`\b(?<cur>${CODE})${SPACE}(?<num>${NUMBER})(?![\d.,]*\d)`, 'g'),
];
const EXPECTATION_CUE = /(?:instead of|should have been|should be|supposed to be|expected|invoiced?|only|au lieu de|aurait d[uû] [eê]tre|devrait [eê]tre|attendu|factur[ée]+|prix affich[ée]|seulement)\s*(?:\p{L}+\s+){0,3}$/iu;

function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * A written number in minor units of `currency`, or null when it cannot be read without guessing.
 * The last `.` or `,` is the decimal mark when 1-2 digits follow it (3 for three-digit currencies);
 * with 3 digits after it, it groups thousands.
 */
export function toMinorUnits(written: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const compact = written.replace(/[ \u00a0\u202f'’]/g, '');
  const last = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
  const tail = last >= 0 ? compact.slice(last + 1) : '';
  const isDecimal = last >= 0 && (tail.length < 3 || (tail.length === 3 && digits === 3));
  const whole = (isDecimal ? compact.slice(0, last) : compact).replace(/[.,]/g, '');
  const fraction = isDecimal ? tail : '';
  if (fraction.length > digits || !/^\d+$/.test(whole)) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Every amount with a currency written in `text` (`12,34 €`, `€12.34`, `12.34 EUR`, `EUR 1 234,50`), in order. */
export function findAmounts(text: string): MentionedAmount[] {
  const found: MentionedAmount[] = [];
  const taken: [number, number][] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const written = m.groups!.cur!;
      const currency = SYMBOLS[written] ?? written;
      if (!KNOWN_CURRENCIES.has(currency)) continue;
      const minor = toMinorUnits(m.groups!.num!, currency);
      if (minor === null) continue;
      taken.push([start, end]);
      const before = text.slice(Math.max(0, start - 48), start).replace(/\s+/g, ' ');
      found.push({ amount: money(minor, currency), index: start, expected: EXPECTATION_CUE.test(before) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

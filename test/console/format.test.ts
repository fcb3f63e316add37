import { amountInputValue, countdown, formatAge, formatMoney, formatShare, minorDigits, parseAmount, readableDetail } from '../../console/src/lib/format';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money in the console', () => {
  test.each([
    [{ amountMinor: 1250, currency: 'EUR' }, 'fr', '12,50 €'],
    [{ amountMinor: 1250, currency: 'EUR' }, 'en', '€12.50'],
    [{ amountMinor: 1250, currency: 'JPY' }, 'en', 'JP¥1,250'],
    [{ amountMinor: 1250, currency: 'KWD' }, 'en', 'KWD 1.250'],
  ] as const)('%j in %s reads %s (the currency\'s own minor digits)', (m, locale, text) => {
    expect(nbsp(formatMoney(m, locale))).toBe(text);
  });

  test('minor digits come from Intl', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
  });

  test.each([
    ['12,50', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    ['12', 'EUR', 1200],
    ['1 234,56', 'EUR', 123456],
    ['1.234,56', 'EUR', 123456],
    ['1,234.56', 'EUR', 123456],
    ['1,234', 'EUR', null], // thousands or decimals? refused rather than guessed
    ['89.999', 'EUR', null],
    ['1 234', 'EUR', 123400],
    ['1250', 'JPY', 1250],
    ['1,250', 'JPY', null],
    ['1.250', 'KWD', 1250],
    ['12.5055', 'EUR', null],
    ['1.2.3,4.5', 'EUR', null],
    ['12.5.5', 'EUR', null], // not groups of three: a typo, never 1 255
    ['1.2.5', 'EUR', null],
    ['1.234.567,89', 'EUR', 123456789],
    ['10.5', 'JPY', null],
    ['-5', 'EUR', null],
    ['abc', 'EUR', null],
    ['', 'EUR', null],
  ])('typed %s in %s is %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  test('the prefilled amount reads back as typed', () => {
    expect(amountInputValue({ amountMinor: 5000, currency: 'EUR' }, 'fr')).toBe('50,00');
    expect(parseAmount(amountInputValue({ amountMinor: 123456, currency: 'EUR' }, 'fr'), 'EUR')).toBe(123456);
  });
});

describe('timeline details for people', () => {
  test('amounts in minor units read as money, UTC instants in the reader\'s time zone, words as written', () => {
    expect(nbsp(readableDetail('REFUND 1250 EUR by agent_ada', 'en'))).toBe('REFUND €12.50 by agent_ada');
    expect(nbsp(readableDetail('Chargeback cb_1 OPEN (4200 EUR)', 'fr'))).toBe('Chargeback cb_1 OPEN (42,00 €)');
    expect(readableDetail('answer due 2026-12-21T22:35:57.268Z', 'en', 'Europe/Paris')).toBe('answer due 21 Dec 2026, 23:35');
    expect(readableDetail('order ord_7 has 3 ABC items', 'en')).toBe('order ord_7 has 3 ABC items');
  });
});

describe('deadlines and ages', () => {
  const now = Date.parse('2026-03-10T10:00:00Z');
  test('time left before a due date', () => {
    expect(countdown('2026-03-10T15:10:00Z', now, 'en')).toEqual({ text: 'in 5 h 10 min', breached: false });
    expect(countdown('2026-03-12T12:00:00Z', now, 'fr')).toEqual({ text: 'dans 2 j 2 h', breached: false });
  });
  test('a passed due date is breached and says how late', () => {
    expect(countdown('2026-03-10T08:00:00Z', now, 'en')).toEqual({ text: '2 h late', breached: true });
  });
  test('no due date, no countdown', () => {
    expect(countdown(null, now, 'en')).toBeNull();
  });
  test('ages and shares', () => {
    expect(formatAge('2026-03-08T08:00:00Z', now, 'en')).toBe('2 d 2 h');
    expect(formatAge('2026-03-10T04:50:00Z', now, 'en')).toBe('5 h 10 min');
    expect(formatAge('2026-03-10T09:48:00Z', now, 'fr')).toBe('12 min');
    expect(formatAge('2026-03-10T09:59:30Z', now, 'en')).toBe('under a minute');
    expect(formatShare(0.1234, 'en')).toBe('12.3%');
    expect(formatShare(null, 'fr')).toBe('—');
  });
});

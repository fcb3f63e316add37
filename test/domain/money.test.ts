import { add, atLeastZero, formatMoney, money, subtract, sum } from '../../domain/money';

describe('money in minor units', () => {
  test.each([
    ['adds 0.10 € and 0.20 € to exactly 0.30 € (10 + 20 cents)', add(money(10, 'EUR'), money(20, 'EUR')), 30],
    ['subtracts to a negative difference', subtract(money(1000, 'EUR'), money(1250, 'EUR')), -250],
    ['sums a list', sum([money(1999, 'EUR'), money(1, 'EUR'), money(5000, 'EUR')], 'EUR'), 7000],
    ['sums an empty list to zero', sum([], 'EUR'), 0],
    ['treats a negative difference as nothing owed', atLeastZero(money(-250, 'EUR')), 0],
  ])('%s', (_name, result, expected) => {
    expect(result.amountMinor).toBe(expected);
  });

  test('refuses to combine two currencies', () => {
    expect(() => add(money(100, 'EUR'), money(100, 'USD'))).toThrow('cannot combine EUR with USD');
  });

  test('refuses fractional minor units, which would mean a float slipped in', () => {
    expect(() => money(12.5, 'EUR')).toThrow(RangeError);
  });

  test.each([
    [money(1250, 'EUR'), 'fr', '12,50\u00a0€'],
    [money(1250, 'EUR'), 'en', '€12.50'],
    [money(1250, 'JPY'), 'en', 'JP¥1,250'],
  ] as const)('formats %j in %s as %s, using the currency\'s own minor digits', (m, locale, text) => {
    expect(formatMoney(m, locale).replace(/\u202f/g, '\u00a0')).toBe(text);
  });
});

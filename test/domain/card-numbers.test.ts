import { containsCardNumber, findCardNumbers, passesLuhn, redactCardNumbers } from '../../domain/card-numbers';

describe('full card numbers in free text', () => {
  test.each([
    ['plain', 'card 4111111111111111 thanks'],
    ['grouped by spaces', 'card 4111 1111 1111 1111'],
    ['grouped by dashes', '4000-0000-0000-0002'],
    ['grouped by dots', 'my card is 4111.1111.1111.1111.'],
    ['grouped by slashes', '5555/5555/5555/4444'],
    ['with double spaces and a line break', '4111  1111\n1111 1111'],
    ['an Amex of 15 digits in 4-6-5', '3782 822463 10005'],
    ['after a date', 'on 12/11/2026 I paid with 4111 1111 1111 1111'],
    ['two of them', '4111111111111111 and 5555555555554444'],
  ])('finds one written %s', (_how, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  test.each([
    ['the last four digits', 'Visa ending 4242'],
    ['an order number failing Luhn', 'order 1234567890123'],
    ['a phone number', '+33 6 12 34 56 78'],
    ['a long reference of 24 digits', 'ref 123456789012345678901234'],
    ['a date and an amount', '12/11/2026, 49.99 EUR'],
  ])('leaves alone %s', (_what, text) => {
    expect(findCardNumbers(text)).toEqual([]);
  });

  test('redaction keeps the text around and the last four digits', () => {
    expect(redactCardNumbers('paid 4111.1111.1111.1111 twice, and 5555 5555 5555 4444.')).toBe(
      'paid [card number removed, ending 1111] twice, and [card number removed, ending 4444].',
    );
  });

  test('Luhn accepts the test numbers and refuses a changed digit', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});

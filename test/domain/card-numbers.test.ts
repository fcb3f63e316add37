import { containsCardNumber, findCardNumbers, isProcessorReference, passesLuhn, redactCardNumbers } from '../../domain/card-numbers';

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

describe('processor references are not card numbers', () => {
  const fc: typeof import('fast-check') = require('fast-check');
  const hex = fc.stringMatching(/^[0-9a-f]{20}$/);
  /** A sandbox id as the sandbox mints it: `tx_` and 20 hex digits, here forced to hold a Luhn-passing run. */
  const sandboxIdWithLuhnRun = fc
    .tuple(fc.stringMatching(/^[0-9]{12}$/), fc.integer({ min: 0, max: 4 }), hex)
    .map(([body, at, rest]) => {
      const check = [...'0123456789'].find((d) => passesLuhn(body + d))!;
      const run = body + check;
      return `tx_${(rest.slice(0, at) + run + rest).slice(0, 20)}`;
    });
  const adyenPspReference = fc.stringMatching(/^[0-9]{16}$/);

  test('a sandbox id with a 13-digit run passing Luhn is a sandbox reference, and free text may quote it', () => {
    fc.assert(
      fc.property(sandboxIdWithLuhnRun, (id) => {
        expect(isProcessorReference('sandbox', id)).toBe(true);
        expect(containsCardNumber(`I was charged twice for ${id}, please check.`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test('ten thousand random sandbox ids, quoted in text, never count as card numbers', () => {
    fc.assert(fc.property(hex, (h) => !containsCardNumber(`payment tx_${h} (see tx_${h})`)), { numRuns: 10_000 });
  });

  test('redacting an e-mail keeps the sandbox reference it quotes, so the case still finds its transaction', () => {
    fc.assert(fc.property(sandboxIdWithLuhnRun, (id) => redactCardNumbers(`Référence ${id}, carte 4111 1111 1111 1111`) === `Référence ${id}, carte [card number removed, ending 1111]`));
  });

  test('a 16-digit Adyen PSP reference is an Adyen reference whether or not it passes Luhn', () => {
    fc.assert(fc.property(adyenPspReference, (ref) => isProcessorReference('adyen', ref)), { numRuns: 2000 });
  });

  test('a card number is still found in free text, beside a reference or not, and is no reference of another processor', () => {
    expect(containsCardNumber('tx_0123456789abcdef0123 paid with 4111 1111 1111 1111')).toBe(true);
    expect(containsCardNumber('ch_3MmlLrLkdIwHu7ix0snN0B15 and 4111111111111111')).toBe(true);
    expect(isProcessorReference('sandbox', '4111111111111111')).toBe(false);
    expect(isProcessorReference('stripe', '4111111111111111')).toBe(false);
    expect(isProcessorReference('paypal', '4111111111111111')).toBe(false);
  });
});

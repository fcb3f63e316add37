import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatMoney } from '../../domain/money';
import { PROCESSORS, type ProcessorName } from '../../domain/vocabulary';
import { findAmounts, toMinorUnits } from '../../intake/amounts';
import { parseInboundEmail } from '../../intake/email';
import { extractFromMessage, findOrderReference, findRepliedCase, findTransaction, withoutQuotedText } from '../../intake/extract';
import { guessCategory, guessLocale } from '../../intake/keywords';

const ALL = PROCESSORS;
const fixture = (name: string) => parseInboundEmail(readFileSync(join(__dirname, '../fixtures/mail', name)));

describe('what intake reads from each fixture e-mail', () => {
  test.each([
    ['plain-en-stripe.eml', { transaction: { processor: 'stripe', id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa' }, amount: { amountMinor: 4200, currency: 'EUR' }, category: 'DUPLICATE_CHARGE', locale: 'en', replyToCaseId: null }],
    ['html-only.eml', { transaction: null, orderReference: 'A-55120', amount: { amountMinor: 123450, currency: 'EUR' }, expectedAmount: { amountMinor: 98000, currency: 'EUR' }, category: 'AMOUNT_MISMATCH', locale: 'en' }],
    ['french-iso-8859-1-qp.eml', { transaction: { processor: 'stripe', id: 'pi_3NqXyZLkdIwHu7ix0aBcDeFg' }, orderReference: '48213', amount: { amountMinor: 123450, currency: 'EUR' }, category: 'DUPLICATE_CHARGE', locale: 'fr' }],
    ['french-euro-latin9-qp.eml', { transaction: { processor: 'sandbox', id: 'tx_0f3c9a1b2d4e5f6a7b8c' }, amount: { amountMinor: 1234, currency: 'EUR' }, category: 'REFUND_NOT_RECEIVED', locale: 'fr' }],
    ['attachment.eml', { transaction: { processor: 'paypal', id: '8MC585209K746392H' }, amount: { amountMinor: 1999, currency: 'GBP' }, category: 'UNAUTHORIZED', locale: 'en' }],
    ['reply-thread.eml', { transaction: null, amount: null, replyToCaseId: 'DSP-37SBDBEFE5', newText: 'Here is the screenshot of my bank app: both payments are still there today.' }],
    ['card-number.eml', { transaction: { processor: 'stripe', id: 'pi_3OaBcDLkdIwHu7ix1QwErTyU' }, amount: { amountMinor: 2500, currency: 'EUR' }, expectedAmount: { amountMinor: 2000, currency: 'EUR' }, category: 'AMOUNT_MISMATCH', cardNumberRemoved: true }],
    ['nothing-identifiable.eml', { transaction: null, orderReference: null, amount: null, category: 'OTHER', locale: 'en', replyToCaseId: null, cardNumberRemoved: false }],
  ])('%s', async (name, expected) => {
    expect(extractFromMessage(await fixture(name), ALL)).toMatchObject(expected);
  });

  test('a reference of a processor this deployment does not accept is not taken', async () => {
    expect(extractFromMessage(await fixture('plain-en-stripe.eml'), ['sandbox']).transaction).toBeNull();
    expect(extractFromMessage(await fixture('attachment.eml'), ['sandbox', 'stripe']).transaction).toBeNull();
  });

  test('full card numbers are gone from the subject and the text before anything reads them', async () => {
    const x = extractFromMessage(await fixture('card-number.eml'), ALL);
    expect(x.subject).toBe('Refund to card [card number removed, ending 1111] please');
    expect(x.text).toContain('to my card [card number removed, ending 1111], expiry 12/27');
    expect(JSON.stringify(x)).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
  });

  test('a reply is read for its own text: the quoted acknowledgement (which names a refund) does not set the category', async () => {
    const x = extractFromMessage(await fixture('reply-thread.eml'), ALL);
    expect(x.category).toBe('OTHER');
    expect(x.text).toContain('> We received your report about a refund');
  });
});

describe('amounts with their currency, in minor units', () => {
  test.each([
    ['12,34 €', 1234, 'EUR'],
    ['€12.34', 1234, 'EUR'],
    ['€ 12.34', 1234, 'EUR'],
    ['12.34 EUR', 1234, 'EUR'],
    ['EUR 1 234,50', 123450, 'EUR'],
    ['EUR\n1 234,50', 123450, 'EUR'],
    ['1.234,50 €', 123450, 'EUR'],
    ['1,234.50 USD', 123450, 'USD'],
    ['1 234 €', 123400, 'EUR'],
    ['12,5 €', 1250, 'EUR'],
    ['$5', 500, 'USD'],
    ['£19.99', 1999, 'GBP'],
    ['CHF 40', 4000, 'CHF'],
    ['1 000 JPY', 1000, 'JPY'],
    ['1.250 KWD', 1250, 'KWD'],
    ['12.345 EUR', 1234500, 'EUR'],
    ['1\u202f234,50\u00a0€', 123450, 'EUR'],
  ])('%j is %d %s', (written, amountMinor, currency) => {
    expect(findAmounts(`I paid ${written} yesterday`).map((a) => a.amount)).toEqual([{ amountMinor, currency }]);
  });

  test.each([
    ['a number without a currency', 'order 12,34 please'],
    ['an unknown currency code', 'ABC 12.00 and 12.00 XYZ'],
    ['more decimals than the currency has', '12.3456 EUR and 1.5 JPY'],
    ['a date or a time', 'on 04.03.2025 at 10:13'],
  ])('%s is not an amount', (_what, text) => {
    expect(findAmounts(text)).toEqual([]);
  });

  test('several amounts come in the order written, and "instead of" marks the expected one', () => {
    const found = findAmounts('Charged 25,00 € au lieu de 20,00 € — then €5 more');
    expect(found.map((a) => [a.amount.amountMinor, a.expected])).toEqual([[2500, false], [2000, true], [500, false]]);
  });

  test('whatever our own documents print (formatMoney, French or English) reads back as the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom('EUR', 'USD', 'GBP', 'CHF', 'JPY', 'KWD'), fc.constantFrom('fr' as const, 'en' as const), (amountMinor, currency, locale) => {
        const found = findAmounts(`le montant de ${formatMoney({ amountMinor, currency }, locale)} exactement`);
        expect(found.map((a) => a.amount)).toEqual([{ amountMinor, currency }]);
      }),
    );
  });

  test('a written number converts to minor units only when it can be read without guessing', () => {
    expect(toMinorUnits('1 234,5', 'EUR')).toBe(123450);
    expect(toMinorUnits('12.345', 'KWD')).toBe(12345);
    expect(toMinorUnits('12.34', 'JPY')).toBeNull();
  });
});

describe('processor references by their documented formats', () => {
  const sandboxId = 'tx_0f3c9a1b2d4e5f6a7b8c';
  test.each<[string, string, ProcessorName | null, string | null]>([
    ['a Stripe PaymentIntent', 'ref pi_3MtwBwLkdIwHu7ix28a3tqPa.', 'stripe', 'pi_3MtwBwLkdIwHu7ix28a3tqPa'],
    ['a Stripe Charge', '(ch_3MmlLrLkdIwHu7ix0snN0B15)', 'stripe', 'ch_3MmlLrLkdIwHu7ix0snN0B15'],
    ['a Stripe Payment', 'py_1Nv0EaLkdIwHu7ixQvM8GzXb', 'stripe', 'py_1Nv0EaLkdIwHu7ixQvM8GzXb'],
    ['a numeric Adyen PSP reference', 'PSP reference 8535296650153317', 'adyen', '8535296650153317'],
    ['an alphanumeric Adyen PSP reference', 'pspReference: QFQTPCQ8HXSKGK82', 'adyen', 'QFQTPCQ8HXSKGK82'],
    ['a PayPal capture id', 'capture 2GG279541U471931P done', 'paypal', '2GG279541U471931P'],
    ['a sandbox transaction', `tx ${sandboxId}`, 'sandbox', sandboxId],
    ['a Stripe-looking id that is too short', 'pi_123', null, null],
    ['a 16-letter word with no digit', 'CONGRATULATIONSX', null, null],
    ['17 digits and no letter', '12345678901234567', null, null],
    ['a case number', 'DSP-37SBDBEFE5', null, null],
  ])('%s', (_what, text, processor, id) => {
    expect(findTransaction(text, ALL)).toEqual(processor ? { processor, id } : null);
  });

  test('the reference written first wins', () => {
    expect(findTransaction(`first 2GG279541U471931P then pi_3MtwBwLkdIwHu7ix28a3tqPa`, ALL)).toEqual({ processor: 'paypal', id: '2GG279541U471931P' });
  });
});

describe('order references', () => {
  test.each([
    ['order ord_k2j4h5g6', 'ord_k2j4h5g6'],
    ['Order #A-55120', 'A-55120'],
    ['order number 99812', '99812'],
    ['ma commande n° 48213', '48213'],
    ['commande numéro CMD-7781', 'CMD-7781'],
    ['my order was wrong', null],
  ])('%j → %j', (text, expected) => {
    expect(findOrderReference(text)).toBe(expected);
  });
});

describe('the category, by French and English keywords', () => {
  test.each([
    ['I was charged twice', 'DUPLICATE_CHARGE'],
    ['duplicate payment on my card', 'DUPLICATE_CHARGE'],
    ["J'ai été débité deux fois du montant de 12,34 €", 'DUPLICATE_CHARGE'],
    ['prélèvement en double', 'DUPLICATE_CHARGE'],
    ['My refund was never received', 'REFUND_NOT_RECEIVED'],
    ["Je n'ai pas reçu mon remboursement", 'REFUND_NOT_RECEIVED'],
    ['remboursement pas reçu', 'REFUND_NOT_RECEIVED'],
    ['This payment is fraud', 'UNAUTHORIZED'],
    ['unauthorised transaction', 'UNAUTHORIZED'],
    ["Ce n'est pas moi qui ai payé", 'UNAUTHORIZED'],
    ['paiement frauduleux', 'UNAUTHORIZED'],
    ['Wrong amount charged', 'AMOUNT_MISMATCH'],
    ['I was overcharged', 'AMOUNT_MISMATCH'],
    ['Le montant est incorrect', 'AMOUNT_MISMATCH'],
    ['Hello, can you call me back?', 'OTHER'],
    ['', 'OTHER'],
  ])('%j → %s', (text, category) => {
    expect(guessCategory(text)).toBe(category);
  });
});

describe('the locale', () => {
  test.each([
    ['hello', 'fr-FR', 'fr'],
    ['bonjour', 'en', 'en'],
    ["Bonjour, j'ai été débité deux fois pour ma commande", null, 'fr'],
    ['Hello, I was charged twice for my order', null, 'en'],
    ['Hello, I was charged twice for my order', 'de-DE', 'en'],
    ['12,34', null, 'en'],
  ])('%j with Content-Language %j → %s', (text, contentLanguage, locale) => {
    expect(guessLocale(text, contentLanguage)).toBe(locale);
  });
});

describe('replies to a case', () => {
  test.each([
    ['In-Reply-To names our notification', { inReplyTo: ['<DSP-37SBDBEFE5.acknowledgement.1@notifications.loop.tech>'] }, 'DSP-37SBDBEFE5'],
    ['References names it (the latest counts)', { references: ['<DSP-0000000000.a@x>', '<other@x>', '<DSP-37SBDBEFE5.b@x>'] }, 'DSP-37SBDBEFE5'],
    ['only the subject names the case, in lower case', { subject: 'Re: case dsp-37sbdbefe5' }, 'DSP-37SBDBEFE5'],
    ['a Message-ID that merely contains a case number', { inReplyTo: ['<re.DSP-37SBDBEFE5.x@x>'] }, null],
    ['a case number with letters Crockford base32 leaves out', { subject: 'DSP-ILOU000000' }, null],
    ['nothing', { subject: 'hello' }, null],
  ])('%s', (_what, message, caseId) => {
    expect(findRepliedCase(message)).toBe(caseId);
  });

  test.each([
    ['English', 'Thanks!\n\nOn Tue, 4 Mar 2025 at 10:13, Loop <support@loop.tech> wrote:\n> Hello'],
    ['French', 'Merci !\n\nLe mar. 4 mars 2025 à 10:13, Loop <support@loop.tech> a écrit :\n> Bonjour'],
    ['Outlook', 'Thanks!\n\n-----Original Message-----\nFrom: Loop <support@loop.tech>\nSent: Tuesday'],
    ['inline quotes', '> Hello\nThanks!\n> Loop'],
  ])('a %s reply keeps only its new text', (_style, text) => {
    expect(withoutQuotedText(text)).toMatch(/^(Thanks!|Merci !)$/);
  });
});

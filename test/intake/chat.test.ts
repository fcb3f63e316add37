import { CARD_NUMBER_REASON, ChatIntakeSchema, chatIntakeSchema, customerTextOf, onlyCardNumbers } from '../../intake/chat';

/** A chat as the live-chat widget sends it; `overrides` replace top-level fields. */
function chatBody(overrides: Record<string, unknown> = {}) {
  return {
    customer: { id: 'cus_ada', email: 'ada@example.com', locale: 'fr' },
    transcript: [
      { from: 'bot', at: '2025-03-04T10:00:00Z', text: 'Bonjour ! Comment puis-je vous aider ?' },
      { from: 'customer', at: '2025-03-04T10:00:20+01:00', text: "J'ai été débité deux fois pour la même commande." },
      { from: 'agent', at: '2025-03-04T10:01:00.500Z', text: 'Je regarde cela.' },
    ],
    report: { category: 'DUPLICATE_CHARGE', transaction: { processor: 'sandbox', id: 'tx_0f3c9a1b2d4e5f6a7b8c' }, orderReference: 'ord_k2j4h5g6', expectedAmount: { amountMinor: 4999, currency: 'EUR' }, description: 'Deux débits de 49,99 €.' },
    ...overrides,
  };
}

function problems(body: unknown, schema = ChatIntakeSchema) {
  const result = schema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message, code: i.code }));
}

describe('the chat intake schema', () => {
  test('accepts a transcript with the customer identity and a structured report, and so does a minimal one', () => {
    expect(ChatIntakeSchema.parse(chatBody())).toMatchObject({ customer: { email: 'ada@example.com' }, report: { category: 'DUPLICATE_CHARGE' } });
    expect(problems(chatBody({ report: {}, transcript: [{ from: 'customer', at: '2025-03-04T10:00:00Z', text: 'help' }] }))).toEqual([]);
    expect(problems(chatBody({ caseId: 'DSP-37SBDBEFE5' }))).toEqual([]);
  });

  test('refuses unknown fields at every level, by name', () => {
    const body = chatBody({ extra: 1, customer: { id: 'c', email: 'a@b.co', locale: 'fr', phone: '1' } });
    expect(problems(body).map((p) => p.field)).toEqual(expect.arrayContaining(['customer', '']));
    const issues = ChatIntakeSchema.safeParse(body).error!.issues.filter((i) => i.code === 'unrecognized_keys');
    expect(issues.flatMap((i) => (i as { keys: string[] }).keys).sort()).toEqual(['extra', 'phone']);
  });

  test.each([
    ['a speaker other than customer, agent or bot', { transcript: [{ from: 'system', at: '2025-03-04T10:00:00Z', text: 'x' }] }, 'transcript.0.from'],
    ['a time that is not ISO 8601', { transcript: [{ from: 'customer', at: '4 March', text: 'x' }] }, 'transcript.0.at'],
    ['an empty transcript', { transcript: [] }, 'transcript'],
    ['a transcript where the customer never speaks', { transcript: [{ from: 'bot', at: '2025-03-04T10:00:00Z', text: 'hi' }] }, 'transcript'],
    ['a category outside the vocabulary', { report: { category: 'BILLING' } }, 'report.category'],
    ['a decimal amount', { report: { expectedAmount: { amountMinor: 12.5, currency: 'EUR' } } }, 'report.expectedAmount.amountMinor'],
    ['a case number of the wrong form', { caseId: 'CASE-1' }, 'caseId'],
    ['a customer e-mail that is not one', { customer: { id: 'c', email: 'ada', locale: 'fr' } }, 'customer.email'],
  ])('refuses %s, naming the field', (_what, overrides, field) => {
    expect(problems(chatBody(overrides)).map((p) => p.field)).toContain(field);
  });

  test('refuses a processor this deployment does not accept', () => {
    const body = chatBody({ report: { transaction: { processor: 'stripe', id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa' } } });
    expect(problems(body, chatIntakeSchema(['sandbox']))).toEqual([expect.objectContaining({ field: 'report.transaction.processor', reason: 'this deployment accepts sandbox' })]);
    expect(problems(body, chatIntakeSchema(['sandbox', 'stripe']))).toEqual([]);
  });

  test('refuses a full card number in any transcript text or the description, saying where and why', () => {
    const body = chatBody({
      transcript: [
        { from: 'customer', at: '2025-03-04T10:00:00Z', text: 'ma carte 5555 5555 5555 4444 a été débitée' },
        { from: 'agent', at: '2025-03-04T10:00:30Z', text: 'Merci, ne donnez jamais le numéro complet.' },
        { from: 'customer', at: '2025-03-04T10:01:00Z', text: 'carte 4111-1111-1111-1111' },
      ],
      report: { description: '4111111111111111' },
    });
    const result = ChatIntakeSchema.safeParse(body);
    expect(problems(body).map(({ field, reason }) => ({ field, reason }))).toEqual([
      { field: 'transcript.0.text', reason: CARD_NUMBER_REASON },
      { field: 'transcript.2.text', reason: CARD_NUMBER_REASON },
      { field: 'report.description', reason: CARD_NUMBER_REASON },
    ]);
    expect(onlyCardNumbers(result.error!)).toBe(true);
    expect(JSON.stringify(result.error!.issues)).not.toContain('4111');
  });

  test.each([
    ['the customer id', (card: string) => ({ customer: { id: card, email: 'ada@example.com', locale: 'fr' } }), 'customer.id'],
    ['the transaction reference', (card: string) => ({ report: { transaction: { processor: 'sandbox', id: card } } }), 'report.transaction.id'],
    ['the order reference', (card: string) => ({ report: { orderReference: card } }), 'report.orderReference'],
  ])('refuses a full card number in %s as a card number, with or without separators', (_what, overrides, field) => {
    for (const card of ['4111 1111 1111 1111', '4111111111111111', '4111-1111-1111-1111']) {
      const result = ChatIntakeSchema.safeParse(chatBody(overrides(card)));
      expect(problems(chatBody(overrides(card))).map(({ field, reason }) => ({ field, reason }))).toEqual([{ field, reason: CARD_NUMBER_REASON }]);
      expect(onlyCardNumbers(result.error!)).toBe(true);
    }
  });

  test('a transaction reference that is not a card number but badly formed is still refused as badly formed', () => {
    const result = ChatIntakeSchema.safeParse(chatBody({ report: { transaction: { processor: 'sandbox', id: 'tx 0f3c' } } }));
    expect(problems(chatBody({ report: { transaction: { processor: 'sandbox', id: 'tx 0f3c' } } })).map((p) => p.field)).toEqual(['report.transaction.id']);
    expect(onlyCardNumbers(result.error!)).toBe(false);
  });

  test('the last four digits, or a number failing the Luhn check, are not a card number', () => {
    const body = chatBody({ transcript: [{ from: 'customer', at: '2025-03-04T10:00:00Z', text: 'carte finissant par 1111, commande 4111111111111112' }] });
    expect(problems(body)).toEqual([]);
  });

  test('a card number among other problems is reported with them (not as card-number-only)', () => {
    const result = ChatIntakeSchema.safeParse(chatBody({ caseId: 'nope', report: { description: '4111111111111111' } }));
    expect(onlyCardNumbers(result.error!)).toBe(false);
  });

  test("the customer's side of the chat is the description then what the customer said, not the agent or bot", () => {
    expect(customerTextOf(ChatIntakeSchema.parse(chatBody()))).toBe("Deux débits de 49,99 €.\n\nJ'ai été débité deux fois pour la même commande.");
  });
});

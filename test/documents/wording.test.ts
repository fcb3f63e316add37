import { renderResolutionPdf } from '../../documents/pdf';
import { resolutionRecord, type ResolutionRecord } from '../../documents/record';
import type { CaseState, Decision, Locale } from '../../domain/vocabulary';
import { eur, transaction } from '../domain/fixtures';
import { pdfText } from '../support/pdf-text';
import { agentRefund, automaticRefund, credit, denial, explanation, GENERATED_AT, resolvedCase, threeDSecure, type ResolvedCaseOptions } from './cases';
import { frenchProblems, RULE_IDS, ruleIdProblems } from './wording';

type Scenario = Omit<ResolvedCaseOptions, 'decision' | 'locale'>;

/** A case for every liability rule, built from the facts that make the rule match. */
const SCENARIOS: Record<string, Scenario> = {
  TRANSACTION_NOT_FOUND: { tx: null, orderTotal: null },
  DECLINED_FOR_CUSTOMER_DETAILS: { tx: { ...transaction([]), amount: eur(4999), requestedAmount: eur(4999), declineReason: 'CUSTOMER_DETAILS', status: 'FAILED' } },
  UNAUTHORIZED_IN_LOOP_INCIDENT: {
    category: 'UNAUTHORIZED',
    tx: transaction([4999]),
    adjust: (f) => ({
      ...f,
      incidents: [{ id: 'inc_1', startsAt: '2026-02-28T23:30:00.000Z', endsAt: '2026-03-02T00:00:00.000Z', affectedAccounts: 'ALL', summary: 'Credential stuffing on the login page' }],
    }),
  },
  UNAUTHORIZED_STRONGLY_AUTHENTICATED: { category: 'UNAUTHORIZED', tx: threeDSecure(transaction([4999])) },
  UNAUTHORIZED_UNCLEAR: { category: 'UNAUTHORIZED', tx: transaction([4999]) },
  PROCESSOR_CHARGED_OTHER_AMOUNT: { category: 'AMOUNT_MISMATCH', tx: { ...transaction([5200]), requestedAmount: eur(4999) } },
  DUPLICATE_CAPTURE: { tx: transaction([4999, 4999]) },
  CHARGED_MORE_THAN_ORDER: { category: 'AMOUNT_MISMATCH', tx: transaction([5999]) },
  PROMISED_REFUND_NOT_ISSUED: {
    category: 'REFUND_NOT_RECEIVED',
    tx: transaction([4999]),
    adjust: (f) => ({ ...f, order: { ...f.order!, promisedRefunds: [{ amount: eur(1000), promisedAt: '2026-03-03T10:00:00.000Z', reference: 'prm_1' }] } }),
  },
  REFUND_SETTLED_NOT_SEEN: { category: 'REFUND_NOT_RECEIVED', tx: transaction([4999], [{ amount: 4999 }]) },
  NO_ORDER_RECORD: { category: 'AMOUNT_MISMATCH', tx: transaction([4999]), orderTotal: null },
  NO_DISCREPANCY_FOUND: { category: 'AMOUNT_MISMATCH', tx: transaction([4999]) },
};

const DECISIONS: Record<string, Decision> = { REFUND: agentRefund(1000), ACCOUNT_CREDIT: credit(1000), EXPLAIN: explanation, DENY: denial, AUTOMATIC: automaticRefund(1000) };
const AGENT_IDS = ['agent_7', 'sup_2', 'system:'];
const AGENT_REASONS = Object.values(DECISIONS).map((d) => d.reason);

function resolved(rule: string, action: string, locale: Locale, over: Partial<ResolvedCaseOptions> = {}) {
  const { state, resolution } = resolvedCase({ ...SCENARIOS[rule], decision: DECISIONS[action]!, locale, ...over });
  expect(state.assessment?.rule).toBe(rule);
  return { state, record: resolutionRecord(state, resolution, GENERATED_AT) };
}

/** The record's text a customer reads: every string but the codes, instants and ids of the vocabulary. */
function readable(record: ResolutionRecord): string {
  const out: string[] = [];
  const skip = new Set(['code', 'at', 'schema', 'locale', 'timeZone', 'processor']);
  const visit = (node: unknown, key = ''): void => {
    if (typeof node === 'string' && !skip.has(key)) out.push(node);
    else if (Array.isArray(node)) node.forEach((n) => visit(n));
    else if (node && typeof node === 'object') Object.entries(node).forEach(([k, v]) => visit(v, k));
  };
  visit(record);
  return out.join('\n');
}

/** What the customer must never find in their copy, in any language: the agents' notes and ids, rule ids. */
function internalProblems(state: CaseState, record: ResolutionRecord): string[] {
  const json = JSON.stringify(record);
  return [
    ...AGENT_IDS.filter((id) => json.includes(id)).map((id) => `agent id ${id}`),
    ...AGENT_REASONS.filter((r) => json.includes(r)).map((r) => `agent's reason "${r}"`),
    ...RULE_IDS.filter((id) => json.includes(id)).map((id) => `rule id ${id}`),
    ...(state.assessment?.reasons ?? []).filter((r) => json.includes(r)).map((r) => `recorded reason "${r}"`),
    ...(state.assessment?.customerGuidance && json.includes(state.assessment.customerGuidance) ? ['recorded guidance'] : []),
    ...ruleIdProblems(readable(record)),
  ];
}

const RULES = Object.keys(SCENARIOS);
const ACTIONS = Object.keys(DECISIONS);

describe('what a customer reads in the resolution record', () => {
  describe.each(RULES)('under %s', (rule) => {
    test.each(ACTIONS)('a French %s decision is written in French throughout', (action) => {
      const { state, record } = resolved(rule, action, 'fr');
      expect(frenchProblems(readable(record))).toEqual([]);
      expect(internalProblems(state, record)).toEqual([]);
    });

    test.each(ACTIONS)('an English %s decision names no rule, person or agent’s note', (action) => {
      const { state, record } = resolved(rule, action, 'en');
      expect(internalProblems(state, record)).toEqual([]);
    });
  });

  test('a French case shows its times in Paris: a resolution at 23:30 UTC is the next day at 00:30', () => {
    const { state, resolution } = resolvedCase({ ...SCENARIOS.DUPLICATE_CAPTURE, decision: DECISIONS.REFUND!, locale: 'fr', resolvedAt: '2026-03-11T23:30:00.000Z' });
    const record = resolutionRecord(state, resolution, '2026-03-11T23:30:00.000Z');
    expect(record.outcome.at.formatted).toBe('12 mars 2026 à 00:30');
    expect(record.generatedAt.formatted).toBe('12 mars 2026 à 00:30');
    expect(record.outcome.summary).toContain('le 12 mars 2026');
    // Summer time: 23:30 UTC on 1 July is 01:30 in Paris.
    expect(resolutionRecord(state, resolution, '2026-07-01T23:30:00.000Z').generatedAt.formatted).toBe('2 juillet 2026 à 01:30');
  });

  test('the zone is a parameter: the same case read in UTC stays on the 11th', () => {
    const { state, resolution } = resolvedCase({ ...SCENARIOS.DUPLICATE_CAPTURE, decision: DECISIONS.REFUND!, locale: 'en', resolvedAt: '2026-03-11T23:30:00.000Z' });
    const record = resolutionRecord(state, resolution, GENERATED_AT, { timeZone: 'UTC' });
    expect(record).toMatchObject({ timeZone: 'UTC', outcome: { at: { formatted: '11 March 2026 at 23:30' } } });
  });

  test('a currency mismatch names the order and both currencies; a missing order says there is none', () => {
    for (const locale of ['fr', 'en'] as const) {
      const other = resolved('NO_ORDER_RECORD', 'DENY', locale, { orderTotal: 4999, orderCurrency: 'USD' }).record;
      const none = resolved('NO_ORDER_RECORD', 'DENY', locale).record;
      expect(other.liability?.explanation).toMatch(/ord_1.*USD.*EUR/);
      expect(none.liability?.explanation).not.toMatch(/ord_1|USD/);
    }
    expect(resolved('NO_ORDER_RECORD', 'DENY', 'fr', { orderTotal: 4999, orderCurrency: 'USD' }).record.liability?.explanation).toBe(
      'La commande ord_1 est en USD mais le paiement est en EUR : ils ne se comparent pas directement ; une personne a donc examiné le dossier.',
    );
    expect(resolved('NO_ORDER_RECORD', 'DENY', 'fr').record.liability?.explanation).toBe(
      'Aucune commande ne permet de comparer le paiement ; une personne a donc examiné le dossier.',
    );
  });

  test('a Loop incident is shown by its period in Paris time, not by the register’s English summary', () => {
    const { record } = resolved('UNAUTHORIZED_IN_LOOP_INCIDENT', 'REFUND', 'fr');
    expect(record.investigation.findings).toContain('L’incident de sécurité Loop inc_1 (du 1er mars 2026 au 2 mars 2026) couvre ce paiement.');
    expect(JSON.stringify(record)).not.toContain('Credential stuffing');
  });
});

describe('a case closed with an explanation (EXPLAIN)', () => {
  test('of a refund already settled gives its reference and when to expect it', () => {
    const { record } = resolved('REFUND_SETTLED_NOT_SEEN', 'EXPLAIN', 'en');
    expect(record.outcome).toMatchObject({ action: { code: 'EXPLAIN', label: 'Closed with an explanation (no money moved)' }, amount: null, reference: null });
    expect(record.outcome.summary).toBe(
      'No new refund was needed: your refund re_0 has already been paid out by our payment processor to your bank. No money was moved; the case was closed with this explanation on 11 March 2026.',
    );
    expect(record.customerOptions.slice(0, 2)).toEqual([
      'Banks usually take 5 to 10 business days to show a refund on the statement after the processor has paid it out.',
      'If it has not appeared after 10 business days, give your bank the refund reference re_0: it lets the bank find the money.',
    ]);
    expect(record.customerOptions.join(' ')).not.toMatch(/chargeback/);
  });

  test('of a strongly authenticated fraud says what to tell the bank: a fraud claim, and block the card', () => {
    const { record } = resolved('UNAUTHORIZED_STRONGLY_AUTHENTICATED', 'EXPLAIN', 'fr');
    expect(record.outcome.summary).toMatch(/^Loop ne rembourse pas ce paiement : votre banque l’a confirmé par 3-D Secure/);
    expect(record.customerOptions[0]).toMatch(/contactez dès maintenant l’émetteur de votre carte .* contestation pour fraude/);
    expect(record.customerOptions[1]).toMatch(/faire opposition sur votre carte/);
  });

  test('of wrong payment details says what was wrong and how to pay again', () => {
    const { record } = resolved('DECLINED_FOR_CUSTOMER_DETAILS', 'EXPLAIN', 'en');
    expect(record.outcome.summary).toMatch(/^No money was taken: the payment was declined because the card details entered did not match the card/);
    expect(record.customerOptions[0]).toMatch(/^To pay again, check the card number, the expiry date and the security code/);
  });

  test('of the processor taking another amount says what the processor answered, and no promise when it was not asked', () => {
    const answered = (outcome: 'PROCESSOR_ERROR_CONFIRMED' | 'NO_PROCESSOR_ERROR') =>
      resolved('PROCESSOR_CHARGED_OTHER_AMOUNT', 'EXPLAIN', 'en', {
        before: (s) => ({
          ...s,
          processorInquiry: {
            raisedAt: '2026-03-10T11:00:00.000Z',
            raisedBy: 'agent_7',
            dueAt: '2026-03-17T23:30:00.000Z',
            note: 'asked Adyen support',
            answer: { outcome, text: 'Adyen says the FX rate was applied twice', recordedAt: '2026-03-11T09:00:00.000Z', recordedBy: 'agent_7' },
          },
        }),
      });
    const confirmed = answered('PROCESSOR_ERROR_CONFIRMED');
    expect(confirmed.record.investigation.findings.slice(-2)).toEqual([
      'On 10 March 2026, Loop asked its payment processor to check this payment, with an answer due by 18 March 2026.',
      'On 11 March 2026, the payment processor answered that the error is on its side.',
    ]);
    expect(confirmed.record.outcome.summary).toMatch(/^Our payment processor confirmed that the error was its own/);
    expect(JSON.stringify(confirmed.record)).not.toMatch(/Adyen says|asked Adyen support|agent_7/);
    expect(answered('NO_PROCESSOR_ERROR').record.outcome.summary).toMatch(/says it found no error on its side; Loop’s records cannot establish more than that/);

    const unasked = resolved('PROCESSOR_CHARGED_OTHER_AMOUNT', 'EXPLAIN', 'en').record;
    expect(readable(unasked)).not.toMatch(/raise[sd]? (it|the difference) with|will tell you/i);
  });

  test('under any other rule gives the general explanation', () => {
    const { record } = resolved('NO_DISCREPANCY_FOUND', 'EXPLAIN', 'fr');
    expect(record.outcome.summary).toBe(
      'Nous avons examiné votre signalement et clôturons votre dossier avec l’explication ci-dessus. Aucun mouvement d’argent ; le dossier a été clôturé avec cette explication le 11 mars 2026.',
    );
  });

  test('is not a refusal: DENY alone says the request was declined', () => {
    expect(resolved('REFUND_SETTLED_NOT_SEEN', 'EXPLAIN', 'en').record.outcome.summary).not.toMatch(/declined/);
    expect(resolved('REFUND_SETTLED_NOT_SEEN', 'DENY', 'en').record.outcome.summary).toMatch(/^Your request was declined/);
  });
});

describe('what a customer reads in the resolution PDF', () => {
  // Each PDF is read by a child process: the French EXPLAIN of every rule, and every decision of one rule in both languages.
  const cases: [string, string, Locale][] = [
    ...RULES.map((rule): [string, string, Locale] => [rule, 'EXPLAIN', 'fr']),
    ...ACTIONS.flatMap((action) => (['fr', 'en'] as const).map((locale): [string, string, Locale] => ['UNAUTHORIZED_STRONGLY_AUTHENTICATED', action, locale])),
  ];

  test.each(cases)('under %s, a %s decision in %s names no rule, person or agent’s note, and French is French', async (rule, action, locale) => {
    const { state, record } = resolved(rule, action, locale);
    const { text } = await pdfText(await renderResolutionPdf(record));
    const problems = [
      ...AGENT_IDS.filter((id) => text.includes(id)),
      ...AGENT_REASONS.filter((r) => text.includes(r)),
      ...(state.assessment?.reasons ?? []).filter((r) => text.includes(r)),
      ...ruleIdProblems(text),
      ...(locale === 'fr' ? frenchProblems(text) : []),
    ];
    expect(problems).toEqual([]);
    expect(text).not.toContain('(en anglais)');
  });

  test('a French PDF says its times are Paris time and shows 23:30 UTC as 00:30 the next day', async () => {
    const { state, resolution } = resolvedCase({ ...SCENARIOS.REFUND_SETTLED_NOT_SEEN, decision: explanation, locale: 'fr', resolvedAt: '2026-03-11T23:30:00.000Z' });
    const { text } = await pdfText(await renderResolutionPdf(resolutionRecord(state, resolution, GENERATED_AT)));
    expect(text).toContain('Les heures sont indiquées en heure d’Europe centrale.');
    expect(text).toContain('Date : 12 mars 2026 à 00:30');
    expect(text).toContain('Décidé par : Un conseiller');
    expect(text).toContain('Décision : Clôturé avec une explication (aucun mouvement d’argent)');
    expect(text).not.toContain('UTC');
  });
});


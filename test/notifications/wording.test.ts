import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../../activities/ports';
import type { CaseState, Locale } from '../../domain/vocabulary';
import { satisfactionLinks } from '../../notifications/links';
import { renderNotification } from '../../notifications/templates';
import { DECISIONS, resolutionFacts, resolvedCase, SCENARIOS, type ResolvedCaseOptions } from '../documents/cases';
import { frenchProblems, ruleIdProblems } from '../documents/wording';

const links = satisfactionLinks('https://disputes.loop.tech', 'secret', 'DSP-0123456789');

function mail(kind: NotificationKind, locale: Locale, facts: Record<string, string>, timeZone?: string) {
  const n: Notification = { caseId: 'DSP-0123456789', kind, to: 'claire@example.com', locale, facts, idempotencyKey: `k-${kind}` };
  return renderNotification(n, { links, document: 'attached', ...(timeZone ? { timeZone } : {}) });
}

function resolutionMail(rule: string, action: keyof typeof DECISIONS, locale: Locale, over: Partial<ResolvedCaseOptions> = {}) {
  const { state, resolution } = resolvedCase({ ...SCENARIOS[rule], decision: DECISIONS[action], locale, ...over });
  expect(state.assessment?.rule).toBe(rule);
  const facts = resolutionFacts(state, resolution);
  return { state, facts, ...mail('RESOLUTION', locale, facts) };
}

/** The agent's notes, the investigation's English and the people's ids: none of it reaches a customer. */
function internalProblems(state: CaseState, text: string): string[] {
  return [
    ...['agent_7', 'sup_2', 'system:'].filter((id) => text.includes(id)),
    ...Object.values(DECISIONS).map((d) => d.reason).filter((r) => text.includes(r)),
    ...(state.assessment?.reasons ?? []).filter((r) => text.includes(r)),
    ...(state.assessment?.customerGuidance && text.includes(state.assessment.customerGuidance) ? ['recorded guidance'] : []),
    ...ruleIdProblems(text),
  ];
}

const OTHER_FACTS: Record<Exclude<NotificationKind, 'RESOLUTION'>, Record<string, string>> = {
  ACKNOWLEDGEMENT: {},
  INFORMATION_REQUEST: { question: 'Quel numéro de commande figurait sur votre facture ?' },
  SATISFACTION_QUESTION: {},
  CLOSURE: { outcome: 'NO_ANSWER' },
  WITHDRAWAL: { outcome: 'WITHDRAWN' },
  PROCESSOR_INQUIRY: { dueAt: '2026-03-17T23:30:00.000Z' },
};

describe('what a customer reads in an e-mail', () => {
  describe.each(Object.keys(SCENARIOS))('the resolution under %s', (rule) => {
    test.each(Object.keys(DECISIONS) as (keyof typeof DECISIONS)[])('of a %s decision is French throughout for a French customer', (action) => {
      const { state, subject, text, html } = resolutionMail(rule, action, 'fr');
      expect(frenchProblems(subject + '\n' + text)).toEqual([]);
      expect(internalProblems(state, text + html)).toEqual([]);
    });

    test.each(Object.keys(DECISIONS) as (keyof typeof DECISIONS)[])('of a %s decision names no rule, person or note in English', (action) => {
      const { state, text, html } = resolutionMail(rule, action, 'en');
      expect(internalProblems(state, text + html)).toEqual([]);
    });
  });

  test.each(NOTIFICATION_KINDS.filter((k): k is Exclude<NotificationKind, 'RESOLUTION'> => k !== 'RESOLUTION'))(
    'a French %s e-mail is French throughout',
    (kind) => {
      const { subject, text } = mail(kind, 'fr', { caseId: 'DSP-0123456789', ...OTHER_FACTS[kind] });
      expect(frenchProblems(subject + '\n' + text)).toEqual([]);
    },
  );

  test('the processor inquiry e-mail says it was raised and when the answer is expected, in Paris time', () => {
    const fr = mail('PROCESSOR_INQUIRY', 'fr', { caseId: 'DSP-0123456789', dueAt: '2026-03-17T23:30:00.000Z' });
    expect(fr.subject).toBe('Dossier DSP-0123456789 – nous avons saisi notre prestataire de paiement');
    expect(fr.text).toContain('Nous le lui avons demandé et attendons sa réponse avant le 18 mars 2026.');
    expect(fr.text).toContain('Une fois sa réponse reçue, un conseiller décide de votre dossier et nous vous écrivons avec la décision.');
    // Raised under any rule: the e-mail claims no difference the case may not have.
    expect(fr.text).not.toContain('autre montant');
    const en = mail('PROCESSOR_INQUIRY', 'en', { caseId: 'DSP-0123456789', dueAt: '2026-03-17T23:30:00.000Z' });
    expect(en.text).toContain('We have asked it to, and expect its answer by 18 March 2026.');
    expect(en.text).toContain('Once it has answered, an adviser decides on your case and we write to you with the decision.');
    expect(en.text).not.toContain('amount other than');
    // The zone is the renderer's parameter: in UTC the same instant is still the 17th.
    expect(mail('PROCESSOR_INQUIRY', 'en', { caseId: 'DSP-0123456789', dueAt: '2026-03-17T23:30:00.000Z' }, 'UTC').text).toContain('by 17 March 2026');
    expect(mail('PROCESSOR_INQUIRY', 'en', { caseId: 'DSP-0123456789', dueAt: 'soon' }).text).toContain('expect its answer in the coming days');
  });

  test('no resolution e-mail promises to raise anything with the processor: only the inquiry e-mail says it was raised', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const action of Object.keys(DECISIONS) as (keyof typeof DECISIONS)[]) {
        const { text } = resolutionMail('PROCESSOR_CHARGED_OTHER_AMOUNT', action, locale);
        expect(text).not.toMatch(/will tell you|vous informera|raises it|le signale au prestataire|a signalé l’écart/i);
      }
    }
  });

  test('the resolution mentions the processor’s answer when the case had one', () => {
    const answered = (outcome: 'PROCESSOR_ERROR_CONFIRMED' | 'NO_PROCESSOR_ERROR', action: keyof typeof DECISIONS, locale: Locale) =>
      resolutionMail('PROCESSOR_CHARGED_OTHER_AMOUNT', action, locale, {
        before: (s) => ({
          ...s,
          processorInquiry: {
            raisedAt: '2026-03-10T11:00:00.000Z',
            raisedBy: 'agent_7',
            dueAt: '2026-03-17T11:00:00.000Z',
            note: 'asked the processor',
            answer: { outcome, text: 'They applied the FX rate twice', recordedAt: '2026-03-11T09:00:00.000Z', recordedBy: 'agent_7' },
          },
        }),
      });
    const refund = answered('PROCESSOR_ERROR_CONFIRMED', 'REFUND', 'fr');
    expect(refund.text).toContain('Nous avons demandé à notre prestataire de paiement de vérifier ce paiement ; il a confirmé que l’erreur venait de lui.');
    expect(refund.text).not.toContain('FX rate');
    const explained = answered('NO_PROCESSOR_ERROR', 'EXPLAIN', 'en');
    expect(explained.text).toContain('We asked our payment processor to check this payment; it answered that it found no error on its side.');
    expect(explained.text).toContain('it answered that it found no error on its side');
    expect(explained.subject).toBe('Case DSP-0123456789 – our explanation');
  });

  test('an EXPLAIN e-mail words each rule’s outcome: the refund reference, the fraud claim, the payment details', () => {
    const settled = resolutionMail('REFUND_SETTLED_NOT_SEEN', 'EXPLAIN', 'fr').text;
    expect(settled).toContain('Décision : Clôturé avec une explication (aucun mouvement d’argent)');
    expect(settled).toContain('votre remboursement re_0 a déjà été versé à votre banque');
    expect(settled).toContain('5 à 10 jours ouvrés');
    const fraud = resolutionMail('UNAUTHORIZED_STRONGLY_AUTHENTICATED', 'EXPLAIN', 'en').text;
    expect(fraud).toContain('contact your card issuer');
    expect(fraud).toContain('fraud claim (a dispute)');
    expect(fraud).toContain('block your card');
    const details = resolutionMail('DECLINED_FOR_CUSTOMER_DETAILS', 'EXPLAIN', 'fr').text;
    expect(details).toContain('les coordonnées de carte saisies ne correspondaient pas à la carte');
    expect(details).toContain('Pour payer à nouveau');
    const general = resolutionMail('NO_DISCREPANCY_FOUND', 'EXPLAIN', 'en').text;
    expect(general).toContain('We looked into your report and are closing your case with the explanation above.');
    expect(general).not.toMatch(/declin/);
  });

  test('a currency mismatch is not told "no order" in the e-mail', () => {
    const { text } = resolutionMail('NO_ORDER_RECORD', 'DENY', 'fr');
    expect(text).not.toContain('Aucune commande ne permet de comparer le paiement');
    expect(text).toContain('Aucune commande dans la devise du paiement n’a pu lui être comparée');
  });
});

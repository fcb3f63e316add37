import type { Notification } from '../../activities/ports';
import { PHRASES, ruleExplanation, type ProcessorAnswer } from '../../documents/phrases';
import { resolutionRecord } from '../../documents/record';
import type { CaseState, Locale } from '../../domain/vocabulary';
import { satisfactionLinks } from '../../notifications/links';
import { renderNotification } from '../../notifications/templates';
import { DECISIONS, GENERATED_AT, resolutionFacts, resolvedCase, SCENARIOS } from './cases';
import { RULE_IDS } from './wording';

/**
 * Whatever the processor answered, the customer never reads two sentences that disagree: the
 * rule's reason, the findings and the outcome say what Loop's records show, and the cause is the
 * processor's answer (or, without one, nothing the processor is said to have answered).
 */
/** NONE: never asked; UNANSWERED: asked, and decided before the processor answered. */
type Answer = ProcessorAnswer | 'NONE' | 'UNANSWERED';
const ANSWERS: Answer[] = ['NONE', 'UNANSWERED', 'PROCESSOR_ERROR_CONFIRMED', 'NO_PROCESSOR_ERROR'];

/** Claims, by what they say about the cause, as each language words them. */
const CLAIMS: Record<Locale, Record<'processorErred' | 'processorFoundNoError' | 'loopErred' | 'nothingWrong', RegExp>> = {
  en: {
    processorErred: /arose at (our|the) payment processor|error (was|is) (its|our payment processor’s) own|error is (on its side|our payment processor’s)|confirmed that the error/i,
    processorFoundNoError: /found no error|no error on its side/i,
    loopErred: /Loop’s error|Loop is responsible/i,
    nothingWrong: /the money is with your bank|nothing else found explains|No new refund was needed|has already been paid out/i,
  },
  fr: {
    processorErred: /vient (de notre|du) prestataire|l’erreur venait de lui|erreur vient de notre prestataire|confirmé que l’erreur/i,
    processorFoundNoError: /aucune erreur de son côté|aucune erreur dans/i,
    loopErred: /erreur de Loop|Loop en est responsable|il incombe à Loop/i,
    nothingWrong: /l’argent est auprès de votre banque|rien d’autre n’explique|Aucun nouveau remboursement|a déjà été versé/i,
  },
};

/** The claims a text must not make, and the one it must make, given the processor's answer. */
function contradictions(text: string, answer: Answer, locale: Locale): string[] {
  const c = CLAIMS[locale];
  const has = (name: keyof typeof c) => c[name].test(text);
  const problems: string[] = [];
  const must = (ok: boolean, why: string) => ok || problems.push(why);
  if (answer === 'PROCESSOR_ERROR_CONFIRMED') {
    must(has('processorErred'), 'does not say the processor confirmed its error');
    must(!has('processorFoundNoError'), 'says the processor found no error');
    must(!has('loopErred'), 'blames Loop although the processor owned the error');
    must(!has('nothingWrong'), 'says nothing was wrong although the processor owned an error');
  } else if (answer === 'NO_PROCESSOR_ERROR') {
    must(has('processorFoundNoError'), 'does not say the processor found no error');
    must(!has('processorErred'), 'blames the processor although it found no error');
  } else {
    must(!has('processorFoundNoError') && !/confirmed that the error|confirmé que l’erreur/i.test(text), 'reports an answer nobody gave');
  }
  return problems;
}

function caseWith(rule: string, action: keyof typeof DECISIONS, locale: Locale, answer: Answer) {
  return resolvedCase({
    ...SCENARIOS[rule],
    decision: DECISIONS[action],
    locale,
    before: (s: CaseState): CaseState =>
      answer === 'NONE'
        ? s
        : {
            ...s,
            processorInquiry: {
              raisedAt: '2026-03-10T11:00:00.000Z',
              raisedBy: 'agent_7',
              dueAt: '2026-03-24T11:00:00.000Z',
              note: 'asked the processor',
              answer:
                answer === 'UNANSWERED' ? null : { outcome: answer, text: 'checked on our side', recordedAt: '2026-03-11T09:00:00.000Z', recordedBy: 'agent_7' },
            },
          },
  });
}

const links = satisfactionLinks('https://disputes.loop.tech', 'secret', 'DSP-0123456789');
const COMBINATIONS = Object.keys(SCENARIOS).flatMap((rule) =>
  ANSWERS.flatMap((answer) => (['en', 'fr'] as const).flatMap((locale) => (['EXPLAIN', 'DENY', 'REFUND'] as const).map((action) => [rule, answer, locale, action] as const))),
);

describe('the processor’s answer and the rest of what the customer reads agree', () => {
  test.each(COMBINATIONS)('under %s, answer %s, the %s document of a %s decision never contradicts itself', (rule, answer, locale, action) => {
    const { state, resolution } = caseWith(rule, action, locale, answer);
    const r = resolutionRecord(state, resolution, GENERATED_AT);
    const text = [...r.investigation.findings, r.liability?.explanation ?? '', r.outcome.summary, ...r.customerOptions].join('\n');
    expect(contradictions(text, answer, locale)).toEqual([]);
  });

  test.each(COMBINATIONS)('under %s, answer %s, the %s e-mail of a %s decision never contradicts itself', (rule, answer, locale, action) => {
    const { state, resolution } = caseWith(rule, action, locale, answer);
    const n: Notification = { caseId: state.caseId, kind: 'RESOLUTION', to: 'a@example.com', locale, facts: resolutionFacts(state, resolution), idempotencyKey: 'k' };
    const { text } = renderNotification(n, { links, document: 'attached' });
    expect(contradictions(text, answer, locale)).toEqual([]);
  });

  test.each(RULE_IDS.flatMap((rule) => (['en', 'fr'] as const).flatMap((locale) => ANSWERS.map((answer) => [rule, locale, answer] as const))))(
    'the reason of %s in %s never says otherwise than the answer %s',
    (rule, locale, answer) => {
      const p = PHRASES[locale];
      const given = answer === 'NONE' || answer === 'UNANSWERED' ? null : answer;
      const reason = ruleExplanation(p, rule, given);
      const said = given ? p.processorAnswers[given] : '';
      expect(contradictions(`${reason}\n${said}`, answer, locale)).toEqual([]);
    },
  );

  test('a processor that found no error is told honestly: what the records show, no money moved, and the customer’s two ways on', () => {
    const { state, resolution } = caseWith('PROCESSOR_CHARGED_OTHER_AMOUNT', 'EXPLAIN', 'en', 'NO_PROCESSOR_ERROR');
    const facts = resolutionFacts(state, resolution);
    const { text } = renderNotification({ caseId: state.caseId, kind: 'RESOLUTION', to: 'a@example.com', locale: 'en', facts, idempotencyKey: 'k' }, { links });
    expect(text).not.toContain('found no error in the amount it took');
    expect(text).not.toContain('the difference arose at the processor');
    expect(text).toContain('it answered that it found no error on its side');
    expect(text).toContain('Closed with an explanation (no money moved)');
    expect(text).toContain('Loop’s records cannot establish more than that');
    expect(text).toContain('reply to our e-mail with your bank statement');
    expect(text).toContain('ask your bank (card issuer) to dispute the difference');
    const fr = resolutionRecord(caseWith('PROCESSOR_CHARGED_OTHER_AMOUNT', 'EXPLAIN', 'fr', 'NO_PROCESSOR_ERROR').state, resolution, GENERATED_AT);
    expect(fr.liability?.explanation).toContain('la cause de l’écart n’a pas pu être établie');
    expect(fr.outcome.summary).toContain('dit n’avoir constaté aucune erreur de son côté');
  });
});

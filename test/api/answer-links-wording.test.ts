import { answeredText, PAGE_TEXT } from '../../api/answer-links';
import { formatDate, timeZoneName } from '../../documents/dates';
import { resolutionRecord } from '../../documents/record';
import { PHRASES } from '../../documents/phrases';
import { agentRefund, GENERATED_AT, resolvedCase } from '../documents/cases';

describe('the satisfaction answer page names times as the resolution document does', () => {
  const at = '2026-12-02T09:15:00.000Z';

  test('a French customer reads the time and "heure d’Europe centrale", as in the PDF, never "UTC+1"', () => {
    const text = answeredText('fr', { satisfied: true, at }, 'Europe/Paris');
    expect(text).toBe('Vous avez déjà répondu : vous êtes satisfait (2 décembre 2026 à 10:15, heure d’Europe centrale).');
    expect(text).not.toMatch(/UTC|GMT/);
    // The document's own line under its title names the zone in the same words.
    const { state, resolution } = resolvedCase({ decision: agentRefund(1000), locale: 'fr' });
    const record = resolutionRecord(state, resolution, GENERATED_AT);
    expect(PHRASES.fr.timesIn(timeZoneName(record.timeZone, 'fr', GENERATED_AT))).toContain('heure d’Europe centrale');
    expect(text).toContain(formatDate(at, 'fr', { withTime: true, timeZone: record.timeZone }));
  });

  test('an English customer reads "Central European Time" in the configured zone', () => {
    expect(answeredText('en', { satisfied: false, at }, 'Europe/Paris')).toBe(
      'You have already answered: you are not satisfied (2 December 2026 at 10:15, Central European Time); your case was reopened.',
    );
    expect(answeredText('en', { satisfied: true, at }, 'America/New_York')).toContain('2 December 2026 at 04:15, Eastern Time');
  });

  test('the page calls it a case and an adviser, as the e-mails do, never a dispute or an agent', () => {
    const words = (t: Record<string, unknown>) => Object.values(t).map((v) => (typeof v === 'function' ? v('·') : v)).join('\n');
    expect(words(PAGE_TEXT.en)).not.toMatch(/dispute|agent/i);
    expect(words(PAGE_TEXT.fr)).not.toMatch(/réclamation|agent/i);
    expect(PAGE_TEXT.fr.title).toBe('Votre dossier');
  });
});

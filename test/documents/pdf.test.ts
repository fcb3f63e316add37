import { renderResolutionPdf } from '../../documents/pdf';
import { resolutionRecord } from '../../documents/record';
import { transaction } from '../domain/fixtures';
import { pdfText, plainSpaces } from '../support/pdf-text';
import { agentRefund, automaticRefund, CASE_ID, GENERATED_AT, resolvedCase } from './cases';

const frenchRefund = () => {
  const { state, resolution } = resolvedCase({ locale: 'fr', tx: transaction([124999, 124999]), orderTotal: 124999, decision: agentRefund(124999) });
  return resolutionRecord(state, resolution, GENERATED_AT);
};

describe('the resolution PDF', () => {
  test('names the case, the amounts as the French record formats them, the decision and who made it', async () => {
    const record = frenchRefund();
    const { text, title, pages } = await pdfText(await renderResolutionPdf(record));
    expect(pages).toBe(1);
    expect(title).toBe(`Résolution de votre dossier ${CASE_ID}`);
    expect(text).toContain(`Résolution de votre dossier ${CASE_ID}`);
    expect(text).toContain(`Montant débité : ${plainSpaces(record.investigation.charged!.formatted)}`);
    expect(text).toContain(`Montant que Loop devait débiter : ${plainSpaces(record.investigation.meant!.formatted)}`);
    expect(plainSpaces(record.outcome.amount!.formatted)).toBe('1 249,99 €');
    expect(text).toContain('Décision : Remboursement Montant : 1 249,99 €');
    expect(text).toContain('Décidé par : Un conseiller');
    expect(text).toContain('Référence : re_1');
    expect(text).toContain(plainSpaces(record.outcome.summary));
    expect(text).toContain('Ce que vous pouvez encore faire');
    expect(text).toContain(`${CASE_ID} — Page 1 sur 1`);
  });

  test('says an automatic decision was taken by the rules, without naming the rule, in English', async () => {
    const { state, resolution } = resolvedCase({ locale: 'en', tx: transaction([2500, 2500]), orderTotal: 2500, decision: automaticRefund(2500) });
    const { text } = await pdfText(await renderResolutionPdf(resolutionRecord(state, resolution, GENERATED_AT)));
    expect(text).toContain("Decided by: Automatically, by Loop's rules");
    expect(text).toContain('A refund of €25.00 was issued on 11 March 2026, reference re_1.');
    expect(text).toContain('What the investigation found');
    expect(text).toContain('Page 1 of 1');
  });

  test('renders the same record as the very same bytes, so a retried activity stores the same file', async () => {
    const first = await renderResolutionPdf(frenchRefund());
    const again = await renderResolutionPdf(frenchRefund());
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    const later = await renderResolutionPdf({ ...frenchRefund(), generatedAt: { at: '2026-03-13T08:30:00.000Z', formatted: '13 mars 2026 à 09:30' } });
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
  });

  test('numbers every page of a long document, and draws characters the font lacks as "?"', async () => {
    const record = frenchRefund();
    const long = { ...record, reported: { ...record.reported, description: `${'Ligne de description très détaillée. '.repeat(400)}Fin 🙂.` } };
    const { text, pages } = await pdfText(await renderResolutionPdf(long));
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} sur ${pages}`);
    expect(text).toContain('Fin ?.');
  });
});

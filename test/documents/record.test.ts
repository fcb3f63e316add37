import * as c from '../../domain/case-state';
import { RESOLUTION_RECORD_SCHEMA, resolutionDocumentId, resolutionRecord } from '../../documents/record';
import { transaction } from '../domain/fixtures';
import { agentRefund, automaticRefund, CASE_ID, denial, GENERATED_AT, resolvedCase, threeDSecure } from './cases';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('the resolution record', () => {
  describe('of a duplicate charge refunded by an agent, for a French customer', () => {
    const { state, resolution } = resolvedCase({ locale: 'fr', tx: transaction([124999, 124999]), orderTotal: 124999, decision: agentRefund(124999) });
    const record = resolutionRecord(state, resolution, GENERATED_AT);

    test('is versioned, in French, and names the case', () => {
      expect(record).toMatchObject({ schema: RESOLUTION_RECORD_SCHEMA, locale: 'fr', caseId: CASE_ID, title: `Résolution de votre dossier ${CASE_ID}` });
      expect(record.generatedAt).toEqual({ at: GENERATED_AT, formatted: '12 mars 2026 à 09:30' });
      expect(record.timeZone).toBe('Europe/Paris');
    });

    test('says what was reported, when and through which channel', () => {
      expect(record.reported).toEqual({
        at: { at: '2026-03-05T09:00:00.000Z', formatted: '5 mars 2026 à 10:00' },
        channel: { code: 'web', label: 'le site web' },
        category: { code: 'DUPLICATE_CHARGE', label: 'Débité deux fois' },
        description: 'Débité deux fois pour la commande ord_1.',
        transaction: { processor: 'sandbox', reference: 'tx_1', reportedReference: 'tx_1' },
        expectedAmount: null,
      });
    });

    test('gives the amounts in minor units and as a French reader writes them', () => {
      expect(record.investigation.charged).toEqual({ amountMinor: 249998, currency: 'EUR', formatted: `2${NNBSP}499,98${NBSP}€` });
      expect(record.investigation.meant).toEqual({ amountMinor: 124999, currency: 'EUR', formatted: `1${NNBSP}249,99${NBSP}€` });
      expect(record.investigation.captures).toMatchObject({ count: 2 });
      expect(record.investigation.findings).toEqual([
        `Vous avez été débité de 2${NNBSP}499,98${NBSP}€ le 1er mars 2026 (paiement tx_1).`,
        `Le paiement a été encaissé 2 fois, pour 2${NNBSP}499,98${NBSP}€ au total.`,
        `La commande ord_1 s’élève à 1${NNBSP}249,99${NBSP}€.`,
        `Écart constaté : 1${NNBSP}249,99${NBSP}€.`,
      ]);
    });

    test('explains the liability in French, without the rule id or the investigation’s English notes', () => {
      expect(record.liability).toEqual({
        party: { code: 'MERCHANT', label: 'Loop' },
        explanation: 'La même commande a été payée plus d’une fois : le paiement en double est une erreur de Loop.',
      });
    });

    test('says an adviser decided, without their id or their own note, and what was done with its reference', () => {
      expect(record.decision).toEqual({
        action: { code: 'REFUND', label: 'Remboursement' },
        automatic: false,
        role: 'agent',
        decidedByLabel: 'Un conseiller',
        at: { at: '2026-03-11T10:00:00.000Z', formatted: '11 mars 2026 à 11:00' },
        amount: { amountMinor: 124999, currency: 'EUR', formatted: `1${NNBSP}249,99${NBSP}€` },
      });
      expect(record.outcome).toMatchObject({ amount: { amountMinor: 124999, currency: 'EUR' }, reference: 're_1', at: { at: '2026-03-11T10:01:00.000Z' } });
      expect(record.outcome.summary).toBe(`Un remboursement de 1${NNBSP}249,99${NBSP}€ a été effectué le 11 mars 2026, référence re_1.`);
    });

    test('tells the customer how long a refund takes, about the follow-up and how to reply, but not to go to the bank', () => {
      expect(record.customerOptions).toEqual([
        'Un remboursement peut mettre jusqu’à 10 jours ouvrés à apparaître sur votre relevé ; sinon, communiquez à votre banque la référence re_1.',
        'Nous vous demanderons ensuite par e-mail si vous êtes satisfait ; si vous répondez que non, un conseiller réexaminera votre dossier.',
        `Pour ajouter une information ou poser une question, répondez à l’e-mail qui accompagne ce document en indiquant le dossier ${CASE_ID}.`,
      ]);
    });

    test('is plain JSON that reads back the same', () => {
      expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    });
  });

  describe('of an automatic resolution, in English', () => {
    const { state, resolution } = resolvedCase({ locale: 'en', tx: transaction([2500, 2500]), orderTotal: 2500, decision: automaticRefund(2500) });
    const record = resolutionRecord(state, resolution, GENERATED_AT);

    test('says the system decided automatically, not a person, without naming its rule', () => {
      expect(record.decision).toMatchObject({ automatic: true, role: 'system', decidedByLabel: "Automatically, by Loop's rules" });
    });

    test('writes amounts and dates the English way', () => {
      expect(record.outcome.amount?.formatted).toBe('€25.00');
      expect(record.outcome.summary).toBe('A refund of €25.00 was issued on 11 March 2026, reference re_1.');
      expect(record.reported.category.label).toBe('Charged twice');
      expect(record.liability?.explanation).toBe('The same order was paid more than once: the duplicate payment is Loop’s error.');
    });
  });

  describe('of a denial of a strongly authenticated "unauthorized" payment', () => {
    const deny = (locale: 'en' | 'fr') => {
      const { state, resolution } = resolvedCase({ locale, category: 'UNAUTHORIZED', tx: threeDSecure(transaction([4999])), orderTotal: 4999, decision: denial });
      return { state, record: resolutionRecord(state, resolution, GENERATED_AT) };
    };

    test('puts the liability on a third party and says the supervisor decided, with no amount or reference', () => {
      const { record } = deny('en');
      expect(record.liability?.party).toEqual({ code: 'THIRD_PARTY', label: 'A third party (payment processor or bank)' });
      expect(record.decision).toMatchObject({ automatic: false, role: 'supervisor', decidedByLabel: 'A supervisor' });
      expect(record.outcome).toMatchObject({
        amount: null,
        reference: null,
        summary: 'Your request was declined: no refund and no credit. The decision was recorded on 11 March 2026.',
      });
      expect(record.investigation.findings).toContain('The payment was confirmed with 3-D Secure by the card holder’s bank.');
    });

    test("leads with what to tell the bank about a fraud and ends with the customer's right to a chargeback", () => {
      const { record } = deny('en');
      expect(record.customerOptions[0]).toMatch(/^If you did not make this payment, contact your card issuer/);
      expect(record.customerOptions.at(-1)).toMatch(/ask your bank \(card issuer\) to dispute the payment \(a chargeback\)/);
      expect(record.customerOptions.some((o) => o.includes('10 business days'))).toBe(false);
    });

    test('gives the guidance in French to a French customer', () => {
      const { record } = deny('fr');
      expect(record.customerOptions[0]).toMatch(/^Si vous n’avez pas fait ce paiement, contactez dès maintenant l’émetteur de votre carte/);
      expect(record.customerOptions.at(-1)).toMatch(/rétrofacturation/);
    });
  });

  test('says a chargeback is already open with the bank instead of offering one', () => {
    const { state, resolution } = resolvedCase({
      locale: 'en',
      decision: denial,
      before: (s) => c.recordChargeback(s, { id: 'cb_1', amount: { amountMinor: 4999, currency: 'EUR' }, status: 'OPEN', openedAt: '2026-03-10T12:00:00.000Z' }, '2026-03-10T12:00:00.000Z'),
    });
    const record = resolutionRecord(state, resolution, GENERATED_AT);
    expect(record.customerOptions.at(-1)).toBe('A chargeback is open with your bank on this payment; your bank decides its outcome.');
    expect(record.investigation.chargebacks).toEqual([{ id: 'cb_1', amount: { amountMinor: 4999, currency: 'EUR', formatted: '€49.99' }, status: { code: 'OPEN', label: 'open' }, openedAt: { at: '2026-03-10T12:00:00.000Z', formatted: '10 March 2026' } }]);
  });

  test('keeps the reference the customer reported beside the one investigated after a correction', () => {
    const { state, resolution } = resolvedCase({ decision: agentRefund(4999), before: (s) => ({ ...s, transactionId: 'tx_corrected' }) });
    expect(resolutionRecord(state, resolution, GENERATED_AT).reported.transaction).toEqual({ processor: 'sandbox', reference: 'tx_corrected', reportedReference: 'tx_1' });
  });

  test('of a payment the processor does not know says so, and establishes no liability amounts', () => {
    const { state, resolution } = resolvedCase({ decision: denial, tx: null, orderTotal: null });
    const record = resolutionRecord(state, resolution, GENERATED_AT);
    expect(record.investigation).toMatchObject({ charged: null, meant: null, captures: null, findings: ['The payment processor has no payment with the reference tx_1.'] });
    expect(record.liability).toEqual({
      party: { code: 'UNDETERMINED', label: 'Not established' },
      explanation: 'The payment could not be found, so responsibility could not be established.',
    });
    expect(record.customerOptions.some((o) => o.includes('chargeback'))).toBe(false);
  });

  test('is in English when the customer is not known (a case the processor opened)', () => {
    const { state, resolution } = resolvedCase({ locale: null, decision: denial });
    expect(resolutionRecord(state, resolution, GENERATED_AT).locale).toBe('en');
  });

  test('names the decision the resolution carried out when a reopened case decided again', () => {
    const first = resolvedCase({ locale: 'en', decision: agentRefund(4999) });
    let s = c.moveTo(first.state, 'FOLLOW_UP', '2026-03-18T10:00:00.000Z', 'SATISFACTION_ASKED');
    s = c.reopen(s, '2026-03-19T10:00:00.000Z');
    s = c.recordDecision(s, { action: 'DENY', reason: 'nothing more is owed', agentId: 'agent_9', decidedAt: '2026-03-20T10:00:00.000Z' });
    const second = { action: 'DENY' as const, amount: null, reference: null, resolvedAt: '2026-03-20T10:00:01.000Z', decisionSequence: 2 };
    s = c.recordResolution(s, second);
    expect(resolutionRecord(s, first.resolution, GENERATED_AT).decision).toMatchObject({ action: { code: 'REFUND' }, at: { at: '2026-03-11T10:00:00.000Z' } });
    expect(resolutionRecord(s, second, GENERATED_AT).decision).toMatchObject({ action: { code: 'DENY' }, at: { at: '2026-03-20T10:00:00.000Z' } });
    expect(resolutionDocumentId('0196a3f2-7c1e-7bb0-9e4b-3f6a2d8c9e01', second.decisionSequence)).toBe('resolution-0196a3f2-7c1e-7bb0-9e4b-3f6a2d8c9e01-2');
  });
});

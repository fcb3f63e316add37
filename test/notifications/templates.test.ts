import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../../activities/ports';
import type { Locale } from '../../domain/vocabulary';
import { satisfactionLinks, verifySatisfactionToken } from '../../notifications/links';
import { renderNotification } from '../../notifications/templates';

const caseId = 'DSP-0A1B2C3D4E';
const links = satisfactionLinks('https://disputes.loop.tech/', 'link-secret', caseId);

const FACTS: Record<NotificationKind, Record<string, string>> = {
  ACKNOWLEDGEMENT: {},
  INFORMATION_REQUEST: { question: 'Which order number was on your invoice?' },
  RESOLUTION: { action: 'REFUND', amountMinor: '1234', currency: 'EUR', reference: 're_42', rule: 'DUPLICATE_CAPTURE', findings: 'The order was captured twice.' },
  SATISFACTION_QUESTION: {},
  CLOSURE: { outcome: 'SATISFIED' },
  WITHDRAWAL: { outcome: 'WITHDRAWN' },
  PROCESSOR_INQUIRY: { dueAt: '2026-03-20T12:00:00.000Z' },
};

function notification(kind: NotificationKind, locale: Locale, facts: Record<string, string> = FACTS[kind]): Notification {
  return { caseId, kind, to: 'claire@example.com', locale, facts: { caseId, ...facts }, idempotencyKey: `dispute-${caseId}/run/${kind}-0.0` };
}

// Words that only the French text uses, and only the English.
const FRENCH = /\b(votre|nous|dossier)\b/i;
const ENGLISH = /\b(your|we|case)\b/i;

describe('customer e-mail templates', () => {
  describe.each(NOTIFICATION_KINDS.flatMap((kind) => (['fr', 'en'] as const).map((locale) => [kind, locale] as const)))('%s in %s', (kind, locale) => {
    const mail = renderNotification(notification(kind, locale), { links, document: 'attached' });

    it('names the case number in the subject and the body', () => {
      expect(mail.subject).toContain(caseId);
      expect(mail.text).toContain(caseId);
      expect(mail.html).toContain(caseId);
    });

    it('is written in the customer’s language', () => {
      const own = locale === 'fr' ? FRENCH : ENGLISH;
      const other = locale === 'fr' ? ENGLISH : FRENCH;
      expect(mail.subject + mail.text).toMatch(own);
      // The agent's question is quoted as written; the letter's own words are the customer's language.
      const ownWords = mail.text.replace(/Which order number was on your invoice\?/g, '');
      expect(ownWords).not.toMatch(other);
      expect(mail.html).toContain(`<html lang="${locale}">`);
    });
  });

  it('formats the refunded amount for the locale from minor units', () => {
    const fr = renderNotification(notification('RESOLUTION', 'fr'), { links });
    const en = renderNotification(notification('RESOLUTION', 'en'), { links });
    // fr-FR separates the euro sign with a no-break space.
    expect(fr.text).toContain('12,34\u00a0€');
    expect(en.text).toContain('€12.34');
    expect(fr.html).toContain('12,34\u00a0€');
    expect(en.text).not.toContain('1234');
  });

  it('explains the outcome from the liability rule in both languages, never from the English record', () => {
    const facts = { action: 'REFUND', amountMinor: '4999', currency: 'EUR', reference: 're_42', rule: 'UNAUTHORIZED_IN_LOOP_INCIDENT', findings: 'The charge falls inside Loop security incident inc_1; Loop refunds it in full (€49.99).' };
    const fr = renderNotification(notification('RESOLUTION', 'fr', facts), { links });
    expect(fr.text).toContain('Le paiement relève d’un incident de sécurité chez Loop');
    expect(fr.text).not.toContain('The charge falls inside');
    const en = renderNotification(notification('RESOLUTION', 'en', facts), { links });
    expect(en.text).toContain('The payment falls inside a security incident at Loop');
    expect(en.text).not.toContain('The charge falls inside');
  });

  it('uses the currency’s own minor digits (no decimals for yen)', () => {
    const mail = renderNotification(notification('RESOLUTION', 'en', { action: 'REFUND', amountMinor: '1500', currency: 'JPY', reference: 're_1' }), { links });
    expect(mail.text).toContain('¥1,500');
  });

  it('tells the customer what was decided, the refund reference, the findings and what they can still do', () => {
    const fr = renderNotification(notification('RESOLUTION', 'fr'), { links, document: 'attached' });
    expect(fr.subject).toBe(`Dossier ${caseId} – votre remboursement`);
    expect(fr.text).toContain('Décision : Remboursement');
    expect(fr.text).toContain('Référence du remboursement : re_42');
    expect(fr.text).toContain('Ce que notre enquête a établi');
    expect(fr.text).toContain('La même commande a été payée plus d’une fois');
    expect(fr.text).not.toContain('The order was captured twice.');
    expect(fr.text).toContain('Ce que vous pouvez encore faire');
    // Disagreeing goes through the satisfaction answer, which reopens the case; a reply joins it.
    expect(fr.text).toContain('dites-le-nous quand nous vous demanderons si vous êtes satisfait : un conseiller réexaminera alors votre dossier');
    expect(fr.text).toContain('répondre à cet e-mail à tout moment ; votre message rejoint votre dossier');
    expect(fr.text).not.toContain('répondez à cet e-mail : un conseiller réexaminera');
    expect(fr.text).toContain('est joint à cet e-mail');

    const en = renderNotification(notification('RESOLUTION', 'en', { action: 'ACCOUNT_CREDIT', amountMinor: '500', currency: 'GBP', reference: 'led_9' }), { links });
    expect(en.subject).toBe(`Case ${caseId} – a credit to your account`);
    expect(en.text).toContain('We have credited £5.00 to your Loop account balance');
    expect(en.text).not.toContain('attached');

    const deny = renderNotification(
      notification('RESOLUTION', 'en', { action: 'DENY', rule: 'UNAUTHORIZED_STRONGLY_AUTHENTICATED', guidance: 'Report the fraud to your bank.' }),
      { links },
    );
    expect(deny.text).toContain('Decision: Request declined (no refund or credit)');
    expect(deny.text).toContain('contact your card issuer');
    expect(deny.text).not.toContain('Report the fraud to your bank.');
    expect(deny.text).not.toContain('Amount');
  });

  it('says so when the resolution document should be attached but is missing', () => {
    const mail = renderNotification(notification('RESOLUTION', 'en'), { links, document: 'missing' });
    expect(mail.text).toContain('could not be attached');
    expect(mail.text).not.toContain('is attached');
  });

  it('quotes the question of an information request and says how to answer', () => {
    const mail = renderNotification(notification('INFORMATION_REQUEST', 'fr'), { links });
    expect(mail.text).toContain('    Which order number was on your invoice?');
    expect(mail.text).toContain('Comment répondre');
    expect(mail.text).toContain('Répondez à cet e-mail');
  });

  it('offers two signed links to answer the satisfaction question', () => {
    const mail = renderNotification(notification('SATISFACTION_QUESTION', 'en'), { links });
    const base = `https://disputes.loop.tech/v1/disputes/${caseId}/satisfaction/answer`;
    expect(mail.text).toContain(`Yes, I am satisfied: ${base}?satisfied=true&token=`);
    expect(mail.text).toContain(`No, I am not satisfied: ${base}?satisfied=false&token=`);
    expect(mail.html).toContain(`href="${base}?satisfied=true&amp;token=`);
    const token = new URL(links.satisfied).searchParams.get('token')!;
    expect(new URL(links.unsatisfied).searchParams.get('token')).toBe(token);
    expect(verifySatisfactionToken('link-secret', caseId, token)).toBe(true);
  });

  it('dates the resolution in the satisfaction question instead of assuming it was days ago', () => {
    // 23:30 UTC on 1 December is already 2 December in Paris.
    const facts = { resolvedAt: '2026-12-01T23:30:00.000Z' };
    const fr = renderNotification(notification('SATISFACTION_QUESTION', 'fr', facts), { links }).text;
    expect(fr).toContain(`Votre dossier ${caseId} a été résolu le 2 décembre 2026.`);
    expect(fr).not.toContain('quelques jours');
    const en = renderNotification(notification('SATISFACTION_QUESTION', 'en', facts), { links }).text;
    expect(en).toContain(`Your case ${caseId} was resolved on 2 December 2026.`);
    expect(en).not.toContain('a few days');
    // A question from a case that sent no date names none.
    expect(renderNotification(notification('SATISFACTION_QUESTION', 'en', {}), { links }).text).toContain(`Your case ${caseId} was resolved. Are you`);
  });

  it('promises the satisfaction question without saying when it comes', () => {
    for (const locale of ['fr', 'en'] as const) {
      const text = renderNotification(notification('RESOLUTION', locale), { links }).text;
      expect(text).not.toMatch(/Dans quelques jours|In a few days/);
    }
  });

  it('gives the refund delay the resolution document gives, and names a supervisor as the document does', () => {
    expect(renderNotification(notification('RESOLUTION', 'fr'), { links }).text).toContain('peut mettre jusqu’à 10 jours ouvrés à apparaître');
    expect(renderNotification(notification('RESOLUTION', 'en'), { links }).text).toContain('can take up to 10 business days to appear');
    const final = renderNotification(notification('CLOSURE', 'fr', { outcome: 'UNSATISFIED_AFTER_SUPERVISOR' }), { links }).text;
    expect(final).toContain('Un superviseur a réexaminé votre dossier');
  });

  it('says why a case closed', () => {
    expect(renderNotification(notification('CLOSURE', 'en', { outcome: 'NO_INFORMATION' }), { links }).text).toContain('did not receive the information');
    expect(renderNotification(notification('CLOSURE', 'fr', { outcome: 'NO_ANSWER' }), { links }).text).toContain('pas reçu de réponse');
    expect(renderNotification(notification('WITHDRAWAL', 'fr'), { links }).text).toContain('retiré votre signalement');
  });

  it('escapes HTML in facts, so a question cannot inject markup', () => {
    const mail = renderNotification(notification('INFORMATION_REQUEST', 'en', { question: 'Is <script>alert("x")</script> & <b>this</b> yours?' }), { links });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>this</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;this&lt;/b&gt;');
    expect(mail.text).toContain('<script>alert("x")</script>');
  });

  it('never sends a card number, even when a fact carries one', () => {
    const mail = renderNotification(notification('INFORMATION_REQUEST', 'en', { question: 'Was it the card 4242 4242 4242 4242?' }), { links });
    expect(mail.text).not.toMatch(/4242 4242 4242 4242/);
    expect(mail.html).not.toMatch(/4242 4242 4242 4242/);
    expect(mail.text).toContain('ending 4242');
  });
});

describe('satisfaction links', () => {
  it('accept only the token made for that case with that secret', () => {
    const token = new URL(satisfactionLinks('http://localhost:3000', 's3cret', caseId).satisfied).searchParams.get('token')!;
    expect(token).toMatch(/^\d{10}\.[A-Za-z0-9_-]{43}$/);
    expect(verifySatisfactionToken('s3cret', caseId, token)).toBe(true);
    expect(verifySatisfactionToken('other', caseId, token)).toBe(false);
    expect(verifySatisfactionToken('s3cret', 'DSP-ZZZZZZZZZZ', token)).toBe(false);
    expect(verifySatisfactionToken('s3cret', caseId, token.slice(1))).toBe(false);
    expect(verifySatisfactionToken('s3cret', caseId, '')).toBe(false);
  });

  it('stop working 60 days after the e-mail was sent, and a changed expiry breaks the signature', () => {
    const sentAt = Date.parse('2026-01-01T00:00:00Z');
    const token = new URL(satisfactionLinks('http://localhost:3000', 's3cret', caseId, sentAt).satisfied).searchParams.get('token')!;
    expect(verifySatisfactionToken('s3cret', caseId, token, sentAt + 59 * 86_400_000)).toBe(true);
    expect(verifySatisfactionToken('s3cret', caseId, token, sentAt + 61 * 86_400_000)).toBe(false);
    const [expiry, signature] = token.split('.');
    expect(verifySatisfactionToken('s3cret', caseId, `${Number(expiry) + 86_400}.${signature}`, sentAt)).toBe(false);
  });
});

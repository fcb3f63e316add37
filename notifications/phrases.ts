import type { ClosedReason, Locale } from '../domain/vocabulary';

/** What the resolution e-mail's subject and decision row say, by the resolution's action. */
type ResolvedAction = 'REFUND' | 'ACCOUNT_CREDIT' | 'EXPLAIN' | 'DENY';

/**
 * Every sentence of the customer e-mails, in one language; one layout (notifications/templates.ts)
 * writes every language from it. What a resolution e-mail shares with the resolution document
 * (rule explanations, explanations, the processor's answer) comes from the document's table.
 */
export interface MailPhrases {
  greeting: string;
  signature: string;
  footer: (caseId: string) => string[];
  labels: Record<'caseNumber' | 'decision' | 'amount' | 'reference' | 'refundReference', string>;
  /** The subject of every e-mail: the case number, then what it is about. */
  subject: (caseId: string, about: string) => string;
  acknowledgement: { about: string; opened: (caseId: string) => string; checking: string; addMore: string };
  informationRequest: { about: string; intro: string; howToAnswer: string; how: string; without: string };
  resolution: {
    about: Record<ResolvedAction, string>;
    decisions: Record<ResolvedAction, string>;
    intro: string;
    refunded: (amount: string | null, reference: string | null) => string;
    credited: (amount: string | null) => string;
    declined: string;
    found: string;
    canStillDo: string;
    disagree: string;
    followUp: string;
    attached: string;
    missing: string;
  };
  satisfaction: { about: string; ask: (caseId: string, resolvedOn: string | null) => string; yes: string; no: string; confirm: string; without: string };
  closure: { about: string; because: Record<ClosedReason, string>; closed: (caseId: string) => string; another: string };
  withdrawal: { about: string; withdrawn: (caseId: string) => string; mistake: string };
  processorInquiry: {
    about: string;
    found: string;
    raised: (dueDate: string | null) => string;
    willWrite: string;
    meanwhile: string;
  };
}

const en: MailPhrases = {
  greeting: 'Hello,',
  signature: 'The Loop support team',
  footer: (caseId) => [`Case number: ${caseId}. Reply to this e-mail to write to us about it.`, 'Loop will never ask you for your full card number.'],
  labels: {
    caseNumber: 'Case number',
    decision: 'Decision',
    amount: 'Amount',
    reference: 'Reference',
    refundReference: 'Refund reference',
  },
  subject: (caseId, about) => `Case ${caseId} – ${about}`,
  acknowledgement: {
    about: 'we have received your report',
    opened: (caseId) => `Thank you for telling us about this payment. We have opened case ${caseId} and our investigation has started.`,
    checking:
      'We are checking the transaction with the payment processor and against our own records. We will write to you if we need more information, and as soon as a decision is made.',
    addMore: 'To add anything, simply reply to this e-mail, keeping the case number in the subject.',
  },
  informationRequest: {
    about: 'we need information from you',
    intro: 'To continue investigating your case, we need the following from you:',
    howToAnswer: 'How to answer',
    how: 'Reply to this e-mail with your answer. You can attach a receipt or a bank statement; hide your card number except for its last four digits. Keep the case number in the subject so that your answer joins your case.',
    without: 'Without an answer we cannot go further, and the case will be closed after a while.',
  },
  resolution: {
    about: { REFUND: 'your refund', ACCOUNT_CREDIT: 'a credit to your account', EXPLAIN: 'our explanation', DENY: 'our decision' },
    decisions: {
      REFUND: 'Refund',
      ACCOUNT_CREDIT: 'Credit to your Loop account',
      EXPLAIN: 'Closed with an explanation (no money moved)',
      DENY: 'Request declined (no refund or credit)',
    },
    intro: 'We have finished looking into your case. Here is our decision.',
    refunded: (amount, reference) =>
      `We have refunded ${amount ?? 'the amount'} to the card or account used for the payment. Depending on your bank, it can take up to 10 business days to appear on your statement` +
      (reference ? `; quote the refund reference ${reference} if you ask your bank about it.` : '.'),
    credited: (amount) => `We have credited ${amount ?? 'the amount'} to your Loop account balance; you can use it for your next purchase.`,
    declined: 'After review, we are declining your request: we are not making a refund or a credit on this case.',
    found: 'What we found',
    canStillDo: 'What you can still do',
    disagree:
      'If you disagree with this decision or something is still wrong, say so when we ask whether you are satisfied: an adviser will then look at your case again. You can also reply to this e-mail at any time; your message joins your case.',
    followUp: 'We will then ask you by e-mail whether you are satisfied with how your case was handled.',
    attached: 'The document describing how your case was resolved is attached to this e-mail (a PDF, with the same record as JSON). Please keep it.',
    missing: 'The document describing how your case was resolved could not be attached to this e-mail; reply to this e-mail and we will send it to you.',
  },
  satisfaction: {
    about: 'are you satisfied?',
    ask: (caseId, on) => `Your case ${caseId} was resolved${on ? ` on ${on}` : ''}. Are you satisfied with how we handled it?`,
    yes: 'Yes, I am satisfied',
    no: 'No, I am not satisfied',
    confirm: 'Each link opens a page where you confirm your answer. If you are not satisfied, an adviser will take up your case again.',
    without: 'Without an answer, we will close the case.',
  },
  closure: {
    about: 'your case is closed',
    because: {
      SATISFIED: 'Thank you for your answer: we are glad everything is settled.',
      NO_ANSWER: 'We did not hear back about our satisfaction question, so we consider your case settled.',
      NO_INFORMATION: 'We did not receive the information we asked for in time, so we could not continue the investigation.',
      UNSATISFIED_AFTER_SUPERVISOR:
        'A supervisor has reviewed your case again and our decision is now final. If you still dispute the payment, you can contact your bank.',
    },
    closed: (caseId) => `Case ${caseId} is now closed. Thank you for your trust.`,
    another: 'If another payment looks wrong, report it within 60 days of the transaction: reply to this e-mail or write to support@loop.tech.',
  },
  withdrawal: {
    about: 'your report is withdrawn',
    withdrawn: (caseId) => `As you asked, we have withdrawn your report and closed case ${caseId} with no further action.`,
    mistake: 'If this was a mistake, reply to this e-mail or report the payment again (within 60 days of the transaction).',
  },
  processorInquiry: {
    about: 'we have raised it with our payment processor',
    found: 'To settle your case, we need our payment processor to check this payment on its side.',
    raised: (due) => `We have asked it to, and expect its answer ${due ? `by ${due}` : 'in the coming days'}.`,
    willWrite: 'Once it has answered, an adviser decides on your case and we write to you with the decision.',
    meanwhile: 'You have nothing to do in the meantime. To add anything, reply to this e-mail.',
  },
};

const fr: MailPhrases = {
  greeting: 'Bonjour,',
  signature: 'L’équipe support de Loop',
  footer: (caseId) => [
    `Numéro de dossier : ${caseId}. Répondez à cet e-mail pour nous écrire à son sujet.`,
    'Loop ne vous demandera jamais votre numéro de carte complet.',
  ],
  labels: {
    caseNumber: 'Numéro de dossier',
    decision: 'Décision',
    amount: 'Montant',
    reference: 'Référence',
    refundReference: 'Référence du remboursement',
  },
  subject: (caseId, about) => `Dossier ${caseId} – ${about}`,
  acknowledgement: {
    about: 'nous avons bien reçu votre signalement',
    opened: (caseId) => `Merci de nous avoir signalé ce paiement. Nous avons ouvert le dossier ${caseId} et notre enquête a commencé.`,
    checking:
      'Nous vérifions la transaction auprès du prestataire de paiement et dans nos propres registres. Nous vous écrirons si nous avons besoin d’informations complémentaires, et dès qu’une décision sera prise.',
    addMore: 'Pour ajouter quoi que ce soit, répondez simplement à cet e-mail en conservant le numéro de dossier dans l’objet.',
  },
  informationRequest: {
    about: 'nous avons besoin d’informations',
    intro: 'Pour poursuivre l’enquête sur votre dossier, nous avons besoin de la précision suivante :',
    howToAnswer: 'Comment répondre',
    how: 'Répondez à cet e-mail. Vous pouvez joindre un reçu ou un relevé bancaire, en masquant votre numéro de carte sauf ses quatre derniers chiffres. Conservez le numéro de dossier dans l’objet pour que votre réponse rejoigne votre dossier.',
    without: 'Sans réponse de votre part, nous ne pourrons pas aller plus loin et le dossier sera clôturé au bout d’un certain temps.',
  },
  resolution: {
    about: { REFUND: 'votre remboursement', ACCOUNT_CREDIT: 'un crédit sur votre compte', EXPLAIN: 'notre explication', DENY: 'notre décision' },
    decisions: {
      REFUND: 'Remboursement',
      ACCOUNT_CREDIT: 'Crédit sur votre compte Loop',
      EXPLAIN: 'Clôturé avec une explication (aucun mouvement d’argent)',
      DENY: 'Demande refusée (ni remboursement ni crédit)',
    },
    intro: 'Nous avons terminé l’examen de votre dossier. Voici notre décision.',
    refunded: (amount, reference) =>
      `Nous vous avons remboursé ${amount ?? 'le montant'} sur le moyen de paiement utilisé pour l’achat. Selon votre banque, le remboursement peut mettre jusqu’à 10 jours ouvrés à apparaître sur votre relevé` +
      (reference ? ` ; indiquez la référence ${reference} si vous interrogez votre banque.` : '.'),
    credited: (amount) => `Nous avons crédité ${amount ?? 'le montant'} sur le solde de votre compte Loop ; vous pouvez l’utiliser pour votre prochain achat.`,
    declined: 'Après examen, nous refusons votre demande : nous ne procédons à aucun remboursement ni crédit sur ce dossier.',
    found: 'Ce que notre enquête a établi',
    canStillDo: 'Ce que vous pouvez encore faire',
    disagree:
      'Si vous n’êtes pas d’accord avec cette décision ou si un problème subsiste, dites-le-nous quand nous vous demanderons si vous êtes satisfait : un conseiller réexaminera alors votre dossier. Vous pouvez aussi répondre à cet e-mail à tout moment ; votre message rejoint votre dossier.',
    followUp: 'Nous vous demanderons ensuite par e-mail si vous êtes satisfait du traitement de votre dossier.',
    attached: 'Le document qui décrit la résolution de votre dossier est joint à cet e-mail (un PDF, et le même dossier au format JSON). Conservez-le.',
    missing: 'Le document qui décrit la résolution de votre dossier n’a pas pu être joint à cet e-mail ; répondez à ce message et nous vous l’enverrons.',
  },
  satisfaction: {
    about: 'êtes-vous satisfait ?',
    ask: (caseId, on) => `Votre dossier ${caseId} a été résolu${on ? ` le ${on}` : ''}. Êtes-vous satisfait de la façon dont nous l’avons traité ?`,
    yes: 'Oui, je suis satisfait',
    no: 'Non, je ne suis pas satisfait',
    confirm: 'Chaque lien ouvre une page où vous confirmez votre réponse. Si vous n’êtes pas satisfait, un conseiller reprendra votre dossier.',
    without: 'Sans réponse de votre part, nous clôturerons le dossier.',
  },
  closure: {
    about: 'clôture de votre dossier',
    because: {
      SATISFIED: 'Merci pour votre réponse : nous sommes heureux que tout soit réglé.',
      NO_ANSWER: 'Nous n’avons pas reçu de réponse à notre question de satisfaction ; nous considérons donc votre dossier comme réglé.',
      NO_INFORMATION: 'Nous n’avons pas reçu à temps les informations demandées et n’avons donc pas pu poursuivre l’enquête.',
      UNSATISFIED_AFTER_SUPERVISOR:
        'Un superviseur a réexaminé votre dossier et notre décision est désormais définitive. Si vous contestez toujours le paiement, vous pouvez vous adresser à votre banque.',
    },
    closed: (caseId) => `Le dossier ${caseId} est maintenant clôturé. Merci de votre confiance.`,
    another:
      'Si un autre paiement vous semble anormal, signalez-le dans les 60 jours suivant la transaction : répondez à cet e-mail ou écrivez à support@loop.tech.',
  },
  withdrawal: {
    about: 'retrait de votre signalement',
    withdrawn: (caseId) => `Comme vous nous l’avez demandé, nous avons retiré votre signalement et clôturé le dossier ${caseId} sans suite.`,
    mistake: 'S’il s’agit d’une erreur, répondez à cet e-mail ou signalez à nouveau le paiement (dans les 60 jours suivant la transaction).',
  },
  processorInquiry: {
    about: 'nous avons saisi notre prestataire de paiement',
    found: 'Pour régler votre dossier, nous avons besoin que notre prestataire de paiement vérifie ce paiement de son côté.',
    raised: (due) => `Nous le lui avons demandé et attendons sa réponse ${due ? `avant le ${due}` : 'dans les prochains jours'}.`,
    willWrite: 'Une fois sa réponse reçue, un conseiller décide de votre dossier et nous vous écrivons avec la décision.',
    meanwhile: 'Vous n’avez rien à faire d’ici là. Pour ajouter quoi que ce soit, répondez à cet e-mail.',
  },
};

/** The e-mail phrase table: one entry per supported locale. */
export const MAIL_PHRASES: Record<Locale, MailPhrases> = { en, fr };

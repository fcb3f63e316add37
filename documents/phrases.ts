import type { Category, DecisionAction, Liability, Locale, Origin } from '../domain/vocabulary';

/**
 * Every label and sentence of the resolution document, in one language. Sentences are functions of
 * values already formatted for the locale (amounts, dates), so the table holds no formatting rules.
 */
export interface Phrases {
  title: (caseId: string) => string;
  subtitle: string;
  generatedOn: (date: string) => string;
  page: (n: number, of: number) => string;
  sections: Record<'reported' | 'investigation' | 'liability' | 'decision' | 'outcome' | 'options', string>;
  labels: Record<
    | 'caseNumber' | 'reportedAt' | 'channel' | 'category' | 'description' | 'transaction' | 'expectedAmount'
    | 'charged' | 'meant' | 'discrepancy' | 'responsible' | 'rule' | 'recordedReasons' | 'action' | 'decidedBy'
    | 'decidedAt' | 'reason' | 'amount' | 'reference' | 'doneAt' | 'none',
    string
  >;
  channels: Record<Origin, string>;
  categories: Record<Category, string>;
  liabilities: Record<Liability, string>;
  actions: Record<DecisionAction, string>;
  refundStatuses: Record<'PENDING' | 'SUCCEEDED' | 'FAILED' | 'UNSUPPORTED', string>;
  chargebackStatuses: Record<'OPEN' | 'WON' | 'LOST' | 'UNSUPPORTED', string>;
  decidedAutomatically: (rule: string) => string;
  decidedByPerson: (role: 'agent' | 'supervisor', id: string) => string;
  findings: {
    notFound: (reference: string) => string;
    charged: (amount: string, date: string, reference: string) => string;
    capturedTimes: (count: number, total: string) => string;
    requested: (amount: string) => string;
    order: (orderId: string, total: string) => string;
    noOrder: string;
    alsoPaidBy: (ids: string) => string;
    refund: (id: string, amount: string, status: string, date: string) => string;
    chargeback: (id: string, amount: string, status: string) => string;
    incident: (id: string, summary: string) => string;
    strongAuthentication: string;
    noStrongAuthentication: string;
    lateReport: string;
    discrepancy: (amount: string) => string;
    notInvestigated: string;
  };
  /** Why the liability rule that matched puts the responsibility where it does. */
  rules: Record<string, string>;
  /** What the customer can still do, by rule, when the investigation's own guidance (in English) needs a translation. */
  guidance: Record<string, (facts: { refundReferences: string }) => string>;
  outcomes: {
    refund: (amount: string, date: string, reference: string) => string;
    credit: (amount: string, date: string, reference: string) => string;
    deny: (date: string) => string;
  };
  options: {
    refundDelay: (reference: string) => string;
    followUp: string;
    reply: (caseId: string) => string;
    chargebackRight: string;
    chargebackOpen: string;
  };
}

const en: Phrases = {
  title: (caseId) => `Resolution of your case ${caseId}`,
  subtitle: 'Loop — payment discrepancy resolution',
  generatedOn: (date) => `Document generated on ${date}`,
  page: (n, of) => `Page ${n} of ${of}`,
  sections: {
    reported: 'What you reported',
    investigation: 'What the investigation found',
    liability: 'Who is responsible, and why',
    decision: 'The decision',
    outcome: 'What was done',
    options: 'What you can still do',
  },
  labels: {
    caseNumber: 'Case number',
    reportedAt: 'Reported on',
    channel: 'Reported through',
    category: 'Problem',
    description: 'Your description',
    transaction: 'Payment reference',
    expectedAmount: 'Amount you expected',
    charged: 'Amount charged',
    meant: 'Amount Loop meant to charge',
    discrepancy: 'Difference found',
    responsible: 'Responsible',
    rule: 'Rule applied',
    recordedReasons: 'Recorded by the investigation',
    action: 'Decision',
    decidedBy: 'Decided by',
    decidedAt: 'Decided on',
    reason: 'Reason',
    amount: 'Amount',
    reference: 'Reference',
    doneAt: 'Date',
    none: '—',
  },
  channels: { web: 'the website', email: 'e-mail', chat: 'live chat', processor: 'your bank, through the payment processor (chargeback)' },
  categories: {
    AMOUNT_MISMATCH: 'Wrong amount charged',
    DUPLICATE_CHARGE: 'Charged twice',
    UNAUTHORIZED: 'Payment you did not authorise',
    REFUND_NOT_RECEIVED: 'Refund not received',
    OTHER: 'Other',
  },
  liabilities: { MERCHANT: 'Loop', THIRD_PARTY: 'A third party (payment processor or bank)', CUSTOMER: 'The payment details entered', UNDETERMINED: 'Not established' },
  actions: { REFUND: 'Refund', ACCOUNT_CREDIT: 'Credit to your Loop account', EXPLAIN: 'Explained (no money to move)', DENY: 'Request declined (no refund)', REQUEST_INFO: 'Information requested', RAISE_WITH_PROCESSOR: 'Raised with the payment processor', ESCALATE: 'Handed to a supervisor' },
  refundStatuses: { PENDING: 'pending', SUCCEEDED: 'completed', FAILED: 'failed', UNSUPPORTED: 'status unknown' },
  chargebackStatuses: { OPEN: 'open', WON: "closed in Loop's favour", LOST: 'closed in your favour', UNSUPPORTED: 'status unknown' },
  decidedAutomatically: (rule) => `Decided automatically by Loop's rules (${rule})`,
  decidedByPerson: (role, id) => `${role === 'supervisor' ? 'Supervisor' : 'Support agent'} ${id}`,
  findings: {
    notFound: (reference) => `The payment processor has no payment with the reference ${reference}.`,
    charged: (amount, date, reference) => `You were charged ${amount} on ${date} (payment ${reference}).`,
    capturedTimes: (count, total) => `The payment was taken ${count} times, ${total} in all.`,
    requested: (amount) => `Loop asked the payment processor for ${amount}.`,
    order: (orderId, total) => `Order ${orderId} totals ${total}.`,
    noOrder: 'No order record matches this payment.',
    alsoPaidBy: (ids) => `The same order was also paid by ${ids}.`,
    refund: (id, amount, status, date) => `Refund ${id} of ${amount}: ${status} (${date}).`,
    chargeback: (id, amount, status) => `Chargeback ${id} of ${amount}: ${status}.`,
    incident: (id, summary) => `Loop security incident ${id} covers the payment: ${summary}`,
    strongAuthentication: 'The payment was confirmed with 3-D Secure by the card holder’s bank.',
    noStrongAuthentication: 'The payment was not confirmed with 3-D Secure.',
    lateReport: 'The report came after the 60-day reporting window, so a person reviewed it.',
    discrepancy: (amount) => `Difference found: ${amount}.`,
    notInvestigated: 'The investigation could not be completed; a person decided from your report.',
  },
  rules: {
    TRANSACTION_NOT_FOUND: 'The payment could not be found, so responsibility could not be established.',
    DECLINED_FOR_CUSTOMER_DETAILS: 'The payment was declined because of the payment details entered; Loop took no money.',
    UNAUTHORIZED_IN_LOOP_INCIDENT: 'The payment falls inside a security incident at Loop: Loop is responsible and refunds it in full.',
    UNAUTHORIZED_STRONGLY_AUTHENTICATED: 'Your bank confirmed the payment with 3-D Secure and no Loop security incident covers it: the fraud is not linked to Loop’s security.',
    UNAUTHORIZED_UNCLEAR: 'No Loop security incident covers the payment and it was not strongly authenticated: the facts are unclear.',
    PROCESSOR_CHARGED_OTHER_AMOUNT: 'The payment processor took an amount other than the one Loop asked for; Loop raises it with the processor.',
    DUPLICATE_CAPTURE: 'The same order was paid more than once: the duplicate payment is Loop’s error.',
    CHARGED_MORE_THAN_ORDER: 'You were charged more than the order total: the difference is Loop’s error.',
    PROMISED_REFUND_NOT_ISSUED: 'Loop promised a refund that was never issued: Loop is responsible for issuing it.',
    REFUND_SETTLED_NOT_SEEN: 'The refund was issued and settled by the payment processor; the money is with your bank.',
    NO_ORDER_RECORD: 'There is no order record to compare the payment with, so a person reviewed the case.',
    NO_DISCREPANCY_FOUND: 'The amount charged matches the order and nothing else found explains the report.',
  },
  // English guidance is the investigation's own text (domain/liability.ts); nothing to translate.
  guidance: {},
  outcomes: {
    refund: (amount, date, reference) => `A refund of ${amount} was issued on ${date}, reference ${reference}.`,
    credit: (amount, date, reference) => `${amount} was credited to your Loop account on ${date}, reference ${reference}.`,
    deny: (date) => `No money was moved; the decision was recorded on ${date}.`,
  },
  options: {
    refundDelay: (reference) => `A refund can take up to 10 business days to appear on your statement; if it does not, give your bank the reference ${reference}.`,
    followUp: 'In a few days we will ask whether you are satisfied; if you answer that you are not, an agent looks at your case again.',
    reply: (caseId) => `To add information or ask a question, reply to the e-mail that brought you this document, quoting case ${caseId}.`,
    chargebackRight: 'If you disagree with this decision, you can also ask your bank (card issuer) to dispute the payment (a chargeback), within the time limits your bank sets.',
    chargebackOpen: 'A chargeback is open with your bank on this payment; your bank decides its outcome.',
  },
};

const fr: Phrases = {
  title: (caseId) => `Résolution de votre dossier ${caseId}`,
  subtitle: 'Loop — traitement des anomalies de paiement',
  generatedOn: (date) => `Document établi le ${date}`,
  page: (n, of) => `Page ${n} sur ${of}`,
  sections: {
    reported: 'Ce que vous avez signalé',
    investigation: 'Ce que l’enquête a établi',
    liability: 'Responsabilité, et pourquoi',
    decision: 'La décision',
    outcome: 'Ce qui a été fait',
    options: 'Ce que vous pouvez encore faire',
  },
  labels: {
    caseNumber: 'Numéro de dossier',
    reportedAt: 'Signalé le',
    channel: 'Signalé par',
    category: 'Problème',
    description: 'Votre description',
    transaction: 'Référence du paiement',
    expectedAmount: 'Montant attendu',
    charged: 'Montant débité',
    meant: 'Montant que Loop devait débiter',
    discrepancy: 'Écart constaté',
    responsible: 'Responsable',
    rule: 'Règle appliquée',
    recordedReasons: 'Consigné par l’enquête (en anglais)',
    action: 'Décision',
    decidedBy: 'Décidé par',
    decidedAt: 'Décidé le',
    reason: 'Motif',
    amount: 'Montant',
    reference: 'Référence',
    doneAt: 'Date',
    none: '—',
  },
  channels: { web: 'le site web', email: 'e-mail', chat: 'le chat en direct', processor: 'votre banque, via le prestataire de paiement (rétrofacturation)' },
  categories: {
    AMOUNT_MISMATCH: 'Montant débité incorrect',
    DUPLICATE_CHARGE: 'Débité deux fois',
    UNAUTHORIZED: 'Paiement que vous n’avez pas autorisé',
    REFUND_NOT_RECEIVED: 'Remboursement non reçu',
    OTHER: 'Autre',
  },
  liabilities: { MERCHANT: 'Loop', THIRD_PARTY: 'Un tiers (prestataire de paiement ou banque)', CUSTOMER: 'Les coordonnées de paiement saisies', UNDETERMINED: 'Non établie' },
  actions: { REFUND: 'Remboursement', ACCOUNT_CREDIT: 'Crédit sur votre compte Loop', EXPLAIN: 'Explication donnée (aucun montant à verser)', DENY: 'Demande refusée (pas de remboursement)', REQUEST_INFO: 'Informations demandées', RAISE_WITH_PROCESSOR: 'Signalé au prestataire de paiement', ESCALATE: 'Confié à un superviseur' },
  refundStatuses: { PENDING: 'en cours', SUCCEEDED: 'effectué', FAILED: 'échoué', UNSUPPORTED: 'statut inconnu' },
  chargebackStatuses: { OPEN: 'en cours', WON: 'clos en faveur de Loop', LOST: 'clos en votre faveur', UNSUPPORTED: 'statut inconnu' },
  decidedAutomatically: (rule) => `Décision automatique selon les règles de Loop (${rule})`,
  decidedByPerson: (role, id) => `${role === 'supervisor' ? 'Superviseur' : 'Conseiller'} ${id}`,
  findings: {
    notFound: (reference) => `Le prestataire de paiement n’a aucun paiement portant la référence ${reference}.`,
    charged: (amount, date, reference) => `Vous avez été débité de ${amount} le ${date} (paiement ${reference}).`,
    capturedTimes: (count, total) => `Le paiement a été encaissé ${count} fois, pour ${total} au total.`,
    requested: (amount) => `Loop a demandé ${amount} au prestataire de paiement.`,
    order: (orderId, total) => `La commande ${orderId} s’élève à ${total}.`,
    noOrder: 'Aucune commande ne correspond à ce paiement.',
    alsoPaidBy: (ids) => `La même commande a aussi été payée par ${ids}.`,
    refund: (id, amount, status, date) => `Remboursement ${id} de ${amount} : ${status} (${date}).`,
    chargeback: (id, amount, status) => `Rétrofacturation ${id} de ${amount} : ${status}.`,
    incident: (id, summary) => `L’incident de sécurité Loop ${id} couvre ce paiement : ${summary}`,
    strongAuthentication: 'Le paiement a été confirmé par 3-D Secure auprès de la banque du titulaire de la carte.',
    noStrongAuthentication: 'Le paiement n’a pas été confirmé par 3-D Secure.',
    lateReport: 'Le signalement est arrivé après le délai de 60 jours ; une personne l’a donc examiné.',
    discrepancy: (amount) => `Écart constaté : ${amount}.`,
    notInvestigated: 'L’enquête n’a pas pu aboutir ; une personne a décidé à partir de votre signalement.',
  },
  rules: {
    TRANSACTION_NOT_FOUND: 'Le paiement est introuvable ; la responsabilité n’a donc pas pu être établie.',
    DECLINED_FOR_CUSTOMER_DETAILS: 'Le paiement a été refusé à cause des coordonnées de paiement saisies ; Loop n’a rien débité.',
    UNAUTHORIZED_IN_LOOP_INCIDENT: 'Le paiement relève d’un incident de sécurité chez Loop : Loop en est responsable et le rembourse intégralement.',
    UNAUTHORIZED_STRONGLY_AUTHENTICATED: 'Votre banque a confirmé le paiement par 3-D Secure et aucun incident de sécurité Loop ne le couvre : la fraude n’est pas liée à la sécurité de Loop.',
    UNAUTHORIZED_UNCLEAR: 'Aucun incident de sécurité Loop ne couvre le paiement et il n’a pas été authentifié fortement : les faits ne sont pas clairs.',
    PROCESSOR_CHARGED_OTHER_AMOUNT: 'Le prestataire de paiement a débité un autre montant que celui demandé par Loop ; Loop le signale au prestataire.',
    DUPLICATE_CAPTURE: 'La même commande a été payée plus d’une fois : le paiement en double est une erreur de Loop.',
    CHARGED_MORE_THAN_ORDER: 'Vous avez été débité de plus que le total de la commande : la différence est une erreur de Loop.',
    PROMISED_REFUND_NOT_ISSUED: 'Loop a promis un remboursement qui n’a jamais été effectué : il incombe à Loop de l’effectuer.',
    REFUND_SETTLED_NOT_SEEN: 'Le remboursement a été émis et réglé par le prestataire de paiement ; l’argent est auprès de votre banque.',
    NO_ORDER_RECORD: 'Aucune commande ne permet de comparer le paiement ; une personne a donc examiné le dossier.',
    NO_DISCREPANCY_FOUND: 'Le montant débité correspond à la commande et rien d’autre n’explique le signalement.',
  },
  guidance: {
    DECLINED_FOR_CUSTOMER_DETAILS: () => 'Vérifiez le numéro de carte, la date d’expiration et le cryptogramme auprès de votre banque, puis commandez à nouveau.',
    UNAUTHORIZED_STRONGLY_AUTHENTICATED: () =>
      'Signalez la fraude à votre banque (émetteur de la carte), qui peut contester le paiement ; Loop lui transmettra les détails de la transaction sur demande.',
    PROCESSOR_CHARGED_OTHER_AMOUNT: () => 'Loop a signalé l’écart à son prestataire de paiement et vous informera du résultat.',
    REFUND_SETTLED_NOT_SEEN: ({ refundReferences }) =>
      `Communiquez à votre banque la référence du remboursement ${refundReferences} ; un remboursement peut mettre jusqu’à 10 jours ouvrés à apparaître.`,
  },
  outcomes: {
    refund: (amount, date, reference) => `Un remboursement de ${amount} a été effectué le ${date}, référence ${reference}.`,
    credit: (amount, date, reference) => `${amount} ont été crédités sur votre compte Loop le ${date}, référence ${reference}.`,
    deny: (date) => `Aucun mouvement d’argent ; la décision a été enregistrée le ${date}.`,
  },
  options: {
    refundDelay: (reference) => `Un remboursement peut mettre jusqu’à 10 jours ouvrés à apparaître sur votre relevé ; sinon, communiquez à votre banque la référence ${reference}.`,
    followUp: 'Dans quelques jours, nous vous demanderons si vous êtes satisfait ; si vous répondez que non, un conseiller réexamine votre dossier.',
    reply: (caseId) => `Pour ajouter une information ou poser une question, répondez à l’e-mail qui accompagne ce document en indiquant le dossier ${caseId}.`,
    chargebackRight: 'Si vous contestez cette décision, vous pouvez aussi demander à votre banque (émetteur de la carte) de contester le paiement (rétrofacturation), dans les délais fixés par votre banque.',
    chargebackOpen: 'Une rétrofacturation est en cours auprès de votre banque pour ce paiement ; c’est votre banque qui en décide l’issue.',
  },
};

/** The phrase table: one entry per supported locale. */
export const PHRASES: Record<Locale, Phrases> = { en, fr };

/** A date (`long`) or date and time in the locale, always in UTC so the same record reads the same everywhere. */
export function formatDate(iso: string, locale: Locale, withTime = false): string {
  const format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' });
  return withTime ? `${format.format(new Date(iso))} UTC` : format.format(new Date(iso));
}

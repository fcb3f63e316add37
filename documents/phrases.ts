import type { Category, DecisionAction, Liability, Locale, Origin } from '../domain/vocabulary';

export { DEFAULT_TIME_ZONE, formatDate } from './dates';

/** What the payment processor answered to Loop's inquiry about an amount it took. */
export type ProcessorAnswer = 'PROCESSOR_ERROR_CONFIRMED' | 'NO_PROCESSOR_ERROR';

/** What an explanation may use: facts that both the case and a resolution e-mail's facts carry. */
export interface ExplanationFacts {
  caseId: string;
  /** The settled refunds' ids, comma-separated; empty when there are none. */
  refundReferences: string;
  /** The processor's answer, when the case asked it to check the payment and it answered. */
  processorAnswer: ProcessorAnswer | null;
}

/** How a case closed with an explanation (EXPLAIN) is worded: what happened, then what the customer can do. */
export interface Explanation {
  outcome: string;
  options: string[];
}

/** The liability rules whose outcome Loop explains in words of their own (the others get the general wording). */
export const EXPLAINED_RULES = [
  'REFUND_SETTLED_NOT_SEEN',
  'UNAUTHORIZED_STRONGLY_AUTHENTICATED',
  'DECLINED_FOR_CUSTOMER_DETAILS',
  'PROCESSOR_CHARGED_OTHER_AMOUNT',
] as const;
export type ExplainedRule = (typeof EXPLAINED_RULES)[number];

/**
 * Every label and sentence the customer reads about a resolution, in one language: the document's,
 * and the ones the resolution e-mail shares with it (rule explanations, explanations, the
 * processor's answer). Sentences are functions of values already formatted for the locale
 * (amounts, dates), so the table holds no formatting rules. Nothing here quotes recorded English
 * text, a rule id or a person's id: the customer reads the outcome's wording, never the notes.
 */
export interface Phrases {
  title: (caseId: string) => string;
  subtitle: string;
  generatedOn: (date: string) => string;
  /** Said once under the title: the zone every time in the document is in. */
  timesIn: (zoneName: string) => string;
  page: (n: number, of: number) => string;
  sections: Record<'reported' | 'investigation' | 'liability' | 'decision' | 'outcome' | 'options', string>;
  labels: Record<
    | 'caseNumber' | 'reportedAt' | 'channel' | 'category' | 'description' | 'transaction' | 'expectedAmount'
    | 'charged' | 'meant' | 'discrepancy' | 'responsible' | 'action' | 'decidedBy' | 'decidedAt' | 'amount'
    | 'reference' | 'doneAt' | 'none',
    string
  >;
  channels: Record<Origin, string>;
  categories: Record<Category, string>;
  liabilities: Record<Liability, string>;
  actions: Record<DecisionAction, string>;
  refundStatuses: Record<'PENDING' | 'SUCCEEDED' | 'FAILED' | 'UNSUPPORTED', string>;
  chargebackStatuses: Record<'OPEN' | 'WON' | 'LOST' | 'UNSUPPORTED', string>;
  decidedAutomatically: string;
  decidedByPerson: (role: 'agent' | 'supervisor') => string;
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
    /** The register's summary is free text in whatever language it was typed: the period says it instead. */
    incident: (id: string, from: string, to: string) => string;
    strongAuthentication: string;
    noStrongAuthentication: string;
    lateReport: string;
    discrepancy: (amount: string) => string;
    notInvestigated: string;
    processorRaised: (date: string, dueDate: string) => string;
    processorAnswered: (date: string, answer: ProcessorAnswer) => string;
  };
  /** Why the liability rule that matched puts the responsibility where it does, by rule id. */
  rules: Record<string, string>;
  /**
   * A rule's reason once the processor answered, where `rules` would contradict the answer (a "Loop error"
   * the processor says is its own, a difference "at the processor" it says it did not make): what Loop's
   * records show, leaving the cause to the answer said beside it.
   */
  rulesAfterAnswer: Record<ProcessorAnswer, Partial<Record<string, string>>>;
  /** NO_ORDER_RECORD when there is an order, in another currency than the payment. */
  orderInOtherCurrency: (orderId: string, orderCurrency: string, paymentCurrency: string) => string;
  /** NO_ORDER_RECORD when it is not known which of the two it was (an e-mail's facts do not say). */
  noComparableOrder: string;
  /** A rule this table does not know yet. */
  otherRule: string;
  /** The processor's answer to Loop's inquiry, as the resolution e-mail mentions it. */
  processorAnswers: Record<ProcessorAnswer, string>;
  explanations: Record<ExplainedRule | 'GENERAL', (facts: ExplanationFacts) => Explanation>;
  /** Any rule's explanation once the processor confirmed the error was its own: the rule's own would say otherwise. */
  processorErrorExplanation: (facts: ExplanationFacts) => Explanation;
  outcomes: {
    refund: (amount: string, date: string, reference: string) => string;
    credit: (amount: string, date: string, reference: string) => string;
    explain: (date: string) => string;
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
  timesIn: (zone) => `Times are given in ${zone}.`,
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
    action: 'Decision',
    decidedBy: 'Decided by',
    decidedAt: 'Decided on',
    amount: 'Amount',
    reference: 'Reference',
    doneAt: 'Date',
    none: '—',
  },
  channels: {
    web: 'the website',
    email: 'e-mail',
    chat: 'live chat',
    processor: 'your bank, through the payment processor (chargeback)',
  },
  categories: {
    AMOUNT_MISMATCH: 'Wrong amount charged',
    DUPLICATE_CHARGE: 'Charged twice',
    UNAUTHORIZED: 'Payment you did not authorise',
    REFUND_NOT_RECEIVED: 'Refund not received',
    OTHER: 'Other',
  },
  liabilities: {
    MERCHANT: 'Loop',
    THIRD_PARTY: 'A third party (payment processor or bank)',
    CUSTOMER: 'The payment details entered',
    UNDETERMINED: 'Not established',
  },
  actions: {
    REFUND: 'Refund',
    ACCOUNT_CREDIT: 'Credit to your Loop account',
    EXPLAIN: 'Closed with an explanation (no money moved)',
    DENY: 'Request declined (no refund)',
    REQUEST_INFO: 'Information requested',
    RAISE_WITH_PROCESSOR: 'Raised with the payment processor',
    ESCALATE: 'Handed to a supervisor',
  },
  refundStatuses: { PENDING: 'pending', SUCCEEDED: 'completed', FAILED: 'failed', UNSUPPORTED: 'status unknown' },
  chargebackStatuses: { OPEN: 'open', WON: "closed in Loop's favour", LOST: 'closed in your favour', UNSUPPORTED: 'status unknown' },
  decidedAutomatically: "Automatically, by Loop's rules",
  decidedByPerson: (role) => (role === 'supervisor' ? 'A supervisor' : 'An adviser'),
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
    incident: (id, from, to) => `Loop security incident ${id} (${from} to ${to}) covers the payment.`,
    strongAuthentication: 'The payment was confirmed with 3-D Secure by the card holder’s bank.',
    noStrongAuthentication: 'The payment was not confirmed with 3-D Secure.',
    lateReport: 'The report came after the 60-day reporting window, so a person reviewed it.',
    discrepancy: (amount) => `Difference found: ${amount}.`,
    notInvestigated: 'The investigation could not be completed; a person decided from your report.',
    processorRaised: (date, due) => `On ${date}, Loop asked its payment processor to check this payment, with an answer due by ${due}.`,
    processorAnswered: (date, answer) =>
      answer === 'PROCESSOR_ERROR_CONFIRMED'
        ? `On ${date}, the payment processor answered that the error is on its side.`
        : `On ${date}, the payment processor answered that it found no error on its side.`,
  },
  rules: {
    TRANSACTION_NOT_FOUND: 'The payment could not be found, so responsibility could not be established.',
    DECLINED_FOR_CUSTOMER_DETAILS: 'The payment was declined because of the payment details entered; Loop took no money.',
    UNAUTHORIZED_IN_LOOP_INCIDENT:
      'The payment falls inside a security incident at Loop: Loop is responsible for it.',
    UNAUTHORIZED_STRONGLY_AUTHENTICATED:
      'Your bank confirmed the payment with 3-D Secure and no Loop security incident covers it: the fraud is not linked to Loop’s security.',
    UNAUTHORIZED_UNCLEAR:
      'No Loop security incident covers the payment and it was not strongly authenticated: the facts are unclear.',
    PROCESSOR_CHARGED_OTHER_AMOUNT:
      'The payment processor took an amount other than the one Loop asked for: the difference arose at the processor, not at Loop.',
    DUPLICATE_CAPTURE: 'The same order was paid more than once: the duplicate payment is Loop’s error.',
    CHARGED_MORE_THAN_ORDER: 'You were charged more than the order total: the difference is Loop’s error.',
    PROMISED_REFUND_NOT_ISSUED: 'Loop promised a refund that was never issued: Loop is responsible for issuing it.',
    REFUND_SETTLED_NOT_SEEN: 'The refund was issued and settled by the payment processor; the money is with your bank.',
    NO_ORDER_RECORD: 'There is no order record to compare the payment with, so a person reviewed the case.',
    NO_DISCREPANCY_FOUND: 'The amount charged matches the order and nothing else found explains the report.',
  },
  rulesAfterAnswer: {
    PROCESSOR_ERROR_CONFIRMED: {
      DECLINED_FOR_CUSTOMER_DETAILS: 'The payment processor’s records show the payment as declined, and Loop took nothing.',
      UNAUTHORIZED_IN_LOOP_INCIDENT: 'The payment falls within the period of a security incident at Loop.',
      UNAUTHORIZED_STRONGLY_AUTHENTICATED: 'Your bank confirmed the payment with 3-D Secure and no Loop security incident covers it.',
      PROCESSOR_CHARGED_OTHER_AMOUNT: 'The payment processor took an amount other than the one Loop asked for.',
      DUPLICATE_CAPTURE: 'The same order was paid more than once.',
      CHARGED_MORE_THAN_ORDER: 'You were charged more than the order total.',
      PROMISED_REFUND_NOT_ISSUED: 'Loop’s records show a promised refund that was never made.',
      REFUND_SETTLED_NOT_SEEN: 'The payment processor’s records show the refund as issued and paid out.',
      NO_DISCREPANCY_FOUND: 'Loop’s own checks found no difference between the amount charged and the order.',
    },
    NO_PROCESSOR_ERROR: {
      PROCESSOR_CHARGED_OTHER_AMOUNT:
        'The payment processor’s records show that it took an amount other than the one Loop asked for; the cause of the difference could not be established.',
    },
  },
  orderInOtherCurrency: (orderId, orderCurrency, paymentCurrency) =>
    `Order ${orderId} is in ${orderCurrency} but the payment is in ${paymentCurrency}: they cannot be compared directly, so a person reviewed the case.`,
  noComparableOrder: 'No order in the currency of the payment could be compared with it, so a person reviewed the case.',
  otherRule: 'Loop checked the payment against its own records and the payment processor’s.',
  processorAnswers: {
    PROCESSOR_ERROR_CONFIRMED: 'We asked our payment processor to check this payment; it confirmed that the error is on its side.',
    NO_PROCESSOR_ERROR: 'We asked our payment processor to check this payment; it answered that it found no error on its side.',
  },
  explanations: {
    REFUND_SETTLED_NOT_SEEN: ({ refundReferences }) => ({
      outcome: refundReferences
        ? `No new refund was needed: your refund ${refundReferences} has already been paid out by our payment processor to your bank.`
        : 'No new refund was needed: your refund has already been paid out by our payment processor to your bank.',
      options: [
        'Banks usually take 5 to 10 business days to show a refund on the statement after the processor has paid it out.',
        refundReferences
          ? `If it has not appeared after 10 business days, give your bank the refund reference ${refundReferences}: it lets the bank find the money.`
          : 'If it has not appeared after 10 business days, reply to our e-mail and we will send you the refund reference for your bank.',
      ],
    }),
    UNAUTHORIZED_STRONGLY_AUTHENTICATED: ({ caseId }) => ({
      outcome:
        'Loop is not refunding this payment: your bank confirmed it with 3-D Secure and no Loop security incident covers it, so it is your bank that can act on a fraud.',
      options: [
        'If you did not make this payment, contact your card issuer (the bank that issued your card) now: tell them the payment is fraudulent and ask them to open a fraud claim (a dispute) on it.',
        'Ask your bank to block your card and send you a new one, and change your Loop password if someone else may know it.',
        `If your bank asks for the details of the transaction, Loop gives them on request: quote case ${caseId}.`,
      ],
    }),
    DECLINED_FOR_CUSTOMER_DETAILS: () => ({
      outcome:
        'No money was taken: the payment was declined because the card details entered did not match the card (the card number, the expiry date or the security code).',
      options: [
        'To pay again, check the card number, the expiry date and the security code on the back of your card, then place your order again; you can also use another card.',
        'If the details were right, ask your bank whether it blocks this kind of payment (online or abroad) before trying again.',
      ],
    }),
    PROCESSOR_CHARGED_OTHER_AMOUNT: ({ processorAnswer, caseId }) => {
      if (processorAnswer === 'PROCESSOR_ERROR_CONFIRMED') {
        return {
          outcome: 'Our payment processor confirmed that the error was its own: correcting the amount it took is for the processor and your bank, so no money moves through Loop.',
          options: [`If your statement still shows the wrong amount after 10 business days, reply to our e-mail quoting case ${caseId}.`],
        };
      }
      if (processorAnswer === 'NO_PROCESSOR_ERROR') {
        return {
          outcome:
            'The payment processor took a different amount from the one Loop asked for, and says it found no error on its side; Loop’s records cannot establish more than that, so we are closing your case with this explanation.',
          options: [
            `If you think the amount is still wrong, reply to our e-mail with your bank statement, quoting case ${caseId}.`,
            'You can also ask your bank (card issuer) to dispute the difference (a chargeback), within the time limits your bank sets.',
          ],
        };
      }
      return {
        outcome: 'The difference arose at our payment processor, not at Loop, so Loop closes your case with this explanation.',
        options: [`If your statement still shows the difference, reply to our e-mail quoting case ${caseId}.`],
      };
    },
    GENERAL: () => ({
      outcome: 'We looked into your report and are closing your case with the explanation above.',
      options: [],
    }),
  },
  processorErrorExplanation: ({ caseId }) => ({
    outcome: 'Our payment processor confirmed that the error in this payment was its own: correcting it is for the processor and your bank, so no money moves through Loop.',
    options: [`If your statement still shows the error after 10 business days, reply to our e-mail quoting case ${caseId}.`],
  }),
  outcomes: {
    refund: (amount, date, reference) => `A refund of ${amount} was issued on ${date}, reference ${reference}.`,
    credit: (amount, date, reference) => `${amount} was credited to your Loop account on ${date}, reference ${reference}.`,
    explain: (date) => `No money was moved; the case was closed with this explanation on ${date}.`,
    deny: (date) => `Your request was declined: no refund and no credit. The decision was recorded on ${date}.`,
  },
  options: {
    refundDelay: (reference) =>
      `A refund can take up to 10 business days to appear on your statement; if it does not, give your bank the reference ${reference}.`,
    followUp: 'We will then ask you by e-mail whether you are satisfied; if you answer that you are not, an adviser looks at your case again.',
    reply: (caseId) => `To add information or ask a question, reply to the e-mail that brought you this document, quoting case ${caseId}.`,
    chargebackRight:
      'If you disagree with this decision, you can also ask your bank (card issuer) to dispute the payment (a chargeback), within the time limits your bank sets.',
    chargebackOpen: 'A chargeback is open with your bank on this payment; your bank decides its outcome.',
  },
};

const fr: Phrases = {
  title: (caseId) => `Résolution de votre dossier ${caseId}`,
  subtitle: 'Loop — traitement des anomalies de paiement',
  generatedOn: (date) => `Document établi le ${date}`,
  timesIn: (zone) => `Les heures sont indiquées en ${zone}.`,
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
    action: 'Décision',
    decidedBy: 'Décidé par',
    decidedAt: 'Décidé le',
    amount: 'Montant',
    reference: 'Référence',
    doneAt: 'Date',
    none: '—',
  },
  channels: {
    web: 'le site web',
    email: 'e-mail',
    chat: 'le chat en direct',
    processor: 'votre banque, via le prestataire de paiement (rétrofacturation)',
  },
  categories: {
    AMOUNT_MISMATCH: 'Montant débité incorrect',
    DUPLICATE_CHARGE: 'Débité deux fois',
    UNAUTHORIZED: 'Paiement que vous n’avez pas autorisé',
    REFUND_NOT_RECEIVED: 'Remboursement non reçu',
    OTHER: 'Autre',
  },
  liabilities: {
    MERCHANT: 'Loop',
    THIRD_PARTY: 'Un tiers (prestataire de paiement ou banque)',
    CUSTOMER: 'Les coordonnées de paiement saisies',
    UNDETERMINED: 'Non établie',
  },
  actions: {
    REFUND: 'Remboursement',
    ACCOUNT_CREDIT: 'Crédit sur votre compte Loop',
    EXPLAIN: 'Clôturé avec une explication (aucun mouvement d’argent)',
    DENY: 'Demande refusée (pas de remboursement)',
    REQUEST_INFO: 'Informations demandées',
    RAISE_WITH_PROCESSOR: 'Signalé au prestataire de paiement',
    ESCALATE: 'Confié à un superviseur',
  },
  refundStatuses: { PENDING: 'en cours', SUCCEEDED: 'effectué', FAILED: 'échoué', UNSUPPORTED: 'statut inconnu' },
  chargebackStatuses: { OPEN: 'en cours', WON: 'clos en faveur de Loop', LOST: 'clos en votre faveur', UNSUPPORTED: 'statut inconnu' },
  decidedAutomatically: 'Automatiquement, selon les règles de Loop',
  decidedByPerson: (role) => (role === 'supervisor' ? 'Un superviseur' : 'Un conseiller'),
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
    incident: (id, from, to) => `L’incident de sécurité Loop ${id} (du ${from} au ${to}) couvre ce paiement.`,
    strongAuthentication: 'Le paiement a été confirmé par 3-D Secure auprès de la banque du titulaire de la carte.',
    noStrongAuthentication: 'Le paiement n’a pas été confirmé par 3-D Secure.',
    lateReport: 'Le signalement est arrivé après le délai de 60 jours ; une personne l’a donc examiné.',
    discrepancy: (amount) => `Écart constaté : ${amount}.`,
    notInvestigated: 'L’enquête n’a pas pu aboutir ; une personne a décidé à partir de votre signalement.',
    processorRaised: (date, due) => `Le ${date}, Loop a demandé à son prestataire de paiement de vérifier ce paiement, avec une réponse attendue avant le ${due}.`,
    processorAnswered: (date, answer) =>
      answer === 'PROCESSOR_ERROR_CONFIRMED'
        ? `Le ${date}, le prestataire de paiement a répondu que l’erreur venait de lui.`
        : `Le ${date}, le prestataire de paiement a répondu n’avoir constaté aucune erreur de son côté.`,
  },
  rules: {
    TRANSACTION_NOT_FOUND: 'Le paiement est introuvable ; la responsabilité n’a donc pas pu être établie.',
    DECLINED_FOR_CUSTOMER_DETAILS: 'Le paiement a été refusé à cause des coordonnées de paiement saisies ; Loop n’a rien débité.',
    UNAUTHORIZED_IN_LOOP_INCIDENT:
      'Le paiement relève d’un incident de sécurité chez Loop : Loop en est responsable.',
    UNAUTHORIZED_STRONGLY_AUTHENTICATED:
      'Votre banque a confirmé le paiement par 3-D Secure et aucun incident de sécurité Loop ne le couvre : la fraude n’est pas liée à la sécurité de Loop.',
    UNAUTHORIZED_UNCLEAR:
      'Aucun incident de sécurité Loop ne couvre le paiement et il n’a pas été authentifié fortement : les faits ne sont pas clairs.',
    PROCESSOR_CHARGED_OTHER_AMOUNT:
      'Le prestataire de paiement a débité un autre montant que celui demandé par Loop : l’écart vient du prestataire, pas de Loop.',
    DUPLICATE_CAPTURE: 'La même commande a été payée plus d’une fois : le paiement en double est une erreur de Loop.',
    CHARGED_MORE_THAN_ORDER: 'Vous avez été débité de plus que le total de la commande : la différence est une erreur de Loop.',
    PROMISED_REFUND_NOT_ISSUED: 'Loop a promis un remboursement qui n’a jamais été effectué : il incombe à Loop de l’effectuer.',
    REFUND_SETTLED_NOT_SEEN: 'Le remboursement a été émis et réglé par le prestataire de paiement ; l’argent est auprès de votre banque.',
    NO_ORDER_RECORD: 'Aucune commande ne permet de comparer le paiement ; une personne a donc examiné le dossier.',
    NO_DISCREPANCY_FOUND: 'Le montant débité correspond à la commande et rien d’autre n’explique le signalement.',
  },
  rulesAfterAnswer: {
    PROCESSOR_ERROR_CONFIRMED: {
      DECLINED_FOR_CUSTOMER_DETAILS: 'Selon les registres du prestataire de paiement, le paiement a été refusé, et Loop n’a rien débité.',
      UNAUTHORIZED_IN_LOOP_INCIDENT: 'Le paiement a eu lieu pendant un incident de sécurité chez Loop.',
      UNAUTHORIZED_STRONGLY_AUTHENTICATED: 'Votre banque a confirmé le paiement par 3-D Secure et aucun incident de sécurité Loop ne le couvre.',
      PROCESSOR_CHARGED_OTHER_AMOUNT: 'Le prestataire de paiement a débité un autre montant que celui demandé par Loop.',
      DUPLICATE_CAPTURE: 'La même commande a été payée plus d’une fois.',
      CHARGED_MORE_THAN_ORDER: 'Vous avez été débité de plus que le total de la commande.',
      PROMISED_REFUND_NOT_ISSUED: 'Selon les registres de Loop, un remboursement promis n’a jamais été effectué.',
      REFUND_SETTLED_NOT_SEEN: 'Selon les registres du prestataire de paiement, le remboursement a été émis et versé.',
      NO_DISCREPANCY_FOUND: 'Les vérifications de Loop n’ont trouvé aucune différence entre le montant débité et la commande.',
    },
    NO_PROCESSOR_ERROR: {
      PROCESSOR_CHARGED_OTHER_AMOUNT:
        'Selon les registres du prestataire de paiement, il a débité un autre montant que celui demandé par Loop ; la cause de l’écart n’a pas pu être établie.',
    },
  },
  orderInOtherCurrency: (orderId, orderCurrency, paymentCurrency) =>
    `La commande ${orderId} est en ${orderCurrency} mais le paiement est en ${paymentCurrency} : ils ne se comparent pas directement ; une personne a donc examiné le dossier.`,
  noComparableOrder: 'Aucune commande dans la devise du paiement n’a pu lui être comparée ; une personne a donc examiné le dossier.',
  otherRule: 'Loop a vérifié le paiement dans ses propres registres et auprès du prestataire de paiement.',
  processorAnswers: {
    PROCESSOR_ERROR_CONFIRMED: 'Nous avons demandé à notre prestataire de paiement de vérifier ce paiement ; il a confirmé que l’erreur venait de lui.',
    NO_PROCESSOR_ERROR: 'Nous avons demandé à notre prestataire de paiement de vérifier ce paiement ; il a répondu n’avoir constaté aucune erreur de son côté.',
  },
  explanations: {
    REFUND_SETTLED_NOT_SEEN: ({ refundReferences }) => ({
      outcome: refundReferences
        ? `Aucun nouveau remboursement n’était nécessaire : votre remboursement ${refundReferences} a déjà été versé à votre banque par notre prestataire de paiement.`
        : 'Aucun nouveau remboursement n’était nécessaire : votre remboursement a déjà été versé à votre banque par notre prestataire de paiement.',
      options: [
        'Une fois le remboursement versé par le prestataire, les banques mettent en général 5 à 10 jours ouvrés à le faire apparaître sur le relevé.',
        refundReferences
          ? `S’il n’apparaît pas après 10 jours ouvrés, communiquez à votre banque la référence du remboursement ${refundReferences} : elle lui permet de retrouver l’argent.`
          : 'S’il n’apparaît pas après 10 jours ouvrés, répondez à notre e-mail et nous vous enverrons la référence du remboursement pour votre banque.',
      ],
    }),
    UNAUTHORIZED_STRONGLY_AUTHENTICATED: ({ caseId }) => ({
      outcome:
        'Loop ne rembourse pas ce paiement : votre banque l’a confirmé par 3-D Secure et aucun incident de sécurité Loop ne le couvre ; c’est donc votre banque qui peut agir contre une fraude.',
      options: [
        'Si vous n’avez pas fait ce paiement, contactez dès maintenant l’émetteur de votre carte (la banque qui vous l’a délivrée) : signalez-lui un paiement frauduleux et demandez-lui d’ouvrir une contestation pour fraude.',
        'Demandez à votre banque de faire opposition sur votre carte et de vous en envoyer une nouvelle, et changez votre mot de passe Loop si quelqu’un d’autre a pu le connaître.',
        `Si votre banque demande les détails de la transaction, Loop les lui transmet sur demande : indiquez le dossier ${caseId}.`,
      ],
    }),
    DECLINED_FOR_CUSTOMER_DETAILS: () => ({
      outcome:
        'Aucune somme n’a été prélevée : le paiement a été refusé car les coordonnées de carte saisies ne correspondaient pas à la carte (numéro, date d’expiration ou cryptogramme).',
      options: [
        'Pour payer à nouveau, vérifiez le numéro de carte, la date d’expiration et le cryptogramme au dos de votre carte, puis passez à nouveau votre commande ; vous pouvez aussi utiliser une autre carte.',
        'Si les coordonnées étaient justes, demandez à votre banque si elle bloque ce type de paiement (en ligne ou à l’étranger) avant de réessayer.',
      ],
    }),
    PROCESSOR_CHARGED_OTHER_AMOUNT: ({ processorAnswer, caseId }) => {
      if (processorAnswer === 'PROCESSOR_ERROR_CONFIRMED') {
        return {
          outcome: 'Notre prestataire de paiement a confirmé que l’erreur venait de lui : la correction du montant prélevé relève de lui et de votre banque ; aucune somme ne transite par Loop.',
          options: [`Si votre relevé affiche toujours un montant erroné après 10 jours ouvrés, répondez à notre e-mail en indiquant le dossier ${caseId}.`],
        };
      }
      if (processorAnswer === 'NO_PROCESSOR_ERROR') {
        return {
          outcome:
            'Le prestataire de paiement a prélevé un autre montant que celui demandé par Loop et dit n’avoir constaté aucune erreur de son côté ; les registres de Loop ne permettent pas d’en établir davantage : nous clôturons donc votre dossier avec cette explication.',
          options: [
            `Si vous pensez que le montant est toujours erroné, répondez à notre e-mail avec votre relevé bancaire en indiquant le dossier ${caseId}.`,
            'Vous pouvez aussi demander à votre banque (émetteur de la carte) de contester l’écart (rétrofacturation), dans les délais fixés par votre banque.',
          ],
        };
      }
      return {
        outcome: 'L’écart vient de notre prestataire de paiement et non de Loop ; Loop clôture donc votre dossier avec cette explication.',
        options: [`Si votre relevé affiche toujours l’écart, répondez à notre e-mail en indiquant le dossier ${caseId}.`],
      };
    },
    GENERAL: () => ({
      outcome: 'Nous avons examiné votre signalement et clôturons votre dossier avec l’explication ci-dessus.',
      options: [],
    }),
  },
  processorErrorExplanation: ({ caseId }) => ({
    outcome: 'Notre prestataire de paiement a confirmé que l’erreur sur ce paiement venait de lui : sa correction relève de lui et de votre banque ; aucune somme ne transite par Loop.',
    options: [`Si votre relevé affiche toujours l’erreur après 10 jours ouvrés, répondez à notre e-mail en indiquant le dossier ${caseId}.`],
  }),
  outcomes: {
    refund: (amount, date, reference) => `Un remboursement de ${amount} a été effectué le ${date}, référence ${reference}.`,
    credit: (amount, date, reference) => `${amount} ont été crédités sur votre compte Loop le ${date}, référence ${reference}.`,
    explain: (date) => `Aucun mouvement d’argent ; le dossier a été clôturé avec cette explication le ${date}.`,
    deny: (date) => `Votre demande a été refusée : ni remboursement ni crédit. La décision a été enregistrée le ${date}.`,
  },
  options: {
    refundDelay: (reference) =>
      `Un remboursement peut mettre jusqu’à 10 jours ouvrés à apparaître sur votre relevé ; sinon, communiquez à votre banque la référence ${reference}.`,
    followUp: 'Nous vous demanderons ensuite par e-mail si vous êtes satisfait ; si vous répondez que non, un conseiller réexaminera votre dossier.',
    reply: (caseId) => `Pour ajouter une information ou poser une question, répondez à l’e-mail qui accompagne ce document en indiquant le dossier ${caseId}.`,
    chargebackRight:
      'Si vous contestez cette décision, vous pouvez aussi demander à votre banque (émetteur de la carte) de contester le paiement (rétrofacturation), dans les délais fixés par votre banque.',
    chargebackOpen: 'Une rétrofacturation est en cours auprès de votre banque pour ce paiement ; c’est votre banque qui en décide l’issue.',
  },
};

/** The phrase table: one entry per supported locale. */
export const PHRASES: Record<Locale, Phrases> = { en, fr };

const isExplainedRule = (rule: string | null | undefined): rule is ExplainedRule =>
  (EXPLAINED_RULES as readonly string[]).includes(rule ?? '');

/** The wording of a case closed with an explanation under `rule`: the rule's own, or the general one. */
export function explanationFor(p: Phrases, rule: string | null | undefined, facts: ExplanationFacts): Explanation {
  if (facts.processorAnswer === 'PROCESSOR_ERROR_CONFIRMED' && rule !== 'PROCESSOR_CHARGED_OTHER_AMOUNT') return p.processorErrorExplanation(facts);
  return p.explanations[isExplainedRule(rule) ? rule : 'GENERAL'](facts);
}

/**
 * What the customer can do under an assist rule, whatever the decision (a refused claim of a
 * strongly authenticated fraud still points to the bank); nothing for the other rules.
 */
export function guidanceFor(p: Phrases, rule: string | null | undefined, facts: ExplanationFacts): string[] {
  return isExplainedRule(rule) ? explanationFor(p, rule, facts).options : [];
}

/** Why the rule puts the liability where it does, in the customer's words, never against the processor's answer. */
export function ruleExplanation(p: Phrases, rule: string, answer: ProcessorAnswer | null = null): string {
  return (answer ? p.rulesAfterAnswer[answer][rule] : undefined) ?? p.rules[rule] ?? p.otherRule;
}

import type { ConsoleLocale } from './i18n';

/**
 * The API's codes (statuses, categories, liabilities, timeline events) in plain words. A code this
 * table does not know is shown as the code itself, never a guess.
 */
type Words = Record<string, { en: string; fr: string }>;

const STATUS: Words = {
  RECEIVED: { en: 'Received', fr: 'Reçu' },
  INVESTIGATING: { en: 'Investigating', fr: 'En enquête' },
  AWAITING_CUSTOMER: { en: 'Waiting for the customer', fr: 'En attente du client' },
  AWAITING_DECISION: { en: 'Waiting for a decision', fr: 'En attente de décision' },
  AWAITING_PROCESSOR: { en: 'Waiting for the processor', fr: 'En attente du prestataire' },
  RESOLVING: { en: 'Resolving', fr: 'En cours de résolution' },
  RESOLVED: { en: 'Resolved', fr: 'Résolu' },
  FOLLOW_UP: { en: 'Follow-up', fr: 'Suivi' },
  CLOSED: { en: 'Closed', fr: 'Clos' },
  WITHDRAWN: { en: 'Withdrawn', fr: 'Retiré' },
};

const CATEGORY: Words = {
  AMOUNT_MISMATCH: { en: 'Wrong amount', fr: 'Montant erroné' },
  DUPLICATE_CHARGE: { en: 'Charged twice', fr: 'Débit en double' },
  UNAUTHORIZED: { en: 'Not authorised', fr: 'Non autorisé' },
  REFUND_NOT_RECEIVED: { en: 'Refund not received', fr: 'Remboursement non reçu' },
  OTHER: { en: 'Other', fr: 'Autre' },
};

const LIABILITY: Words = {
  MERCHANT: { en: 'Loop', fr: 'Loop' },
  THIRD_PARTY: { en: 'Third party', fr: 'Tiers' },
  CUSTOMER: { en: 'Customer', fr: 'Client' },
  UNDETERMINED: { en: 'Undetermined', fr: 'Indéterminée' },
};

const PROCESSOR: Words = {
  sandbox: { en: 'Sandbox', fr: 'Bac à sable' },
  stripe: { en: 'Stripe', fr: 'Stripe' },
  adyen: { en: 'Adyen', fr: 'Adyen' },
  paypal: { en: 'PayPal', fr: 'PayPal' },
};

const CHANNEL: Words = {
  web: { en: 'website', fr: 'site web' },
  email: { en: 'e-mail', fr: 'e-mail' },
  chat: { en: 'chat', fr: 'chat' },
  processor: { en: 'processor (chargeback)', fr: 'prestataire (rétrofacturation)' },
};

const EVENT: Words = {
  REPORTED: { en: 'Reported by the customer', fr: 'Signalé par le client' },
  REPORTED_AGAIN: { en: 'Reported again', fr: 'Signalé à nouveau' },
  INVESTIGATION_STARTED: { en: 'Investigation started', fr: 'Enquête commencée' },
  INVESTIGATION_FAILED: { en: 'Investigation failed', fr: 'Échec de l\'enquête' },
  FINDINGS_RECORDED: { en: 'Findings recorded', fr: 'Constatations enregistrées' },
  REASSESSED: { en: 'Assessed again', fr: 'Réévalué' },
  EXPECTED_AMOUNT_ADDED: { en: 'Customer added the amount they expected', fr: 'Le client a indiqué le montant attendu' },
  AWAITING_DECISION: { en: 'Waiting for an agent\'s decision', fr: 'En attente de la décision d\'un agent' },
  INFORMATION_REQUESTED: { en: 'Information requested from the customer', fr: 'Informations demandées au client' },
  INFORMATION_RECEIVED: { en: 'Customer answered', fr: 'Le client a répondu' },
  CUSTOMER_MESSAGE: { en: 'Message from the customer', fr: 'Message du client' },
  ESCALATED: { en: 'Escalated to a supervisor', fr: 'Escaladé à un superviseur' },
  ESCALATION_REPEATED: { en: 'Escalated again', fr: 'Escaladé à nouveau' },
  PROCESSOR_INQUIRY_RAISED: { en: 'Raised with the processor', fr: 'Question posée au prestataire' },
  PROCESSOR_ANSWERED: { en: 'Processor answered', fr: 'Réponse du prestataire' },
  PROCESSOR_INQUIRY_OVERDUE: { en: 'Processor has not answered in time', fr: 'Le prestataire n\'a pas répondu à temps' },
  DECIDED: { en: 'Decision taken', fr: 'Décision prise' },
  DECISION_REFUSED: { en: 'Decision refused', fr: 'Décision refusée' },
  SIGNAL_REFUSED: { en: 'Message refused', fr: 'Message refusé' },
  REFUND_PENDING: { en: 'Refund accepted, waiting to settle', fr: 'Remboursement accepté, en attente de règlement' },
  SETTLEMENT_CHECKED: { en: 'Refund settlement checked', fr: 'Règlement du remboursement vérifié' },
  EXECUTION_FAILED: { en: 'Could not carry out the decision yet (retrying)', fr: 'Décision pas encore exécutée (nouvel essai)' },
  EXECUTION_REFUSED: { en: 'Processor or ledger refused the decision', fr: 'Le prestataire ou le grand livre a refusé la décision' },
  RESOLVED: { en: 'Resolved', fr: 'Résolu' },
  DOCUMENTED: { en: 'Resolution document written', fr: 'Document de résolution rédigé' },
  DOCUMENT_FAILED: { en: 'Resolution document could not be written', fr: 'Le document de résolution n\'a pas pu être rédigé' },
  NOTIFICATION_FAILED: { en: 'E-mail to the customer not delivered', fr: 'E-mail au client non distribué' },
  SATISFACTION_ASKED: { en: 'Customer asked whether they are satisfied', fr: 'Satisfaction demandée au client' },
  SATISFACTION_ANSWERED: { en: 'Customer answered the satisfaction question', fr: 'Le client a répondu sur sa satisfaction' },
  REOPENED: { en: 'Reopened', fr: 'Rouvert' },
  CHARGEBACK: { en: 'Chargeback news from the processor', fr: 'Rétrofacturation signalée par le prestataire' },
  CLOSED: { en: 'Closed', fr: 'Clos' },
  WITHDRAWN: { en: 'Withdrawn by the customer', fr: 'Retiré par le client' },
  ASSIGNED: { en: 'Assigned', fr: 'Attribué' },
  UNASSIGNED: { en: 'Unassigned', fr: 'Attribution retirée' },
  NOTE_ADDED: { en: 'Internal note added', fr: 'Note interne ajoutée' },
  NOTE: { en: 'Internal note added', fr: 'Note interne ajoutée' },
  REASSIGNED: { en: 'Reassigned', fr: 'Réattribué' },
  EARLIER_ENTRIES_SUMMARISED: { en: 'Earlier entries summarised', fr: 'Entrées antérieures résumées' },
};

/** The processor's and order system's states, as the findings show them. */
const STATE: Words = {
  SUCCEEDED: { en: 'succeeded', fr: 'réussi' },
  PENDING: { en: 'pending', fr: 'en attente' },
  FAILED: { en: 'failed', fr: 'échoué' },
  UNSUPPORTED: { en: 'not understood (treated as open)', fr: 'non reconnu (traité comme ouvert)' },
  OPEN: { en: 'open', fr: 'ouvert' },
  WON: { en: 'won', fr: 'gagné' },
  LOST: { en: 'lost', fr: 'perdu' },
  FULFILLED: { en: 'fulfilled', fr: 'expédiée' },
  CANCELLED: { en: 'cancelled', fr: 'annulée' },
  RETURNED: { en: 'returned', fr: 'retournée' },
  THREE_D_SECURE: { en: '3-D Secure', fr: '3-D Secure' },
  NONE: { en: 'none', fr: 'aucune' },
  AUTHENTICATED: { en: 'authenticated', fr: 'authentifié' },
  ATTEMPTED: { en: 'attempted', fr: 'tenté' },
  NOT_PERFORMED: { en: 'not performed', fr: 'non effectué' },
  CUSTOMER_DETAILS: { en: 'the customer\'s payment details', fr: 'les coordonnées de paiement du client' },
  OTHER: { en: 'other', fr: 'autre' },
};

/** The e-mail each timeline step sends the customer (workflows/case-steps.ts notify). */
const EMAIL_FOR_EVENT: Words = {
  REPORTED: { en: 'Acknowledgement of the report', fr: 'Accusé de réception' },
  INFORMATION_REQUESTED: { en: 'Request for information', fr: 'Demande d\'informations' },
  PROCESSOR_INQUIRY_RAISED: { en: 'Inquiry with the processor', fr: 'Question au prestataire' },
  RESOLVED: { en: 'Resolution (with its document)', fr: 'Résolution (avec son document)' },
  SATISFACTION_ASKED: { en: 'Satisfaction question', fr: 'Question de satisfaction' },
  CLOSED: { en: 'Closure', fr: 'Clôture' },
  WITHDRAWN: { en: 'Withdrawal confirmed', fr: 'Retrait confirmé' },
};

/** The e-mails as the outbound log names them (activities/ports.ts NOTIFICATION_KINDS), each the step's e-mail above. */
const EVENT_OF_EMAIL_KIND: Record<string, string> = {
  ACKNOWLEDGEMENT: 'REPORTED',
  INFORMATION_REQUEST: 'INFORMATION_REQUESTED',
  PROCESSOR_INQUIRY: 'PROCESSOR_INQUIRY_RAISED',
  RESOLUTION: 'RESOLVED',
  SATISFACTION_QUESTION: 'SATISFACTION_ASKED',
  CLOSURE: 'CLOSED',
  WITHDRAWAL: 'WITHDRAWN',
};
const EMAIL_KIND: Words = Object.fromEntries(Object.entries(EVENT_OF_EMAIL_KIND).map(([kind, event]) => [kind, EMAIL_FOR_EVENT[event]!]));

const word = (table: Words) => (code: string | null | undefined, locale: ConsoleLocale) => (code ? (table[code]?.[locale] ?? code) : '—');

export const statusLabel = word(STATUS);
export const categoryLabel = word(CATEGORY);
export const liabilityLabel = word(LIABILITY);
export const processorLabel = word(PROCESSOR);
export const channelLabel = word(CHANNEL);
export const eventLabel = word(EVENT);
export const emailLabel = word(EMAIL_FOR_EVENT);
export const emailKindLabel = word(EMAIL_KIND);
export const stateLabel = word(STATE);
export const emailEvents = Object.keys(EMAIL_FOR_EVENT);

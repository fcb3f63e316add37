import { explained } from '../explained';
import { heading, paragraph, type Copy, type LetterView } from './copy';
import type { Block } from '../letter';

const ACTIONS: Record<string, string> = {
  REFUND: 'Remboursement',
  ACCOUNT_CREDIT: 'Crédit sur votre compte Loop',
  DENY: 'Ni remboursement ni crédit',
};

const CLOSED_BECAUSE: Record<string, string> = {
  SATISFIED: 'Merci pour votre réponse : nous sommes heureux que tout soit réglé.',
  NO_ANSWER: 'Nous n’avons pas reçu de réponse à notre question de satisfaction ; nous considérons donc votre dossier comme réglé.',
  NO_INFORMATION: 'Nous n’avons pas reçu à temps les informations demandées et n’avons donc pas pu poursuivre l’enquête.',
  UNSATISFIED_AFTER_SUPERVISOR: 'Un responsable a réexaminé votre dossier et notre décision est désormais définitive. Si vous contestez toujours le paiement, vous pouvez vous adresser à votre banque.',
};

function decision(v: LetterView): Block[] {
  const { action, reference } = v.facts;
  const amount = v.amount;
  if (action === 'REFUND') {
    return [
      paragraph(
        `Nous vous avons remboursé ${amount ?? 'le montant'} sur le moyen de paiement utilisé pour l’achat. Selon votre banque, le remboursement peut mettre quelques jours ouvrés à apparaître sur votre relevé` +
          (reference ? ` ; indiquez la référence ${reference} si vous interrogez votre banque.` : '.'),
      ),
    ];
  }
  if (action === 'ACCOUNT_CREDIT') return [paragraph(`Nous avons crédité ${amount ?? 'le montant'} sur le solde de votre compte Loop ; vous pouvez l’utiliser pour votre prochain achat.`)];
  if (action === 'DENY') return [paragraph('Après examen, nous ne procédons à aucun remboursement ni crédit sur ce dossier.')];
  return [];
}

function resolution(v: LetterView) {
  const { action, reference } = v.facts;
  // The investigation's reasons are recorded in English; the phrase table says the same in the customer's language.
  const { findings, guidance } = explained(v.facts, 'fr');
  const subject = action === 'REFUND' ? 'votre remboursement' : action === 'ACCOUNT_CREDIT' ? 'un crédit sur votre compte' : 'notre décision';
  const rows: [string, string][] = [['Décision', ACTIONS[action ?? ''] ?? action ?? 'voir ci-dessous']];
  if (v.amount) rows.push(['Montant', v.amount]);
  if (reference) rows.push([action === 'REFUND' ? 'Référence du remboursement' : 'Référence', reference]);
  const blocks: Block[] = [paragraph('Nous avons terminé l’examen de votre dossier. Voici notre décision.'), { kind: 'facts', rows }, ...decision(v)];
  if (findings) blocks.push(heading('Ce que notre enquête a établi'), paragraph(findings));
  blocks.push(heading('Ce que vous pouvez encore faire'));
  if (guidance) blocks.push(paragraph(guidance));
  blocks.push(
    paragraph('Si vous n’êtes pas d’accord avec cette décision ou si un problème subsiste, répondez à cet e-mail : un conseiller réexaminera votre dossier.'),
    paragraph('Dans quelques jours, nous vous demanderons si vous êtes satisfait du traitement de votre dossier.'),
  );
  if (v.document === 'attached') blocks.push(paragraph('Le document qui décrit la résolution de votre dossier est joint à cet e-mail (un PDF, et le même dossier au format JSON). Conservez-le.'));
  if (v.document === 'missing') blocks.push(paragraph('Le document qui décrit la résolution de votre dossier n’a pas pu être joint à cet e-mail ; répondez à ce message et nous vous l’enverrons.'));
  return { subject: `Dossier ${v.caseId} – ${subject}`, blocks };
}

/** Les e-mails en français. */
export const fr: Copy = {
  greeting: 'Bonjour,',
  signature: 'L’équipe support de Loop',
  footer: (caseId) => [
    `Numéro de dossier : ${caseId}. Répondez à cet e-mail pour nous écrire à son sujet.`,
    'Loop ne vous demandera jamais votre numéro de carte complet.',
  ],
  kinds: {
    ACKNOWLEDGEMENT: (v) => ({
      subject: `Dossier ${v.caseId} – nous avons bien reçu votre signalement`,
      blocks: [
        paragraph(`Merci de nous avoir signalé ce paiement. Nous avons ouvert le dossier ${v.caseId} et notre enquête a commencé.`),
        { kind: 'facts', rows: [['Numéro de dossier', v.caseId]] },
        paragraph('Nous vérifions la transaction auprès du prestataire de paiement et dans nos propres registres. Nous vous écrirons si nous avons besoin d’informations complémentaires, et dès qu’une décision sera prise.'),
        paragraph('Pour ajouter quoi que ce soit, répondez simplement à cet e-mail en conservant le numéro de dossier dans l’objet.'),
      ],
    }),
    INFORMATION_REQUEST: (v) => ({
      subject: `Dossier ${v.caseId} – nous avons besoin d’informations`,
      blocks: [
        paragraph('Pour poursuivre l’enquête sur votre dossier, nous avons besoin de la précision suivante :'),
        { kind: 'quote', text: v.facts.question ?? '' },
        heading('Comment répondre'),
        paragraph(
          'Répondez à cet e-mail. Vous pouvez joindre un reçu ou un relevé bancaire, en masquant votre numéro de carte sauf ses quatre derniers chiffres. Conservez le numéro de dossier dans l’objet pour que votre réponse rejoigne votre dossier.',
        ),
        paragraph('Sans réponse de votre part, nous ne pourrons pas aller plus loin et le dossier sera clôturé au bout d’un certain temps.'),
      ],
    }),
    PROCESSOR_INQUIRY: (v) => ({
      subject: `Dossier ${v.caseId} – nous avons interrogé notre prestataire de paiement`,
      blocks: [paragraph('Nous avons signalé l’écart sur votre paiement à notre prestataire de paiement. Nous vous écrirons pour vous en donner le résultat.')],
    }),
    RESOLUTION: resolution,
    SATISFACTION_QUESTION: (v) => ({
      subject: `Dossier ${v.caseId} – êtes-vous satisfait ?`,
      blocks: [
        paragraph(`Votre dossier ${v.caseId} a été résolu il y a quelques jours. Êtes-vous satisfait de la façon dont nous l’avons traité ?`),
        {
          kind: 'buttons',
          links: [
            { label: 'Oui, je suis satisfait', href: v.links.satisfied },
            { label: 'Non, je ne suis pas satisfait', href: v.links.unsatisfied },
          ],
        },
        paragraph('Chaque lien ouvre une page où vous confirmez votre réponse. Si vous n’êtes pas satisfait, un conseiller reprendra votre dossier.'),
        paragraph('Sans réponse de votre part, nous clôturerons le dossier.'),
      ],
    }),
    CLOSURE: (v) => ({
      subject: `Dossier ${v.caseId} – clôture de votre dossier`,
      blocks: [
        ...(CLOSED_BECAUSE[v.facts.outcome ?? ''] ? [paragraph(CLOSED_BECAUSE[v.facts.outcome!]!)] : []),
        paragraph(`Le dossier ${v.caseId} est maintenant clôturé. Merci de votre confiance.`),
        paragraph('Si un autre paiement vous semble anormal, signalez-le dans les 60 jours suivant la transaction : répondez à cet e-mail ou écrivez à support@loop.tech.'),
      ],
    }),
    WITHDRAWAL: (v) => ({
      subject: `Dossier ${v.caseId} – retrait de votre signalement`,
      blocks: [
        paragraph(`Comme vous nous l’avez demandé, nous avons retiré votre signalement et clôturé le dossier ${v.caseId} sans suite.`),
        paragraph('S’il s’agit d’une erreur, répondez à cet e-mail ou signalez à nouveau le paiement (dans les 60 jours suivant la transaction).'),
      ],
    }),
  },
};

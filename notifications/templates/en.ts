import { explained } from '../explained';
import { heading, paragraph, type Copy, type LetterView } from './copy';
import type { Block } from '../letter';

const ACTIONS: Record<string, string> = {
  REFUND: 'Refund',
  ACCOUNT_CREDIT: 'Credit to your Loop account',
  DENY: 'No refund or credit',
};

const CLOSED_BECAUSE: Record<string, string> = {
  SATISFIED: 'Thank you for your answer: we are glad everything is settled.',
  NO_ANSWER: 'We did not hear back about our satisfaction question, so we consider your case settled.',
  NO_INFORMATION: 'We did not receive the information we asked for in time, so we could not continue the investigation.',
  UNSATISFIED_AFTER_SUPERVISOR: 'A supervisor has reviewed your case again and our decision is now final. If you still dispute the payment, you can contact your bank.',
};

function decision(v: LetterView): Block[] {
  const { action, reference } = v.facts;
  const amount = v.amount;
  if (action === 'REFUND') {
    return [
      paragraph(
        `We have refunded ${amount ?? 'the amount'} to the card or account used for the payment. Depending on your bank, it can take a few business days to appear on your statement` +
          (reference ? `; quote the refund reference ${reference} if you ask your bank about it.` : '.'),
      ),
    ];
  }
  if (action === 'ACCOUNT_CREDIT') return [paragraph(`We have credited ${amount ?? 'the amount'} to your Loop account balance; you can use it for your next purchase.`)];
  if (action === 'DENY') return [paragraph('After review, we are not making a refund or a credit on this case.')];
  return [];
}

function resolution(v: LetterView) {
  const { action, reference } = v.facts;
  // The investigation's reasons are recorded in English; the phrase table says the same in the customer's language.
  const { findings, guidance } = explained(v.facts, 'en');
  const subject = action === 'REFUND' ? 'your refund' : action === 'ACCOUNT_CREDIT' ? 'a credit to your account' : 'our decision';
  const rows: [string, string][] = [['Decision', ACTIONS[action ?? ''] ?? action ?? 'See below']];
  if (v.amount) rows.push(['Amount', v.amount]);
  if (reference) rows.push([action === 'REFUND' ? 'Refund reference' : 'Reference', reference]);
  const blocks: Block[] = [paragraph('We have finished looking into your case. Here is our decision.'), { kind: 'facts', rows }, ...decision(v)];
  if (findings) blocks.push(heading('What we found'), paragraph(findings));
  blocks.push(heading('What you can still do'));
  if (guidance) blocks.push(paragraph(guidance));
  blocks.push(
    paragraph('If you disagree with this decision or something is still wrong, reply to this e-mail: an agent will look at your case again.'),
    paragraph('In a few days we will ask you whether you are satisfied with how your case was handled.'),
  );
  if (v.document === 'attached') blocks.push(paragraph('The document describing how your case was resolved is attached to this e-mail (a PDF, with the same record as JSON). Please keep it.'));
  if (v.document === 'missing') blocks.push(paragraph('The document describing how your case was resolved could not be attached to this e-mail; reply to this e-mail and we will send it to you.'));
  return { subject: `Case ${v.caseId} – ${subject}`, blocks };
}

/** The English e-mails. */
export const en: Copy = {
  greeting: 'Hello,',
  signature: 'The Loop support team',
  footer: (caseId) => [
    `Case number: ${caseId}. Reply to this e-mail to write to us about it.`,
    'Loop will never ask you for your full card number.',
  ],
  kinds: {
    ACKNOWLEDGEMENT: (v) => ({
      subject: `Case ${v.caseId} – we have received your report`,
      blocks: [
        paragraph(`Thank you for telling us about this payment. We have opened case ${v.caseId} and our investigation has started.`),
        { kind: 'facts', rows: [['Case number', v.caseId]] },
        paragraph('We are checking the transaction with the payment processor and against our own records. We will write to you if we need more information, and as soon as a decision is made.'),
        paragraph('To add anything, simply reply to this e-mail, keeping the case number in the subject.'),
      ],
    }),
    INFORMATION_REQUEST: (v) => ({
      subject: `Case ${v.caseId} – we need information from you`,
      blocks: [
        paragraph('To continue investigating your case, we need the following from you:'),
        { kind: 'quote', text: v.facts.question ?? '' },
        heading('How to answer'),
        paragraph(
          'Reply to this e-mail with your answer. You can attach a receipt or a bank statement; hide your card number except for its last four digits. Keep the case number in the subject so that your answer joins your case.',
        ),
        paragraph('Without an answer we cannot go further, and the case will be closed after a while.'),
      ],
    }),
    PROCESSOR_INQUIRY: (v) => ({
      subject: `Case ${v.caseId} – we have asked our payment processor`,
      blocks: [paragraph('We have raised the difference on your payment with our payment processor. We will write to you with the outcome.')],
    }),
    RESOLUTION: resolution,
    SATISFACTION_QUESTION: (v) => ({
      subject: `Case ${v.caseId} – are you satisfied?`,
      blocks: [
        paragraph(`Your case ${v.caseId} was resolved a few days ago. Are you satisfied with how we handled it?`),
        {
          kind: 'buttons',
          links: [
            { label: 'Yes, I am satisfied', href: v.links.satisfied },
            { label: 'No, I am not satisfied', href: v.links.unsatisfied },
          ],
        },
        paragraph('Each link opens a page where you confirm your answer. If you are not satisfied, an agent will take up your case again.'),
        paragraph('Without an answer, we will close the case.'),
      ],
    }),
    CLOSURE: (v) => ({
      subject: `Case ${v.caseId} – your case is closed`,
      blocks: [
        ...(CLOSED_BECAUSE[v.facts.outcome ?? ''] ? [paragraph(CLOSED_BECAUSE[v.facts.outcome!]!)] : []),
        paragraph(`Case ${v.caseId} is now closed. Thank you for your trust.`),
        paragraph('If another payment looks wrong, report it within 60 days of the transaction: reply to this e-mail or write to support@loop.tech.'),
      ],
    }),
    WITHDRAWAL: (v) => ({
      subject: `Case ${v.caseId} – your report is withdrawn`,
      blocks: [
        paragraph(`As you asked, we have withdrawn your report and closed case ${v.caseId} with no further action.`),
        paragraph('If this was a mistake, reply to this e-mail or report the payment again (within 60 days of the transaction).'),
      ],
    }),
  },
};

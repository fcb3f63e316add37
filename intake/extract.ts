import { redactCardNumbers } from '../domain/card-numbers';
import { CASE_ID_PATTERN } from '../domain/ids';
import type { Money } from '../domain/money';
import type { Category, Locale, ProcessorName } from '../domain/vocabulary';
import { findAmounts } from './amounts';
import { guessCategory, guessLocale } from './keywords';

/** What intake reads a message from: an InboundEmail fits, and so does a chat turned into text. */
export interface IntakeText {
  subject?: string;
  text: string;
  contentLanguage?: string | null;
  inReplyTo?: readonly string[];
  references?: readonly string[];
}

/** What a customer's message tells us, with full card numbers already removed from its text. */
export interface Extraction {
  transaction: { processor: ProcessorName; id: string } | null;
  orderReference: string | null;
  /** The first amount with a currency the message names. */
  amount: Money | null;
  /** An amount the message gives as what was due ("instead of 12,34 €"), if any. */
  expectedAmount: Money | null;
  category: Category;
  locale: Locale;
  /** The case this message answers (a reply to our notification, or the case number in the subject). */
  replyToCaseId: string | null;
  subject: string;
  text: string;
  /** The text without the quoted earlier messages of a reply. */
  newText: string;
  cardNumberRemoved: boolean;
}

/**
 * Each processor's documented reference formats: Stripe PaymentIntent/Charge/Payment ids; Adyen's
 * 16-character PSP reference; PayPal's 17-character capture / transaction id; the sandbox's `tx_`
 * ids. Adyen and PayPal references need a digit (and PayPal a letter) so that plain words do not match.
 */
export const TRANSACTION_PATTERNS: Record<ProcessorName, RegExp> = {
  stripe: /\b(?:pi|ch|py)_[A-Za-z0-9]{14,64}\b/g,
  adyen: /\b(?=[A-Z0-9]*\d)[A-Z0-9]{16}\b/g,
  paypal: /\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{17}\b/g,
  sandbox: /\btx_[0-9a-f]{20}\b/g,
};

const ORDER_PATTERNS = [
  /\b(ord_[A-Za-z0-9]{4,40})\b/,
  /\b(?:order|commande|cde)(?:\s+(?:number|no\.?|n[°º]|num[ée]ro|ref(?:erence)?\.?))?\s*[:#]?\s*#?((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,39})\b/i,
];

/** Our notifications' Message-IDs: `<DSP-XXXXXXXXXX.<anything>@<host>>`. */
const CASE_MESSAGE_ID = /^<?(DSP-[0-9A-Z]{10})[.@]/;
const CASE_IN_SUBJECT = /\bDSP-([0-9A-Z]{10})\b/i;

/** The first processor reference in `text` among the processors this deployment accepts. */
export function findTransaction(text: string, processors: readonly ProcessorName[]): Extraction['transaction'] {
  let first: { processor: ProcessorName; id: string; index: number } | null = null;
  for (const processor of processors) {
    for (const m of text.matchAll(TRANSACTION_PATTERNS[processor])) {
      if (!first || m.index < first.index) first = { processor, id: m[0], index: m.index };
    }
  }
  return first && { processor: first.processor, id: first.id };
}

export function findOrderReference(text: string): string | null {
  for (const pattern of ORDER_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return m[1]!;
  }
  return null;
}

/** The case a message replies to: In-Reply-To, then References (latest first), then the subject. */
export function findRepliedCase(message: Pick<IntakeText, 'subject' | 'inReplyTo' | 'references'>): string | null {
  const ids = [...(message.inReplyTo ?? []), ...[...(message.references ?? [])].reverse()];
  for (const id of ids) {
    const m = CASE_MESSAGE_ID.exec(id);
    if (m && CASE_ID_PATTERN.test(m[1]!)) return m[1]!;
  }
  const inSubject = CASE_IN_SUBJECT.exec(message.subject ?? '');
  const caseId = inSubject ? `DSP-${inSubject[1]!.toUpperCase()}` : null;
  return caseId && CASE_ID_PATTERN.test(caseId) ? caseId : null;
}

const QUOTE_HEADER = /^(?:On\s.+wrote:|Le\s.+a\s+écrit\s?:|-{2,}\s*(?:Original Message|Message d'origine)\s*-{2,}|(?:From|De)\s?:\s.+@.+)\s*$/i;

/** The text a reply adds: up to the first "On ... wrote:" / "Le ... a écrit :" line, without `>` quoted lines. */
export function withoutQuotedText(text: string): string {
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (QUOTE_HEADER.test(line.trim())) break;
    if (!line.trimStart().startsWith('>')) kept.push(line);
  }
  const result = kept.join('\n').trim();
  return result || text.trim();
}

/**
 * Everything intake can derive from a customer's message, without I/O. Full card numbers are
 * redacted first, so no later step (nor the case) ever sees one.
 */
export function extractFromMessage(message: IntakeText, processors: readonly ProcessorName[]): Extraction {
  const subject = redactCardNumbers(message.subject ?? '');
  const text = redactCardNumbers(message.text);
  const cardNumberRemoved = subject !== (message.subject ?? '') || text !== message.text;
  const newText = withoutQuotedText(text);
  const own = `${subject}\n${newText}`;
  const amounts = findAmounts(own);
  return {
    transaction: findTransaction(own, processors) ?? findTransaction(text, processors),
    orderReference: findOrderReference(own) ?? findOrderReference(text),
    amount: amounts[0]?.amount ?? null,
    expectedAmount: amounts.find((a) => a.expected)?.amount ?? null,
    category: guessCategory(own),
    locale: guessLocale(own, message.contentLanguage),
    replyToCaseId: findRepliedCase(message),
    subject,
    text,
    newText,
    cardNumberRemoved,
  };
}

import { z } from 'zod';
import { containsCardNumber, isProcessorReference } from '../domain/card-numbers';
import { CASE_ID_PATTERN } from '../domain/ids';
import { CATEGORIES, LOCALES, PROCESSORS, type ProcessorName } from '../domain/vocabulary';

/** The reason a chat field with a full card number is refused; a chat UI can show it at once. */
export const CARD_NUMBER_REASON = 'holds a full card number; Loop never stores one (the last four digits are enough)';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Text the customer (or their chat) typed, identifiers included, that must never carry a full card number; the refusal is marked so the API can answer CARD_NUMBER_REFUSED. */
const customerText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((t) => !containsCardNumber(t), { message: CARD_NUMBER_REASON, params: { cardNumber: true } });

/**
 * A processor reference: one in its processor's format is taken as issued (a `tx_` hex id or an
 * Adyen PSP reference may hold a Luhn-passing run); else a card number pasted into it is refused
 * as one, not as a badly formed reference.
 */
function checkTransactionReference({ processor, id }: { processor: ProcessorName; id: string }, ctx: z.RefinementCtx) {
  if (isProcessorReference(processor, id)) return;
  if (containsCardNumber(id)) {
    ctx.addIssue({ code: 'custom', path: ['id'], message: CARD_NUMBER_REASON, params: { cardNumber: true } });
  } else if (!/^[A-Za-z0-9][A-Za-z0-9_\-.:]{0,127}$/.test(id)) {
    ctx.addIssue({ code: 'custom', path: ['id'], message: 'must be the processor reference (letters, digits, _ - . :)' });
  }
}

/** The chat intake body, for the processors this deployment accepts. Strict: unknown fields are refused. */
export function chatIntakeSchema(processors: readonly ProcessorName[] = PROCESSORS) {
  return z.strictObject({
    customer: z.strictObject({
      id: customerText(64),
      email: z.email('must be an e-mail address').max(254),
      locale: z.enum(LOCALES),
    }),
    transcript: z
      .array(
        z.strictObject({
          from: z.enum(['customer', 'agent', 'bot']),
          at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
          text: customerText(5000),
        }),
      )
      .min(1, 'must hold at least one message')
      .max(500)
      .refine((t) => t.some((m) => m.from === 'customer'), 'must hold at least one message from the customer'),
    report: z.strictObject({
      category: z.enum(CATEGORIES).optional(),
      transaction: z
        .strictObject({
          processor: z.enum(PROCESSORS).refine((p) => processors.includes(p), `this deployment accepts ${processors.join(', ')}`),
          id: z.string(),
        })
        .superRefine(checkTransactionReference)
        .optional(),
      orderReference: customerText(64).optional(),
      expectedAmount: z
        .strictObject({
          amountMinor: z.number().int('must be a whole number of minor units (cents), not a decimal').nonnegative().max(Number.MAX_SAFE_INTEGER),
          currency: z.string().refine((c) => /^[A-Z]{3}$/.test(c) && KNOWN_CURRENCIES.has(c), 'must be an ISO 4217 code such as EUR'),
        })
        .optional(),
      description: customerText(5000).optional(),
    }),
    /** Set when the chat continues an open case: the messages join it as information. */
    caseId: z.string().regex(CASE_ID_PATTERN, 'must be a case number such as DSP-0123456789').optional(),
  });
}

/** The chat intake body with every processor allowed (the API narrows it to the deployment's). */
export const ChatIntakeSchema = chatIntakeSchema();
export type ChatIntake = z.infer<typeof ChatIntakeSchema>;

/** True when every problem of a refused chat is a card number (the API answers CARD_NUMBER_REFUSED, not INVALID_INPUT). */
export function onlyCardNumbers(error: z.ZodError): boolean {
  return error.issues.length > 0 && error.issues.every((i) => i.code === 'custom' && (i as { params?: { cardNumber?: boolean } }).params?.cardNumber === true);
}

/** The customer's side of a chat as one text, for extraction and the case description. */
export function customerTextOf(chat: ChatIntake): string {
  const said = chat.transcript.filter((m) => m.from === 'customer').map((m) => m.text);
  return [chat.report.description, ...said].filter((t): t is string => Boolean(t)).join('\n\n');
}

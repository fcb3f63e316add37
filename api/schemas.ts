import { z } from 'zod';
import { CATEGORIES, DECISION_ACTIONS, DISPUTE_STATUSES, LIABILITIES, LOCALES, NOTE_MAX_CHARS, ORIGINS, PROCESSOR_ANSWER_OUTCOMES, PROCESSORS, CHANNELS, type ProcessorName } from '../domain/vocabulary';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const MoneySchema = z.strictObject({
  amountMinor: z.number().int('must be a whole number of minor units (cents), not a decimal').nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().refine((c) => /^[A-Z]{3}$/.test(c) && KNOWN_CURRENCIES.has(c), 'must be an ISO 4217 code such as EUR'),
});

/** A processor reference: starts with a letter or digit (so never `.` or `..` in a URL path). */
const TransactionIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_\-.:]{0,127}$/, 'must be the processor reference (letters, digits, _ - . :)');

/** The latest calendar date anywhere on Earth now (UTC+14): a customer's "today" is never refused as the future. */
const latestDateOnEarth = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** The report body of `POST /v1/disputes`, for the processors this deployment accepts. */
export function reportSchema(processors: readonly ProcessorName[]) {
  return z.strictObject({
    customer: z.strictObject({
      id: text(64),
      email: z.email('must be an e-mail address').max(254),
      locale: z.enum(LOCALES),
    }),
    channel: z.enum(CHANNELS),
    category: z.enum(CATEGORIES),
    transaction: z.strictObject({
      processor: z.enum(PROCESSORS).refine((p) => processors.includes(p), `this deployment accepts ${processors.join(', ')}`),
      id: TransactionIdSchema,
    }),
    description: text(5000),
    expectedAmount: MoneySchema.optional(),
    believedChargedOn: z.iso
      .date('must be a date such as 2026-10-01')
      .refine((d) => d <= latestDateOnEarth(), 'must not be in the future')
      .optional(),
  });
}

export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 visible ASCII characters').optional();

/**
 * An agent's decision; who decides comes from the credential, so `agentId` and `role` are unknown fields here.
 * `reason` is internal (agents only): EXPLAIN's customer wording comes from the liability rule.
 */
export const DecisionSchema = z
  .strictObject({
    action: z.enum(DECISION_ACTIONS),
    amount: MoneySchema.optional(),
    reason: text(2000),
    question: text(2000).optional(),
  })
  .superRefine((d, ctx) => {
    const movesMoney = d.action === 'REFUND' || d.action === 'ACCOUNT_CREDIT';
    if (movesMoney && !d.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: `is required for ${d.action}` });
    if (!movesMoney && d.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: `must be left out: ${d.action} moves no money` });
    if (d.action === 'REQUEST_INFO' && !d.question) ctx.addIssue({ code: 'custom', path: ['question'], message: 'is required for REQUEST_INFO: what to ask the customer' });
    if (d.amount && d.amount.amountMinor === 0) ctx.addIssue({ code: 'custom', path: ['amount', 'amountMinor'], message: 'must be above zero' });
  });

/** The processor's answer to an inquiry, as an agent records it; who recorded it comes from the credential. */
export const ProcessorAnswerSchema = z.strictObject({
  outcome: z.enum(PROCESSOR_ANSWER_OUTCOMES),
  text: text(5000),
});

export const SatisfactionSchema = z.strictObject({
  satisfied: z.boolean(),
  comment: z.string().trim().max(2000).optional(),
});

export const InformationSchema = z.strictObject({
  message: text(5000),
  transactionId: TransactionIdSchema.optional(),
});

/** `PUT /v1/disputes/:id/assignee`: whom the case goes to, or null for nobody; who assigns comes from the credential. */
export const AssigneeSchema = z.strictObject({
  assignee: z.string().trim().min(1, 'must not be empty (null unassigns)').max(128, 'must be at most 128 characters').nullable(),
});

/** `POST /v1/disputes/:id/notes`: an internal note for the agents, never shown to the customer; its author comes from the credential. */
export const NoteSchema = z.strictObject({ text: text(NOTE_MAX_CHARS) });

export const WithdrawalSchema = z.strictObject({ reason: z.string().trim().max(2000).optional() });

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a calendar date');
const instant = z.string().refine((t) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t) && !Number.isNaN(Date.parse(t)), 'must be an ISO-8601 date or time, e.g. 2026-12-04 or 2026-12-04T12:00:00Z').transform((t) => new Date(t).toISOString());

/** `GET /v1/disputes`: the queues over the case records. `status` takes one status or several, comma-separated. */
export const ListQuerySchema = z.strictObject({
  status: z
    .string()
    .transform((text, ctx) => {
      const statuses = text.split(',').map((v) => v.trim()).filter(Boolean);
      const unknown = statuses.filter((v) => !(DISPUTE_STATUSES as readonly string[]).includes(v));
      if (statuses.length === 0 || unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `${unknown.length ? `"${unknown[0]}" is not a status; ` : ''}must be one or more of ${DISPUTE_STATUSES.join(', ')}, comma-separated` });
        return z.NEVER;
      }
      return statuses as (typeof DISPUTE_STATUSES)[number][];
    })
    .optional(),
  category: z.enum(CATEGORIES).optional(),
  processor: z.enum(PROCESSORS).optional(),
  channel: z.enum(ORIGINS).optional(),
  liability: z.enum(LIABILITIES).optional(),
  slaBreached: boolParam.optional(),
  escalated: boolParam.optional(),
  assignee: z.string().min(1).max(128).optional(),
  due_before: instant.optional(),
  q: z.string().trim().min(1, 'must not be empty').max(254, 'must be at most 254 characters').optional(),
  sort: z.enum(['due', 'opened', 'amount']).default('due'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});

/** A reporting period: whole days in Loop's time zone, at most about three years. */
const period = {
  from: isoDate,
  to: isoDate,
};
const checkPeriod = (p: { from: string; to: string }, ctx: z.RefinementCtx) => {
  if (p.from > p.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (Date.parse(p.to) - Date.parse(p.from) > 1100 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the period may span at most 1,100 days' });
};

export const SummaryQuerySchema = z.strictObject({ ...period, groupBy: z.enum(['category', 'processor', 'liability', 'channel', 'rule', 'week']).optional() }).superRefine(checkPeriod);
export const CsvQuerySchema = z.strictObject(period).superRefine(checkPeriod);

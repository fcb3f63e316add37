import { z } from 'zod';

/**
 * What the sandbox's own requests take. Each schema validates the body and, through
 * `describeOptions`, is the list `GET /` shows: a description (and, where the sandbox fills a
 * value in at run time, `fallback`) lives on every field, so the list cannot drift from the check.
 */

const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
const minor = () => z.number().int().positive();
const daysAgo = () => z.number().nonnegative().max(3650);

/** A date given either way, never both: `createdAt` (ISO 8601) or `daysAgo` (before now). */
function oneDate(value: { createdAt?: string | undefined; daysAgo?: number | undefined }, ctx: z.RefinementCtx) {
  if (value.createdAt !== undefined && value.daysAgo !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['daysAgo'], message: 'give createdAt or daysAgo, not both' });
  }
}

export const SANDBOX_ORDER_STATUSES = ['paid', 'shipped', 'delivered', 'cancelled', 'returned'] as const;

const SeededRefundSchema = z
  .strictObject({
    amountMinor: minor().meta({ description: 'Amount refunded, in minor units of the charge\'s currency.' }),
    status: z
      .enum(['succeeded', 'pending', 'failed'])
      .default('succeeded')
      .meta({ description: 'succeeded: settled (the money went back); pending: not settled yet; failed: returned nothing.' }),
    createdAt: z.iso.datetime().optional().meta({ description: 'When the refund was made (ISO 8601, UTC).', fallback: 'now' }),
    daysAgo: daysAgo().optional().meta({ description: 'When the refund was made, in days before now (instead of createdAt); 3 = three days ago.' }),
  })
  .superRefine(oneDate);

export const NewTransactionSchema = z
  .strictObject({
    amountMinor: minor().meta({ description: 'What the processor captured (each capture), in minor units: 8999 = 89.99.' }),
    currency: CurrencySchema.meta({ description: 'The charge\'s currency (ISO 4217).' }),
    createdAt: z.iso.datetime().optional().meta({
      description: 'The processor\'s date of the charge (ISO 8601, UTC): the 60-day reporting window counts from it.',
      fallback: 'now, or the oldest seeded refund\'s date when that is earlier',
    }),
    daysAgo: daysAgo().optional().meta({ description: 'The charge\'s date in days before now (instead of createdAt); 61 = outside the window.' }),
    orderId: z.string().min(1).max(64).optional().meta({
      description: 'The order the charge pays for. A second charge with the same orderId (and no orderTotalMinor) pays that order again.',
      fallback: 'a new ord_… id when orderTotalMinor is given, else none',
    }),
    orderTotalMinor: z.number().int().nonnegative().optional().meta({
      description: 'Creates the order record with this total (what Loop meant to charge); without it there is no order record.',
    }),
    orderCurrency: CurrencySchema.optional().meta({
      description: 'The order\'s own currency; one other than the charge\'s means the amounts cannot be compared.',
      fallback: 'the charge\'s currency',
    }),
    orderStatus: z.enum(SANDBOX_ORDER_STATUSES).default('paid').meta({ description: 'Where the order stands in Loop\'s shop, e.g. cancelled.' }),
    captureCount: z.number().int().min(1).max(5).default(1).meta({ description: 'How many times the amount was captured: 2 = a duplicate capture.' }),
    requestedAmountMinor: minor().optional().meta({
      description: 'What Loop asked the processor to charge, when it captured something else (amountMinor).',
      fallback: 'amountMinor',
    }),
    declineCode: z.string().min(1).max(64).optional().meta({
      description: 'A declined payment (nothing captured) with this code, e.g. incorrect_cvc (the customer\'s details) or insufficient_funds.',
    }),
    authentication: z
      .enum(['three_d_secure', 'none'])
      .default('none')
      .meta({ description: 'three_d_secure: the card holder\'s bank authenticated the payment (strong authentication).' }),
    refundSettlement: z
      .enum(['immediate', 'pending'])
      .default('immediate')
      .meta({ description: 'How refunds the system issues settle: pending ones wait for POST /v1/refunds/:id/settle.' }),
    refunds: z.array(SeededRefundSchema).max(10).default([]).meta({
      description: 'Refunds already made on the charge, e.g. [{"amountMinor": 8999, "daysAgo": 3}] for a settled refund from three days ago.',
    }),
    customer: z
      .strictObject({
        id: z.string().min(1).meta({ description: 'The customer\'s account id (security incidents name accounts).' }),
        email: z.email().meta({ description: 'Where the customer is written to.' }),
        locale: z.enum(['fr', 'en']).meta({ description: 'The customer\'s language.' }),
      })
      .optional()
      .meta({ description: 'The customer the order record names (needs orderTotalMinor).' }),
    promisedRefunds: z
      .array(
        z.strictObject({
          amountMinor: minor().meta({ description: 'The refund Loop promised, in minor units.' }),
          reference: z.string().min(1).meta({ description: 'Loop\'s reference for the promise, e.g. RMA-9.' }),
        }),
      )
      .max(10)
      .default([])
      .meta({ description: 'Refunds Loop promised on the order (needs orderTotalMinor); one the processor does not have is owed.' }),
  })
  .superRefine((tx, ctx) => {
    oneDate(tx, ctx);
    if (tx.orderTotalMinor !== undefined) return;
    for (const field of ['orderCurrency', 'customer'] as const) {
      if (tx[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'needs orderTotalMinor: only then is there an order record' });
    }
    if (tx.promisedRefunds.length > 0) ctx.addIssue({ code: 'custom', path: ['promisedRefunds'], message: 'needs orderTotalMinor: only then is there an order record' });
  });

/** What `createTransaction` takes: the body of `POST /v1/transactions`, defaults not yet applied. */
export type NewTransaction = z.input<typeof NewTransactionSchema>;

export const NewIncidentSchema = z.strictObject({
  startsAt: z.iso.datetime().meta({ description: 'When the incident began (ISO 8601, UTC).' }),
  endsAt: z.iso.datetime().meta({ description: 'When it ended; charges between the two fall inside it.' }),
  affectedAccounts: z
    .union([z.literal('all'), z.array(z.string().min(1)).min(1)])
    .meta({ description: '"all", or the customer account ids it exposed.' }),
  summary: z.string().min(1).max(500).meta({ description: 'What happened, for the agent.' }),
});

/** One option of a sandbox request, as `GET /` lists it. */
export interface OptionDoc {
  name: string;
  type: string;
  required: boolean;
  /** The value used when the option is left out (null: none). */
  default: unknown;
  description: string;
  /** The options of an object, or of each element of a list. */
  fields?: OptionDoc[];
}

type JsonSchema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  fallback?: string;
};

const FORMATS: Record<string, string> = { 'date-time': 'ISO 8601 date-time', date: 'date (YYYY-MM-DD)', email: 'e-mail address' };

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'array') {
    const size = s.maxItems === undefined ? '' : ` (at most ${s.maxItems})`;
    return `array${size} of ${s.items ? typeOf(s.items) : 'anything'}`;
  }
  if (s.type === 'integer' || s.type === 'number') {
    const bounds = [
      s.exclusiveMinimum === undefined ? null : `> ${s.exclusiveMinimum}`,
      s.minimum === undefined ? null : `≥ ${s.minimum}`,
      // Every integer option stops at the largest safe integer: not worth saying.
      s.maximum === undefined || s.maximum >= Number.MAX_SAFE_INTEGER ? null : `≤ ${s.maximum}`,
    ].filter(Boolean);
    return bounds.length ? `${s.type} ${bounds.join(', ')}` : s.type;
  }
  if (s.type === 'string' && s.format && FORMATS[s.format]) return FORMATS[s.format]!;
  if (s.type === 'string' && s.pattern) return `string matching ${s.pattern}`;
  if (s.type === 'string' && s.maxLength !== undefined) return `string of ${s.minLength ?? 0} to ${s.maxLength} characters`;
  return s.type ?? 'any';
}

function fieldsOf(s: JsonSchema): OptionDoc[] {
  return Object.entries(s.properties ?? {}).map(([name, p]) => {
    const nested = p.type === 'object' ? p : p.type === 'array' && p.items?.type === 'object' ? p.items : null;
    return {
      name,
      type: typeOf(p),
      required: (s.required ?? []).includes(name) && p.default === undefined,
      default: p.default ?? p.fallback ?? null,
      description: p.description ?? '',
      ...(nested ? { fields: fieldsOf(nested) } : {}),
    };
  });
}

/** Every option of an object schema (nested ones under `fields`), read from the schema itself. */
export function describeOptions(schema: z.ZodObject): OptionDoc[] {
  return fieldsOf(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema);
}

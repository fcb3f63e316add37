import { atLeastZero, formatMoney, subtract, sum, type Money } from './money';
import type { DisputeReport, Findings, Liability, OrderRecord, ProcessorTransaction, RecommendedAction } from './vocabulary';

/** The facts every rule reads, computed once from the findings. */
export interface Facts {
  report: DisputeReport;
  findings: Findings;
  tx: ProcessorTransaction;
  order: OrderRecord | null;
  captured: Money;
  refunded: Money;
  refundable: Money;
}

export interface RuleOutcome {
  amount: Money | null;
  reasons: string[];
  guidance: string | null;
}

/** One row of Loop's liability table: when it applies, who is liable, and what to do. */
export interface LiabilityRule {
  id: string;
  /** The finding, in plain words (the README's table is generated from these). */
  when: string;
  liability: Liability;
  action: RecommendedAction;
  /** Evidence strong enough to resolve without an agent, under the ceiling. */
  unambiguous: boolean;
  applies(f: Facts): boolean;
  outcome(f: Facts): RuleOutcome;
}

const en = (m: Money) => formatMoney(m, 'en');
const succeededRefunds = (tx: ProcessorTransaction) => tx.refunds.filter((r) => r.status === 'SUCCEEDED');
const orderComparable = (f: Facts) => f.order !== null && f.order.total.currency === f.tx.amount.currency;
const netCharged = (f: Facts) => subtract(f.captured, f.refunded);
const overOrder = (f: Facts) => atLeastZero(subtract(netCharged(f), f.order!.total));
const unfulfilledPromises = (f: Facts) =>
  (f.order?.promisedRefunds ?? []).filter(
    (p) => p.amount.currency === f.tx.amount.currency && !f.tx.refunds.some((r) => r.status !== 'FAILED' && r.amount.amountMinor === p.amount.amountMinor),
  );
/** Neither one capture per request (a duplicate is Loop's) nor captures adding up to the request (a split). */
const capturedOtherThanAsked = (f: Facts) => {
  const asked = f.tx.requestedAmount.amountMinor;
  const eachAsAsked = f.tx.captures.every((c) => c.amount.amountMinor === asked);
  return !eachAsAsked && f.captured.amountMinor !== asked;
};
/**
 * Earlier live payments of the same order, when together with this one they exceed the order
 * total: this (later) payment is the duplicate. The earliest payment is never the duplicate.
 */
const earlierPaymentsOfOrder = (f: Facts) => {
  if (!orderComparable(f)) return [];
  const earlier = f.findings.otherTransactionsForOrder.filter(
    (o) => o.netAmount.amountMinor > 0 && (o.createdAt < f.tx.createdAt || (o.createdAt === f.tx.createdAt && o.id < f.tx.id)),
  );
  const paid = earlier.reduce((s, o) => s + o.netAmount.amountMinor, 0) + netCharged(f).amountMinor;
  return paid > f.order!.total.amountMinor ? earlier : [];
};

/**
 * Loop's policy as an ordered table: the first rule that applies decides. Every row is a test
 * case in test/domain/assessment.test.ts, and the README's "How a case is decided" is generated from it.
 * (A missing transaction is decided before these rules run: see `assess`.)
 */
export const LIABILITY_RULES: readonly LiabilityRule[] = [
  {
    id: 'DECLINED_FOR_CUSTOMER_DETAILS',
    when: 'The payment was declined because of the payment details the customer entered',
    liability: 'CUSTOMER',
    action: 'ASSIST',
    unambiguous: false,
    applies: (f) => f.tx.declineReason === 'CUSTOMER_DETAILS',
    outcome: () => ({
      amount: null,
      reasons: ['The processor declined the payment because of the card details entered; no money was taken by Loop.'],
      guidance: 'Check the card number, expiry date and security code with your bank, then order again.',
    }),
  },
  {
    id: 'UNAUTHORIZED_IN_LOOP_INCIDENT',
    when: "Unauthorized, and inside a recorded Loop security incident affecting the customer's account",
    liability: 'MERCHANT',
    action: 'REFUND',
    unambiguous: false,
    applies: (f) => f.report.category === 'UNAUTHORIZED' && f.findings.incidents.length > 0,
    outcome: (f) => ({
      amount: f.refundable,
      reasons: [`The charge falls inside Loop security incident ${f.findings.incidents.map((i) => i.id).join(', ')}; Loop refunds it in full (${en(f.refundable)}).`],
      guidance: null,
    }),
  },
  {
    id: 'UNAUTHORIZED_STRONGLY_AUTHENTICATED',
    when: 'Unauthorized, strongly authenticated (3-D Secure), no Loop incident',
    liability: 'THIRD_PARTY',
    action: 'ASSIST',
    unambiguous: false,
    applies: (f) => f.report.category === 'UNAUTHORIZED' && f.tx.authentication.method === 'THREE_D_SECURE' && f.tx.authentication.outcome === 'AUTHENTICATED',
    outcome: () => ({
      amount: null,
      reasons: ['The payment was confirmed with 3-D Secure by the card holder\'s bank and no Loop security incident covers it: fraud not tied to Loop\'s security.'],
      guidance: 'Report the fraud to your bank (card issuer), which can dispute the charge; Loop will give it the transaction details on request.',
    }),
  },
  {
    id: 'UNAUTHORIZED_UNCLEAR',
    when: 'Unauthorized, not strongly authenticated, no Loop incident',
    liability: 'UNDETERMINED',
    action: 'REQUEST_INFORMATION',
    unambiguous: false,
    applies: (f) => f.report.category === 'UNAUTHORIZED',
    outcome: () => ({ amount: null, reasons: ['No Loop incident covers the charge and it was not strongly authenticated; the facts are unclear.'], guidance: null }),
  },
  {
    id: 'PROCESSOR_CHARGED_OTHER_AMOUNT',
    when: 'The processor charged other than what Loop asked for',
    liability: 'THIRD_PARTY',
    action: 'ASSIST',
    unambiguous: false,
    applies: (f) => f.tx.captures.length > 0 && capturedOtherThanAsked(f),
    outcome: (f) => ({
      amount: null,
      reasons: [`Loop asked the processor for ${en(f.tx.requestedAmount)} but it captured ${en(f.captured)}; Loop raises it with the processor.`],
      guidance: 'Loop has raised the difference with its payment processor and will tell you the outcome.',
    }),
  },
  {
    id: 'DUPLICATE_CAPTURE',
    when: 'The same order captured twice',
    liability: 'MERCHANT',
    action: 'REFUND',
    unambiguous: true,
    applies: (f) => earlierPaymentsOfOrder(f).length > 0 || (f.tx.captures.length > 1 && orderComparable(f) && overOrder(f).amountMinor > 0),
    outcome: (f) => {
      const other = earlierPaymentsOfOrder(f);
      const paidBefore = other.reduce((s, o) => s + o.netAmount.amountMinor, 0);
      const excess = paidBefore + netCharged(f).amountMinor - f.order!.total.amountMinor;
      const amount = other.length > 0 ? { amountMinor: Math.min(f.refundable.amountMinor, excess), currency: f.refundable.currency } : overOrder(f);
      const what = other.length > 0 ? `Order ${f.tx.orderId} was also paid by ${other.map((o) => o.id).join(', ')}` : `Order ${f.tx.orderId} was captured ${f.tx.captures.length} times`;
      return { amount, reasons: [`${what}; Loop refunds the duplicate (${en(amount)}).`], guidance: null };
    },
  },
  {
    id: 'CHARGED_MORE_THAN_ORDER',
    when: 'Charged more than the invoice / order total',
    liability: 'MERCHANT',
    action: 'REFUND',
    unambiguous: true,
    applies: (f) => orderComparable(f) && overOrder(f).amountMinor > 0,
    outcome: (f) => ({
      amount: overOrder(f),
      reasons: [`Charged ${en(netCharged(f))} net of refunds for order ${f.order!.id}, whose total is ${en(f.order!.total)}; Loop refunds the difference (${en(overOrder(f))}).`],
      guidance: null,
    }),
  },
  {
    id: 'PROMISED_REFUND_NOT_ISSUED',
    when: 'A refund Loop promised was never issued',
    liability: 'MERCHANT',
    action: 'REFUND',
    unambiguous: false,
    applies: (f) => unfulfilledPromises(f).length > 0,
    outcome: (f) => {
      const amount = sum(unfulfilledPromises(f).map((p) => p.amount), f.tx.amount.currency);
      return { amount, reasons: [`Loop promised refund ${unfulfilledPromises(f).map((p) => p.reference).join(', ')} (${en(amount)}) and the processor has no such refund.`], guidance: null };
    },
  },
  {
    id: 'REFUND_SETTLED_NOT_SEEN',
    when: 'Refund issued and settled at the processor, not yet seen by the customer',
    liability: 'THIRD_PARTY',
    action: 'ASSIST',
    unambiguous: false,
    applies: (f) => f.report.category === 'REFUND_NOT_RECEIVED' && succeededRefunds(f.tx).length > 0,
    outcome: (f) => {
      const refs = succeededRefunds(f.tx).map((r) => `${r.id} (${en(r.amount)}, ${r.createdAt.slice(0, 10)})`);
      return {
        amount: null,
        reasons: [`The processor settled refund ${refs.join(', ')}; the money is with the customer's bank.`],
        guidance: `Give your bank the refund reference ${succeededRefunds(f.tx).map((r) => r.id).join(', ')}; refunds can take up to 10 business days to appear.`,
      };
    },
  },
  {
    id: 'NO_ORDER_RECORD',
    when: 'No order record to compare the charge with, or one in another currency',
    liability: 'UNDETERMINED',
    action: 'REVIEW',
    unambiguous: false,
    applies: (f) => !orderComparable(f),
    outcome: (f) => ({
      amount: null,
      reasons: [f.order ? `The order is in ${f.order.total.currency} but the charge is in ${f.tx.amount.currency}; an agent must compare them.` : 'No order record matches this transaction; the amount Loop meant to charge is unknown.'],
      guidance: null,
    }),
  },
  {
    id: 'NO_DISCREPANCY_FOUND',
    when: 'The charge matches the order and nothing else is found (facts unclear)',
    liability: 'UNDETERMINED',
    action: 'REQUEST_INFORMATION',
    unambiguous: false,
    applies: () => true,
    outcome: () => ({ amount: null, reasons: ['The amount charged, net of refunds, matches the order and no other finding explains the report.'], guidance: null }),
  },
];

/** The README's "How a case is decided" table, generated from the rules so it cannot drift. */
export function liabilityTableMarkdown(): string {
  const rows = [
    ['The processor has no transaction with the reported reference', 'UNDETERMINED', 'REQUEST_INFORMATION (the case asks the customer itself)', 'no'],
    ...LIABILITY_RULES.map((r) => [r.when, r.liability, r.action, r.unambiguous ? 'yes, under the ceiling' : 'no']),
  ];
  return [
    '| # | finding (first that applies) | liability | recommended action | automatic? |',
    '|---|---|---|---|---|',
    ...rows.map((r, i) => `| ${i + 1} | ${r.join(' | ')} |`),
  ].join('\n');
}
